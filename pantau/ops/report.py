"""What a run did, for the person (or the cron mail) reading it, and for Prefect's UI.

The same per-source summary is printed as the last lines of `pantau run`, stored in `run_sources`, and
published as a Prefect table artifact under a stable key, so a run can be read wherever it is looked at.
"""

from __future__ import annotations

from typing import Any

from pantau.printing import table

ARTIFACT_KEY = "pantau-run-report"       # one key for every run: Prefect keeps the history under it
COLUMNS = ("source", "health", "discovered", "new_links", "fetched", "not_modified", "failed", "failed_by_reason",
           "skipped", "articles_new", "articles_changed", "facts_added", "facts_changed", "facts_removed", "seconds")


def report_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per source: discovered, fetched, not modified (304), failed (by reason), left out on purpose
    (at discovery or once read: the `skipped` table says which and why), articles new/changed, facts
    added/changed/removed, duration."""
    rows = []
    for sid, s in (summary.get("sources") or {}).items():
        reasons = s.get("failed_by_reason") or {}
        rows.append({
            "source": sid, "health": s.get("health", "?"), "discovered": s.get("links_found", 0),
            "new_links": s.get("links_new", 0), "fetched": s.get("pages_fetched", 0),
            "not_modified": s.get("pages_unchanged", 0) + s.get("channels_unchanged", 0),
            "failed": s.get("failures", 0),
            "failed_by_reason": ", ".join(f"{r} {n}" for r, n in sorted(reasons.items())) or "-",
            "skipped": sum(n for k, n in s.items() if k.startswith("skipped_") and isinstance(n, int)),
            "articles_new": s.get("articles_new", 0), "articles_changed": s.get("articles_changed", 0),
            "facts_added": s.get("facts_added", 0), "facts_changed": s.get("facts_changed", 0),
            "facts_removed": s.get("facts_removed", 0), "seconds": s.get("seconds", 0),
        })
    return rows


def last_line(summary: dict[str, Any]) -> str:
    loaded = summary.get("loaded") or {}
    return (f"run {summary['run_id']} ({summary['kind']}): {summary['status']} in {summary['duration_seconds']} s; "
            f"articles {loaded.get('new', 0)} new, {loaded.get('changed', 0)} changed; facts "
            f"+{loaded.get('facts_added', 0)} ~{loaded.get('facts_changed', 0)} -{loaded.get('facts_removed', 0)}; "
            f"{summary.get('failure_count', 0)} failure(s)"
            + (f"; error: {summary['error']}" if summary.get("error") else ""))


def print_run(summary: dict[str, Any]) -> None:
    """Details first; the per-source table and the one-line verdict last, where a cron mail's reader looks."""
    if summary.get("failure_count"):
        print(f"failures ({summary['failure_count']}):")
        for f in summary["failures"]:
            print(f"  [{f['stage']}] {f['source'] or '-'} {f['item']}: {f['reason']}: {f['message'][:160]}")
    rows = summary.get("rows") or {}
    print("rows: " + ", ".join(f"{k} {v}" for k, v in rows.items()))
    report = report_rows(summary)
    if report:
        print(table(["source", "health", "found", "new", "fetched", "304", "failed", "by reason", "skipped", "art new",
                     "art chg", "facts +", "facts ~", "facts -", "s"], [list(r.values()) for r in report]))
    print(last_line(summary))


def publish_artifact(summary: dict[str, Any]) -> str | None:
    """The report as a Prefect table artifact under `ARTIFACT_KEY`; returns the artifact's id, or None when
    Prefect could not take it (the run does not fail for that: the same report is in `runs` and `run_sources`)."""
    from prefect.artifacts import create_table_artifact

    try:
        artifact_id = create_table_artifact(key=ARTIFACT_KEY, table=report_rows(summary) or [{"source": "-"}],
                                            description=f"**{last_line(summary)}**")
    except Exception:
        return None
    return str(artifact_id)
