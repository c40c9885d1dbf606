"""`make bench`: extraction speed and memory, against spaCy's bare tokenizer on the same texts.

Measured here, never asserted in tests. Articles per second are per core: the benchmark runs in one process
on one thread. Inputs: the project's test corpus, the shared seed articles (repeated) and the real
development set's cached texts (`tools/realdev.py`) where they exist.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

from bench import crawl as bench_crawl
from bench import fidelity, ratios, startup
from bench import store as bench_store
from extractors.facts.extract import default_extractor
from extractors.pages.text_article import article_from_text
from models import Article
from pantau.paths import ROOT

CORPUS = ROOT / "tests" / "corpus" / "articles"
SEEDS = ROOT.parent / "shared" / "seeds"
REALDEV = Path(os.environ.get("PANTAU_REALDEV_TEXTS", Path.home() / ".cache" / "pantau" / "realdev"))


def _articles(folder: Path) -> list[Article]:
    return [article_from_text(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def _rate(label: str, articles: list[Article], repeat: int) -> None:
    extractor = default_extractor()
    texts = [f"{a.title}\n\n{a.body}" for a in articles] * repeat
    batch = articles * repeat
    start = time.perf_counter()
    for _ in extractor.nlp.tokenizer.pipe(texts):
        pass
    tokenize = time.perf_counter() - start
    start = time.perf_counter()
    facts = sum(len(extractor.extract(a).facts) for a in batch)
    full = time.perf_counter() - start
    chars = sum(len(t) for t in texts)
    print(f"{label}: {len(batch)} articles ({chars / len(batch):.0f} chars each), {facts} facts")
    print(f"  spaCy tokenizer alone: {len(batch) / tokenize:8.1f} articles/s per core")
    print(f"  full extraction:       {len(batch) / full:8.1f} articles/s per core "
          f"({full / tokenize:.1f}x the tokenizer's time, {full / len(batch) * 1000:.1f} ms/article)")


def main() -> int:
    start = time.perf_counter()
    extractor = default_extractor()
    extractor.extract(Article(title="warm-up", body="Kabupaten Lebong meraih nilai 92 tahun 2023."))
    print(f"pipeline build (gazetteer, rulers): {time.perf_counter() - start:.2f} s")
    corpus = _articles(CORPUS)
    _rate("test corpus", corpus, repeat=4)
    if SEEDS.is_dir():
        _rate("shared seeds x40", _articles(SEEDS), repeat=40)
    if REALDEV.is_dir() and any(REALDEV.glob("*.txt")):
        _rate("real development set (cached texts) x2", _articles(REALDEV), repeat=2)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory (max RSS): {rss / 1024:.0f} MiB")
    bench_crawl.main()
    bench_store.main()
    print(fidelity.report())
    print(ratios.report())
    print(startup.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
