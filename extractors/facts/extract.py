"""Article to facts and officials: the one seam between what was published and what Pantau claims it says.

`extract(article)` reads the headline and the body as one text, finds region mentions, values (scores,
ranks, grades) and year markers sentence by sentence, and gives each value its region, year, period,
assessor and programme: from its own sentence where the text says so, from the article where it does not.
Where a rule had to guess, the fact's confidence says so.

Two habits of the genre shape the rules. A value's region is named just before it (`Kabupaten Banjar yang
mengumpulkan 83,07`), or just after a rank (`peringkat kedua Kabupaten Solok`), or not at all when the
sentence continues about the same region (`Kabupaten tersebut`). A value without a year belongs to the
year the article is about (its focal year), even after an aside about earlier years, unless the sentence
says it continues that aside (`saat itu`, `pada tahun yang sama`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc

from extractors.facts.attribution import CLAUSE_BOUNDARY, choose_subject, coordinated, province_field, quote_span
from extractors.facts.claims import drop_headline_repeats, flag_conflicts, merge_repeats
from extractors.facts.gazetteer import Gazetteer, default_gazetteer
from extractors.facts.lexicon import ASSESSOR_PROGRAM, GENERIC_PROGRAM_BY_ASSESSOR, PROGRAM_ASSESSOR
from extractors.facts.nlp import analyse, default_pipeline, sentence_spans
from extractors.facts.numbers import parse_count, parse_number
from extractors.facts.officials import find_officials
from extractors.facts.regions import Mention, find_mentions, government_references, main_region, resolve_mentions
from extractors.facts.values import (
    GROUP_NOUN,
    ScopeCue,
    ValueHit,
    excluded_spans,
    find_grades,
    find_ranks,
    find_scores,
    is_target,
)
from extractors.facts.years import YearMarker, bind_marker, find_markers, marker_strength
from models import Article, Extraction, Fact, Official

EXTRACTOR_VERSION = "pantau-rules/0.7"

_ASSESSMENT_WORDS = re.compile(r"\b(?:penilaian|evaluasi|dinilai|hasil|skor|nilai|indeks|capaian|peringkat|"
                               r"predikat|opini|zona|kategori)\b", re.I)
# Assessments of a report on an earlier year: EPPD reads the LPPD, BPK audits the LKPD.
_REPORTED = frozenset({"eppd", "opini_bpk"})
# `Pembandingnya, hasil survei 2019`, `dibanding SPI 2022`: the year compared with is not the article's.
_COMPARED_BEFORE = re.compile(r"\b(?:pembanding\w*|dibanding\w*|membandingkan|ketimbang)\b[^.;]*$|"
                              r"\bsebelumnya\s+(?:pada\s+|di\s+)?(?:tahun\s+)?$", re.I)
# A grade in a sentence that names no region is the region's in play only when the sentence says someone
# holds it (`kembali meraih predikat A`, `nilai kami masuk zona hijau`, `daerah ini berada di ...`).
_HOLDS = re.compile(r"\b(?:meraih|raih|diraih|mendapat(?:kan)?|dapat|memperoleh|diperoleh|peroleh|mengantongi|"
                    r"menyandang|disandang|masuk|berada|mempertahankan|dipertahankan|menerima|diterima|menempati|"
                    r"naik|turun|meningkat|menjadi|tetap|masih|kembali|berhasil|sukses|"
                    r"\w+nya|kami|kita|daerah ini|kabupaten ini|kota ini|provinsi ini|tersebut)\b", re.I)
# `saat itu`, `tahun tersebut` go on about the time just mentioned; `tahun yang sama`, `periode yang sama`
# mean the one the article is about (its focal year).
_CONTINUATION = re.compile(r"\b(?:saat itu|kala itu|ketika itu|waktu itu|pada saat itu|tahun itu|tahun tersebut|"
                           r"periode tersebut)\b", re.I)
# `Tahun 2021 mencatat skor 62,30. Meski nilai membaik, peringkat Sumenep turun ke posisi ke-26`: a paragraph
# that opens with its year goes on in that year, unless it turns to the present. (A year first stated in the
# middle of a paragraph is an aside: the sentence after it is back in the article's year.)
_PRESENT = re.compile(r"\b(?:kini|sekarang|saat ini|tahun ini|terkini|terbaru)\b", re.I)
_NATIONAL_WORDS = re.compile(r"\b(?:nasional|se-?Indonesia|seluruh Indonesia|tingkat nasional)\b", re.I)
# `predikat serupa diraih Kota Banda Aceh (90,02), ...`, `dengan predikat yang sama`: a grade by reference.
# `Untuk kabupaten/kota meliputi Kabupaten Kerinci dan Merangin`: the list of the sentence before goes on, for
# another tier of government, with no grade of its own.
_LIST_GOES_ON = re.compile(r"\W*(?:(?:Sedangkan|Sementara(?:\s+itu)?|Adapun|Lalu|Kemudian)\s+)?(?:untuk|di)\s+"
                           r"(?:tingkat\s+|kategori\s+|level\s+|klaster\s+)?(?:kabupaten(?:/kota)?|kota|pemkab"
                           r"(?:/pemkot)?|pemkot|provinsi|pemprov)\b[^.:;]{0,25}?\b(?:meliputi|yaitu|yakni|adalah|"
                           r"ialah|antara\s+lain|di\s?antaranya)\b\s*:?", re.I)
_SAME_GRADE = re.compile(r"\b(?:predikat|status|opini|zona)\s+(?:yang\s+)?(?:serupa|sama)\b", re.I)
# `keduanya dalam kategori kualitas tinggi`: one grade for the last two regions named.
_BOTH = re.compile(r"\b(?P<n>keduanya|ketiganya|keempatnya|kelimanya)\b", re.I)
_BOTH_COUNT = {"keduanya": 2, "ketiganya": 3, "keempatnya": 4, "kelimanya": 5}

# `Ketiga kabupaten tersebut adalah ...`, `Adapun lima daerah dimaksud yaitu ...`: the regions a count in the
# sentence before stood for, named.
# `Beberapa daerah dengan skor tertinggi antara lain ...`: some of them, named.
_GROUP_NAMED = re.compile(rf"\W*(?:Adapun\s+|Yakni\s+|Yaitu\s+)?(?:(?P<n>\w+)\s+{GROUP_NOUN}\s+(?:itu|tersebut|"
                          rf"dimaksud|ini)\b[^.;]{{0,30}}?|(?P<some>Beberapa|Sejumlah)\s+{GROUP_NOUN}\b[^.;]{{0,40}}?)"
                          r"\b(?:adalah|yaitu|yakni|ialah|antara\s+lain|di\s?antaranya|"
                          r"meliputi|masing[- ]masing)\b\s*:?", re.I)
# A grade heading a list: `Daerah dengan opini WTP:`, `Berikut daerah zona hijau (skor):`.
_HEADS_LIST = re.compile(r"[^.;,]{0,40}?:\s*$")
# One line of such a list: the region (R), maybe numbered, maybe with its score.
_LIST_LINE = re.compile(r"\s*(?:\d{1,3}[.)]\s*|[-•*▪–]\s*)?(?:[A-Z][\w-]*\s+){0,2}R"
                        r"\s*(?:\(\s*[\d.,]+\s*\)|[:–-]\s*[\d.,]+)?\s*[.;,]?\s*", re.I)
# `Pemkab Lebong termasuk tujuh pemkab tersebut`: one region of a group counted before.
_GROUP_MEMBER = re.compile(r"\b(?:masuk|termasuk|menjadi\s+(?:salah\s+)?satu|salah\s+satu|bagian)\s+(?:ke\s+dalam\s+|"
                           rf"dalam\s+|dari\s+|di\s+antara\s+)?(?P<n>\w+)\s+{GROUP_NOUN}\s+(?:itu|tersebut|ini)\b",
                           re.I)
# `Ketiga provinsi tersebut masuk kategori kurang inovatif`: a grade for the regions just listed.
_GROUP_BEHIND = re.compile(rf"\b(?P<n>ke\w+|\d+)\s+{GROUP_NOUN}\s+(?:itu|tersebut|ini)\b", re.I)

# `Dalam kategori Pemkot dengan zona hijau kualitas tertinggi, Pemkot Magelang menduduki peringkat pertama`: a
# sentence opened by a category whose grade every region ranked in it, and after it, holds.
_CATEGORY_HEAD = re.compile(r"\W*(?:(?:Sedangkan|Sementara(?:\s+itu)?|Adapun|Lalu|Kemudian)\s*,?\s+)?"
                            r"(?:Dalam|Pada|Untuk|Di)\s+(?:kategori|klaster|kelompok)\s+[^,.;:]{3,80}?(?=,)", re.I)
CATEGORY_PARAGRAPHS = 3      # paragraphs a category's ranking may run over
# A paragraph that is nothing but regions with their scores (`Kabupaten Belu (45,90), Kabupaten Sikka (36,00).`)
# goes on with the list of the sentence before.
_BARE_LIST = re.compile(r"(?:\s*(?:dan\s+|serta\s+)?R\s*(?:\(\s*[\d.,]+\s*(?:persen|%|poin)?\s*\))?\s*[,;]?)+"
                        r"\s*[.;]?\s*", re.I)

# Values told respectively of the regions named before them: `Kota Tegal dan Kabupaten Batang ... dengan skor
# masing-masing 80,62 dan 80,49`, `Kota Blitar dan Mataram yang berada diurutan 29 dan 30`.
_NUM = r"\d{1,3}(?:[.,]\d{1,4})?"
_ORD = r"(?:ke-?\s?)?(?:\d{1,3}|pertama|kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|kesepuluh)"
_RESPECTIVE_SCORES = re.compile(
    rf"\b(?:masing-masing|masing\s+masing)\s+(?:(?:di\s+)?angka\s+|sebesar\s+|(?:dengan\s+)?(?:skor|nilai)\s+|"
    rf"yaitu\s+|yakni\s+|adalah\s+)?(?P<seq>{_NUM}(?:\s*(?:persen|%|poin))?(?:\s*,\s*{_NUM}(?:\s*(?:persen|%|poin))?)*"
    rf"\s*,?\s*(?:dan|serta)\s+{_NUM}(?:\s*(?:persen|%|poin))?)(?![\d.,]*\d)", re.I)
_RESPECTIVE_RANKS = re.compile(
    rf"\b(?:di)?(?:peringkat|urutan|posisi|terbaik|juara|rangking|ranking)\s*(?:masing-masing\s+)?(?P<seq>{_ORD}"
    rf"(?:\s*,\s*{_ORD})*\s*,?\s*(?:dan|serta)\s+{_ORD})\b", re.I)
_SEQ_ITEM = {"score": re.compile(_NUM), "rank": re.compile(_ORD, re.I)}
_JOINS_HOLDERS = re.compile(r"\s*(?:,\s*(?:dan\s+|serta\s+)?|dan\s+|serta\s+)")

# `resmi menetapkan Indeks Inovasi Daerah berdasarkan SK nomor 002.6-5848 tahun 2021`
_DECREE_YEAR = re.compile(r"\b(?:SK|Surat\s+Keputusan|Keputusan\s+Menteri(?:\s+Dalam\s+Negeri)?|Kepmendagri|"
                          r"Kepmenpan(?:-?RB)?)\s+(?:[Nn]omor|[Nn]o\.?)\s*[\w.\-/]+\s+[Tt]ahun\s+(?P<y>(?:19|20)\d{2})\b")

# Every government of a province, not some of them (`hampir seluruh LKPD`, `tidak semua daerah`).
_ALL_OF_THEM = re.compile(r"\b(?:seluruh|semua|segenap)\s+(?:pemerintah\s+daerah|pemda|kabupaten/kota|kab/kota|"
                          r"daerah|pemerintah\s+kabupaten/kota)\b|\bsemuanya\b", re.I)
_NOT_ALL = re.compile(r"\b(?:hampir|nyaris|tidak|tak|belum)\s+(?:seluruh|semua)", re.I)

_LEVEL_RANK = {"value": 0, "sentence": 1, "paragraph": 2, "article": 3}


@dataclass(frozen=True, slots=True)
class _Lex:
    start: int
    end: int
    label: str
    code: str


LEAD_PARAGRAPHS = 1          # paragraphs after the first value's that still tell the news, not its history


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Group:
    """A grade told of a number of regions without naming them (`Enam kabupaten ... zona merah`)."""

    hit: ValueHit
    assessor: str
    program: str
    years: tuple[int, ...]
    period: str | None
    stated: bool
    confidence: float


@dataclass(slots=True)
class _State:
    """What the article and the sentences so far established."""

    focal_year: int | None
    focal_period: str | None
    focal_guessed: bool
    last_year: int | None
    last_period: str | None
    subject: str | None
    rank_scope: str | None = None
    program_years: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    last_grade: Fact | None = None
    recent_regions: list[str] = field(default_factory=list)
    report_years: dict[str, int] = field(default_factory=dict)
    heading: _Group | None = None                               # a grade heading a list of lines
    groups: list[_Group] = field(default_factory=list)          # told in a sentence just before
    group_age: int = 0
    previous_subjects: list[Mention] = field(default_factory=list)
    previous_locations: list[Mention] = field(default_factory=list)
    category: list[_Group] = field(default_factory=list)        # the grades of the category being ranked
    category_paragraph: int = 0                                 # the last paragraph it was read in
    category_age: int = 0                                       # paragraphs since its heading
    list_grades: list[Fact] = field(default_factory=list)       # the grades the sentence before gave a list
    dated_paragraph: int = -1                                   # the paragraph whose last sentence stated a year
    last_paragraph: int = -1
    held_by_all: list[tuple[_Group, str, _Sentence]] = field(default_factory=list)   # grade, province, where told


@dataclass(frozen=True, slots=True)
class _Context:
    """Everything about the article that sentences are read against."""

    text: str
    title_end: int
    mentions: list[Mention]
    lexicon: list[_Lex]
    excluded: list[tuple[int, int]]
    scope_cues: list[ScopeCue]
    appositions: list[tuple[int, int]]
    sentences: list[_Sentence]
    pub_year: int | None
    home: str | None
    pub_month: int | None = None
    cache: dict[tuple[str, int], object] = field(default_factory=dict)

    @property
    def has_assessment(self) -> bool:
        return any(lx.label in ("PROGRAM", "ASSESSOR") for lx in self.lexicon)


class FactExtractor:
    """Holds the pipeline and gazetteer; `extract` is a pure function of the article."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.nlp = nlp
        self.gazetteer = gazetteer
        # How many kabupaten and kota each province has: a place in a province is no higher.
        self._sizes = Counter(r.province_code for r in gazetteer.regions.values() if r.level != "provinsi")

    # ------------------------------------------------------------------ the article

    def extract(self, article: Article) -> Extraction:
        title = " ".join(article.title.split())
        head = f"{title}\n\n" if title else ""
        text = head + article.body
        doc = analyse(self.nlp, text)
        ctx = self._context(doc, text, len(title), article)
        officials = find_officials(text, ctx.mentions, self.gazetteer, ctx.home, ctx.title_end)
        if not ctx.has_assessment and not re.search(r"\b(?:zona (?:hijau|kuning|merah)|WTP|WDP)\b", text, re.I):
            return self._result(article, [], officials, len(head))

        body = [s for s in ctx.sentences if s.start >= ctx.title_end]
        heads = [s for s in ctx.sentences if s.start < ctx.title_end]
        focal = self._focal_year(ctx, body, heads)
        state = _State(focal[0], focal[1], focal[2], focal[0], focal[1], ctx.home,
                       program_years=self._program_years(ctx, body), report_years=self._report_years(ctx, body))
        found: list[tuple[Fact, bool]] = []
        for sent in body:
            found.extend(self._sentence_facts(ctx, sent, state))
        state.subject, state.last_year, state.last_period = ctx.home, focal[0], focal[1]
        for sent in heads:                      # the headline, read last: a claim it repeats is not new
            found.extend(self._sentence_facts(ctx, sent, state))
        found.extend(self._held_by_all(ctx, found, state))
        facts = drop_headline_repeats(merge_repeats(found, ctx.title_end), ctx.title_end)
        return self._result(article, flag_conflicts(facts), officials, len(head))

    def _context(self, doc: Doc, text: str, title_end: int, article: Article) -> _Context:
        gaz = self.gazetteer
        mentions = find_mentions(doc, gaz, text)
        resolve_mentions(mentions, gaz)
        home = main_region(mentions, title_end)
        mentions = sorted(mentions + government_references(text, mentions, home, gaz), key=lambda m: m.start)
        scope_cues = [ScopeCue(m.start, m.end, "province") for m in mentions
                      if m.code and m.role in ("scope", "location") and gaz.get(m.code).level == "provinsi"]
        sentences = [_Sentence(start, end, text.count("\n", 0, start))
                     for start, end in sentence_spans(doc, text) if text[start:end].strip()]
        return _Context(
            text=text, title_end=title_end, mentions=mentions, lexicon=_lexicon(doc, text),
            excluded=excluded_spans(text), scope_cues=scope_cues,
            appositions=[(m.start, m.end) for m in mentions if m.role == "apposition"],
            sentences=sentences, home=home,
            pub_year=article.published.year if isinstance(article.published, date) else None,
            pub_month=article.published.month if isinstance(article.published, date) else None,
        )

    def _stated_year(self, ctx: _Context, sent: _Sentence) -> tuple[int, int, str | None] | None:
        key = ("stated", sent.start)                     # the focal, programme and report years all ask
        if key not in ctx.cache:
            ctx.cache[key] = self._read_stated_year(ctx, sent)
        return ctx.cache[key]  # type: ignore[return-value]

    def _read_stated_year(self, ctx: _Context, sent: _Sentence) -> tuple[int, int, str | None] | None:
        """How firmly the sentence ties a year to an assessment (see `marker_strength`), and that year with
        its period: a report's year when it names one (`EPPD tahun 2024 atas LPPD tahun 2023`), else the
        latest (`naik dari 78,5 pada 2022 menjadi 84,1 pada 2023`). Plans and asides about history do not
        count."""
        markers = [mk for mk in self._markers(ctx, sent) if mk.kind in ("explicit", "relative") and not mk.future]
        if not markers or is_target(ctx.text, sent.start, sent.end):
            return None                                  # `evaluasi SAKIP 2024 yang akan dilakukan`
        stated = [(marker_strength(ctx.text, sent.start, mk), y, mk.period) for mk in markers
                  if not _COMPARED_BEFORE.search(ctx.text, max(sent.start, mk.start - 40), mk.start)
                  and (y := _marker_year(mk, ctx.pub_year, None)) is not None
                  and (ctx.pub_year is None or y <= ctx.pub_year)]
        if not stated:
            return None
        best = max(strength for strength, _, _ in stated)
        pool = [(y, p) for strength, y, p in stated if strength == 3] or [(y, p) for _, y, p in stated]
        year = max(y for y, _ in pool)
        return best, year, next((p for y, p in pool if y == year and p), None)

    def _focal_year(self, ctx: _Context, body: list[_Sentence],
                    heads: list[_Sentence]) -> tuple[int | None, str | None, bool]:
        """The year the article is about: the first one tied to an assessment (`penilaian MCP KPK tahun
        2023`); failing that, the first stated with a value; failing that, the year of publication (a
        guess), or the year before it early in the year, when annual results are announced."""
        fallback: tuple[int, str | None] | None = None
        news_end = self._news_end(ctx, body)
        for sent in body + heads:
            found = self._stated_year(ctx, sent)
            if found is None or sent.paragraph > news_end:
                continue
            strength, year, period = found
            if strength >= 2:
                return year, period, False
            if fallback is None and self._values(ctx, sent):
                fallback = (year, period)
        if fallback is not None:
            return fallback[0], fallback[1], False
        if ctx.pub_year is not None and ctx.pub_month is not None and ctx.pub_month <= 2:
            return ctx.pub_year - 1, None, True         # results told in January are last year's
        if ctx.pub_year is None:
            decree = _DECREE_YEAR.search(ctx.text, ctx.title_end)
            if decree:
                return int(decree.group("y")), None, True   # undated copy: the year of the decree it reports
        return ctx.pub_year, None, True

    def _news_end(self, ctx: _Context, body: list[_Sentence]) -> float:
        """The last paragraph whose years may date the news. A story
        leads with its news, told over its first paragraphs (the award, then what it assessed: `EPPD atas LPPD
        tahun 2022`): a year first stated further down (`TTS reached the green zone in 2016`) is then history,
        and the news is dated by its publication. Without a publication date every year may date it."""
        if ctx.pub_year is None:
            return math.inf
        for sent in body:
            if self._values(ctx, sent):
                lead = [s for s in body if s.paragraph == sent.paragraph]
                if any(self._stated_year(ctx, s) for s in lead):
                    return math.inf
                later = sorted({s.paragraph for s in body if s.paragraph >= sent.paragraph})
                return later[min(LEAD_PARAGRAPHS, len(later) - 1)]
        return math.inf

    def _program_years(self, ctx: _Context, body: list[_Sentence]) -> dict[str, tuple[int, str | None]]:
        """Each programme's own year, as the first sentence naming it with a year tied to it states it: an
        article about MCP 2024 progress that also reports `SPI 2023` dates the SPI values 2023. Past the lead
        a year counts only when it is the one year the article ties to the programme, written right after the
        programme's name, and a recent one (`hasil penilaian Indeks Inovasi Daerah tahun 2020` in a story
        published in 2021; not `zona hijau ... TTS tercapai pada tahun 2016`)."""
        years: dict[str, tuple[int, str | None]] = {}
        later: dict[str, set[tuple[int, str | None]]] = {}
        news_end = self._news_end(ctx, body)
        for sent in body:
            programs = {lx.code for lx in ctx.lexicon if sent.start <= lx.start < sent.end and lx.label == "PROGRAM"
                        and lx.code != "pelayanan_publik"}
            programs |= {ASSESSOR_PROGRAM[lx.code] for lx in ctx.lexicon if sent.start <= lx.start < sent.end
                         and lx.label == "ASSESSOR" and lx.code in ASSESSOR_PROGRAM}
            found = self._stated_year(ctx, sent) if programs else None
            if found is not None and found[0] >= 2:
                for program in programs:
                    if sent.paragraph <= news_end:
                        years.setdefault(program, (found[1], found[2]))
                    elif self._names_year(ctx, sent, found[1]):
                        later.setdefault(program, set()).add((found[1], found[2]))
        for program, stated in later.items():
            if program not in years and len(stated) == 1 and ctx.pub_year is not None:
                year, period = next(iter(stated))
                lag = 2 if program in _REPORTED else 1   # a report of 2017 is evaluated in 2018, announced in 2019
                if year >= ctx.pub_year - lag:
                    years[program] = (year, period)
        return years

    def _names_year(self, ctx: _Context, sent: _Sentence, year: int) -> bool:
        """Whether a programme's or assessor's name stands right before the year (`Indeks Inovasi Daerah
        tahun 2020`)."""
        ends = [lx.end for lx in ctx.lexicon if sent.start <= lx.start < sent.end]
        return any(year in mk.years and any(0 <= mk.start - end <= 8 for end in ends)
                   for mk in self._markers(ctx, sent))

    def _report_years(self, ctx: _Context, body: list[_Sentence]) -> dict[str, int]:
        """The year of the report a programme assesses, where a sentence states it (`berdasarkan LPPD Tahun
        2022`): an `EPPD Tahun 2023` elsewhere is that year's evaluation of the 2022 report."""
        years: dict[str, int] = {}
        for sent in body:
            found = self._stated_year(ctx, sent)
            if found is None or found[0] < 3:
                continue
            for lx in ctx.lexicon:
                if sent.start <= lx.start < sent.end and lx.label == "PROGRAM" and lx.code in _REPORTED:
                    years.setdefault(lx.code, found[1])
        return years

    # ------------------------------------------------------------------ one sentence

    def _values(self, ctx: _Context, sent: _Sentence) -> list[ValueHit]:
        key = ("values", sent.start)
        if key not in ctx.cache:
            ctx.cache[key] = self._find_values(ctx, sent)
        return ctx.cache[key]  # type: ignore[return-value]

    def _markers(self, ctx: _Context, sent: _Sentence) -> list[YearMarker]:
        key = ("markers", sent.start)
        if key not in ctx.cache:
            ctx.cache[key] = find_markers(ctx.text, sent.start, sent.end, ctx.excluded)
        return ctx.cache[key]  # type: ignore[return-value]

    def _find_values(self, ctx: _Context, sent: _Sentence) -> list[ValueHit]:
        starts = frozenset(m.start for m in ctx.mentions)
        ranks = find_ranks(ctx.text, sent.start, sent.end, ctx.excluded, ctx.scope_cues, ctx.appositions, starts)
        taken = [(h.value_start, h.value_end) for h in ranks]
        taken += [(h.value_end, h.scope_end) for h in ranks if h.out_of is not None and h.scope_end]
        has_programme = any(sent.start <= lx.start < sent.end for lx in ctx.lexicon)
        region_ends = tuple(m.end for m in ctx.mentions if sent.start <= m.start < sent.end
                            and m.role in ("subject", "location"))
        scores = find_scores(ctx.text, sent.start, sent.end, ctx.excluded, taken, has_programme,
                             ctx.has_assessment, region_ends)
        grades = find_grades(ctx.text, sent.start, sent.end)
        return sorted(ranks + scores + grades, key=lambda h: h.value_start)

    def _sentence_facts(self, ctx: _Context, sent: _Sentence, state: _State) -> list[tuple[Fact, bool]]:
        """The sentence's facts, each with whether the text states its year (else it came from context)."""
        text, gaz = ctx.text, self.gazetteer
        hits = self._values(ctx, sent)
        markers = self._markers(ctx, sent)
        in_sentence = [m for m in ctx.mentions if sent.start <= m.start < sent.end and m.code]
        continues = bool(_CONTINUATION.search(text, sent.start, sent.end)) or (
            sent.paragraph == state.dated_paragraph and not _PRESENT.search(text, sent.start, sent.end))
        facts: list[tuple[Fact, bool]] = self._named_group(ctx, sent, in_sentence, state)
        facts += self._listed_line(ctx, sent, in_sentence, state)
        groups: list[_Group] = []
        spans = [(h.value_start, h.value_end) for h in hits]
        respective, told = self._respective(ctx, sent, in_sentence, markers, state, continues)
        facts += respective
        hits = [h for h in hits if not any(s <= h.value_start < e for s, e in told)]
        category = _CATEGORY_HEAD.match(text, sent.start, sent.end)
        framed = [h for h in hits if category and h.metric == "grade" and h.end <= category.end()]
        if framed:
            state.category = [g for h in framed if (g := self._group(ctx, sent, h, markers, spans, state, continues))]
            state.category_paragraph, state.category_age = sent.paragraph, 0
        elif state.category:
            if sent.paragraph != state.category_paragraph:
                state.category_paragraph, state.category_age = sent.paragraph, state.category_age + 1
            if state.category_age > CATEGORY_PARAGRAPHS or not hits or any(h.metric == "grade" for h in hits):
                state.category = []                     # the ranking of that category is over
        for hit in hits:
            if hit in framed:
                continue
            if isinstance(hit.value, str) and hit.value.startswith("kualitas") and not any(
                    lx.code in ("ombudsman", "kepatuhan_pelayanan_publik") for lx in ctx.lexicon):
                continue                                   # `kualitas tinggi` outside an Ombudsman story
            if hit.metric == "grade" and hit.list_start is None and _HEADS_LIST.match(text, hit.end, sent.end):
                group = self._group(ctx, sent, hit, markers, spans, state, continues)
                state.heading = group                      # `Daerah dengan opini WTP:` and a line per region
                continue
            if hit.aggregate and hit.list_start is None:
                group = self._group(ctx, sent, hit, markers, spans, state, continues)
                if group is not None:
                    groups.append(group)
                continue                                   # `enam kabupaten ... zona merah`: named next, maybe
            confidence = 1.0
            subject, how = choose_subject(text, sent.start, hit, hits, in_sentence, state.subject, gaz)
            listed = _listed_holders(text, hit, hits, in_sentence, sent.end)
            if not listed and how == "context" and hit.metric == "grade":
                listed = _holders_behind(text, sent.start, hit, state.previous_subjects)
            if listed:
                subject, how = listed[0], "sentence"
            code = subject.code if isinstance(subject, Mention) else subject
            if code is None:
                if how == "none" and hit.metric == "grade":
                    self._note_held_by_all(ctx, sent, hit, markers, spans, state, continues, in_sentence)
                continue
            if hit.metric == "grade" and how == "context" and not _HOLDS.search(text, sent.start, sent.end):
                continue                                   # `zona kuning berarti ...`: the scale, nobody's grade
            if how != "sentence":
                confidence *= 0.85
            if isinstance(subject, Mention) and subject.ambiguous:
                confidence *= 0.8
            region = gaz.get(code)
            assessor, program, implied = self._assessment(hit, sent, ctx)
            dated = self._value_years(ctx, sent, hit, markers, spans, state, continues, program)
            if dated is None:
                continue
            years, period, guessed, marker = dated
            if guessed:
                confidence *= 0.6 if state.focal_guessed and not continues else 0.9
            if implied:
                confidence *= 0.9
            scope = hit.scope
            if hit.metric == "rank":
                if scope is None and province_field(text, hit, in_sentence, gaz):
                    scope = "province"
                if scope is None:
                    scope = self._paragraph_scope(ctx, sent) or state.rank_scope or self._article_scope(ctx) \
                        or "national"
                    if scope == "province" and region.level == "provinsi":
                        scope = "national"                 # a province is not placed within itself
                    confidence *= 0.85
                if scope == "province" and region.level != "provinsi" and float(hit.value) > self._sizes.get(
                        region.province_code, 0):
                    scope = "national"                     # a place its province has not got
                state.rank_scope = scope
            holders = coordinated(text, subject, in_sentence) if hit.metric == "grade" else [subject]
            if listed:
                holders = listed
            elif hit.aggregate:
                continue                                   # `9 kabupaten yang mendapat ...` and no list of them
            for holder in holders:
                holder_code = holder.code if isinstance(holder, Mention) else holder
                if holder_code is None:
                    continue
                region = gaz.get(holder_code)
                quote_start, quote_end = quote_span(hit, holder, sent.start, sent.end, marker)
                if listed and isinstance(holder, Mention):
                    quote_end = max(quote_end, holder.end)      # the grade through its holder in the list
                stated = holder.stated_province if isinstance(holder, Mention) else None
                flags = ("province_mismatch",) if stated and stated != region.province_code else ()
                for year in years:
                    facts.append((Fact(
                        region=region.full_name, region_code=region.code, assessor=assessor, program=program,
                        year=year, period=period, metric=hit.metric, scope=scope if hit.metric == "rank" else None,
                        value=hit.value if isinstance(hit.value, str) else float(hit.value),
                        unit=(hit.unit or "points") if hit.metric == "score" else None,
                        out_of=hit.out_of if hit.metric == "rank" else None,
                        quote=text[quote_start:quote_end], quote_start=quote_start, quote_end=quote_end,
                        sentence_start=sent.start, sentence_end=sent.end, stated_province_code=stated,
                        confidence=round(confidence, 3), flags=flags,
                    ), not guessed))
        facts.extend(self._category_grades(ctx, sent, in_sentence, facts, state))
        facts.extend(self._bare_list(ctx, sent, in_sentence, facts, state))
        facts.extend(self._grades_by_reference(ctx, sent, markers, in_sentence, facts, state))
        facts.extend(self._list_goes_on(ctx, sent, in_sentence, facts, state))
        for fact, _ in facts:
            if fact.metric == "grade":
                state.last_grade = fact
        self._advance(ctx, sent, [f for f, _ in facts], markers, in_sentence, state)
        opens = sent.paragraph != state.last_paragraph
        state.last_paragraph = sent.paragraph
        if opens and any(stated for _, stated in facts) and any(mk.kind == "explicit" for mk in markers):
            state.dated_paragraph = sent.paragraph          # a paragraph that opens with its year
        elif sent.paragraph != state.dated_paragraph or facts:
            state.dated_paragraph = -1
        state.recent_regions.extend(m.code for m in in_sentence if m.role == "subject" and m.code)
        # A count's regions are named in one of the next two sentences, or not at all.
        state.groups = (state.groups if state.group_age < 2 else []) + groups
        state.group_age = 0 if groups else state.group_age + 1
        state.previous_subjects = [m for m in in_sentence if m.role == "subject"]
        state.previous_locations = [m for m in in_sentence if m.role in ("location", "scope", "subject")]
        return facts

    def _value_years(self, ctx: _Context, sent: _Sentence, hit: ValueHit, markers: list[YearMarker],
                     spans: list[tuple[int, int]], state: _State, continues: bool,
                     program: str) -> tuple[tuple[int, ...], str | None, bool, YearMarker | None] | None:
        """The value's years and period, whether they were guessed, and the year marker they came from."""
        text = ctx.text
        others = [s for s in spans if s != (hit.value_start, hit.value_end)]
        marker = bind_marker(text, markers, hit.value_start, hit.value_end, others)
        resolved = self._years(marker, markers, state, ctx.pub_year, continues, program)
        if resolved is None:
            return None
        years, period, guessed = resolved
        if marker is not None and marker.run and hit.metric != "grade":
            years = years[-1:]                            # a score or rank is of one year: the run's last
        report = state.report_years.get(program)
        if report is not None and years == (report + 1,) and (
                marker is None or marker_strength(text, sent.start, marker) < 3):
            years = (report,)                             # `EPPD Tahun 2023` of `LPPD Tahun 2022`
        if hit.previous and (guessed or (marker is not None and marker.end <= hit.start)):
            years, period = tuple(y - 1 for y in years), None   # `dari 81,4 menjadi 78,66`; `tahun 2025 naik dari B`
        if program == "opini_bpk" and marker is not None and marker.kind == "relative" and marker.offset == 0:
            years = tuple(y - 1 for y in years)              # `WTP tahun ini` audits last year's accounts
        return years, period, guessed, marker

    def _group(self, ctx: _Context, sent: _Sentence, hit: ValueHit, markers: list[YearMarker],
               spans: list[tuple[int, int]], state: _State, continues: bool) -> _Group | None:
        assessor, program, implied = self._assessment(hit, sent, ctx)
        dated = self._value_years(ctx, sent, hit, markers, spans, state, continues, program)
        if dated is None or hit.previous:
            return None
        years, period, guessed, _ = dated
        confidence = 0.85 * (0.9 if implied else 1.0) * (0.9 if guessed else 1.0)
        return _Group(hit, assessor, program, years, period, not guessed, confidence)

    def _listed_line(self, ctx: _Context, sent: _Sentence, in_sentence: list[Mention],
                     state: _State) -> list[tuple[Fact, bool]]:
        """`Daerah dengan opini WTP:` followed by one region per line: each line's region holds the grade,
        until a line that is not just a region."""
        heading, state.heading = state.heading, None
        if heading is None:
            return []
        subjects = [m for m in in_sentence if m.role == "subject" and m.code]
        line = ctx.text[sent.start:sent.end]
        if len(subjects) != 1 or not _LIST_LINE.fullmatch(line[:subjects[0].start - sent.start] + "R"
                                                            + line[subjects[0].end - sent.start:]):
            return []
        state.heading = heading
        return self._group_facts(ctx, sent, heading, subjects, subjects[0].start)

    def _named_group(self, ctx: _Context, sent: _Sentence, in_sentence: list[Mention],
                     state: _State) -> list[tuple[Fact, bool]]:
        """`Tiga kabupaten masih di zona merah. Ketiga kabupaten tersebut adalah Kabupaten Kaur, Seluma
        dan Lebong`: the grade the sentence before gave a number of regions is each of the regions named now. Of
        several such grades, the one told of as many regions as the sentence says."""
        if not state.groups:
            return []
        subjects = [m for m in in_sentence if m.role == "subject" and m.code]
        named = _GROUP_NAMED.match(ctx.text, sent.start, sent.end)
        if named is not None:
            stop = CLAUSE_BOUNDARY.search(ctx.text, named.end(), sent.end)
            holders = [m for m in subjects if named.end() <= m.start < (stop.start() if stop else sent.end)]
        else:                                    # `Pemkab Lebong termasuk tujuh pemkab tersebut`
            named = _GROUP_MEMBER.search(ctx.text, sent.start, sent.end)
            holders = [m for m in subjects if m.end <= named.start()][-1:] if named else []
        if named is None or not holders:
            return []
        word = named.group("n") or named.group("some")
        count = parse_count(word)
        if count is None and not re.fullmatch(r"(?i:para|semua|seluruh|beberapa|sejumlah)", word):
            return []
        same = [g for g in state.groups if g.hit.count == count]
        if not same and named.re is _GROUP_MEMBER:
            return []                            # membership of a group the text did not count
        latest = max(g.hit.start for g in state.groups)
        groups = same or [g for g in state.groups if ctx.text.rfind(".", 0, g.hit.start) == ctx.text.rfind(
            ".", 0, latest)]
        out: list[tuple[Fact, bool]] = []
        for group in groups:
            out += self._group_facts(ctx, sent, group, holders, named.start())
        return out

    def _group_facts(self, ctx: _Context, sent: _Sentence, group: _Group, holders: list[Mention],
                     anchor: int) -> list[tuple[Fact, bool]]:
        """The group's grade for each holder, quoted from the anchor (the words naming the group) when close."""
        out: list[tuple[Fact, bool]] = []
        for holder in holders:
            start = anchor if 0 <= holder.start - anchor <= 60 else holder.start
            out += self._grade_facts(ctx, sent, group, holder.code or "", start, holder.end, group.confidence,
                                     holder.stated_province)
        return out

    def _grade_facts(self, ctx: _Context, sent: _Sentence, group: _Group, code: str, quote_start: int,
                     quote_end: int, confidence: float, stated: str | None = None) -> list[tuple[Fact, bool]]:
        """The group's grade for one region, a fact for each of its years."""
        region = self.gazetteer.get(code)
        return [(Fact(
            region=region.full_name, region_code=region.code, assessor=group.assessor, program=group.program,
            year=year, period=group.period, metric="grade", scope=None, value=group.hit.value, unit=None, out_of=None,
            quote=ctx.text[quote_start:quote_end], quote_start=quote_start, quote_end=quote_end,
            sentence_start=sent.start, sentence_end=sent.end, stated_province_code=stated,
            confidence=round(confidence, 3),
            flags=("province_mismatch",) if stated and stated != region.province_code else (),
        ), group.stated) for year in group.years]

    def _note_held_by_all(self, ctx: _Context, sent: _Sentence, hit: ValueHit, markers: list[YearMarker],
                          spans: list[tuple[int, int]], state: _State, continues: bool,
                          in_sentence: list[Mention]) -> None:
        """`Seluruh pemerintah daerah di Sumbar berhasil meraih predikat zona hijau`, `Semuanya memperoleh predikat
        zona hijau`: a grade every government of a province holds, the province named in the sentence or in the
        one before it."""
        if not _ALL_OF_THEM.search(ctx.text, sent.start, hit.start) or _NOT_ALL.search(ctx.text, sent.start, hit.start):
            return
        provinces = [m.code for m in [*in_sentence, *state.previous_locations] if m.code
                     and self.gazetteer.get(m.code).level == "provinsi"]
        group = self._group(ctx, sent, hit, markers, spans, state, continues)
        if provinces and group is not None:
            state.held_by_all.append((group, provinces[0], sent))

    def _held_by_all(self, ctx: _Context, found: list[tuple[Fact, bool]],
                     state: _State) -> list[tuple[Fact, bool]]:
        """The grade every government of a province holds, for each kabupaten and kota of it the story gives
        a result of the same programme."""
        out: list[tuple[Fact, bool]] = []
        for group, province, sent in state.held_by_all:
            have = {(f.region_code, f.value) for f, _ in found}
            named = [f for f, _ in found if f.program == group.program and f.region_code.startswith(province + ".")]
            for code in dict.fromkeys(f.region_code for f in named):
                if (code, group.hit.value) not in have:
                    out += self._grade_facts(ctx, sent, group, code, sent.start, group.hit.end, group.confidence * 0.8)
        return out

    def _bare_list(self, ctx: _Context, sent: _Sentence, in_sentence: list[Mention],
                   facts: list[tuple[Fact, bool]], state: _State) -> list[tuple[Fact, bool]]:
        """The grades the sentence before gave each region of its list, for the regions of a sentence that only
        goes on with that list; then the grades this sentence gave a list, for the next one."""
        grades, state.list_grades = state.list_grades, []
        subjects = [m for m in in_sentence if m.role in ("subject", "location") and m.code]
        out: list[tuple[Fact, bool]] = []
        if grades and subjects:
            masked, last = [], sent.start
            for m in subjects:
                masked += [ctx.text[last:m.start], "R"]
                last = m.end
            masked.append(ctx.text[last:sent.end])
            if _BARE_LIST.fullmatch("".join(masked)):
                have = {(f.region_code, f.value) for f, _ in facts}
                for grade in grades:
                    for m in subjects:
                        if (m.code, grade.value) in have:
                            continue
                        region = self.gazetteer.get(m.code or "")
                        out.append((replace(grade, region=region.full_name, region_code=region.code,
                                            quote=ctx.text[m.start:m.end], quote_start=m.start, quote_end=m.end,
                                            sentence_start=sent.start, sentence_end=sent.end,
                                            stated_province_code=None, flags=(),
                                            confidence=round(grade.confidence * 0.9, 3)), True))
        given = Counter((f.value, f.program, f.year) for f, _ in facts + out if f.metric == "grade")
        seen: set[tuple[object, str, int]] = set()
        for f, _ in facts + out:
            key = (f.value, f.program, f.year)
            if f.metric == "grade" and given[key] >= 2 and key not in seen:
                seen.add(key)
                state.list_grades.append(f)
        return out

    def _respective(self, ctx: _Context, sent: _Sentence, in_sentence: list[Mention], markers: list[YearMarker],
                    state: _State, continues: bool) -> tuple[list[tuple[Fact, bool]], list[tuple[int, int]]]:
        """Values given respectively (`masing-masing 80,62 dan 80,49`; `diurutan 29 dan 30`) to as many regions
        named together just before them, in order; and the spans of those values, which no other rule reads."""
        text, out, told = ctx.text, [], []
        for rx, metric in ((_RESPECTIVE_SCORES, "score"), (_RESPECTIVE_RANKS, "rank")):
            for m in rx.finditer(text, sent.start, sent.end):
                items = list(_SEQ_ITEM[metric].finditer(text, m.start("seq"), m.end("seq")))
                before = [h for h in in_sentence if h.role in ("subject", "location") and h.end <= m.start()]
                holders = before[-len(items):]
                if len(holders) != len(items) or len(items) < 2 or not all(
                        _JOINS_HOLDERS.fullmatch(text, a.end, b.start) for a, b in pairwise(holders)):
                    continue
                told.append((m.start("seq"), m.end("seq")))
                for holder, item in zip(holders, items, strict=True):
                    raw = item.group()
                    value = parse_count(raw) if metric == "rank" else parse_number_or_none(raw)
                    if value is None or not 0 < value <= (1000 if metric == "rank" else 100):
                        continue
                    unit = "percent" if metric == "score" and re.match(r"\s*(?:persen|%)", text[item.end():]) \
                        else "points" if metric == "score" else None
                    hit = ValueHit(metric, m.start(), item.end(), item.start(), item.end(), float(value), unit=unit)
                    assessor, program, _ = self._assessment(hit, sent, ctx)
                    dated = self._value_years(ctx, sent, hit, markers, [], state, continues, program)
                    if dated is None:
                        continue
                    years, period, guessed, _ = dated
                    region = self.gazetteer.get(holder.code or "")
                    scope = None
                    if metric == "rank":
                        scope = self._paragraph_scope(ctx, sent) or state.rank_scope or self._article_scope(ctx) \
                            or "national"
                    for year in years:
                        out.append((Fact(
                            region=region.full_name, region_code=region.code, assessor=assessor, program=program,
                            year=year, period=period, metric=metric, scope=scope, value=float(value),
                            unit=unit, out_of=None, quote=text[holder.start:item.end()], quote_start=holder.start,
                            quote_end=item.end(), sentence_start=sent.start, sentence_end=sent.end,
                            stated_province_code=None, confidence=round(0.85 * (0.9 if guessed else 1.0), 3),
                        ), not guessed))
        return out, told

    def _category_grades(self, ctx: _Context, sent: _Sentence, in_sentence: list[Mention],
                         facts: list[tuple[Fact, bool]], state: _State) -> list[tuple[Fact, bool]]:
        """The category's grades for each region the sentence ranks or scores within it."""
        if not state.category:
            return []
        ranked = {f.region_code for f, _ in facts if f.metric in ("rank", "score")}
        holders: list[Mention] = []
        for m in in_sentence:
            if m.code in ranked and m.code not in {h.code for h in holders}:
                holders.append(m)
        out: list[tuple[Fact, bool]] = []
        for group in state.category:
            anchor = group.hit.start if group.hit.start >= sent.start else sent.end
            out += self._group_facts(ctx, sent, group, holders, anchor)
        return out

    def _list_goes_on(self, ctx: _Context, sent: _Sentence, in_sentence: list[Mention],
                      facts: list[tuple[Fact, bool]], state: _State) -> list[tuple[Fact, bool]]:
        """`Predikat BB diraih Provinsi Jambi dan Bengkulu. Untuk kabupaten/kota meliputi Kabupaten Kerinci
        dan Merangin`: a sentence that only goes on with the list of the one before gives its regions
        that sentence's grade, for the same year."""
        reference = state.last_grade
        goes_on = _LIST_GOES_ON.match(ctx.text, sent.start, sent.end)
        if (goes_on is None or reference is None or facts
                or ctx.text[reference.sentence_end:sent.start].strip()):
            return []
        stop = CLAUSE_BOUNDARY.search(ctx.text, goes_on.end(), sent.end)
        out: list[tuple[Fact, bool]] = []
        for holder in [m for m in in_sentence if m.role == "subject" and m.code
                       and goes_on.end() <= m.start < (stop.start() if stop else sent.end)]:
            region = self.gazetteer.get(holder.code or "")
            start = goes_on.start() if holder.start - goes_on.start() <= 60 else holder.start
            out.append((replace(reference, region=region.full_name, region_code=region.code,
                                quote=ctx.text[start:holder.end], quote_start=start, quote_end=holder.end,
                                sentence_start=sent.start, sentence_end=sent.end, stated_province_code=None,
                                flags=(), confidence=round(reference.confidence * 0.9, 3)), True))
        return out

    def _grades_by_reference(self, ctx: _Context, sent: _Sentence, markers: list[YearMarker],
                             in_sentence: list[Mention], facts: list[tuple[Fact, bool]],
                             state: _State) -> list[tuple[Fact, bool]]:
        """`predikat serupa diraih Kota Banda Aceh, Kabupaten Pidie Jaya dan Kota Sabang`, `Banyumas mencatat
        72,04 dengan predikat yang sama`, `keduanya dalam kategori kualitas tinggi`: a grade named once, held
        by several regions."""
        text, gaz = ctx.text, self.gazetteer
        out: list[tuple[Fact, bool]] = []
        subjects = [m for m in in_sentence if m.role == "subject"]
        for same in _SAME_GRADE.finditer(text, sent.start, sent.end):
            earlier = [f for f, _ in facts if f.metric == "grade" and f.quote_end <= same.start()]
            reference = earlier[-1] if earlier else state.last_grade
            if reference is None:
                break
            stop = CLAUSE_BOUNDARY.search(text, same.end(), sent.end)
            holders: list[Mention | str] = [m for m in subjects
                                            if same.end() <= m.start < (stop.start() if stop else sent.end)]
            if not holders:
                before = [m for m in subjects if m.end <= same.start()]
                holders = before[-1:]
            if not holders and state.subject:            # `nilai yang diraih masih 71,20 dengan predikat yang sama`
                holders = [state.subject]
            for holder in holders:
                marker = bind_marker(text, markers, same.start(), same.end(), [])
                resolved = self._years(marker, markers, state, ctx.pub_year, False, reference.program)
                code = holder.code if isinstance(holder, Mention) else holder
                if resolved is None or code is None:
                    continue
                years, period, guessed = resolved
                region = gaz.get(code)
                start = min(same.start(), holder.start) if isinstance(holder, Mention) else same.start()
                end = max(same.end(), holder.end) if isinstance(holder, Mention) else same.end()
                for year in years:
                    out.append((replace(reference, region=region.full_name, region_code=region.code, year=year,
                                        period=period, quote=text[start:end], quote_start=start, quote_end=end,
                                        sentence_start=sent.start, sentence_end=sent.end,
                                        stated_province_code=None, flags=(),
                                        confidence=round(reference.confidence * 0.9, 3)), not guessed))
        both = _BOTH.search(text, sent.start, sent.end)
        if both:
            count = _BOTH_COUNT[both.group("n").lower()]
            regions = list(dict.fromkeys(reversed(
                state.recent_regions + [m.code for m in subjects if m.end <= both.start() and m.code])))[:count]
            shared = [(f, stated) for f, stated in facts if f.metric == "grade" and f.quote_end > both.start()]
            for fact, stated in shared:
                for code in regions:
                    if code != fact.region_code:
                        region = gaz.get(code)
                        out.append((replace(fact, region=region.full_name, region_code=code, flags=(),
                                            stated_province_code=None), stated))
        return out

    def _article_scope(self, ctx: _Context) -> str | None:
        """A rank no sentence gives a field, in a story whose regions all lie in the one province it names
        (`Ombudsman Perwakilan Bengkulu ... Pemkab Lebong menduduki peringkat pertama`), is a place in that
        province."""
        key = ("province", 0)
        if key not in ctx.cache:
            gaz = self.gazetteer
            named = {gaz.get(m.code).province_code for m in ctx.mentions
                     if m.code and m.role in ("scope", "location") and gaz.get(m.code).level == "provinsi"}
            held = {gaz.get(m.code).province_code for m in ctx.mentions
                    if m.code and m.role == "subject" and gaz.get(m.code).level != "provinsi"}
            ctx.cache[key] = "province" if len(named) == 1 and held == named else None
        return ctx.cache[key]  # type: ignore[return-value]

    def _paragraph_scope(self, ctx: _Context, sent: _Sentence) -> str | None:
        """A rank whose sentence names no field takes the one its paragraph named (`... MCP di Sumatera
        Selatan. Kota Palembang tampil di posisi teratas`)."""
        start = min((s.start for s in ctx.sentences if s.paragraph == sent.paragraph), default=sent.start)
        cues = [c for c in ctx.scope_cues if start <= c.start < sent.start]
        national = _NATIONAL_WORDS.search(ctx.text, start, sent.start)
        if cues and (national is None or cues[-1].start > national.start()):
            return "province"
        return "national" if national else None

    def _years(self, marker: YearMarker | None, markers: list[YearMarker], state: _State, pub_year: int | None,
               continues: bool, program: str) -> tuple[tuple[int, ...], str | None, bool] | None:
        if marker is None or marker.kind == "period":
            if continues:
                year, period = state.last_year, state.last_period
            else:
                year, period = state.program_years.get(program, (state.focal_year, state.focal_period))
            if year is None:
                return None
            return (year,), marker.period if marker else period, True
        if marker.future:
            return None
        if marker.kind == "explicit":
            if pub_year and any(y > pub_year for y in marker.years):
                return None                                  # a future year: a plan, not a result
            return marker.years, marker.period, False
        if marker.kind == "relative":
            year = _marker_year(marker, pub_year, None)
            return ((year,), marker.period, False) if year is not None else None
        # `tahun sebelumnya`: one before the year the sentence (or else the article) is about.
        earlier = [y for mk in markers if mk.end <= marker.start and mk.kind in ("explicit", "relative")
                   and (y := _marker_year(mk, pub_year, None)) is not None]
        base = earlier[-1] if earlier else state.focal_year
        if base is None:
            return None
        return (base + marker.offset,), None, False

    def _assessment(self, hit: ValueHit, sent: _Sentence, ctx: _Context) -> tuple[str, str, bool]:
        lexicon, sentences = ctx.lexicon, ctx.sentences
        program, p_level = _nearest(lexicon, "PROGRAM", hit, sent, sentences)
        assessor, a_level = _nearest(lexicon, "ASSESSOR", hit, sent, sentences)
        if hit.implies:
            program, p_level = hit.implies, "value"
        if program == "pelayanan_publik":
            program = GENERIC_PROGRAM_BY_ASSESSOR["pelayanan_publik"].get(assessor or "", None)
            if program is None:
                program, p_level = _specific_program(lexicon), "article"
        if hit.metric == "grade" and program in (None, "other") and isinstance(hit.value, str) \
                and len(hit.value) <= 2 and hit.value.isupper():
            program, p_level = "sakip", "value"
        implied = False
        if program is None:
            program = ASSESSOR_PROGRAM.get(assessor or "", "other")
        canonical = PROGRAM_ASSESSOR.get(program)
        if assessor is None:
            assessor, implied = canonical or "other", True
        elif canonical and assessor != canonical:
            if _LEVEL_RANK[p_level or "article"] <= _LEVEL_RANK[a_level or "article"]:
                assessor, implied = canonical, True
            else:
                program = ASSESSOR_PROGRAM.get(assessor, "other")
        return assessor, program, implied

    def _advance(self, ctx: _Context, sent: _Sentence, facts: list[Fact], markers: list[YearMarker],
                 in_sentence: list[Mention], state: _State) -> None:
        """Carry the sentence's stated year and its subject to the sentences that do not restate them."""
        if facts:
            latest = max(facts, key=lambda f: f.year or 0)
            state.last_year, state.last_period = latest.year, latest.period
            state.subject = facts[0].region_code
            return
        stated = [mk for mk in markers if mk.kind in ("explicit", "relative") and not mk.future]
        if stated and _ASSESSMENT_WORDS.search(ctx.text, sent.start, sent.end):
            year = _marker_year(stated[0], ctx.pub_year, None)
            if year is not None and (ctx.pub_year is None or year <= ctx.pub_year):
                state.last_year, state.last_period = year, stated[0].period
        subjects = [m for m in in_sentence if m.role == "subject"]
        if subjects:
            state.subject = subjects[0].code

    def _result(self, article: Article, facts: list[Fact], officials: list[Official],
                body_offset: int) -> Extraction:
        return Extraction(
            article=article,
            facts=tuple(replace(_to_field(f, body_offset), extractor_version=EXTRACTOR_VERSION) for f in facts),
            officials=tuple(_to_field(o, body_offset) for o in officials),
            extractor_version=EXTRACTOR_VERSION,
        )


