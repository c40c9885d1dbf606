"""The analysts' test database: the demo site's articles plus the articles in tests/analyst/, extracted and
loaded through the writer and published, as a nightly run would leave them."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from extractors.facts.extract import extract
from extractors.pages.text_article import article_from_text
from models import Article
from pantau.paths import DEMO_SITE
from pantau.store.published import writing
from pantau.store.search import rebuild_index

ANALYST = Path(__file__).parent / "analyst"


def demo_articles() -> list[Article]:
    out = []
    for item in json.loads((DEMO_SITE / "content.json").read_text(encoding="utf-8")):
        when = datetime.fromisoformat(item["published"])
        out.append(Article(title=item["title"], body="\n\n".join(item["paragraphs"]),
                           url=f"https://{item['host']}{item['path']}", publisher=item["host"],
                           published=when.date(), published_at=when, source_id=item["host"].split(".")[0],
                           author=item["author"]))
    return out


def analyst_articles() -> list[Article]:
    listing = tomllib.loads((ANALYST / "articles.toml").read_text(encoding="utf-8"))["article"]
    out = []
    for item in listing:
        text = (ANALYST / "articles" / item["file"]).read_text(encoding="utf-8")
        when = datetime.fromisoformat(item["published"])
        out.append(replace(article_from_text(text), url=item["url"], publisher=item["publisher"],
                           source_id=item["source_id"], published=when.date(), published_at=when))
    return out


def build(db: Path) -> Path:
    with writing(db) as store:
        for article in demo_articles() + analyst_articles():
            store.load_extraction(extract(article))
        rebuild_index(store.con)
    return db
