"""Years and periods a sentence states, and which value each one belongs to.

Reporters put the year before the value (`pada 2022 sebesar 81,31 persen`), right after it (`84,23 di
tahun 2022`), or leave it to an earlier sentence. A year right after a value binds to it when only a
preposition stands between; otherwise a value takes the nearest year before it in its sentence; a sentence
with none inherits from the sentences before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from extractors.common.triggers import holds
from extractors.facts.values import inside

Kind = Literal["explicit", "relative", "previous", "period"]

_YEAR = r"(?:19[89]\d|20[0-4]\d)"
_LIST_RE = re.compile(
    rf"(?P<lead>\b(?:[Tt]ahun(?:\s+[Aa]nggaran)?|TA|[Pp]ada|[Dd]i)\s+)?(?P<y1>{_YEAR})"
    rf"(?P<more>(?:\s*,\s*{_YEAR})*\s*,?\s*(?:dan|serta|maupun|&)\s*(?:tahun\s+)?{_YEAR})"
    # not `4,27 pada 2022, dan 2023 tercatat 4,03`: the last year leads a value of its own
    r"(?!\s+(?:tercatat|mencapai|sebesar|naik|turun|menjadi|meningkat|berada|di\s+angka|nilainya|skornya)\b)")
# `sejak tahun 2019-2021`, `keenam kalinya sejak 2011-2016`: a run of years a grade was held in.
_RANGE_RE = re.compile(rf"\b(?:[Ss]ejak|[Ss]elama)\s+(?:tahun\s+)?(?P<y1>{_YEAR})\s*(?:-|–|hingga|sampai(?:\s+dengan)?|"
                       rf"s\.?d\.?)\s*(?:tahun\s+)?(?P<y2>{_YEAR})\b")
MAX_RANGE = 10
_YEAR_TRIGGERS = ("19", "20")                      # every year of `_YEAR`
_SINGLE_RE = re.compile(
    rf"(?P<lead>\b(?:[Tt]ahun(?:\s+[Aa]nggaran)?|TA|T\.A\.?|[Pp]eriode|[Ee]disi)\s+)?(?<![\d/.,-])(?P<y>{_YEAR})(?![\d/]|[.,]\d)")
_RELATIVE_RE = re.compile(
    r"\b(?P<rel>tahun\s+ini|tahun\s+lalu|tahun\s+kemarin|setahun\s+lalu|setahun\s+sebelumnya|"
    r"setahun\s+sebelum(?:nya)?|"
    r"(?:dua|2)\s+tahun\s+(?:lalu|sebelumnya)|(?:tiga|3)\s+tahun\s+(?:lalu|sebelumnya)|"
    r"tahun\s+sebelumnya|periode\s+sebelumnya|penilaian\s+sebelumnya|"
    r"tahun\s+depan|tahun\s+mendatang)\b", re.I)
_RESTATED = re.compile(rf"{_YEAR}\s*,?\s*(?:atau|alias|yakni|yaitu)\s+(?:satu\s+|dua\s+|tiga\s+)?$", re.I)
_WRITING_TIME = re.compile(r"\b(?:mengawali|memasuki|menyambut|menjelang|jelang|awal|pergantian|"
                           r"menutup|(?:jelang|menjelang|di|pada)\s+akhir)\s+(?:tahun\s+)?$", re.I)
_EVENT_BEFORE = re.compile(r"\b(?:terbentuk|dibentuk|berdiri|didirikan|dimekarkan|pemekaran|dilantik|menjabat|"
                           r"dibangun|diresmikan|sejak|semenjak|kelahiran|lahir)\s+(?:pada\s+)?(?:tahun\s+)?$", re.I)
# How firmly a year is the year assessed: `atas LPPD tahun 2023`, `TA 2023` (3) over `penilaian MCP tahun 2023`,
# `SPM tahun lalu` (2) over a year that merely shares a sentence with a value (1).
_REPORT_YEAR = re.compile(r"(?i:\b(?:atas|untuk|terhadap)\s+(?:\w+\s+){0,2}(?:LPPD|LKPD|LKjIP|LAKIP|laporan|"
                          r"kinerja|anggaran|penyelenggaraan)[^.;,]{0,50}|\b(?:LKPD|LPPD|[Tt]ahun\s+[Aa]nggaran|TA)|"
                          r"\b(?:LKPD|LPPD)\)?(?:\s+[A-Z][\w-]*){0,3})\s*$")
_ASSESSMENT_BEFORE = re.compile(
    r"\b(?:penilaian|evaluasi|hasil|capaian|indeks|skor|nilai|opini|predikat|survei|SPM|SAKIP|AKIP|MCP|SPI|"
    r"EPPD|LPPD|LKPD|IGA|IPP|RB|Ombudsman|KPK|BPK|Kemendagri|KemenPAN-?RB|pelayanan publik|inovasi daerah|"
    r"reformasi birokrasi|kepatuhan|Standar Pelayanan Minimal|integritas|[Mm]onitoring [Cc]enter for [Pp]revention"
    r")\b(?:[^\w,;.]+\w+){0,8}?[^\w,;.]+(?:(?:pada|di|untuk|periode|tahun|anggaran)\s+)*$", re.I)


def marker_strength(text: str, sent_start: int, marker: YearMarker) -> int:
    """3: the year of a report (`atas LPPD tahun 2023`); 2: attached to an assessment (`penilaian MCP tahun
    2023`, `SPM tahun lalu`); 0 otherwise."""
    before = text[max(sent_start, marker.start - 90):marker.start]
    if _REPORT_YEAR.search(before) or re.match(r"(?:TA|T\.A\.|[Tt]ahun\s+[Aa]nggaran)\s", text[marker.start:]):
        return 3
    if _ASSESSMENT_BEFORE.search(before):
        return 2
    return 0


_PERIOD_RE = re.compile(
    r"\b(?P<kind>[Tt]riwulan|TRIWULAN|TW|[Kk]uartal|[Ss]emester|SEMESTER)\s*(?:ke-?\s?)?"
    r"(?P<n>IV|III|II|I|[1-4]|(?i:pertama|kedua|ketiga|keempat|satu|dua|tiga|empat))\b")
_RELATIVE_TRIGGERS = ("tahun", "sebelum")
_PERIOD_TRIGGERS = ("triwulan", "kuartal", "semester", "TW")
_PERIOD_NUM = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "pertama": 1, "kedua": 2,
               "ketiga": 3, "keempat": 4, "satu": 1, "dua": 2, "tiga": 3, "empat": 4}


@dataclass(frozen=True, slots=True)
class YearMarker:
    """A year (or several) or a period stated at [start, end) of the analysed text.

    `relative` markers hold an offset instead of a year: `tahun lalu` is -1 from the publication year,
    `tahun sebelumnya` -1 from the year under discussion (`previous`). `future` marks `tahun depan`.
    """

    start: int
    end: int
    kind: Kind
    years: tuple[int, ...] = ()
    offset: int = 0
    period: str | None = None
    future: bool = False
    run: bool = False          # every year from the first to the last (`sejak 2019-2021`): a grade's, not a score's


def _period_code(kind: str, n: str) -> str | None:
    number = _PERIOD_NUM.get(n.lower())
    if number is None:
        return None
    if kind.lower() == "semester":
        return f"S{number}" if number <= 2 else None
    return f"Q{number}"


def find_markers(text: str, start: int, end: int, excluded: list[tuple[int, int]]) -> list[YearMarker]:
    markers: list[YearMarker] = []
    taken: list[tuple[int, int]] = []
    # Each pattern only where a word all its matches hold is in the sentence (`extractors.common.triggers`).
    has_year = holds(text, _YEAR_TRIGGERS, start, end)
    for m in _LIST_RE.finditer(text, start, end) if has_year else ():
        if inside(excluded, m.start("y1"), m.start("y1") + 4):
            continue
        years = tuple(sorted({int(y) for y in re.findall(_YEAR, m.group("y1") + m.group("more"))}))
        markers.append(YearMarker(m.start(), m.end(), "explicit", years))
        taken.append(m.span())
    for m in _RANGE_RE.finditer(text, start, end) if has_year else ():
        first, last = int(m.group("y1")), int(m.group("y2"))
        # the plan-period rule excludes `2019-2021` itself; a law's number around it (`Nomor 5 Tahun 2019`) counts
        if any(s < m.start("y1") and m.end("y2") <= e for s, e in excluded) or not 0 < last - first <= MAX_RANGE:
            continue
        markers.append(YearMarker(m.start(), m.end(), "explicit", tuple(range(first, last + 1)), run=True))
        taken.append(m.span())
    for m in _SINGLE_RE.finditer(text, start, end) if has_year else ():
        if inside(excluded, *m.span("y")) or any(s <= m.start("y") < e for s, e in taken):
            continue
        if _WRITING_TIME.search(text, max(start, m.start() - 30), m.start()):
            continue                                  # `mengawali tahun 2024`: when it is said, not assessed
        if _EVENT_BEFORE.search(text, max(start, m.start() - 30), m.start()):
            continue                                  # `terbentuk pada 2022`: a date in the region's history
        markers.append(YearMarker(m.start(), m.end(), "explicit", (int(m.group("y")),)))
    for m in _RELATIVE_RE.finditer(text, start, end) if holds(text, _RELATIVE_TRIGGERS, start, end) else ():
        rel = " ".join(m.group("rel").lower().split())
        if _RESTATED.search(text, max(start, m.start() - 30), m.start()):
            continue                                  # `tahun 2016 atau satu tahun sebelumnya`: 2016, said again
        if rel == "tahun ini":
            if re.search(rf"{_YEAR}\s*$", text[max(start, m.start() - 6):m.start()]):
                continue                                      # `tahun 2023 ini` is explicit already
            markers.append(YearMarker(m.start(), m.end(), "relative", offset=0))
        elif rel in ("tahun depan", "tahun mendatang"):
            markers.append(YearMarker(m.start(), m.end(), "relative", offset=1, future=True))
        elif rel.endswith(("sebelumnya", "sebelum")):
            back = 2 if rel.startswith(("dua", "2")) else 3 if rel.startswith(("tiga", "3")) else 1
            markers.append(YearMarker(m.start(), m.end(), "previous", offset=-back))
        else:
            back = 2 if rel.startswith(("dua", "2")) else 3 if rel.startswith(("tiga", "3")) else 1
            markers.append(YearMarker(m.start(), m.end(), "relative", offset=-back))
    periods = []
    for m in _PERIOD_RE.finditer(text, start, end) if holds(text, _PERIOD_TRIGGERS, start, end) else ():
        code = _period_code(m.group("kind"), m.group("n"))
        if code:
            periods.append((m.start(), m.end(), code))
    markers.sort(key=lambda mk: mk.start)
    # A period glued to a year (`triwulan III tahun 2023`, `tahun 2023 semester I`) joins it.
    merged: list[YearMarker] = []
    used: set[int] = set()
    for mk in markers:
        period = None
        new_start, new_end = mk.start, mk.end
        for i, (ps, pe, code) in enumerate(periods):
            if i in used:
                continue
            if 0 <= mk.start - pe <= 4 or 0 <= ps - mk.end <= 4:
                period = code
                used.add(i)
                new_start, new_end = min(ps, mk.start), max(pe, mk.end)
                break
        merged.append(YearMarker(new_start, new_end, mk.kind, mk.years, mk.offset, period, mk.future, mk.run))
    for i, (ps, pe, code) in enumerate(periods):
        if i not in used:
            merged.append(YearMarker(ps, pe, "period", period=code))
    return sorted(merged, key=lambda mk: mk.start)


# What may stand between a value and a year that belongs to it: `84,23 di tahun 2022`, `92 dalam penilaian
# Ombudsman RI tahun 2023`, `84,23 yang diperoleh pada tahun 2022`, `70,20 persen (2023)`.
_POST_GAP_RE = re.compile(
    r"\s*(?:persen|%|poin)?\s*,?\s*(?:\([A-Z]{2,5}\)\s*)?(?:dari\s+[A-Z][\w-]+(?:\s+RI)?\s+)?(?:yang\s+\w+\s+)?"
    r"(?:\(|(?:di|pada|untuk|selama|dalam|periode|atas|terhadap)(?:\s+[\w-]{2,14}){0,3})?\s*", re.I)
# Between a grade and the years it was held in: `... sudah diperoleh selama tiga tahun yakni `.
_RUN_GAP = re.compile(r"[^.;]{0,45}?\b(?:selama|sejak)\s+(?:\w+\s+)?(?:tahun\s+)?(?:terakhir\s+|berturut-turut\s+)?"
                      r",?\s*(?:yakni|yaitu|:)?\s*", re.I)
_NEXT_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d+)?(?![\w/])")
_CONTRAST = re.compile(r"\b(?:namun|tetapi|akan tetapi|meski(?:pun)?|walau(?:pun)?)\b")
_CHANGE_BOUNDARY = re.compile(r"\b(?:menjadi|kini|sekarang|sedangkan|sementara|namun|tetapi)\b|;")
_BOUNDARY_RE = re.compile(r"\b(?:sedangkan|sementara|namun|tetapi|adapun|dibanding|dibandingkan|ketimbang)\b|;")


def bind_marker(text: str, markers: list[YearMarker], value_start: int, value_end: int,
                other_values: list[tuple[int, int]]) -> YearMarker | None:
    """The year marker of one value in its sentence, or None when the sentence states none for it."""
    following = [mk for mk in markers if mk.start >= value_end]
    if following:
        nxt = following[0]
        gap = text[value_end:nxt.start]
        # `di angka 80,03, tahun 2020 mencapai 81,46`: after a comma, a year that leads the next value is its.
        ahead = _NEXT_NUMBER.search(text, nxt.end, nxt.end + 30)
        leads_next = "," in gap and ahead is not None and not _CHANGE_BOUNDARY.search(
            text, nxt.end, ahead.start()) and not any(nxt.end <= mk.start < ahead.start() for mk in markers)
        if (len(gap) <= 45 and _POST_GAP_RE.fullmatch(gap) and not _BOUNDARY_RE.search(gap) and not leads_next
                and not any(value_end <= s < nxt.start for s, _ in other_values) and not nxt.future):
            return nxt
        if len(nxt.years) > 1 and len(gap) <= 70 and _RUN_GAP.fullmatch(gap) and not any(
                value_end <= s < nxt.start for s, _ in other_values):
            return nxt                        # `WTP ... diperoleh selama tiga tahun yakni 2013, 2014 dan 2015`
    preceding = [mk for mk in markers if mk.end <= value_start]
    # `naik dari predikat B pada evaluasi tahun sebelumnya menjadi BB, sedangkan ...`: an earlier year ends
    # where the change (or the next clause) begins.
    while preceding and preceding[-1].kind == "previous" and _CHANGE_BOUNDARY.search(
            text, preceding[-1].end, value_start):
        preceding.pop()
    # `... dibanding SPI 2022 yang hanya 69,10, namun Ternate belum beranjak dari kategori rentan`: a year
    # does not carry across a turn of contrast.
    if preceding and _CONTRAST.search(text, preceding[-1].end, value_start):
        preceding = []
    if preceding:
        return preceding[-1]
    # The sentence's only year, stated after its only value: `meraih peringkat dua dari 416 kabupaten ...
    # dalam penerapan SPM triwulan III tahun 2023`.
    if len(following) == 1 and not other_values and not following[0].future and not _BOUNDARY_RE.search(
            text, value_end, following[0].start):
        return following[0]
    return None
