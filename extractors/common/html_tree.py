"""A page read by the profile's CSS selectors over lxml's own tree, each selector compiled once to an XPath that
selects what soupsieve selects over BeautifulSoup's tree (the profiles were written and tested that way).

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
from cssselect.parser import Attrib
from cssselect.xpath import XPathExpr
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
        """Matches in document order, from the document down (`/descendant-or-self::`), not from its first
        `<html>`: what follows `</html>` (a widget printed after the page) is a second top-level element in
        lxml's tree, and part of BeautifulSoup's."""
        return [] if self.root is None else _select(css)(self.root)

    def one(self, css: str) -> etree._Element | None:
        found = self.all(css)
        return found[0] if found else None


# BeautifulSoup keeps these as lists of words, and soupsieve matches `[rel=next]` against the words joined by one
# space; the second set are the attributes whose values HTML matches ignoring ASCII case (WHATWG, "Case-sensitivity
# of selectors"), as soupsieve does. The generic profile's `a[rel=next]` matches `rel=" Next "` either way.
_WORDS = frozenset({"class", "rel", "rev", "accesskey", "dropzone", "headers", "accept-charset", "archive", "sizes",
                    "sandbox", "for"})
_ANY_CASE = frozenset({
    "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked", "clear", "codetype",
    "color", "compact", "declare", "defer", "dir", "direction", "disabled", "enctype", "face", "frame", "hreflang",
    "http-equiv", "lang", "language", "link", "media", "method", "multiple", "nohref", "noresize", "noshade",
    "nowrap", "readonly", "rel", "rev", "rules", "scope", "scrolling", "selected", "shape", "target", "text", "type",
    "valign", "valuetype", "vlink"})
_UPPER, _LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
_ASCII_LOWER = str.maketrans(_UPPER, _LOWER)


class _AsSoupsieve(GenericTranslator):
    """CSS to XPath that selects what soupsieve selects over BeautifulSoup's tree of the same page (the
    profiles' selectors were written, and tested, that way): attribute values as above, and nothing inside a
    `<template>`, whose contents soupsieve leaves out of the document."""

    lower_case_element_names = True           # HTML's names, as the parser gives them
    lower_case_attribute_names = True

    def xpath_attrib(self, selector: Attrib) -> XPathExpr:
        attr = selector.attrib.lower()
        if selector.value is None or selector.namespace or (attr not in _WORDS and attr not in _ANY_CASE):
            return super().xpath_attrib(selector)
        value = selector.value.value
        name = f"normalize-space(@{attr})" if attr in _WORDS else f"string(@{attr})"
        if attr in _ANY_CASE:
            name = f"translate({name}, '{_UPPER}', '{_LOWER}')"
            value = value.translate(_ASCII_LOWER)
        method = getattr(self, f"xpath_attrib_{self.attribute_operator_mapping[selector.operator]}")
        xpath = method(self.xpath(selector.selector), name, value)
        xpath.add_condition(f"@{attr}")          # an element without the attribute never matches, as in soupsieve
        return xpath


@lru_cache(maxsize=256)
def _select(css: str) -> etree.XPath:
    return etree.XPath(f"({_AsSoupsieve().css_to_xpath(css, prefix='/descendant-or-self::')})[not(ancestor::template)]")


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
