"""Scores, ranks and grades in a sentence, and the numbers that only look like them.

Every function here reads plain text and returns spans; deciding whose value it is and for which year
is the job of `extractors.facts.extract`. The rules follow how Indonesian reporters write these results, not any
one article's wording: a score needs an assessment word before it (`skor`, `nilai`, `indeks`, `capaian`)
or a score unit after it (`poin`, `persen` next to a programme's name); a rank needs a rank word
(`peringkat`, `posisi`, `urutan`) or a superlative with a stated field (`terbaik se-Provinsi`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from extractors.common.dates import MONTHS
from extractors.common.modality import CLAUSE_BREAK, clause_start, is_target
from extractors.common.triggers import holds, holds_digit, mask_within, matches_from, word_masks
from extractors.facts.numbers import NUMBER_RE, ORDINALS, UNITS, parse_count, parse_number

# Spans whose numbers are never scores, ranks or assessment years.
_EXCLUDED = [
    re.compile(r"\d(?<!\w\d)\d?\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?\b"),                   # 2/3/2024, 26/12
    re.compile(r"\d(?<!\w\d)\d?-\d{1,2}-\d{2,4}\b"),                                     # 05-03-2026
    re.compile(rf"\d(?<!\w\d)\d?\s+(?:{MONTHS})\.?(?:\s+\d{{4}})?\b", re.I),           # 4 Maret 2024
    re.compile(r"\b(?:pukul|jam|Pukul)\s+\d{1,2}(?:[.:]\d{2})?\b"),                     # pukul 10.30
    re.compile(r"\d(?<!\w\d)\d?[.:]\d{2}\s*(?:WIB|WITA|WIT)\b"),
    # Law and regulation numbers, with their year: Permendagri Nomor 59 Tahun 2021, UU 23/2014.
    re.compile(r"\b(?:Nomor|nomor|No\.?|NO\.?)\s*:?\s*\d+[A-Za-z]?(?:[./]\d+)*\s*(?:Tahun|tahun|TAHUN|/)\s*(?:19|20)\d{2}"),
    re.compile(r"\b(?:UU|PP|Perpres|Permendagri|Permenpan(?:-?RB)?|PermenPAN(?:-?RB)?|Perda|Perbup|Perwal|Pergub|"
               r"Kepmendagri|Kepmen\w*|Inpres|Keppres|Perkada|Permen\w*|SE|Pasal|pasal|ayat|Ayat|Peraturan|"
               r"Keputusan|Instruksi|Undang-Undang|Undang-undang)\)?\s*(?:\([^)]{1,20}\)\s*)?(?:(?i:nomor|no\.?)\s*)?"
               r"\d+[A-Za-z]?(?:[./]\d+)*(?:\s*(?:Tahun|tahun|TAHUN|/)\s*(?:19|20)\d{2})?"),
    re.compile(r"\b[Rr]p\.?\s*\d[\d.,]*(?:\s*(?:ribu|juta|miliar|milyar|triliun|M|T)\b)?"),  # money
    re.compile(r"\d(?<!\w\d)[\d.,]*\s*(?:ribu|juta|miliar|milyar|triliun|rupiah)\b", re.I),
    re.compile(r"(?:19|20)(?<!\w\d\d)\d{2}\s*[-–—/]\s*(?:19|20)?\d{2,4}\b"),          # plan periods 2023-2028
    re.compile(r"\b(?:\+62|62|0)\d{2,4}[-\s]?\d{3,4}[-\s]?\d{3,5}\b"),                # phone numbers
    re.compile(r"https?://\S+|\bwww\.\S+"),
    re.compile(r"\b(?:kali|Kali)\s+ke-?\s?\d+\b|\bke-?\s?\d+\s+kali\b", re.I),         # ke-8 kali berturut-turut
    re.compile(r"\b(?:skala|rentang|antara|dari|skor|nilai|angka)\s+[01](?:[.,]0+)?\s*(?:sampai|hingga|s\.d\.?|-|–|dan)\s*"
               r"\d+(?:[.,]\d+)?", re.I),                                                    # skala 0 sampai 4
    re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:[.,]\d+)?\s*[–—-]\s*\d{1,3}(?:[.,]\d+)?(?![\d.,]?\d)"),  # 3,00–4,00
    # `nilai 60 sampai 70`, `68 hingga 69 persen`: a band of a scale or a hope, not one result.
    re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:[.,]\d+)?\s*(?:persen|%|poin)?\s*(?:sampai|hingga|s\.d\.?|s/d)\s*"
               r"(?:dengan\s+)?\d{1,3}(?:[.,]\d+)?(?![\d.,]?\d)", re.I),
]


_OPEN_BRACKET = re.compile(r"\([^()]*$")


# The word each match of a word-led pattern above opens with (see `matches_from`); `None` for patterns that
# open with a digit, which the regex engine skips to by itself.
_EXCLUDED_LEADS: tuple[tuple[str, ...] | None, ...] = (
    None, None, None, ("pukul", "jam"), None, ("no",),               # a word's start: `no` is `Nomor`'s too
    ("UU", "PP", "Perpres", "Perda", "Perbup", "Perwal", "Pergub", "Kepmen", "Inpres", "Keppres", "Perkada",
     "Permen", "SE", "pasal", "ayat", "Peraturan", "Keputusan", "Instruksi", "Undang-"),
    ("rp",), None, None, ("+62", "62", "0"), ("http", "www"), ("kali", "ke"),
    ("skala", "rentang", "antara", "dari", "skor", "nilai", "angka"), None, None,
)
if len(_EXCLUDED_LEADS) != len(_EXCLUDED):
    raise RuntimeError("every excluded pattern needs its lead words or None")


def excluded_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for rx, leads in zip(_EXCLUDED, _EXCLUDED_LEADS, strict=True)
             for m in (rx.finditer(text) if leads is None else matches_from(rx, text, leads))]
    return sorted(spans)


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# ---------------------------------------------------------------- scores

_NUMBER = re.compile(rf"(?<![\w.,/-])(?:{NUMBER_RE})(?![\w/]|[.,]\d)")
_STRONG_SCORE = re.compile(
    r"\b(?:skor|skornya|nilai|nilainya|indeks|indeksnya|capaian|capaiannya|poin|angka|raihan|score|"
    r"hasil penilaian|nilai akhir|coverage)\b", re.I)
_WEAK_TRIGGER = re.compile(
    r"\b(?:sebesar|mencapai|menjadi|meraih|memperoleh|mendapat(?:kan)?|mengantongi|mencatat(?:kan)?|tercatat|"
    r"mengumpulkan|membukukan|mengoleksi|menorehkan|mencetak|mendulang|meraup|menyabet|menggenggam|"
    r"yakni|yaitu|adalah|dengan|di angka|pada angka|ke angka|berada di|hanya|sekitar)\s*\(?$")
# Quantities that are not assessment results; whichever cue is nearer the number wins.
_NOT_ASSESSMENT = re.compile(
    r"\b(?:realisasi|anggaran|serapan|APBD|PAD|kemiskinan|pengangguran|inflasi|pertumbuhan|partisipasi|"
    r"penduduk|suara|pemilih|cakupan|kepuasan|vaksinasi|imunisasi|stunting|prevalensi|rasio|bobot|"
    r"komponen|kuota|diskon|bunga|pajak|retribusi|harga|biaya|gaji|tunjangan|dana|kredit|investasi|"
    r"ekspor|produksi|luas|panjang|jarak|kapasitas|volume|usia|umur|sampel|responden|kehadiran|"
    r"ketersediaan|kerusakan|kondisi|progres|progresnya|kemantapan|tingkat pengangguran|bidang|sektor|"
    r"indikator|subindikator|aspek|dimensi|pilar|unsur|unit|target|sasaran|ambang|batas)\b", re.I)
_UNIT_AFTER = re.compile(r"\s*(?P<u>persen|%|poin|point|points|pon)\b|\s*%")
# A number followed by these is a count of things, a band or a duration, never a score.
_COUNT_AFTER = re.compile(
    # `85,60 tahun 2023` is a score of the year 2023, not 85.6 years: a time word followed by a year dates it.
    r"\s*(?:besar|kali|tahun(?!\s+(?:anggaran\s+)?(?:19|20)\d{2}\b)|bulan|minggu|pekan|hari|jam|menit|detik|orang|jiwa|warga|relawan|ASN|pegawai|"
    r"OPD|unit|layanan|produk|jenis|indikator|kriteria|aspek|kabupaten|kota|kab/kota|daerah|provinsi|"
    r"desa|kelurahan|kecamatan|sekolah|puskesmas|rumah|kasus|pengaduan|laporan|peserta|item|lembaga|"
    r"instansi|perangkat|dokumen|program|kegiatan|inovasi|pertanyaan|responden|sampel|titik|lokasi|bidang|"
    r"kg|Kg|KG|ton|hektare|hektar|ha|Ha|km|Km|kilometer|meter|m|unit|buah|paket|lembar|butir|ekor|"
    r"pemda|pemerintah|peringkat|besar|KK|kepala|perusahaan|UMKM|tenaga|guru|dokter|bidan|perawat|siswa|"
    r"mahasiswa|formasi|pos|ruas|jembatan|embung|juta|miliar|triliun|ribu|rupiah|subindikator|pilar|"
    r"komponen|dimensi|area|sasaran|aduan|keluhan|laporan|pelayanan|dinas|badan|bagian|penghargaan|kategori|"
    r"kementerian|lembaga|klaster|kelompok|tahap|tahapan|tingkatan|urusan|entitas|satker|opini|piala|trofi)\b"
    # `8 (delapan) area`, `1). Pendidikan`: a number spelled out beside it, or an item of a list
    r"|\s*\((?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|dua belas)\)",
    re.I)
_DELTA_BEFORE = re.compile(
    r"\b(?:naik|turun|meningkat|menurun|bertambah|berkurang|kenaikan|peningkatan|penurunan|selisih|"
    r"selisihnya|terpaut|lonjakan|melonjak|merosot|anjlok|lebih tinggi|lebih rendah|tumbuh|susut|terdongkrak|"
    r"terkerek|terangkat|melesat|melejit|meroket|tergerus|terpangkas|terkoreksi|bertumbuh)"
    r"(?:\s+(?:sebesar|sekitar|hampir|kurang lebih|lebih dari|sebanyak|signifikan|tipis))?\s*$", re.I)
_DELTA_NOUN_BEFORE = re.compile(
    r"\b(?:selisih|kenaikan|peningkatan|penurunan|lonjakan|perbedaan|margin|jarak|tambahan)\s+$", re.I)
_AVERAGE_BEFORE = re.compile(r"\b(?:rata-rata|rerata|rata rata|median)\b[^,.;]{0,40}$", re.I)
_THRESHOLD_BEFORE = re.compile(
    r"\b(?:di atas|di bawah|diatas|dibawah|lebih dari|kurang dari|minimal|maksimal|sekurang-kurangnya|setidaknya|"
    r"paling sedikit|paling rendah|ambang|batas|standar|skala|rentang|belum sampai|belum mencapai|tidak sampai|"
    r"tak sampai|hampir|nyaris|mendekati|(?:hampir\s+|nyaris\s+)?sempurna)\s*(?:nilai\s*|skor\s*|angka\s*)?$", re.I)
# `dengan angka 100 sebagai kondisi terbaik`, `skor 100 mencerminkan ...`: a point of the scale explained.
_SCALE_POINT_AFTER = re.compile(r"\s*(?:persen|%|poin)?\s*,?\s*(?:sebagai|mencerminkan|berarti|artinya|menandakan|"
                                r"menunjukkan\s+kondisi)\b", re.I)
# Between a region and its score in a table or list: `Kabupaten Wajo: 71,88`, `Banyuwangi — 97,56`.
_TABULATED_GAP = re.compile(r"\s*(?:\(\s*[A-Z][\w-]*\s*\))?\s*[(:=–—-]\s*")
_CHANGE_TO = re.compile(r"\s*(?:menjadi|ke angka|ke posisi|hingga)\s+\d")
_CLAUSE_VERB_BREAK = re.compile(r"[.;]|\b(?:namun|tetapi|karena|sehingga)\b")
# Between a score word and its number, these make it an aggregate (a national or provincial figure).
_AGGREGATE_BETWEEN = re.compile(r"\b(?:nasional|se-?Indonesia|seluruh Indonesia|provinsi(?!\s+(?:itu|tersebut|ini))|"
                                r"kabupaten/kota|seluruh daerah|rata-rata|gabungan|agregat)\b|\bse-?[Pp]rovinsi\b")
# Words that make a number part of a breakdown or an aggregate, wherever they stand in its clause.
# (The human development index, IPM, is a statistic of the region, not an assessment of its government.)
_SCORE_VETO = re.compile(r"\b(?:bidang|sektor|indikator|subindikator|komponen|aspek|dimensi|unsur|pilar|area|"
                         r"masing-masing|rata-rata|rerata|rata rata|IPM|indeks pembangunan manusia)\b", re.I)
# Anywhere in the sentence, these make a score whose own clause names no region a breakdown, an average or
# the national figure (`Secara nasional, KPK mencatat indeks integritas 2023 sebesar 70,97`).
_BREAKDOWN_WORDS = re.compile(r"\b(?:[Bb]idang|[Ss]ektor|[Aa]rea|[Ii]ndikator|[Kk]omponen|[Rr]ata-rata|[Rr]erata|"
                              r"[Nn]asional)\b")
# `peringkat ketiga nasional ... indeks 4,67`: `nasional` there is the field of a rank, not a national figure.
_RANK_FIELD_BEFORE = re.compile(r"\b(?:peringkat|posisi|urutan|ranking|terbaik)\s+(?:ke-?\s?)?\w+\s+$", re.I)


def _breakdown(text: str, start: int, end: int) -> bool:
    return any(not (w.group().lower() == "nasional" and _RANK_FIELD_BEFORE.search(text, max(start, w.start() - 30),
                                                                                  w.start()))
               for w in _BREAKDOWN_WORDS.finditer(text, start, end))


_OVERALL = re.compile(r"\b(?:keseluruhan|total|akhir|umum)\b", re.I)


@dataclass(frozen=True, slots=True)
class ValueHit:
    """A score, rank or grade found in a sentence. Offsets are characters in the analysed text."""

    metric: Literal["score", "rank", "grade"]
    start: int           # start of the expression (trigger word or value)
    end: int             # end of the expression (value, unit, scope phrase)
    value_start: int
    value_end: int
    value: float | str
    unit: str | None = None
    scope: str | None = None
    out_of: int | None = None
    scope_end: int | None = None
    implies: str | None = None       # programme a grade implies (zona -> Ombudsman kepatuhan, WTP -> BPK)
    previous: bool = False           # the value a change started from: `naik dari predikat B`, `dari 81,4 menjadi`
    list_start: int | None = None    # where a list of its holders begins: `opini WTP antara lain Tapsel, Taput`
    aggregate: bool = False          # told of a number of regions (`9 kabupaten yang mendapat ...`)
    count: int | None = None         # how many, where it says (`enam kabupaten`): the next sentence may name them


def find_scores(text: str, sent_start: int, sent_end: int, excluded: list[tuple[int, int]],
                taken: list[tuple[int, int]], has_programme: bool, in_context: bool = False,
                region_ends: tuple[int, ...] = ()) -> list[ValueHit]:
    """Scores in a sentence. `has_programme`: the sentence names an assessment; `in_context`: the article
    does; `region_ends`: where region mentions end, so `Kabupaten Banjar yang mengumpulkan 83,07` counts."""
    hits: list[ValueHit] = []
    if not holds_digit(text, sent_start, sent_end):
        return hits                                               # every score is a number
    for m in _NUMBER.finditer(text, sent_start, sent_end):
        start, end = m.span()
        raw = m.group()
        if inside(excluded, start, end) or any(s <= start < e for s, e in taken):
            continue
        if re.fullmatch(r"(?:19|20)\d{2}", raw):
            continue                                              # a year
        before = text[sent_start:start]
        if re.search(r"\b[Kk]e-?\s?$", before) or re.search(r"\b(?:nomor|No|urut)\s*$", before, re.I):
            continue                                              # ordinal or number label
        after = text[end:min(sent_end, end + 40)]
        if _COUNT_AFTER.match(after) or (after.startswith(")") and not _OPEN_BRACKET.search(text, max(0, start - 30),
                                                                                          start)):
            continue                                              # a count, or an item of a list: `1). Pendidikan`
        unit_match = _UNIT_AFTER.match(after)
        region_before = any(sent_start <= e <= start for e in region_ends)
        tabulated = any(_TABULATED_GAP.fullmatch(text, e, start) or (("," in raw or "." in raw or unit_match)
                                                                     and text[e:start].isspace())
                        for e in region_ends if sent_start <= e <= start)
        unit = None
        unit_end = end
        if unit_match:
            word = (unit_match.group("u") or "%").lower()
            unit = "percent" if word in ("persen", "%") else "points"
            unit_end = end + unit_match.end()
        if _DELTA_BEFORE.search(before) or _AVERAGE_BEFORE.search(before) or _THRESHOLD_BEFORE.search(before):
            continue
        if _SCALE_POINT_AFTER.match(text, end, sent_end):
            continue
        clause = clause_start(text, sent_start, start)
        if _SCORE_VETO.search(text, clause, start):
            continue
        region_in_clause = any(clause <= e <= start for e in region_ends)
        if (not region_in_clause and _breakdown(text, sent_start, start)
                and not _OVERALL.search(text, clause, start)):
            continue                                      # `Untuk area manajemen aset, capaian ... 31 persen`
        strong = first_strong = None
        for s in _STRONG_SCORE.finditer(text, sent_start, start):
            strong = s
            if first_strong is None and s.start() >= clause:
                first_strong = s
        negative = None
        for n in _NOT_ASSESSMENT.finditer(text, sent_start, start):
            negative = n
        if negative and (strong is None or negative.start() > strong.start()):
            continue
        if strong is not None and _DELTA_NOUN_BEFORE.search(text, max(sent_start, strong.start() - 25), strong.start()):
            continue                                              # `selisih nilai ... 0,46`: a gap, not a score
        # A list goes on from the score before it: `Tabanan mencatat 91,07 persen, Kota Denpasar 90,3 persen`.
        listed = bool(hits) and start - hits[-1].end <= 80 and region_before and not _CLAUSE_VERB_BREAK.search(
            text, hits[-1].end, start)
        if strong is None:
            weak = _WEAK_TRIGGER.search(before) or (
                re.search(r"\bdari\s*$", before) and _CHANGE_TO.match(text, unit_end))
            if not (unit == "points" or listed or (in_context and tabulated)
                    or (has_programme and (unit == "percent" or weak))
                    or (in_context and weak and (region_before or "," in raw or "." in raw))):
                continue
        elif _AGGREGATE_BETWEEN.search(text, first_strong.end() if first_strong else clause, start):
            continue                                              # a national or provincial benchmark
        if is_target(text, sent_start, start, unit_end):
            continue
        try:
            value = parse_number(raw, small_scale=bool(re.search(r"\b(?:EPPD|EKPPD|LPPD|IPP)\b",
                                                                 text[sent_start:sent_end])))
        except ValueError:
            continue
        if not 0 < value <= 100:
            continue
        trigger = strong.start() if strong and start - strong.end() <= 60 else start
        previous = bool(re.search(r"\bdari\s+(?:angka\s+|nilai\s+|skor\s+)?$", before)) and bool(
            _CHANGE_TO.match(text, unit_end))
        hits.append(ValueHit("score", trigger, unit_end, start, end, value, unit=unit, previous=previous))
    return hits


# ---------------------------------------------------------------- ranks

_WORD_NUMS = "|".join(sorted([*ORDINALS, *UNITS], key=len, reverse=True))
_RANK_RE = re.compile(
    rf"\b(?:di)?(?P<head>[Pp]eringkat|PERINGKAT|[Rr]angking|[Rr]anking|[Uu]rutan|[Pp]osisi|[Jj]uara|[Nn]omor|[Rr]ank|"
    rf"[Tt]empat(?=\s+(?:ke-?\s?\d|pertama|kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|kesepuluh)))"
    rf"\s+(?P<num>[Kk]e-?\s?\d{{1,3}}|[Kk]e-?\s?(?:I{{1,3}}|IV|VI{{0,3}}|IX|X)(?![\w-])|\d{{1,3}}|(?i:{_WORD_NUMS})|I{{1,3}}|IV|VI{{0,3}}|IX|X|teratas|puncak)\b"
    rf"(?P<sup>\s+(?i:terbaik|tertinggi|teratas))?")
# A word every rank found below holds: its head (`peringkat`, `diurutan`) or its superlative.
_RANK_LEADS = ("peringkat", "rangking", "ranking", "urutan", "posisi", "juara", "nomor", "rank", "tempat", "terbaik",
               "tertinggi")
_SUPERLATIVE_RE = re.compile(
    rf"\b(?P<sup>terbaik|tertinggi|Terbaik|Tertinggi|TERBAIK)(?:\s+(?P<num>ke-?\s?\d{{1,2}}|(?i:{_WORD_NUMS})))?\b")
_NATIONAL_RE = re.compile(
    r"\b(?:nasional|se-?\s?Indonesia|seluruh Indonesia|di Indonesia|tingkat nasional|secara nasional|"
    r"se-?\s?[Nn]usantara|se-?\s?tanah air|tanah air|Nasional|NASIONAL)\b", re.I)
_PROVINCE_WORD_RE = re.compile(r"\b(?:tingkat provinsi|se-?\s?provinsi|level provinsi|di provinsi)\b", re.I)
_OUT_OF_RE = re.compile(
    r"\bdari\s+(?:total\s+|sebanyak\s+)?(?P<n>\d{1,3}(?:\.\d{3})?)\s+(?P<kind>kabupaten/kota|kabupaten dan kota|"
    r"kabupaten|kota|kab/kota|kab\./kota|daerah|pemda|pemerintah daerah|pemerintah kabupaten|pemkab|pemkot|"
    r"provinsi|peserta|instansi|entitas|lokus)\b", re.I)
# After a first rank in a list, bare ordinals right before a region name rank it too.
_LIST_ORDINAL_RE = re.compile(r"(?<=[,;:]\s)(?:dan\s+|lalu\s+|disusul\s+|kemudian\s+)?"
                              r"(?:(?i:urutan|posisi|peringkat)\s+)?(?P<num>kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|kesepuluh)\s+")
_GROUP_BEFORE = re.compile(r"\b(?:\d+|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|deretan|daftar)\s+"
                           r"(?:daerah|kabupaten|kota|kabupaten/kota|pemda|provinsi|pemerintah)\b[^.;,]*?"
                           r"\b(?:dengan|yang|ber\w+)\b[^.;,]*$", re.I)
_SCORED_BEFORE = re.compile(r"(?<!besar )(?<!besar peraih )\b(?:nilai|skor)\s+$", re.I)
_OWN_BEST_AFTER = re.compile(r"\s+(?:sepanjang|selama|sejak|dalam\s+sejarah|yang\s+pernah|yakni|yaitu|sebesar|"
                             r"mencapai|adalah|\d|(?:di|se-?)\s*(?:Tanah|regional|wilayah|kawasan|Pulau)\b)", re.I)
_NOT_RANK_AFTER = re.compile(r"\s*(?:besar|hingga|sampai|s\.d|-\s?\d|–)", re.I)


@dataclass(frozen=True, slots=True)
class ScopeCue:
    """Where a text states the field of a ranking: a province mention or a national phrase."""

    start: int
    end: int
    scope: str


def _rank_scope(text: str, start: int, end: int, clause_end: int, scope_cues: list[ScopeCue],
                ignore: list[tuple[int, int]] = ()) -> tuple[str | None, int | None, int]:  # type: ignore[assignment]
    """The field a rank is counted in, its size, and where the stated scope phrase ends."""
    window_end = min(clause_end, end + 90)
    out_of = None
    scope = None
    scope_end = end
    oo = _OUT_OF_RE.search(text, end, window_end)
    if oo and oo.start() - end <= 40:
        out_of = int(oo.group("n").replace(".", ""))
        scope_end = oo.end()
    best: tuple[int, str, int] | None = None
    for cue in scope_cues:
        if end <= cue.start < window_end:
            distance = cue.start - end
        elif start - 40 <= cue.end <= start:
            distance = (start - cue.end) + 20
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, cue.scope, cue.end)
    for rx, name in ((_NATIONAL_RE, "national"), (_PROVINCE_WORD_RE, "province")):
        for m in rx.finditer(text, max(0, start - 40), window_end):
            distance = m.start() - end if m.start() >= end else (start - m.end()) + 20
            if distance < 0 or any(s <= m.end() and m.start() <= e for s, e in ignore):
                continue
            if best is None or distance < best[0]:
                best = (distance, name, m.end())
    if best is not None:
        scope = best[1]
        best_end = best[2]
        for cue in scope_cues:
            if best_end - 15 <= cue.start <= best_end + 2:
                best_end = max(best_end, cue.end)
        if best_end > scope_end and best[0] <= 60:
            scope_end = best_end
    if scope is None and out_of is not None and oo is not None:
        kind = oo.group("kind").lower()
        scope = "national" if kind == "provinsi" or out_of > 40 else "province"
    return scope, out_of, scope_end


def _clause_end(text: str, pos: int, sent_end: int) -> int:
    found = CLAUSE_BREAK.search(text, pos, sent_end)
    return found.start() if found else sent_end


def find_ranks(text: str, sent_start: int, sent_end: int, excluded: list[tuple[int, int]],
               scope_cues: list[ScopeCue], ignore: list[tuple[int, int]] = (),  # type: ignore[assignment]
               mention_starts: frozenset[int] = frozenset()) -> list[ValueHit]:
    """Ranks in a sentence; `ignore` holds spans (appositions such as `Sumbawa, Provinsi NTT`) that
    name where a region lies, not the field it was ranked in."""
    hits: list[ValueHit] = []
    if not holds(text, _RANK_LEADS, sent_start, sent_end):
        return hits
    clause_end = sent_end
    for m in _RANK_RE.finditer(text, sent_start, sent_end):
        if inside(excluded, *m.span("num")):
            continue
        if _NOT_RANK_AFTER.match(text, m.end("num")) and not m.group("sup"):
            continue
        num_text = m.group("num")
        value = 1 if num_text.lower() in ("teratas", "puncak") else parse_count(num_text)
        if value is None or value <= 0 or value > 1000:
            continue
        head = m.group("head").lower()
        after = text[m.end():m.end() + 40]
        if head == "nomor" and not (m.group("sup") or re.match(r"\s*(?:terbaik|tertinggi|satu)", after, re.I)):
            continue
        if re.match(r"\s*(?:kali|tahun|persen|%)", after):
            continue
        if re.search(r"\b(?:naik|turun|melonjak|merosot)\s+$", text[max(0, m.start() - 12):m.start()]):
            continue
        if is_target(text, sent_start, m.start(), m.end()):
            continue
        scope, out_of, scope_end = _rank_scope(text, m.start(), m.end(), clause_end, scope_cues, ignore)
        hits.append(ValueHit("rank", m.start(), max(m.end(), scope_end), m.start("num"), m.end("num"),
                             float(value), scope=scope, out_of=out_of, scope_end=scope_end))
    if hits:
        for m in _LIST_ORDINAL_RE.finditer(text, hits[0].end, sent_end):
            if any(h.start <= m.start() < h.end for h in hits) or m.end() not in mention_starts:
                continue
            value = parse_count(m.group("num"))
            if value is None:
                continue
            first = hits[0]
            hits.append(ValueHit("rank", m.start(), m.end(), m.start("num"), m.end("num"), float(value),
                                 scope=first.scope, out_of=first.out_of, scope_end=m.end()))
    for m in _SUPERLATIVE_RE.finditer(text, sent_start, sent_end):
        if any(h.start <= m.start() < h.end for h in hits):
            continue
        before = text[max(sent_start, m.start() - 60):m.start()]
        if re.search(r"\b(?:kualitas|predikat|kategori|opini|salah satu|satu dari|di antara|termasuk)\b[^,.;]*$",
                     before, re.I):
            continue
        if _GROUP_BEFORE.search(before):
            continue                                      # `lima daerah dengan skor tertinggi`: a top-N list
        if re.match(r"\s+(?:bidang|sektor|urusan|layanan)\b", text[m.end():m.end() + 12], re.I):
            continue                                      # `SPM tertinggi bidang pendidikan`: one sector's
        scope, out_of, scope_end = _rank_scope(text, m.start(), m.end(), clause_end, scope_cues, ignore)
        among = re.match(r"\s+di\s+antara\s+[\w/-]+(?:\s+[\w/-]+)?", text[m.end():m.end() + 40])
        reach = 25 + (among.end() if among else 0)
        stated = [c for c in scope_cues if m.end() <= c.start <= m.end() + reach]
        national_phrase = _NATIONAL_RE.match(text, m.end() + 1) or re.match(
            r"\s+(?:di|se-?|tingkat|secara)\s*(?:Indonesia|nasional)", text[m.end():m.end() + 30], re.I)
        province_phrase = re.match(r"\s*(?:se-?\s?provinsi|di provinsi|tingkat provinsi)", text[m.end():], re.I)
        # `nilai tertinggi diraih Kabupaten Siak`: the highest score is the first place, in the field the story
        # ranks in (not `nilai tertinggi sepanjang sejarah`, its own best, nor `di Tanah Papua`, a field of
        # several provinces)
        scored = m.group("sup").lower() == "tertinggi" and not m.group("num") and _SCORED_BEFORE.search(
            text, max(sent_start, m.start() - 40), m.start()) and not _OWN_BEST_AFTER.match(text, m.end()) \
            and not _SCORE_VETO.search(text, m.end(), _clause_end(text, m.end(), sent_end))
        if not (stated or national_phrase or province_phrase or scored):
            continue                                      # `terbaik` without a field is praise, not a rank
        value = parse_count(m.group("num")) if m.group("num") else 1
        if value is None or is_target(text, sent_start, m.start()):
            continue
        hits.append(ValueHit("rank", m.start(), max(m.end(), scope_end), m.start(), m.end(), float(value),
                             scope=scope, out_of=out_of, scope_end=scope_end))
    return hits


# ---------------------------------------------------------------- grades

_OPEN_QUOTE = "[\"“”‘’']"
_CLOSE_QUOTE = "\"”’'"
_GRADE_PATTERNS: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"\b[Zz]ona(?:si)?\s+(?P<g>[Hh]ijau|[Kk]uning|[Mm]erah)\b"), "kepatuhan_pelayanan_publik"),
    (re.compile(r"\b(?i:opini\s+)?(?i:kualitas)\s+(?P<g>(?i:tertinggi|tinggi|sedang|rendah|terendah))\b"),
     "kepatuhan_pelayanan_publik"),
    (re.compile(r"(?<![\w-])(?P<g>WTP|WDP|TMP)(?![\w-])"), "opini_bpk"),
    (re.compile(r"\b(?P<g>(?i:wajar tanpa pengecualian|wajar dengan pengecualian))\b"), "opini_bpk"),
    (re.compile(r"\b(?i:opini)\s+(?P<g>(?i:tidak wajar|tidak memberikan pendapat|tidak menyatakan pendapat|"
                r"disclaimer)|TW)\b"), "opini_bpk"),
    (re.compile(r"(?i:\b(?:predikat|kategori|katagori|nilai|status|kriteria|klasifikasi|berpredikat|dipredikat|"
                rf"berkategori|level|grade))\s*:?\s*{_OPEN_QUOTE}?(?P<g>AA|A|BB|B|CC|C|D|A-|B\+|B-)(?=[\s,.;:){_CLOSE_QUOTE}]|$)"),
     None),
    (re.compile(r"\d\s*\((?P<g>AA|A|BB|B|CC|C|D|A-)\)"), None),
    (re.compile(r"\d\s*\((?P<g>(?i:sangat tinggi|tinggi|sedang|rendah|sangat rendah|sangat baik|baik|cukup|kurang|"
                r"sangat inovatif|inovatif|kurang inovatif|terjaga|waspada|rentan|sangat rentan))\)"), None),
    (re.compile(r"(?i:\b(?:meraih|mengantongi|memperoleh|mendapat(?:kan)?|menyandang|menggenggam|juga|tetap|"
                rf"masih|kembali|sama-sama))\s+{_OPEN_QUOTE}?(?P<g>AA|A|BB|B|CC|C|D)(?=[\s,.;:){_CLOSE_QUOTE}]|$)"),
     "?letter"),
    # `9 Kab/Kota yang dinilai Kemendagri kurang inovatif ... yakni ...`: the innovation index's categories
    (re.compile(r"(?i:\b(?:dinilai|dinyatakan|disebut|tergolong|daerah(?:-daerah)?|kab/kota|kabupaten/kota)\b)"
                r"(?:\s+[\w-]+){0,3}?\s+(?P<g>(?i:sangat\s+inovatif|kurang\s+inovatif|tidak\s+inovatif|inovatif))\b"),
     "iga"),
    # `Nilai Sakip "B" dan Reformasi Birokrasi "CC"`: a letter in quotes after the programme's name
    (re.compile(rf"\b(?:SAKIP|Sakip|AKIP|LAKIP)\s*:?\s*{_OPEN_QUOTE}(?P<g>AA|A|BB|B|CC|C|D)[{_CLOSE_QUOTE}“]"),
     "sakip"),
    (re.compile(rf"\b(?:RB|[Rr]eformasi\s+[Bb]irokrasi)\s*:?\s*{_OPEN_QUOTE}(?P<g>AA|A|BB|B|CC|C|D)[{_CLOSE_QUOTE}“]"),
     "reformasi_birokrasi"),
    # The categories of SPM achievement (`Tuntas Utama`) and EPPD status (`prestasi sangat tinggi`)
    (re.compile(r"\b(?P<g>(?i:tuntas\s+(?:paripurna|utama|madya|muda|pratama)))\b"), "spm"),
    (re.compile(r"(?i:\b(?:berprestasi\s+kinerja|prestasi\s+kinerja|meraih\s+prestasi|status\s+prestasi)\s+)"
                r"(?P<g>(?i:sangat\s+tinggi|tinggi|sedang|rendah))\b"), "eppd"),
    # `predikat sangat baik atau BB`: the word said again as its letter
    (re.compile(r"(?i:\b(?:sangat\s+baik|baik\s+sekali|baik|cukup\s+baik|cukup|kurang|sangat\s+memuaskan|memuaskan))"
                r"\s*,?\s+(?i:atau)\s+(?P<g>AA|A|BB|B|CC|C|D)(?=[\s,.;:)]|$)"), None),
    # `daerah dengan indeks inovasi daerah tidak dapat dinilai (disclaimer)`: no index, for want of data
    (re.compile(r"(?i:\binovasi\b)[^.;]{0,40}?\b(?P<g>(?i:tidak\s+dapat\s+(?:dinilai|dihitung)))\b"), "iga"),
    # A list of governments with their grades in brackets: `Pemprov Kalimantan Selatan (A), Pemkab Kudus (BB)`.
    (re.compile(r"(?<=[a-z])\s\((?P<g>AA|A-|A|BB|B\+|B-|B|CC|C|D)\)(?=[\s,.;]|$)"), "?letter"),
    (re.compile(r"(?i:predikat|kategori)\b[^.;]{0,80}?\b(?P<lead>(?i:menjadi|ke))\s+(?P<g>AA|A|BB|B|CC|C|D|A-)"
                r"(?=[\s,.;:)]|$)"), None),
    (re.compile(r"(?i:\b(?:predikat|kategori|katagori|kriteria|klasifikasi|status(?:\s+kinerja)?|"
                r"berstatus(?:\s+kinerja)?|berpredikat|berkategori|kualifikasi)\s*:?\s*[\"“']?"
                r"(?:(?:kabupaten|kota|provinsi|daerah|pemda)\s+)?"
                r"(?P<g>sangat\s+baik|baik\s+sekali|baik|cukup\s+baik|cukup|kurang\s+baik|kurang\s+inovatif|"
                r"kurang|buruk|sangat\s+tinggi|tinggi|sedang|rendah|sangat\s+rendah|sangat\s+inovatif|inovatif|"
                r"tidak\s+inovatif|sangat\s+memuaskan|memuaskan|waspada|rentan|"
                r"sangat\s+rentan|terjaga)\b)"), None),
]
# For each grade pattern above, in order, words one of which every match of it holds
# (`extractors.common.triggers`): trying all nineteen on every sentence was the largest part of reading an
# article. `RB` keeps its case (`terbaik` holds `rb`).
_GRADE_TRIGGERS: tuple[tuple[str, ...], ...] = (
    ("zona",), ("kualitas",), ("wtp", "wdp", "tmp"), ("wajar",), ("opini",),
    ("predikat", "kategori", "katagori", "nilai", "status", "kriteria", "klasifikasi", "level", "grade"),
    ("(",), ("(",),
    ("meraih", "mengantongi", "memperoleh", "mendapat", "menyandang", "menggenggam", "juga", "tetap", "masih",
     "kembali", "sama-sama"),
    ("inovatif",), ("akip",), ("RB", "reformasi"), ("tuntas",), ("prestasi",), ("atau",), ("inovasi",), ("(",),
    ("predikat", "kategori"),
    ("predikat", "kategori", "katagori", "kriteria", "klasifikasi", "status", "kualifikasi"),
)
if len(_GRADE_TRIGGERS) != len(_GRADE_PATTERNS):
    raise RuntimeError("every grade pattern needs its trigger words")


# For the patterns above that open with a word common in any story (`nilai`, `juga`, `predikat`), the words
# each match starts with: those are tried only where such a word stands (`matches_from`).
_GRADE_LEADS: tuple[tuple[str, ...] | None, ...] = (
    None, None, None, None, None,
    ("predikat", "kategori", "katagori", "nilai", "status", "kriteria", "klasifikasi", "berpredikat",
     "dipredikat", "berkategori", "level", "grade"),
    None, None,
    ("meraih", "mengantongi", "memperoleh", "mendapat", "menyandang", "menggenggam", "juga", "tetap", "masih",
     "kembali", "sama-sama"),
    None, None, None, None, None, None, None, None,
    ("predikat", "kategori"),
    ("predikat", "kategori", "katagori", "kriteria", "klasifikasi", "status", "berstatus", "berpredikat",
     "berkategori", "kualifikasi"),
)
if len(_GRADE_LEADS) != len(_GRADE_PATTERNS):
    raise RuntimeError("every grade pattern needs its lead words or None")


@lru_cache(maxsize=4)                  # the article being read
def _grade_words(text: str) -> tuple[list[int], list[int]] | None:
    return word_masks(text, _GRADE_TRIGGERS)


def _possible_grades(text: str, sent_start: int, sent_end: int) -> int:
    """Bit `i` set: the sentence holds a trigger word of `_GRADE_PATTERNS[i]`."""
    return mask_within(_grade_words(text), sent_start, sent_end)


_BPK_NAMES = {"wajar tanpa pengecualian": "WTP", "wajar dengan pengecualian": "WDP", "tidak wajar": "TW",
              "tidak memberikan pendapat": "TMP", "tidak menyatakan pendapat": "TMP", "disclaimer": "TMP"}
_GRADE_STORY = re.compile(r"\b(?:predikat|SAKIP|AKIP|reformasi birokrasi|RB|grade)\b", re.I)
_RANGE_AROUND = re.compile(r"\b(?:hingga|sampai|antara)\s+$", re.I)
# A grade a region left (`keluar dari zona merah`, `naik dari predikat B`) is its previous one.
LEFT_BEHIND = re.compile(r"\b(?:keluar dari|lepas dari|terlepas dari|beranjak dari|meninggalkan|naik dari|"
                         r"bebas dari|turun dari)\s+(?:(?:opini|predikat|kategori|status)\s+)?$", re.I)
_COMPARED_GRADE = re.compile(r"\b(?:di bawah|di atas|dibawah|diatas|lebih dari|kurang dari|setara|setara dengan|"
                             r"(?:hampir|nyaris|belum)\s+(?:mencapai|meraih|menyentuh|masuk(?:\s+ke)?)|mendekati|"
                             r"(?:ambang|batas)(?:\s+batas)?(?:\s+(?:minimal|minimum|bawah|atas))?)"
                             r"\s+(?:(?:predikat|kategori|opini|status|zona)\s+)?$", re.I)
# `empat kategori: sangat rentan, rentan, waspada, dan terjaga`: the scale, not a result.
_ENUMERATION_AFTER = re.compile(
    r"\s*(?:\([^)]{0,30}\))?\s*,\s*(?:dan\s+)?(?:AA|A|BB|B|CC|C|D|sangat|rentan|waspada|terjaga|tinggi|sedang|"
    r"rendah|baik|cukup|kurang|zona|kualitas|WTP|WDP|TMP|inovatif)\b(?!-)")
_ENUMERATION_BEFORE = re.compile(r"\b(?:terdiri\s+(?:atas|dari)|meliputi|dibagi|membagi|kategori\s*:)[^.]{0,60}$", re.I)
# `Selama tujuh tahun ... selalu mendapat CC`, `Setelah 5 tahun berturut-turut meraih CC`: a run of years the
# sentence does not date.
_VAGUE_RUN = re.compile(r"\b(?:selama|sudah|setelah)\s+(?:\d+|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|"
                        r"sepuluh)\s+tahun\b(?!\s+(?:itu|tersebut|ini)\b)", re.I)   # `lima tahun itu`: told before
_TALLY_BEFORE = re.compile(r"(?<![\d.,])(?:\d{1,2}|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)\s+"
                           r"(?:kali\s+)?(?:opini|predikat)\s+$", re.I)
_VAGUE_TIME = re.compile(r"\b(?:beberapa|bertahun-tahun|selama bertahun)\s*(?:tahun\s+)?(?:terakhir|belakangan|"
                         r"sebelumnya|lamanya)\b|\bbertahun-tahun\b", re.I)
_AGGREGATE_GRADE = re.compile(r"\b(?:sebanyak\s+\d+|(?:\d{1,3}(?![\d.,])|(?<!salah\s)satu|dua|tiga|empat|lima|enam|"
                              r"tujuh|delapan|sembilan|sepuluh|sebelas|\w+\s+belas|\w+\s+puluh(?:\s+\w+)?)\s+(?:daerah|kabupaten|kota|"
                              r"kab/kota|kabupaten/kota|provinsi|pemda|pemkab|pemkot|pemprov|pemerintah|instansi|"
                              r"perangkat\s+daerah|OPD|unit)|\d+(?:[.,]\d+)?\s*(?:persen|%)|sebagian|beberapa|"
                              r"sejumlah|mayoritas|separuh|kebanyakan|rata-rata|rerata)(?!\w)", re.I)
# The words a text counts regions with (`enam kabupaten`, `12 daerah`, `sepuluh Pemkab tersebut`).
GROUP_NOUN = (r"(?:daerah|kabupaten/kota|kab/kota|kabupaten|kota|provinsi|pemda|pemkab|pemkot|pemprov|"
              r"pemerintah\s+daerah)")
# Regions in general, not one of them: `kab/kota yang masuk zona hijau`, `ada juga kabupaten yang ...`
# (not `kepada Pemprov Bengkulu`: a name follows).
_GENERIC_HOLDER = re.compile(r"\b(?:kab/kota|kabupaten/kota|kabupaten-kota|daerah-daerah|pemda-pemda)\b|"
                             r"\b(?:bagi|untuk|kepada)\s+yang\b|"
                             r"\b(?:ada(?:\s+juga)?|terdapat|beberapa|banyak|para|setiap|tiap|kepada|bagi|"
                             rf"peningkatan|penambahan|jumlah)\s+{GROUP_NOUN}\b(?!\s+(?:ini|tersebut|itu)\b)"
                             r"(?!\s+(?-i:[A-Z]))", re.I)
# `zona kuning diberikan untuk tingkat kepatuhan sedang (nilai 51-80)`, `kepatuhan sedang 50-80`: the
# scale explained.
# (A run of years, `sejak 2011-2016`, is not a scale.)
_SCALE_AFTER = re.compile(r"[^.;]{0,50}?(?:\b(?!(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b)\d+(?:[.,]\d+)?\s*"
                          r"(?:[-–]|hingga|sampai|s\.?d\.?)\s*\d+(?:[.,]\d+)?\b)|"
                          r"\s*untuk\s+(?:tingkat\s+(?:kepatuhan|kinerja|capaian)|nilai|skor|rentang)\b", re.I)
# `7 pemda meraih predikat A, 21 dengan predikat BB`: a clause led by a count is about that many regions.
_COUNT_LED = re.compile(r"\s*(?:dan\s+|sementara\s+|sedangkan\s+|hanya\s+)?(?:\d+|dua|tiga|empat|lima|enam|tujuh|"
                        r"delapan|sembilan|sepuluh|sebelas|satu)\s+(?:(?:daerah|kabupaten(?:/kota)?|kab/kota|kota|"
                        r"provinsi|pemda|pemkab|pemkot|pemprov|LKPD|responden|unit(?:\s+layanan)?|instansi|OPD|"
                        r"pemerintah(?:\s+(?:daerah|kabupaten|kota|provinsi))?)\s+)?(?:lainnya\s*,?\s*)?"
                        r"(?:di\s?antar\w*\s+)?(?:dengan|yang|ber\w+|masih|meraih|mendapat\w*|memperoleh|masuk|"
                        r"lainnya)\b", re.I)
# `... opini disclaimer antara lain kabupaten Biak Numfor, Waropen, ...`, `zona kuning ..., yaitu Tanah Datar,
# Solok`: a grade followed by the list of those who hold it.
_LIST_INTRO = re.compile(r"(?:[^.;:]{0,70}?[\s,])?(?:antara lain|di antaranya|diantaranya|yakni|yaitu|adalah|ialah|"
                         r"terdiri\s+(?:atas|dari)|"
                         r"meliputi|masing[- ]masing)\s*[:,]?\s*", re.I)
_TURN = re.compile(r"\b(?:sementara|sedangkan|namun|tetapi|adapun)\b", re.I)
# `zona kuning ada 27`, `Zona Kuning sebanyak 19 Kabupaten/Kota`: the grade, then how many hold it.
_COUNT_FOLLOWS = re.compile(r"\s*(?:\([^)]{0,30}\)\s*)?,?\s*(?:sebanyak|terdapat|ada|berjumlah|diraih|diperoleh)\s+"
                            r"(?:oleh\s+)?\d+\b", re.I)
# `zona hijau untuk lima daerah`, `opini WTP diraih 9 kabupaten`: the grade, then the number who hold it.
_GROUP_FOLLOWS = re.compile(r"\s*(?:\([^)]{0,30}\)\s*)?,?\s*(?:untuk|kepada|bagi|diraih(?:\s+oleh)?|diberikan\s+"
                            r"(?:kepada|untuk)|diperoleh(?:\s+oleh)?)\s+(?P<n>\d{1,3}|dua|tiga|empat|lima|enam|tujuh|"
                            rf"delapan|sembilan|sepuluh|sebelas)\s+{GROUP_NOUN}\b", re.I)
# What a list of governments starts with: `Pemkab Banyuwangi (96,75), ...`, `Tapsel, Taput, ...`.
_NAMES_AHEAD = re.compile(r"(?:Pemkab|Pemkot|Pemprov|Pemda|Pemerintah|Kabupaten|Kota|Provinsi|Kab\.|kabupaten|kota)\b"
                          r"|[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3}\s*(?:,|\(|dan\b|serta\b)")
# `opini WTP adalah ...`, `WTP itu opini atas ...`, `WTP bukan jaminan ...`, `WTP menandakan bahwa ...`: the
# grade explained, not awarded.
_DEFINITION_AFTER = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:merupakan|adalah|yaitu|yakni|ialah|berarti|artinya|bukan|"
                               r"menandakan|menandai|mencerminkan|tidak\s+(?:menandakan|berarti|menjamin)|"
                               r"itu\s+(?:opini|predikat|kategori|artinya|berarti|bukan|hanya|sekadar))\b")


def normalise_grade(raw: str, pattern_index: int) -> str:
    text = " ".join(raw.split())
    if pattern_index == 0:
        return f"zona {text.lower()}"
    if pattern_index == 1:
        return f"kualitas {text.lower()}"
    if text.lower() in _BPK_NAMES:
        return _BPK_NAMES[text.lower()]
    if text.isupper() or text in ("A-", "B+", "B-"):
        return text
    return text.lower()


def find_grades(text: str, sent_start: int, sent_end: int) -> list[ValueHit]:
    hits: list[ValueHit] = []
    possible = _possible_grades(text, sent_start, sent_end)
    for index, (rx, implies) in enumerate(_GRADE_PATTERNS):
        if not possible >> index & 1:
            continue
        leads = _GRADE_LEADS[index]
        found = rx.finditer(text, sent_start, sent_end) if leads is None else matches_from(
            rx, text, leads, sent_start, sent_end)
        for m in found:
            if any(h.value_start <= m.start("g") < h.value_end for h in hits):
                continue
            if m.group("g") == "TW" and re.match(r"\s*(?:I|II|III|IV|\d)\b", text[m.end():]):
                continue
            intro = _LIST_INTRO.match(text, m.end(), sent_end)
            if intro and (not _NAMES_AHEAD.match(text, intro.end()) or _TURN.search(text, m.end(), intro.end())):
                intro = None                                  # `WTP, sementara satu daerah, yakni Kaur, WDP`
            if (_DEFINITION_AFTER.match(text, m.end()) and not intro) or is_target(
                    text, sent_start, m.start(), m.end()):
                continue
            if _SCALE_AFTER.match(text, m.end(), sent_end) and not intro:
                continue                                      # the scale explained, nobody's grade
            if _RANGE_AROUND.search(text, max(sent_start, m.start() - 12), m.start()):
                continue                                      # `dari kualitas tinggi hingga kualitas rendah`
            if _COMPARED_GRADE.search(text, max(sent_start, m.start() - 40), m.start()):
                continue                                      # `berada di bawah kualitas sedang`
            if _ENUMERATION_AFTER.match(text, m.end()) or _ENUMERATION_BEFORE.search(text, sent_start, m.start()):
                continue
            if _VAGUE_TIME.search(text, m.end(), min(sent_end, m.end() + 60)) or _VAGUE_TIME.search(
                    text, clause_start(text, sent_start, m.start()), m.start()):
                continue                                      # `CC yang bertahan beberapa tahun terakhir`
            if implies == "spm" and re.search(r"\b[Bb]idang\b", text[sent_start:m.start()]):
                continue                                      # `SPM Tertinggi Bidang Pendidikan ... Tuntas Utama`
            if _TALLY_BEFORE.search(text, max(sent_start, m.start() - 25), m.start()):
                continue                                      # `mengoleksi 10 opini WTP`: a tally of years
            if _VAGUE_RUN.search(text, sent_start, sent_end) and not re.search(
                    r"(?<!\d)(?:19|20)\d{2}(?!\d)", text[sent_start:sent_end]):
                continue
            clause = clause_start(text, sent_start, m.start())
            group = _AGGREGATE_GRADE.search(text, clause, m.start("g"))
            follows = _GROUP_FOLLOWS.match(text, m.end())
            aggregate = bool(group or follows or _COUNT_LED.match(text, clause) or _COUNT_FOLLOWS.match(text, m.end())
                             or _GENERIC_HOLDER.search(text, clause, m.start("g")))
            count = _group_count(group.group()) if group else parse_count(follows.group("n")) if follows else None
            named = _LIST_INTRO.match(text, group.end(), m.start()) if group and not intro else None
            if named and named.end() < m.start() and _NAMES_AHEAD.match(text, named.end()):
                intro = named                                 # `dua kabupaten yakni Kaur dan Seluma yang masih ...`
            if implies == "?letter" and not _GRADE_STORY.search(text, max(0, sent_start - 400), sent_end):
                continue                                      # `juga A` means nothing outside a story about grades
            value = normalise_grade(m.group("g"), index)
            start = m.start("lead") if "lead" in rx.groupindex else m.start()
            previous = bool(LEFT_BEHIND.search(text, max(sent_start, start - 30), start)) and not re.search(
                r"\b(?:belum|tidak|tak|enggan)\s+\w+\s+(?:\w+\s+)?$", text[max(sent_start, start - 40):start])
            if re.search(r"\bdari\s+$", text[max(sent_start, m.start() - 8):m.start()]) and \
                    re.match(r"\s+(?:hingga|sampai)\b", text[m.end():]):
                continue                                      # the low end of a range of grades
            hits.append(ValueHit("grade", start, m.end(), m.start("g"), m.end("g"), value,
                                 implies=None if implies == "?letter" else implies, previous=previous,
                                 list_start=intro.end() if intro else None, aggregate=aggregate,
                                 count=count))
    # `Wajar Dengan Pengecualian (WDP)`: one opinion written twice is one grade, ending after the acronym.
    # `Predikat Sangat Baik (BB)`, `predikat sangat baik atau BB`: a word with its letter is one grade, the letter.
    merged: list[ValueHit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        glued = merged and re.fullmatch(r"\s*\(\s*", text[merged[-1].end:hit.value_start])
        if glued and merged[-1].value == hit.value:
            close = text.find(")", hit.end)
            merged[-1] = replace(merged[-1], end=close + 1, value_end=close + 1)
            continue
        said_again = merged and re.fullmatch(r"\s*,?\s+atau\s+", text[merged[-1].end:hit.value_start])
        if said_again and isinstance(hit.value, str) and hit.value.isupper() and not str(merged[-1].value).isupper():
            merged[-1] = replace(merged[-1], end=hit.end, value_end=hit.value_end, value=hit.value)
            continue                                  # `predikat sangat baik atau BB`: the letter
        if glued and isinstance(hit.value, str) and hit.value.isupper() and not str(merged[-1].value).isupper():
            merged[-1] = replace(merged[-1], end=hit.end + 1, value_end=hit.value_end, value=hit.value)
            continue
        merged.append(hit)
    # A list belongs to the last grade before it: `Zona Kuning sebanyak 19 ... dan Zona Merah terdapat 2
    # Kabupaten yaitu ...` lists the red ones only.
    # Grades of two scales (`zona hijau kualitas tertinggi, yaitu ...`) share it.
    return [replace(h, list_start=None) if h.list_start is not None and any(
        h.end <= o.start < h.list_start and _scale(o.value) == _scale(h.value) for o in merged if o is not h)
        else h for h in merged]


def _group_count(phrase: str) -> int | None:
    """`enam kabupaten` -> 6, `sebanyak 12 daerah` -> 12; `sejumlah daerah` says no number."""
    words = phrase.split()
    if words and words[0].lower() == "sebanyak":
        words = words[1:]
    return parse_count(words[0]) if words else None


def _scale(grade: float | str) -> str:
    word = str(grade).split()[0]
    return word if word in ("zona", "kualitas") else "opini" if grade in _BPK_NAMES.values() else "other"
