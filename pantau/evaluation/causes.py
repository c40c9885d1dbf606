"""Why a fact was missed or made up: every error of an evaluation put down to one cause.

Rules are fixed by cause, not by article, so the evaluation says which part of the extractor each error
comes from. A miss and a spurious fact of the same article that differ in one key only are one mistake
seen twice: the value went to another region (`attribution`, or `region link` when the name itself was
resolved to the wrong region), or it got the wrong `year`, `rank scope`, `metric` or number (`value parse`).
What is left: spurious facts from page furniture (`chrome`), from an article that states no result (`hard
negative`), or from a number that is no result (`not a result`); misses whose value the extractor found
but gave to nobody it should (`attribution`), or did not find at all (`not found`). Matched facts with the
wrong assessor or programme count under `assessor/program`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from extractors.facts.gazetteer import Gazetteer

CAUSES = ("region link", "attribution", "value parse", "year", "rank scope", "metric", "assessor/program",
          "chrome", "hard negative", "not a result", "not found")
_KEYS = ("region_code", "metric", "scope", "year", "value")
_DIFFERENCE_CAUSE = {"value": "value parse", "year": "year", "scope": "rank scope", "metric": "metric"}
# Lines of a saved page that are not the story: related links, captions with their credits, tag lists.
_CHROME_LINE = re.compile(r"^\s*(?:baca\s+(?:juga|pula)|berita\s+terkait|artikel\s+terkait|lihat\s+juga|"
                          r"simak\s+juga|tag\s*:|tags\s*:|foto\s*:)|\b(?:foto|dok|ist)\s*[:.]|\(foto[^)]*\)\s*$",
                          re.I)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return str(a).strip().lower() == str(b).strip().lower()
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 0.005


def _differences(pred: dict[str, Any], gold: dict[str, Any]) -> list[str]:
    return [k for k in _KEYS if not _same(pred.get(k), gold.get(k))]


def _base_name(code: str, gazetteer: Gazetteer) -> str:
    return gazetteer.get(code).name.lower() if code in gazetteer.regions else code


def _region_cause(pred: dict[str, Any], gold: dict[str, Any], text: str, gazetteer: Gazetteer) -> str:
    """Same name, other region (`Bandung` the kota for the kabupaten), or a region the text never names:
    the name was resolved wrong. Another region the text does name: the value was attributed to it."""
    if _base_name(pred["region_code"], gazetteer) == _base_name(gold["region_code"], gazetteer):
        return "region link"
    name = _base_name(pred["region_code"], gazetteer)
    return "attribution" if name.lower() in text.lower() else "region link"


def _in_chrome(quote: str, text: str) -> bool:
    at = text.find(quote)
    if at < 0:
        return False
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    return bool(_CHROME_LINE.search(text[line_start:line_end if line_end >= 0 else len(text)]))


def classify(missed: list[dict[str, Any]], spurious: list[dict[str, Any]], text: str, negative: bool,
             gazetteer: Gazetteer) -> None:
    """Set `cause` on every missed and spurious fact of one article (in place)."""
    free = list(range(len(spurious)))
    for gold in missed:
        near = [(len(d), i, d) for i in free if len(d := _differences(spurious[i], gold)) == 1]
        if not near:
            continue
        _, i, (key,) = min(near, key=lambda n: (n[0], n[1]))
        cause = _region_cause(spurious[i], gold, text, gazetteer) if key == "region_code" else _DIFFERENCE_CAUSE[key]
        gold["cause"] = spurious[i]["cause"] = cause
        free.remove(i)
    for i in free:
        pred = spurious[i]
        if negative:
            pred["cause"] = "hard negative"
        elif _in_chrome(pred["quote"], text):
            pred["cause"] = "chrome"
        else:
            pred["cause"] = "not a result"
    values = [p["value"] for p in spurious]
    for gold in missed:
        if "cause" not in gold:
            gold["cause"] = "attribution" if any(_same(v, gold["value"]) for v in values) else "not found"


def count(items: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(item.get("cause", "not found") for item in items)
    return {cause: counts[cause] for cause in CAUSES if counts[cause]}
