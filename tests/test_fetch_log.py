"""The fetch log holds every HTTP request the crawler sent, one row each: asserted against the server's own log
of the requests it served (a real server on 127.0.0.1, faults injected), one to one, in order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import httpx

from extractors.crawl.fetch import Fetcher, FetchError, HostMirrorTransport
from flows.nightly import nightly
from pantau.demo.sample_site import Fault, Hit, SampleSite
from pantau.store.database import Store
from pantau.store.raw import RawStore
from tests.crawl_site import build, sources_file

HOST = "berita.test"
PAGES = ("rate-limited", "overloaded", "cut-short", "final", "loop-a", "loop-b")


def _site(root: Path) -> Path:
    (root / HOST).mkdir(parents=True)
    (root / HOST / "robots.txt").write_text("User-agent: *\nDisallow: /dilarang/\n", encoding="utf-8")
    for name in PAGES:
        (root / HOST / f"{name}.html").write_text(f"<html><body><p>{name} {'isi ' * 200}</p></body></html>",
                                                  encoding="utf-8")
    return root


def _served(log: list[Hit]) -> list[tuple[str, int]]:
    return [(f"https://{h.host}{h.path}", h.status) for h in log]


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_attempt_and_every_hop_is_its_own_row_as_the_server_saw_them(tmp_path: Path, tmp_db: Path) -> None:
    faults = {f"/{HOST}/rate-limited": Fault(status=429, retry_after="1", times=1),
              f"/{HOST}/overloaded": Fault(status=503, times=1),
              f"/{HOST}/cut-short": Fault(truncate=True, times=1),
              f"/{HOST}/moved": Fault(status=301, location="/moved-again"),
              f"/{HOST}/moved-again": Fault(status=302, location=f"https://{HOST}/final"),
              f"/{HOST}/loop-a": Fault(status=302, location="/loop-b"),
              f"/{HOST}/loop-b": Fault(status=302, location="/loop-a")}
    raw = RawStore(tmp_path / "raw")
    with SampleSite(_site(tmp_path / "site"), faults=faults) as server, \
            Fetcher("test", user_agent="PantauTest/1.0", delay_seconds=0.01, retries=2, raw_put=raw.put,
                    transport=HostMirrorTransport(server.base_url)) as fetcher:
        for name in ("rate-limited", "overloaded", "cut-short", "moved"):     # one after another: a known order
            assert fetcher.get(f"https://{HOST}/{name}").status_code == 200
        try:
            fetcher.get(f"https://{HOST}/loop-a")
            raise AssertionError("a redirect loop is a failure")
        except FetchError as exc:
            assert exc.reason == "redirect_loop"
        try:
            fetcher.get(f"https://{HOST}/dilarang/x")                     # refused before any request: no row
            raise AssertionError("robots.txt disallows it")
        except FetchError as exc:
            assert exc.reason == "robots_disallowed"
        with Store.open(tmp_db) as store:
            store.crawl.record_fetches("run-1", fetcher.take_records())
        served = _served(server.log)

    rows = _rows(tmp_db, "SELECT url, status_code, attempts, retried, retry_after_seconds, split_part(error, ':', 1), "
                         "content_hash IS NOT NULL FROM fetch_log ORDER BY fetched_at")
    assert [(url, status) for url, status, *_ in rows] == served                     # one to one, in order
    site = f"https://{HOST}"
    assert [r[:6] for r in rows] == [
        (f"{site}/robots.txt", 200, 1, False, None, None),
        (f"{site}/rate-limited", 429, 1, True, 1.0, "http_429"),           # the Retry-After it honoured
        (f"{site}/rate-limited", 200, 2, False, None, None),
        (f"{site}/overloaded", 503, 1, True, None, "http_503"),            # no Retry-After: its own backoff
        (f"{site}/overloaded", 200, 2, False, None, None),
        (f"{site}/cut-short", 200, 1, True, None, "truncated"),            # the status line came, the body did not
        (f"{site}/cut-short", 200, 2, False, None, None),
        (f"{site}/moved", 301, 1, False, None, None),                      # each hop of the chain
        (f"{site}/moved-again", 302, 1, False, None, None),
        (f"{site}/final", 200, 1, False, None, None),
        (f"{site}/loop-a", 302, 1, False, None, None),
        (f"{site}/loop-b", 302, 1, False, None, "redirect_loop"),          # the hop where the chain stopped
    ]
    kept = [url for url, status, *_, stored in rows if stored]
    assert kept == [f"{site}/robots.txt", f"{site}/rate-limited", f"{site}/overloaded", f"{site}/cut-short",
                    f"{site}/final"]                                         # only whole 200s reach the raw store


def test_a_night_logs_exactly_the_requests_its_sites_served(tmp_path: Path) -> None:
    root = tmp_path / "site"
    articles = build(root)
    faults = {f"/koranrb.id{articles[0]['path']}": Fault(status=429, retry_after="1", times=1),
              f"/belitung.tribunnews.com{articles[8]['path']}": Fault(status=503, times=2),
              f"/langgam.id{articles[15]['path']}": Fault(truncate=True, times=1),
              f"/langgam.id{articles[16]['path']}": Fault(status=404)}
    db = tmp_path / "pantau.duckdb"
    with SampleSite(root, faults=faults) as server:
        summary = nightly(sources_file=str(sources_file(tmp_path)), db_path=str(db), mirror=server.base_url,
                          delay_seconds=0)
        served = Counter((str(httpx.URL(url)), status) for url, status in _served(server.log))
    logged = Counter((str(httpx.URL(url)), status) for url, status in _rows(
        db, "SELECT url, status_code FROM fetch_log WHERE run_id = (SELECT max(run_id) FROM runs)"))
    assert logged == served
    assert summary["status"] == "completed_with_failures"
    retried = _rows(db, "SELECT url, status_code, retry_after_seconds FROM fetch_log WHERE retried ORDER BY url")
    assert sorted((status, after) for _, status, after in retried) == [(200, None), (429, 1.0), (503, None),
                                                                       (503, None)]
