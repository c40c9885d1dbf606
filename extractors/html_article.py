"""HTML page to article, through the page's CMS profile, or trafilatura for sites we have no profile for.

The profile names where the title, date, author and story are (`data/profiles.toml`); the story's
paragraphs then go through the same chrome filter as plain texts (`BACA JUGA:` lines, credits, tails), so
a page and a saved text of the same article give the same body.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from bs4 import BeautifulSoup, Tag

from extractors.decoding import decode_html, soup_of
from extractors.pubdate import date_in_text, published_at_from
from extractors.text_article import clean_lines
from models import Article, FetchedPage, Source
from models.profiles import Profile

_BLOCKS = ["p", "h2", "h3", "h4", "li", "blockquote"]
MIN_BODY_CHARS = 150    # a two-sentence brief; anything shorter is a menu, an error page or a paywall


class EmptyArticle(ValueError):
    """The page holds no article text (an index page, an error page, a paywall)."""


def _jsonld_article(soup: BeautifulSoup) -> dict[str, Any]:
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(k in ("NewsArticle", "Article", "ReportageNewsArticle") for k in kinds):
                    return item
                stack.extend(v for k, v in item.items() if k == "@graph")
    return {}


def _jsonld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _jsonld_text(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_jsonld_text(v) for v in value) if n]
        return ", ".join(names) if names else None
    return None


def _select(soup: BeautifulSoup, selector: str, jsonld: dict[str, Any]) -> str | None:
    if selector.startswith("jsonld:"):
        return _jsonld_text(jsonld.get(selector[7:]))
    if selector.startswith("label:"):
        label = selector[6:]
        node = soup.find(string=re.compile(rf"\b{re.escape(label)}\s*:", re.I))
        if node is None:
            return None
        text = str(node).split(":", 1)[1].strip()
        if not text and isinstance(node.next_element, Tag):
            text = node.next_element.get_text(" ", strip=True)
        return text or None
    css, _, attr = selector.partition("@")
    el = soup.select_one(css)
    if el is None:
        return None
    value = el.get(attr) if attr else el.get_text(" ", strip=True)
    if isinstance(value, list):
        value = " ".join(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _first(soup: BeautifulSoup, selectors: tuple[str, ...], jsonld: dict[str, Any]) -> tuple[str | None, str]:
    for selector in selectors:
        value = _select(soup, selector, jsonld)
        if value:
            return " ".join(value.split()), selector
    return None, ""


def _paragraphs(body: Tag) -> list[str]:
    blocks = [b for b in body.find_all(_BLOCKS) if not b.find_parent(_BLOCKS)]
    if not blocks:
        return [line for line in body.get_text("\n").split("\n") if line.strip()]
    return [" ".join(b.get_text(" ", strip=True).split()) for b in blocks]


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
    soup = soup_of(html)
    value, _ = _first(soup, profile.canonical, {})
    return value


def _all(soup: BeautifulSoup, selectors: tuple[str, ...], jsonld: dict[str, Any]) -> tuple[str, ...]:
    """Every value of the first selector that matches (tags): JSON-LD keywords split on commas."""
    for selector in selectors:
        if selector.startswith("jsonld:"):
            value = jsonld.get(selector[7:])
            items = value if isinstance(value, list) else str(value or "").split(",")
        else:
            css, _, attr = selector.partition("@")
            items = [el.get(attr) if attr else el.get_text(" ", strip=True) for el in soup.select(css)]
        values = tuple(dict.fromkeys(" ".join(str(v).split()) for v in items if v and str(v).strip()))
        if values:
            return values
    return ()


def _body_lines(soup: BeautifulSoup, profile: Profile) -> list[str]:
    body_el = next((el for sel in profile.body if (el := soup.select_one(sel)) is not None), None)
    if body_el is None:
        return []
    for sel in profile.drop:
        for node in body_el.select(sel):
            node.decompose()
    patterns = [re.compile(p, re.I) for p in profile.drop_lines]
    return [p for p in _paragraphs(body_el) if not any(rx.search(p) for rx in patterns)]


def article_from_html(html: str | bytes, *, url: str | None = None, profile: Profile | None = None,
                      publisher: str | None = None, source_id: str | None = None,
                      encoding: str | None = None, later_pages: tuple[str | bytes, ...] = ()) -> Article:
    """The article on a page (and its later pages, joined in order)."""
    profile = profile or Profile(name="generic")
    text = decode_html(html, encoding)
    soup = BeautifulSoup(text, "lxml")
    jsonld = _jsonld_article(soup)
    title, used = _first(soup, profile.title, jsonld)
    if title and profile.title_strip and ("@" in used or used.startswith("meta")):
        title = re.sub(profile.title_strip, "", title)
    published_at = published_at_from(_first(soup, profile.published, jsonld)[0])
    author = _first(soup, profile.author, jsonld)[0]
    editor = _first(soup, profile.editor, jsonld)[0]
    section = _first(soup, profile.section, jsonld)[0]
    tags = _all(soup, profile.tags, jsonld)

    lines = _body_lines(soup, profile)
    if lines:
        for later in later_pages:
            lines += _body_lines(soup_of(later, encoding), profile)
    else:
        g_title, g_text, g_date, g_author = _generic(text, url)
        title = title or g_title
        published_at = published_at or g_date
        author = author or g_author
        lines = g_text.split("\n")
    paragraphs = clean_lines(lines)
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    body = "\n\n".join(paragraphs)
    if len(body) < MIN_BODY_CHARS:
        raise EmptyArticle(f"no article text found in {url or 'the page'} (profile {profile.name}): "
                           f"{len(body)} characters")
    published = published_at.date() if isinstance(published_at, datetime) else published_at
    return Article(title=title or "", body=body, url=url, publisher=publisher,
                   published=published or date_in_text(body), author=author, source_id=source_id,
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
                             source_id=source.id, encoding=page.encoding, later_pages=later_pages)
