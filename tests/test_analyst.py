"""The analysts' and journalists' side: views, worked queries, `pantau check`, reference data, exports, search,
and reading while the writer writes. The database holds the demo articles plus tests/analyst/ (written to
produce conflicts, a wrong province, repeats, a falling score and one official named twice)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pantau.store.database import Store
from pantau.store.published import open_reader, writer_path
from tests.analyst_data import ANALYST, build
from tests.conftest import ROOT, run_pantau

DUCKDB_SHELL = Path(sys.executable).with_name("duckdb")
QUERIES = ROOT / "sql" / "queries"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("analyst") / "pantau.duckdb")


@pytest.fixture
def own_db(published: Path, tmp_path: Path) -> Path:
    """A copy a test may write to (reference loads), writer file included."""
    db = tmp_path / "pantau.duckdb"
    shutil.copy(published, db)
    shutil.copy(writer_path(published), writer_path(db))
    return db


def rows(db: Path, sql: str, params: list[object] | None = None) -> list[tuple]:  # type: ignore[type-arg]
    con = open_reader(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def check_json(db: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run_pantau("check", *args, "--json", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- views

def test_v_facts_has_one_traceable_row_per_fact(published: Path) -> None:
    assert rows(published, "SELECT count(*) FROM v_facts") == rows(published, "SELECT count(*) FROM facts")
    (row,) = rows(published, """SELECT region, region_level, province_name, assessor, program, year, metric, value,
                                       publisher, url, published, quote, sentence, stated_province_name,
                                       reference_match
                                FROM v_facts WHERE region_code = '17.08'""")
    assert row[:8] == ("Kabupaten Kepahiang", "kabupaten", "Bengkulu", "ombudsman", "kepatuhan_pelayanan_publik",
                       2023, "score", "84.35")
    assert row[8] == "sumbagselnews.example" and row[9].startswith("https://sumbagselnews.example/")
    assert str(row[10]) == "2024-01-15" and row[11] in row[12] and row[13] == "Sumatera Selatan"
    assert row[14] == "no_reference"
    # Every quote is where its offsets say, in the article's title or body.
    misplaced = rows(published, """SELECT f.fact_id FROM facts f JOIN articles a USING (article_id)
        WHERE substring(CASE f.quote_field WHEN 'title' THEN a.title ELSE a.body END, f.quote_start + 1,
                        f.quote_end - f.quote_start) <> f.quote""")
    assert misplaced == []


def test_v_conflicts_lists_every_source_of_each_conflicting_claim(published: Path) -> None:
    found = rows(published, """SELECT region_code, program, year, metric, values_reported, across_articles,
                                      count(*), list(DISTINCT publisher ORDER BY publisher),
                                      list(within_article ORDER BY value)
                               FROM v_conflicts GROUP BY ALL ORDER BY region_code""")
    assert found == [
        ("17.02", "spm", 2023, "score", ["85.6", "86.5"], True, 3,
         ["bengkulutoday.example", "koranrb.id", "rakyatcurup.example"], [False, False, False]),
        ("17.05", "spm", 2023, "score", ["78.04", "78.4"], False, 2, ["selumapost.example"], [True, True]),
        ("17.07", "kepatuhan_pelayanan_publik", 2022, "score", ["82", "84.23"], False, 2,
         ["bengkuluekspress.disway.id"], [True, True]),
    ]


def test_v_geography_mismatch_names_the_wrong_province_with_the_sentence(published: Path) -> None:
    found = rows(published, """SELECT region, province_name, stated_province_name, facts, sentence
                               FROM v_geography_mismatch ORDER BY region""")
    assert [r[:4] for r in found] == [("Kabupaten Kepahiang", "Bengkulu", "Sumatera Selatan", 1),
                                      ("Kabupaten Sumbawa", "Nusa Tenggara Barat", "Nusa Tenggara Timur", 2)]
    assert "Kabupaten Kepahiang, Provinsi Sumatera Selatan" in found[0][4]
    # Empat Lawang is written with its own province in the same article: no mismatch.
    assert rows(published, "SELECT count(*) FROM v_geography_mismatch WHERE region_code = '16.11'") == [(0,)]


def test_v_first_reported_names_the_first_outlet_and_the_repeats(published: Path) -> None:
    found = {(r[0], r[1]): r[2:] for r in rows(published, """
        SELECT region_code, value, reports, first_publisher, CAST(first_published AS VARCHAR), repeated_by_outlets,
               [x.url FOR x IN repeated_by]
        FROM v_first_reported WHERE metric = 'score' AND year = 2023 AND region_code IN ('17.02', '17.07')""")}
    assert found[("17.02", "85.6")][:4] == (2, "rakyatcurup.example", "2024-07-12", ["koranrb.id"])
    assert found[("17.02", "85.6")][4][0].startswith("https://koranrb.id/read/41873/")
    assert found[("17.02", "86.5")][:4] == (1, "bengkulutoday.example", "2024-07-22", [])
    assert found[("17.07", "92")][:4] == (2, "bengkuluekspress.disway.id", "2023-12-26", ["rafflesiapos.example"])


def test_v_region_timeline_gives_values_by_year_and_the_change(published: Path) -> None:
    found = {(r[0], r[1]): r[2:] for r in rows(published, """
        SELECT region_code, year, value, values_reported, conflicting, previous_year, previous_value, change
        FROM v_region_timeline WHERE metric = 'score' AND period IS NULL
          AND region_code IN ('17.04', '17.02', '17.07', '19.71')""")}
    assert found[("17.04", 2023)] == ("76.4", ["76.4"], False, 2022, "80.15", -3.75)
    assert found[("19.71", 2023)][-1] == -11.11
    # Two articles against one: the majority value stands, and the disagreement shows.
    assert found[("17.02", 2023)][:3] == ("85.6", ["85.6", "86.5"], True)
    # One article giving two values: no value can be chosen, so no change is computed from it.
    assert found[("17.07", 2022)][:3] == (None, ["82", "84.23"], True)
    assert found[("17.07", 2023)] == ("92", ["92"], False, 2022, None, None)


def test_v_officials_gathers_the_articles_naming_each_official(published: Path) -> None:
    (row,) = rows(published, """SELECT name, role, region, province_name, articles, outlets,
                                       [m.publisher FOR m IN mentions]
                                FROM v_officials WHERE name = 'Rusdianto Halim'""")
    assert row == ("Rusdianto Halim", "Bupati", "Kabupaten Kaur", "Bengkulu", 2, 2,
                   ["rafflesiapos.example", "kaurpos.example"])


@pytest.mark.parametrize(("query", "expected"), [
    ("best_spm_by_province.sql", [r"Sumatera Barat\s*│\s*1\s*│\s*Kabupaten Solok\s*│\s*87\.12",
                                  r"Sumatera Barat\s*│\s*2\s*│\s*Kota Solok\s*│\s*85\.9",
                                  r"Bengkulu\s*│\s*1\s*│\s*Kabupaten Rejang Lebong\s*│\s*85\.6"]),
    ("scores_that_fell.sql", [r"Kota Pangkalpinang.*-11\.11", r"Kabupaten Kaur.*80\.15.*76\.4.*-3\.75"]),
    ("ombudsman_grades_by_province.sql", [r"Bengkulu\s*│\s*2023\s*│\s*zona kuning\s*│\s*1\s*│\s*Kabupaten Mukomuko",
                                          r"Sumatera Barat\s*│\s*2023\s*│\s*zona hijau"]),
    ("claims_with_conflicts.sql", [r"Kabupaten Rejang Lebong.*85\.6 vs 86\.5.*across articles",
                                   r"Kabupaten Seluma.*within one article"]),
    ("facts_by_region.sql", [r"Kabupaten Kepahiang.*84\.35"]),
    ("national_ranking.sql", [r"kabupaten\s*│\s*1\s*│\s*13\.02\s*│\s*Kabupaten Solok\s*│\s*Sumatera Barat\s*│\s*87\.12",
                              r"kabupaten\s*│\s*2\s*│\s*17\.02\s*│\s*Kabupaten Rejang Lebong.*85\.6.*true",
                              r"kota\s*│\s*1\s*│\s*13\.72\s*│\s*Kota Solok"]),
])
def test_worked_queries_run_as_they_are_in_the_duckdb_shell(published: Path, query: str,
                                                            expected: list[str]) -> None:
    with (QUERIES / query).open() as stdin:
        result = subprocess.run([str(DUCKDB_SHELL), "-readonly", str(published)], stdin=stdin, capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 0 and "Error" not in result.stderr, result.stderr
    for pattern in expected:
        assert re.search(pattern, result.stdout), (pattern, result.stdout)


def test_every_query_file_is_tested() -> None:
    tested = {"best_spm_by_province.sql", "scores_that_fell.sql", "ombudsman_grades_by_province.sql",
              "claims_with_conflicts.sql", "facts_by_region.sql", "national_ranking.sql"}
    assert {p.name for p in QUERIES.glob("*.sql")} == tested


def national_ranking(db: Path, **params: str) -> list[dict]:  # type: ignore[type-arg]
    """sql/queries/national_ranking.sql as a user runs it, with some of the SET VARIABLE lines at its top changed."""
    sql = (QUERIES / "national_ranking.sql").read_text(encoding="utf-8")
    for name, value in params.items():
        sql, changed = re.subn(rf"^SET VARIABLE {name} = .*;$", f"SET VARIABLE {name} = {value};", sql, flags=re.M)
        assert changed == 1, name
    con = open_reader(db)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def test_national_ranking_ranks_one_kind_of_value_with_one_row_per_region(published: Path) -> None:
    ranked = national_ranking(published)        # Kemendagri SPM 2023, whole year, points
    assert [(r["level"], r["place"], r["region_code"], r["score"]) for r in ranked] == [
        ("kabupaten", 1, "13.02", "87.12"), ("kabupaten", 2, "17.02", "85.6"), ("kabupaten", 3, "17.05", "78.04"),
        ("kabupaten", 4, "17.04", "76.4"), ("kabupaten", 5, "17.09", "74.02"), ("kabupaten", 6, "17.03", "72.55"),
        ("kota", 1, "13.72", "85.9")]
    for level in ("kabupaten", "kota"):
        scores = [float(r["score"]) for r in ranked if r["level"] == level]
        assert scores == sorted(scores, reverse=True)
    assert len({r["region_code"] for r in ranked}) == len(ranked)
    assert all(r["region"] and r["province"] for r in ranked)
    # Nothing of another kind: not Pangkalpinang's percent, not the triwulan III scores (Sumbawa 88.14,
    # Dharmasraya 87.68, higher than any yearly one), not a rank or a grade.
    assert {r["unit"] for r in ranked} == {"points"}
    assert not {r["region_code"] for r in ranked} & {"19.71", "52.04", "13.10"}
    by_code = {r["region_code"]: r for r in ranked}
    # Two articles against one: the majority value is shown, and the region is flagged with its conflict.
    rejang = by_code["17.02"]
    assert (rejang["in_conflict"], rejang["values_reported"], rejang["reports"]) == (True, ["85.6", "86.5"], 3)
    assert rows(published, "SELECT DISTINCT conflict_id FROM v_conflicts WHERE region_code = '17.02'") == [
        (rejang["conflict_id"],)]
    # One article giving two values: a tie, so the lower is shown.
    seluma = by_code["17.05"]
    assert (seluma["in_conflict"], seluma["values_reported"], seluma["flags"]) == (
        True, ["78.04", "78.4"], ["conflicting_values"])
    assert not by_code["13.02"]["in_conflict"] and by_code["13.02"]["conflict_id"] is None

    percent = national_ranking(published, unit="'percent'")
    assert [(r["place"], r["region_code"], r["score"], r["unit"]) for r in percent] == [(1, "19.71", "70.2", "percent")]
    quarter = national_ranking(published, period="'Q3'")
    assert [(r["place"], r["region_code"], r["score"], r["news_rank"], r["flags"]) for r in quarter] == [
        (1, "52.04", "88.14", "1", ["province_mismatch"]), (2, "13.10", "87.68", "2 of 416", [])]
    ombudsman = national_ranking(published, assessor="'ombudsman'", program="'kepatuhan_pelayanan_publik'")
    assert [(r["level"], r["region_code"]) for r in ombudsman][:2] == [("kabupaten", "17.07"), ("kabupaten", "13.04")]
    assert national_ranking(published, year="2021") == []


def test_the_data_dictionary_documents_every_column(published: Path) -> None:
    documented: dict[str, set[str]] = {}
    current = None
    for line in (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#{2,3} `(\w+)`", line)
        if heading:
            current = documented.setdefault(heading.group(1), set())
        cell = re.match(r"^\| `(\w+)` \|", line)
        if cell and current is not None:
            current.add(cell.group(1))
    actual: dict[str, set[str]] = {}
    for table, column in rows(published, """SELECT table_name, column_name FROM information_schema.columns
                                           WHERE table_schema = 'main'"""):
        actual.setdefault(table, set()).add(column)
    assert set(documented) == set(actual)
    for table, columns in actual.items():
        assert documented[table] == columns, table


# ---------------------------------------------------------------- pantau check

def test_check_agrees_when_every_report_gives_the_value(published: Path) -> None:
    out = check_json(published, "Kab. Lebong", "--assessor", "Ombudsman RI", "--year", "2023", "--value", "92")
    assert out["region"]["code"] == "17.07" and out["verdict"] == "agrees"
    (claim,) = [c for c in out["claims"] if c["metric"] == "score"]
    assert [r["publisher"] for r in claim["reports"]] == ["bengkuluekspress.disway.id", "rafflesiapos.example"]
    assert all(r["matches_claim"] and r["url"] and r["quote"] for r in claim["reports"])


def test_check_conflicts_and_lists_who_said_what(published: Path) -> None:
    out = check_json(published, "Rejang Lebong", "--program", "Standar Pelayanan Minimal", "--year", "2023",
                     "--value", "86,50")
    assert out["verdict"] == "conflicts" and out["official"] == "no_reference"
    (claim,) = [c for c in out["claims"] if c["metric"] == "score"]
    assert claim["conflicting"] and claim["values"] == ["85.6", "86.5"]
    assert [(r["publisher"], r["matches_claim"]) for r in claim["reports"]] == [
        ("rakyatcurup.example", False), ("koranrb.id", False), ("bengkulutoday.example", True)]
    text = run_pantau("check", "Rejang Lebong", "--year", "2023", "--value", "86,50", "--db", str(published))
    assert "CONFLICTS" in text.stdout and "CONFLICT: 85.6 vs 86.5" in text.stdout


def test_check_without_a_source_says_so(published: Path) -> None:
    out = check_json(published, "Kaur", "--year", "2021", "--value", "80")
    assert out["verdict"] == "no_source" and out["claims"] == []
    text = run_pantau("check", "Kota Bengkulu", "--program", "spm", "--value", "80", "--db", str(published))
    assert text.returncode == 0 and "NO SOURCE" in text.stdout


def test_check_judges_the_year_the_value_belongs_to(published: Path) -> None:
    out = check_json(published, "Kaur", "--value", "80,15")               # 2022's value; 2023 says 76.4
    assert out["verdict"] == "agrees"
    ranks = check_json(published, "Dharmasraya", "--metric", "rank", "--period", "triwulan III", "--value", "2")
    assert ranks["verdict"] == "agrees" and {c["period"] for c in ranks["claims"]} == {"Q3"}


def test_check_flags_geography_mismatches(published: Path) -> None:
    out = check_json(published, "Kepahiang")
    assert [m["stated_province"] for m in out["geography_mismatches"]] == ["Sumatera Selatan"]
    text = run_pantau("check", "Kepahiang", "--db", str(published))
    assert "GEOGRAPHY" in text.stdout and "lies in Bengkulu" in text.stdout


@pytest.mark.parametrize("args", [
    ["Rejang Lebong'; DROP TABLE facts; --"],
    ['Kota "Bengkulu"; DELETE FROM articles'],
    ["Rejang Lebong", "--value", "85'6; DROP TABLE facts"],
    ["Rejang Lebong", "--assessor", "x' OR '1'='1"],
])
def test_check_takes_hostile_input_as_data(own_db: Path, args: list[str]) -> None:
    before = rows(own_db, "SELECT (SELECT count(*) FROM facts), (SELECT count(*) FROM articles)")
    result = run_pantau("check", *args, "--db", str(own_db))
    assert result.returncode == 2
    assert re.search(r"no region is called|not a number or a grade|unknown assessor", result.stderr)
    assert rows(own_db, "SELECT (SELECT count(*) FROM facts), (SELECT count(*) FROM articles)") == before


def test_check_resolves_aliases_and_refuses_to_guess(published: Path) -> None:
    assert check_json(published, "17.02")["region"]["name"] == "Kabupaten Rejang Lebong"
    assert check_json(published, "Pemkot Solok")["region"]["code"] == "13.72"
    result = run_pantau("check", "Solok", "--db", str(published))
    assert result.returncode == 2
    assert "Kabupaten Solok (13.02)" in result.stderr and "Kota Solok (13.72)" in result.stderr


# ---------------------------------------------------------------- reference data

def test_reference_load_reports_every_bad_line_and_loads_nothing(own_db: Path) -> None:
    result = run_pantau("reference", "load", str(ANALYST / "reference_bad.csv"), "--db", str(own_db))
    assert result.returncode == 1
    lines = {int(m.group(1)): m.group(2) for m in re.finditer(r"reference_bad\.csv:(\d+): (.*)", result.stderr)}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "Lebong Utara" in lines[3] and "Kemenkeu" in lines[4] and "20233" in lines[5] and "80,1x" in lines[6]
    assert "beyond out_of 416" in lines[7] and "assessed by kemendagri" in lines[8] and "source_url" in lines[9]
    assert "same result as line 2" in lines[10] and "Kota Bengkulu (17.71)" in lines[11]
    assert rows(own_db, "SELECT count(*) FROM reference_results") == [(0,)]
    con = duckdb.connect(str(writer_path(own_db)), read_only=True)
    assert con.execute("SELECT count(*) FROM reference_results").fetchone() == (0,)    # line 2 was good: not kept
    con.close()


def test_reference_load_compares_news_with_official_figures(own_db: Path) -> None:
    for _ in range(2):                                              # loading again replaces, never duplicates
        result = run_pantau("reference", "load", str(ANALYST / "reference_ok.csv"), "--db", str(own_db))
        assert result.returncode == 0, result.stderr
    assert rows(own_db, "SELECT count(*) FROM reference_results") == [(8,)]
    matches = dict(rows(own_db, "SELECT value, reference_match FROM v_facts WHERE region_code = '17.02' "
                                "AND metric = 'score'"))
    assert matches == {"85.6": "agrees", "86.5": "differs"}
    grades = rows(own_db, "SELECT value, reference_value, reference_match FROM v_facts WHERE region_code = '17.71' "
                          "AND metric = 'grade'")
    assert grades == [("zona hijau", "zona hijau", "agrees")]
    ranks = rows(own_db, "SELECT reference_match FROM v_facts WHERE region_code = '13.10' AND period = 'Q3' "
                         "AND metric = 'rank'")
    assert ranks == [("agrees",)]
    out = check_json(own_db, "Rejang Lebong", "--year", "2023", "--value", "86,50")
    assert out["verdict"] == "conflicts" and out["official"] == "differs"
    assert check_json(own_db, "Seluma", "--program", "spm", "--value", "78,40")["official"] == "agrees"


def test_reference_load_reads_semicolon_files_and_rejects_other_encodings(own_db: Path, tmp_path: Path) -> None:
    excel = tmp_path / "hasil.csv"
    excel.write_text("Region;Assessor;Program;Year;Score;Source_URL\nKaur;Kemendagri;SPM;2023;76,40;"
                     "https://reference.example/spm\n", encoding="utf-8-sig")
    assert run_pantau("reference", "load", str(excel), "--db", str(own_db)).returncode == 0
    assert rows(own_db, "SELECT region_code, value_num, source_line FROM reference_results") == [("17.04", 76.4, 2)]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("region,assessor,program,year,score,source_url\nKaur,Kemendagri,SPM,2023,76,"
                      "https://reference.example/spm\nKaur,Kemendagri,SPM,2022,80,https://reference.example/é\n"
                      .encode("latin-1"))
    result = run_pantau("reference", "load", str(latin), "--db", str(own_db))
    assert result.returncode == 1 and "latin.csv:3: not UTF-8" in result.stderr


# ---------------------------------------------------------------- exports

@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_facts_articles_and_officials(published: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export"
    result = run_pantau("export", "--format", fmt, "--out", str(out), "--db", str(published))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    expected = {"facts": rows(published, "SELECT count(*) FROM facts")[0][0],
                "articles": rows(published, "SELECT count(*) FROM articles")[0][0],
                "officials": rows(published, "SELECT count(*) FROM officials")[0][0], "regions": 552,
                "reference_results": 0}
    assert manifest["rows"] == expected
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    con = duckdb.connect()
    for name, count in expected.items():
        assert con.execute(f"SELECT count(*) FROM {reader}(?)", [str(out / f"{name}.{fmt}")]).fetchone() == (count,)
    if fmt == "csv":
        with (out / "facts.csv").open(encoding="utf-8") as fh:
            flagged = [r for r in csv.DictReader(fh) if r["region_code"] == "17.08"]
        assert json.loads(flagged[0]["flags"]) == ["province_mismatch"]
    assert not list(out.glob(".*.tmp"))


def test_claimreview_export_rates_claims_against_official_figures(own_db: Path, tmp_path: Path) -> None:
    assert run_pantau("reference", "load", str(ANALYST / "reference_ok.csv"), "--db", str(own_db)).returncode == 0
    result = run_pantau("export", "--format", "claimreview", "--region", "Rejang Lebong", "--out", str(tmp_path),
                        "--db", str(own_db))
    assert result.returncode == 0, result.stderr
    reviews = json.loads((tmp_path / "claimreview-17.02.json").read_text(encoding="utf-8"))
    by_value = {(r["pantau"]["metric"], r["pantau"]["value"]): r for r in reviews}
    assert set(by_value) == {("score", "85.6"), ("score", "86.5"), ("rank", "100"), ("rank", "1")}
    right = by_value[("score", "85.6")]
    assert right["@type"] == "ClaimReview" and right["reviewRating"]["ratingValue"] == 5
    assert right["claimReviewed"] == ("Kabupaten Rejang Lebong memperoleh nilai 85,6 dalam penilaian SPM oleh "
                                      "Kemendagri tahun 2023.")
    appearances = right["itemReviewed"]["appearance"]
    assert [a["publisher"]["name"] for a in appearances] == ["rakyatcurup.example", "koranrb.id"]
    assert right["itemReviewed"]["firstAppearance"]["datePublished"] == "2024-07-12"
    assert right["isBasedOn"] == "https://reference.example/kemendagri/spm-2023.pdf"
    assert by_value[("score", "86.5")]["reviewRating"]["ratingValue"] == 1
    unrated = by_value[("rank", "100")]["reviewRating"]
    assert "ratingValue" not in unrated and unrated["alternateName"].startswith("Belum diverifikasi")


# ---------------------------------------------------------------- search

def test_search_ranks_articles_by_stemmed_words(published: Path) -> None:
    result = run_pantau("search", "layanan publik Ombudsman", "--json", "--db", str(published))
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    top = {h["publisher"] for h in hits[:4]}
    assert top <= {"bengkuluekspress.disway.id", "rafflesiapos.example", "sumbagselnews.example",
                   "minangkini.example"}, hits[:4]
    # `layanan` finds `pelayanan` (one stem), and the snippet is a sentence of that article.
    assert all("layan" in h["snippet"].lower() or "ombudsman" in h["snippet"].lower() for h in hits[:4])
    words = run_pantau("search", "mematuhi", "--db", str(published))        # stem `patuh`, as in `kepatuhan`
    assert words.returncode == 0 and "kepatuhan" in words.stdout.lower()
    assert "no article matches" in run_pantau("search", "zzzqqq", "--db", str(published)).stdout


def test_search_without_an_index_says_how_to_get_one(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    result = run_pantau("search", "SPM", "--db", str(db))
    assert result.returncode == 1 and "no search index yet" in result.stderr


# ---------------------------------------------------------------- readers and the writer

HOLD_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print(con.execute("SELECT count(*) FROM reference_results").fetchone()[0], flush=True)
sys.stdin.readline()                      # hold the connection open until the test says so
print(con.execute("SELECT count(*) FROM reference_results").fetchone()[0], flush=True)
"""


