"""The crawler against a real HTTP server on 127.0.0.1 serving sites written for the tests, with faults
injected on demand. What a polite, careful crawler must do is asserted from the server's own log."""

from __future__ import annotations

import gzip
import itertools
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from extractors.crawl.discover import discover
from extractors.crawl.fetch import Fetcher, HostMirrorTransport
from extractors.crawl.fetch_pages import fetch_links
from extractors.crawl.politeness import HostGate, RobotsCache
from extractors.crawl.urls import canonical
from extractors.pages.html_article import article_from_page
from flows.nightly import nightly
from models import Link, Source
from pantau.demo.sample_site import Fault, SampleSite
from pantau.ops.config import load_profiles, load_sources
from pantau.paths import raw_dir_for
from pantau.store.raw import RawStore
from tests.crawl_site import FORBIDDEN, build, sources_file

PROFILES = load_profiles()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    root = tmp_path_factory.mktemp("crawl") / "site"
    return root, build(root)


def _sources(tmp_path: Path, delay: float = 0.0) -> dict[str, Source]:
    return {s.id: s for s in load_sources(sources_file(tmp_path, delay), PROFILES)}


def _fetcher(source: Source, server: SampleSite, raw: RawStore | None = None, gate: HostGate | None = None,
             robots: RobotsCache | None = None) -> Fetcher:
    return Fetcher.for_source(source, transport=HostMirrorTransport(server.base_url), raw_put=raw.put if raw else None,
                              gate=gate, robots=robots)


def _url(a: dict) -> str:
    return f"https://{a['host']}{a['path']}"


# ---------------------------------------------------------------- politeness

