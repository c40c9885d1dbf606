"""`pantau check`: what the news reported about one region, and whether a claimed value holds up.

A claim is a region, assessor, program, year, period, metric (and scope, for ranks). The verdict on a claimed
value: `agrees` when every report of the claim gives that value, `conflicts` when some report gives another
(the others are listed), `no_source` when the news reported nothing that matches the question. Without a
year, the years whose reports include the value are the ones judged; if none does, every report found
contradicts the claim. Reports with no year are listed but never judged. The official figure, when `pantau
reference load` has one, is compared separately, straight from `reference_results`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

import duckdb

from pantau.analyst.region_lookup import RegionRef

Verdict = Literal["agrees", "conflicts", "no_source"]
TOLERANCE = 0.005          # scores are published to two decimals; 85,6 and 85,60 are one value


@dataclass(frozen=True, slots=True)
class Question:
    assessor: str | None = None
    program: str | None = None
    year: int | None = None
    period: str | None = None
    metric: str | None = None
    value: float | str | None = None


@dataclass(slots=True)
class Report:
    value: str
    value_num: float | None
    published: date | None
    publisher: str | None
    url: str | None
    quote: str
    sentence: str
    flags: list[str]
    reference_match: str
    matches_claim: bool | None = None


@dataclass(slots=True)
class Claim:
    assessor: str
    program: str
    year: int | None
    period: str | None
    metric: str
    scope: str | None
    reports: list[Report] = field(default_factory=list)
    reference_value: str | None = None
    reference_url: str | None = None
    verdict: Verdict | None = None

    @property
    def values(self) -> list[str]:
        """Distinct values, numbers in numeric order (`9` before `85` before `100`), grades after them."""
        return sorted({r.value for r in self.reports}, key=lambda v: (_number(v) is None, _number(v) or 0, v))

    @property
    def conflicting(self) -> bool:
        return self.year is not None and len(self.values) > 1

    @property
    def label(self) -> str:
        scope = f" ({self.scope})" if self.scope else ""
        period = f" {self.period}" if self.period else ""
        return f"{self.assessor}/{self.program} {self.year or 'year unknown'}{period} {self.metric}{scope}"


@dataclass(slots=True)
class CheckResult:
    region: RegionRef
    question: Question
    claims: list[Claim]
    verdict: Verdict | None
    official: str | None                      # agrees / differs / no_reference, when a value was claimed
    mismatches: list[dict[str, Any]]
    judged: list[Claim] = field(default_factory=list)            # the claims the verdict rests on
    figures: list[dict[str, Any]] = field(default_factory=list)  # the official figures it was compared with

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": asdict(self.region),
            "question": asdict(self.question),
            "verdict": self.verdict,
            "official": self.official,
            "official_figures": self.figures,
            "claims": [{**{k: getattr(c, k) for k in ("assessor", "program", "year", "period", "metric", "scope",
                                                       "reference_value", "reference_url", "verdict")},
                        "values": c.values, "conflicting": c.conflicting,
                        "reports": [{**asdict(r), "published": r.published.isoformat() if r.published else None}
                                    for r in c.reports]}
                       for c in self.claims],
            "geography_mismatches": self.mismatches,
        }


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _equal(text: str | None, metric: str, value: float | str) -> bool:
    if text is None:
        return False
    if metric == "grade" or isinstance(value, str):
        return text.casefold() == str(value).casefold()
    number = _number(text)
    return number is not None and abs(number - float(value)) < TOLERANCE


def _reports(con: duckdb.DuckDBPyConnection, code: str, q: Question) -> list[Claim]:
    rows = con.execute(
        """SELECT assessor, program, year, period, metric, CASE WHEN metric = 'rank' THEN scope END AS scope,
                  value, value_num, published, publisher, url, quote, sentence, flags, reference_match,
                  reference_value, reference_url
           FROM v_facts
           WHERE region_code = $code
             AND ($assessor IS NULL OR assessor = $assessor) AND ($program IS NULL OR program = $program)
             AND ($year IS NULL OR year = $year) AND ($period IS NULL OR period = $period)
             AND ($metric IS NULL OR metric = $metric)
           ORDER BY year DESC NULLS LAST, assessor, program, period NULLS FIRST, metric, scope NULLS FIRST,
                    published NULLS LAST, url, quote_start""",
        {"code": code, "assessor": q.assessor, "program": q.program, "year": q.year, "period": q.period,
         "metric": q.metric}).fetchall()
    claims: dict[tuple[Any, ...], Claim] = {}
    for (assessor, program, year, period, metric, scope, value, value_num, published, publisher, url, quote,
         sentence, flags, reference_match, reference_value, reference_url) in rows:
        claim = claims.setdefault((assessor, program, year, period, metric, scope),
                                  Claim(assessor, program, year, period, metric, scope,
                                        reference_value=reference_value, reference_url=reference_url))
        claim.reports.append(Report(value, value_num, published, publisher, url, quote, sentence, list(flags),
                                    reference_match))
    return list(claims.values())


def judge(claims: list[Claim], metric: str, value: float | str) -> tuple[Verdict, list[Claim]]:
    """The verdict on `value` over the claims found (see the module's docstring), and the claims it rests on."""
    candidates = [c for c in claims if c.metric == metric and c.year is not None]
    if not candidates:
        return "no_source", []
    judged = [c for c in candidates if any(_equal(r.value, metric, value) for r in c.reports)] or candidates
    for claim in judged:
        for report in claim.reports:
            report.matches_claim = _equal(report.value, metric, value)
        claim.verdict = "agrees" if all(r.matches_claim for r in claim.reports) else "conflicts"
    return ("agrees" if all(c.verdict == "agrees" for c in judged) else "conflicts"), judged


def official_figures(con: duckdb.DuckDBPyConnection, code: str, q: Question, metric: str,
                     judged: list[Claim]) -> list[dict[str, Any]]:
    """The loaded official results for the question: for the claims judged, or, when the news has none, for
    everything the question names."""
    rows = con.execute(
        """SELECT assessor, program, year, period, metric, scope,
                  value_as_text(value_num, value_text) AS value, source_url
           FROM reference_results
           WHERE region_code = $code AND metric = $metric
             AND ($assessor IS NULL OR assessor = $assessor) AND ($program IS NULL OR program = $program)
             AND ($year IS NULL OR year = $year) AND ($period IS NULL OR period = $period)
           ORDER BY year DESC, assessor, program, period NULLS FIRST, scope NULLS FIRST""",
        {"code": code, "metric": metric, "assessor": q.assessor, "program": q.program, "year": q.year,
         "period": q.period}).fetchall()
    keys = {(c.assessor, c.program, c.year, c.period, c.metric, c.scope) for c in judged}
    names = ("assessor", "program", "year", "period", "metric", "scope", "value", "source_url")
    return [dict(zip(names, row, strict=True)) for row in rows if not keys or tuple(row[:6]) in keys]


def official(figures: list[dict[str, Any]], metric: str, value: float | str) -> str:
    """The claimed value against the official figures: agrees when one of them gives it."""
    if not figures:
        return "no_reference"
    return "agrees" if any(_equal(f["value"], metric, value) for f in figures) else "differs"


def check(con: duckdb.DuckDBPyConnection, region: RegionRef, question: Question) -> CheckResult:
    claims = _reports(con, region.code, question)
    verdict = against_official = None
    judged: list[Claim] = []
    figures: list[dict[str, Any]] = []
    if question.value is not None:
        metric = question.metric or "score"
        verdict, judged = judge(claims, metric, question.value)
        figures = official_figures(con, region.code, question, metric, judged)
        against_official = official(figures, metric, question.value)
    mismatches = [dict(zip(("stated_province", "publisher", "url", "published", "sentence"), row, strict=True))
                  for row in con.execute(
                      """SELECT stated_province_name, publisher, url, CAST(published AS VARCHAR), sentence
                         FROM v_geography_mismatch WHERE region_code = ? ORDER BY published, url""",
                      [region.code]).fetchall()]
    return CheckResult(region, question, claims, verdict, against_official, mismatches, judged, figures)


# ---------------------------------------------------------------- text for a person at a terminal

def _value(value: str | float | None) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return value or ""


def check_text(result: CheckResult) -> str:
    r, q = result.region, result.question
    out = [f"{r.name} ({r.code}), {'' if r.level == 'provinsi' else 'Provinsi ' + r.province_name}".rstrip(", ")]
    asked = " ".join(str(p) for p in (q.assessor, q.program, q.year, q.period) if p)
    if q.value is not None:
        out.append(f"claim:    {q.metric or 'score'} {_value(q.value)}{' · ' + asked if asked else ''}")
        reported = [rep for c in result.judged for rep in c.reports]
        agreeing = sum(bool(rep.matches_claim) for rep in reported)
        others = sorted({rep.value for rep in reported if not rep.matches_claim})
        detail = {"agrees": f"every report ({agreeing}) gives this value",
                  "conflicts": f"{agreeing} report(s) give this value; others give {', '.join(map(_value, others))}",
                  "no_source": "the news reported nothing that matches"}[result.verdict or "no_source"]
        out.append(f"verdict:  {(result.verdict or '').upper().replace('_', ' ')} - {detail}")
        figures = "; ".join(f"{_value(f['value'])} ({f['source_url']})" for f in result.figures)
        official = {"agrees": f"matches the official figure: {figures}",
                    "differs": f"differs from the official figure: {figures}",
                    "no_reference": "no official figure loaded (pantau reference load)"}[result.official or ""]
        out.append(f"official: {official}")
    elif asked:
        out.append(f"question: {asked}")
    if not result.claims:
        out.append("\nno reports found")
    for claim in result.claims:
        header = f"\n{claim.label}"
        if claim.conflicting:
            header += f"  [CONFLICT: {' vs '.join(map(_value, claim.values))}]"
        if claim.reference_value is not None:
            header += f"  [official: {_value(claim.reference_value)}]"
        out.append(header)
        for rep in claim.reports:
            mark = "" if rep.matches_claim is None else ("  = claim" if rep.matches_claim else "  ≠ claim")
            flags = f"  [{', '.join(rep.flags)}]" if rep.flags else ""
            when = str(rep.published or "undated")
            out.append(f"  {when:<10}  {rep.publisher or '?'}  {_value(rep.value)}{mark}{flags}")
            out.append(f"      {rep.url or '(no url)'}")
            out.append(f"      \"{rep.quote}\"")
    for m in result.mismatches:
        out.append(f"\nGEOGRAPHY: {m['publisher']} ({m['published']}) places {r.name} in {m['stated_province']}, "
                   f"but it lies in {r.province_name}:\n      \"{m['sentence']}\"\n      {m['url']}")
    return "\n".join(out)
