"""Issue 17's ratios: each stage timed against the tool a user would pick instead, in the same run, on pages as
heavy as news pages are.

The pages are the corpus's stories in the three CMS shapes (`pantau.demo.sample_pages`), each wrapped in the
chrome a real news page carries around its story, generated here: a mega-menu, trending and related lists, a
comment thread, inline scripts and styles, a footer of links. That brings each page to 50-150 KB, as the
regional sites' pages are. Every figure is a ratio (anchor's time / ours, so above 1.0 means faster than the
anchor), the median of `RUNS` runs with their min-max, so a busy machine moves both sides alike. Each run
times every stage and every anchor once, one after another (trafilatura, the anchor of two stages, once).

    python -m bench.ratios
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import spacy
import trafilatura
from bs4 import BeautifulSoup

from bench.crawl import CORPUS, SITES
from extractors.facts.extract import default_extractor
from extractors.pages.html_article import article_from_html
from models import Article
from pantau.demo.sample_pages import PAGE_RENDERERS, articles_from_texts
from pantau.ops.config import load_profiles

RUNS = 5
_WORDS = ("pemerintah", "daerah", "warga", "pelayanan", "kabupaten", "kota", "dinas", "program", "anggaran",
          "jalan", "sekolah", "rumah", "sakit", "pasar", "banjir", "bantuan", "kegiatan", "rapat", "bupati", "wali",
          "camat", "desa", "kelurahan", "nagari", "olahraga", "budaya", "festival", "harga", "beras", "cabai",
          "listrik", "air", "bersih", "jembatan", "pelabuhan", "bandara")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."


def _chrome(rng: random.Random) -> tuple[str, str]:
    """What a news page puts before and after its story: generated, so no real site's markup is copied."""
    menu = "".join(f'<li><a href="/kanal/{i}">{rng.choice(_WORDS).title()}</a><ul>'
                   + "".join(f'<li><a href="/kanal/{i}/{j}">{rng.choice(_WORDS)}</a></li>' for j in range(12))
                   + "</ul></li>" for i in range(18))
    trending = "".join(f'<li><a href="/read/{rng.randrange(10**5)}/x"><img src="/t/{i}.jpg" alt="">'
                       f"{_sentence(rng, 9)}</a></li>" for i in range(15))
    script = "<script>" + "".join(f"var w{i}={{id:{i},s:'{rng.choice(_WORDS)}',n:[{i},{i * 7},{i * 13}]}};"
                                  for i in range(700)) + "</script>"
    style = "<style>" + "".join(f".c{i}{{margin:{i % 9}px;color:#{i:06x}}}" for i in range(500)) + "</style>"
    comments = "".join(f'<div class="comment"><b>Pembaca {i}</b><p>{_sentence(rng, 28)}</p></div>'
                       for i in range(40))
    footer = "".join(f'<a href="/p/{i}">{rng.choice(_WORDS)}</a> ' for i in range(160))
    before = f"{style}{script}<header><nav class=\"mega-menu\"><ul>{menu}</ul></nav></header>" \
             f"<aside class=\"trending\"><ul>{trending}</ul></aside>"
    after = f"<section class=\"comments\">{comments}</section><aside class=\"related\"><ul>{trending}</ul></aside>" \
            f"<footer>{footer}</footer>{script}"
    return before, after


def heavy_pages() -> list[tuple[dict[str, Any], str]]:
    start = datetime.fromisoformat("2026-11-02T08:00:00+07:00")
    articles = articles_from_texts(sorted(CORPUS.glob("*.txt")), SITES, start)
    rng = random.Random(17)
    return [(a, with_chrome(PAGE_RENDERERS[a["family"]]({**a, "page": 1, "total": 1}), rng)) for a in articles]


