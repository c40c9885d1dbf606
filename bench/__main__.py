"""`make bench`: extraction speed and memory, against spaCy's bare tokenizer on the same texts; then the
crawler, the store, fidelity, the stage ratios, start-up, and whole `pantau run`s over 1,000 and 5,000 local articles.

Measured here, never asserted in tests. Articles per second are per core: the benchmark runs in one process
on one thread. Inputs: the project's test corpus, the shared seed articles (repeated) and the real
development set's cached texts (`tools/realdev.py`) where they exist. Each part says how long it took, so
that the whole stays under its budget of 10 minutes on the 2-core machine.

    python -m bench              # everything (`make bench`)
    python -m bench run [N ...]  # only whole `pantau run`s, at 1,000 and 5,000 articles unless N are given
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

from bench import crawl as bench_crawl
from bench import fidelity, ratios, startup
from bench import run as bench_run
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


# The whole run at 1,000 and 5,000 articles (the 5,000 takes about 3 minutes; `make bench` about 7 in all), and
# the stage ratios over 3 runs, not 5 (`python -m bench.ratios` alone still takes 5), to stay under 10.
DEFAULT_RUN_SIZES = (1000, 5000)
RATIO_RUNS = 3


def _part(label: str, began: float) -> float:
    """Print how long a part took; the time the next one starts."""
    now = time.perf_counter()
    print(f"[bench: {label} took {now - began:.0f} s]", flush=True)
    return now


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["run"]:
        return bench_run.main(args[1:])
    began = start = time.perf_counter()
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
    at = _part("extraction", began)
    bench_crawl.main()
    at = _part("crawl", at)
    bench_store.main()
    at = _part("store", at)
    print(fidelity.report())
    at = _part("fidelity", at)
    print(ratios.report(RATIO_RUNS))
    at = _part("ratios", at)
    print(startup.report())
    at = _part("start-up", at)
    print(bench_run.report(DEFAULT_RUN_SIZES))
    _part("whole run", at)
    _part("make bench, in all", began)
    return 0


if __name__ == "__main__":
    sys.exit(main())
