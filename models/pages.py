"""What discovery finds and what fetching keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Link:
    """A candidate article URL found by discovery, with what the channel said about it.

    `published` is when the article appeared, `updated` when the channel says it last changed (a
    sitemap's lastmod, a feed's updated): a stored page older than `updated` is fetched again.
    """

    url: str
    source_id: str
    channel_url: str
    title: str | None = None
    summary: str | None = None
    published: datetime | None = None
    updated: datetime | None = None


@dataclass(frozen=True, slots=True)
class Hint:
    """An aggregator item (Google News) whose publisher URL could not be resolved: kept, not fetched, so
    that someone (or a later run) can find the article by its title."""

    url: str
    source_id: str
    channel_url: str
    title: str | None
    publisher_url: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class ChannelState:
    """What was last seen of a channel URL: its validators for a conditional GET, and how it answered."""

    url: str
    source_id: str
    kind: str
    checked_at: datetime
    status_code: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    links: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One HTTP exchange, as the fetch log keeps it (robots.txt, channels, pages, later pages, redirects)."""

    url: str
    kind: str
    source_id: str | None
    fetched_at: datetime
    status_code: int | None
    final_url: str | None = None
    elapsed_ms: int | None = None
    size_bytes: int | None = None
    content_hash: str | None = None
    raw_path: str | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 1
    error: str | None = None


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """The outcome of fetching one article. The raw bytes live in the raw store under `content_hash`;
    `part_paths` are the raw files of the article's later pages, in order.

    A failed fetch is a FetchedPage too (with `error` set and no hash), so that failures are
    recorded per item and the run goes on. A 304 answer is `not_modified`: the stored copy stands.
    """

    url: str
    source_id: str
    fetched_at: datetime
    status_code: int | None
    final_url: str | None = None
    content_type: str | None = None
    encoding: str | None = None
    content_hash: str | None = None
    raw_path: str | None = None
    size_bytes: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    part_paths: tuple[str, ...] = ()
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304 and self.error is None

    @property
    def ok(self) -> bool:
        return self.error is None and self.content_hash is not None
