"""`pantau extract` and `pantau eval` through the installed console command."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CORPUS, SHARED, needs_shared, run_pantau

ARTICLE = "\n".join([
    "Nilai SPM Kabupaten Kaur Naik, Tertinggi Kedua se-Provinsi Bengkulu",
    "",
    "KAUR, WARTA SELATAN - Kementerian Dalam Negeri menetapkan nilai penerapan Standar Pelayanan Minimal "
    "(SPM) Kabupaten Kaur tahun 2023 sebesar 81,45. Dengan capaian itu, Kaur berada di peringkat kedua "
    "se-Provinsi Bengkulu, sedangkan pada 2022 daerah ini baru mengantongi nilai 76,10.",
    "",
    "Hal tersebut disampaikan Sekretaris Daerah (Sekda) Kaur, Drs H Nandar Munadi MSi, Kamis (14/3/2024).",
    "",
    "BACA JUGA:Kabupaten Seluma Raih Skor SPM 90,5 pada 2023",
    "",
    "Tag",
    "Share",
])


def test_extract_json_gives_article_facts_and_officials(tmp_path: Path) -> None:
    path = tmp_path / "kaur.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run_pantau("extract", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"].startswith("Nilai SPM Kabupaten Kaur")
    assert data["published"] == "2024-03-14"
    facts = {(f["region_code"], f["metric"], f["year"], f["value"], f["scope"]) for f in data["facts"]}
    assert facts == {("17.04", "score", 2023, 81.45, None), ("17.04", "rank", 2023, 2.0, "province"),
                     ("17.04", "score", 2022, 76.1, None)}
    for fact in data["facts"]:
        body = data["body"] if fact["quote_field"] == "body" else data["title"]
        assert body[fact["quote_start"]:fact["quote_end"]] == fact["quote"]
        assert (fact["assessor"], fact["program"]) == ("kemendagri", "spm")
    officials = [(o["name"], o["role"], o["region_code"]) for o in data["officials"]]
    assert officials == [("Nandar Munadi", "Sekda", "17.04")]
    assert "Seluma" not in data["body"]           # the BACA JUGA line is not part of the article


def test_extract_many_files_and_a_folder_in_one_process_as_json_lines(tmp_path: Path) -> None:
    folder = tmp_path / "artikel"
    folder.mkdir()
    corpus = sorted((CORPUS / "articles").glob("*.txt"))[:4]
    for source in corpus:
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "catatan.md").write_text("not an article file", encoding="utf-8")      # not picked up
    kaur = tmp_path / "kaur.txt"
    kaur.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "kosong.txt"
    empty.write_text("", encoding="utf-8")
    result = run_pantau("extract", str(folder), str(empty), str(kaur), "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    # Every readable file gives one line, in order; the unreadable one is said on stderr and the run goes on.
    assert [Path(d["file"]).name for d in lines] == [*(p.name for p in corpus), "kaur.txt"]
    assert len(lines[-1]["facts"]) == 3 and lines[-1]["title"].startswith("Nilai SPM Kabupaten Kaur")
    assert result.returncode == 1 and "kosong.txt" in result.stderr and "1 of 6 files" in result.stderr
    assert "Traceback" not in result.stderr
    both = run_pantau("extract", str(kaur), str(kaur), "--url", "https://x.id/a")
    assert both.returncode == 2 and "one file" in both.stderr


def test_extract_table_and_html_with_url(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>x</title><meta property='article:published_time' content='2024-01-09T08:00:00+07:00'>"
        "</head><body><h1>Ombudsman Beri Zona Hijau untuk Pemkot Bengkulu</h1><div class='post'>"
        "<p>KOTA BENGKULU, BE - Pemerintah Kota Bengkulu meraih nilai 88,12 dalam penilaian kepatuhan "
        "Ombudsman RI tahun 2023 dan masuk zona hijau.</p><p>BACA JUGA:Pemkab Kaur Raih Nilai 70</p>"
        "<p>Penilaian itu mencakup layanan kependudukan, perizinan dan kesehatan di lingkungan Pemkot.</p></div>"
        "</body></html>", encoding="utf-8")
    result = run_pantau("extract", str(page), "--url", "https://bengkuluekspress.disway.id/read/1/x")
    assert result.returncode == 0, result.stderr
    assert "publisher: bengkuluekspress" in result.stdout
    assert "published: 2024-01-09" in result.stdout
    assert "Kota Bengkulu" in result.stdout and "zona hijau" in result.stdout and "88.12" in result.stdout
    assert "17.04" not in result.stdout


def test_extract_missing_file_is_a_usage_error() -> None:
    result = run_pantau("extract", "/nonexistent/article.txt")
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_extract_a_page_with_no_story_is_a_clear_error(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Beranda</a> <a href='/daerah'>Daerah</a></nav></body></html>")
    result = run_pantau("extract", str(page))
    assert result.returncode == 1
    assert "no article text found" in result.stderr and "Traceback" not in result.stderr


def test_eval_reports_figures_and_lists_misses(tmp_path: Path) -> None:
    article = tmp_path / "articles" / "a.txt"
    article.parent.mkdir()
    article.write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "gold" / "g.jsonl"
    gold.parent.mkdir()
    fact = {"region": "Kabupaten Kaur", "region_code": "17.04", "assessor": "kemendagri", "program": "spm",
            "year": 2023, "period": None, "metric": "score", "scope": None, "value": 81.45, "unit": "points",
            "out_of": None, "quote": "sebesar 81,45"}
    missing = {**fact, "region": "Kabupaten Seluma", "region_code": "17.05", "value": 90.5, "quote": "Skor SPM 90,5"}
    line = {"id": "x1", "file": "articles/a.txt", "publisher": None, "published": "2024-03-14",
            "facts": [fact, missing], "officials": [{"name": "Nandar Munadi", "role": "Sekda", "region_code": "17.04"}]}
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = run_pantau("eval", str(gold), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    facts = report["figures"]["facts"]
    assert (facts["gold"], facts["predicted"], facts["matched"]) == (2, 3, 1)
    assert facts["precision"] == round(1 / 3, 4) and facts["recall"] == 0.5
    assert [m["region_code"] for m in report["missed"]] == ["17.05"]
    assert len(report["spurious"]) == 2 and all(s["article"] == "x1" for s in report["spurious"])
    assert report["figures"]["officials"]["recall"] == 1.0
    text = run_pantau("eval", str(gold)).stdout
    assert "precision 0.333" in text and "missed facts (1)" in text


def test_eval_reads_texts_from_a_folder_and_puts_every_error_down_to_a_cause(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "r1.txt").write_text(ARTICLE, encoding="utf-8")
    fact = {"region": "Kabupaten Kaur", "region_code": "17.04", "assessor": "kemendagri", "program": "spm",
            "year": 2023, "period": None, "metric": "score", "scope": None, "value": 81.45, "unit": "points",
            "out_of": None, "quote": "sebesar 81,45"}
    at = ARTICLE.index("sebesar 81,45")                  # the real set points into its texts
    wrong_year = {**{k: v for k, v in fact.items() if k != "quote"}, "year": 2021, "quote_span": [at, at + 13]}
    lines = [{"id": "r1", "file": "r1.txt", "publisher": None, "published": None, "facts": [wrong_year],
              "officials": []},
             {"id": "r2", "file": "r2.txt", "publisher": None, "published": None, "facts": [fact], "officials": []}]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    report = json.loads(run_pantau("eval", str(gold), "--texts", str(texts), "--json").stdout)
    assert report["figures"]["articles"] == 1 and report["figures"]["skipped"] == 1
    causes = report["figures"]["by_cause"]
    assert causes["missed"] == {"year": 1} and causes["spurious"]["year"] == 1
    assert report["missed"][0]["quote"] == "sebesar 81,45"
    assert sum(causes["spurious"].values()) == report["figures"]["facts"]["predicted"]
    text = run_pantau("eval", str(gold), "--texts", str(texts), "--by-cause").stdout
    assert "errors by cause" in text and "skipped (no text): 1: r2" in text
    assert run_pantau("eval", str(gold), "--texts", str(texts / "r1.txt")).returncode == 2


@needs_shared
def test_eval_on_the_seed_gold_is_perfect() -> None:
    result = run_pantau("eval", str(SHARED / "gold" / "seeds.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)["figures"]
    assert figures["facts"]["f1"] == 1.0
    assert figures["matched_accuracy"] == {"assessor": 1.0, "program": 1.0, "period": 1.0, "quote": 1.0}
    assert figures["officials"]["precision"] == 1.0 and figures["officials"]["recall"] == 1.0


def test_eval_runs_on_our_own_corpus() -> None:
    golds = sorted(str(p) for p in (CORPUS / "gold").glob("*.jsonl"))
    result = run_pantau("eval", *golds, "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)["figures"]
    assert figures["articles"] >= 40
    assert figures["facts"]["gold"] > 150


def test_shared_is_optional() -> None:
    # The project reads nothing from ../shared at run time: the gazetteer and sources are its own.
    from pantau.paths import REGIONS_CSV, SOURCES_TOML

    assert SHARED not in REGIONS_CSV.parents and SHARED not in SOURCES_TOML.parents
