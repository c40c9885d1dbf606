"""What a run did, printed for the person (or the cron mail) reading it."""

from __future__ import annotations

from typing import Any

from pantau.printing import table


def print_run(summary: dict[str, Any]) -> None:
    print(f"run {summary['run_id']} ({summary['kind']}): {summary['status']} in {summary['duration_seconds']} s")
    if summary.get("error"):
        print(f"error: {summary['error']}")
    if summary.get("sources"):
        rows = [[sid, s.get("announced", 0), s.get("relevant", 0), s.get("already_stored", 0), s.get("fetched", 0),
                 s.get("fetch_failed", 0), "unreachable" if s.get("unreachable") else "ok"]
                for sid, s in summary["sources"].items()]
        print(table(["source", "announced", "relevant", "already stored", "fetched", "failed", "health"], rows))
    loaded = summary.get("loaded") or {}
    if loaded:
        print(f"articles: {loaded.get('new', 0)} new, {loaded.get('changed', 0)} changed, "
              f"{loaded.get('unchanged', 0)} unchanged; facts in them: {loaded.get('facts', 0)}, "
              f"officials: {loaded.get('officials', 0)}")
    if summary.get("failure_count"):
        print(f"failures ({summary['failure_count']}):")
        for f in summary["failures"]:
            print(f"  [{f['stage']}] {f['source'] or '-'} {f['item']}: {f['reason']}: {f['message'][:160]}")
    rows = summary.get("rows") or {}
    print("rows: " + ", ".join(f"{k} {v}" for k, v in rows.items()))
