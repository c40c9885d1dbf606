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


@lru_cache(maxsize=256)        # a few dozen word sets an article
def word_starts(text: str, words: tuple[str, ...]) -> list[int] | None:
    """Sorted offsets where any of the words starts: lower-case words in any case, others as written. `None`
    where lower-casing moves offsets: then every sentence may hold them."""
    lowered = _folded(text)
    if lowered is None:
        return None
    starts: list[int] = []
    for word in words:
        haystack = lowered if word.islower() else text
        at = haystack.find(word)
        while at != -1:
            starts.append(at)
            at = haystack.find(word, at + 1)
    return sorted(starts)


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
    lowered = _folded(text)
    if lowered is None:
        return None
    bits: dict[str, int] = {}
    for i, words in enumerate(groups):
        for word in words:
            bits[word] = bits.get(word, 0) | 1 << i
    at: dict[int, int] = {}
    for word, mask in bits.items():
        haystack = lowered if word.islower() else text
        found = haystack.find(word)
        while found != -1:
            at[found] = at.get(found, 0) | mask
            found = haystack.find(word, found + 1)
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
