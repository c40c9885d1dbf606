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
from spacy.attrs import IDX, IS_PUNCT, LENGTH
from spacy.lang.id import Indonesian
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from extractors.facts.gazetteer import Gazetteer, default_gazetteer
from extractors.facts.lexicon import ASSESSORS, CASE_SENSITIVE, PROGRAMS

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = (
    "Kab.", "Prov.", "Kec.", "Kel.", "Jl.", "No.", "Dr.", "dr.", "Ir.", "Drs.", "Dra.", "Hj.", "H.", "Prof.",
    "Tbk.", "Rp.", "St.", "Sdr.", "Bpk.", "Ny.", "dkk.", "tsb.", "a.n.", "u.p.", "Sos.", "Si.", "Pd.",
)


def sentence_starts(doc: Doc, text: str) -> np.ndarray:
    """The tokens that open a sentence, by spaCy's sentencizer rule plus breaks of our own.

    The rule (`spacy.pipeline.Sentencizer`, with its default end marks): a sentence starts at the first token
    that is neither punctuation nor an end mark after an end mark (`.`, `?`, `!`...). The component reads it
    token by token, building a Python object per token, which costs half as much as the tokenizer; here it
    is read from the token arrays. `tests/test_extraction.py` compares the two on every text in the tests.

    Then a line break always ends a sentence: headlines, captions and datelines carry no full stop. And
    `... meraih predikat A. Sementara itu ...`: the letter of a grade with its full stop is one token (as
    initials in names are), so the sentence break after it is restored. Breaks are found in the text the
    Doc was made from and mapped to tokens through their offsets (reading `doc.text` would build a Python
    object per token)."""
    return _starts(_token_arrays(doc), text)


def _token_arrays(doc: Doc) -> np.ndarray:
    """Per token: whether it is an end mark, whether punctuation, its offset, its length."""
    return doc.to_array([_end_mark_flag(doc.vocab), IS_PUNCT, IDX, LENGTH])


def _starts(arr: np.ndarray, text: str) -> np.ndarray:
    n = len(arr)
    if not n:
        return np.zeros(0, dtype=np.int64)
    ends = arr[:, 0] == 1
    ordinary = np.flatnonzero(~ends & (arr[:, 1] == 0))
    seen = np.cumsum(ends)
    starts = np.zeros(n, dtype=bool)
    starts[0] = True
    if len(ordinary):
        before = np.concatenate(([0], seen[ordinary[:-1]]))     # end marks up to the previous ordinary token
        starts[ordinary[seen[ordinary] > before]] = True
    breaks = [m.end() for m in _NEWLINES.finditer(text)] + _grade_stops(text)
    if breaks:
        at = np.searchsorted(arr[:, 2], breaks)                 # the first token at or after each break
        starts[at[(at > 0) & (at < n)]] = True
    return np.flatnonzero(starts)


_END_MARKS = frozenset(Sentencizer.default_punct_chars)
_END_MARK_FLAG = 63                    # the last of spaCy's 63 lexeme flag bits; its own use the first 18


def _is_end_mark(form: str) -> bool:
    return form in _END_MARKS


def _end_mark_flag(vocab: Any) -> int:
    """A lexeme flag for the sentencizer's end marks, read with the token arrays: set on a vocabulary once,
    then on each new word type as spaCy makes it."""
    if vocab.lex_attr_getters.get(_END_MARK_FLAG) is not _is_end_mark:
        vocab.add_flag(_is_end_mark, flag_id=_END_MARK_FLAG)
    return _END_MARK_FLAG


_NEWLINES = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)*")
_GRADE_WORD = re.compile(r"(?i:\b(?:predikat|nilai|kategori|berpredikat|dipredikat|meraih|mendapat(?:kan)?|"
                         r"memperoleh|mengantongi|menjadi|tetap|masih|juga|status))\Z")
_LETTER_STOP = re.compile(r"[ABCD]\.\s+(?=[A-Z])")
_QUOTES = "\"“”‘’'"


def _grade_stops(text: str) -> list[int]:
    """Where a sentence goes on after a grade's letter and full stop (`predikat A. Sementara itu`): the
    letter is found first (a capital is rare, so the regex engine skips to it), then the word before it, as
    one pattern (grade word, spaces, a quote maybe, the letter, its stop, spaces, a capital) would read them,
    without trying that pattern at every character."""
    stops = []
    for m in _LETTER_STOP.finditer(text):
        at = m.start()
        if at and text[at - 1] in _QUOTES:
            at -= 1
        word_end = at
        while word_end and text[word_end - 1].isspace():
            word_end -= 1
        if word_end < at and _GRADE_WORD.search(text, max(0, word_end - 12), word_end):
            stops.append(m.end())
    return stops


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
    # No sentencizer component: `sentence_spans` applies its rule from the token arrays (see `sentence_starts`).

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
        return nlp(text)
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
    return doc


def sentence_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Each sentence's character span (see `sentence_starts`)."""
    if not len(doc):
        return []
    arr = _token_arrays(doc)
    starts = [int(i) for i in _starts(arr, text)]
    ends = [*starts[1:], len(doc)]
    return [(int(arr[a, 2]), int(arr[b - 1, 2] + arr[b - 1, 3])) for a, b in zip(starts, ends, strict=True)]


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    return build_pipeline(default_gazetteer())
