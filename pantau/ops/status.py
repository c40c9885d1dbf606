"""`pantau status`: the last runs and each source's health, from the published database.

A source's health on one night (`run_sources.health`, decided by `judge` when its fetching is done):

* `unreachable`: none of its channels answered (every one that was tried failed).
* `degraded`: it answered but did not give what it should. Some channel failed (a feed, a sitemap, a
  listing page); or fetching stopped before every link due tonight had an outcome (the fetch stage itself
  failed); or many of its links failed: more than one, and more than a quarter (`DEGRADED_SHARE`) of the
  links tried tonight (article pages fetched, unchanged or failed, plus links its channels announced that are
  no URL).
* `ok`: every channel answered, and at most a small share of single links failed. Those are noted, not
  held against the source: a link that 404s, a later page that times out, a page that does not parse (or
  whose facts fail to extract) is that item's failure, and the same dead link retried for three nights must
  not make a live site look broken. Parsing comes after the verdict and never changes it; items left out on
  purpose (stage `skip`) are no failures at all.

`pantau status` shows each source's newest night as the verdict with its reason, worked out from that night's
counts (`run_sources`) and its failures (`failures`) by the same rule: `ok`, `ok (1 link failed: http_404)`,
`degraded: 2 of 3 channel pages failed (http_503)`, `degraded: 5 of 8 links failed (http_500 3, timeout 2)`,
`unreachable: 2 of 2 channel pages failed (timeout)`; and `failing: unreachable 3 nights in a row (...)` for a source
whose last three nightly runs all found it unreachable: one bad night is the internet, three are a site that
moved, blocked us, or changed its pages. "last ok" is the last night the source delivered: `ok`, or
`degraded` with at least one article page fetched.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from models import Failure
from pantau.printing import table
from pantau.store.published import lock_path

FAILING_NIGHTS = 3
DEGRADED_SHARE = 0.25            # more than this share of a night's links failed (and more than one): degraded


def failure_kind(stage: str, reason: str) -> str | None:
    """What a failure was a failure of, for the health rule: a `channel` (a discovery channel page), a `link`
    (an announced link that is no URL, an article page or a later page that did not come), a `page` that was
    fetched but did not parse or extract, or None (a skipped item, the load, the configuration)."""
    if stage == "discover":
        return "link" if reason == "bad_url" else "channel"
    if stage == "fetch":
        return "link"
    if stage in ("parse", "extract"):
        return "page"
    return None


@dataclass(frozen=True, slots=True)
class Night:
    """What one run did for one source, as the health rule reads it: the counts the flow keeps in
    `run_sources` and the reasons of the source's failures by kind (see `failure_kind`)."""

    channels_answered: int = 0          # read, or 304 Not Modified
    channels_failed: int = 0
    due: int = 0                        # links due to be fetched tonight
    pages_done: int = 0                 # of those, fetched, unchanged (304) or failed
    pages_fetched: int = 0
    failed: Mapping[str, Counter[str]] = field(default_factory=dict)   # kind -> reason -> count

    @classmethod
    def of(cls, counts: Mapping[str, Any], failures: Iterable[tuple[str, str]]) -> Night:
        """From the per-source counts (the flow's stats, or a `run_sources` row) and (stage, reason) pairs."""
        failed: dict[str, Counter[str]] = {}
        for stage, reason in failures:
            kind = failure_kind(stage, reason)
            if kind:
                failed.setdefault(kind, Counter())[reason] += 1

        def n(key: str) -> int:
            return int(counts.get(key) or 0)

        done = n("pages_fetched") + n("pages_unchanged") + n("pages_failed")
        return cls(n("channels_ok") + n("channels_unchanged"), n("channels_failed"),
                   n("due") if "due" in counts else done, done, n("pages_fetched"), failed)

    def count(self, kind: str) -> int:
        return sum(self.failed.get(kind, Counter()).values())


