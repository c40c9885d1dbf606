"""A real `pantau demo` process killed (SIGKILL) while fetching, extracting, loading and publishing, then run
again: the store ends exactly as one clean run leaves it, with no duplicate, missing or half-written row and
every raw file readable; the killed run is marked crashed."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pantau.demo.run import run_demo
from pantau.paths import raw_dir_for
from pantau.store.published import writer_path
from pantau.store.raw import RawStore
from tests.conftest import ROOT


def snapshot(db: Path) -> dict[str, Any]:
    """What a run leaves that must not depend on having been interrupted (ids of runs and times aside)."""
    con = duckdb.connect(str(db), read_only=True)
    queries = {
        "articles": "SELECT article_id, url, body_hash, content_hash FROM articles",
        "facts": "SELECT fact_id, value_num, value_text, quote FROM facts",
        "officials": "SELECT official_id, name, role FROM officials",
        "pages": "SELECT url, content_hash, processed_hash, raw_path FROM pages",
        "frontier": "SELECT url, state FROM frontier",
        "hints": "SELECT url FROM hints",
        "failures": "SELECT stage, item, reason FROM failures",
        "search": "SELECT count(*) FROM fts_main_articles.docs",
    }
    try:
        out = {name: con.execute(f"{sql} ORDER BY ALL").fetchall() for name, sql in queries.items()}
        raw = RawStore(raw_dir_for(db))
        for (rel,) in con.execute("SELECT raw_path FROM fetch_log WHERE raw_path IS NOT NULL").fetchall():
            raw.get(rel)                                        # readable and matching its hash
    finally:
        con.close()
    assert not list(raw.root.rglob(".tmp-*")), "a half-written raw file"
    return out


def run_killed(db: Path, point: str) -> tuple[int, str]:
    """`pantau demo` set to kill itself at `point`. It runs in its own session, so the Prefect server it started
    (which outlives it, holding no pipe of ours) can be killed with it afterwards."""
    log = db.parent / "killed.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(Path(sys.executable).with_name("pantau")), "demo", "--db", str(db)],
                                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
                                env={**os.environ, "PANTAU_CRASH_AT": point})
        try:
            code = proc.wait(timeout=300)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
    return code, log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("clean") / "pantau.duckdb"
    assert run_demo(db) == 0
    return snapshot(db)


@pytest.mark.parametrize("point", ["raw-written:3", "extracting:2", "loaded:2", "publishing"])
def test_a_run_killed_anywhere_finishes_on_the_next(point: str, tmp_path: Path, clean: dict[str, Any]) -> None:
    db = tmp_path / "pantau.duckdb"
    code, output = run_killed(db, point)
    assert code == -signal.SIGKILL, output[-2000:]
    assert writer_path(db).exists()
    assert run_demo(db) == 0                                     # the next night, same server, same pages
    assert snapshot(db) == clean
    assert not list(tmp_path.glob(".*.tmp")), "a half-written published copy left behind"
    con = duckdb.connect(str(db), read_only=True)
    statuses = [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
    con.close()
    if point == "publishing":                     # the run itself had finished; only its publication was lost
        assert statuses == ["completed", "completed"]
    else:
        assert statuses == ["crashed", "completed"]
