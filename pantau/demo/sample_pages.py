"""The sample sites' pages: articles rendered in each publisher's page shape (the Disway, Tribun and WordPress
families' layouts), and the channels that announce them: feeds, listing pages with
pagination, search pages, sitemap indexes and news sitemaps, a Google News search feed, robots.txt.

`build_site` writes a whole site tree for `SampleSite` to serve. The demo's site (`data/demo_site`, built by
`tools/build_demo_site.py`) and the crawler tests' sites are both made here, from articles written for the
project; the page shapes are the only thing taken from the real sites.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import zlib
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

from extractors.crawl.google_news import encode_article_url
from extractors.pages.text_article import article_from_text

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BRANDS = {"koranrb.id": "Rakyat Bengkulu", "radarselatan.bacakoran.co": "Radar Selatan",
          "belitung.tribunnews.com": "Posbelitung.co", "langgam.id": "Langgam.id",
          "bengkuluekspress.disway.id": "Bengkulu Ekspress"}
ROBOTS = {
    "belitung.tribunnews.com": "User-agent: *\nDisallow: /tag/\nDisallow: /search\nDisallow: /api/\n",
    "langgam.id": "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n",
}
DEFAULT_ROBOTS = "User-agent: *\nDisallow: /listtag/\n"


def url_of(a: dict[str, Any]) -> str:
    return f"https://{a['host']}{a['path']}"


def when(a: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(a["published"])


def paragraphs_html(a: dict[str, Any], baca_class: str | None = None) -> str:
    out = []
    for i, p in enumerate(a["paragraphs"]):
        text = escape(p)
        if i == 0 and a.get("page", 1) == 1:
            text = f"<strong>{escape(a['dateline'])}</strong> {text}"
        if baca_class and p.lower().startswith("baca juga"):
            label, _, rest = p.partition(":")
            out.append(f'<p class="{baca_class}">{escape(label)}: <a href="#">{escape(rest.strip())}</a></p>')
        elif p.upper().startswith("BACA JUGA"):
            label, _, rest = p.partition(":")
            out.append(f'<p><strong>{escape(label)}:</strong><a href="#">{escape(rest.strip())}</a></p>')
        else:
            out.append(f"<p>{text}</p>")
    return "\n        ".join(out)


def related_html(a: dict[str, Any], tag: str = "h2", cls: str = "media-heading") -> str:
    return "\n".join(f'      <li><{tag} class="{cls}"><a href="#">{escape(r)}</a></{tag}></li>' for r in a["related"])


def disway_pagination(a: dict[str, Any]) -> str:
    total = a.get("total", 1)
    links = [f'<li><a data-ci-pagination-page="{n}" href="{url_of(a)}{"" if n == 1 else "/" + str(n)}">{n}</a></li>'
             for n in range(1, total + 1)]
    return "".join(links)


def disway_page(a: dict[str, Any]) -> str:
    d = when(a)
    date_text = f"{DAYS[d.weekday()]} {d:%d-%m-%Y},{d:%H:%M} WIB"
    tags = " ".join(f'<a href="https://{a["host"]}/listtag/{i}/{escape(t.lower().replace(" ", "-"))}">{escape(t)}</a>'
                    for i, t in enumerate(a["tags"], 100))
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <title>{escape(a['title'])}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="canonical" href="{url_of(a)}">
  <link rel="amphtml" href="https://{a['host']}{a['path'].replace('/read/', '/amp/')}">
</head>
<body>
  <header class="navbar"><a class="logo" href="https://{a['host']}/">{escape(BRANDS[a['host']])}</a>
    <ul class="menu"><li><a href="https://{a['host']}/kategori/1/daerah">Daerah</a></li>
    <li><a href="https://{a['host']}/kategori/2/pemerintahan">Pemerintahan</a></li></ul></header>
  <main class="container">
    <div class="breadcrumb"><a href="https://{a['host']}/">Home</a> &raquo; {escape(a['section'])}</div>
    <h1>{escape(a['title'])}</h1>
    <div class="author-info">
      <span class="reporter">Reporter: <a href="#">{escape(a['author'])}</a></span> |
      <span class="editor">Editor: <a href="#">{escape(a['editor'])}</a></span>
    </div>
    <span class="date">{date_text}</span>
    <div class="post">
        <p><em>{escape(a['caption'])} -{escape(a['caption_credit'])}-</em></p>
        {paragraphs_html(a)}
        <p>Cek Berita dan Artikel yang lain di <a href="#">Google News</a></p>
    </div>
    <ul class="pagination">{disway_pagination(a)}</ul>
    <div class="tags">Tag: {tags}</div>
    <div class="share">Share: <a href="#">Facebook</a> <a href="#">WhatsApp</a> <a href="#">X</a></div>
    <section class="related"><h3>Berita Terkini</h3><ul>
{related_html(a)}
    </ul></section>
    <section class="related"><h3>Berita Terpopuler</h3><ul>
{related_html({"related": a["related"][::-1]})}
    </ul></section>
  </main>
  <footer>&copy; {d.year} {escape(BRANDS[a['host']])}. All rights reserved.</footer>
</body>
</html>
"""