def _reasons(reasons: Counter[str] | None) -> str:
    """`http_503` when the failures share one reason, `http_500 3, timeout 2` when they do not."""
    if not reasons:
        return "?"
    if len(reasons) == 1:
        return next(iter(reasons))
    return ", ".join(f"{r} {c}" for r, c in reasons.most_common())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def judge(night: Night) -> tuple[str, str]:
    """The night's health (`ok`, `degraded`, `unreachable`) and its reason as `pantau status` shows it."""
    channels = night.channels_answered + night.channels_failed
    links_failed = night.count("link")
    links_tried = night.pages_done + night.failed.get("link", Counter()).get("bad_url", 0)
    if night.channels_failed and not night.channels_answered:
        return "unreachable", (f"unreachable: {night.channels_failed} of {_plural(channels, 'channel page')} failed "
                               f"({_reasons(night.failed.get('channel'))})")
    problems, notes = [], []
    if night.channels_failed:
        problems.append(f"{night.channels_failed} of {_plural(channels, 'channel page')} failed "
                        f"({_reasons(night.failed.get('channel'))})")
    if night.pages_done < night.due:
        problems.append(f"fetching stopped after {night.pages_done} of {_plural(night.due, 'due link')}")
    if links_failed > 1 and links_failed > DEGRADED_SHARE * links_tried:
        problems.append(f"{links_failed} of {_plural(max(links_tried, links_failed), 'link')} failed "
                        f"({_reasons(night.failed.get('link'))})")
    elif links_failed:
        notes.append(f"{_plural(links_failed, 'link')} failed: {_reasons(night.failed.get('link'))}")
    if night.count("page"):
        notes.append(f"{_plural(night.count('page'), 'page')} not parsed: {_reasons(night.failed.get('page'))}")
    if problems:
        return "degraded", "degraded: " + "; ".join(problems + notes)
    return "ok", "ok" + (f" ({'; '.join(notes)})" if notes else "")


def health(counts: Mapping[str, Any], failures: Iterable[Failure]) -> str:
    """The nightly flow's verdict on a source, once its fetching is done (called from `flows.nightly`)."""
    return judge(Night.of(counts, ((f.stage, f.reason) for f in failures)))[0]


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
    """Each source's health over its last `nights` nightly runs, newest first; its newest night's verdict
    and reason (`judge`); whether it is failing; and the last night it delivered."""
    rows = con.execute(
        """WITH ranked AS (
               SELECT rs.*, r.started_at,
                      row_number() OVER (PARTITION BY rs.source_id ORDER BY r.started_at DESC) AS n
               FROM run_sources rs JOIN runs r USING (run_id)
               WHERE r.kind = 'nightly')
           SELECT source_id, list(health ORDER BY n),
                  max(started_at) FILTER (WHERE health = 'ok' OR (health = 'degraded' AND pages_fetched > 0)),
                  any_value(run_id) FILTER (WHERE n = 1), any_value(failed_by_reason) FILTER (WHERE n = 1),
                  any_value(detail) FILTER (WHERE n = 1)
           FROM ranked WHERE n <= ? GROUP BY source_id ORDER BY source_id""", [nights]).fetchall()
    out = []
    for source_id, history, last_ok, run_id, reasons, detail in rows:
        failed = con.execute("SELECT stage, reason FROM failures WHERE run_id = ? AND source_id = ?",
                             [run_id, source_id]).fetchall()
        night = Night.of(json.loads(detail) if detail else {}, failed)
        verdict, reason = judge(night)
        failing = len(history) >= FAILING_NIGHTS and all(h == "unreachable" for h in history[:FAILING_NIGHTS])
        if failing:
            verdict, reason = "failing", (f"failing: unreachable {FAILING_NIGHTS} nights in a row "
                                          f"({_reasons(night.failed.get('channel'))})")
        out.append({"source": source_id, "health": verdict, "reason": reason, "history": history,
                    "last_ok": last_ok, "failing": failing, "last_failures": json.loads(reasons) if reasons else {}})
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
    out += ["", "sources (health of their last nightly run and why; history newest first):"]
    rows = [[s["source"], s["reason"], " ".join(s["history"]),
             f"{s['last_ok']:%Y-%m-%d}" if s["last_ok"] else "never"] for s in sources]
    out.append(table(["source", "health", "history", "last ok"], rows, 90) if rows else "  (no nightly runs yet)")
    return "\n".join(out)
