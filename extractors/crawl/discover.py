"""Discovery: the article links a source's channels announce.

Channels are RSS/Atom feeds, XML sitemaps (indexes and news sitemaps), listing pages with their pagination,
site search pages, and Google News RSS searches. Each is fetched with a conditional GET (a 304 means
nothing new there); a dead or malformed channel is a recorded failure and the others still count. Links
are kept when they are the source's own article URLs, dated (when the channel dates them) no earlier than
`since`, and, where the channel gives a title or summary, mention one of the source's keywords. Pagination
stops at the configured page limit, at a page that repeats the last, or at a page with nothing unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser
from bs4 import BeautifulSoup, Tag
from lxml import etree

from extractors.common.dates import moment
from extractors.common.decoding import soup_of
from extractors.common.relevance import mentions
from extractors.crawl.fetch import Fetcher, FetchError, Response
from extractors.crawl.google_news import decode_article_url, split_title
from extractors.crawl.urls import canonical, join, valid
from models import Channel, ChannelState, Failure, Hint, Link, Skipped, Source

ARCHIVE_MAX_PAGES = 2000        # a backfill's listing walk ends long before this on any real archive
ARCHIVE_MAX_SITEMAPS = 5000
MAX_SITEMAPS = 20
MIN_TEASER_WORDS = 8
MAX_RESOLVES = 10          # Google News links tried by request per channel URL and run


class ChannelError(ValueError):
    """A channel answered but what it sent cannot be read (a broken feed or sitemap)."""


@dataclass
class Discovery:
    links: list[Link] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    channels: list[ChannelState] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n


# ------------------------------------------------------------------ parsers (pure)

def read_feed(content: bytes, channel_url: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse(content)
    if feed.bozo and not feed.entries:
        raise ChannelError(f"{channel_url}: not a readable feed ({feed.get('bozo_exception')})")
    if not feed.version and not feed.entries:        # an HTML page or other text: no feed at all
        raise ChannelError(f"{channel_url}: not a feed (no RSS or Atom element)")
    return feed


def _entry_time(entry: feedparser.FeedParserDict, key: str) -> datetime | None:
    """An entry's own `published_parsed` / `updated_parsed` (not feedparser's fallback from one to the other)."""
    stamp = dict.get(entry, key)
    return datetime(*stamp[:6], tzinfo=UTC) if stamp else None


def parse_feed(content: bytes, source: Source, channel_url: str) -> list[Link]:
    links = []
    for entry in read_feed(content, channel_url).entries:
        href = entry.get("link")
        if not href:
            continue
        published, updated = _entry_time(entry, "published_parsed"), _entry_time(entry, "updated_parsed")
        summary = None
        if entry.get("summary"):
            summary = BeautifulSoup(entry["summary"], "lxml").get_text(" ", strip=True)
        categories = ", ".join(t.get("term") for t in entry.get("tags", []) if t.get("term")) or None
        links.append(Link(url=join(channel_url, href), source_id=source.id, channel_url=channel_url,
                          title=entry.get("title"), summary=summary, published=published or updated,
                          updated=updated if updated and updated != published else None, keywords=categories))
    return links


_SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse_sitemap(content: bytes, source: Source, channel_url: str
                  ) -> tuple[list[Link], list[tuple[str, datetime | None]]]:
    """Links of a urlset, or the child sitemaps (with their lastmod) of a sitemap index."""
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ChannelError(f"{channel_url}: malformed sitemap ({exc})") from exc
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        children = []
        for sm in root.iter(f"{_SM}sitemap"):
            loc = sm.findtext(f"{_SM}loc")
            if loc and loc.strip():
                children.append((join(channel_url, loc.strip()), moment(sm.findtext(f"{_SM}lastmod"))))
        return [], children
    if tag != "urlset":
        raise ChannelError(f"{channel_url}: not a sitemap (root element <{tag}>)")
    links = []
    for url in root.iter(f"{_SM}url"):
        loc = url.findtext(f"{_SM}loc")
        if not loc or not loc.strip():
            continue
        published = moment(url.findtext(f"{_NEWS}news/{_NEWS}publication_date"))
        lastmod = moment(url.findtext(f"{_SM}lastmod"))
        links.append(Link(url=join(channel_url, loc.strip()), source_id=source.id, channel_url=channel_url,
                          title=url.findtext(f"{_NEWS}news/{_NEWS}title"), published=published or lastmod,
                          updated=lastmod, keywords=url.findtext(f"{_NEWS}news/{_NEWS}keywords")))
    return links, []


def parse_listing(soup: BeautifulSoup, source: Source, channel_url: str, selector: str | None = None) -> list[Link]:
    """Anchors on an index or search page that are the source's article URLs; the anchor text is the title,
    a `<time datetime>` beside it, when there is one, the date, and the item's other text (a teaser
    paragraph) the summary, when the item holds this one story only."""
    links = []
    for a in soup.select(selector) if selector else soup.find_all("a", href=True):
        href = a.get("href")
        if not isinstance(href, str):
            continue
        url = join(channel_url, href.strip())
        if not is_article_url(url, source):
            continue
        published = None
        item = a.find_parent(["li", "article", "div"])
        stamp = item.find("time", attrs={"datetime": True}) if item else None
        if stamp is not None:
            published = moment(str(stamp["datetime"]))
        title = a.get_text(" ", strip=True) or None
        links.append(Link(url=url, source_id=source.id, channel_url=channel_url, title=title,
                          published=published, summary=_teaser(item, url, title) if item else None))
    return links


def _teaser(item: Tag, url: str, title: str | None) -> str | None:
    """The text of a listing item beside its headline, when the item is this story's alone (a wrapper
    holding several stories would lend every one of them the others' words)."""
    targets = {canonical(join(url, str(a.get("href")))) for a in item.find_all("a", href=True)}
    if len(targets) != 1:
        return None
    text = " ".join(item.get_text(" ", strip=True).split())
    if title:
        text = text.replace(" ".join(title.split()), " ").strip()
    # A date, a section label or a byline beside the headline is no teaser: the link stays headline-only.
    return text[:500] if len(text.split()) >= MIN_TEASER_WORDS else None


