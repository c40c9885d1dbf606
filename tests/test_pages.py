"""HTML pages to articles: each CMS profile keeps the story and drops the page around it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractors.pages.html_article import EmptyArticle, article_from_html
from pantau.cli.reading import read_article
from pantau.ops.config import load_profiles
from pantau.paths import DEMO_SITE

PAGES = {
    "disway": next((DEMO_SITE / "koranrb.id" / "read" / "41873").glob("*.html")),
    "tribun": next((DEMO_SITE / "belitung.tribunnews.com" / "2024" / "03" / "02").glob("*.html")),
    "wordpress": next((DEMO_SITE / "langgam.id").glob("*.html")),
}
PROFILES = load_profiles()
CHROME = ("BACA JUGA", "Baca juga", "Cek Berita", "Ringkasan Berita", "Rekomendasi", "Berita Terkini",
          "Bagikan", "Google News", "ADVERTISEMENT", "All Right", "Share:")


@pytest.mark.parametrize(("profile", "published", "author"), [
    ("disway", date(2024, 7, 18), "Reporter"), ("tribun", date(2024, 3, 2), None),
    ("wordpress", date(2023, 11, 1), None),
])
def test_profiles_keep_the_story_and_drop_the_chrome(profile: str, published: date, author: str | None) -> None:
    page = PAGES[profile]
    article, _ = read_article(page)
    assert article.published == published
    assert article.title and not article.title.endswith(("Pos Belitung", "Langgam.id"))
    assert article.author
    assert len(article.body) > 1000
    for chrome in CHROME:
        assert chrome not in article.body, (profile, chrome)
    assert article.url and article.url.startswith("https://") and not article.url.endswith("/")


def test_an_unknown_site_is_read_by_the_generic_profile(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>{text}</p>" for text in (
            "KUPANG, WARTA TIMUR - Pemerintah Kota Kupang meraih nilai 84,6 dalam penilaian kepatuhan standar "
            "pelayanan publik Ombudsman RI tahun 2023 dan masuk kategori kualitas tinggi.",
            "Wali Kota Kupang, George Hadjoh, mengatakan capaian itu hasil pembenahan layanan di kelurahan.",
            "Penilaian tahun ini mencakup layanan administrasi kependudukan, perizinan, kesehatan dan pendidikan "
            "yang dinilai langsung oleh tim dari kantor perwakilan Ombudsman di Kupang selama dua pekan.",
        ))
    html = (f"<html><head><title>Kupang Raih Nilai 84,6 | Warta Timur</title>"
            f"<meta property='article:published_time' content='2024-01-12T09:00:00+08:00'></head><body>"
            f"<nav><a href='/'>Beranda</a> <a href='/kota'>Kota</a></nav><main><article>"
            f"<h1>Kupang Raih Nilai 84,6 dari Ombudsman</h1>{paragraphs}</article></main>"
            f"<aside><h3>Terpopuler</h3><ul><li>Harga cabai naik Rp 80 ribu</li></ul></aside>"
            f"<footer>Hak cipta Warta Timur</footer></body></html>")
    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    article, _ = read_article(page, url="https://wartatimur.test/kota/kupang-raih-nilai")
    assert article.publisher is None and article.source_id is None          # no profile knows this site
    assert article.published == date(2024, 1, 12)
    assert "Kota Kupang meraih nilai 84,6" in article.body
    assert "Harga cabai" not in article.body and "Hak cipta" not in article.body


def test_a_page_without_a_story_is_an_error_not_an_empty_article() -> None:
    with pytest.raises(EmptyArticle):
        article_from_html("<html><body><nav>Beranda</nav></body></html>", url="https://x.test/a",
                          profile=load_profiles()["generic"])


def test_pages_that_are_not_utf8_are_decoded() -> None:
    html = ("<html><head><meta charset='windows-1252'></head><body><h1>Skor SPM Kota Bengkulu</h1>"
            "<div class='post'><p>Pemkot Bengkulu meraih skor 85,2 \u2013 tertinggi \u201cse-Provinsi\u201d \u2013 "
            "dalam penilaian penerapan standar pelayanan minimal tahun 2023 yang diumumkan Kementerian Dalam "
            "Negeri pekan lalu di Jakarta.</p></div></body></html>").encode("cp1252")
    article = article_from_html(html, url="https://bengkuluekspress.disway.id/read/1/x",
                                profile=load_profiles()["disway"], encoding="windows-1252")
    assert "\u2013 tertinggi \u201cse-Provinsi\u201d" in article.body


def test_the_generic_profile_finds_a_paging_bar_s_later_pages_but_not_show_all_or_other_stories() -> None:
    from extractors.crawl.pagination import later_pages

    url = "https://warta.test/read/2026/12/01/101/skor-spm-naik"
    html = f"""<html><body><div class="read__content"><p>Halaman pertama.</p></div>
    <div class="read__paging"><a href="{url}?page=1">1</a> <a href="{url}?page=2">2</a>
    <a href="{url}?page=3">3</a> <a href="{url}?page=2">Selanjutnya</a> <a href="{url}?page=all">Semua</a></div>
    <a rel="next" href="https://warta.test/read/2026/12/01/102/berita-lain">Berita berikutnya</a></body></html>"""
    assert later_pages(html, url, PROFILES["generic"]) == [f"{url}?page=2", f"{url}?page=3"]


WP = "https://langgam.id/skor-spm-naik/"
# (profile, url, the page's markup, its later pages): each shape as BeautifulSoup's tree and soupsieve read it
PAGING = [
    ("wordpress", WP, f'<div class="page-links">Halaman: <span>1</span> <a href="{WP}?page=2">2</a> '
                      f'<a class="post-page-numbers" href="?page=3">3</a></div>', [f"{WP}?page=2", f"{WP}?page=3"]),
    ("disway", "https://koranrb.id/read/5/a", '<ul class="pagination"><li><a data-ci-pagination-page="2" '
     'href="/read/5/a/2">2</a></li><li><a href="/read/5/a/3">3</a></li></ul>', ["https://koranrb.id/read/5/a/2"]),
    ("tribun", "https://belitung.tribunnews.com/2026/11/11/x", '<span class="total-page">Halaman 1 dari '
     '<!-- n -->3</span>', [f"https://belitung.tribunnews.com/2026/11/11/x?page={n}" for n in (2, 3)]),
    # after `</html>`, a padded and upper-case `rel`, and a `<template>`'s links (which are no part of the page)
    ("generic", WP, '<html><body><p>x</p></body></html><div class="paging"><a href="?page=2">2</a></div>'
                    '<a rel=" Next " href="?page=3">3</a><template><div class="paging"><a href="?page=4">4</a>'
                    '</div></template>', [f"{WP}?page=2", f"{WP}?page=3"]),
]


@pytest.mark.parametrize(("profile", "url", "markup", "expected"), PAGING, ids=[p[0] for p in PAGING])
def test_each_profile_finds_its_later_pages_as_beautifulsoup_did(profile: str, url: str, markup: str,
                                                                  expected: list[str]) -> None:
    from extractors.crawl.pagination import later_pages

    html = f"<html><head><title>Skor SPM naik \u2013 Langgam</title></head><body>{markup}</body></html>"
    assert later_pages(html, url, PROFILES[profile]) == expected
    assert later_pages(html.encode("cp1252"), url, PROFILES[profile], "windows-1252") == expected
    assert later_pages(html.encode("cp1252"), url, PROFILES[profile]) == expected      # no charset said: read as 1252
    assert later_pages(b"\x00\xff<a", url, PROFILES[profile]) == later_pages(b"", url, PROFILES[profile]) == []


def test_a_timestamp_in_utc_is_dated_by_the_newsroom_s_day() -> None:
    story = ("<p>KOTA BENGKULU - Ombudsman RI menempatkan Kota Bengkulu di zona hijau dengan nilai 90,12 dalam "
             "penilaian kepatuhan pelayanan publik tahun 2025, naik dari tahun sebelumnya.</p>" * 2)
    html = (f'<html><head><meta property="article:published_time" content="2026-03-11T22:28:00+00:00"></head>'
            f'<body class="single single-post"><h1 class="entry-title">Kota Bengkulu Zona Hijau</h1>'
            f'<div class="entry-content">{story}</div></body></html>')
    wordpress = PROFILES["wordpress"]
    assert article_from_html(html, profile=wordpress).published == date(2026, 3, 12)            # 05:28 WIB
    assert article_from_html(html, profile=wordpress, time_zone="WIT").published == date(2026, 3, 12)
    html = html.replace("22:28", "16:28")
    assert article_from_html(html, profile=wordpress).published == date(2026, 3, 11)            # 23:28 WIB
    assert article_from_html(html, profile=wordpress, time_zone="WIT").published == date(2026, 3, 12)


_STORY = ("<p>BENGKULU - Pemerintah Kabupaten Kaur meraih nilai 81,20 dalam penilaian kepatuhan pelayanan publik "
          "Ombudsman RI tahun 2023 dan masuk zona hijau untuk pertama kalinya.</p>"
          "<p class='iklan'>Pasang iklan Anda di sini, hubungi bagian pemasaran kami setiap hari kerja.</p>"
          "<p>Bupati <b>Kaur</b>, Lismidianto, mengatakan capaian itu buah pembenahan layanan di seluruh kecamatan "
          "selama setahun terakhir, dari kependudukan sampai perizinan usaha.</p>")


def _page(story: str, around: str = "{}") -> str:
    return (f"<html><head><title>Kaur Zona Hijau</title></head><body><div class='main'>"
            f"{around.format(story)}</div><footer>Redaksi</footer></body></html>")


@pytest.mark.parametrize("around", ["{}", "<ul><li>{}</li></ul>"])
def test_the_story_is_read_alone_or_in_its_page_alike(around: str) -> None:
    """The story's element is read on its own (its markup written out and read back), unless its page around
    it could matter: a drop selector that reaches outside it, or a story set inside a list item. Either way
    the same paragraphs come out, less what the profile drops."""
    from models.profiles import Profile

    html = _page(f"<div class='isi'><p>Reporter: <a href='/r/1'>Budi Santoso</a></p>{_STORY}</div>", around)
    inside = Profile(name="t", body=("div.isi",), drop=("p.iklan",), author=("label:Reporter",))
    outside = Profile(name="t", body=("div.isi",), drop=("div.main p.iklan",), author=("label:Reporter",))
    read = [article_from_html(html, profile=profile) for profile in (inside, outside)]
    assert read[0] == read[1]
    assert read[0].author == "Budi Santoso"          # the label's string ends at the colon: the link that follows
    assert "iklan" not in read[0].body and "Pasang" not in read[0].body
    assert read[0].body.startswith("BENGKULU - Pemerintah Kabupaten Kaur") and "Lismidianto" in read[0].body
