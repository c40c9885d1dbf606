"""`pantau web` served for real (uvicorn on 127.0.0.1) over the analysts' published database, and asked over
HTTP: search with facets, a fact with its quote highlighted, a region with its chart and download, the
conflicts, an article that carries a script, what a stranger may type, and a load writing while it serves."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import httpx
import pytest

from extractors.facts.extract import extract
from models import Article
from pantau.store.published import writing
from tests.web_site import serving, web_database


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_database(tmp_path_factory.mktemp("web") / "pantau.duckdb")


@pytest.fixture(scope="module")
def web(db: Path) -> Iterator[str]:
    with serving(db) as base:
        yield base


def _reader(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db), read_only=True)


def test_search_narrows_by_facet_and_counts_what_is_left(web: str, db: Path) -> None:
    with _reader(db) as con:
        total = con.execute("SELECT count(*) FROM v_facts").fetchone()[0]
        spm = con.execute("SELECT count(*) FROM v_facts WHERE program = 'spm'").fetchone()[0]
    page = httpx.get(web + "/").text
    assert f"{total} fakta" in page and "Provinsi" in page and "Penilai" in page
    narrowed = httpx.get(web + "/", params={"program": "spm"}).text
    assert f"{spm} fakta" in narrowed and 0 < spm < total
    assert "Rejang Lebong" in httpx.get(web + "/", params={"q": "Rejang Lebong"}).text
    assert "Tidak ada fakta yang cocok" in httpx.get(web + "/", params={"q": "tidakadasamasekali"}).text


def test_a_fact_shows_its_quote_highlighted_in_the_article_and_who_reported_it(web: str, db: Path) -> None:
    with _reader(db) as con:
        fact_id, quote = con.execute("SELECT fact_id, quote FROM v_facts WHERE quote_field = 'body' "
                                     "ORDER BY fact_id LIMIT 1").fetchone()
    page = httpx.get(f"{web}/fakta/{fact_id}").text
    assert f'<mark id="kutipan">{_escaped(quote)}</mark>' in page
    assert "Dilaporkan oleh" in page and "(pertama)" in page
    assert "aturan <code>pantau-rules/" in page            # which version of the rules made the fact
    missing = httpx.get(f"{web}/fakta/tidak-ada")
    assert missing.status_code == 404 and "Tidak ditemukan" in missing.text and "Traceback" not in missing.text


def test_a_region_has_its_chart_officials_and_downloads(web: str, db: Path) -> None:
    page = httpx.get(web + "/wilayah/17.02").text
    assert "Kabupaten Rejang Lebong" in page and "<svg" in page
    rows = list(csv.DictReader(io.StringIO(httpx.get(web + "/wilayah/17.02.csv").text)))
    with _reader(db) as con:
        assert len(rows) == con.execute("SELECT count(*) FROM v_facts WHERE region_code = '17.02'").fetchone()[0]
    assert rows and {"program", "year", "value", "url", "quote"} <= set(rows[0])
    assert len(httpx.get(web + "/wilayah/17.02.json").json()) == len(rows)
    assert httpx.get(web + "/wilayah/99.99").status_code == 404


def test_conflicts_list_every_source_side_by_side(web: str, db: Path) -> None:
    with _reader(db) as con:
        conflicting = con.execute("SELECT DISTINCT publisher FROM v_conflicts").fetchall()
    page = httpx.get(web + "/konflik").text
    assert conflicting and all(p[0] in page for p in conflicting)


def test_article_text_and_typed_input_are_text_never_markup_or_sql(web: str, db: Path) -> None:
    with _reader(db) as con:
        fact_id = con.execute("SELECT fact_id FROM v_facts WHERE publisher = 'jahat.test'").fetchone()[0]
    page = httpx.get(f"{web}/fakta/{fact_id}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;isi&#39;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#39;judul&#39;)" in page
    for typed in ("' OR 1=1 --", "\"; DROP TABLE facts; --", "<script>x</script>", "%", "_"):
        resp = httpx.get(web + "/", params={"q": typed, "year": typed, "assessor": typed})
        assert resp.status_code == 200 and "<script>x</script>" not in resp.text
    assert httpx.get(web + "/", params={"page": "abc"}).status_code in (200, 422)
    assert httpx.post(web + "/").status_code == 405


def test_pages_answer_while_a_load_writes(web: str, db: Path) -> None:
    def load() -> None:
        with writing(db) as store:
            for i in range(20):
                article = Article(title=f"Skor SPM Seluma Naik {i}",
                                  body=f"SELUMA - Capaian SPM Kabupaten Seluma tahun 2024 mencapai {70 + i},5 persen "
                                       "menurut Kemendagri.", url=f"https://serentak.test/{i}",
                                  publisher="serentak.test")
                store.load_extraction(extract(replace(article, source_id="serentak")))

    writer = threading.Thread(target=load)
    writer.start()
    statuses = []
    while writer.is_alive():
        statuses.append(httpx.get(web + "/", params={"q": "Seluma"}, timeout=10).status_code)
    writer.join()
    assert statuses and set(statuses) == {200}
    assert "Seluma" in httpx.get(web + "/", params={"q": "Seluma"}).text


def _escaped(text: str) -> str:
    from html import escape

    return escape(text, quote=True).replace("&#x27;", "&#39;")


def test_checking_a_claim_gives_the_verdict_and_every_report(web: str) -> None:
    agrees = httpx.get(web + "/cek", params={"wilayah": "Rejang Lebong", "program": "SPM", "tahun": "2023",
                                             "nilai": "85,60"}).text
    # The analysts' articles report 85,60 and 86,50 for this claim: both sources shown, the claim contested.
    assert 'id="vonis"' in agrees and "BERTENTANGAN" in agrees and "85.6" in agrees and "86.5" in agrees
    nothing = httpx.get(web + "/cek", params={"wilayah": "17.02", "program": "SPM", "tahun": "2001",
                                              "nilai": "70"}).text
    assert "TIDAK ADA SUMBER" in nothing
    unknown = httpx.get(web + "/cek", params={"wilayah": "Kabupaten Tidak Ada"})
    assert unknown.status_code == 200 and "Traceback" not in unknown.text and 'class="empty"' in unknown.text
    assert "Kabupaten Rejang Lebong" in httpx.get(web + "/cek").text          # the suggestions list


def test_geography_mismatches_are_listed_with_the_province_each_side(web: str, db: Path) -> None:
    with _reader(db) as con:
        wrong = con.execute("SELECT region, province_name, stated_province_name FROM v_geography_mismatch").fetchall()
    page = httpx.get(web + "/konflik").text
    table = page[page.index('id="salah-provinsi"'):]
    assert wrong and all(r in table and p in table and s in table for r, p, s in wrong)


def test_downloads_the_claim_reviews_of_a_region_and_every_fact_of_a_search(web: str, db: Path) -> None:
    reviews = httpx.get(web + "/wilayah/17.02.claimreview.json")
    assert 'filename="claimreview-17.02.json"' in reviews.headers["content-disposition"]
    with _reader(db) as con:
        claims = con.execute("SELECT count(*) FROM v_first_reported WHERE region_code = '17.02'").fetchone()[0]
        spm = con.execute("SELECT count(*) FROM v_facts WHERE program = 'spm'").fetchone()[0]
    assert len(reviews.json()) == claims > 0
    assert {r["@type"] for r in reviews.json()} == {"ClaimReview"}
    assert all(r["claimReviewed"].startswith("Kabupaten Rejang Lebong") for r in reviews.json())
    assert httpx.get(web + "/wilayah/99.99.claimreview.json").status_code == 404
    # The search page links its own download, with the same choices, and the download has every row, not a page.
    page = httpx.get(web + "/", params={"program": "spm"}).text
    assert 'href="/unduh.csv?program=spm"' in page
    rows = list(csv.DictReader(io.StringIO(httpx.get(web + "/unduh.csv", params={"program": "spm"}).text)))
    assert len(rows) == spm > 25 and {r["program"] for r in rows} == {"spm"}
    assert {"region_code", "region", "province_name", "value", "url", "quote"} <= set(rows[0])


def test_an_empty_database_says_so_on_every_page(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.duckdb"
    with writing(empty):
        pass                                            # the schema, published, and no article yet
    with serving(empty) as base:
        search = httpx.get(base + "/")
        assert search.status_code == 200 and "Basis data belum berisi fakta" in search.text
        assert "Tidak ada konflik" in httpx.get(base + "/konflik").text
        check = httpx.get(base + "/cek", params={"wilayah": "Rejang Lebong", "nilai": "85,60"}).text
        assert "TIDAK ADA SUMBER" in check and "Traceback" not in check
