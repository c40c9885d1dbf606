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
        """SELECT full_name, code FROM regions
           ORDER BY jaro_winkler_similarity(lower(name), lower($name)) DESC, code LIMIT 3""",
        {"name": name}).fetchall()
    suggestion = ", ".join(f"{full} ({code})" for full, code in near)
    raise RegionNotFound(f"no region is called {typed!r}; nearest: {suggestion}")
