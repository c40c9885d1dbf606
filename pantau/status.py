"""`pantau status`: the last runs and each source's health, from the published database.

A source whose last three nightly runs all found it unreachable is flagged: one bad night is the internet, three
are a site that moved, blocked us, or changed its pages.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import duckdb

from pantau.printing import table
from pantau.published import lock_path

FAILING_NIGHTS = 3


def last_runs(con: duckdb.DuckDBPyConnection, limit: int) -> list[dict[str, Any]]:
    rows = con.execute(
        """SELECT run_id, kind, started_at, status, round(epoch(finished_at) - epoch(started_at), 1),
                  report->>'$.loaded.new', report->>'$.loaded.changed', report->>'$.loaded.facts_added',
                  report->>'$.loaded.facts_changed', report->>'$.loaded.facts_removed', report->>'$.failure_count'
           FROM runs ORDER BY started_at DESC LIMIT ?""", [limit]).fetchall()
    names = ("run_id", "kind", "started_at", "status", "seconds", "articles_new", "articles_changed", "facts_added",
             "facts_changed", "facts_removed", "failures")
    return [dict(zip(names, row, strict=True)) for row in rows]


def source_health(con: duckdb.DuckDBPyConnection, nights: int = 7) -> list[dict[str, Any]]:
    """Each source's health over its last `nights` nightly runs, newest first, and whether it is failing."""
    rows = con.execute(
        """WITH ranked AS (
               SELECT rs.source_id, rs.health, r.started_at, rs.failed_by_reason,
                      row_number() OVER (PARTITION BY rs.source_id ORDER BY r.started_at DESC) AS n
               FROM run_sources rs JOIN runs r USING (run_id)
               WHERE r.kind = 'nightly')
           SELECT source_id, list(health ORDER BY n), max(started_at) FILTER (WHERE health = 'ok'),
                  any_value(failed_by_reason) FILTER (WHERE n = 1)
           FROM ranked WHERE n <= ? GROUP BY source_id ORDER BY source_id""", [nights]).fetchall()
    out = []
    for source_id, history, last_ok, reasons in rows:
        failing = len(history) >= FAILING_NIGHTS and all(h == "unreachable" for h in history[:FAILING_NIGHTS])
        out.append({"source": source_id, "history": history, "last_ok": last_ok, "failing": failing,
                    "last_failures": json.loads(reasons) if reasons else {}})
    return out


def writer_now(db: Path) -> str | None:
    """Who is writing the database now, if anyone (the lock file names its holder while it is held)."""
    try:
        info = json.loads(lock_path(db).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return None
    pid = info.get("pid")
    if not pid:
        return None
    try:
        os.kill(int(pid), 0)
    except (ProcessLookupError, PermissionError, ValueError):
        return None                                # a holder that died: the kernel has dropped its lock
    return f"pid {pid} ({info.get('command', '?')}) since {info.get('since', '?')}"


def status_text(db: Path, runs: list[dict[str, Any]], sources: list[dict[str, Any]]) -> str:
    writer = writer_now(db)
    out = [f"database: {db} (published copy){'; writing now: ' + writer if writer else ''}", "", "last runs:"]
    out.append(table(["started (UTC)", "kind", "status", "s", "art new", "art chg", "facts +", "facts ~", "facts -",
                      "failures"],
                     [[f"{r['started_at']:%Y-%m-%d %H:%M}", r["kind"], r["status"], r["seconds"],
                       r["articles_new"], r["articles_changed"], r["facts_added"], r["facts_changed"],
                       r["facts_removed"], r["failures"]] for r in runs]) if runs else "  (no runs yet)")
    out += ["", "sources (health in their last nightly runs, newest first):"]
    rows = [[s["source"], " ".join(s["history"]), f"{s['last_ok']:%Y-%m-%d}" if s["last_ok"] else "never",
             f"FAILING {FAILING_NIGHTS} NIGHTS IN A ROW: "
             + (", ".join(f"{k} {v}" for k, v in s["last_failures"].items()) or "unreachable")
             if s["failing"] else ""] for s in sources]
    out.append(table(["source", "history", "last ok", "note"], rows, 90) if rows else "  (no nightly runs yet)")
    return "\n".join(out)
