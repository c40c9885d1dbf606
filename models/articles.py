"""An article: the text a reporter wrote, without the page around it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Article:
    """Title and body are plain text; the body's paragraphs are separated by blank lines.

    `url` is the canonical URL when the article came from the web; a local file has none, and is
    identified by its content instead. `published_at` is the page's own timestamp, with its offset
    (WIB +07:00, WITA +08:00, WIT +09:00) when the page states a time; `published` is its local date.
    """

    title: str
    body: str
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    author: str | None = None
    source_id: str | None = None
    published_at: datetime | None = None
    editor: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    pages: int = 1

    @property
    def article_id(self) -> str:
        """Stable identity: one article is one row however often it is loaded."""
        key = self.url or f"text:{self.title}\n{self.body}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    @property
    def body_hash(self) -> str:
        """Changes when what the extractor reads changes, so a changed article replaces its facts."""
        text = f"{self.title}\n{self.published}\n{self.body}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
