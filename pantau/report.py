"""What a run did, printed for the person (or the cron mail) reading it."""

from __future__ import annotations

from typing import Any

from pantau.printing import table


def print_run(summary: dict[str, Any]) -> None:
    print(f"run {summary['run_id']} ({summary['kind']}): {summary['status']} in {summary['duration_seconds']} s")
    if summary.get("error"):
        print(f"error: {summary['error']}")
    if summary.get("sources"):
        rows = [[sid, f"{s.get('channels_ok', 0)}/{s.get('channels_unchanged', 0)}/{s.get('channels_failed', 0)}",
                 s.get("announced", 0), s.get("relevant", 0), s.get("links_new", 0), s.get("pages_fetched", 0),
                 s.get("pages_unchanged", 0), s.get("pages_failed", 0), s.get("pending", 0), s.get("hints", 0),
                 s.get("health", "?")]
                for sid, s in summary["sources"].items()]
        print(table(["source", "channels ok/304/failed", "announced", "relevant", "new links", "fetched", "304",
                     "failed", "pending", "hints", "health"], rows))
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
