"""Where the project's own files are.

Pantau runs from its checkout (`make install` installs it in editable mode), so `sql/` and `data/`
are found next to the packages rather than shipped inside them. The root and the gazetteer's files are
the extractors' (`extractors.common.data`); the rest are built on the same root.
"""

from __future__ import annotations

from pathlib import Path

from extractors.common.data import ALIASES_CSV, DATA, EXTRA_ALIASES_CSV, REGIONS_CSV, ROOT

__all__ = ["ALIASES_CSV", "DATA", "DEFAULT_DB", "DEMO_SITE", "EXTRA_ALIASES_CSV", "MIGRATIONS", "REGIONS_CSV",
           "ROOT", "SOURCES_TOML", "SQL", "VIEWS_SQL", "raw_dir_for"]

SQL = ROOT / "sql"
MIGRATIONS = SQL / "migrations"
VIEWS_SQL = SQL / "views.sql"
SOURCES_TOML = DATA / "sources.toml"
DEMO_SITE = DATA / "demo_site"
DEFAULT_DB = DATA / "pantau.duckdb"


def raw_dir_for(db_path: Path) -> Path:
    """Raw pages sit beside the database they feed, so one `--db` keeps a run self-contained."""
    return db_path.parent / f"{db_path.stem}-raw"
