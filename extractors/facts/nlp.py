"""The spaCy pipeline: a blank Indonesian tokenizer, sentence rules, and rulers over our lexicons.

Nothing is downloaded: the pipeline is built from spaCy's blank Indonesian language and the gazetteer at first
use, then reused for every article.

Building `spacy.blank("id")` takes about 2.5 s, nearly all of it loading 15,600 tokenizer exceptions that
each keep one hyphenated word whole (`anak-anak`, `masing-masing`). The same words are kept whole here by a
set lookup in the tokenizer's `token_match`, which spaCy asks at each step of splitting a word, as it asks the
exceptions; the other 350 exceptions stay. The tokens are the same (`tests/test_extraction.py` compares them
with `spacy.blank("id")`'s on every text in the tests); the start is about 0.1 s.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.lang.id import Indonesian
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex

from extractors.facts.gazetteer import Gazetteer, default_gazetteer
from extractors.facts.lexicon import ASSESSORS, CASE_SENSITIVE, PROGRAMS

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = (
    "Kab.", "Prov.", "Kec.", "Kel.", "Jl.", "No.", "Dr.", "dr.", "Ir.", "Drs.", "Dra.", "Hj.", "H.", "Prof.",
    "Tbk.", "Rp.", "St.", "Sdr.", "Bpk.", "Ny.", "dkk.", "tsb.", "a.n.", "u.p.", "Sos.", "Si.", "Pd.",
)


def _token_at(doc: Doc, starts: np.ndarray, pos: int) -> Token | None:
    """The first token that starts at or after a character offset."""
    i = int(np.searchsorted(starts, pos))
    return doc[i] if 0 < i < len(doc) else None


def mark_paragraphs(doc: Doc, text: str) -> Doc:
    """A line break always ends a sentence: headlines, captions and datelines carry no full stop. And
    `... meraih predikat A. Sementara itu ...`: the letter of a grade with its full stop is one token (as
    initials in names are), so the sentence break after it is restored. Breaks are found in the text the
    Doc was made from and mapped to tokens through their offsets: a loop over every token in Python, or
    reading `doc.text` (which builds a Python object per token), would cost more than the tokenizer."""
    breaks = [m.end() for m in _NEWLINES.finditer(text)] + [m.end() for m in _GRADE_STOP.finditer(text)]
    if breaks:
        starts = doc.to_array("IDX")
        for pos in breaks:
            token = _token_at(doc, starts, pos)
            if token is not None:
                token.is_sent_start = True
    return doc


_NEWLINES = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)*")
_GRADE_STOP = re.compile(r"(?i:\b(?:predikat|nilai|kategori|berpredikat|dipredikat|meraih|mendapat(?:kan)?|"
                         r"memperoleh|mengantongi|menjadi|tetap|masih|juga|status))\s+[\"“”‘’']?[ABCD]\.\s+(?=[A-Z])")


Patterns = list[dict[str, Any]]


def _phrase_patterns(label: str, forms: dict[str, tuple[str, ...]]) -> tuple[Patterns, Patterns]:
    exact: Patterns = []
    folded: Patterns = []
    for code, phrases in forms.items():
        for phrase in phrases:
            target = exact if phrase in CASE_SENSITIVE else folded
            target.append({"label": label, "pattern": phrase, "id": code})
    return exact, folded


# spaCy's exceptions that keep a hyphenated word whole, as one token of the same text.
_WHOLE_WORDS = frozenset(form for form, tokens in Indonesian.Defaults.tokenizer_exceptions.items()
                         if "-" in form and len(tokens) == 1)


class _Indonesian(Indonesian):
    """spaCy's Indonesian without the exceptions that `_WHOLE_WORDS` stands in for."""

    class Defaults(Indonesian.Defaults):
        tokenizer_exceptions: ClassVar[dict[str, Any]] = {
            form: tokens for form, tokens in Indonesian.Defaults.tokenizer_exceptions.items()
            if form not in _WHOLE_WORDS}


def _whole_word(text: str) -> bool:
    return text in _WHOLE_WORDS


def blank_indonesian() -> Language:
    """The blank `id` pipeline, tokenizing as `spacy.blank("id")` does, built in a fraction of its time."""
    nlp = _Indonesian()
    if nlp.tokenizer.token_match is not None:            # spaCy's Indonesian has none; never lose one
        raise RuntimeError("spaCy's Indonesian now has a token_match: combine it with _whole_word")
    nlp.tokenizer.token_match = _whole_word
    return nlp


