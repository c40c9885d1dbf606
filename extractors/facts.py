"""Article to facts and officials: the one seam between what was published and what Pantau claims it says.

`extract(article)` reads the headline and the body as one text, finds region mentions, values (scores,
ranks, grades) and year markers sentence by sentence, and gives each value its region, year, period,
assessor and programme, from its own sentence where the text says so and from the sentences before it
where it does not. Where a rule had to guess, the fact's confidence says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from spacy.language import Language

from extractors.gazetteer import Gazetteer, default_gazetteer
from extractors.lexicon import ASSESSOR_PROGRAM, GENERIC_PROGRAM_BY_ASSESSOR, PROGRAM_ASSESSOR
from extractors.nlp import default_pipeline
from extractors.officials import find_officials
from extractors.regions import Mention, find_mentions, main_region, resolve_mentions
from extractors.values import ScopeCue, ValueHit, excluded_spans, find_grades, find_ranks, find_scores
from extractors.years import YearMarker, bind_marker, find_markers
from models import Article, Extraction, Fact, Official

EXTRACTOR_VERSION = "pantau-rules/0.3"

_COMPARISON = re.compile(r"\b(?:melampaui|mengungguli|mengalahkan|di atas|di bawah|dibanding(?:kan)?|ketimbang|"
                         r"daripada|menyusul|disusul|unggul atas|menggeser|diikuti)\b")
_CLAUSE_BOUNDARY = re.compile(r"\b(?:sedangkan|sementara|adapun|namun|tetapi|disusul|diikuti)\b|;")
_ASSESSMENT_WORDS = re.compile(r"\b(?:penilaian|evaluasi|dinilai|hasil|skor|nilai|indeks|capaian|peringkat|"
                               r"predikat|opini|zona|kategori)\b", re.I)

_LEVEL_RANK = {"value": 0, "sentence": 1, "paragraph": 2, "article": 3}


@dataclass(frozen=True, slots=True)
class _Lex:
    start: int
    end: int
    label: str
    code: str


@dataclass(slots=True)
class _State:
    """What earlier sentences established: the year under discussion, the region, the ranking's field."""

    year: int | None
    period: str | None
    year_guessed: bool
    subject: str | None
    rank_scope: str | None = None
    last_program: dict[int, tuple[str, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    paragraph: int


class FactExtractor:
    """Holds the pipeline and gazetteer; `extract` is a pure function of the article."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.nlp = nlp
        self.gazetteer = gazetteer
        self._appositions: list[tuple[int, int]] = []

    def extract(self, article: Article) -> Extraction:
        title = " ".join(article.title.split())
        head = f"{title}\n\n" if title else ""
        text = head + article.body
        title_end = len(title)
        doc = self.nlp(text)
        gaz = self.gazetteer

        mentions = find_mentions(doc, gaz)
        resolve_mentions(mentions, gaz)
        self._appositions = [(m.start, m.end) for m in mentions if m.role == "apposition"]
        home = main_region(mentions, title_end)
        officials = find_officials(text, mentions, gaz, home, title_end)
        lexicon = _lexicon(doc)
        excluded = excluded_spans(text)
        sentences = [
            _Sentence(s.start_char, s.end_char, text.count("\n", 0, s.start_char))
            for s in doc.sents if s.text.strip()
        ]
        if not any(lx.label in ("PROGRAM", "ASSESSOR") for lx in lexicon) and not re.search(
                r"\b(?:zona (?:hijau|kuning|merah)|WTP|WDP)\b", text, re.I):
            return self._result(article, [], officials, len(head))

        pub_year = article.published.year if isinstance(article.published, date) else None
        scope_cues = [
            ScopeCue(m.start, m.end, "province") for m in mentions
            if m.code and m.role in ("scope", "location") and gaz.get(m.code).level == "provinsi"
        ]
        body = [s for s in sentences if s.start >= title_end]
        heads = [s for s in sentences if s.start < title_end]
        focal = self._focal_year(text, body, excluded, scope_cues, lexicon, pub_year)
        state = _State(year=focal[0], period=focal[1], year_guessed=focal[2], subject=home)

        facts: list[Fact] = []
        for sent in body + heads:
            if sent.start < title_end and sent is heads[0]:
                state.year, state.period, state.year_guessed, state.subject = (
                    focal[0], focal[1], focal[2], home)
            facts.extend(self._sentence_facts(text, sent, mentions, lexicon, excluded, scope_cues, state,
                                              pub_year, home, sentences))
        facts = _dedupe(facts)
        facts = _flag_conflicts(facts)
        return self._result(article, facts, officials, len(head))

    # ------------------------------------------------------------------ per sentence

    def _values(self, text: str, sent: _Sentence, lexicon: list[_Lex], excluded: list[tuple[int, int]],
                scope_cues: list[ScopeCue]) -> list[ValueHit]:
        ranks = find_ranks(text, sent.start, sent.end, excluded, scope_cues, self._appositions)
        taken = [(h.value_start, h.value_end) for h in ranks]
        taken += [(h.end - 40, h.end) for h in ranks if h.out_of is not None]
        has_programme = any(sent.start <= lx.start < sent.end for lx in lexicon)
        scores = find_scores(text, sent.start, sent.end, excluded, _out_of_spans(text, ranks), has_programme)
        grades = find_grades(text, sent.start, sent.end)
        return sorted(ranks + scores + grades, key=lambda h: h.value_start)

    def _sentence_facts(self, text: str, sent: _Sentence, mentions: list[Mention], lexicon: list[_Lex],
                        excluded: list[tuple[int, int]], scope_cues: list[ScopeCue], state: _State,
                        pub_year: int | None, home: str | None, sentences: list[_Sentence]) -> list[Fact]:
        gaz = self.gazetteer
        hits = self._values(text, sent, lexicon, excluded, scope_cues)
        markers = find_markers(text, sent.start, sent.end, excluded)
        in_sentence = [m for m in mentions if sent.start <= m.start < sent.end and m.code]
        facts: list[Fact] = []
        value_spans = [(h.value_start, h.value_end) for h in hits]
        for hit in hits:
            if hit.metric == "grade" and hit.value.startswith("kualitas") and not any(  # type: ignore[union-attr]
                    lx.code in ("ombudsman", "kepatuhan_pelayanan_publik") for lx in lexicon):
                continue
            confidence = 1.0
            # --- region
            subject, how = self._subject(text, hit, in_sentence, hits, state)
            if subject is None:
                continue
            if how != "sentence":
                confidence *= 0.85
            if subject.ambiguous if isinstance(subject, Mention) else False:
                confidence *= 0.8
            code = subject.code if isinstance(subject, Mention) else subject
            if code is None:
                continue
            region = gaz.get(code)
            # --- year and period
            others = [s for s in value_spans if s != (hit.value_start, hit.value_end)]
            marker = bind_marker(text, markers, hit.value_start, hit.value_end, others)
            resolved = self._years(marker, markers, state, pub_year)
            if resolved is None:
                continue
            years, period, guessed = resolved
            if guessed:
                confidence *= 0.9 if state.year is not None and not state.year_guessed else 0.6
            # --- assessor and programme
            assessor, program, implied = self._assessment(hit, sent, lexicon, sentences)
            if implied:
                confidence *= 0.9
            # --- scope of a rank
            scope = hit.scope
            if hit.metric == "rank":
                if scope is None:
                    scope = state.rank_scope or "national"
                    confidence *= 0.85
                state.rank_scope = scope
            quote_start, quote_end = self._quote_span(text, hit, subject, sent, marker)
            stated = subject.stated_province if isinstance(subject, Mention) else None
            flags = []
            if stated and stated != region.province_code:
                flags.append("province_mismatch")
            for year in years:
                facts.append(Fact(
                    region=region.full_name, region_code=region.code, assessor=assessor, program=program,
                    year=year, period=period, metric=hit.metric,
                    scope=scope if hit.metric == "rank" else None,
                    value=hit.value if isinstance(hit.value, str) else float(hit.value),
                    unit=(hit.unit or "points") if hit.metric == "score" else None,
                    out_of=hit.out_of if hit.metric == "rank" else None,
                    quote=text[quote_start:quote_end], quote_start=quote_start, quote_end=quote_end,
                    sentence_start=sent.start, sentence_end=sent.end, stated_province_code=stated,
                    confidence=round(confidence, 3), flags=tuple(flags),
                ))
        self._advance(text, sent, facts, markers, in_sentence, lexicon, state, pub_year)
        return facts

    def _subject(self, text: str, hit: ValueHit, in_sentence: list[Mention], hits: list[ValueHit],
                 state: _State) -> tuple[Mention | str | None, str]:
        # A province named as the field of a ranking (`terbaik di Provinsi Bengkulu`) is not its subject.
        scope_spans = [(h.value_end, h.scope_end or h.end) for h in hits if h.metric == "rank"]
        usable = [m for m in in_sentence if m.role == "subject" or (
            m.role == "location" and not (m.cue == "provinsi" or (any(s <= m.start < e for s, e in scope_spans)
                                          and self.gazetteer.get(m.code or "").level == "provinsi")))]
        before = [m for m in usable if m.end <= hit.value_start and not (hit.start <= m.start < hit.end)]
        after = [m for m in usable if m.start >= hit.end]
        other_values = [h for h in hits if h is not hit]
        if before:
            pre = before[-1]
            gap = text[pre.end:hit.start]
            if _CLAUSE_BOUNDARY.search(gap) and after:
                nxt = after[0]
                between = text[hit.end:nxt.start]
                if not _CLAUSE_BOUNDARY.search(between) and not _COMPARISON.search(between):
                    return nxt, "sentence"
            return pre, "sentence"
        if after:
            nxt = after[0]
            between = text[hit.end:nxt.start]
            if not _COMPARISON.search(between) and not any(hit.end <= h.value_start < nxt.start
                                                            for h in other_values):
                return nxt, "sentence"
        officials = [m for m in in_sentence if m.role == "official"]
        if officials:
            return officials[0], "official"
        if state.subject:
            return state.subject, "context"
        return None, "none"

    def _years(self, marker: YearMarker | None, markers: list[YearMarker], state: _State,
               pub_year: int | None) -> tuple[tuple[int, ...], str | None, bool] | None:
        if marker is None:
            if state.year is None:
                return None
            return (state.year,), state.period, True
        if marker.future:
            return None
        if marker.kind == "explicit":
            if pub_year and any(y > pub_year for y in marker.years):
                return None                                  # a future year: a plan, not a result
            return marker.years, marker.period, False
        if marker.kind == "period":
            if state.year is None:
                return None
            return (state.year,), marker.period, True
        if marker.kind == "relative":
            base = pub_year if pub_year is not None else None
            if base is None:
                return None
            return (base + marker.offset,), marker.period, False
        # `tahun sebelumnya`: one before the year the sentence (or the text so far) is about.
        earlier = [mk for mk in markers if mk.end <= marker.start and mk.kind == "explicit"]
        base = earlier[-1].years[-1] if earlier else state.year
        if base is None:
            return None
        return (base + marker.offset,), None, not earlier

    def _assessment(self, hit: ValueHit, sent: _Sentence, lexicon: list[_Lex],
                    sentences: list[_Sentence]) -> tuple[str, str, bool]:
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

    def _quote_span(self, text: str, hit: ValueHit, subject: Mention | str | None, sent: _Sentence,
                    marker: YearMarker | None) -> tuple[int, int]:
        start, end = hit.start, hit.end
        if isinstance(subject, Mention) and sent.start <= subject.start < hit.start \
                and hit.start - subject.end <= 60:
            start = subject.start
        elif isinstance(subject, Mention) and hit.end <= subject.start and subject.start - hit.end <= 40 \
                and subject.end <= sent.end:
            end = subject.end
        if marker is not None and marker.start >= hit.end and marker.start - hit.end <= 30:
            end = max(end, marker.end)
        return start, end

    def _advance(self, text: str, sent: _Sentence, facts: list[Fact], markers: list[YearMarker],
                 in_sentence: list[Mention], lexicon: list[_Lex], state: _State, pub_year: int | None) -> None:
        """Carry the sentence's year and subject forward for the sentences that do not restate them."""
        if facts:
            first = facts[0]
            state.year, state.period = first.year, first.period
            state.year_guessed = state.year_guessed and first.confidence < 1
            state.subject = first.region_code
            return
        sentence_text = text[sent.start:sent.end]
        explicit = [mk for mk in markers if mk.kind == "explicit" and not mk.future]
        if explicit and _ASSESSMENT_WORDS.search(sentence_text) and (
                pub_year is None or explicit[0].years[-1] <= pub_year):
            state.year, state.period, state.year_guessed = explicit[0].years[-1], explicit[0].period, False
        subjects = [m for m in in_sentence if m.role == "subject"]
        if subjects:
            state.subject = subjects[0].code

    def _focal_year(self, text: str, body: list[_Sentence], excluded: list[tuple[int, int]],
                    scope_cues: list[ScopeCue], lexicon: list[_Lex],
                    pub_year: int | None) -> tuple[int | None, str | None, bool]:
        """The year the article is mainly about: the first one stated with a value or an assessment."""
        for sent in body:
            hits = self._values(text, sent, lexicon, excluded, scope_cues)
            if not hits:
                continue
            markers = [mk for mk in find_markers(text, sent.start, sent.end, excluded)
                       if mk.kind == "explicit" and not mk.future]
            if markers and (pub_year is None or markers[0].years[-1] <= pub_year):
                return markers[0].years[-1], markers[0].period, False
        for sent in body:
            markers = [mk for mk in find_markers(text, sent.start, sent.end, excluded)
                       if mk.kind == "explicit" and not mk.future]
            if markers and _ASSESSMENT_WORDS.search(text[sent.start:sent.end]) and (
                    pub_year is None or markers[0].years[-1] <= pub_year):
                return markers[0].years[-1], markers[0].period, False
        return pub_year, None, True

    def _result(self, article: Article, facts: list[Fact], officials: list[Official],
                body_offset: int) -> Extraction:
        return Extraction(
            article=article,
            facts=tuple(_to_field(f, body_offset) for f in facts),
            officials=tuple(_to_field(o, body_offset) for o in officials),
            extractor_version=EXTRACTOR_VERSION,
        )


def _lexicon(doc) -> list[_Lex]:  # type: ignore[no-untyped-def]
    spans = sorted(doc.spans["lexicon"], key=lambda s: (s.start_char, -(s.end_char - s.start_char)))
    kept: list[_Lex] = []
    last_end = -1
    for s in spans:
        if s.start_char < last_end:
            continue
        kept.append(_Lex(s.start_char, s.end_char, s.label_, s.id_))
        last_end = s.end_char
    return kept


def _nearest(lexicon: list[_Lex], label: str, hit: ValueHit, sent: _Sentence,
             sentences: list[_Sentence]) -> tuple[str | None, str | None]:
    same = [lx for lx in lexicon if lx.label == label and sent.start <= lx.start < sent.end]
    if label == "PROGRAM":
        specific = [lx for lx in same if lx.code != "pelayanan_publik"]
        same = specific or same
    if same:
        best = min(same, key=lambda lx: (abs(lx.start - hit.value_start), lx.start))
        return best.code, "sentence"
    para = [lx for lx in lexicon if lx.label == label and lx.start < sent.start
            and any(s.paragraph == sent.paragraph and s.start <= lx.start < s.end for s in sentences)]
    if para:
        return para[-1].code, "paragraph"
    counts = Counter(lx.code for lx in lexicon if lx.label == label and lx.code != "pelayanan_publik")
    if counts:
        top = max(counts.values())
        for lx in lexicon:
            if lx.label == label and counts.get(lx.code) == top:
                return lx.code, "article"
    generic = [lx for lx in lexicon if lx.label == label]
    return (generic[0].code, "article") if generic else (None, None)


def _specific_program(lexicon: list[_Lex]) -> str | None:
    counts = Counter(lx.code for lx in lexicon if lx.label == "PROGRAM" and lx.code != "pelayanan_publik")
    return counts.most_common(1)[0][0] if counts else None


def _out_of_spans(text: str, ranks: list[ValueHit]) -> list[tuple[int, int]]:
    spans = [(h.value_start, h.value_end) for h in ranks]
    for h in ranks:
        if h.out_of is not None and h.scope_end:
            spans.append((h.end - 1 if h.scope_end is None else h.value_end, h.scope_end))
    return spans


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One claim stated twice (headline and body, lead and quote) is one fact; the first stays."""
    seen: dict[tuple[object, ...], int] = {}
    kept: list[Fact] = []
    for fact in facts:
        key = (fact.region_code, fact.metric, fact.scope, fact.year, fact.period,
               round(fact.value, 4) if isinstance(fact.value, float) else str(fact.value).lower())
        if key in seen:
            current = kept[seen[key]]
            if fact.confidence > current.confidence and current.quote_start >= 0:
                kept[seen[key]] = replace(fact, quote=current.quote, quote_start=current.quote_start,
                                          quote_end=current.quote_end, sentence_start=current.sentence_start,
                                          sentence_end=current.sentence_end)
            continue
        seen[key] = len(kept)
        kept.append(fact)
    return kept


def _flag_conflicts(facts: list[Fact]) -> list[Fact]:
    """Two values for one region, assessment, year and metric in one article: both stay, both flagged."""
    groups: dict[tuple[object, ...], set[object]] = {}
    for f in facts:
        groups.setdefault((f.region_code, f.assessor, f.program, f.year, f.period, f.metric, f.scope),
                          set()).add(f.value)
    out = []
    for f in facts:
        if len(groups[(f.region_code, f.assessor, f.program, f.year, f.period, f.metric, f.scope)]) > 1:
            f = replace(f, flags=(*f.flags, "conflicting_values"))
        out.append(f)
    return out


def _to_field(record: Fact | Official, body_offset: int):  # type: ignore[no-untyped-def]
    """Offsets were taken in `headline + blank line + body`; give them relative to the field they are in."""
    if body_offset and record.quote_start >= body_offset:
        shift = {"quote_field": "body", "quote_start": record.quote_start - body_offset,
                 "quote_end": record.quote_end - body_offset}
        if isinstance(record, Fact):
            shift["sentence_start"] = max(0, record.sentence_start - body_offset)
            shift["sentence_end"] = max(0, record.sentence_end - body_offset)
        return replace(record, **shift)  # type: ignore[arg-type]
    if body_offset:
        return replace(record, quote_field="title")
    return replace(record, quote_field="body")


@lru_cache(maxsize=1)
def default_extractor() -> FactExtractor:
    return FactExtractor(default_pipeline(), default_gazetteer())


def extract(article: Article) -> Extraction:
    """The seam: one article in, its facts and officials out."""
    return default_extractor().extract(article)