def test_requests_to_a_host_are_never_closer_than_its_delay_or_crawl_delay(site, tmp_path: Path) -> None:
    root, _ = site
    sources = _sources(tmp_path, delay=0.15)
    raw = RawStore(tmp_path / "raw")
    gate, robots = HostGate(), RobotsCache()
    with SampleSite(root) as server:
        import threading

        def crawl(source: Source) -> None:
            with _fetcher(source, server, raw, gate, robots) as fetcher:
                found = discover(source, fetcher)
                fetch_links(source, found.links, fetcher, PROFILES[source.profile])

        threads = [threading.Thread(target=crawl, args=(s,)) for s in sources.values()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    by_host: dict[str, list[float]] = defaultdict(list)
    for hit in server.log:
        by_host[hit.host].append(hit.at)
    floors = {"koranrb.id": 0.3, "belitung.tribunnews.com": 0.15, "langgam.id": 0.15, "news.google.com": 0.15}
    for host, times in by_host.items():
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert len(times) >= 3, host
        assert min(gaps) >= floors[host] - 0.02, (host, min(gaps))        # Crawl-delay 0.3 beats the 0.15 floor
    # Hosts are crawled side by side: the whole crawl takes far less than one host after another would.
    starts = sorted(t for times in by_host.values() for t in times)
    busiest = max(len(times) * floors[h] for h, times in by_host.items())
    assert starts[-1] - starts[0] < busiest + sum(len(t) * floors[h] for h, t in by_host.items()) / 2


def test_robots_txt_is_obeyed_and_a_failing_robots_txt_means_stay_out(site, tmp_path: Path) -> None:
    root, _ = site
    sources = _sources(tmp_path)
    raw = RawStore(tmp_path / "raw")
    with SampleSite(root, faults={"/langgam.id/robots.txt": Fault(status=503)}) as server:
        with _fetcher(sources["koranrb"], server, raw) as fetcher:
            found = discover(sources["koranrb"], fetcher)
            assert FORBIDDEN in [link.url for link in found.links]          # announced by the feed...
            pages, failures = fetch_links(sources["koranrb"], found.links, fetcher, PROFILES["disway"])
        with _fetcher(sources["langgam"], server, raw) as fetcher:
            blocked = discover(sources["langgam"], fetcher)
    assert not [h for h in server.log if h.path.startswith("/read/7777/")]  # ...and never requested
    assert [f.item for f in failures if f.reason == "robots_disallowed"] == [FORBIDDEN]
    assert sum(p.ok for p in pages) == 8
    # A 503 on robots.txt (after its retries) keeps the crawler off the whole host.
    assert {h.path for h in server.hits("langgam.id")} == {"/robots.txt"}
    assert {f.reason for f in blocked.failures} == {"robots_disallowed"} and not blocked.links


# ---------------------------------------------------------------- discovery

def test_listing_pagination_is_followed_until_a_page_repeats_and_stops_early_when_nothing_is_new(
        site, tmp_path: Path) -> None:
    root, articles = site
    src = _sources(tmp_path)["posbelitung"]
    tribun = {canonical(_url(a)) for a in articles if a["family"] == "tribun"}
    with SampleSite(root) as server:
        with _fetcher(src, server) as fetcher:
            first = discover(src, fetcher)
        listing = [h.path for h in server.log if h.path.startswith("/index-news/")]
        # Seven stories, three a page: pages 1-3; page 4 is served as page 1 again (as Tribun does) and stops it.
        assert listing == [f"/index-news/lokal?page={n}" for n in range(1, 5)]
        assert {canonical(link.url) for link in first.links} == tribun
        server.log.clear()
        with _fetcher(src, server) as fetcher:
            again = discover(src, fetcher, known=tribun)
        listing = [h.path for h in server.log if h.path.startswith("/index-news/")]
    assert listing == ["/index-news/lokal?page=1"]       # nothing unknown on page 1: no need to go deeper
    assert {canonical(link.url) for link in again.links} == tribun   # still announced; the frontier dedups


def test_offset_pagination_search_pages_and_google_news(site, tmp_path: Path) -> None:
    root, articles = site
    src = _sources(tmp_path)["koranrb"]
    disway = [a for a in articles if a["family"] == "disway"]
    opaque = next(h for h in (root / "news.google.com/rss/search.xml").read_text().split("<link>") if "OPAQUE" in h)
    opaque_path = "/" + opaque.split("</link>")[0].split("news.google.com/", 1)[1]
    # Google answers the opaque link with a plain redirect to the publisher: that resolves it.
    faults = {"/news.google.com" + opaque_path.replace("&amp;", "&"): Fault(status=302, location=_url(disway[2]))}
    with SampleSite(root, faults=faults) as server, _fetcher(src, server) as fetcher:
        found = discover(src, fetcher)
    kategori = [h.path for h in server.hits("koranrb.id") if h.path.startswith("/kategori/")]
    assert kategori == ["/kategori/5/pemerintahan/0", "/kategori/5/pemerintahan/3", "/kategori/5/pemerintahan/6"]
    assert {canonical(link.url) for link in found.links} == {canonical(_url(a)) for a in disway} | {FORBIDDEN}
    # Other publishers' items are skipped; the opaque one was resolved by its redirect, so no hint is left.
    assert found.stats["elsewhere"] == 12 and not found.hints
    assert [h.status for h in server.hits("news.google.com") if "OPAQUE" in h.path] == [302]


def test_an_unresolvable_google_news_item_is_kept_as_a_hint(site, tmp_path: Path) -> None:
    root, articles = site
    src = _sources(tmp_path)["koranrb"]
    with SampleSite(root) as server, _fetcher(src, server) as fetcher:
        found = discover(src, fetcher)
    assert [(h.title, h.publisher_url) for h in found.hints] == [(articles[2]["title"], "https://koranrb.id")]


def test_one_article_is_one_row_across_url_variants() -> None:
    variants = ["https://koranrb.id/read/5101/spm-kota-bengkulu-naik",
                "http://www.KORANRB.id/read/5101/spm-kota-bengkulu-naik/?utm_source=rss&utm_medium=feed",
                "https://koranrb.id/amp/5101/spm-kota-bengkulu-naik",
                "https://koranrb.id/read/5101/spm-kota-bengkulu-naik/2",
                "https://koranrb.id/read/5101/spm-kota-bengkulu-naik#komentar"]
    assert len({canonical(v) for v in variants}) == 1
    tribun = ["https://belitung.tribunnews.com/2026/11/11/x?page=2", "https://belitung.tribunnews.com/2026/11/11/x?page=all",
              "https://belitung.tribunnews.com/amp/2026/11/11/x", "https://belitung.tribunnews.com/2026/11/11/x"]
    assert len({canonical(v) for v in tribun}) == 1


def test_a_malformed_sitemap_and_a_dead_feed_are_recorded_and_the_other_channels_still_count(
        site, tmp_path: Path) -> None:
    root, _ = site
    srcs = _sources(tmp_path)
    faults = {"/belitung.tribunnews.com/lokal/sitemap_news.xml": Fault(content_type="application/xml"),
              "/langgam.id/feed": Fault(status=404)}
    broken = tmp_path / "broken"
    import shutil

    shutil.copytree(root, broken)
    (broken / "belitung.tribunnews.com/lokal/sitemap_news.xml").write_text("<urlset><url><loc>https://x", "utf-8")
    with SampleSite(broken, faults=faults) as server:
        with _fetcher(srcs["posbelitung"], server) as fetcher:
            tribun = discover(srcs["posbelitung"], fetcher)
        with _fetcher(srcs["langgam"], server) as fetcher:
            langgam = discover(srcs["langgam"], fetcher)
    assert [f.reason for f in tribun.failures] == ["unreadable_channel"] and len(tribun.links) == 7
    assert [f.reason for f in langgam.failures] == ["http_404"] and len(langgam.links) == 5   # from the sitemap


# ---------------------------------------------------------------- fetching

@pytest.mark.parametrize(("fault", "reason", "requests"), [
    (Fault(status=500), "http_500", 3),                          # retried twice, then recorded
    (Fault(status=403), "http_403", 1),                          # a 4xx is not retried
    (Fault(delay=1.5), "timeout", 3),
    (Fault(truncate=True), "truncated", 3),
    (Fault(huge=50 * 1024 * 1024), "too_large", 1),
    (Fault(status=302, location="/read/5100/loop"), "redirect_loop", 1),      # caught before going round again
    (Fault(status=301, location="ftp://koranrb.id/file"), "bad_redirect", 1),
])
def test_a_misbehaving_page_is_a_recorded_failure_of_that_item(site, tmp_path: Path, fault: Fault, reason: str,
                                                               requests: int) -> None:
    root, articles = site
    src = _sources(tmp_path)["koranrb"]
    bad = articles[0]
    faults = {f"/koranrb.id{bad['path']}": fault}
    if reason == "redirect_loop":
        faults["/koranrb.id/read/5100/loop"] = Fault(status=302, location=bad["path"])
    raw = RawStore(tmp_path / "raw")
    links = [Link(_url(a), "koranrb", "test") for a in articles[:3]]
    patient = replace(src, timeout_seconds=0.5, retries=2)
    with SampleSite(root, faults=faults) as server, _fetcher(patient, server, raw) as fetcher:
        pages, failures = fetch_links(src, links, fetcher, PROFILES["disway"])
        records = fetcher.take_records()
    assert [(f.item, f.reason) for f in failures] == [(_url(bad), reason)]
    assert sum(p.ok for p in pages) == 2                                     # the others are fetched
    assert len([h for h in server.hits("koranrb.id") if h.path == bad["path"]]) == requests
    assert any(r.error and r.error.startswith(reason) for r in records)     # in the fetch log too
    stored = sum(f.stat().st_size for f in (tmp_path / "raw").rglob("*.gz"))
    assert stored < 1024 * 1024                                              # nothing of the 50 MB page was kept


def test_a_429_is_retried_after_its_retry_after_and_holds_back_the_host(site, tmp_path: Path) -> None:
    root, articles = site
    src = _sources(tmp_path)["koranrb"]
    first = articles[0]
    faults = {f"/koranrb.id{first['path']}": Fault(status=429, retry_after="1", times=1)}
    links = [Link(_url(a), "koranrb", "test") for a in articles[:2]]
    with SampleSite(root, faults=faults) as server, _fetcher(src, server, RawStore(tmp_path / "raw")) as fetcher:
        pages, failures = fetch_links(src, links, fetcher, PROFILES["disway"])
    assert not failures and all(p.ok for p in pages)
    hits = [h for h in server.hits("koranrb.id") if h.path != "/robots.txt"]
    refused = next(h for h in hits if h.status == 429)
    later = [h for h in hits if h.at > refused.at]
    assert later and min(h.at for h in later) - refused.at >= 1.0        # nobody asked that host within a second


def test_conditional_get_uses_304_for_channels_and_stored_pages(site, tmp_path: Path) -> None:
    root, _articles = site
    src = _sources(tmp_path)["langgam"]
    raw = RawStore(tmp_path / "raw")
    with SampleSite(root) as server:
        with _fetcher(src, server, raw) as fetcher:
            first = discover(src, fetcher)
            pages, _ = fetch_links(src, first.links, fetcher, PROFILES["wordpress"])
        state = {c.url: c for c in first.channels}
        validators = {p.url: (p.etag, p.last_modified) for p in pages}
        server.log.clear()
        with _fetcher(src, server, raw) as fetcher:
            again = discover(src, fetcher, channel_state=state)
            refetched, _ = fetch_links(src, first.links, fetcher, PROFILES["wordpress"], validators)
    # The feed, the sitemap index and its child: an unchanged index does not hide a child that may have changed.
    assert again.stats["channels_unchanged"] == 3 and not again.links
    assert all(p.not_modified for p in refetched)
    asked = [h for h in server.log if h.path != "/robots.txt"]
    assert asked and all(h.status == 304 and "if-none-match" in h.headers for h in asked)


def test_multi_page_articles_are_joined_and_a_windows_1252_page_is_read_right(site, tmp_path: Path) -> None:
    root, articles = site
    srcs = _sources(tmp_path)
    raw = RawStore(tmp_path / "raw")
    cases = [(articles[1], srcs["koranrb"]), (articles[9], srcs["posbelitung"]), (articles[16], srcs["langgam"])]
    with SampleSite(root) as server:
        for a, src in cases:
            with _fetcher(src, server, raw) as fetcher:
                pages, failures = fetch_links(src, [Link(_url(a), src.id, "test")], fetcher, PROFILES[src.profile])
            assert not failures
            page = pages[0]
            article = article_from_page(page, raw.get(page.raw_path), src, PROFILES[src.profile],
                                        tuple(raw.get(p) for p in page.part_paths))
            assert article.pages == a.get("split", 1)
            total = a.get("split", 1)
            size = -(-len(a["paragraphs"]) // total)
            first, last = a["paragraphs"][2], max(a["paragraphs"][(total - 1) * size:], key=len)
            assert first in article.body and last in article.body       # the last page's text, after the first's
            assert article.body.index(first) < article.body.index(last)
            assert article.published_at is not None and article.published_at.utcoffset().total_seconds() == 7 * 3600
    assert "“Kami terus berbenah,” kata pejabat itu – singkat." in article.body
    assert "text/html; charset=windows-1252" in [p.content_type for p in pages]


# ---------------------------------------------------------------- the nightly flow

def test_nightly_over_the_three_sites_loses_nothing_and_a_second_night_fetches_nothing(site, tmp_path: Path) -> None:
    root, articles = site
    src_file = sources_file(tmp_path)
    db = tmp_path / "pantau.duckdb"
    dead = articles[10]                               # a Tribun story whose server errors every time
    faults = {f"/belitung.tribunnews.com{dead['path']}": Fault(status=500)}
    with SampleSite(root, faults=faults) as server:
        first = nightly(sources_file=str(src_file), db_path=str(db), mirror=server.base_url, delay_seconds=0)
        fetched_once = [h for h in server.log if h.status == 200 and h.host != "news.google.com"]
        server.log.clear()
        second = nightly(sources_file=str(src_file), db_path=str(db), mirror=server.base_url, delay_seconds=0)
    assert first["status"] == "completed_with_failures"
    assert first["loaded"]["new"] == 19                    # the 20 stories less the dead one (the forbidden is extra)
    reasons = sorted((f["source"], f["reason"]) for f in first["failures"])
    assert reasons == [("koranrb", "robots_disallowed"), ("posbelitung", "http_500")]
    # One dead story of seven is that story's failure: the source answered and loaded the rest.
    assert first["sources"]["posbelitung"]["health"] == "ok" and first["sources"]["langgam"]["health"] == "ok"
    assert len(fetched_once) > 20
    # The second night: channels answer 304, stored pages are not asked for; only the dead story is retried.
    pages_asked = [h.path for h in server.log if h.host != "news.google.com" and h.path.count("/") > 2
                   and not h.path.startswith(("/index-news/", "/kategori/", "/search/"))]
    assert pages_asked == [dead["path"]] * 3
    assert second["loaded"]["new"] == 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 19
        assert con.execute("SELECT count(*) FROM pages").fetchone()[0] == 21     # one row per URL, failures too
        states = dict(con.execute("SELECT state, count(*) FROM frontier GROUP BY state").fetchall())
        assert states == {"fetched": 19, "gave_up": 1, "failed": 1}      # forbidden: given up; dead: tried again
        assert con.execute("SELECT count(*) FROM hints").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM fetch_log WHERE status_code = 304").fetchone()[0] >= 5
        assert con.execute("SELECT max(pages) FROM articles").fetchone()[0] == 3
        health = con.execute("SELECT health, count(*) FROM run_sources GROUP BY 1 ORDER BY 1").fetchall()
        assert dict(health) == {"ok": 6}          # the dead story alone on the second night is still one link
        raw = RawStore(raw_dir_for(db))
        for (rel,) in con.execute("SELECT raw_path FROM fetch_log WHERE raw_path IS NOT NULL").fetchall():
            assert gzip.decompress((raw.root / rel).read_bytes())      # every response kept, readable
    finally:
        con.close()