def next_page_url(soup: BeautifulSoup, channel_url: str, selector: str) -> str | None:
    css, _, attr = selector.partition("@")
    el = soup.select_one(css)
    href = el.get(attr or "href") if el is not None else None
    return join(channel_url, href) if isinstance(href, str) and href.strip() else None


def is_article_url(url: str, source: Source) -> bool:
    if not valid(url):
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() not in source.hosts:
        return False
    if not source.article_url_patterns:
        return True
    return any(re.search(p, url) for p in source.article_url_patterns)


# Words of a headline that may hide an assessment its lead names (`Pemkab Lebong Raih Penghargaan`): a link
# the channel says nothing more of is fetched for its body when its headline has one of these.
_MAYBE = re.compile(r"\b(?:pemkab|pemkot|pemprov|pemda|pemerintah|bupati|wali\s?kota|walkot|gubernur|"
                    r"penghargaan|predikat|peringkat|nilai|skor|indeks|terbaik|tertinggi|raih|meraih|award|"
                    r"evaluasi|penilaian|capaian|kinerja|opini|zona|kategori|pelayanan|layanan|rapor)\b", re.I)


def skip_reason(link: Link, keywords: tuple[str, ...]) -> str | None:
    """Why a link is not worth fetching, or None. What the channel says of it (title, summary, news
    keywords, feed categories) naming an assessment lets it in; a link with only a headline is fetched when
    the headline may hide one, and the page then decides (`extractors.common.relevance`, at parse); a link the
    channel says nothing about is fetched, since only the page can tell."""
    if not keywords:
        return None
    said = [t for t in (link.title, link.summary, link.keywords) if t]
    if not said or mentions(" ".join(said), keywords):
        return None
    if said == [link.title] and _MAYBE.search(link.title or ""):
        return None
    return "no_keyword" if len(said) > 1 else "no_keyword_in_title"


