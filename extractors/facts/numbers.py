"""Numbers as Indonesian reporters write them.

Indonesian uses the comma as the decimal mark and the dot for thousands (`1.234,5`), but sites copy
English habits too (`85.60`). A dot followed by exactly three digits is read as thousands unless the
caller knows the scale is small (an EPPD score of `3.452` is 3.452, not 3452).
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
}
ORDINALS: dict[str, int] = {
    "pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6,
    "ketujuh": 7, "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10, "kesebelas": 11,
}
ROMAN: dict[str, int] = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
}

# One numeric token: grouped thousands with an optional decimal part, or plain digits with one.
NUMBER_RE = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"


def parse_number(text: str, *, small_scale: bool = False) -> float:
    """`85,60` -> 85.6, `1.234,5` -> 1234.5, `85.60` -> 85.6, `1.500` -> 1500 (1.5 if small_scale)."""
    s = text.strip()
    if not re.fullmatch(NUMBER_RE, s):
        raise ValueError(f"not a number: {text!r}")
    if "," in s:
        return float(s.replace(".", "").replace(",", "."))
    if "." in s:
        tail = s.rpartition(".")[2]
        if s.count(".") > 1 or (len(tail) == 3 and not small_scale):
            return float(s.replace(".", ""))
        return float(s)
    return float(s)


def parse_count(text: str) -> int | None:
    """A small whole number written as digits, a word, an ordinal word, `ke-3` or a Roman numeral."""
    s = text.strip()
    low = s.lower()
    if low.startswith("ke-") or low.startswith("ke "):
        s = s[3:].strip()
        low = s.lower()
    if s.isdigit():
        return int(s)
    if low in ORDINALS:
        return ORDINALS[low]
    if low in UNITS:
        return UNITS[low]
    if s in ROMAN:
        return ROMAN[s]
    return None

