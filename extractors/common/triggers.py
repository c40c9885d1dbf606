"""Where an article holds given words, found once for all its sentences.

Most sentences of a story hold no grade, no year and no period, yet each pattern tried on each sentence walks
it character by character in the regex engine (a pattern that opens with `\\b` or a case-insensitive group gets
no fast skip). A pattern is tried on a sentence only where the sentence holds a word every match of it contains;
`str.find` on the lower-cased article finds those words at C speed, and the sentences of one article share its
text, so the search runs once an article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

# The regex engine's case-insensitive matching also takes `ı` for `i` and `ſ` for `s`, which `str.lower` keeps
# (the Kelvin sign it lower-cases to `k` already): folded the same way, no word a pattern would match is missed.
_LIKE_ASCII = str.maketrans({"ı": "i", "ſ": "s"})


@lru_cache(maxsize=4)          # the article being read; folding costs as much as all the word searches
def _folded(text: str) -> str | None:
    """The text lower-cased as the regex engine compares it, or `None` where that moves offsets (`İ` becomes
    two characters)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return None
    return lowered.translate(_LIKE_ASCII) if "ı" in lowered or "ſ" in lowered else lowered


@lru_cache(maxsize=512)        # the article's hundred-odd trigger and lead words, each looked for once
def _offsets(text: str, word: str) -> tuple[int, ...]:
    """Where the word starts: a lower-case word in any case (the text folded), others as written. The text
    must fold without moving offsets (`_folded` is not `None`)."""
    haystack = _folded(text) if word.islower() else text
    assert haystack is not None
    found: list[int] = []
    at = haystack.find(word)
    while at != -1:
        found.append(at)
        at = haystack.find(word, at + 1)
    return tuple(found)


@lru_cache(maxsize=256)        # a few dozen word sets an article
def word_starts(text: str, words: tuple[str, ...]) -> list[int] | None:
    """Sorted offsets where any of the words starts (see `_offsets`). `None` where lower-casing moves offsets:
    then every sentence may hold them."""
    if _folded(text) is None:
        return None
    return sorted(at for word in words for at in _offsets(text, word))


def holds(text: str, words: tuple[str, ...], start: int, end: int) -> bool:
    """Whether one of the words starts in `text[start:end]` (or may: see `word_starts`)."""
    starts = word_starts(text, words)
    if starts is None:
        return True
    i = bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


def word_masks(text: str, groups: tuple[tuple[str, ...], ...]) -> tuple[list[int], list[int]] | None:
    """Offsets where a word of any group starts, sorted, each with a bit mask of the groups (bit `i` for
    `groups[i]`) that hold a word starting there; `None` where lower-casing moves offsets. For many patterns'
    trigger words at once: `mask_within` then says which patterns a sentence may match, with two bisections
    instead of one a pattern."""
    if _folded(text) is None:
        return None
    at: dict[int, int] = {}
    for i, words in enumerate(groups):
        for word in words:
            for found in _offsets(text, word):
                at[found] = at.get(found, 0) | 1 << i
    offsets = sorted(at)
    return offsets, [at[o] for o in offsets]


def mask_within(found: tuple[list[int], list[int]] | None, start: int, end: int) -> int:
    """The groups (see `word_masks`) with a word starting in `text[start:end]`; every group where `found` is
    `None`."""
    if found is None:
        return -1
    offsets, masks = found
    mask = 0
    for i in range(bisect_left(offsets, start), bisect_left(offsets, end)):
        mask |= masks[i]
    return mask


@lru_cache(maxsize=4)
def _digit_runs(text: str) -> tuple[list[int], list[int]]:
    runs = [m.span() for m in _DIGITS.finditer(text)]
    return [s for s, _ in runs], [e for _, e in runs]


_DIGITS = re.compile(r"\d+")


def holds_digit(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` holds a digit (`\\d`, as the patterns read it): a number's patterns need not be
    tried on a sentence without one."""
    starts, ends = _digit_runs(text)
    i = bisect_right(ends, start)                # the first run that ends past `start`
    return i < len(starts) and max(starts[i], start) < end


def matches_from(rx: re.Pattern[str], text: str, words: tuple[str, ...], pos: int = 0,
                 endpos: int | None = None) -> Iterator[re.Match[str]]:
    """`rx.finditer(text, pos, endpos)` for a pattern every match of which starts with one of the words
    (lower-case words in any case, others as written): the pattern is tried only where a word starts, not at
    every character. A match at a word's start sees the text before it, so a leading `\\b` means what it
    means in `finditer`; the next match is looked for from the end of the last, as `finditer` does."""
    end = len(text) if endpos is None else endpos
    starts = word_starts(text, words)
    if starts is None:
        yield from rx.finditer(text, pos, end)
        return
    after = pos
    for at in starts[bisect_left(starts, pos):bisect_left(starts, end)]:
        if at < after:
            continue
        m = rx.match(text, at, end)
        if m is not None:
            after = max(m.end(), at + 1)
            yield m
