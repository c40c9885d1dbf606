"""What discovery lets through and why: every channel's word on a link counts, a headline alone sends the
page to be read, a link left out says why, and a sitemap index that has not changed still has its children
read. Against a loopback site whose pages change between nights."""

from __future__ import annotations

from pathlib import Path

import duckdb

from extractors.crawl.discover import discover, skip_reason
from extractors.crawl.fetch import Fetcher
from flows.nightly import nightly
from models import Channel, Link, Source
from pantau.demo.sample_pages import wordpress_page
from tests.route_site import RouteSite

KEYWORDS = ("Ombudsman", "SPM", "SAKIP", "kepatuhan", "pelayanan publik", "WTP")
XML = "application/xml"


def _source(base: str, *channels: Channel) -> Source:
    return Source(id="warta", name="Warta Daerah", publisher="warta.test", hosts=("127.0.0.1",),
                  profile="wordpress", channels=channels, article_url_patterns=(r"/\d{4}/\d{2}/[a-z0-9-]+/$",),
                  keywords=KEYWORDS, delay_seconds=0, retries=0, timeout_seconds=5)


def _urlset(*items: tuple[str, str | None, str | None]) -> str:
    """`(path, news title, news keywords)` as a news sitemap."""
    out = []
    for path, title, words in items:
        news = ""
        if title is not None:
            news = ("<news:news><news:publication><news:name>Warta</news:name><news:language>id</news:language>"
                    f"</news:publication><news:publication_date>2026-12-01T08:00:00+07:00</news:publication_date>"
                    f"<news:title>{title}</news:title>"
                    + (f"<news:keywords>{words}</news:keywords>" if words else "") + "</news:news>")
        out.append(f"<url><loc>{{base}}{path}</loc>{news}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(out) + "</urlset>")


def test_every_channel_s_word_counts_and_a_left_out_link_says_why() -> None:
    channel = Channel("sitemap", "http://127.0.0.1/unused")
    def link(title: str | None = None, summary: str | None = None, keywords: str | None = None) -> Link:
        return Link("http://127.0.0.1/2026/12/x/", "warta", channel.url, title, summary, keywords=keywords)

    assert skip_reason(link("Nilai Layanan Naik Tajam", keywords="Ombudsman, Layanan Publik"), KEYWORDS) is None
    assert skip_reason(link("Daerah Ini Naik Kelas", summary="Ombudsman RI menilai kepatuhan ..."), KEYWORDS) is None
    # A headline alone that may hide an assessment: fetched, and the page decides.
    assert skip_reason(link("Pemkab Lebong Raih Penghargaan Lagi"), KEYWORDS) is None
    assert skip_reason(link("Festival Durian Digelar Meriah"), KEYWORDS) == "no_keyword_in_title"
    assert skip_reason(link("Festival Durian Digelar", summary="Ribuan warga memadati lapangan."),
                       KEYWORDS) == "no_keyword"
    assert skip_reason(link(), KEYWORDS) is None                  # the channel said nothing: only the page can tell


def test_a_sitemap_index_that_answers_304_still_has_its_children_read(tmp_path: Path) -> None:
    with RouteSite() as site:
        index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 "<sitemap><loc>{base}/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>")
        site.put("/wp-sitemap.xml", index, XML)
        site.put("/wp-sitemap-posts-post-1.xml", _urlset(("/2026/12/spm-lebong/", None, None)), XML)
        source = _source(site.base, Channel("sitemap", f"{site.base}/wp-sitemap.xml"))
        with Fetcher.for_source(source) as fetcher:
            first = discover(source, fetcher)
        assert [link.url for link in first.links] == [f"{site.base}/2026/12/spm-lebong/"]
        # The next day a post is added: the child sitemap changes, WordPress's index does not.
        site.put("/wp-sitemap-posts-post-1.xml", _urlset(("/2026/12/spm-lebong/", None, None),
                                                         ("/2026/12/ombudsman-kaur/", None, None)), XML)
        with Fetcher.for_source(source) as fetcher:
            second = discover(source, fetcher, channel_state={c.url: c for c in first.channels})
        assert site.served("/wp-sitemap.xml") == [200, 304]
        assert site.served("/wp-sitemap-posts-post-1.xml") == [200, 200]
        assert {link.url for link in second.links} == {f"{site.base}/2026/12/spm-lebong/",
                                                     f"{site.base}/2026/12/ombudsman-kaur/"}


REDAKSI = """<!DOCTYPE html><html lang="id-ID"><head><meta charset="UTF-8"><title>Redaksi - Warta Daerah</title>
<meta property="og:type" content="website"><meta property="og:title" content="Redaksi - Warta Daerah">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Redaksi"}]}
</script></head><body class="page-template-default page page-id-12"><article class="page type-page">
<h1 class="entry-title">Redaksi</h1><div class="entry-content"><p>Pemimpin Redaksi: Rahmat Hidayat. Redaktur
Pelaksana: Sari Wulandari. Reporter: Dodi Saputra, Lina Marlina, Yoga Pratama dan Rini Anggraini.</p>
<p>Alamat redaksi: Jalan Merdeka Nomor 10, Kota Bengkulu. Surel: redaksi@warta.test. Telepon 0736 123456.
Warta Daerah tunduk pada Pedoman Pemberitaan Media Siber dan Kode Etik Jurnalistik.</p></div></article>
</body></html>"""