def _natural(url: str) -> list[Any]:
    """`post-10` after `post-9`."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", url)]


# ------------------------------------------------------------------ fetching channels

class _Run:
    """One source's discovery: the fetcher, what is known, and what was found so far."""

    def __init__(self, source: Source, fetcher: Fetcher, since: datetime | None,
                 state: dict[str, ChannelState], known: set[str], archive: bool = False):
        self.source, self.fetcher, self.since, self.state, self.known = source, fetcher, since, state, known
        self.archive = archive
        self.out = Discovery()
        self.found: dict[str, tuple[Link, bool]] = {}      # canonical URL -> (link, keyword-filtered?)
        self.sitemaps_read: set[str] = set()

    def fetch(self, channel: Channel, url: str, conditional: bool = True, past_the_end: bool = False
              ) -> Response | None:
        """The channel page, or None when it failed (recorded) or has not changed (304). With `past_the_end`,
        a 404 is the end of a listing's pages, not a failure."""
        previous = self.state.get(url) if conditional and not self.archive else None
        now = datetime.now(UTC)
        try:
            resp = self.fetcher.get(url, kind="channel", etag=previous.etag if previous else None,
                                    last_modified=previous.last_modified if previous else None)
        except FetchError as exc:
            if past_the_end and exc.status_code == 404:
                return None
            self.out.failures.append(Failure("discover", self.source.id, url, exc.reason, str(exc)))
            # Validators left out are kept by the store: a failed night does not forget the last good copy.
            self.out.channels.append(ChannelState(url, self.source.id, channel.kind, now, exc.status_code,
                                                  error=f"{exc.reason}: {exc}"))
            self.out.count("channels_failed")
            return None
        if resp.not_modified and previous is not None:
            self.out.channels.append(ChannelState(url, self.source.id, channel.kind, now, 304,
                                                  links=previous.links))
            self.out.count("channels_unchanged")
            return None
        return resp

    def done(self, channel: Channel, url: str, resp: Response, links: int, error: str | None = None) -> None:
        """Record a channel page that answered: read (`links` found), or unreadable (`error`)."""
        self.out.count("channels_failed" if error else "channels_ok")
        self.out.channels.append(ChannelState(
            url, self.source.id, channel.kind, datetime.now(UTC), resp.status_code,
            None if error else resp.headers.get("etag"), None if error else resp.headers.get("last-modified"),
            resp.content_hash, links, error))

    def unreadable(self, channel: Channel, url: str, resp: Response, exc: ChannelError) -> None:
        self.out.failures.append(Failure("discover", self.source.id, url, "unreadable_channel", str(exc)))
        self.done(channel, url, resp, 0, f"unreadable_channel: {exc}")

    def too_old(self, link: Link) -> bool:
        when = link.updated or link.published
        return self.since is not None and when is not None and when < self.since

    def add(self, links: list[Link], *, filtered: bool = True) -> int:
        """Keep the source's article links; returns how many of them are not stored yet."""
        fresh: set[str] = set()
        for link in links:
            self.out.count("announced")
            if not valid(link.url):                       # `http://[::1/a/bad`: this link fails, not the channel
                self.out.count("bad_links")
                self.out.failures.append(Failure("discover", self.source.id, link.url[:500], "bad_url",
                                                 f"{link.channel_url}: announces an unusable URL {link.url[:200]!r}"))
                continue
            if not is_article_url(link.url, self.source):
                continue
            if self.too_old(link):
                self.out.count("too_old")
                continue
            key = canonical(link.url)
            if key in self.found:                     # what every channel said of it decides, not the first
                seen, was_filtered = self.found[key]
                link = replace(seen, title=seen.title or link.title, summary=seen.summary or link.summary,
                               keywords=seen.keywords or link.keywords, published=seen.published or link.published,
                               updated=max((u for u in (seen.updated, link.updated) if u), default=None))
                filtered = filtered and was_filtered
            self.found[key] = (link, filtered)
            if key not in self.known:
                fresh.add(key)
        return len(fresh)

    # -------------------------------------------------------------- channel kinds

    def feed(self, channel: Channel) -> None:
        for url in channel.first_urls():
            resp = self.fetch(channel, url)
            if resp is None:
                continue
            try:
                links = parse_feed(resp.content, self.source, url)
            except ChannelError as exc:
                self.unreadable(channel, url, resp, exc)
                continue
            self.add(links)
            self.done(channel, url, resp, len(links))

    def _children_known(self, index: str) -> list[str]:
        """The child sitemaps an index listed on an earlier night (newest-numbered first): an index that
        answers 304 has not changed its list, but its children change with every post (WordPress core's
        `wp-sitemap.xml` never changes when posts do), so each is still asked, conditionally."""
        firsts = {canonical(u) for ch in self.source.channels for u in ch.first_urls()}
        children = [url for url, st in self.state.items()
                    if st.kind == "sitemap" and canonical(url) not in firsts | {canonical(index)}]
        return sorted(children, key=_natural, reverse=True)

    def sitemap(self, channel: Channel) -> None:
        queue = list(channel.first_urls())
        visited = self.sitemaps_read                    # an index that lists itself is read once
        read = 0
        while queue and read < (ARCHIVE_MAX_SITEMAPS if self.archive else MAX_SITEMAPS):
            url = queue.pop(0)
            if canonical(url) in visited:
                continue
            visited.add(canonical(url))
            read += 1
            resp = self.fetch(channel, url)
            if resp is None:
                last = self.out.channels[-1] if self.out.channels else None
                if (last is not None and last.url == url and last.status_code == 304 and self.state[url].links
                        and url in channel.first_urls()):
                    queue.extend(self._children_known(url))
                continue
            try:
                links, children = parse_sitemap(resp.content, self.source, url)
            except ChannelError as exc:
                self.unreadable(channel, url, resp, exc)
                continue
            for child, lastmod in children:
                if not valid(child):
                    self.out.failures.append(Failure("discover", self.source.id, child[:500], "bad_url",
                                                     f"{url}: lists an unusable sitemap URL {child[:200]!r}"))
                    continue
                if self.since is not None and lastmod is not None and lastmod < self.since:
                    self.out.count("sitemaps_skipped_old")
                    continue
                queue.append(child)
            self.add(links)
            self.done(channel, url, resp, len(links) + len(children))

    def listing(self, channel: Channel, *, filtered: bool = True) -> None:
        for template in channel.templates():
            url: str | None = channel.page_url(template, 1)
            seen: set[str] = set()
            for page in range(1, (ARCHIVE_MAX_PAGES if self.archive else max(1, channel.max_pages)) + 1):
                if url is None:
                    break
                # Only page 1 is asked conditionally: a later page's content shifts with every new article.
                resp = self.fetch(channel, url, conditional=page == 1, past_the_end=page > 1)
                if resp is None:
                    break
                soup = soup_of(resp.content, resp.encoding)
                links = parse_listing(soup, self.source, url, channel.links)
                keys = {canonical(link.url) for link in links}
                self.done(channel, url, resp, len(links))
                if not keys or keys <= seen:               # an empty page, or one repeating the last
                    break
                seen |= keys
                self.out.count("listing_pages")
                fresh = self.add(links, filtered=filtered)
                if self.archive:
                    # Walking an archive: stored links do not end it (a resumed backfill passes them again);
                    # a page whose dated links are all older than `since` does.
                    dated = [link for link in links if (link.updated or link.published) is not None]
                    if dated and all(self.too_old(link) for link in dated):
                        break
                elif fresh == 0:                              # everything here is stored already, or too old
                    break
                if "{offset}" in template and len(keys) < channel.page_size:     # a short page is the last
                    break
                if channel.paginated:
                    url = channel.page_url(template, page + 1)
                elif channel.next_page:
                    url = next_page_url(soup, url, channel.next_page)
                else:
                    url = None

    def google_news(self, channel: Channel) -> None:
        for url in channel.first_urls():
            resp = self.fetch(channel, url)
            if resp is None:
                continue
            try:
                feed = read_feed(resp.content, url)
            except ChannelError as exc:
                self.unreadable(channel, url, resp, exc)
                continue
            tries = 0
            links = []
            for entry in feed.entries:
                link = entry.get("link") or ""
                title, _ = split_title(entry.get("title"))
                publisher = (entry.get("source") or {}).get("href")
                if publisher and (urlsplit(publisher).hostname or "").lower() not in self.source.hosts:
                    self.out.count("elsewhere")            # a search also finds other publishers' stories
                    continue
                published = _entry_time(entry, "published_parsed")
                target = decode_article_url(link)
                if target is None and link and tries < MAX_RESOLVES:
                    tries += 1
                    try:
                        target = self.fetcher.location(link)
                    except FetchError:
                        target = None
                if target and is_article_url(target, self.source):
                    links.append(Link(url=target, source_id=self.source.id, channel_url=url, title=title,
                                      published=published))
                elif link:
                    self.out.hints.append(Hint(link, self.source.id, url, title, publisher, published))
            self.add(links, filtered=False)
            self.done(channel, url, resp, len(links))