def _listed_holders(text: str, hit: ValueHit, hits: list[ValueHit], in_sentence: list[Mention],
                    sent_end: int) -> list[Mention]:
    """The regions of the list a grade introduces, up to where the sentence turns (`sedangkan`) or names
    another grade; the list's items may carry their own scores (`Kabupaten Karo (36,97), Kota Binjai ...`)."""
    if hit.list_start is None:
        return []
    stop = CLAUSE_BOUNDARY.search(text, hit.list_start, sent_end)
    end = min([stop.start() if stop else sent_end]
              + [h.start for h in hits if h.start >= hit.list_start and h.metric == "grade"])
    return [m for m in in_sentence if m.role == "subject" and m.code and hit.list_start <= m.start < end]


def _holders_behind(text: str, sent_start: int, hit: ValueHit, previous: list[Mention]) -> list[Mention]:
    """`Bengkulu, Jambi dan Lampung. Ketiga provinsi tersebut masuk kategori kurang inovatif`: the
    regions the sentence before listed, as many as it says."""
    behind = [m for m in _GROUP_BEHIND.finditer(text, sent_start, hit.start)]
    if not behind or not previous:
        return []
    count = parse_count(behind[-1].group("n"))
    if count is None or count < 2 or count > len(previous):
        return []
    return previous[-count:]


