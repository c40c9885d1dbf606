"""Google News RSS search items: the publisher's URL behind a `news.google.com/rss/articles/...` link.

Older item ids carry the publisher URL inside (base64url of a small protobuf: a tag, a varint length,
the URL), so it is read without a request. Newer ids are opaque and only a browser script resolves them;
for those one request is tried, and a plain HTTP redirect is followed when Google sends one. What
cannot be resolved becomes a hint (title, publisher), never a guess.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import urlsplit

_ARTICLE_ID = re.compile(r"/(?:rss/)?articles/([A-Za-z0-9_-]+)")


def decode_article_url(link: str) -> str | None:
    """The publisher URL carried in a Google News article link, or None when the id is opaque."""
    parts = urlsplit(link)
    if (parts.hostname or "") != "news.google.com":
        return None
    m = _ARTICLE_ID.search(parts.path)
    if not m:
        return None
    token = m.group(1)
    try:
        data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    start = data.find(b"http")
    if start < 1:
        return None
    # The URL is a length-delimited field: its length is the varint just before it (one or two bytes).
    if start >= 2 and data[start - 2] & 0x80 and not data[start - 1] & 0x80:
        length = (data[start - 2] & 0x7F) | (data[start - 1] << 7)
    else:
        length = data[start - 1]
    raw = data[start:start + length]
    if len(raw) != length:
        return None
    try:
        url = raw.decode("ascii")
    except UnicodeDecodeError:
        return None
    return url if re.fullmatch(r"https?://[^\s\"'<>]+", url) else None


def split_title(title: str | None) -> tuple[str | None, str | None]:
    """`Headline - Publisher` into its parts (Google News appends the publisher to every title)."""
    if not title:
        return None, None
    head, sep, publisher = title.rpartition(" - ")
    return (head.strip(), publisher.strip()) if sep and head.strip() else (title.strip(), None)


def encode_article_url(url: str) -> str:
    """The inverse of `decode_article_url`, for writing test and demo feeds in the old id format."""
    raw = url.encode("ascii")
    n = len(raw)
    length = bytes([n]) if n < 0x80 else bytes([(n & 0x7F) | 0x80, n >> 7])
    payload = b"\x08\x13\x22" + length + raw + b"\xd2\x01\x00"
    token = base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")
    return f"https://news.google.com/rss/articles/{token}?oc=5"
