"""How to read one family of news pages (a CMS): where the title, date, author and story are."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Profile:
    """Selectors are CSS, with `@attr` to read an attribute, `jsonld:key` to read the page's NewsArticle
    JSON-LD and `label:Text` to read what follows a label such as `Reporter:`. The first that yields text
    wins (for `tags`, every match of the first selector that matches counts). A profile with no body
    selectors is the generic one: the main text is found by trafilatura.

    Multi-page articles: `page_links` select the anchors to the article's later pages; or `page_count`
    selects a "Halaman 1/3" counter and `page_url` (`{url}?page={n}`) makes the later pages' URLs.
    """

    name: str
    title: tuple[str, ...] = ()
    title_strip: str | None = None
    published: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    editor: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    drop_lines: tuple[str, ...] = ()
    page_links: tuple[str, ...] = ()
    page_count: str | None = None
    page_url: str | None = None
    canonical: tuple[str, ...] = ("link[rel=canonical]@href", "meta[property='og:url']@content")
