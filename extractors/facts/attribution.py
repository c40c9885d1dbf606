"""Whose value it is: the region a score, rank or grade belongs to, and the words that show it.

A value's region is named just before it (`Kabupaten Banjar yang mengumpulkan 83,07`), or just after a
rank (`peringkat kedua Kabupaten Solok`, `diraih Kota Palembang`), or not at all when the text goes on
about the region already in play (`Kabupaten tersebut`, `daerah ini`). A value held by an office or a
facility (`RSUD Komodo yang memperoleh 68,40`) is nobody's region's; a grade shared by a list of regions
joined with `dan` is each of theirs.
"""

from __future__ import annotations

import re

from extractors.facts.gazetteer import Gazetteer
from extractors.facts.regions import Mention
from extractors.facts.values import ValueHit
from extractors.facts.years import YearMarker

COMPARISON = re.compile(r"\b(?:melampaui|mengungguli|mengalahkan|di atas|di bawah|dibanding(?:kan)?|"
                        r"ketimbang|daripada|menyusul|disusul|unggul atas|menggeser|diikuti)\b")
CLAUSE_BOUNDARY = re.compile(r"\b(?:sedangkan|sementara|adapun|namun|tetapi|disusul|diikuti)\b|;")
# Between a rank and the region holding it: `peringkat pertama diraih Kabupaten X`, `kedua Kota Y`.
_RANK_HOLDER_GAP = re.compile(r"\s*(?::\s*)?(?:(?:kini\s+|masih\s+|justru\s+)?(?:diraih|ditempati|diduduki|"
                              r"diisi|dihuni|dipegang|disabet|direbut|jatuh\s+(?:kepada|ke)|oleh|yakni|yaitu|adalah|ialah)"
                              r"(?:\s+oleh)?\s+)?")
# Offices and facilities: a value they hold is not their region's.
_AGENCY = re.compile(r"\b(?:RSUD|Rumah Sakit|Puskesmas|Dinas|Disdukcapil|Dispendukcapil|Dukcapil|DPMPTSP|"
                     r"Kecamatan|Kelurahan|Desa|UPTD?|MPP|Mal Pelayanan Publik|Samsat|Satpas|Polres|Polsek|"
                     r"Kantor Pertanahan|Kantah|Imigrasi|Lapas|Rutan)\b")
# Who may hold a rank instead of a region: a facility above, or a unit of the government itself.
_OFFICE_HOLDER = re.compile(rf"{_AGENCY.pattern}|\b(?:Badan|Bagian|Biro|Inspektorat|Kantor|Sekretariat|Satuan|"
                            r"BPKAD|Bappeda|Diskominfo)\b")
# The subject is every region of a group, not the one the text was about: `Seluruh entitas berhasil meraih opini
# WTP`, `Semuanya memperoleh predikat zona hijau`, `Semua pemda di Sumbar ...`.
_GROUP_SUBJECT = re.compile(r"\b(?:(?:seluruh|semua|segenap)\s+(?:(?:pemerintah\s+)?(?:daerah|pemda|entitas|kabupaten|"
                            r"kota|kabupaten/kota|kab/kota|provinsi|pemkab|pemkot|satuan\s+kerja)|nya)|semuanya|"
                            r"keseluruhan(?:nya)?)\b", re.I)
_GROUP_FIELD = re.compile(r"\s+(?:yang\s+ada\s+)?(?:di|se-?)\s*(?:(?:wilayah|provinsi)\s+)?", re.I)
_COMPARED_WITH = re.compile(r"\b(?:dibandingkan|dibanding|ketimbang|daripada)(?:\s+dengan)?\s+(?:\w+\s+)?$", re.I)
_COORDINATION_GAP = re.compile(r"\s*(?:\(\s*\d{1,3}(?:[.,]\d+)?\s*\)\s*)?(?:,\s*)?(?:(?:dan|serta|&)\s+)?")

Subject = Mention | str | None


def province_field(text: str, hit: ValueHit, in_sentence: list[Mention], gazetteer: Gazetteer) -> Mention | None:
    """`Dharmasraya berada di peringkat ke-17 Sumbar`: the province right after a rank is the field it was
    ranked in when a kabupaten or kota of that province is named before the rank in the same clause."""
    if hit.metric != "rank":
        return None
    nxt = next((m for m in in_sentence if m.start >= hit.value_end), None)
    if nxt is None or not nxt.code or gazetteer.get(nxt.code).level != "provinsi" or text[
            hit.value_end:nxt.start].strip():
        return None
    before = [m for m in in_sentence if m.end <= hit.start and m.code]
    if before and gazetteer.get(before[-1].code).province_code == nxt.code and \
            gazetteer.get(before[-1].code).level != "provinsi" and not CLAUSE_BOUNDARY.search(
                text, before[-1].end, hit.start):
        return nxt
    return None


