"""Where the data files the extractors read are (the region gazetteer's CSVs).

One root holds `data/` and `sql/`, found in this order:
- `$PANTAU_HOME`, where a deployment keeps its files elsewhere (a checkout the workers run from);
- `pantau/share/` beside the packages, where an installed wheel carries its copy of the checkout's `data/` and
  `sql/` (pyproject.toml maps them there, so the repo keeps them at the top level);
- the checkout itself, as `make install`'s editable install sees it: the wheel's folder is never there.
`pantau.paths` builds the project's other paths on the same root, so the rule is written once. The wheel's
folder is found by its place beside this package, not by importing `pantau`: extractors import no `pantau`.
"""

from __future__ import annotations

import os
from pathlib import Path

_BESIDE = Path(__file__).resolve().parents[2]       # the checkout; site-packages when installed from the wheel
_SHIPPED = _BESIDE / "pantau" / "share"

# SHIPPED: the files are the installed wheel's, read-only (writable state then goes elsewhere: `pantau.paths`).
if "PANTAU_HOME" in os.environ:
    ROOT, SHIPPED = Path(os.environ["PANTAU_HOME"]), False
elif (_SHIPPED / "data").is_dir():
    ROOT, SHIPPED = _SHIPPED, True
else:
    ROOT, SHIPPED = _BESIDE, False

DATA = ROOT / "data"
REGIONS_CSV = DATA / "regions" / "regions.csv"
ALIASES_CSV = DATA / "regions" / "aliases.csv"
EXTRA_ALIASES_CSV = DATA / "region_extra_aliases.csv"     # Pantau's own: abbreviations regional papers use