def tribun_page(a: dict[str, Any]) -> str:
    d = when(a)
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "url": url_of(a)},
        {"@type": "NewsArticle", "headline": a["title"], "datePublished": a["published"],
         "dateModified": a["published"], "author": [{"@type": "Person", "name": a["author"]}],
         "keywords": ", ".join(a["tags"]), "articleSection": a["section"],
         "mainEntityOfPage": url_of(a), "publisher": {"@type": "Organization", "name": "Pos Belitung"}}]}
    summary = escape(a["paragraphs"][0][:160])
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <title>{escape(a['title'])} - Pos Belitung</title>
  <meta property="og:title" content="{escape(a['title'])} - Pos Belitung">
  <meta property="og:url" content="{url_of(a)}">
  <meta property="article:published_time" content="{a['published']}">
  <link rel="canonical" href="{url_of(a)}">
  <script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
  <div id="header"><a href="https://{a['host']}/">POSBELITUNG.CO</a>
    <a href="https://{a['host']}/index-news/lokal">Lokal</a> <a href="https://{a['host']}/belitung">Belitung</a></div>
  <div class="main">
    <div class="breadcrumb"><a href="https://{a['host']}/">Home</a> &rsaquo; {escape(a['section'])}</div>
    <h1 id="arttitle">{escape(a['title'])}</h1>
    <div id="penulis">Penulis: <a href="#">{escape(a['author'])}</a></div>
    <div id="editor">Editor: <a href="#">{escape(a['editor'])}</a></div>
    <time class="grey" datetime="{a['published']}">{DAYS[d.weekday()]}, {d:%d/%m/%Y} {d:%H:%M} WIB</time>
    <span class="total-page">Halaman {a.get('page', 1)}/{a.get('total', 1)}</span>
    <div class="side-article txt-article">
        <blockquote class="summary-article">Ringkasan Berita: {summary}</blockquote>
        <figure><img src="/foto/{d:%Y%m%d}.jpg" alt=""><figcaption>{escape(a['caption'])}
          ({escape(a['caption_credit'])})</figcaption></figure>
        {paragraphs_html(a, baca_class="baca")}
        <div class="ads-placeholder">ADVERTISEMENT</div>
    </div>
    <div class="tags">Tags: {' '.join(f'<a href="#">{escape(t)}</a>' for t in a['tags'])}</div>
    <div class="rekomendasi"><h3>Rekomendasi untuk Anda</h3><ul>
{related_html(a, 'h3', 'f16')}
    </ul></div>
    <p>Ikuti kami di <a href="#">Google News</a></p>
  </div>
  <div id="footer">&copy; {d.year} TRIBUNnews.com Network, a subsidiary of KG Media. All Right Reserved</div>
