"""A news source and the channels through which its new articles are found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ChannelKind = Literal["rss", "sitemap", "listing"]


@dataclass(frozen=True, slots=True)
class Channel:
    """One place to look for new article URLs (a feed, a sitemap, a listing page)."""

    kind: ChannelKind
    url: str


@dataclass(frozen=True, slots=True)
class Source:
    """A publisher as configured in `data/sources.toml`.

    `publisher` is the name facts are credited to (a host or a brand); `hosts` are every host whose
    pages belong to it, so links found on a sister domain are still recognised.
    """

    id: str
    name: str
    publisher: str
    hosts: tuple[str, ...]
    profile: str
    channels: tuple[Channel, ...]
    article_url_patterns: tuple[str, ...] = ()
    brand_aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    user_agent: str | None = None
    delay_seconds: float = 2.0
    max_articles_per_run: int = 50