def with_chrome(html: str, rng: random.Random) -> str:
    """A sample page (`pantau.demo.sample_pages`) with generated chrome around its story, inside its body: the
    weight a real news page carries (also `bench.run`'s pages)."""
    before, after = _chrome(rng)
    open_body = html.index(">", html.index("<body")) + 1
    close_body = html.rindex("</body>")
    return html[:open_body] + before + html[open_body:close_body] + after + html[close_body:]


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _runs(funcs: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Each function's seconds in each of `runs` runs. A run times every function once, one after another, so
    an anchor is timed next to ours in the same run, and one that anchors two stages is timed once for both."""
    for func in funcs.values():
        func()                                           # warm: caches, lazily built pipelines
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(runs):
        for name, func in funcs.items():
            times[name].append(_timed(func))
    return times


def _ratio(times: dict[str, list[float]], ours: str, anchor: str) -> tuple[float, float, float, float]:
    """Median, min and max of anchor/ours run by run, and our median seconds."""
    ratios = [a / o for o, a in zip(times[ours], times[anchor], strict=True)]
    return statistics.median(ratios), min(ratios), max(ratios), statistics.median(times[ours])


def measure(runs: int = RUNS) -> list[tuple[str, str, tuple[float, float, float, float], float]]:
    """(what, against what, (median, min, max, our seconds), target) for each stage, over `runs` runs."""
    pages = heavy_pages()
    profiles = load_profiles()
    extractor = default_extractor()
    selectors = {name: ", ".join(p.body) for name, p in profiles.items() if p.body}

    def ours_html() -> list[Article]:
        return [article_from_html(html, url=f"https://{a['host']}{a['path']}", profile=profiles[a["family"]])
                for a, html in pages]

    def ours_html_to_facts() -> int:
        return sum(len(extractor.extract(article).facts) for article in ours_html())

    def trafilatura_bare() -> list[str | None]:
        return [trafilatura.extract(html) for _, html in pages]

    def css_selection() -> list[str]:
        out = []
        for a, html in pages:
            node = BeautifulSoup(html, "lxml").select_one(selectors[a["family"]])
            out.append(node.get_text("\n") if node else "")
        return out

    articles = ours_html()
    sentencizer = spacy.blank("id")
    sentencizer.add_pipe("sentencizer")
    texts = [f"{a.title}\n\n{a.body}" for a in articles]

    def tokenise() -> int:
        return sum(len(doc) for doc in sentencizer.pipe(texts))

    def text_to_facts() -> int:
        return sum(len(extractor.extract(a).facts) for a in articles)

    times = _runs({"html_to_facts": ours_html_to_facts, "html": ours_html, "trafilatura": trafilatura_bare,
                   "css": css_selection, "text_to_facts": text_to_facts, "tokenise": tokenise}, runs)
    return [
        ("HTML -> facts", "trafilatura.extract (bare)", _ratio(times, "html_to_facts", "trafilatura"), 1.0),
        ("HTML -> article", "trafilatura.extract (bare)", _ratio(times, "html", "trafilatura"), 1.0),
        ("HTML -> article", "bs4 + lxml CSS selection of the body", _ratio(times, "html", "css"), 0.0),
        ("text -> facts", "spaCy blank id tokenizer + sentencizer", _ratio(times, "text_to_facts", "tokenise"), 0.33),
    ]


def report(runs: int = RUNS) -> str:
    """The ratios over `runs` runs (`make bench` takes fewer than `RUNS`, to stay within its 10 minutes)."""
    pages = heavy_pages()
    sizes = sorted(len(html.encode()) for _, html in pages)
    lines = [f"ratios against the tool a user would pick instead ({len(pages)} pages of "
             f"{sizes[0] / 1024:.0f}-{sizes[-1] / 1024:.0f} KB, median of {runs} runs; above 1.0 is faster):"]
    for what, anchor, (median, low, high, seconds), target in measure(runs):
        mark = "" if not target else ("  target met" if median >= target else f"  target {target:.2f}x missed")
        lines.append(f"  {what:<16} vs {anchor:<40} {median:5.2f}x ({low:.2f}-{high:.2f}) "
                     f"ours {seconds / len(pages) * 1000:6.1f} ms/page{mark}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
