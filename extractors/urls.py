"""Canonical URLs, so that one article is one row whatever variant of its address was found."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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
