"""HTML page to article, through the page's CMS profile, or trafilatura for sites we have no profile for.

The profile names where the title, date, author and story are (`data/profiles.toml`); the story's
paragraphs then go through the same chrome filter as plain texts (`BACA JUGA:` lines, credits, tails), so
a page and a saved text of the same article give the same body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from bs4 import BeautifulSoup, Tag
from lxml import etree

from extractors.common.dates import ZONES, date_in_text, date_in_url, published_at_from
from extractors.common.decoding import decode_html
from extractors.common.html_tree import Fields, text_of, value_of
from extractors.pages.text_article import clean_lines, from_dateline
from models import Article, FetchedPage, Source
from models.profiles import Profile

_BLOCKS = ["p", "h2", "h3", "h4", "li", "blockquote"]
_LINK_BOXES = ["div", "section", "aside", "ul", "ol", "table", "figure", "nav"]
LINK_BOX_SHARE = 0.6      # a box of headlines has a label and little else; a story cites a link in a sentence
MAX_LINK_BOX_CHARS = 3000
MIN_BODY_CHARS = 150    # a two-sentence brief; anything shorter is a menu, an error page or a paywall


class EmptyArticle(ValueError):
    """The page holds no article text (an index page, an error page, a paywall)."""


class NotNewsArticle(ValueError):
    """The page is one of the site's own pages (masthead, about, contact) or an index: skipped, not failed."""


_JSONLD = etree.XPath('/descendant-or-self::script[@type="application/ld+json"]')


def _jsonld_items(fields: Fields) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """Every JSON-LD object on the page (inside lists and `@graph`s too) with its `@type`s; a script that
    does not parse is passed over."""
    for script in [] if fields.root is None else _JSONLD(fields.root):
        try:
            stack = [json.loads(script.text or "")]
        except (json.JSONDecodeError, TypeError):
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                yield item, [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
                stack.extend(v for k, v in item.items() if k == "@graph")


def _jsonld_article(fields: Fields) -> dict[str, Any]:
    return next((item for item, kinds in _jsonld_items(fields)
                 if any(k in ("NewsArticle", "Article", "ReportageNewsArticle") for k in kinds)), {})


def _jsonld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _jsonld_text(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_jsonld_text(v) for v in value) if n]
        return ", ".join(names) if names else None
    return None


def _in_order(fields: Fields) -> Iterator[etree._Element | str]:
    """The page's elements and strings in the order BeautifulSoup chains them (`next_element`): an element,
    its text, its children, then its tail; a comment's text is a string too."""
    if fields.root is None:
        return
    first = fields.root
    while first.getprevious() is not None:
        first = first.getprevious()
    for top in [first, *first.itersiblings()]:
        for event, node in etree.iterwalk(top, events=("start", "end", "comment", "pi")):
            if event == "start":
                yield node
                if node.text is not None:
                    yield node.text
            elif event == "end":
                if node.tail is not None:
                    yield node.tail
            else:
                yield node.text or ""
                if node.tail is not None:
                    yield node.tail


def _after_label(fields: Fields, label: str) -> str | None:
    """The text after the first `Label:` on the page, or, where the label ends its string, the text of the
    element that follows it (`Reporter: <a>Nama</a>`)."""
    rx = re.compile(rf"\b{re.escape(label)}\s*:", re.I)
    items = _in_order(fields)
    for item in items:
        if isinstance(item, str) and rx.search(item):
            text = item.split(":", 1)[1].strip()
            following = next(items, None)
            if not text and following is not None and not isinstance(following, str):
                text = (following.text or "").strip() if following.tag in ("script", "style", "template") \
                    else text_of(following)
            return text or None
    return None


def _select(fields: Fields, selector: str, jsonld: dict[str, Any]) -> str | None:
    if selector.startswith("jsonld:"):
        return _jsonld_text(jsonld.get(selector[7:]))
    if selector.startswith("label:"):
        return _after_label(fields, selector[6:])
    css, _, attr = selector.partition("@")
    el = fields.one(css)
    if el is None:
        return None
    value = value_of(el, attr) if attr else text_of(el)
    return value.strip() if value and value.strip() else None


def _first(fields: Fields, selectors: tuple[str, ...], jsonld: dict[str, Any]) -> tuple[str | None, str]:
    for selector in selectors:
        value = _select(fields, selector, jsonld)
        if value:
            return " ".join(value.split()), selector
    return None, ""


_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)\]”])")
_SPACE_AFTER = re.compile(r"([(\[“])\s+")


def _text(el: Tag) -> str:
    """An element's text as a reader sees it: inline tags joined with a space, then the space a tag boundary
    put before a comma or after a bracket taken out (`<a>Belitung Timur</a>, Senin`)."""
    text = " ".join(el.get_text(" ", strip=True).split())
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))


