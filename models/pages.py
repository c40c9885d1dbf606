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
    keywords: str | None = None      # what the channel files the story under (news:keywords, feed categories)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A link left out on purpose, and why, so that a missing article can be traced to the rule that left it
    out: at discovery (`no_keyword`: what the channel said of it names no assessment) or once its page is
    read (`not_an_article`: a masthead or contact page; `not_relevant`: no assessment named in it)."""

    url: str
    source_id: str
    stage: str            # "discover" or "parse"
    reason: str
    detail: str | None    # the headline the channel gave, or what the page showed


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
    """One HTTP exchange, as the fetch log keeps it (robots.txt, channels, pages, later pages, redirects): every
    request sent is one record, a retried attempt as much as the last. `attempts` is this request's try number
    (1, then 2 for the first retry...); `retried` says another try followed this one, so its outcome is not
    the URL's; `retry_after_seconds` is the pause a 429 or 5xx asked for in its Retry-After header."""

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
    retry_after_seconds: float | None = None
    retried: bool = False


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
