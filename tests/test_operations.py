"""Nightly operations: the run report (rows, Prefect artifact, last lines), `pantau status`, one writer at a
time."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from pathlib import Path

import duckdb

from flows.nightly import nightly
from pantau.demo.sample_site import SampleSite
from pantau.ops.report import report_rows
from pantau.paths import SOURCES_TOML
from pantau.store.published import open_writer
from tests.conftest import ROOT, run_pantau


def test_every_run_reports_per_source_in_rows_and_as_an_artifact(site: Path, tmp_db: Path) -> None:
    with SampleSite(site) as server:
        summary = nightly(sources_file=str(SOURCES_TOML), db_path=str(tmp_db), mirror=server.base_url,
                          delay_seconds=0)
    con = duckdb.connect(str(tmp_db), read_only=True)
    rows = {r[0]: r[1:] for r in con.execute(
        """SELECT source_id, links_found, pages_fetched, articles_new, articles_changed, facts_added, facts_changed,
                  facts_removed, failed_by_reason, duration_seconds FROM run_sources""").fetchall()}
    con.close()
    assert set(rows) == {"koranrb", "radarselatan", "posbelitung", "langgam", "bengkuluekspress"}
    assert rows["koranrb"][:7] == (2, 1, 1, 0, 5, 0, 0)            # the dead link found, not fetched
    assert json.loads(rows["koranrb"][7]) == {"http_404": 1} and rows["koranrb"][8] > 0
    assert sum(r[4] for r in rows.values()) == summary["loaded"]["facts_added"] == 18
    assert uuid.UUID(summary["artifact"])                    # Prefect took the table artifact
    assert {r["source"] for r in report_rows(summary)} == set(rows)


def test_status_shows_runs_and_flags_a_source_failing_three_nights(tmp_db: Path) -> None:
    for _ in range(3):                                       # nobody listens on port 9: every source unreachable
        nightly(sources_file=str(SOURCES_TOML), db_path=str(tmp_db), mirror="http://127.0.0.1:9", delay_seconds=0)
    result = run_pantau("status", "--db", str(tmp_db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("failed") >= 3
    assert result.stdout.count("failing: unreachable 3 nights in a row") == 5
    data = json.loads(run_pantau("status", "--json", "--db", str(tmp_db)).stdout)
    assert len(data["runs"]) == 3 and all(s["failing"] and s["health"] == "failing" for s in data["sources"])


def test_a_second_writer_exits_with_the_holder_or_waits_for_it(tmp_path: Path, tmp_db: Path) -> None:
    writer = open_writer(tmp_db)
    busy = run_pantau("reextract", "--db", str(tmp_db))
    assert busy.returncode == 1 and "being written by pid" in busy.stderr and "--wait" in busy.stderr
    threading.Timer(3.0, writer.finish).start()              # the first writer finishes a little later
    started = time.monotonic()
    waited = run_pantau("reextract", "--db", str(tmp_db), "--wait", "120")
    assert waited.returncode == 0, waited.stderr
    assert time.monotonic() - started >= 3.0


def test_the_deployment_carries_the_cron_and_time_zone() -> None:
    import yaml

    from flows.nightly import nightly
    from pantau.ops.schedule import DEFAULT_CRON, DEFAULT_TIMEZONE, nightly_deployment

    deployment = nightly_deployment(nightly, parameters={"db_path": "data/pantau.duckdb"})
    (schedule,) = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 2 * * *", "Asia/Jakarta")
    assert deployment.entrypoint == "flows/nightly.py:nightly" and deployment.name == "nightly"
    other = nightly_deployment(nightly, "30 1 * * 1-5", "Asia/Makassar").schedules[0].schedule
    assert (other.cron, other.timezone) == ("30 1 * * 1-5", "Asia/Makassar")
    # prefect.yaml (for a server with a work pool) says the same.
    (entry,) = yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
    assert entry["entrypoint"] == deployment.entrypoint
    assert entry["schedules"] == [{"cron": DEFAULT_CRON, "timezone": DEFAULT_TIMEZONE}]
    assert (ROOT / entry["entrypoint"].split(":")[0]).is_file()


def test_pantau_run_exits_non_zero_when_every_source_fails(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('''
[defaults]
delay_seconds = 0
retries = 0
timeout_seconds = 2

[[source]]
id = "nowhere"
name = "Nowhere"
hosts = ["127.0.0.1"]
profile = "generic"
article_url_patterns = ['/read/\\d+/']
channels = [ { kind = "rss", url = "http://127.0.0.1:9/rss" } ]
''', encoding="utf-8")
    db = tmp_path / "pantau.duckdb"
    result = run_pantau("run", "--sources", str(sources), "--db", str(db))
    assert result.returncode == 1, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("run ") and "(nightly): failed" in last
    assert re.search(r"^nowhere\s+unreachable\s", result.stdout, re.M)