def _drop_link_boxes(body: Tag) -> None:
    """Boxes of links to other stories set inside the story (a theme's inline "Baca Juga" block, Tribun's
    "Berita Terkait :" list) go, whatever their class: an element whose text is mostly link text is
    navigation, and left in it reads as headlines, which the line cleaner takes for the page's tail.
    A paragraph that is one link and nothing else is such a box too."""
    for el in body.find_all(_LINK_BOXES):
        if el.decomposed:
            continue
        text = _text(el)
        anchors = el.find_all("a")
        if not text or not anchors or len(text) > MAX_LINK_BOX_CHARS:
            continue
        if sum(len(_text(a)) for a in anchors) >= LINK_BOX_SHARE * len(text):
            el.decompose()
    for el in body.find_all(["p", "li", "h2", "h3", "h4"]):
        if el.decomposed:
            continue
        anchors = el.find_all("a")
        if len(anchors) == 1 and _text(anchors[0]) == _text(el) and len(_text(el).split()) >= 3:
            el.decompose()


def _paragraphs(body: Tag) -> list[str]:
    blocks = [b for b in body.find_all(_BLOCKS) if not b.find_parent(_BLOCKS)]
    if not blocks:
        return [line for line in body.get_text("\n").split("\n") if line.strip()]
    return [_text(b) for b in blocks]


_PAGE_TYPES = {"WebPage", "AboutPage", "ContactPage", "ProfilePage", "CollectionPage", "SearchResultsPage",
               "FAQPage", "ItemPage"}
_NOT_NEWS_PATH = re.compile(r"/(?:redaksi|tentang(?:-kami)?|about(?:-us)?|kontak(?:-kami)?|contact(?:-us)?|"
                            r"pedoman(?:-media-siber)?|kebijakan-privasi|privacy-policy|disclaimer|"
                            r"info-iklan|karir|susunan-redaksi|kode-etik|tag|category|kategori|author)/?$", re.I)


_OG_TYPE = etree.XPath('/descendant-or-self::meta[@property="og:type"]')
_BODY = etree.XPath("/descendant-or-self::body")


def not_news_signals(fields: Fields, url: str | None) -> list[str]:
    """What says a page is a site's own page (masthead, about, contact) or an index, not a news story.

    The page says so itself: schema.org types of pages and none of an article, `og:type` website, a
    WordPress `page` body, an address like `/redaksi/`. One of these with no publication date in the markup
    settles it, and so do two of them (Yoast dates a masthead page too); one alone on a dated page is a
    theme's misconfiguration, and the page is taken as a story."""
    kinds = {k for _, found in _jsonld_items(fields) for k in found}
    signals = []
    if kinds & _PAGE_TYPES and not any("Article" in k for k in kinds):
        signals.append(f"schema.org {'/'.join(sorted(kinds & _PAGE_TYPES))} and no Article")
    og = next(iter(_OG_TYPE(fields.root)), None) if fields.root is not None else None
    if og is not None and str(og.get("content", "")).strip().lower() in ("website", "profile", "page"):
        signals.append(f"og:type {str(og.get('content')).strip()}")
    body = next(iter(_BODY(fields.root)), None) if fields.root is not None else None
    classes = set((body.get("class") or "").split()) if body is not None else set()
    if "page" in classes and not classes & {"single", "single-post", "post-template-default"}:
        signals.append("a WordPress page, not a post")
    path = urlsplit(url).path if url else ""
    if _NOT_NEWS_PATH.search(path):
        signals.append(f"address {path}")
    return signals


def _generic(html: str, url: str | None) -> tuple[str | None, str, datetime | date | None, str | None]:
    import trafilatura  # imported here: slow to import, and only pages of unknown sites need it

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if not doc:
        return None, "", None, None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = data.get("text") or ""
    return data.get("title"), text, published_at_from(data.get("date")), data.get("author")


def canonical_url(html: str | bytes, profile: Profile) -> str | None:
    value, _ = _first(Fields(decode_html(html)), profile.canonical, {})
    return value


def _all(fields: Fields, selectors: tuple[str, ...], jsonld: dict[str, Any]) -> tuple[str, ...]:
    """Every value of the first selector that matches (tags): JSON-LD keywords split on commas."""
    for selector in selectors:
        if selector.startswith("jsonld:"):
            value = jsonld.get(selector[7:])
            items = value if isinstance(value, list) else str(value or "").split(",")
        else:
            css, _, attr = selector.partition("@")
            items = [value_of(el, attr) if attr else text_of(el) for el in fields.all(css)]
        values = tuple(dict.fromkeys(" ".join(str(v).split()) for v in items if v and str(v).strip()))
        if values:
            return values
    return ()


