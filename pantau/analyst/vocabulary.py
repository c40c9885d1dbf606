"""What a person types (on the command line, in a reference CSV) to the codes the facts carry.

People write `Ombudsman RI`, `KemenPAN-RB`, `kepatuhan pelayanan publik`, `triwulan III`, `85,60` or `Zona
Hijau`; the facts hold `ombudsman`, `kemenpan_rb`, `kepatuhan_pelayanan_publik`, `Q3`, 85.6 and `zona hijau`.
The extractor's own lexicon is the vocabulary, so a name the extractor reads is a name a person may type.
"""

from __future__ import annotations

import re

from extractors.facts.lexicon import ASSESSORS, PROGRAM_ASSESSOR, PROGRAMS
from extractors.facts.numbers import parse_number

PERIODS = ("Q1", "Q2", "Q3", "Q4", "S1", "S2")
_PERIOD_WORDS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "pertama": 1, "kedua": 2,
                 "ketiga": 3, "keempat": 4, "satu": 1, "dua": 2, "tiga": 3, "empat": 4}
_PERIOD_RE = re.compile(r"(?P<kind>q|tw|triwulan|kuartal|s|semester)\s*(?:ke-?\s*)?(?P<n>[a-z0-9]+)", re.I)
_BPK_OPINIONS = {"wajar tanpa pengecualian": "WTP", "wajar dengan pengecualian": "WDP", "tidak wajar": "TW",
                 "tidak memberikan pendapat": "TMP", "tidak menyatakan pendapat": "TMP", "disclaimer": "TMP"}
_LETTER_GRADE = re.compile(r"(?:AA|A|BB|B|CC|C|D)[+-]?|WTP|WDP|TMP|TW", re.I)
_GRADE_LABEL = re.compile(r"^(?:opini|predikat|kategori|status|nilai)\s+(?=\S)")   # `opini WTP` is `WTP`
# The words the news grades with (`sangat baik`, `kualitas tertinggi`, `kurang inovatif`, `tidak dapat dinilai`,
# `waspada`): a grade typed with any other word is a typo or not a grade, and is refused rather than reported
# as contradicting every report.
_GRADE_VOCABULARY = frozenset((
    "sangat", "baik", "cukup", "kurang", "buruk", "tinggi", "tertinggi", "sedang", "rendah", "terendah", "kualitas",
    "memuaskan", "inovatif", "tidak", "dapat", "dinilai", "dihitung", "waspada", "rentan", "terjaga", "tuntas",
    "utama", "madya", "pratama", "prima", "istimewa", "zona", "hijau", "kuning", "merah", "kinerja"))
METRICS = ("score", "rank", "grade")


class VocabularyError(ValueError):
    """A value that names nothing Pantau knows; the message lists what it does know."""


def _fold(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip()).casefold()


def _lookup(text: str, table: dict[str, tuple[str, ...]], what: str) -> str:
    wanted = _fold(text)
    for code, forms in table.items():
        if wanted == _fold(code) or any(wanted == _fold(form) for form in forms):
            return code
    raise VocabularyError(f"unknown {what} {text!r}; known: {', '.join(table)}")


def assessor_code(text: str) -> str:
    """`Ombudsman RI` -> `ombudsman`, `KemenPAN-RB` -> `kemenpan_rb`."""
    return _lookup(text, ASSESSORS, "assessor")


def program_code(text: str, assessor: str | None = None) -> str:
    """`Standar Pelayanan Minimal` -> `spm`; `pelayanan publik` is Ombudsman's or KemenPAN-RB's by assessor."""
    code = _lookup(text, PROGRAMS, "program")
    if code == "pelayanan_publik":
        if assessor == "kemenpan_rb":
            return "ipp"
        return "kepatuhan_pelayanan_publik"
    return code


def check_pair(assessor: str, program: str) -> None:
    """A programme run by one assessor cannot be another's result (`ombudsman` + `spm` is a typo)."""
    owner = PROGRAM_ASSESSOR.get(program)
    if owner and owner != assessor:
        raise VocabularyError(f"program {program} is assessed by {owner}, not {assessor}")


def period_code(text: str) -> str | None:
    """`triwulan III`, `TW 3`, `Q3` -> `Q3`; `semester 1`, `S1` -> `S1`; empty -> None (the whole year)."""
    if not text.strip():
        return None
    m = _PERIOD_RE.fullmatch(text.strip())
    number = _PERIOD_WORDS.get(m.group("n").lower()) if m else None
    if m and number:
        semester = m.group("kind").lower() in ("s", "semester")
        if not semester or number <= 2:
            return f"{'S' if semester else 'Q'}{number}"
    raise VocabularyError(f"unknown period {text!r}; use Q1..Q4 (triwulan I..IV), S1, S2, or leave it empty")


def number_value(text: str) -> float:
    """`85,60` and `85.60` -> 85.6. Scores are small numbers, so `3.452` (an EPPD score) stays 3.452."""
    try:
        return parse_number(text.strip(), small_scale=True)
    except ValueError:
        raise VocabularyError(f"not a number: {text!r} (write 85,60 or 85.60)") from None


def rank_value(text: str) -> int:
    value = number_value(text)
    if value != int(value) or value < 1:
        raise VocabularyError(f"a rank is a whole number from 1: {text!r}")
    return int(value)


def grade_value(text: str) -> str:
    """Grades as the facts spell them: `WTP`, `BB`, `zona hijau`, `kualitas tinggi`, `sangat baik`."""
    folded = _GRADE_LABEL.sub("", _fold(text))
    if not folded:
        raise VocabularyError("empty grade")
    if folded in _BPK_OPINIONS:
        return _BPK_OPINIONS[folded]
    if _LETTER_GRADE.fullmatch(folded):
        return folded.upper()
    if folded in ("hijau", "kuning", "merah"):
        return f"zona {folded}"
    if not set(folded.split()) <= _GRADE_VOCABULARY or len(folded.split()) > 4:
        raise VocabularyError(f"not a number or a grade: {text!r} (a score like 85,60, a rank like 2, or a grade "
                              f"like WTP, BB, 'zona hijau', 'sangat tinggi')")
    return folded


def metric_of(value: str) -> str:
    """The metric a bare value most likely states: a number is a score, anything else a grade."""
    try:
        number_value(value)
    except VocabularyError:
        return "grade"
    return "score"


def typed_value(metric: str, text: str) -> float | str:
    if metric == "score":
        return number_value(text)
    if metric == "rank":
        return float(rank_value(text))
    if metric == "grade":
        return grade_value(text)
    raise VocabularyError(f"unknown metric {metric!r}; known: {', '.join(METRICS)}")
