"""`pantau web` driven in a real browser: headless Chromium (Debian's `chromium`, which `make test` installs
where missing) through Playwright, against the app served by uvicorn on 127.0.0.1. What a journalist does:
search and narrow by facets, check a claim, open a fact and see its quote highlighted, follow a conflict,
download CSV; an article carrying a script; a phone-width screen; the pages while a load writes."""

from __future__ import annotations

import csv
import io
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from extractors.facts.extract import extract
from models import Article
from pantau.store.published import writing
from tests.web_site import serving, web_database

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("PANTAU_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium: `make test` installs Debian's (as root)")

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_database(tmp_path_factory.mktemp("browser") / "pantau.duckdb")


@pytest.fixture(scope="module")
def web(db: Path) -> Iterator[str]:
    with serving(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        # --no-sandbox: Chromium refuses to start its sandbox as root, which is how the tests run here.
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, web: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=web, accept_downloads=True)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def _one(db: Path, sql: str, params: list | None = None):  # type: ignore[no-untyped-def]
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()


def _count_heading(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator("h2", has_text="fakta").first.inner_text().split()[0])


def test_search_then_narrow_by_facets_then_page(page, db: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert _count_heading(page) == _one(db, "SELECT count(*) FROM v_facts")[0]
    page.locator(".facets a", has_text="spm").first.click()
    page.wait_for_url("**program=spm**")
    spm = _one(db, "SELECT count(*) FROM v_facts WHERE program = 'spm'")[0]
    assert _count_heading(page) == spm
    page.fill("input[name=q]", "Rejang Lebong")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=Rejang**")
    rows = page.locator("table tr").all_inner_texts()[1:]
    assert any(r.startswith("Kabupaten Rejang Lebong") for r in rows)
    # Each word in the region, the quote or the headline; the programme chosen before stays chosen.
    both = _one(db, """SELECT count(*) FROM v_facts WHERE program = 'spm'
                       AND (region ILIKE '%Rejang%' OR quote ILIKE '%Rejang%' OR article_title ILIKE '%Rejang%')
                       AND (region ILIKE '%Lebong%' OR quote ILIKE '%Lebong%' OR article_title ILIKE '%Lebong%')""")[0]
    assert "program=spm" in page.url and _count_heading(page) == both > 0
    page.locator(".facets a", has_text="×").first.click()          # drop the programme again
    page.wait_for_url(lambda url: "program=spm" not in url)
    assert "q=Rejang" in page.url
    page.goto("/?q=tidakadasamasekali")
    assert page.locator(".empty").inner_text().startswith("Tidak ada fakta yang cocok")


def test_check_a_claim_by_alias_with_suggestions(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/cek")
    assert page.locator("datalist#daerah option").count() >= 500          # every region offered as you type
    page.fill("input[name=wilayah]", "rejang lebong")
    page.fill("input[name=program]", "SPM")
    page.fill("input[name=tahun]", "2023")
    page.fill("input[name=nilai]", "85,60")
    page.click("button[type=submit]")
    page.wait_for_url("**/cek?wilayah=rejang**")
    assert "BERTENTANGAN" in page.inner_text("#vonis")                   # 85,60 and 86,50 were both reported
    reports = page.locator("table tr").all_inner_texts()[1:]
    assert any("85.6" in r for r in reports) and any("86.5" in r for r in reports)
    page.fill("input[name=wilayah]", "Atlantis")
    page.click("button[type=submit]")
    page.wait_for_url("**wilayah=Atlantis**")            # the same path as before: wait for the new answer
    page.locator("p.empty").wait_for()
    assert page.locator("p.empty").count() == 1 and "Traceback" not in page.content()


def test_a_fact_opens_with_its_quote_highlighted(page, db: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/?q=Lebong")
    page.locator("table a[href^='/fakta/']").first.click()
    page.wait_for_url("**/fakta/**")
    fact_id = page.url.rsplit("/", 1)[1]
    quote, field = _one(db, "SELECT quote, quote_field FROM v_facts WHERE fact_id = ?", [fact_id])
    mark = page.locator("mark#kutipan")
    assert mark.is_visible() and mark.inner_text() == quote
    if field == "body":
        assert quote in page.inner_text("#artikel")
    colour = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("text=(pertama)").count() == 1


def test_follow_a_conflict_to_its_fact_and_region(page, db: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/konflik")
    row = page.locator("#konflik tr").nth(1)
    region = row.locator("td").first.inner_text()
    row.locator("a[href^='/fakta/']").click()
    page.wait_for_url("**/fakta/**")
    fact_id = page.url.rsplit("/", 1)[1]
    assert _one(db, "SELECT count(*) FROM v_conflicts WHERE fact_id = ?", [fact_id])[0] == 1
    assert len(page.locator("h3 + table tr").all()) >= 3                  # header, and the reports on both sides
    page.go_back()
    page.locator("#konflik tr").nth(1).locator("td a").first.click()
    page.wait_for_url("**/wilayah/**")
    assert page.locator("h2").first.inner_text() == region


def test_download_csv_of_a_region_and_of_a_search(page, db: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/wilayah/17.02")
    with page.expect_download() as info:
        page.click("text=CSV")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == _one(db, "SELECT count(*) FROM v_facts WHERE region_code = '17.02'")[0] > 0
    assert info.value.suggested_filename == "pantau-17.02.csv"
    page.goto("/?program=spm")
    with page.expect_download() as info:
        page.click("text=CSV")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == _one(db, "SELECT count(*) FROM v_facts WHERE program = 'spm'")[0]   # all, not one page
    assert {r["program"] for r in rows} == {"spm"}


def test_an_article_with_a_script_shows_it_as_text_and_runs_nothing(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/?q=Kaur")
    page.locator("table a[href^='/fakta/']").first.click()
    page.wait_for_url("**/fakta/**")
    assert "<script>alert('isi')</script>" in page.inner_text("#artikel")
    assert "<script>alert('judul')</script>" in page.inner_text("h3")
    assert page.locator("#artikel img, #artikel script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []


@pytest.mark.parametrize("path", ["/", "/?q=Lebong", "/cek?wilayah=Rejang+Lebong&nilai=85,60", "/konflik",
                                  "/wilayah/17.02"])
def test_pages_fit_a_phone_screen(browser, web: str, path: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=web, viewport=PHONE, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(path)
    # clientWidth, not innerWidth: a mobile browser widens its layout viewport to fit content that overflows.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 1, f"{path} is {overflow}px wider than a phone screen"


def test_the_page_shows_new_facts_after_a_load_while_serving(page, db: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/?q=Mukomuko")
    before = _count_heading(page)

    def load() -> None:
        with writing(db) as store:
            for i in range(5):
                article = Article(title="Capaian SPM Mukomuko Membaik", url=f"https://serentak.test/mukomuko/{i}",
                                  body=f"MUKOMUKO - Capaian SPM Kabupaten Mukomuko tahun 2024 mencapai {80 + i},5 "
                                       "persen menurut Kemendagri.", publisher="serentak.test")
                store.load_extraction(extract(replace(article, source_id="serentak")))

    writer = threading.Thread(target=load)
    writer.start()
    while writer.is_alive():
        page.reload()
        assert page.locator("h2", has_text="fakta").count() == 1          # a whole page every time
    writer.join()
    page.reload()
    assert _count_heading(page) == before + 5
