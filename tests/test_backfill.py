"""`pantau backfill`: archives walked past the nightly page limit and past stored links, back to a date, within
the same politeness, and resumable without fetching an article page twice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from extractors.crawl.discover import discover
from extractors.crawl.fetch import Fetcher, HostMirrorTransport
from extractors.crawl.urls import canonical
from flows.nightly import nightly
from pantau.demo.sample_site import SampleSite
from pantau.ops.config import load_profiles, load_sources
from tests.crawl_site import build, sources_file

PROFILES = load_profiles()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    root = tmp_path_factory.mktemp("archive") / "site"
    return root, build(root)


def _tribun(tmp_path: Path, max_pages: int):
    src = next(s for s in load_sources(sources_file(tmp_path, 0.0), PROFILES) if s.id == "posbelitung")
    channels = tuple(replace(c, max_pages=max_pages) for c in src.channels if c.kind == "listing")
    return replace(src, channels=channels)


def test_an_archive_walk_passes_the_page_limit_and_stored_links(site, tmp_path: Path) -> None:
    root, articles = site
    src = _tribun(tmp_path, max_pages=1)
    tribun = {canonical(f"https://{a['host']}{a['path']}") for a in articles if a["family"] == "tribun"}
    with SampleSite(root) as server:
        with Fetcher.for_source(src, transport=HostMirrorTransport(server.base_url)) as fetcher:
            nightly_found = discover(src, fetcher)
        nightly_pages = [h.path for h in server.log if h.path.startswith("/index-news/")]
        server.log.clear()
        with Fetcher.for_source(src, transport=HostMirrorTransport(server.base_url)) as fetcher:
            archive = discover(src, fetcher, known=tribun, archive=True)
        archive_pages = [h.path for h in server.log if h.path.startswith("/index-news/")]
    assert nightly_pages == ["/index-news/lokal?page=1"]                   # the nightly limit: one page
    assert len({canonical(link.url) for link in nightly_found.links} & tribun) < len(tribun)
    # Everything is stored already, yet the walk goes on to the end of the archive (page 4 repeats page 1).
    assert archive_pages == [f"/index-news/lokal?page={n}" for n in range(1, 5)]
    assert {canonical(link.url) for link in archive.links} >= tribun


def test_a_backfill_resumes_without_fetching_an_article_twice(site, tmp_path: Path) -> None:
    root, articles = site
    db = tmp_path / "pantau.duckdb"
    sources = sources_file(tmp_path, 0.0)
    tribun = [a for a in articles if a["family"] == "tribun"]
    with SampleSite(root) as server:
        first = nightly(sources_file=str(sources), db_path=str(db), mirror=server.base_url, delay_seconds=0,
                        since="2000-01-01", archive=True, only=["posbelitung"], max_per_source=3)
        second = nightly(sources_file=str(sources), db_path=str(db), mirror=server.base_url, delay_seconds=0,
                         since="2000-01-01", archive=True, only=["posbelitung"])
    assert first["kind"] == "backfill" and set(first["sources"]) == {"posbelitung"}
    assert first["sources"]["posbelitung"]["pages_fetched"] == 3
    assert second["sources"]["posbelitung"]["pages_fetched"] == len(tribun) - 3
    article_hits = [h.path for h in server.hits("belitung.tribunnews.com")       # pages and their later parts
                    if not h.path.startswith(("/index", "/robots", "/lokal/"))]   # not the channels
    assert len(article_hits) == len(set(article_hits))
    assert len({path.split("?")[0] for path in article_hits}) == len(tribun)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (len(tribun),)
    assert con.execute("SELECT DISTINCT kind FROM runs").fetchall() == [("backfill",)]
    con.close()


def test_a_backfill_names_an_unknown_source(tmp_path: Path) -> None:
    from pantau.ops.config import ConfigError

    with pytest.raises(ConfigError, match="no such source: nowhere"):
        nightly(sources_file=str(sources_file(tmp_path, 0.0)), db_path=str(tmp_path / "x.duckdb"),
                since="2000-01-01", archive=True, only=["nowhere"])
