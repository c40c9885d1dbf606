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
from urllib.parse import urljoin

from extractors.common.decoding import decode_html
from extractors.common.html_tree import Fields, text_of
from extractors.crawl.urls import canonical
from models.profiles import Profile

MAX_PAGES = 20
# `?page=all` ("show all") repeats the pages, `?page=1` is the first: joining either would give text twice.
_WHOLE = re.compile(r"[?&](?:page|halaman|hal|p)=(?!\d+(?:&|$))|[?&](?:page|halaman|hal|p)=0*1(?:&|$)", re.I)


def later_pages(html: bytes | str, url: str, profile: Profile, encoding: str | None = None) -> list[str]:
    if not profile.page_links and not profile.page_count:
        return []
    page = Fields(decode_html(html, encoding))
    home = canonical(url)
    found: list[str] = []
    if profile.page_count and profile.page_url:
        counter = page.one(profile.page_count)
        m = re.search(r"(\d+)\s*(?:/|dari|of)\s*(\d+)", text_of(counter)) if counter is not None else None
        if m:
            base = url.split("?", 1)[0]
            found += [profile.page_url.format(url=base, n=n) for n in range(2, min(int(m.group(2)), MAX_PAGES) + 1)]
    for selector in profile.page_links:
        css, _, attr = selector.partition("@")
        for a in page.all(css):
            href = a.get(attr or "href")
            if href is not None and href.strip():
                found.append(urljoin(url, href.strip()))
    pages = []
    for candidate in found:
        if canonical(candidate) == home and candidate.rstrip("/") != url.rstrip("/") and candidate not in pages \
                and not _WHOLE.search(candidate):
            pages.append(candidate)
    return pages[:MAX_PAGES - 1]
