"""Scale-out: the nightly flow with its fetch and extract tasks on a two-worker Dask LocalCluster loads exactly
the rows the default runner loads, and a host's spacing holds when worker processes fetch from it at once."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import duckdb
import pytest
from distributed import Client, LocalCluster
from prefect.task_runners import ThreadPoolTaskRunner
from prefect_dask import DaskTaskRunner

from extractors.crawl.politeness import HostLedger
from flows.nightly import nightly
from pantau.demo.run import run_demo
from pantau.demo.sample_site import SampleSite
from pantau.ops.scale_out import SettingError, SharedLedger, task_runner
from pantau.paths import DEMO_SITE, SOURCES_TOML
from tests.conftest import MISSING, run_pantau
from tests.dask_work import fetch_again_and_again

RUN_SPECIFIC = {"run_id", "first_run_id", "updated_run_id", "flow_run_id", "elapsed_ms", "duration_seconds",
                "detail", "report"}


def every_row(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, less what no two runs share: run ids, clock times and durations. robots.txt
    exchanges are apart: each worker process reads a host's robots.txt once (see `pantau.ops.fetchers`)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                            "'main' AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        rows = {}
        for table in tables:
            columns = [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns WHERE "
                                                 "table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                                                 [table]).fetchall()
                       if c not in RUN_SPECIFIC and not (c.endswith("_at") and c != "published_at")]
            where = " WHERE kind <> 'robots'" if table == "fetch_log" else ""
            rows[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table}{where} ORDER BY ALL").fetchall()
        rows["robots.txt read"] = con.execute("SELECT DISTINCT url, status_code FROM fetch_log WHERE kind = 'robots' "
                                              "ORDER BY ALL").fetchall()
        rows["search index"] = con.execute("SELECT count(*) FROM fts_main_articles.docs").fetchall()
    finally:
        con.close()
    return rows


def test_the_demo_on_a_two_worker_dask_cluster_loads_exactly_the_rows_of_the_default_runner(tmp_path: Path) -> None:
    assert run_demo(tmp_path / "threads" / "demo.duckdb") == 0
    on_dask = nightly.with_options(task_runner=task_runner("local:2"))
    assert run_demo(tmp_path / "dask" / "demo.duckdb", flow=on_dask) == 0
    threads, dask = every_row(tmp_path / "threads" / "demo.duckdb"), every_row(tmp_path / "dask" / "demo.duckdb")
    assert len(threads["facts"]) >= 15 and len(threads["articles"]) == 5
    assert threads.keys() == dask.keys()
    for table in threads:
        assert dask[table] == threads[table], table


SPACING = 0.25


def test_two_worker_processes_keep_one_hosts_spacing_through_the_shared_ledger() -> None:
    with SampleSite(DEMO_SITE) as site, \
            LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        held = client.submit(HostLedger, {}, actor=True)
        ledger = SharedLedger(held.result())
        workers = list(client.nthreads())
        assert len(workers) == 2
        fetching = [client.submit(fetch_again_and_again, ledger, site.base_url, "https://langgam.id/feed.xml", 4,
                                  SPACING, workers=[w], pure=False) for w in workers]
        assert [f.result() for f in fetching] == [[200] * 4, [200] * 4]
        hits = sorted(h.at for h in site.hits("langgam.id"))
    assert len(hits) == 10                                  # 8 feed requests + robots.txt read by each process
    gaps = [b - a for a, b in itertools.pairwise(hits)]
    assert min(gaps) >= SPACING - 0.02, [round(g, 3) for g in gaps]


def test_the_nightly_flow_on_dask_keeps_every_hosts_spacing(site: Path, tmp_path: Path) -> None:
    """The whole path, recipe to actor: five sources discovering through news.google.com at once, and their
    pages, from tasks spread over two worker processes."""
    on_dask = nightly.with_options(task_runner=task_runner("local:2"))
    with SampleSite(site) as server:
        summary = on_dask(sources_file=str(SOURCES_TOML), db_path=str(tmp_path / "pantau.duckdb"),
                          mirror=server.base_url, delay_seconds=SPACING)
        log = list(server.log)
    assert summary["status"] == "completed_with_failures"                      # the dead link, as on threads
    assert summary["loaded"]["new"] == 5
    assert [(f["stage"], f["reason"], f["item"]) for f in summary["failures"]] == [("fetch", "http_404", MISSING)]
    by_host: dict[str, list[float]] = {}
    for hit in log:
        by_host.setdefault(hit.host, []).append(hit.at)
    assert len(by_host["news.google.com"]) >= 6
    for host, times in by_host.items():
        gaps = [b - a for a, b in itertools.pairwise(sorted(times))]
        assert min(gaps) >= SPACING - 0.02, (host, [round(g, 3) for g in gaps])


def test_the_setting_names_the_runner_or_is_refused_clearly(tmp_path: Path) -> None:
    assert isinstance(task_runner(""), ThreadPoolTaskRunner)
    local = task_runner("local:3")
    assert isinstance(local, DaskTaskRunner) and local.cluster_kwargs["n_workers"] == 3
    remote = task_runner("tcp://scheduler.internal:8786")
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://scheduler.internal:8786"
    for bad in ("local:0", "local:dua", "scheduler-without-port", "tcp://scheduler:abc", "scheduler:99999"):
        with pytest.raises(SettingError):
            task_runner(bad)
    done = run_pantau("run", "--db", str(tmp_path / "x.duckdb"), "--dask", "local:none")
    assert done.returncode == 2                 # a setting that cannot be used, refused before any run
    assert "PANTAU_DASK='local:none'" in done.stderr and "Traceback" not in done.stderr
