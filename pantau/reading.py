"""Reading one article from a file, as `pantau extract` and `pantau eval` do."""

from __future__ import annotations

from pathlib import Path

from extractors.html_article import article_from_html, canonical_url
from extractors.text_article import article_from_text
from extractors.urls import canonical
from models import Article, Source
from models.profiles import Profile
from pantau.config import load_profiles, load_sources, source_for_text, source_for_url


def looks_like_html(path: Path, raw: bytes) -> bool:
    return path.suffix.lower() in (".html", ".htm", ".xhtml") or raw.lstrip()[:1] == b"<"


def read_article(path: Path, url: str | None = None, sources: list[Source] | None = None,
                 profiles: dict[str, Profile] | None = None) -> tuple[Article, str]:
    """The article in a saved page or text, and the text its quotes must be found in."""
    raw = path.read_bytes()
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
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    source = (source_for_url(url, sources) if url else None) or source_for_text(text, sources)
    article = article_from_text(text, url=canonical(url) if url else None,
                                publisher=source.publisher if source else None,
                                source_id=source.id if source else None)
    return article, text
