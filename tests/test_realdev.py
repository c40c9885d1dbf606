"""The real development set: its annotations are well-formed everywhere; where its texts are cached (see
`tools/realdev.py`), the extractor is scored on them and held to the issue's targets.

The texts are third-party writing kept outside the repo, so on a fresh clone the scoring tests skip.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from extractors.facts.extract import extract
from extractors.facts.gazetteer import default_gazetteer
from pantau.cli.reading import read_article
from pantau.evaluation.scoring import Report, evaluate

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "realdev" / "gold.jsonl"
TEXTS = Path(os.environ.get("PANTAU_REALDEV_TEXTS", Path.home() / ".cache" / "pantau" / "realdev"))
# A fact's evidence is a span of its (third-party) text, not a copy of it.
FACT_KEYS = {"region", "region_code", "assessor", "program", "year", "period", "metric", "scope", "value", "unit",
             "out_of", "quote_span"}
PROGRAMS = {"spm", "eppd", "iga", "kepatuhan_pelayanan_publik", "sakip", "reformasi_birokrasi", "ipp", "mcp", "spi",
            "opini_bpk"}


def _lines() -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(raw) for raw in GOLD.read_text(encoding="utf-8").splitlines() if raw.strip()]


def test_the_set_is_as_large_and_varied_as_promised() -> None:
    lines = _lines()
    gaz = default_gazetteer()
    positives = [line for line in lines if line["kind"] == "positive"]
    negatives = [line for line in lines if line["kind"] == "negative"]
    assert len(positives) >= 80 and len(negatives) >= 15
    assert len({line["publisher"] for line in lines}) >= 40
    provinces = {gaz.get(f["region_code"]).province_code for line in lines for f in line["facts"]}
    assert len(provinces | {p for line in lines for p in line["provinces"]}) >= 20
    assert {f["program"] for line in lines for f in line["facts"]} >= PROGRAMS
    years = {int(line["published"][:4]) for line in lines if line["published"]}
    assert min(years) <= 2017 and max(years) >= 2025


def test_every_line_is_well_formed() -> None:
    gaz = default_gazetteer()
    ids, urls = set(), set()
    for line in _lines():
        where = line["id"]
        assert where not in ids and line["url"] not in urls, where
        ids.add(where)
        urls.add(line["url"])
        assert line["query"].strip() and line["file"] == f"{where}.txt" and len(line["text_sha256"]) == 64, where
        assert (line["kind"] == "negative") == (not line["facts"]), where
        for fact in line["facts"]:
            assert set(fact) == FACT_KEYS and fact["quote_span"][0] < fact["quote_span"][1], (where, fact)
            assert gaz.get(fact["region_code"]).full_name == fact["region"], (where, fact)
            if fact["metric"] == "rank":
                assert fact["scope"] in ("national", "province") and isinstance(fact["value"], int), (where, fact)
            elif fact["metric"] == "score":
                assert fact["unit"] in ("points", "percent") and fact["scope"] is None, (where, fact)
            else:
                assert fact["metric"] == "grade" and isinstance(fact["value"], str), (where, fact)
        for official in line["officials"]:
            assert official["region_code"] is None or official["region_code"] in gaz.regions, where


def test_no_url_of_the_independent_evaluation_set() -> None:
    guard = ROOT.parent / "shared" / "tools" / "holdout_guard.py"
    if not guard.is_file():
        pytest.skip("../shared is not here")
    import subprocess
    import sys

    urls = "\n".join(line["url"] for line in _lines())
    done = subprocess.run([sys.executable, str(guard)], input=urls, capture_output=True, text=True, check=False)
    assert done.returncode == 0, [row for row in done.stdout.splitlines() if row.startswith("excluded")]


# A stored page can change after it was annotated (two of 127 no longer match their hash), so the set is
# scored when nearly all of it is here; `pantau eval` lists the ones it skipped.
CACHED = sum((TEXTS / line["file"]).is_file() for line in _lines()) / max(1, len(_lines()))
needs_texts = pytest.mark.skipif(CACHED < 0.95,
                                 reason=f"the real set's texts are not cached in {TEXTS} (tools/realdev.py)")


@pytest.fixture(scope="module")
def report() -> Report:
    def run(path: Path, line: dict) -> tuple:  # type: ignore[type-arg]
        article, text = read_article(path, url=line["url"])
        return extract(article), text

    return evaluate([GOLD], run, texts=TEXTS)


@needs_texts
def test_the_cached_texts_are_the_annotated_ones() -> None:
    import hashlib

    for line in _lines():
        if not (TEXTS / line["file"]).is_file():
            continue                                # not cached: skipped by the scoring too, never misread
        text = (TEXTS / line["file"]).read_text(encoding="utf-8")
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == line["text_sha256"], line["id"]
        for fact in line["facts"]:
            start, end = fact["quote_span"]
            assert 0 <= start < end <= len(text) and text[start:end].strip(), (line["id"], fact)


def _f1(figures: dict) -> float:  # type: ignore[type-arg]
    p, r = figures["precision"], figures["recall"]
    return 2 * p * r / (p + r) if p + r else 0.0


# Where the extractor stands (see README, Extraction quality): a change that loses ground fails here.
FACT_F1_FLOOR = 0.89
OFFICIALS_F1_FLOOR = 0.92


@needs_texts
def test_facts_keep_their_ground(report: Report) -> None:
    assert _f1(report.figures()["facts"]) >= FACT_F1_FLOOR, report.figures()["facts"]


@needs_texts
def test_officials_keep_their_ground(report: Report) -> None:
    assert _f1(report.figures()["officials"]) >= OFFICIALS_F1_FLOOR, report.figures()["officials"]


@needs_texts
def test_facts_reach_the_target(report: Report) -> None:
    assert _f1(report.figures()["facts"]) >= 0.90, report.figures()["facts"]


@needs_texts
def test_officials_reach_the_target(report: Report) -> None:
    assert _f1(report.figures()["officials"]) >= 0.90, report.figures()["officials"]


@needs_texts
def test_hard_negatives_yield_no_facts(report: Report) -> None:
    negatives = report.figures()["negatives"]
    assert negatives["facts_predicted"] == 0, [s for s in report.to_dict()["spurious"]
                                               if s["cause"] == "hard negative"]
