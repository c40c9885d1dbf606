"""Where the data files the extractors read are (the region gazetteer's CSVs).

They live in the checkout's `data/` folder, or under `$PANTAU_HOME/data` where a deployment puts them
elsewhere. `pantau.paths` builds the project's other paths on the same root, so the rule is written once.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("PANTAU_HOME", Path(__file__).resolve().parents[2]))
DATA = ROOT / "data"
REGIONS_CSV = DATA / "regions" / "regions.csv"
ALIASES_CSV = DATA / "regions" / "aliases.csv"
EXTRA_ALIASES_CSV = DATA / "region_extra_aliases.csv"     # Pantau's own: abbreviations regional papers use
