"""How to read one family of news pages (a CMS): where the title, date, author and story are."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Profile:
    """Selectors are CSS, with `@attr` to read an attribute, `jsonld:key` to read the page's NewsArticle
    JSON-LD and `label:Text` to read what follows a label such as `Reporter:`. The first that yields text
    wins. A profile with no body selectors is the generic one: the main text is found by trafilatura."""

    name: str
    title: tuple[str, ...] = ()
    title_strip: str | None = None
    published: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    drop_lines: tuple[str, ...] = ()
    canonical: tuple[str, ...] = ("link[rel=canonical]@href", "meta[property='og:url']@content")