def discover(source: Source, fetcher: Fetcher, *, since: datetime | None = None,
             channel_state: dict[str, ChannelState] | None = None, known: set[str] | None = None,
             archive: bool = False) -> Discovery:
    """The source's candidate links (one per canonical URL), hints, failures, channel states and counts.

    `known` are the canonical URLs already stored: listing pagination stops at a page holding nothing else.
    With `archive` (a backfill) channels are read in full, not conditionally, and listings are walked past
    their nightly page limit and past stored links, until their links are older than `since` or they end.
    """
    run = _Run(source, fetcher, since, channel_state or {}, known or set(), archive)
    for channel in source.channels:
        if channel.kind == "rss":
            run.feed(channel)
        elif channel.kind == "sitemap":
            run.sitemap(channel)
        elif channel.kind == "listing":
            run.listing(channel)
        elif channel.kind == "search":
            run.listing(channel, filtered=False)       # the site already matched the query
        else:
            run.google_news(channel)
    out = run.out
    for link, filtered in run.found.values():
        reason = skip_reason(link, source.keywords) if filtered else None
        if reason:
            out.skipped.append(Skipped(link.url, source.id, "discover", reason,
                                       f"{link.title or ''} (from {link.channel_url})".strip()))
            out.count(f"skipped_{reason}")
        else:
            out.links.append(link)
    out.stats.update(articles=len(run.found), relevant=len(out.links), hints=len(out.hints))
    return out