</body>
</html>
"""


def wordpress_page(a: dict[str, Any]) -> str:
    d = when(a)
    return f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
  <meta charset="{a.get('charset', 'UTF-8')}">
  <title>{escape(a['title'])} &#8211; Langgam.id</title>
  <meta property="og:title" content="{escape(a['title'])} - Langgam.id">
  <meta property="og:url" content="{url_of(a)}">
  <meta property="article:published_time" content="{a['published']}">
  <meta name="author" content="{escape(a['author'])}">
  <link rel="canonical" href="{url_of(a)}">
</head>
<body class="post-template-default single single-post">
  <header id="masthead"><p class="site-title"><a href="https://langgam.id/">Langgam.id</a></p>
    <nav><a href="https://langgam.id/category/berita/">Berita</a> <a href="https://langgam.id/category/sumbar/">Sumbar</a></nav>
  </header>
  <article class="post type-post status-publish">
    <header class="entry-header">
      <h1 class="entry-title">{escape(a['title'])}</h1>
      <div class="entry-meta"><time class="entry-date published" datetime="{a['published']}">{d:%d %B %Y}</time>
        oleh <a rel="author" href="#">{escape(a['author'])}</a></div>
    </header>
    <figure class="wp-block-image"><img src="/wp-content/uploads/{d:%Y/%m}/foto.jpg" alt="">
      <figcaption class="wp-caption-text">{escape(a['caption'])} [{escape(a['caption_credit'])}]</figcaption></figure>
    <div class="entry-content">
        {paragraphs_html(a)}
        <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan:</h3>
          <a href="#">Facebook</a> <a href="#">WhatsApp</a></div>
        <div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Baca Juga</h3>
          <ul>
{related_html(a, 'h4', 'jp-relatedposts-post-title')}
          </ul></div>
    </div>
    <footer class="entry-footer"><span class="tags-links">{', '.join(escape(t) for t in a['tags'])}</span></footer>
  </article>
  <footer id="colophon">Langgam.id &copy; {d.year}</footer>
</body>
</html>
"""


def rss(host: str, items: list[dict[str, Any]], link: str) -> str:
    entries = []
    for a in sorted(items, key=when, reverse=True):
        entries.append(f"""    <item>
      <title>{escape(a['title'])}</title>
      <link>{url_of(a)}</link>
      <guid isPermaLink="true">{url_of(a)}</guid>
      <pubDate>{format_datetime(when(a))}</pubDate>
      <description>{escape(a['paragraphs'][0][:200])}</description>
    </item>""")
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{escape(BRANDS[host])}</title>
    <link>{link}</link>
    <description>Berita terbaru {escape(BRANDS[host])}</description>
    <language>id</language>
{body}
  </channel>
</rss>
"""


def tribun_listing(host: str, items: list[dict[str, Any]], page: int = 1, last: bool = True) -> str:
    lis = "\n".join(
        f"""      <li class="ptb15"><h3><a href="{url_of(a)}">{escape(a['title'])}</a></h3>
        <time class="grey" datetime="{a['published']}">{when(a):%d/%m/%Y %H:%M}</time></li>""" for a in items)
    paging = "" if last else f'<a href="https://{host}/index-news/lokal?page={page + 1}">{page + 1}</a>'
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Index Berita Lokal - Pos Belitung</title></head>
<body>
  <div id="header"><a href="https://{host}/">POSBELITUNG.CO</a> <a href="https://{host}/tag/spm">#SPM</a></div>
  <div class="main"><h1>Index Berita Lokal</h1>
    <ul class="lsi">
{lis}
    </ul>
    <div class="paging">{paging}</div>
  </div>
</body></html>
"""


