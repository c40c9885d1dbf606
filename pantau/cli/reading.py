"""Reading one article from a file, as `pantau extract` and `pantau eval` do."""

from __future__ import annotations

import codecs
from pathlib import Path

from extractors.crawl.urls import canonical
from extractors.pages.html_article import article_from_html, canonical_url
from extractors.pages.text_article import article_from_text
from models import Article, Source
from models.profiles import Profile
from pantau.ops.config import load_profiles, load_sources, source_for_text, source_for_url


def looks_like_html(path: Path, raw: bytes) -> bool:
    return path.suffix.lower() in (".html", ".htm", ".xhtml") or raw.lstrip()[:1] == b"<"


def read_article(path: Path, url: str | None = None, sources: list[Source] | None = None,
                 profiles: dict[str, Profile] | None = None) -> tuple[Article, str]:
    """The article in a saved page or text, and the text its quotes must be found in. A path that is no
    article file (a folder, a binary, something far larger than any article) is a `ValueError` saying so."""
    raw = _read(path)
    profiles = profiles if profiles is not None else load_profiles()
    sources = sources if sources is not None else load_sources(profiles=profiles)
    if looks_like_html(path, raw):
        page_url = url or canonical_url(raw, profiles["generic"])   # every profile reads it from the same tags
        source = source_for_url(page_url, sources) if page_url else None
        profile = profiles[source.profile] if source else profiles["generic"]
        article = article_from_html(raw, url=canonical(page_url) if page_url else None, profile=profile,
                                    publisher=source.publisher if source else None,
                                    source_id=source.id if source else None)
        return article, f"{article.title}\n\n{article.body}"
    text = _decode(raw, path)
    source = (source_for_url(url, sources) if url else None) or source_for_text(text, sources)
    article = article_from_text(text, url=canonical(url) if url else None,
                                publisher=source.publisher if source else None,
                                source_id=source.id if source else None)
    return article, text


MAX_FILE_BYTES = 10 * 1024 * 1024        # the crawler's own cap on a page


def _read(path: Path) -> bytes:
    if not path.exists():
        raise ValueError(f"{path}: no such file")
    if not path.is_file():
        raise ValueError(f"{path}: not a file (give one saved article: a .txt or .html file)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(f"{path}: {size / 2**20:.0f} MB is far more than an article; the limit is "
                         f"{MAX_FILE_BYTES // 2**20} MB")
    return path.read_bytes()


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8, or the UTF its byte-order mark names (Windows saves UTF-16), else Windows-1252; NUL bytes
    without a mark mean a binary file."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    if b"\x00" in raw[:4096]:
        raise ValueError(f"{path}: a binary file, not a saved article (text or HTML)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
