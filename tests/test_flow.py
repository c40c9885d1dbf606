"""The nightly flow, for real: Prefect, a local HTTP server with the sample site, a DuckDB file."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from flows.nightly import nightly, reextract
from pantau.demo.sample_site import SampleSite
from pantau.paths import SOURCES_TOML, raw_dir_for
from pantau.store.published import writer_path
from pantau.store.raw import RawStore
from pantau.store.search import search
from tests.conftest import MISSING


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_type = 'BASE TABLE' AND table_schema = 'main'").fetchall()]
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def test_nightly_runs_end_to_end_and_a_second_run_adds_nothing(site: Path, tmp_db: Path) -> None:
    with SampleSite(site) as server:
        first = nightly(sources_file=str(SOURCES_TOML), db_path=str(tmp_db), mirror=server.base_url,
                        delay_seconds=0)
        after_first = _counts(tmp_db)
        second = nightly(sources_file=str(SOURCES_TOML), db_path=str(tmp_db), mirror=server.base_url,
                         delay_seconds=0)
        after_second = _counts(tmp_db)

    assert first["status"] == "completed_with_failures"
    assert first["loaded"]["new"] == 5 and first["loaded"]["facts"] >= 18
    assert [(f["stage"], f["reason"], f["item"]) for f in first["failures"]] == [("fetch", "http_404", MISSING)]
    # The unrelated Radar Selatan story is announced by the feed and dropped by the keywords.
    assert first["sources"]["radarselatan"]["relevant"] == 1
    assert first["sources"]["radarselatan"]["hints"] == 1           # its opaque Google News item

    # Second night: nothing new to fetch; only the dead link is tried again. No data row changes.
    assert second["loaded"] == {"new": 0, "changed": 0, "unchanged": 0, "facts": 0, "officials": 0,
                                "facts_added": 0, "facts_changed": 0, "facts_removed": 0}
    assert all(s["channels_unchanged"] >= 1 and s["links_new"] == 0 for s in second["sources"].values())
    for table, count in after_first.items():
        if table in ("runs", "run_sources", "fetch_log"):           # the run's own logs
            assert after_second[table] > count, table
        elif table == "failures":
            assert after_second[table] == count + 1          # the 404, recorded again
        else:
            assert after_second[table] == count, table
    channel = re.compile(r"^/(?:robots\.txt|rss|feed|index-news/|lokal/sitemap|search/|wp-sitemap)")
    article_fetches = [h.path for h in server.log if h.host != "news.google.com" and not channel.match(h.path)]
    assert len(article_fetches) == 5 + 2                     # five pages once, the dead link twice

    con = duckdb.connect(str(tmp_db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM pages WHERE error IS NULL").fetchone()[0] == 5
        assert con.execute("SELECT status_code, attempts FROM pages WHERE error IS NOT NULL").fetchall() == [(404, 2)]
        raw = RawStore(raw_dir_for(tmp_db))
        for (rel,) in con.execute("SELECT raw_path FROM pages WHERE raw_path IS NOT NULL").fetchall():
            assert raw.get(rel).lstrip().startswith(b"<!DOCTYPE html>")
        sumbawa = con.execute("SELECT flags FROM v_facts WHERE region_code = '52.04'").fetchall()
        assert sumbawa and all("province_mismatch" in flags for (flags,) in sumbawa)
        runs = con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()
        assert runs == [("completed_with_failures",), ("completed_with_failures",)]
        # The first run indexed the articles it loaded; the published copy carries the index.
        assert first["loaded"]["indexed"] == 5 and "indexed" not in second["loaded"]
        assert search(con, "Ombudsman")[0].url.startswith("https://bengkuluekspress.disway.id/")
    finally:
        con.close()
    assert writer_path(tmp_db).is_file()


def test_reextract_rebuilds_from_the_raw_store_without_the_network(site: Path, tmp_db: Path) -> None:
    with SampleSite(site) as server:
        nightly(sources_file=str(SOURCES_TOML), db_path=str(tmp_db), mirror=server.base_url, delay_seconds=0)
    before = _counts(tmp_db)
    con = duckdb.connect(str(writer_path(tmp_db)))          # the run's own file, behind the published copy
    con.execute("DELETE FROM facts; DELETE FROM officials; DELETE FROM articles;")
    con.close()
    summary = reextract(db_path=str(tmp_db))               # the server is gone: only raw files remain
    assert summary["status"] == "completed"
    assert summary["loaded"]["new"] == 5
    after = _counts(tmp_db)
    for table in ("articles", "facts", "officials", "pages"):
        assert after[table] == before[table], table


def test_a_run_with_every_source_unreachable_fails(tmp_db: Path) -> None:
    # A mirror on a port nobody listens on: every channel of every source fails to connect.
    summary = nightly(sources_file=str(SOURCES_TOML), db_path=str(tmp_db), mirror="http://127.0.0.1:9",
                      delay_seconds=0)
    assert summary["status"] == "failed"
    assert all(s["health"] == "unreachable" for s in summary["sources"].values())
    assert {f["stage"] for f in summary["failures"]} == {"discover"}
