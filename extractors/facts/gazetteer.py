"""The region gazetteer: Kemendagri codes, names and aliases, and lookups over them."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from extractors.common.data import ALIASES_CSV, EXTRA_ALIASES_CSV, REGIONS_CSV

Level = Literal["provinsi", "kabupaten", "kota"]

LEVEL_PREFIX: dict[str, str] = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: Level
    province_code: str
    province_name: str

    @property
    def full_name(self) -> str:
        """The canonical name facts carry: `Kabupaten Rejang Lebong`, `Kota Pangkalpinang`."""
        return f"{LEVEL_PREFIX[self.level]} {self.name}"


class Gazetteer:
    """Regions by code, and every surface form (name or alias) to the codes it may mean."""

    def __init__(self, regions: list[Region], aliases: list[tuple[str, str]]):
        self.regions: dict[str, Region] = {r.code: r for r in regions}
        forms: dict[str, set[str]] = defaultdict(set)
        for region in regions:
            forms[region.name].add(region.code)
        for code, alias in aliases:
            if code not in self.regions:
                raise ValueError(f"alias {alias!r} names unknown region code {code}")
            forms[alias].add(code)
        self.forms: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in forms.items()}
        self._by_upper: dict[str, frozenset[str]] = {}
        for form, codes in self.forms.items():
            self._by_upper[form.upper()] = self._by_upper.get(form.upper(), frozenset()) | codes

    def __len__(self) -> int:
        return len(self.regions)

    def get(self, code: str) -> Region:
        return self.regions[code]

    def candidates(self, surface: str) -> frozenset[str]:
        """Codes a written name may mean; upper-case forms (datelines) are folded."""
        found = self.forms.get(surface)
        if found is None:
            found = self._by_upper.get(surface.upper(), frozenset())
        return found


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_gazetteer(regions_csv: Path = REGIONS_CSV,
                   alias_files: tuple[Path, ...] = (ALIASES_CSV, EXTRA_ALIASES_CSV)) -> Gazetteer:
    regions = [
        Region(row["code"], row["name"], row["level"], row["province_code"], row["province_name"])  # type: ignore[arg-type]
        for row in _read_csv(regions_csv)
    ]
    aliases = [(row["code"], row["alias"]) for path in alias_files if path.is_file() for row in _read_csv(path)]
    return Gazetteer(regions, aliases)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer()
