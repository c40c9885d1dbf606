"""Render `data/demo_site/content.json` into the sample site: article pages in each publisher's page shape
(Disway, Tribun, WordPress, as `shared/sites.md` describes them), the feeds, listing page and news sitemap that
announce them, and a robots.txt per host.

Run `python tools/build_demo_site.py` after editing the content; the output is committed so the demo needs
nothing but the files.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

SITE = Path(__file__).resolve().parents[1] / "data" / "demo_site"
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BRANDS = {"koranrb.id": "Rakyat Bengkulu", "radarselatan.bacakoran.co": "Radar Selatan",
          "belitung.tribunnews.com": "Posbelitung.co", "langgam.id": "Langgam.id",
          "bengkuluekspress.disway.id": "Bengkulu Ekspress"}
ROBOTS = {
    "belitung.tribunnews.com": "User-agent: *\nDisallow: /tag/\nDisallow: /search\nDisallow: /api/\n",
    "langgam.id": "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n",
}
DEFAULT_ROBOTS = "User-agent: *\nDisallow: /search/\nDisallow: /listtag/\n"


def url_of(a: dict) -> str:
    return f"https://{a['host']}{a['path']}"


def when(a: dict) -> datetime:
    return datetime.fromisoformat(a["published"])


def paragraphs_html(a: dict, baca_class: str | None = None) -> str:
    out = []
    for i, p in enumerate(a["paragraphs"]):
        text = escape(p)
        if i == 0:
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


def related_html(a: dict, tag: str = "h2", cls: str = "media-heading") -> str:
    return "\n".join(f'      <li><{tag} class="{cls}"><a href="#">{escape(r)}</a></{tag}></li>' for r in a["related"])


def disway_page(a: dict) -> str:
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
    <ul class="pagination"><li><a data-ci-pagination-page="1" href="{url_of(a)}">1</a></li></ul>
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


def tribun_page(a: dict) -> str:
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
    <span class="total-page">Halaman 1/1</span>
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


def wordpress_page(a: dict) -> str:
    d = when(a)
    return f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
  <meta charset="UTF-8">
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


def rss(host: str, items: list[dict], link: str) -> str:
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


def tribun_listing(host: str, items: list[dict]) -> str:
    lis = "\n".join(
        f"""      <li class="ptb15"><h3><a href="{url_of(a)}">{escape(a['title'])}</a></h3>
        <time class="grey" datetime="{a['published']}">{when(a):%d/%m/%Y %H:%M}</time></li>""" for a in items)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Index Berita Lokal - Pos Belitung</title></head>
<body>
  <div id="header"><a href="https://{host}/">POSBELITUNG.CO</a> <a href="https://{host}/tag/spm">#SPM</a></div>
  <div class="main"><h1>Index Berita Lokal</h1>
    <ul class="lsi">
{lis}
    </ul>
    <div class="paging"><a href="https://{host}/index-news/lokal?page=2">2</a></div>
  </div>
</body></html>
"""


def news_sitemap(items: list[dict]) -> str:
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


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build(site: Path = SITE) -> None:
    articles = json.loads((site / "content.json").read_text(encoding="utf-8"))
    for host_dir in site.iterdir():
        if host_dir.is_dir():
            shutil.rmtree(host_dir)
    by_host: dict[str, list[dict]] = {}
    for a in articles:
        by_host.setdefault(a["host"], []).append(a)
        page = {"disway": disway_page, "tribun": tribun_page, "wordpress": wordpress_page}[a["family"]](a)
        rel = a["path"].strip("/")
        write(site / a["host"] / (rel + ".html"), page)
    for host, items in by_host.items():
        write(site / host / "robots.txt", ROBOTS.get(host, DEFAULT_ROBOTS))
        family = items[0]["family"]
        if family == "disway":
            write(site / host / "rss.xml", rss(host, items, f"https://{host}/"))
        elif family == "wordpress":
            write(site / host / "feed.xml", rss(host, items, f"https://{host}/"))
        else:
            write(site / host / "index-news" / "lokal.html", tribun_listing(host, items))
            write(site / host / "lokal" / "sitemap_news.xml", news_sitemap(items))


if __name__ == "__main__":
    build()
    print(f"sample site written to {SITE}")