def disway_list(host: str, heading: str, items: list[dict[str, Any]], next_url: str | None = None) -> str:
    """A Disway category or search page: `h2.media-heading a` per item, 'next' by offset."""
    lis = "\n".join(f"""      <div class="media"><h2 class="media-heading">
        <a href="{url_of(a)}">{escape(a['title'])}</a></h2>
        <span class="date">{when(a):%d-%m-%Y}</span></div>""" for a in items)
    paging = f'<a rel="next" href="{next_url}">Selanjutnya</a>' if next_url else ""
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{escape(heading)} - {escape(BRANDS.get(host, host))}</title></head>
<body>
  <header class="navbar"><a class="logo" href="https://{host}/">{escape(BRANDS.get(host, host))}</a></header>
  <main class="container"><h1>{escape(heading)}</h1>
{lis or '    <p>Tidak ada hasil.</p>'}
    <div class="paging">{paging}</div>
  </main>
</body></html>
"""


def sitemap_index(children: list[tuple[str, str]]) -> str:
    entries = "\n".join(f"  <sitemap><loc>{escape(loc)}</loc><lastmod>{lastmod}</lastmod></sitemap>"
                         for loc, lastmod in children)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{entries}
</sitemapindex>
"""


def urlset(items: list[dict[str, Any]]) -> str:
    urls = "\n".join(f"  <url><loc>{url_of(a)}</loc><lastmod>{a.get('modified', a['published'])}</lastmod></url>"
                      for a in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>
"""


def google_news_feed(items: list[dict[str, Any]], opaque: set[str]) -> str:
    """A Google News search result: publisher URLs inside old-style ids, or opaque ids for `opaque` paths."""
    entries = []
    for a in sorted(items, key=when, reverse=True):
        link = (f"https://news.google.com/rss/articles/CBMiOPAQUE{hashlib.sha1(a['path'].encode()).hexdigest()[:12]}?oc=5"
                if a["path"] in opaque else encode_article_url(url_of(a)))
        brand = BRANDS.get(a["host"], a["host"])
        entries.append(f"""    <item>
      <title>{escape(a['title'])} - {escape(brand)}</title>
      <link>{escape(link)}</link>
      <guid isPermaLink="false">{escape(link)}</guid>
      <pubDate>{format_datetime(when(a))}</pubDate>
      <source url="https://{a['host']}">{escape(brand)}</source>
    </item>""")
    body = "\n".join(entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>Google News - pencarian</title>
    <link>https://news.google.com/search?hl=id&amp;gl=ID&amp;ceid=ID:id</link>
    <language>id</language>
{body}
  </channel>
</rss>
"""


def news_sitemap(items: list[dict[str, Any]]) -> str:
    urls = "\n".join(f"""  <url>
    <loc>{url_of(a)}</loc>
    <news:news>
      <news:publication><news:name>Pos Belitung</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>{a['published']}</news:publication_date>
      <news:title>{escape(a['title'])}</news:title>
    </news:news>
  </url>""" for a in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>
"""


PAGE_RENDERERS = {"disway": disway_page, "tribun": tribun_page, "wordpress": wordpress_page}


def _pages_of(a: dict[str, Any]) -> list[dict[str, Any]]:
    """The article as its site serves it: one page, or `split` pages of paragraphs."""
    total = int(a.get("split", 1))
    paragraphs = a["paragraphs"]
    size = -(-len(paragraphs) // total)
    return [{**a, "paragraphs": paragraphs[i * size:(i + 1) * size], "page": i + 1, "total": total}
            for i in range(total)]


def _page_file(a: dict[str, Any], page: int) -> str:
    rel = a["path"].strip("/")
    if page == 1:
        return rel + ".html"
    return f"{rel}/{page}.html" if a["family"] == "disway" else f"{rel}@page={page}.html"


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding, "xmlcharrefreplace"))


def build_site(root: Path, articles: list[dict[str, Any]], *, robots: dict[str, str] | None = None,
               search_queries: tuple[str, ...] = ("SPM", "Ombudsman"), per_page: int = 3,
               opaque_google_ids: set[str] | None = None) -> None:
    """Write every article page and every channel of every host in `articles` under `root`."""
    by_host: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        by_host.setdefault(a["host"], []).append(a)
        for page in _pages_of(a):
            _write(root / a["host"] / _page_file(a, page["page"]), PAGE_RENDERERS[a["family"]](page),
                   a.get("charset", "utf-8"))
    for host, items in by_host.items():
        items = sorted(items, key=when, reverse=True)
        _write(root / host / "robots.txt", (robots or {}).get(host, ROBOTS.get(host, DEFAULT_ROBOTS)))
        family = items[0]["family"]
        if family == "disway":
            _write(root / host / "rss.xml", rss(host, items[:10], f"https://{host}/"))
            for q in search_queries:
                hits = [a for a in items if q.lower() in (a["title"] + " ".join(a["paragraphs"])).lower()]
                _write(root / host / "search" / "kata" / f"@c={q.replace(' ', '+')}.html",
                       disway_list(host, f"Hasil pencarian: {q}", hits))
            pages = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
            for n, chunk in enumerate(pages):
                nxt = f"https://{host}/kategori/5/pemerintahan/{(n + 1) * per_page}" if n + 1 < len(pages) else None
                _write(root / host / "kategori" / "5" / "pemerintahan" / f"{n * per_page}.html",
                       disway_list(host, "Pemerintahan", chunk, nxt))
        elif family == "wordpress":
            _write(root / host / "feed.xml", rss(host, items[:10], f"https://{host}/"))
            _write(root / host / "wp-sitemap.xml",
                   sitemap_index([(f"https://{host}/wp-sitemap-posts-post-1.xml", items[0]["published"])]))
            _write(root / host / "wp-sitemap-posts-post-1.xml", urlset(items))
        else:
            pages = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
            for n, chunk in enumerate(pages, 1):
                name = "lokal.html" if n == 1 else f"lokal@page={n}.html"
                _write(root / host / "index-news" / name, tribun_listing(host, chunk, n, n == len(pages)))
            _write(root / host / "lokal" / "sitemap_news.xml", news_sitemap(items))
    _write(root / "news.google.com" / "rss" / "search.xml", google_news_feed(articles, opaque_google_ids or set()))


def articles_from_texts(files: list[Path], hosts: list[tuple[str, str, int]], start: datetime
                        ) -> list[dict[str, Any]]:
    """Saved article texts laid out over `hosts` ((host, family, count), ...), one a day from `start`, as
    `build_site` takes them. Each story is what the text reader keeps of the saved text (no page tail, no
    BACA JUGA lines): the page shapes bring their own chrome around it."""
    out, n = [], 0
    for host, family, count in hosts:
        for i in range(count):
            path = files[n % len(files)]
            article = article_from_text(path.read_text(encoding="utf-8"))
            when = start + timedelta(days=n, hours=i)
            slug = re.sub(r"[^a-z0-9]+", "-", path.stem.split("_", 1)[-1].lower()).strip("-") + \
                (f"-{n // len(files)}" if n >= len(files) else "")
            route = {"disway": f"/read/{5100 + n}/{slug}", "tribun": f"/{when:%Y/%m/%d}/{slug}",
                     "wordpress": f"/{slug}/"}[family]
            out.append({"host": host, "family": family, "path": route, "title": article.title,
                        "published": when.isoformat(), "author": "Redaksi", "editor": "Penyunting",
                        "section": "Pemerintahan", "caption": "Suasana kegiatan di kantor pemerintah daerah.",
                        "caption_credit": "dok", "dateline": "", "paragraphs": article.body.split("\n\n"),
                        "related": ["Berita lain hari ini"], "tags": ["SPM", "Pemerintahan"],
                        "source_file": path.name})
            n += 1
    return out


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` bytes of spaces, gzipped twice (`Content-Encoding: gzip, gzip`): a decompression bomb a
    few hundred bytes long, for the crawler's size cap to meet."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1024 * 1024)
    once = b"".join(inner.compress(block) for _ in range(inflated // len(block))) + inner.flush()
    return gzip.compress(once, 9)
