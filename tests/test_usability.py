"""The edges a person at the keyboard meets: mistakes answered in one line with exit 2 before Prefect starts,
`pantau sources check`, `run --source`, `check --claim`, region guesses, and a run's progress."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from tests import analyst_data
from tests.conftest import run_pantau
from tests.route_site import RouteSite

CLASS_NAME = re.compile(r"\b[A-Z]\w*(?:Error|Exception)\b|Traceback")

GOOD_SOURCE = """
[defaults]
user_agent = "PantauTest/1.0 (tests; contact: redaksi@warta.test)"
delay_seconds = 0
retries = 0
timeout_seconds = 5

[[source]]
id = "satu"
name = "Warta Satu"
hosts = ["127.0.0.1"]
profile = "generic"
article_url_patterns = ['/satu/read/\\d+/']
channels = [{ kind = "rss", url = "https://warta-satu.test/rss" }]
"""


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("warning: ")]
    assert len(lines) == 1, stderr
    assert not CLASS_NAME.search(lines[0]), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def analyst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return analyst_data.build(tmp_path_factory.mktemp("usability") / "pantau.duckdb")


@pytest.mark.parametrize(("args", "expected"), [
    (["run", "--since", "notadate"], "'notadate' is not a date"),
    (["run", "--source", "satuu"], "no source 'satuu' in {sources}: did you mean 'satu'?"),
    (["backfill", "--since", "2024-01-01", "--source", "nowhere"], "no source 'nowhere'"),
    (["run", "--sources", "{typo}"], "unknown key 'delay_second' (did you mean 'delay_seconds'?)"),
    (["run", "--sources", "{broken}"], "not valid TOML"),
    (["reextract", "--sources", "{typo}"], "unknown key 'delay_second'"),
    (["serve", "--cron", "every night"], "Invalid cron string"),
    (["serve", "--timezone", "Mars/Olympus"], "Invalid timezone"),
    (["run", "--limit", "0"], "must be 1 or more"),
])
def test_mistakes_are_one_line_and_exit_2_before_prefect_starts(tmp_path: Path, args: list[str],
                                                              expected: str) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(GOOD_SOURCE, encoding="utf-8")
    (tmp_path / "typo.toml").write_text(GOOD_SOURCE.replace("delay_seconds = 0", "delay_second = 0"),
                                        encoding="utf-8")
    (tmp_path / "broken.toml").write_text(GOOD_SOURCE.replace('id = "satu"', 'id = "satu'), encoding="utf-8")
    names = {"sources": sources, "typo": tmp_path / "typo.toml", "broken": tmp_path / "broken.toml"}
    argv = [a.format(**names) for a in args]
    if "--sources" not in argv:
        argv += ["--sources", str(sources)]
    home = tmp_path / "prefect-home"
    result = run_pantau(*argv, "--db", str(tmp_path / "p.duckdb"), env={"PREFECT_HOME": str(home)}, timeout=120)
    assert result.returncode == 2, result.stderr
    assert expected.format(**names) in _one_line(result.stderr)
    if argv[0] != "serve":                      # serve checks its cron with Prefect's own schedule model
        assert not home.exists()               # Prefect was never even imported
    assert not (tmp_path / "p.duckdb").exists()


def test_sources_check_lists_every_problem_and_warns_of_the_placeholder_contact(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(GOOD_SOURCE.replace('profile = "generic"', 'profile = "joomla"')
                      .replace('hosts = ["127.0.0.1"]', 'hosts = ["https://warta-satu.test/"]')
                      .replace('"https://warta-satu.test/rss"', '"warta-satu.test/rss"')
                      + '\n[[source]]\nid = "dua"\nname = "Dua"\n', encoding="utf-8")
    result = run_pantau("sources", "check", str(broken))
    assert result.returncode == 2
    errors = [line for line in result.stdout.splitlines() if line.strip().startswith("error:")]
    assert len(errors) == 6, result.stdout         # host, profile, url; dua misses hosts, profile, channels
    assert any("unknown profile 'joomla'" in e for e in errors)
    assert any("'hosts' must list host names" in e for e in errors)
    assert any("needs an http(s) url" in e for e in errors)
    assert sum("source #2 (dua): missing" in e for e in errors) == 3

    shipped = run_pantau("sources", "check")
    assert shipped.returncode == 1, shipped.stdout
    assert "placeholder contact 'example.org'" in shipped.stdout

    good = tmp_path / "good.toml"
    good.write_text(GOOD_SOURCE, encoding="utf-8")
    ready = run_pantau("sources", "check", str(good))
    assert ready.returncode == 0, ready.stdout
    assert "1 source(s), 1 channel(s): ready" in ready.stdout


def _two_sources(site: RouteSite, folder: Path) -> Path:
    for name, title in (("satu", "Pemkab Kaur Raih Nilai SPM 81,45"), ("dua", "Pemkot Bengkulu Raih Zona Hijau")):
        body = ("Kementerian Dalam Negeri menetapkan nilai Standar Pelayanan Minimal (SPM) Kabupaten Kaur tahun "
                "2023 sebesar 81,45." if name == "satu" else
                "Ombudsman RI memberikan predikat zona hijau kepada Kota Bengkulu dalam penilaian kepatuhan "
                "pelayanan publik tahun 2023.")
        site.put(f"/{name}/rss", f"""<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>
