"""A news source, the channels through which its new articles are found, and how politely to ask."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote_plus

ChannelKind = Literal["rss", "sitemap", "listing", "search", "google_news"]
GOOGLE_NEWS_SEARCH = "https://news.google.com/rss/search?q={query}&hl=id&gl=ID&ceid=ID:id"


@dataclass(frozen=True, slots=True)
class Channel:
    """One place to look for new article URLs.

    `url` may be a template: `{query}` (search pages and Google News, one URL per entry of `queries`),
    `{page}` (1, 2, ...) or `{offset}` (0, page_size, ...) for listing pagination. A listing without a
    template follows its `next_page` link instead. `links` narrows a listing page to its article anchors.
    """

    kind: ChannelKind
    url: str
    queries: tuple[str, ...] = ()
    max_pages: int = 1
    page_size: int = 20
    next_page: str | None = None
    links: str | None = None

    @property
    def paginated(self) -> bool:
        return "{page}" in self.url or "{offset}" in self.url

    def templates(self) -> list[str]:
        """The channel's URL once per query (still holding any `{page}`/`{offset}`)."""
        if "{query}" not in self.url:
            return [self.url]
        return [self.url.replace("{query}", quote_plus(q)) for q in self.queries]

    def first_urls(self) -> list[str]:
        """The URL of page 1, once per query."""
        return [self.page_url(t, 1) for t in self.templates()]

    def page_url(self, template: str, page: int) -> str:
        return template.replace("{page}", str(page)).replace("{offset}", str((page - 1) * self.page_size))


@dataclass(frozen=True, slots=True)
class Source:
    """A publisher as configured in `data/sources.toml`.

    `publisher` is the name facts are credited to (a host or a brand); `hosts` are every host whose
    pages belong to it, so links found on a sister domain are still recognised. The politeness settings
    are the source's own: its delay is a floor (a longer robots.txt Crawl-delay wins), `max_per_host`
    caps requests in flight to one host.
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
    max_per_host: int = 1
    timeout_seconds: float = 20.0
    retries: int = 2
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_articles_per_run: int = 50
    time_zone: str = "WIB"      # the newsroom's zone (WIB, WITA, WIT): an article's day is the day there


@dataclass(frozen=True, slots=True)
class HostRule:
    """A politeness floor for a host shared by several sources (news.google.com: once a minute)."""

    host: str
    delay_seconds: float
    max_per_host: int = 1
