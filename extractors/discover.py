"""Discovery: the article links a source's channels announce (RSS/Atom feeds, sitemaps, listing pages).

Each channel is fetched with the source's fetcher; a dead or malformed channel is a recorded failure and
the others still count. Links are canonicalised, kept only when they are the source's own article URLs,
and, where the channel gives a title or summary, only when it mentions one of the source's keywords.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

from extractors.fetch import Fetcher, FetchError
from extractors.pubdate import parse_date
from extractors.urls import canonical
from models import Failure, Link, Source

MAX_SITEMAPS = 10


class ChannelError(ValueError):
    """A channel answered but what it sent cannot be read (a broken feed or sitemap)."""


def parse_feed(content: bytes, source: Source, channel_url: str) -> list[Link]:
    feed = feedparser.parse(content)
    if feed.bozo and not feed.entries:
        raise ChannelError(f"{channel_url}: not a readable feed ({feed.get('bozo_exception')})")
    links = []
    for entry in feed.entries:
        href = entry.get("link")
        if not href:
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = datetime(*stamp[:6], tzinfo=UTC)
        summary = None
        if entry.get("summary"):
            summary = BeautifulSoup(entry["summary"], "lxml").get_text(" ", strip=True)
        links.append(Link(url=urljoin(channel_url, href), source_id=source.id, channel_url=channel_url,
                          title=entry.get("title"), summary=summary, published=published))
    return links


_SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse_sitemap(content: bytes, source: Source, channel_url: str) -> tuple[list[Link], list[str]]:
    """Links of a urlset, or the child sitemaps of a sitemap index."""
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ChannelError(f"{channel_url}: malformed sitemap ({exc})") from exc
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        return [], [loc.text.strip() for loc in root.iter(f"{_SM}loc") if loc.text]
    if tag != "urlset":
        raise ChannelError(f"{channel_url}: not a sitemap (root element <{tag}>)")
    links = []
    for url in root.iter(f"{_SM}url"):
        loc = url.findtext(f"{_SM}loc")
        if not loc:
            continue
        title = url.findtext(f"{_NEWS}news/{_NEWS}title")
        stamp = url.findtext(f"{_NEWS}news/{_NEWS}publication_date") or url.findtext(f"{_SM}lastmod")
        published = None
        if stamp:
            try:
                published = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
            except ValueError:
                parsed = parse_date(stamp)
                published = datetime(parsed.year, parsed.month, parsed.day, tzinfo=UTC) if parsed else None
        links.append(Link(url=loc.strip(), source_id=source.id, channel_url=channel_url, title=title,
                          published=published))
    return links, []


def parse_listing(content: bytes, source: Source, channel_url: str, encoding: str | None = None) -> list[Link]:
    """Anchors on an index page whose URL is one of the source's article URLs; the anchor text is the title."""
    soup = BeautifulSoup(content, "lxml", from_encoding=encoding)
    links = []
    for a in soup.find_all("a", href=True):
        href = urljoin(channel_url, a["href"])
        if is_article_url(href, source):
            links.append(Link(url=href, source_id=source.id, channel_url=channel_url,
                              title=a.get_text(" ", strip=True) or None))
    return links


def is_article_url(url: str, source: Source) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() not in source.hosts:
        return False
    if not source.article_url_patterns:
        return True
    return any(re.search(p, url) for p in source.article_url_patterns)


def relevant(link: Link, keywords: tuple[str, ...]) -> bool:
    """A link is worth fetching when its title or summary names an assessment; links the channel says
    nothing about are fetched, since only the page can tell."""
    text = " ".join(t for t in (link.title, link.summary) if t)
    if not text or not keywords:
        return True
    return any(re.search(rf"(?<!\w){re.escape(k)}(?!\w)", text, re.I) for k in keywords)


def discover(source: Source, fetcher: Fetcher) -> tuple[list[Link], list[Failure], dict[str, Any]]:
    """The source's candidate links (one per canonical URL, relevant), failures, and counts."""
    found: dict[str, Link] = {}
    failures: list[Failure] = []
    seen_total = 0
    queue = [(ch.kind, ch.url) for ch in source.channels]
    sitemaps_read = 0
    while queue:
        kind, url = queue.pop(0)
        try:
            resp = fetcher.get(url)
            if kind == "rss":
                links = parse_feed(resp.content, source, url)
            elif kind == "sitemap":
                sitemaps_read += 1
                links, children = parse_sitemap(resp.content, source, url)
                queue.extend(("sitemap", c) for c in children if sitemaps_read + len(queue) < MAX_SITEMAPS)
            else:
                links = parse_listing(resp.content, source, url, resp.encoding)
        except FetchError as exc:
            failures.append(Failure("discover", source.id, url, exc.reason, str(exc)))
            continue
        except ChannelError as exc:
            failures.append(Failure("discover", source.id, url, "unreadable_channel", str(exc)))
            continue
        for link in links:
            seen_total += 1
            if not is_article_url(link.url, source):
                continue
            found.setdefault(canonical(link.url), link)
    kept = [link for link in found.values() if relevant(link, source.keywords)]
    stats = {"announced": seen_total, "articles": len(found), "relevant": len(kept)}
    return kept, failures, stats