def _story_soup(text: str, fields: Fields, profile: Profile) -> Tag | None:
    """The story's element as BeautifulSoup's tree, whose nodes the chrome filter takes out. Built from the
    element's own markup, found in lxml's tree of the page: BeautifulSoup's tree of a whole news page (a
    thousand elements of menus, lists and comments) was most of the time of reading it. The element's
    markup, written out by lxml, is read back by the same libxml2 parser into the same tree. The page's
    whole tree is built only where the element's surroundings could matter: a drop selector that reaches
    outside it (`div.main p.ads`), or the story inside a paragraph or list item."""
    el = next((el for sel in profile.body if (el := fields.one(sel)) is not None), None)
    if el is None:
        return None
    whole = el.tag in ("html", "head", "body") or any(re.search(r"[\s>+~]", sel.strip()) for sel in profile.drop) \
        or any(a.tag in _BLOCKS for a in el.iterancestors())
    if whole:
        soup = BeautifulSoup(text, "lxml")
        return next((node for sel in profile.body if (node := soup.select_one(sel)) is not None), None)
    node = BeautifulSoup(lxml.html.tostring(el, encoding="unicode", with_tail=False), "lxml").find(el.tag)
    return node if isinstance(node, Tag) else None


def _body_lines(text: str, fields: Fields, profile: Profile) -> list[str]:
    body_el = _story_soup(text, fields, profile)
    if body_el is None:
        return []
    for sel in profile.drop:
        for node in body_el.select(sel):
            node.decompose()
    _drop_link_boxes(body_el)
    patterns = [re.compile(p, re.I) for p in profile.drop_lines]
    return [p for p in _paragraphs(body_el) if not any(rx.search(p) for rx in patterns)]


def article_from_html(html: str | bytes, *, url: str | None = None, profile: Profile | None = None,
                      publisher: str | None = None, source_id: str | None = None,
                      encoding: str | None = None, later_pages: tuple[str | bytes, ...] = (),
                      time_zone: str = "WIB") -> Article:
    """The article on a page (and its later pages, joined in order), dated by the day in the newsroom's
    `time_zone`."""
    profile = profile or Profile(name="generic")
    text = decode_html(html, encoding)
    fields = Fields(text)
    jsonld = _jsonld_article(fields)
    title, used = _first(fields, profile.title, jsonld)
    if title and profile.title_strip and ("@" in used or used.startswith("meta")):
        title = re.sub(profile.title_strip, "", title)
    published_at = published_at_from(_first(fields, profile.published, jsonld)[0])
    author = _first(fields, profile.author, jsonld)[0]
    editor = _first(fields, profile.editor, jsonld)[0]
    section = _first(fields, profile.section, jsonld)[0]
    tags = _all(fields, profile.tags, jsonld)

    lines = _body_lines(text, fields, profile)
    if lines:
        for later in later_pages:
            later_text = decode_html(later, encoding)
            lines += _body_lines(later_text, Fields(later_text), profile)
    else:
        g_title, g_text, g_date, g_author = _generic(text, url)
        title = title or g_title
        published_at = published_at or g_date
        author = author or g_author
        lines = g_text.split("\n")
        for later in later_pages:
            lines += _generic(decode_html(later, encoding), url)[1].split("\n")
    signals = not_news_signals(fields, url)
    if len(signals) >= 2 or (signals and published_at is None):
        dated = ", no publication date" if published_at is None else ", dated all the same"
        raise NotNewsArticle(f"{url or 'the page'} is not a news article: {'; '.join(signals)}{dated}")
    paragraphs = clean_lines(lines)
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    body = "\n\n".join(from_dateline(paragraphs))
    if len(body) < MIN_BODY_CHARS:
        raise EmptyArticle(f"no article text found in {url or 'the page'} (profile {profile.name}): "
                           f"{len(body)} characters")
    zone = timezone(ZONES.get(time_zone, ZONES["WIB"]))
    if isinstance(published_at, datetime):
        published_at = published_at.astimezone(zone)      # `22:28+00:00` is the next morning in Jakarta
    published = published_at.date() if isinstance(published_at, datetime) else published_at
    published = published or date_in_text("\n\n".join(paragraphs)) or date_in_url(url)
    return Article(title=title or "", body=body, url=url, publisher=publisher,
                   published=published, author=author, source_id=source_id,
                   published_at=published_at if isinstance(published_at, datetime) else None,
                   editor=editor, section=section, tags=tags, pages=1 + len(later_pages))


class NotAnArticlePage(ValueError):
    """The response is not an HTML page (a PDF, an image, a feed)."""


def article_from_page(page: FetchedPage, raw: bytes, source: Source, profile: Profile,
                      later_pages: tuple[bytes, ...] = ()) -> Article:
    """The fetch stage's record and bytes (page 1, then any later pages) to an article credited to the source."""
    content_type = (page.content_type or "").lower()
    if content_type and "html" not in content_type and "xml" not in content_type:
        raise NotAnArticlePage(f"{page.url}: content type {page.content_type} is not a web page")
    return article_from_html(raw, url=page.url, profile=profile, publisher=source.publisher,
                             source_id=source.id, encoding=page.encoding, later_pages=later_pages,
                             time_zone=source.time_zone)