def _marker_year(marker: YearMarker, pub_year: int | None, base: int | None) -> int | None:
    if marker.kind == "explicit":
        return marker.years[-1]
    if marker.kind == "relative":
        return pub_year + marker.offset if pub_year is not None else None
    if marker.kind == "previous" and base is not None:
        return base + marker.offset
    return None


# Words that name the Ombudsman's assessment only in a story about public services: `kepatuhan` is also
# drivers' compliance in a traffic operation, taxpayers', a health protocol's.
_BARE_COMPLIANCE = frozenset({"kepatuhan", "tingkat kepatuhan", "penilaian kepatuhan"})
_SERVICE_STORY = re.compile(r"\b(?:Ombudsman|(?:standar\s+)?pelayanan\s+publik|layanan\s+publik)\b", re.I)


def _lexicon(doc: Doc, text: str) -> list[_Lex]:
    spans = sorted(doc.spans["lexicon"], key=lambda s: (s.start_char, -(s.end_char - s.start_char)))
    service_story = bool(_SERVICE_STORY.search(text))
    kept: list[_Lex] = []
    last_end = -1
    for s in spans:
        if s.start_char < last_end:
            continue
        if not service_story and " ".join(s.text.lower().split()) in _BARE_COMPLIANCE:
            continue
        kept.append(_Lex(s.start_char, s.end_char, s.label_, s.id_))
        last_end = s.end_char
    return kept