@pytest.mark.parametrize("mode", ["ro", "rw"])
def test_an_open_reader_never_blocks_the_writer(own_db: Path, mode: str) -> None:
    reader = subprocess.Popen([sys.executable, "-c", HOLD_READER, str(own_db), mode], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdin is not None
        assert reader.stdout.readline().strip() == "0"
        # The writer works and publishes while the analyst's connection (even a read-write one) stays open.
        result = run_pantau("reference", "load", str(ANALYST / "reference_ok.csv"), "--db", str(own_db))
        assert result.returncode == 0, result.stderr
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "0"       # the open reader keeps its consistent copy
    finally:
        reader.communicate(timeout=30)
    assert rows(own_db, "SELECT count(*) FROM reference_results") == [(8,)]   # a new reader sees the new data


def test_readers_read_while_the_writer_holds_its_file(own_db: Path) -> None:
    from pantau.store.published import open_writer

    writer = open_writer(own_db)                  # a nightly run in progress holds the writer's file
    try:
        writer.store.con.execute("DELETE FROM officials")
        result = run_pantau("check", "Kaur", "--json", "--db", str(own_db))
        assert result.returncode == 0 and json.loads(result.stdout)["claims"]
        assert rows(own_db, "SELECT count(*) FROM officials")[0][0] > 0      # not yet published
        # A second writer is told who holds the database, and loads nothing.
        busy = run_pantau("reference", "load", str(ANALYST / "reference_ok.csv"), "--db", str(own_db))
        assert busy.returncode == 1 and "being written by pid" in busy.stderr
    finally:
        writer.finish()
    assert rows(own_db, "SELECT count(*) FROM officials") == [(0,)]          # published at the end
    assert rows(own_db, "SELECT count(*) FROM reference_results") == [(0,)]


# ---------------------------------------------------------------- review cases

def test_check_judges_only_dated_reports_of_the_claim_in_question(own_db: Path) -> None:
    from pantau.store.published import open_writer

    writer = open_writer(own_db)
    try:                                          # an undated report of another value beside Lebong's 92s
        writer.store.con.execute("""INSERT INTO facts SELECT * REPLACE ('undated-92' AS fact_id, NULL AS year,
                                    70.5 AS value_num) FROM facts WHERE region_code = '17.07' AND year = 2023
                                    AND metric = 'score' LIMIT 1""")
    finally:
        writer.finish()
    assert check_json(own_db, "Lebong", "--value", "92")["verdict"] == "agrees"
    text = run_pantau("check", "Lebong", "--value", "92", "--db", str(own_db)).stdout
    assert "every report (2) gives this value" in text and "≠ claim" not in text and "70.5" in text
    seluma = run_pantau("check", "Seluma", "--value", "78,4", "--db", str(own_db)).stdout
    assert "others give 78.04" in seluma.splitlines()[2]            # not Ombudsman's 49.8 for the same year


def test_check_compares_with_an_official_figure_the_news_never_reported(own_db: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "spm.csv"
    csv_file.write_text("region,assessor,program,year,score,source_url\n"
                        "Bengkulu Selatan,Kemendagri,SPM,2023,80,https://reference.example/spm\n")
    assert run_pantau("reference", "load", str(csv_file), "--db", str(own_db)).returncode == 0
    out = check_json(own_db, "Bengkulu Selatan", "--value", "80")
    assert out["verdict"] == "no_source" and out["official"] == "agrees"
    assert out["official_figures"][0]["source_url"] == "https://reference.example/spm"
    assert check_json(own_db, "Bengkulu Selatan", "--value", "81")["official"] == "differs"


def test_views_do_not_depend_on_the_readers_time_zone(published: Path) -> None:
    con = open_reader(published)
    try:
        seen = []
        for zone in ("UTC", "America/New_York", "Asia/Jayapura"):
            con.execute(f"SET TimeZone = '{zone}'")
            seen.append((con.execute("SELECT * FROM v_region_timeline ORDER BY ALL").fetchall(),
                         con.execute("SELECT region_code, value, first_publisher, first_published "
                                     "FROM v_first_reported ORDER BY ALL").fetchall()))
    finally:
        con.close()
    assert seen[0] == seen[1] == seen[2]


def test_a_copy_published_by_an_older_pantau_is_refused_with_a_way_out(own_db: Path) -> None:
    con = duckdb.connect(str(own_db))
    con.execute("DELETE FROM meta WHERE key = 'views_sha256'")
    con.close()
    result = run_pantau("check", "Lebong", "--db", str(own_db))
    assert result.returncode == 1 and "older version of Pantau" in result.stderr and "reextract" in result.stderr


def test_values_are_read_as_people_write_them() -> None:
    from pantau.analyst.vocabulary import (
        VocabularyError,
        assessor_code,
        grade_value,
        number_value,
        period_code,
        program_code,
    )

    assert [grade_value(g) for g in ("opini WTP", "Predikat BB", "Zona Hijau", "hijau", "sangat baik")] == [
        "WTP", "BB", "zona hijau", "zona hijau", "sangat baik"]
    assert [period_code(p) for p in ("triwulan III", "TW 3", "Q3", "semester 1", "")] == ["Q3", "Q3", "Q3", "S1", None]
    assert [number_value(n) for n in ("85,60", "85.60", "3.452")] == [85.6, 85.6, 3.452]
    assert assessor_code("KemenPAN-RB") == "kemenpan_rb" and program_code("pelayanan publik", "kemenpan_rb") == "ipp"
    for bad in (lambda: grade_value("85'6; DROP"), lambda: period_code("triwulan V"), lambda: assessor_code("BPS")):
        with pytest.raises(VocabularyError):
            bad()


def test_a_score_in_percent_and_one_in_points_are_two_measures_not_a_conflict(tmp_path: Path) -> None:
    from datetime import date

    from extractors.facts.extract import extract
    from models import Article
    from pantau.store.published import writing

    articles = [
        Article(title="Capaian SPM Kaur 2023", url="https://warta.example/read/1/spm-kaur", publisher="warta.example",
                published=date(2024, 3, 1),
                body="Kementerian Dalam Negeri menetapkan nilai SPM Kabupaten Kaur tahun 2023 sebesar 81,45."),
        Article(title="SPM Kaur Capai 70,2 Persen", url="https://kabar.example/read/2/spm-kaur",
                publisher="kabar.example", published=date(2024, 3, 2),
                body="Capaian penerapan SPM Kabupaten Kaur tahun 2023 dari Kemendagri mencapai 70,2 persen."),
    ]
    db = tmp_path / "pantau.duckdb"
    with writing(db) as store:
        for article in articles:
            store.load_extraction(extract(article))
    units = rows(db, "SELECT unit, value FROM v_facts WHERE region_code = '17.04' ORDER BY unit")
    assert units == [("percent", "70.2"), ("points", "81.45")]
    assert rows(db, "SELECT count(*) FROM v_conflicts WHERE region_code = '17.04'") == [(0,)]
    timeline = rows(db, """SELECT unit, value, conflicting FROM v_region_timeline
                           WHERE region_code = '17.04' ORDER BY unit""")
    assert timeline == [("percent", "70.2", False), ("points", "81.45", False)]
