"""A region as a person names it (`Rejang Lebong`, `Kab. Lebong`, `Kota Bengkulu`, `Sumbar`, `17.02`) to its
Kemendagri code, through the database's own `regions` and `region_aliases` tables.

What the person typed is only ever a query parameter. A bare name that several regions share (`Bengkulu` is a
province and a city; `Solok` a kabupaten and a kota) is not guessed: the error lists the candidates, each with
the name that picks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

_PREFIXES = (
    (re.compile(r"^(?:kabupaten|kab\.?|pemkab|pemerintah kabupaten)\s+", re.I), "kabupaten"),
    (re.compile(r"^(?:kota|pemkot|pemerintah kota)\s+", re.I), "kota"),
    (re.compile(r"^(?:provinsi|prov\.?|pemprov|pemerintah provinsi)\s+", re.I), "provinsi"),
)


# How alike (Jaro-Winkler, 0..1) a typed name must be to a region's name or alias to be offered as a guess:
# `rejang lebng` is 0.985 to Rejang Lebong and `surabya` 0.946 to Surabaya, while `Atlantis` is 0.72 to
# Kalimantan Timur, which no one typing Atlantis meant.
CLOSE = 0.85


class RegionNotFound(LookupError):
    """No region, or more than one, answers to the name; the message says which and what to type instead."""


@dataclass(frozen=True, slots=True)
class RegionRef:
    code: str
    name: str            # full name: `Kabupaten Rejang Lebong`
    level: str
    province_code: str
    province_name: str


def _split_prefix(text: str) -> tuple[str, str | None]:
    for pattern, level in _PREFIXES:
        m = pattern.match(text)
        if m:
            return text[m.end():].strip(), level
    return text, None


def resolve_region(con: duckdb.DuckDBPyConnection, text: str) -> RegionRef:
    typed = " ".join(text.split())
    if not typed:
        raise RegionNotFound("no region given")
    name, level = _split_prefix(typed)
    rows = con.execute(
        """SELECT DISTINCT r.code, r.full_name, r.level, r.province_code, r.province_name
           FROM regions r LEFT JOIN region_aliases a ON a.code = r.code
           WHERE (r.code = $typed OR lower(r.full_name) = lower($typed) OR lower(r.name) = lower($name)
                  OR lower(a.alias) = lower($name))
             AND ($level IS NULL OR r.level = $level)
           ORDER BY r.code""", {"typed": typed, "name": name, "level": level}).fetchall()
    if len(rows) == 1:
        return RegionRef(*rows[0])
    if rows:
        options = "; ".join(f"{full} ({code})" for code, full, *_ in rows)
        raise RegionNotFound(f"{typed!r} may mean {options}: give the full name or the code")
    near = con.execute(
        """SELECT r.full_name, r.code,
                  max(greatest(jaro_winkler_similarity(lower(r.name), lower($name)),
                               coalesce(jaro_winkler_similarity(lower(a.alias), lower($name)), 0))) AS likeness
           FROM regions r LEFT JOIN region_aliases a ON a.code = r.code
           WHERE $level IS NULL OR r.level = $level
           GROUP BY ALL HAVING likeness >= $close
           ORDER BY likeness DESC, r.code LIMIT 3""", {"name": name, "level": level, "close": CLOSE}).fetchall()
    if near:
        guesses = ", ".join(f"{full} ({code})" for full, code, _ in near)
        raise RegionNotFound(f"no region is called {typed!r}; a guess from the spelling: {guesses}")
    raise RegionNotFound(f"no region is called {typed!r}, and no region's name is close to it: type a kabupaten, "
                         f"kota or province as the news names it ('Rejang Lebong', 'Kota Bengkulu', 'Sumbar') "
                         f"or its Kemendagri code (17.02)")