<item><title>{title}</title><link>{{base}}/{name}/read/1/berita</link>
<pubDate>Mon, 04 Mar 2024 08:00:00 +0700</pubDate></item></channel></rss>""", "application/rss+xml")
        site.put(f"/{name}/read/1/berita", f"""<html><head><title>{title}</title>
<meta property="article:published_time" content="2024-03-04T08:00:00+07:00"></head>
<body><article><h1>{title}</h1><p>{body}</p><p>Capaian ini diumumkan pekan lalu di Jakarta.</p></article>
</body></html>""")
    sources = folder / "sources.toml"
    text = GOOD_SOURCE.replace('"https://warta-satu.test/rss"', f'"{site.base}/satu/rss"')
    text += text[text.index("[[source]]"):].replace("satu", "dua").replace("Warta Dua", "Warta Dua")
    sources.write_text(text, encoding="utf-8")
    return sources


def test_run_source_crawls_that_source_alone_and_reports_as_json(tmp_path: Path) -> None:
    with RouteSite() as site:
        sources = _two_sources(site, tmp_path)
        db = tmp_path / "pantau.duckdb"
        result = run_pantau("run", "--source", "satu", "--sources", str(sources), "--db", str(db), "--json")
        asked = {s.path for s in site.log}
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "completed", summary
    assert set(summary["sources"]) == {"satu"}
    assert asked and all(path.startswith("/satu/") or path == "/robots.txt" for path in asked), asked
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        assert con.execute("SELECT DISTINCT region_code FROM facts").fetchall() == [("17.04",)]


def test_a_run_reports_each_stage_until_done(tmp_path: Path) -> None:
    from flows.nightly import nightly
    from pantau.ops import progress

    seen: list[tuple[str, int, int]] = []
    with RouteSite() as site:
        sources = _two_sources(site, tmp_path)
        with progress.watching(lambda *report: seen.append(report)):
            summary = nightly(sources_file=str(sources), db_path=str(tmp_path / "p.duckdb"))
    assert summary["status"] == "completed", summary["failures"]
    last = {stage: (done, total) for stage, done, total in seen}
    assert last == {"discover": (2, 2), "fetch": (2, 2), "parse": (2, 2), "load": (2, 2)}


def test_check_claim_reads_the_sentence_and_checks_it_like_the_options_do(analyst_db: Path) -> None:
    sentence = "Kabupaten Rejang Lebong meraih nilai SPM 85,60 tahun 2023"
    claim = run_pantau("check", "--claim", sentence, "--db", str(analyst_db), "--json")
    assert claim.returncode == 0, claim.stderr
    options = run_pantau("check", "Rejang Lebong", "--assessor", "kemendagri", "--program", "spm", "--year", "2023",
                         "--value", "85,60", "--db", str(analyst_db), "--json")
    [from_sentence] = json.loads(claim.stdout)
    assert from_sentence == json.loads(options.stdout)
    assert from_sentence["verdict"] in ("agrees", "conflicts")

    nothing = run_pantau("check", "--claim", "Rapat koordinasi SPM digelar di aula kantor bupati.",
                         "--db", str(analyst_db))
    assert nothing.returncode == 2
    assert "no claim found" in _one_line(nothing.stderr)


@pytest.mark.parametrize(("typed", "expected"), [
    ("Atlantis", "no region's name is close to it"),
    ("Rejang Lebng", "a guess from the spelling: Kabupaten Rejang Lebong (17.02)"),
])
def test_an_unknown_region_is_guessed_only_when_the_spelling_is_close(analyst_db: Path, typed: str,
                                                                       expected: str) -> None:
    result = run_pantau("check", typed, "--db", str(analyst_db))
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert expected in line
    if typed == "Atlantis":
        assert "Kalimantan" not in line


def test_expected_errors_of_other_commands_are_one_line(tmp_path: Path, analyst_db: Path) -> None:
    not_json = tmp_path / "gold.jsonl"
    not_json.write_text("{not json\n", encoding="utf-8")
    a_list = tmp_path / "list.jsonl"
    a_list.write_text("[1, 2]\n", encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        (["eval", str(not_json)], 2, "gold.jsonl:1: not JSON"),
        (["eval", str(a_list)], 2, "a gold line is an object"),
        (["check", "Lebong", "--value", "abc", "--db", str(analyst_db)], 2, "not a number or a grade: 'abc'"),
        (["export", "--format", "csv", "--out", str(a_file / "sub"), "--db", str(analyst_db)], 1, "not a directory"),
    ]
    for args, status, expected in cases:
        result = run_pantau(*args)
        assert result.returncode == status, (args, result.stderr)
        assert expected in _one_line(result.stderr), args


def test_an_empty_database_says_so_and_names_the_demo_database(tmp_path: Path) -> None:
    from pantau.store.published import writing

    db = tmp_path / "pantau.duckdb"
    with writing(db):
        pass
    result = run_pantau("check", "Lebong", "--db", str(db))
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert "holds no facts yet" in line and str(tmp_path / "demo.duckdb") in line
    missing = run_pantau("status", "--db", str(tmp_path / "nothing.duckdb"))
    assert missing.returncode == 1
    assert "pantau demo --db" in _one_line(missing.stderr)
