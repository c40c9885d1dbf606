"""The crawler's side of `make bench`: its own overhead, its politeness bound, and the page profiles
against trafilatura, on a five-site copy of the corpus served over real HTTP on 127.0.0.1.

- Zero delay: every article page of five sites fetched (robots.txt, then pages, raw store writes), sites
  side by side as a nightly run crawls them. Pages per second is what the crawler itself costs.
- A 1 s delay: five pages on each of the five sites. Hosts are crawled in parallel, so the politeness bound
  is the busiest host's request count less one, times the delay; the wall time should sit just above it.
- Profiles vs trafilatura: for each page, the share of the story's paragraphs found in the extracted body
  (recall), and the share of body paragraphs that belong to the story (precision).
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from extractors.crawl.discover import parse_sitemap
from extractors.crawl.fetch import Fetcher, HostMirrorTransport
from extractors.crawl.fetch_pages import fetch_links
from extractors.crawl.inflate import Inflater, Overflow
from extractors.crawl.politeness import HostGate, RobotsCache
from extractors.pages.html_article import EmptyArticle, article_from_html
from models import Link
from models.profiles import Profile
from pantau.demo.sample_pages import articles_from_texts, build_site, gzip_bomb
from pantau.demo.sample_site import SampleSite
from pantau.ops.config import load_profiles, load_sources
from pantau.paths import ROOT
from pantau.store.raw import RawStore

CORPUS = ROOT / "tests" / "corpus" / "articles"
RUNS = 3
SITES = [("koranrb.id", "disway", 25), ("radarselatan.bacakoran.co", "disway", 25),
         ("belitung.tribunnews.com", "tribun", 25), ("langgam.id", "wordpress", 25),
         ("bengkuluekspress.disway.id", "disway", 25)]


def _crawl(server: SampleSite, articles: list[dict[str, Any]], delay: float, raw: RawStore) -> float:
    """Fetch the given articles, each source in its own thread over one shared gate; the wall time."""
    profiles = load_profiles()
    sources = {h: s for s in load_sources(profiles=profiles) for h in s.hosts}
    gate, robots = HostGate(), RobotsCache()
    by_source: dict[str, list[Link]] = {}
    for a in articles:
        url = f"https://{a['host']}{a['path']}"
        by_source.setdefault(a["host"], []).append(Link(url, sources[a["host"]].id, "bench"))

    def run(host: str, links: list[Link]) -> None:
        source = sources[host]
        with Fetcher.for_source(source, delay_seconds=delay, gate=gate, robots=robots, raw_put=raw.put,
                                transport=HostMirrorTransport(server.base_url)) as fetcher:
            fetch_links(source, links, fetcher, profiles[source.profile])

    return _in_threads(run, list(by_source.items()))


def _in_threads(run: Any, work: list[tuple[Any, ...]]) -> float:
    """`run(*item)` for each item, each in its own thread, all at once; the wall time until the last ends."""
    threads = [threading.Thread(target=run, args=item) for item in work]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def _plain_httpx(server: SampleSite, articles: list[dict[str, Any]]) -> float:
    """The anchor: a plain httpx loop over the same URLs, a thread per host as the crawler runs them, with no
    robots.txt, gate, retries, size cap, raw store or paging. What the crawler costs is the difference."""
    by_host: dict[str, list[str]] = {}
    for a in articles:
        by_host.setdefault(a["host"], []).append(f"https://{a['host']}{a['path']}")

    def run(urls: list[str]) -> None:
        with httpx.Client(transport=HostMirrorTransport(server.base_url)) as client:
            for url in urls:
                client.get(url).read()

    return _in_threads(run, [(urls,) for urls in by_host.values()])


def _paragraph_scores(body: str, story: list[str]) -> tuple[float, float]:
    wanted = [p for p in story if len(p) > 40]
    got = [p for p in body.split("\n\n") if len(p) > 40]
    recall = sum(any(w in g or g in w for g in got) for w in wanted) / max(1, len(wanted))
    precision = sum(any(g in w or w in g for w in story) for g in got) / max(1, len(got))
    return recall, precision


def compare_profiles(root: Path, articles: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    profiles = load_profiles()
    scores: dict[str, list[tuple[float, float]]] = {"profile": [], "trafilatura": []}
    for a in articles:
        html = (root / a["host"] / (a["path"].strip("/") + ".html")).read_bytes()
        story = a["paragraphs"]          # what the text reader kept of the saved article
        for name, profile in (("profile", profiles[a["family"]]), ("trafilatura", Profile(name="generic"))):
            try:
                body = article_from_html(html, url=f"https://{a['host']}{a['path']}", profile=profile).body
            except EmptyArticle:
                body = ""
            scores[name].append(_paragraph_scores(body, story))
    return {k: (sum(r for r, _ in v) / len(v), sum(p for _, p in v) / len(v)) for k, v in scores.items()}


def hostile() -> None:
    """Issue 14's two measured cases: a 50,000-URL sitemap into the frontier, a double-gzip bomb's memory."""
    from pantau.store.database import Store

    source = load_sources(ROOT / "data" / "sources.toml", load_profiles())[0]
    host = source.hosts[0]
    urls = "".join(f"<url><loc>https://{host}/read/{n}/arsip-{n}</loc></url>" for n in range(50_000))
    xml = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
    began = time.perf_counter()
    links, _ = parse_sitemap(xml, source, f"https://{host}/sitemap.xml")
    parsed = time.perf_counter() - began
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.duckdb")
        try:
            began = time.perf_counter()
            store.crawl.add_links("bench", links)
            first = time.perf_counter() - began
            began = time.perf_counter()
            store.crawl.add_links("bench", links)
            again = time.perf_counter() - began
        finally:
            store.close()
    print(f"sitemap of {len(links)} URLs: parsed in {parsed:.2f} s; into the frontier in {first:.2f} s "
          f"(again, all known: {again:.2f} s)")
    cap = 10 * 1024 * 1024
    bomb = gzip_bomb(256 * 1024 * 1024)
    tracemalloc.start()
    inflater = Inflater("gzip, gzip", cap)
    try:
        for i in range(0, len(bomb), 4096):
            inflater.feed(bomb[i:i + 4096])
    except Overflow:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"decompression bomb ({len(bomb)} bytes -> 256 MiB): stopped at the {cap >> 20} MiB cap, "
          f"peak {peak / 2**20:.1f} MiB allocated")


def main() -> None:
    hostile()
    files = sorted(CORPUS.glob("*.txt"))
    articles = articles_from_texts(files, SITES, datetime.fromisoformat("2026-11-02T08:00:00+07:00"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        build_site(root, articles)
        with SampleSite(root) as server:
            walls, plains = [], []
            for run in range(RUNS):
                server.log.clear()
                walls.append(_crawl(server, articles, 0.0, RawStore(Path(tmp) / f"raw0-{run}")))
                requests = len(server.log)
                plains.append(_plain_httpx(server, articles))
            wall = statistics.median(walls)
            ratios = [p / w for p, w in zip(plains, walls, strict=True)]
            print(f"crawl at zero delay: {requests} requests ({len(articles)} article pages, 5 sites) in {wall:.2f} s "
                  f"= {requests / wall:.0f} pages/s (the crawler's own overhead, local server); against a plain "
                  f"httpx loop over the same pages: {statistics.median(ratios):.2f}x "
                  f"({min(ratios):.2f}-{max(ratios):.2f}, median of {RUNS}; target 0.8x)")
            server.log.clear()
            sample = [a for host, _, _ in SITES for a in [x for x in articles if x["host"] == host][:5]]
            wall = _crawl(server, sample, 1.0, RawStore(Path(tmp) / "raw1"))
            per_host = Counter(h.host for h in server.log)
            bound = (max(per_host.values()) - 1) * 1.0
            print(f"crawl at 1 s delay: {sum(per_host.values())} requests over {len(per_host)} sites "
                  f"({max(per_host.values())} per site incl. robots.txt) in {wall:.2f} s; politeness bound "
                  f"{bound:.1f} s (busiest site's requests - 1) x 1 s; sequential would be "
                  f"{sum(per_host.values()) - 1:.0f} s")
        for name, (recall, precision) in compare_profiles(root, articles).items():
            print(f"body extraction, {name:11s}: paragraph recall {recall:.3f}, precision {precision:.3f} "
                  f"({len(articles)} pages)")