# A name typed with only its first word capitalised (`Kabupaten Labuhan batu`) is still the name, unless the
# later words are common words that follow a capitalised one in running text (`Ibu Kota baru`).
_COMMON_LATER = frozenset({"baru", "besar", "lama", "raya", "jaya", "kota", "pulau", "tengah", "utara", "selatan",
                           "timur", "barat", "laut", "darat", "atas", "bawah", "kepulauan", "kabupaten", "provinsi"})


def _first_capital(form: str) -> str:
    words = form.split(" ")
    if len(words) < 2 or any(w.lower() in _COMMON_LATER for w in words[1:]):
        return form
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def build_pipeline(gazetteer: Gazetteer) -> Language:
    nlp = blank_indonesian()
    # Hurried typing glues brackets to words (`Timur(Boltim)`): split them so names still match.
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Za-z])[()](?=[A-Za-z])", r"(?<=[A-Za-z])\)", r"\((?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        nlp.tokenizer.add_special_case(f"{letter}.", [{"ORTH": f"{letter}."}])
    nlp.add_pipe("sentencizer")                     # `analyse` then marks paragraph breaks (`mark_paragraphs`)

    # Region names match case-sensitively (so `batang` or `bone` in running text is no region), in
    # title case as written and in upper case as datelines write them. Spans, not entities: overlaps
    # (`Lebong` inside `Rejang Lebong`) are settled by the region reader, longest first.
    region_ruler = nlp.add_pipe("span_ruler", name="regions",
                                config={"spans_key": "regions", "phrase_matcher_attr": "ORTH"})
    seen: set[str] = set()
    patterns = []
    for form in gazetteer.forms:
        for variant in (form, form.upper(), _first_capital(form)):
            if variant not in seen:
                seen.add(variant)
                patterns.append({"label": "REGION", "pattern": variant, "id": form})
    region_ruler.add_patterns(patterns)

    exact_assessors, folded_assessors = _phrase_patterns("ASSESSOR", ASSESSORS)
    exact_programs, folded_programs = _phrase_patterns("PROGRAM", PROGRAMS)
    exact = nlp.add_pipe("span_ruler", name="lexicon_exact",
                         config={"spans_key": "lexicon", "phrase_matcher_attr": "ORTH"})
    exact.add_patterns(exact_assessors + exact_programs)
    folded = nlp.add_pipe("span_ruler", name="lexicon_folded",   # adds to the acronyms, does not replace them
                          config={"spans_key": "lexicon", "phrase_matcher_attr": "LOWER", "overwrite": False})
    folded.add_patterns(folded_assessors + folded_programs)
    return nlp


def analyse(nlp: Language, text: str) -> Doc:
    """The text as one Doc, also past spaCy's `max_length` (a page of a million characters is hostile input
    or a dump, not a reason to fail): it is read in pieces cut at paragraph breaks, else at spaces, and the
    pieces joined back, so offsets are those of the whole text."""
    if len(text) < nlp.max_length:
        return mark_paragraphs(nlp(text), text)
    size = nlp.max_length // 2
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            cut = cut + 2 if cut > start else text.rfind(" ", start, end) + 1
            end = cut if cut > start else end
        pieces.append(text[start:end])
        start = end
    doc = Doc.from_docs(list(nlp.pipe(pieces)), ensure_whitespace=False)
    if doc.text != text:                                 # never expected; offsets would be wrong
        raise ValueError("the text could not be read in pieces without changing it")
    return mark_paragraphs(doc, text)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Each sentence's character span, as `doc.sents` gives it, read from token arrays instead of building
    a Python object per token."""
    if not len(doc):
        return []
    arr = doc.to_array([IDX, LENGTH, SENT_START])
    starts = [0, *(int(i) for i in np.flatnonzero(arr[1:, 2] == 1) + 1)]
    ends = [*starts[1:], len(doc)]
    return [(int(arr[a, 0]), int(arr[b - 1, 0] + arr[b - 1, 1])) for a, b in zip(starts, ends, strict=True)]


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    return build_pipeline(default_gazetteer())
