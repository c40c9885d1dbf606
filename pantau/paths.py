"""Where the project's own files are.

Pantau runs from its checkout (`make install` installs it in editable mode), so `sql/` and `data/`
are found next to the packages rather than shipped inside them.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("PANTAU_HOME", Path(__file__).resolve().parents[1]))
DATA = ROOT / "data"
SQL = ROOT / "sql"
MIGRATIONS = SQL / "migrations"
VIEWS_SQL = SQL / "views.sql"
REGIONS_CSV = DATA / "regions" / "regions.csv"
ALIASES_CSV = DATA / "regions" / "aliases.csv"
EXTRA_ALIASES_CSV = DATA / "region_extra_aliases.csv"     # Pantau's own: abbreviations regional papers use
SOURCES_TOML = DATA / "sources.toml"
DEMO_SITE = DATA / "demo_site"
DEFAULT_DB = DATA / "pantau.duckdb"


def raw_dir_for(db_path: Path) -> Path:
    """Raw pages sit beside the database they feed, so one `--db` keeps a run self-contained."""
    return db_path.parent / f"{db_path.stem}-raw"
