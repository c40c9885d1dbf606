"""Page bytes to text, the one way every stage that reads HTML does it."""

from __future__ import annotations

from bs4 import BeautifulSoup, UnicodeDammit


def decode_html(html: str | bytes, encoding: str | None = None) -> str:
    """The HTTP charset when it decodes cleanly, else the page's own `<meta charset>`, else UTF-8, else
    windows-1252 (older regional sites save Latin-1 and declare nothing), and only then a statistical guess,
    which misreads short pages."""
    if isinstance(html, str):
        return html
    dammit = UnicodeDammit(html, known_definite_encodings=[encoding] if encoding else [],
                           user_encodings=["utf-8", "windows-1252"], is_html=True)
    return dammit.unicode_markup if dammit.unicode_markup is not None else html.decode("utf-8", "replace")


def soup_of(html: str | bytes, encoding: str | None = None) -> BeautifulSoup:
    return BeautifulSoup(decode_html(html, encoding), "lxml")
