"""A page's metadata fields (title, date, author, tags) read by the profile's CSS selectors over lxml's own tree,
each selector compiled to XPath once.

The same selectors through soupsieve over BeautifulSoup's tree were about half of a page's time: a selector
that matches nothing (a page with no `article:tag`) walks every element in Python, and a news page has a
thousand. lxml runs the compiled XPath in C. The story's body stays with BeautifulSoup, whose tree the chrome
filter edits; both trees come from the same libxml2 parser, and text is read as BeautifulSoup reads it
(`get_text(" ", strip=True)`: the strings of the element, each stripped, no comments, no script or style).

It sits in `common` because two stages read pages this way: the fetch stage (a page's pagination links) and the
page stage (an article's fields).
"""

from __future__ import annotations

from functools import lru_cache

import lxml.html
from cssselect import GenericTranslator
from lxml import etree

_NOT_TEXT = {"script", "style", "template"}


class Fields:
    """The page's tree for field lookups; built once per page."""

    def __init__(self, text: str):
        try:
            self.root = lxml.html.document_fromstring(text)
        except ValueError:            # a str with an XML encoding declaration: hand lxml the bytes
            self.root = lxml.html.document_fromstring(text.encode("utf-8"),
                                                      parser=lxml.html.HTMLParser(encoding="utf-8"))
        except etree.ParserError:     # nothing a parser can read: no fields
            self.root = None

    def all(self, css: str) -> list[etree._Element]:
        return [] if self.root is None else _xpath(css)(self.root)

    def one(self, css: str) -> etree._Element | None:
        found = self.all(css)
        return found[0] if found else None


@lru_cache(maxsize=256)
def _xpath(css: str) -> etree.XPath:
    return etree.XPath(GenericTranslator().css_to_xpath(css))


def text_of(el: etree._Element) -> str:
    """The element's strings, each stripped, joined with a space."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if isinstance(node.tag, str) and node.tag not in _NOT_TEXT and node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):       # comments and processing instructions: only their tail
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join(s for p in parts if (s := p.strip()))


def value_of(el: etree._Element, attr: str) -> str | None:
    """An attribute as BeautifulSoup gives it, its words joined by one space (`rel="category  tag"`)."""
    value = el.get(attr)
    return " ".join(value.split()) if value is not None else None
