"""What the crawler keeps in DuckDB between nights: the fetch log, page records, channel validators, the
frontier of discovered links, aggregator hints and per-source health.

The frontier is what makes a run incremental and resumable: every link discovery finds is written here
first; a run fetches the pending ones (newest first, up to the source's cap) and marks each outcome. A
link beyond tonight's cap, or one whose fetch failed for a passing reason, is still pending tomorrow; a
link whose sitemap `lastmod` is newer than the stored page goes back to pending and is fetched again
conditionally. Nothing discovered is lost, and nothing stored is fetched twice without a reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import duckdb

from extractors.crawl.urls import canonical
from models import ChannelState, FetchedPage, FetchRecord, Hint, Link, Skipped
from pantau.store.bulk import insert_rows

MAX_ATTEMPTS = 3
FETCH_LOG_COLUMNS = ("run_id", "source_id", "kind", "url", "fetched_at", "status_code", "elapsed_ms", "size_bytes",
                     "content_hash", "raw_path", "content_type", "etag", "last_modified", "attempts", "error",
                     "retry_after_seconds", "retried")
PERMANENT = ("robots_disallowed", "http_410", "bad_url", "bad_redirect", "too_large")


def _canonical_or_raw(url: str) -> str:
    try:
        return canonical(url)
    except ValueError:
        return url


def _now() -> datetime:
    return datetime.now(UTC)


FRONTIER_COLUMNS = ("url", "source_id", "link_url", "channel_url", "title", "published", "updated", "state",
                    "first_seen_at", "first_run_id", "last_seen_at")


class CrawlStore:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    # ------------------------------------------------------------------ fetch log and pages

    def record_fetches(self, run_id: str, records: Iterable[FetchRecord]) -> int:
        """The run's exchanges into `fetch_log`, one row per request sent (see migration 008 for the rows'
        meaning)."""
        rows = [(run_id, r.source_id, r.kind, r.url, r.fetched_at, r.status_code, r.elapsed_ms, r.size_bytes,
                 r.content_hash, r.raw_path, r.content_type, r.etag, r.last_modified, r.attempts,
                 (r.error or "")[:2000] or None, r.retry_after_seconds, r.retried) for r in records]
        return insert_rows(self.con, "fetch_log", FETCH_LOG_COLUMNS, rows)

    def record_pages(self, pages: Iterable[FetchedPage], run_id: str) -> int:
        pages = list(pages)
        unchanged = [(p.fetched_at, run_id, p.url) for p in pages if p.not_modified]
        if unchanged:
            self.con.executemany("UPDATE pages SET checked_at = ?, run_id = ? WHERE url = ?", unchanged)
        rows = [(p.url, p.source_id, p.final_url, p.status_code, p.fetched_at, p.content_type, p.encoding,
                 p.content_hash, p.raw_path, p.size_bytes, p.error, run_id, p.etag, p.last_modified, p.fetched_at,
                 list(p.part_paths)) for p in pages if not p.not_modified]
        if rows:
            # A failed refetch never erases a good copy: hash, path and validators survive an error.
            self.con.executemany(
                """INSERT INTO pages (url, source_id, final_url, status_code, fetched_at, content_type, encoding,
                                      content_hash, raw_path, size_bytes, error, attempts, run_id, etag,
                                      last_modified, checked_at, part_paths)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
                   ON CONFLICT (url) DO UPDATE SET
                     source_id = excluded.source_id, final_url = coalesce(excluded.final_url, pages.final_url),
                     status_code = excluded.status_code, checked_at = excluded.checked_at,
                     fetched_at = CASE WHEN excluded.content_hash IS NULL THEN pages.fetched_at
                                       ELSE excluded.fetched_at END,
                     content_type = coalesce(excluded.content_type, pages.content_type),
                     encoding = CASE WHEN excluded.content_hash IS NULL THEN pages.encoding
                                     ELSE excluded.encoding END,
                     content_hash = coalesce(excluded.content_hash, pages.content_hash),
                     raw_path = coalesce(excluded.raw_path, pages.raw_path),
                     size_bytes = coalesce(excluded.size_bytes, pages.size_bytes),
                     etag = CASE WHEN excluded.content_hash IS NULL THEN pages.etag ELSE excluded.etag END,
                     last_modified = CASE WHEN excluded.content_hash IS NULL THEN pages.last_modified
                                          ELSE excluded.last_modified END,
                     part_paths = CASE WHEN excluded.content_hash IS NULL THEN pages.part_paths
                                       ELSE excluded.part_paths END,
                     error = excluded.error, attempts = pages.attempts + 1, run_id = excluded.run_id""", rows)
        return len(pages)

    def stored_pages(self, unprocessed_only: bool = False) -> list[FetchedPage]:
        """Every page with a stored body, or only those whose body no run has parsed and loaded yet (fetched
        by a run that was killed before it loaded them, or fetched tonight)."""
        rows = self.con.execute(
            f"""SELECT url, source_id, fetched_at, status_code, final_url, content_type, encoding, content_hash,
                      raw_path, size_bytes, etag, last_modified, coalesce(part_paths, [])
               FROM pages WHERE content_hash IS NOT NULL
               {"AND content_hash IS DISTINCT FROM processed_hash" if unprocessed_only else ""}
               ORDER BY url""").fetchall()
        return [FetchedPage(url=r[0], source_id=r[1], fetched_at=r[2], status_code=r[3], final_url=r[4],
                            content_type=r[5], encoding=r[6], content_hash=r[7], raw_path=r[8], size_bytes=r[9],
                            etag=r[10], last_modified=r[11], part_paths=tuple(r[12])) for r in rows]

    def mark_processed(self, pages: Iterable[tuple[str, str]]) -> None:
        """(url, content_hash) pairs whose content ended in a recorded failure: done with, like a loaded one."""
        rows = [(h, u) for u, h in pages]
        if rows:
            self.con.executemany("UPDATE pages SET processed_hash = ? WHERE url = ?", rows)

    def forget_bodies(self, urls: Iterable[str]) -> list[str]:
        """Pages whose stored body is corrupt: forgotten (hash, path, validators) and due again, so the next
        fetch is unconditional and stores a good copy. Returns the raw paths they had."""
        urls = list(urls)
        if not urls:
            return []
        rows = self.con.execute("SELECT raw_path FROM pages WHERE url IN (SELECT unnest(?))", [urls]).fetchall()
        self.con.execute(
            """UPDATE pages SET content_hash = NULL, raw_path = NULL, etag = NULL, last_modified = NULL,
                 part_paths = [], error = 'corrupt_raw: stored body unreadable; fetched again'
               WHERE url IN (SELECT unnest(?))""", [urls])
        self.con.execute("UPDATE frontier SET state = 'pending', attempts = 0 WHERE url IN (SELECT unnest(?))",
                         [urls])
        return [r[0] for r in rows if r[0]]

    # ------------------------------------------------------------------ channels

    def channel_states(self, source_id: str) -> dict[str, ChannelState]:
        rows = self.con.execute(
            """SELECT url, source_id, kind, checked_at, status_code, etag, last_modified, content_hash, links, error
               FROM channels WHERE source_id = ?""", [source_id]).fetchall()
        return {r[0]: ChannelState(*r) for r in rows}

    def record_channels(self, states: Iterable[ChannelState]) -> None:
        rows = [(s.url, s.source_id, s.kind, s.checked_at, s.status_code, s.etag, s.last_modified, s.content_hash,
                 s.links, s.error, None if s.error else s.checked_at) for s in states]
        if rows:
            self.con.executemany(
                """INSERT INTO channels VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (url) DO UPDATE SET source_id = excluded.source_id, kind = excluded.kind,
                     checked_at = excluded.checked_at, status_code = excluded.status_code,
                     etag = coalesce(excluded.etag, channels.etag),
                     last_modified = coalesce(excluded.last_modified, channels.last_modified),
                     content_hash = coalesce(excluded.content_hash, channels.content_hash),
                     links = excluded.links, error = excluded.error,
                     last_ok_at = coalesce(excluded.last_ok_at, channels.last_ok_at)""", rows)

    # ------------------------------------------------------------------ frontier

    def known_urls(self, source_id: str) -> set[str]:
        rows = self.con.execute("SELECT url FROM frontier WHERE source_id = ?", [source_id]).fetchall()
        return {r[0] for r in rows}

    def add_links(self, run_id: str, links: Iterable[Link]) -> int:
        """Discovered links into the frontier; returns how many were new. A known link whose `updated` is
        newer than its stored page is due again."""
        now = _now()
        rows = {}
        for link in links:
            key = canonical(link.url)
            rows.setdefault(key, (key, link.source_id, link.url, link.channel_url, link.title, link.published,
                                  link.updated, "pending", now, run_id, now))
        if not rows:
            return 0
        before = self.con.execute("SELECT count(*) FROM frontier").fetchone()[0]  # type: ignore[index]
        # In one statement (`insert_rows`): a 50,000-URL sitemap goes in in a second, not in minutes.
        insert_rows(self.con, "frontier", FRONTIER_COLUMNS, rows.values(),
                    """ON CONFLICT (url) DO UPDATE SET last_seen_at = excluded.last_seen_at,
                         title = coalesce(frontier.title, excluded.title),
                         published = coalesce(frontier.published, excluded.published),
                         updated = greatest(frontier.updated, excluded.updated)""")
        after = self.con.execute("SELECT count(*) FROM frontier").fetchone()[0]  # type: ignore[index]
        self.con.execute(
            """UPDATE frontier SET state = 'pending', attempts = 0 FROM pages
               WHERE pages.url = frontier.url AND frontier.state = 'fetched' AND frontier.updated IS NOT NULL
                 AND pages.content_hash IS NOT NULL AND frontier.updated > pages.fetched_at""")
        return int(after) - int(before)

    def due(self, source_id: str, limit: int) -> tuple[list[Link], dict[str, tuple[str | None, str | None]]]:
        """The links to fetch tonight (newest first) and, for those stored already, their validators."""
        rows = self.con.execute(
            """SELECT f.url, f.link_url, f.channel_url, f.title, f.published, f.updated, p.etag, p.last_modified,
                      p.content_hash IS NOT NULL AS stored
               FROM frontier f LEFT JOIN pages p USING (url)
               WHERE f.source_id = ? AND (f.state = 'pending' OR (f.state = 'failed' AND f.attempts < ?))
               ORDER BY coalesce(f.updated, f.published) DESC NULLS LAST, f.first_seen_at, f.url
               LIMIT ?""", [source_id, MAX_ATTEMPTS, limit]).fetchall()
        links = [Link(url=r[1], source_id=source_id, channel_url=r[2], title=r[3], published=r[4], updated=r[5])
                 for r in rows]
        validators = {r[0]: (r[6], r[7]) for r in rows if r[8]}
        return links, validators

    def pending_count(self, source_id: str) -> int:
        row = self.con.execute(
            "SELECT count(*) FROM frontier WHERE source_id = ? AND (state = 'pending' OR "
            "(state = 'failed' AND attempts < ?))", [source_id, MAX_ATTEMPTS]).fetchone()
        return int(row[0]) if row else 0

    def mark_fetched(self, pages: Iterable[FetchedPage]) -> None:
        rows = []
        for p in pages:
            reason = (p.error or "").split(":", 1)[0]
            if p.ok or p.not_modified:
                state, error = "fetched", None
            else:
                state = "gave_up" if reason in PERMANENT else "failed"
                error = p.error
            rows.append((state, error, p.url))
        if rows:
            self.con.executemany(
                """UPDATE frontier SET attempts = attempts + 1, last_error = $2,
                     state = CASE WHEN $1 = 'failed' AND attempts + 1 >= $4 THEN 'gave_up' ELSE $1 END
                   WHERE url = $3""", [(*r, MAX_ATTEMPTS) for r in rows])

    # ------------------------------------------------------------------ hints and health

    def record_hints(self, run_id: str, hints: Iterable[Hint]) -> int:
        rows = {h.url: (h.url, h.source_id, h.channel_url, h.title, h.publisher_url, h.published, _now(), run_id)
                for h in hints}
        if rows:
            self.con.executemany("INSERT INTO hints VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                                 list(rows.values()))
        return len(rows)

    def record_skipped(self, run_id: str, skipped: Iterable[Skipped]) -> int:
        """Links left out tonight, with why. A link that is fetched and loaded later leaves this table
        (`unskip`), so it holds what is left out now."""
        rows = {}
        for s in skipped:
            key = _canonical_or_raw(s.url)
            rows[key] = (key, s.source_id, s.stage, s.reason, (s.detail or "")[:1000] or None, run_id, _now())
        if rows:
            insert_rows(self.con, "skipped", ("url", "source_id", "stage", "reason", "detail", "run_id", "skipped_at"),
                        rows.values(), """ON CONFLICT (url) DO UPDATE SET stage = excluded.stage,
                            reason = excluded.reason, detail = excluded.detail, run_id = excluded.run_id,
                            skipped_at = excluded.skipped_at""")
        return len(rows)

    def unskip(self, urls: Iterable[str]) -> None:
        keys = [_canonical_or_raw(u) for u in urls]
        if keys:
            self.con.execute("DELETE FROM skipped WHERE url IN (SELECT unnest(?))", [keys])

    def record_source_report(self, run_id: str, source_id: str, stats: dict[str, Any]) -> None:
        """After the load: what it did to the source's articles and facts, failures by reason, time taken."""
        self.con.execute(
            """UPDATE run_sources SET articles_new = ?, articles_changed = ?, facts_added = ?, facts_changed = ?,
                      facts_removed = ?, failures = ?, failed_by_reason = ?, duration_seconds = ?, detail = ?
               WHERE run_id = ? AND source_id = ?""",
            [*(int(stats.get(k, 0)) for k in ("articles_new", "articles_changed", "facts_added", "facts_changed",
                                               "facts_removed", "failures")),
             json.dumps(stats.get("failed_by_reason", {})), stats.get("seconds"), json.dumps(stats, default=str),
             run_id, source_id])

    def record_source_health(self, run_id: str, source_id: str, health: str, counts: dict[str, Any]) -> None:
        columns = ("channels_ok", "channels_failed", "channels_unchanged", "links_found", "links_new",
                   "pages_fetched", "pages_unchanged", "pages_failed", "failures")
        self.con.execute(
            f"""INSERT INTO run_sources (run_id, source_id, health, {', '.join(columns)}, detail)
                VALUES (?, ?, ?, {', '.join('?' for _ in columns)}, ?)
                ON CONFLICT (run_id, source_id) DO UPDATE SET health = excluded.health, detail = excluded.detail""",
            [run_id, source_id, health, *(int(counts.get(c, 0)) for c in columns), json.dumps(counts, default=str)])
