"""What discovery finds and what fetching keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Link:
    """A candidate article URL found by discovery, with what the channel said about it."""

    url: str
    source_id: str
    channel_url: str
    title: str | None = None
    summary: str | None = None
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """The outcome of one fetch. The raw bytes live in the raw store under `content_hash`.

    A failed fetch is a FetchedPage too (with `error` set and no hash), so that failures are
    recorded per item and the run goes on.
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
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.content_hash is not None
