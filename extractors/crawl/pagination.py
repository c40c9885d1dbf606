"""The later pages of a multi-page article, found on its first page by the site's profile.

Tribun splits long stories into `?page=2..N` behind a "Halaman 1/N" counter; Disway links `/read/{id}/{slug}/2`
from a pagination list; other sites (the generic profile) link `?page=2` from a paging bar. Either way a later
page must canonicalise to the same article as the first, so a pagination link to another story (or a listing)
is never followed.

The fetch stage asks this of every page it fetches, so the page is read as `extractors.common.html_tree` reads
an article's metadata: lxml's own tree, the selectors compiled to XPath once. A BeautifulSoup tree of a 110 KB
page with its chrome was 85% of the fetch stage's time; the links found are the same (`tests/test_pages.py`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin

from cssselect import GenericTranslator
from cssselect.parser import Attrib
from cssselect.xpath import XPathExpr
from lxml import etree

from extractors.common.decoding import decode_html
from extractors.common.html_tree import Fields, text_of
from extractors.crawl.urls import canonical
from models.profiles import Profile

MAX_PAGES = 20
# `?page=all` ("show all") repeats the pages, `?page=1` is the first: joining either would give text twice.
_WHOLE = re.compile(r"[?&](?:page|halaman|hal|p)=(?!\d+(?:&|$))|[?&](?:page|halaman|hal|p)=0*1(?:&|$)", re.I)


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


@lru_cache(maxsize=64)
def _select(css: str) -> etree.XPath:
    return etree.XPath(f"({_AsSoupsieve().css_to_xpath(css, prefix='/descendant-or-self::')})[not(ancestor::template)]")


def _all(page: Fields, css: str) -> list[etree._Element]:
    """Matches in document order, from the document down (`/descendant-or-self::`), not from its first `<html>`:
    what follows `</html>` (a widget printed after the page) is a second top-level element in lxml's tree, and
    part of BeautifulSoup's."""
    return [] if page.root is None else _select(css)(page.root)


def later_pages(html: bytes | str, url: str, profile: Profile, encoding: str | None = None) -> list[str]:
    if not profile.page_links and not profile.page_count:
        return []
    page = Fields(decode_html(html, encoding))
    home = canonical(url)
    found: list[str] = []
    if profile.page_count and profile.page_url:
        counter = next(iter(_all(page, profile.page_count)), None)
        m = re.search(r"(\d+)\s*(?:/|dari|of)\s*(\d+)", text_of(counter)) if counter is not None else None
        if m:
            base = url.split("?", 1)[0]
            found += [profile.page_url.format(url=base, n=n) for n in range(2, min(int(m.group(2)), MAX_PAGES) + 1)]
    for selector in profile.page_links:
        css, _, attr = selector.partition("@")
        for a in _all(page, css):
            href = a.get(attr or "href")
            if href is not None and href.strip():
                found.append(urljoin(url, href.strip()))
    pages = []
    for candidate in found:
        if canonical(candidate) == home and candidate.rstrip("/") != url.rstrip("/") and candidate not in pages \
                and not _WHOLE.search(candidate):
            pages.append(candidate)
    return pages[:MAX_PAGES - 1]
