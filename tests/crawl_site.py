"""The crawler tests' sites: three publishers (Disway, Tribun, WordPress) built from the project's own
corpus articles with `pantau.demo.sample_pages`, plus the odd pages a real crawl meets (a multi-page story, a
windows-1252 page, a link robots.txt forbids, URL variants), and the sources file that points at them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pantau.demo.sample_pages import articles_from_texts, build_site

CORPUS = Path(__file__).resolve().parent / "corpus" / "articles"
START = datetime.fromisoformat("2026-11-02T08:00:00+07:00")
ROBOTS = {
    "koranrb.id": "User-agent: *\nCrawl-delay: 0.3\nDisallow: /read/7777/\nDisallow: /listtag/\n",
    "belitung.tribunnews.com": "User-agent: *\nDisallow: /tag/\nDisallow: /search\n",
    "langgam.id": "User-agent: *\nDisallow: /wp-admin/\n",
}
HOSTS = (("koranrb.id", "disway", 8), ("belitung.tribunnews.com", "tribun", 7), ("langgam.id", "wordpress", 5))
# A Disway story forbidden by robots.txt, announced by the feed all the same.
FORBIDDEN = "https://koranrb.id/read/7777/berita-yang-dilarang-robots"


def corpus_articles() -> list[dict[str, Any]]:
    out = articles_from_texts(sorted(CORPUS.glob("t0*.txt")), list(HOSTS), START)
    out[1]["split"] = 2                       # a Disway story over two pages
    out[9]["split"] = 3                       # a Tribun story over three pages
    out[16]["charset"] = "windows-1252"       # an older WordPress install
    out[16]["paragraphs"] = [*out[16]["paragraphs"], "“Kami terus berbenah,” kata pejabat itu – singkat."]
    return out


def build(root: Path) -> list[dict[str, Any]]:
    articles = corpus_articles()
    build_site(root, articles, robots=ROBOTS, opaque_google_ids={articles[2]["path"]})
    feed = root / "koranrb.id" / "rss.xml"
    item = (f"<item><title>Laporan SPM yang dilarang</title><link>{FORBIDDEN}</link>"
            "<pubDate>Mon, 30 Nov 2026 08:00:00 +0700</pubDate></item>")
    feed.write_text(feed.read_text(encoding="utf-8").replace("</channel>", item + "</channel>"), encoding="utf-8")
    return articles


SOURCES = """
[defaults]
user_agent = "PantauTest/1.0"
delay_seconds = {delay}
keywords = []
max_articles_per_run = 50

[[source]]
id = "koranrb"
name = "Rakyat Bengkulu"
publisher = "koranrb.id"
hosts = ["koranrb.id", "www.koranrb.id"]
profile = "disway"
article_url_patterns = ['/read/\\d+/']
channels = [
    {{ kind = "rss", url = "https://koranrb.id/rss" }},
    {{ kind = "listing", url = "https://koranrb.id/kategori/5/pemerintahan/{{offset}}", page_size = 3, max_pages = 5, links = "h2.media-heading a" }},
    {{ kind = "search", url = "https://koranrb.id/search/kata/?c={{query}}", queries = ["SPM"], links = "h2.media-heading a" }},
    {{ kind = "google_news", queries = ["site:koranrb.id SPM"] }},
]

[[source]]
id = "posbelitung"
name = "Pos Belitung"
publisher = "posbelitung.co"
hosts = ["belitung.tribunnews.com"]
profile = "tribun"
article_url_patterns = ['/\\d{{4}}/\\d{{2}}/\\d{{2}}/[\\w-]+']
channels = [
    {{ kind = "listing", url = "https://belitung.tribunnews.com/index-news/lokal?page={{page}}", max_pages = 10, links = "li.ptb15 h3 a" }},
    {{ kind = "sitemap", url = "https://belitung.tribunnews.com/lokal/sitemap_news.xml" }},
]

[[source]]
id = "langgam"
name = "Langgam"
publisher = "langgam.id"
hosts = ["langgam.id", "www.langgam.id"]
profile = "wordpress"
channels = [
    {{ kind = "rss", url = "https://langgam.id/feed" }},
    {{ kind = "sitemap", url = "https://langgam.id/wp-sitemap.xml" }},
]
"""


def sources_file(folder: Path, delay: float = 0.0) -> Path:
    path = folder / "sources.toml"
    path.write_text(SOURCES.format(delay=delay), encoding="utf-8")
    return path
