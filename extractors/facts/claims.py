"""A claim stated more than once is one fact; two values for one claim are a conflict to flag.

These steps run after every sentence has been read, on the article's facts as a whole.
"""

from __future__ import annotations

from dataclasses import replace

from models import Fact


def _claim_key(fact: Fact) -> tuple[object, ...]:
    value = round(fact.value, 4) if isinstance(fact.value, float) else str(fact.value).lower()
    return (fact.region_code, fact.metric, fact.scope, fact.year, fact.period, value)


_UNNAMED = frozenset({"", "other"})


def _same_programme(a: str | None, b: str | None) -> bool:
    return a == b or (a or "") in _UNNAMED or (b or "") in _UNNAMED


def merge_repeats(facts: list[tuple[Fact, bool]], title_end: int) -> list[Fact]:
    """One claim stated twice (headline and body, lead and quote) is one fact. Each fact comes with whether
    the text states its year; the evidence kept is the body sentence that does, else the first one, and the
    confidence the better of the two."""
    seen: dict[tuple[object, ...], list[int]] = {}
    kept: list[tuple[Fact, bool]] = []
    for fact, stated in facts:
        key = _claim_key(fact)
        # `nilai 61,36 dengan predikat B` for RB and `nilai 63,22 dengan predikat B` for SAKIP are two claims; a
        # programme left unnamed in one telling is the same claim as a named one.
        same = [i for i in seen.get(key, []) if _same_programme(kept[i][0].program, fact.program)]
        if not same:
            seen.setdefault(key, []).append(len(kept))
            kept.append((fact, stated))
            continue
        index = same[0]
        current, current_stated = kept[index]
        if stated and not current_stated and fact.quote_start >= title_end:
            current = fact                               # the sentence that states the year is the evidence
        elif fact.confidence > current.confidence:
            current = replace(current, confidence=fact.confidence, assessor=fact.assessor, program=fact.program)
        kept[index] = (current, current_stated or stated)
    return [fact for fact, _ in kept]


def drop_headline_repeats(facts: list[Fact], title_end: int) -> list[Fact]:
    """A headline repeats the body's claim in its own words (and without its year): the body's version,
    with its year and its sentence, is the fact."""
    def claim(f: Fact) -> tuple[object, ...]:
        return (f.region_code, f.metric, str(f.value).lower())

    in_body = {claim(f) for f in facts if f.quote_start >= title_end}
    return [f for f in facts if f.quote_start >= title_end or claim(f) not in in_body]


def flag_conflicts(facts: list[Fact]) -> list[Fact]:
    """Two values for one region, assessment, year and metric in one article: both stay, both flagged."""
    def group(f: Fact) -> tuple[object, ...]:
        return (f.region_code, f.assessor, f.program, f.year, f.period, f.metric, f.scope)

    values: dict[tuple[object, ...], set[object]] = {}
    for f in facts:
        values.setdefault(group(f), set()).add(f.value)
    return [replace(f, flags=(*f.flags, "conflicting_values")) if len(values[group(f)]) > 1 else f for f in facts]
