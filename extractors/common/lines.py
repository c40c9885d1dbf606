"""A line shaped like a headline: how the page stage tells a related story's title from the story, and the
facts stage an official named in a headline from one named in the body."""

from __future__ import annotations

import re

_ENUMERATED_RE = re.compile(r"^(?:\d{1,2}[.)]|[-•*▪–—])\s")
_REGION_ITEM_RE = re.compile(r"(?:\d{1,3}[.)]\s*)?(?:Kabupaten|Kota|Provinsi|Pemkab|Pemkot|Pemprov|Kab\.)\s")
_SMALL_WORDS = frozenset({"di", "ke", "dan", "dari", "untuk", "yang", "dengan", "pada", "se", "jadi", "oleh",
                          "atau", "dalam", "bagi", "ini", "itu", "jelang", "usai", "saat"})


def headline_like(line: str) -> bool:
    """A line written as a headline (`Wali Kota Ternate Lantik 112 Pejabat Fungsional`): mostly capitalised
    words, no sentence ending, not an item of a list."""
    text = line.strip()
    if not text or _ENUMERATED_RE.match(text) or text[-1] in ".!?\"”'":
        return False
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    if not 4 <= len(words) <= 22 or (len(words) <= 5 and _REGION_ITEM_RE.match(text)):
        return False                                    # `Kabupaten Bolaang Mongondow Selatan`: an item of a list
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return capitalised >= 0.75 * len(words)