def _post(site: RouteSite, path: str, title: str, paragraphs: list[str]) -> None:
    article = {"host": "127.0.0.1", "path": path, "title": title, "published": "2026-12-01T09:00:00+07:00",
               "author": "Redaksi", "editor": "Redaksi", "section": "Daerah", "caption": "Dokumentasi kegiatan.",
               "caption_credit": "dok", "dateline": "", "paragraphs": paragraphs, "related": ["Berita lain"],
               "tags": []}
    site.put(path, wordpress_page(article).replace("https://127.0.0.1", site.base))


def test_a_night_reads_headline_only_links_for_their_body_and_records_every_link_it_left_out(tmp_path: Path) -> None:
    with RouteSite() as site:
        site.put("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        site.put("/sitemap_news.xml", _urlset(
            ("/2026/12/nilai-layanan-naik/", "Nilai Layanan Naik Tajam", "Ombudsman, Layanan Publik"),
            ("/2026/12/pemkab-raih-penghargaan/", "Pemkab Kaur Raih Penghargaan", None),
            ("/2026/12/bupati-resmikan-pasar/", "Bupati Kaur Resmikan Pasar Baru", None),
            ("/2026/12/festival-durian/", "Festival Durian Digelar Meriah", None),
            ("/redaksi/", None, None)), XML)                       # a page sitemap's entry: no headline
        site.put("/redaksi/", REDAKSI)
        _post(site, "/2026/12/nilai-layanan-naik/", "Nilai Layanan Naik Tajam", [
            "Ombudsman RI menempatkan Kabupaten Kaur di zona hijau penilaian kepatuhan pelayanan publik tahun "
            "2025 dengan nilai 88,10.",
            "Nilai itu naik dibanding tahun sebelumnya, kata Kepala Perwakilan Ombudsman di Bengkulu."])
        _post(site, "/2026/12/pemkab-raih-penghargaan/", "Pemkab Kaur Raih Penghargaan", [
            "Kabupaten Kaur menerima penghargaan karena meraih opini WTP dari BPK atas laporan keuangan tahun "
            "2025, yang ketujuh kalinya berturut-turut.",
            "Piagam diserahkan Kepala Perwakilan BPK di Bengkulu kepada bupati dalam rapat paripurna DPRD."])
        _post(site, "/2026/12/bupati-resmikan-pasar/", "Bupati Kaur Resmikan Pasar Baru", [
            "Bupati Kaur meresmikan pasar tradisional baru di pusat kota yang dibangun sejak awal tahun dan kini "
            "menampung dua ratus pedagang.",
            "Pedagang yang sebelumnya berjualan di bahu jalan kini mendapat los dengan sewa yang terjangkau."])
        sources = tmp_path / "sources.toml"
        sources.write_text(f"""
[defaults]
user_agent = "PantauRelevanceTest/1.0"
delay_seconds = 0
keywords = {list(KEYWORDS)!r}

[[source]]
id = "warta"
name = "Warta Daerah"
publisher = "warta.test"
hosts = ["127.0.0.1"]
profile = "wordpress"
channels = [{{ kind = "sitemap", url = "{site.base}/sitemap_news.xml" }}]
""", encoding="utf-8")
        db = tmp_path / "pantau.duckdb"
        summary = nightly(sources_file=str(sources), db_path=str(db), delay_seconds=0)
        fetched = {s.path for s in site.log}
    assert summary["status"] == "completed", summary["failures"]
    assert "/2026/12/festival-durian/" not in fetched                       # its headline says nothing of one
    assert {"/2026/12/pemkab-raih-penghargaan/", "/2026/12/bupati-resmikan-pasar/"} <= fetched
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = {r[0].rsplit("/", 1)[-1] for r in con.execute("SELECT url FROM articles").fetchall()}
        skipped = dict(con.execute("SELECT split_part(url, '/', -1), reason FROM skipped").fetchall())
    assert loaded == {"nilai-layanan-naik", "pemkab-raih-penghargaan"}
    assert skipped == {"festival-durian": "no_keyword_in_title", "bupati-resmikan-pasar": "not_relevant",
                       "redaksi": "not_an_article"}


def test_a_listing_teaser_speaks_for_its_own_story_only() -> None:
    from bs4 import BeautifulSoup

    from extractors.crawl.discover import parse_listing

    base = "http://127.0.0.1"
    source = _source(base)
    html = f"""<ul>
      <li><h3><a href="{base}/2026/12/naik-kelas/">Daerah Ini Naik Kelas</a></h3>
          <p>Ombudsman RI menempatkan kabupaten itu di zona hijau penilaian tahun ini.</p></li>
      <li><h3><a href="{base}/2026/12/pasar-baru/">Pasar Baru Diresmikan</a></h3>
          <time>Senin, 1 Desember 2026</time></li>
    </ul>"""
    links = {link.url.rsplit("/", 2)[-2]: link for link in
             parse_listing(BeautifulSoup(html, "lxml"), source, f"{base}/indeks/", "h3 a")}
    assert "Ombudsman" in (links["naik-kelas"].summary or "")
    assert links["pasar-baru"].summary is None                  # a date beside a headline is no teaser
    assert skip_reason(links["naik-kelas"], KEYWORDS) is None
    # Two stories in one wrapper: neither borrows the other's words.
    wrapped = f"""<div><a href="{base}/2026/12/a-satu/">Satu Judul Berita</a><a href="{base}/2026/12/b-dua/">Dua
      Judul</a><p>Ombudsman RI menilai kepatuhan pelayanan publik seluruh daerah tahun ini.</p></div>"""
    assert all(link.summary is None for link in parse_listing(BeautifulSoup(wrapped, "lxml"), source, base))