def choose_subject(text: str, sent_start: int, hit: ValueHit, hits: list[ValueHit], in_sentence: list[Mention],
                   context_subject: str | None, gazetteer: Gazetteer) -> tuple[Subject, str]:
    """The value's region, and how it was found: `sentence`, `official` (the region of an official named
    in the sentence), `context` (the region the text was already about), `agency` or `none` (no region)."""
    # A province named as the field of a ranking (`terbaik di Provinsi Bengkulu`) is not its subject.
    fields = [(h.value_end, h.scope_end or h.end) for h in hits if h.metric == "rank"]
    usable = [m for m in in_sentence if m.role == "subject" or (
        m.role == "location" and not (
            gazetteer.get(m.code or "").level == "provinsi" and any(s <= m.start < e for s, e in fields)))]
    if hit.metric == "rank":
        gap = _RANK_HOLDER_GAP.match(text, hit.end)
        if gap and gap.group().strip() and _OFFICE_HOLDER.match(text, gap.end()):
            return None, "agency"                         # `Juara II diraih Dinas Kependudukan ...`
    after = [m for m in usable if m.start >= hit.value_end and m.role == "subject"]
    if hit.metric == "rank" and after and not re.match(r"(?i:terbaik|tertinggi)", text[hit.start:hit.end]):
        holder_gap = _RANK_HOLDER_GAP.match(text, hit.value_end if hit.scope_end is None else hit.end)
        nxt = after[0]
        if ((holder_gap and holder_gap.end() == nxt.start) or _RANK_HOLDER_GAP.fullmatch(
                text, hit.value_end, nxt.start)) and not province_field(text, hit, in_sentence, gazetteer):
            return nxt, "sentence"
    before = [m for m in usable if m.end <= hit.value_start
              and not any(s <= m.start < e for s, e in fields if s <= hit.value_start)]
    since = before[-1].end if before else sent_start
    agency = None
    for a in _AGENCY.finditer(text, since, hit.value_start):
        if not any(m.start <= a.start() < m.end for m in in_sentence):
            agency = a
    if agency is not None and not COMPARISON.search(text, agency.end(), hit.value_start):
        return None, "agency"
    group = _GROUP_SUBJECT.search(text, sent_start, hit.value_start)
    if group and before and before[-1].role == "location" and _GROUP_FIELD.fullmatch(text, group.end(),
                                                                                    before[-1].start):
        return None, "none"                               # `Seluruh pemda di Sumbar meraih ...`: Sumbar is the field
    # `Kabupaten Bantaeng, yang kerap dibandingkan dengan Gowa ..., hanya berada di peringkat 13`: a region named
    # as the one compared with is not the subject.
    while len(before) > 1 and _COMPARED_WITH.search(text, max(sent_start, before[-1].start - 30), before[-1].start) \
            and not CLAUSE_BOUNDARY.search(text, before[-2].end, before[-1].start):
        before = before[:-1]
    # `... serta Bupati Gowa yang turut hadir menerima penghargaan pada peringkat ketiga`: an official's region
    # named after the last subject, before the value, is whose the value is.
    between = [m for m in in_sentence if m.role == "official" and m.code and hit.metric == "rank"
               and (before[-1].end if before else sent_start) <= m.start and m.end <= hit.value_start
               and re.search(r"\b(?:menerima|meraih|mendapat\w*|memperoleh)\b", text[m.end:hit.value_start])]
    if between:
        return between[-1], "official"
    if before:
        pre = before[-1]
        if CLAUSE_BOUNDARY.search(text, pre.end, hit.start) and after:
            nxt = after[0]
            between = text[hit.end:nxt.start]
            if not CLAUSE_BOUNDARY.search(between) and not COMPARISON.search(between):
                return nxt, "sentence"
        return pre, "sentence"
    if after:
        nxt = after[0]
        between = text[hit.end:nxt.start]
        if not COMPARISON.search(between) and not any(hit.end <= h.value_start < nxt.start
                                                       for h in hits if h is not hit):
            return nxt, "sentence"
    officials = [m for m in in_sentence if m.role == "official"]
    if officials:
        return officials[0], "official"
    if group:
        return None, "none"                               # `Seluruh entitas meraih WTP`: all of them, no one region
    if context_subject:
        return context_subject, "context"
    return None, "none"


def coordinated(text: str, subject: Subject, in_sentence: list[Mention]) -> list[Subject]:
    """`Pemkab Bulungan, Pemkab Nunukan, dan Pemkot Tarakan`, `Kabupaten Banggai dan Kota Palu yang
    masing-masing ...`: every region joined to the subject in a list with `dan` holds the grade too."""
    subjects = [m for m in in_sentence if m.role == "subject"]
    if not isinstance(subject, Mention) or subject not in subjects:
        return [subject]
    index = subjects.index(subject)
    group = [subject]
    joined = False
    for step in (-1, 1):
        i = index
        while 0 <= i + step < len(subjects):
            a, b = (subjects[i + step], subjects[i]) if step < 0 else (subjects[i], subjects[i + step])
            gap = _COORDINATION_GAP.fullmatch(text, a.end, b.start)
            if not gap:
                break
            joined = joined or bool(re.search(r"\b(?:dan|serta)\b|&", gap.group()))
            group.append(subjects[i + step])
            i += step
    # Commas alone may be an apposition (`Kota Jambi, Kabupaten Muaro Jambi, masih ...`); a list has `dan`.
    return sorted(group, key=lambda m: m.start) if joined else [subject]


def quote_span(hit: ValueHit, subject: Subject, sent_start: int, sent_end: int,
               marker: YearMarker | None) -> tuple[int, int]:
    """From the region (when it is close) or the trigger word, through the value and its year."""
    start, end = hit.start, hit.end
    if isinstance(subject, Mention) and sent_start <= subject.start < hit.start and hit.start - subject.end <= 60:
        start = subject.start
    elif isinstance(subject, Mention) and hit.end <= subject.start and subject.start - hit.end <= 40 \
            and subject.end <= sent_end:
        end = subject.end
    if marker is not None and marker.start >= hit.end and marker.start - hit.end <= 45:
        end = max(end, marker.end)
    return start, end