def _nearest(lexicon: list[_Lex], label: str, hit: ValueHit, sent: _Sentence,
             sentences: list[_Sentence]) -> tuple[str | None, str | None]:
    """The assessor or programme named nearest the value: in its sentence, its paragraph, the article."""
    same = [lx for lx in lexicon if lx.label == label and sent.start <= lx.start < sent.end]
    if label == "PROGRAM":
        same = [lx for lx in same if lx.code != "pelayanan_publik"] or same
    if same:
        best = min(same, key=lambda lx: (abs(lx.start - hit.value_start), lx.start))
        return best.code, "sentence"
    para_start = min((s.start for s in sentences if s.paragraph == sent.paragraph), default=sent.start)
    para = [lx for lx in lexicon if lx.label == label and para_start <= lx.start < sent.start]
    if para:
        return para[-1].code, "paragraph"
    counts = Counter(lx.code for lx in lexicon if lx.label == label and lx.code != "pelayanan_publik")
    if counts:
        top = max(counts.values())
        first = next(lx.code for lx in lexicon if lx.label == label and counts.get(lx.code) == top)
        return first, "article"
    generic = [lx for lx in lexicon if lx.label == label]
    return (generic[0].code, "article") if generic else (None, None)


def _specific_program(lexicon: list[_Lex]) -> str | None:
    counts = Counter(lx.code for lx in lexicon if lx.label == "PROGRAM" and lx.code != "pelayanan_publik")
    return counts.most_common(1)[0][0] if counts else None


def _to_field(record: Fact | Official, body_offset: int):  # type: ignore[no-untyped-def]
    """Offsets were taken in `headline + blank line + body`; give them relative to the field they are in."""
    if body_offset and record.quote_start >= body_offset:
        shift: dict[str, object] = {"quote_field": "body", "quote_start": record.quote_start - body_offset,
                                    "quote_end": record.quote_end - body_offset}
        if isinstance(record, Fact):
            shift["sentence_start"] = max(0, record.sentence_start - body_offset)
            shift["sentence_end"] = max(0, record.sentence_end - body_offset)
        return replace(record, **shift)  # type: ignore[arg-type]
    return replace(record, quote_field="title" if body_offset else "body")


@lru_cache(maxsize=1)
def parse_number_or_none(raw: str) -> float | None:
    try:
        return parse_number(raw)
    except ValueError:
        return None


def default_extractor() -> FactExtractor:
    return FactExtractor(default_pipeline(), default_gazetteer())


def extract(article: Article) -> Extraction:
    """The seam: one article in, its facts and officials out."""
    return default_extractor().extract(article)
