"""Scoring the extractor against gold files, in the format of docs/gold-format.md.

A predicted fact matches a gold fact when region code, metric, scope, year and value agree (numbers within
0.005, grades case-insensitively); each gold fact matches at most one prediction. Precision, recall and F1
count facts; assessor, programme and period are accuracies over the matched pairs; a quote is right when it
is a substring of the article and overlaps the gold quote. Officials match on (name, role, region code).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.facts.gazetteer import default_gazetteer
from models import Extraction
from pantau.evaluation.causes import CAUSES, classify, count

Extractor = Callable[[Path, dict[str, Any]], tuple[Extraction, str]]


@dataclass
class ArticleScore:
    id: str
    file: str
    gold_facts: int
    predicted_facts: int
    matched: int
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    officials_gold: int = 0
    officials_predicted: int = 0
    officials_matched: int = 0
    missed_officials: list[dict[str, Any]] = field(default_factory=list)
    spurious_officials: list[dict[str, Any]] = field(default_factory=list)
    published_gold: str | None = None
    published_predicted: str | None = None


@dataclass
class Report:
    articles: list[ArticleScore] = field(default_factory=list)
    attribute_hits: dict[str, int] = field(default_factory=lambda: {"assessor": 0, "program": 0, "period": 0,
                                                                    "quote": 0})
    attribute_misses: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)     # articles whose text is not there (`--texts`)

    def _sum(self, attr: str) -> int:
        return sum(getattr(a, attr) for a in self.articles)

    @property
    def matched(self) -> int:
        return self._sum("matched")

    def figures(self) -> dict[str, Any]:
        gold, pred, hit = self._sum("gold_facts"), self._sum("predicted_facts"), self.matched
        p = hit / pred if pred else 1.0
        r = hit / gold if gold else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        og, op, oh = self._sum("officials_gold"), self._sum("officials_predicted"), self._sum("officials_matched")
        dated = [a for a in self.articles if a.published_gold is not None or a.published_predicted is not None]
        return {
            "articles": len(self.articles),
            "facts": {"gold": gold, "predicted": pred, "matched": hit,
                      "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)},
            "matched_accuracy": {k: round(v / hit, 4) if hit else 1.0 for k, v in self.attribute_hits.items()},
            "officials": {"gold": og, "predicted": op, "matched": oh,
                          "precision": round(oh / op, 4) if op else 1.0,
                          "recall": round(oh / og, 4) if og else 1.0},
            "published_accuracy": round(
                sum(a.published_gold == a.published_predicted for a in dated) / len(dated), 4) if dated else 1.0,
            "negatives": {"articles": sum(1 for a in self.articles if a.gold_facts == 0),
                          "facts_predicted": sum(a.predicted_facts for a in self.articles if a.gold_facts == 0)},
            "by_cause": self.by_cause(),
            "skipped": len(self.skipped),
        }

    def by_cause(self) -> dict[str, dict[str, int]]:
        attribute = sum(1 for e in self.attribute_misses if {"assessor", "program"} & set(e["wrong"]))
        return {
            "missed": count([f for a in self.articles for f in a.missed]),
            "spurious": count([f for a in self.articles for f in a.spurious]),
            "matched": {"assessor/program": attribute} if attribute else {},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "figures": self.figures(),
            "missed": [{"article": a.id, **f} for a in self.articles for f in a.missed],
            "spurious": [{"article": a.id, **f} for a in self.articles for f in a.spurious],
            "attribute_errors": self.attribute_misses,
            "missed_officials": [{"article": a.id, **o} for a in self.articles for o in a.missed_officials],
            "spurious_officials": [{"article": a.id, **o} for a in self.articles for o in a.spurious_officials],
            "published_errors": [
                {"article": a.id, "gold": a.published_gold, "predicted": a.published_predicted}
                for a in self.articles if a.published_gold != a.published_predicted],
        }


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return " ".join(str(a).split()).lower() == " ".join(str(b).split()).lower()
    return a is not None and b is not None and abs(float(a) - float(b)) <= 0.005


def facts_match(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    return (pred["region_code"] == gold["region_code"] and pred["metric"] == gold["metric"]
            and pred.get("scope") == gold.get("scope") and pred.get("year") == gold.get("year")
            and _same_value(pred["value"], gold["value"]))


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(quote)
    while quote and start >= 0:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


def quote_ok(article_text: str, pred_quote: str, gold_quote: str) -> bool:
    ours, theirs = _spans(article_text, pred_quote), _spans(article_text, gold_quote)
    return any(a < d and c < b for a, b in ours for c, d in theirs)


def _fact_view(fact: dict[str, Any]) -> dict[str, Any]:
    keys = ("region", "region_code", "assessor", "program", "year", "period", "metric", "scope", "value",
            "unit", "out_of", "quote")
    return {k: fact.get(k) for k in keys}


def score_article(line: dict[str, Any], extraction: Extraction, text: str, report: Report) -> ArticleScore:
    predicted = [f.to_dict() for f in extraction.facts]
    gold = list(line.get("facts") or [])
    unmatched = list(range(len(predicted)))
    score = ArticleScore(id=line.get("id", "?"), file=line.get("file", "?"), gold_facts=len(gold),
                         predicted_facts=len(predicted), matched=0)
    for g in gold:
        candidates = [i for i in unmatched if facts_match(predicted[i], g)]
        if not candidates:
            score.missed.append(_fact_view(g))
            continue
        # Prefer the prediction whose evidence is the gold's, then the one that agrees on most attributes.
        best = max(candidates, key=lambda i: (
            quote_ok(text, predicted[i]["quote"], g["quote"]),
            sum(predicted[i].get(k) == g.get(k) for k in ("assessor", "program", "period"))))
        unmatched.remove(best)
        p = predicted[best]
        score.matched += 1
        wrong = {}
        for attr in ("assessor", "program", "period"):
            if p.get(attr) == g.get(attr):
                report.attribute_hits[attr] += 1
            else:
                wrong[attr] = {"gold": g.get(attr), "predicted": p.get(attr)}
        if quote_ok(text, p["quote"], g["quote"]):
            report.attribute_hits["quote"] += 1
        else:
            wrong["quote"] = {"gold": g.get("quote"), "predicted": p.get("quote")}
        if wrong:
            report.attribute_misses.append({"article": score.id, "fact": _fact_view(g), "wrong": wrong})
    score.spurious = [_fact_view(predicted[i]) for i in unmatched]
    classify(score.missed, score.spurious, text, negative=not gold, gazetteer=default_gazetteer())

    gold_officials = {(o["name"], o["role"], o.get("region_code")) for o in line.get("officials") or []}
    pred_officials = {o.key for o in extraction.officials}
    score.officials_gold, score.officials_predicted = len(gold_officials), len(pred_officials)
    score.officials_matched = len(gold_officials & pred_officials)
    score.missed_officials = [dict(zip(("name", "role", "region_code"), o, strict=True))
                              for o in sorted(gold_officials - pred_officials, key=str)]
    score.spurious_officials = [dict(zip(("name", "role", "region_code"), o, strict=True))
                                for o in sorted(pred_officials - gold_officials, key=str)]
    score.published_gold = line.get("published")
    published = extraction.article.published
    score.published_predicted = published.isoformat() if published else None
    return score


class GoldFileError(ValueError):
    """A gold file that cannot be scored: the message names the file and line."""


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Every annotated article of a gold file, checked for what scoring needs before any article is run, so a
    broken line is reported at once and not after minutes of extraction."""
    lines = []
    try:
        with path.open(encoding="utf-8") as fh:
            raws = list(fh)
    except UnicodeDecodeError as exc:
        raise GoldFileError(f"{path}: not UTF-8 text (a gold file is JSON lines)") from exc
    for number, raw in enumerate(raws, 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise GoldFileError(f"{path}:{number}: not JSON ({exc.msg}); a gold file has one JSON object "
                                f"per line") from exc
        if not isinstance(line, dict) or not isinstance(line.get("file"), str):
            raise GoldFileError(f"{path}:{number}: a gold line is an object with at least a \"file\" "
                                f"(the article's text) and its \"facts\"")
        if not isinstance(line.get("facts", []), list) or not isinstance(line.get("officials", []), list):
            raise GoldFileError(f"{path}:{number}: \"facts\" and \"officials\" must be lists")
        lines.append(line)
    return lines


def with_quotes(line: dict[str, Any], text: str) -> dict[str, Any]:
    """A line whose facts point into their third-party text (`quote_span`: [start, end]) instead of copying
    it, with each quote read from that text."""
    facts = [{**{k: v for k, v in f.items() if k != "quote_span"}, "quote": text[f["quote_span"][0]:f["quote_span"][1]]}
             if "quote_span" in f else f for f in line.get("facts", [])]
    return {**line, "facts": facts}


def evaluate(gold_files: list[Path], extractor: Extractor, texts: Path | None = None,
             progress: Callable[[int], Callable[[], None]] | None = None) -> Report:
    """Run `extractor` on every article the gold files name and score it. Article paths are relative to
    the gold file's folder's parent (tests/corpus: gold/ beside articles/), or to `texts` for a set whose
    texts are kept outside the repo (the real development set); an article whose text is not there is skipped, and
    counted as such."""
    report = Report()
    gold = [(path, read_gold(path)) for path in gold_files]
    advance = progress(sum(len(lines) for _, lines in gold)) if progress else (lambda: None)
    for gold_path, lines in gold:
        root = texts if texts is not None else gold_path.resolve().parent.parent
        for line in lines:
            advance()
            article_path = root / line["file"]
            if texts is not None and not article_path.is_file():
                report.skipped.append(line.get("id", line["file"]))
                continue
            if texts is not None:
                line = with_quotes(line, article_path.read_text(encoding="utf-8"))
            extraction, text = extractor(article_path, line)
            report.articles.append(score_article(line, extraction, text, report))
    return report


def format_report(report: Report, by_cause: bool = False) -> str:
    fig = report.figures()
    f, o, acc = fig["facts"], fig["officials"], fig["matched_accuracy"]
    lines = [
        f"articles: {fig['articles']}",
        f"facts: gold {f['gold']}, predicted {f['predicted']}, matched {f['matched']}",
        f"  precision {f['precision']:.3f}  recall {f['recall']:.3f}  F1 {f['f1']:.3f}",
        f"  over matched facts: assessor {acc['assessor']:.3f}  program {acc['program']:.3f}  "
        f"period {acc['period']:.3f}  quote {acc['quote']:.3f}",
        f"officials: gold {o['gold']}, predicted {o['predicted']}, matched {o['matched']}  "
        f"precision {o['precision']:.3f}  recall {o['recall']:.3f}",
        f"publication date accuracy: {fig['published_accuracy']:.3f}",
        f"articles without facts: {fig['negatives']['articles']}, facts predicted on them: "
        f"{fig['negatives']['facts_predicted']}",
    ]
    if report.skipped:
        lines.append(f"skipped (no text): {len(report.skipped)}: {', '.join(report.skipped)}")
    data = report.to_dict()
    if by_cause:
        causes = fig["by_cause"]
        lines.append("errors by cause:       missed  spurious")
        for cause in CAUSES:
            m, s = causes["missed"].get(cause, 0), causes["spurious"].get(cause, 0)
            if cause == "assessor/program":
                m = causes["matched"].get(cause, 0)
            if m or s:
                lines.append(f"  {cause:<20} {m:>7} {s:>9}")

    def fact_line(item: dict[str, Any]) -> str:
        extra = f" of {item['out_of']}" if item.get("out_of") else ""
        scope = f" {item['scope']}" if item.get("scope") else ""
        return (f"  [{item['article']}] {item['region_code']} {item['region']}: {item['metric']}{scope} "
                f"{item['value']}{extra} ({item['year']}, {item['assessor']}/{item['program']}) "
                f"\"{item['quote']}\"")

    for title, key in (("missed facts", "missed"), ("spurious facts", "spurious")):
        lines.append(f"{title} ({len(data[key])}):")
        items = sorted(data[key], key=lambda i: CAUSES.index(i["cause"])) if by_cause else data[key]
        lines.extend(f"  {item['cause']:>13}  {fact_line(item).lstrip()}" if by_cause else fact_line(item)
                     for item in items)
    if data["attribute_errors"]:
        lines.append(f"attribute errors on matched facts ({len(data['attribute_errors'])}):")
        for err in data["attribute_errors"]:
            fact = err["fact"]
            wrong = ", ".join(f"{k}: gold {v['gold']!r}, got {v['predicted']!r}" for k, v in err["wrong"].items())
            lines.append(f"  [{err['article']}] {fact['region_code']} {fact['metric']} {fact['value']} "
                         f"({fact['year']}): {wrong}")
    for title, key in (("missed officials", "missed_officials"), ("spurious officials", "spurious_officials")):
        if data[key]:
            lines.append(f"{title} ({len(data[key])}):")
            lines.extend(f"  [{o['article']}] {o['name']} | {o['role']} | {o['region_code']}" for o in data[key])
    if data["published_errors"]:
        lines.append(f"publication date errors ({len(data['published_errors'])}):")
        lines.extend(f"  [{e['article']}] gold {e['gold']}, got {e['predicted']}" for e in data["published_errors"])
    return "\n".join(lines)
