"""Canonical URLs, so that one article is one row whatever variant of its address was found."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|yclid|_ga|mc_cid|mc_eid|ref|ref_src|src|"
                       r"amp|amp_js_v|usqp|outputType|from|cx_\w+|spm|share)$", re.I)
_PAGING = re.compile(r"^(?:page|halaman|hal|p)$", re.I)


def canonical(url: str) -> str:
    """https, lower-case host without `www.`, no fragment, no tracking or paging parameters, no AMP or
    page-number path suffixes, no trailing slash."""
    parts = urlsplit(url.strip())
    scheme = "https" if parts.scheme in ("http", "https", "") else parts.scheme
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/+", "/", parts.path or "/")
    path = re.sub(r"^/amp/(\d+)/(?!\d{1,2}/)", r"/read/\1/", path)  # Disway AMP: /amp/{id}/{slug}
    path = re.sub(r"^/amp(?=/\d{4}/\d{1,2}/)", "", path)           # Tribun AMP: /amp/{yyyy}/{mm}/{dd}/{slug}
    path = re.sub(r"/amp/?$", "", path)                            # WordPress and others: .../amp/
    path = re.sub(r"(/read/\d+/[^/]+)/\d+/?$", r"\1", path)        # Disway later pages: /read/{id}/{slug}/2
    path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _TRACKING.match(k) and not _PAGING.match(k)]
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def join(base: str, href: str) -> str:
    """`href` read against `base`, or `href` as written when it cannot be (`http://[::1/a/bad`): a page's
    broken link stays a string for `valid` to turn away, instead of an exception that stops a channel."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href


def valid(url: str) -> bool:
    """An http(s) URL with a host, a port that is a number, and nothing that cannot go on the wire."""
    try:
        parts = urlsplit(url)
        parts.port                                     # noqa: B018 - raises on `:99999` or `:abc`
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return not any(ord(c) < 33 or ord(c) == 127 for c in url)
