"""The test corpus: its gold is well-formed, and the extractor keeps scoring on it what it scores now.

The floors are regression guards set below the figures measured when they were last raised (see the
README), not targets: a change that loses facts or adds spurious ones fails here.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from extractors.facts.extract import extract
from pantau.cli.reading import read_article
from pantau.evaluation.scoring import Report, evaluate
from pantau.paths import REGIONS_CSV
from tests.conftest import CORPUS

GOLD = sorted((CORPUS / "gold").glob("*.jsonl"))
FACT_KEYS = {"region", "region_code", "assessor", "program", "year", "period", "metric", "scope", "value", "unit",
             "out_of", "quote"}
PREFIX = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}


def _lines() -> list[tuple[Path, dict]]:  # type: ignore[type-arg]
    return [(g, json.loads(raw)) for g in GOLD for raw in g.read_text(encoding="utf-8").splitlines() if raw.strip()]


def test_the_gold_is_well_formed() -> None:
    with REGIONS_CSV.open(encoding="utf-8") as fh:
        names = {r["code"]: f"{PREFIX[r['level']]} {r['name']}" for r in csv.DictReader(fh)}
    ids = set()
    for gold, line in _lines():
        assert line["id"] not in ids, line["id"]
        ids.add(line["id"])
        text = (gold.parent.parent / line["file"]).read_text(encoding="utf-8")
        for fact in line["facts"]:
            where = f"{line['id']}: {fact}"
            assert set(fact) == FACT_KEYS, where
            assert fact["quote"] in text, where
            assert names[fact["region_code"]] == fact["region"], where
            assert fact["metric"] in ("score", "rank", "grade"), where
            if fact["metric"] == "rank":
                assert fact["scope"] in ("national", "province") and fact["unit"] is None, where
            elif fact["metric"] == "score":
                assert fact["unit"] in ("points", "percent") and fact["scope"] is None, where
                assert isinstance(fact["value"], int | float), where
            else:
                assert isinstance(fact["value"], str) and fact["unit"] is None, where
            assert fact["period"] in (None, "Q1", "Q2", "Q3", "Q4", "S1", "S2"), where
        for official in line["officials"]:
            assert official["region_code"] is None or official["region_code"] in names, line["id"]
    assert len(ids) >= 60


@pytest.fixture(scope="module")
def report() -> Report:
    def run(path: Path, line: dict) -> tuple:  # type: ignore[type-arg]
        article, text = read_article(path)
        return extract(article), text

    return evaluate(GOLD, run)


def test_facts_stay_above_their_floor(report: Report) -> None:
    facts = report.figures()["facts"]
    assert facts["precision"] >= 0.97 and facts["recall"] >= 0.97, facts


def test_attributes_of_matched_facts(report: Report) -> None:
    accuracy = report.figures()["matched_accuracy"]
    assert min(accuracy["assessor"], accuracy["program"], accuracy["period"]) >= 0.98, accuracy
    assert accuracy["quote"] >= 0.95, accuracy


def test_officials_stay_above_their_floor(report: Report) -> None:
    officials = report.figures()["officials"]
    assert officials["precision"] >= 0.97 and officials["recall"] >= 0.97, officials


def test_publication_dates(report: Report) -> None:
    assert report.figures()["published_accuracy"] >= 0.95
