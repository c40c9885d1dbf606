"""Where the project's own files are, and where what it writes goes.

The read-only files (`sql/`, `data/`) sit on the root `extractors.common.data` finds: the checkout (`make
install` installs it in editable mode), `$PANTAU_HOME`, or the installed wheel's copy. Writable state (the
default database and the demo's beside it, their raw pages, Prefect's home) stays where it always was in a
checkout or under `$PANTAU_HOME` (`data/`, `.prefect/`); an installed wheel must not write into site-packages,
so it writes to a folder of the user's: `$PANTAU_DATA_DIR`, else `$XDG_DATA_HOME/pantau`, else
`~/.local/share/pantau`. `$PANTAU_DATA_DIR`, when set, wins everywhere, checkout included.
"""

from __future__ import annotations

import os
from pathlib import Path

from extractors.common.data import ALIASES_CSV, DATA, EXTRA_ALIASES_CSV, REGIONS_CSV, ROOT, SHIPPED

__all__ = ["ALIASES_CSV", "DATA", "DATA_DIR_SETTING", "DEFAULT_DB", "DEMO_SITE", "EXTRA_ALIASES_CSV", "MIGRATIONS",
           "PREFECT_HOME", "QUERIES", "REGIONS_CSV", "ROOT", "SOURCES_TOML", "SQL", "STATE", "VIEWS_SQL",
           "raw_dir_for", "user_data_dir"]

DATA_DIR_SETTING = "PANTAU_DATA_DIR"

SQL = ROOT / "sql"
MIGRATIONS = SQL / "migrations"
VIEWS_SQL = SQL / "views.sql"
QUERIES = SQL / "queries"
SOURCES_TOML = DATA / "sources.toml"
DEMO_SITE = DATA / "demo_site"


def user_data_dir() -> Path:
    """The XDG base directory rule: a relative `$XDG_DATA_HOME` is invalid and ignored, as the spec says."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "pantau"


if os.environ.get(DATA_DIR_SETTING):
    STATE = Path(os.environ[DATA_DIR_SETTING]).expanduser()
    PREFECT_HOME = STATE / "prefect"
elif SHIPPED:
    STATE = user_data_dir()
    PREFECT_HOME = STATE / "prefect"
else:                                    # the checkout, or $PANTAU_HOME: as a checkout has always had them
    STATE = DATA
    PREFECT_HOME = ROOT / ".prefect"

DEFAULT_DB = STATE / "pantau.duckdb"     # `pantau demo`'s default, demo.duckdb, sits beside it


def raw_dir_for(db_path: Path) -> Path:
    """Raw pages sit beside the database they feed, so one `--db` keeps a run self-contained."""
    return db_path.parent / f"{db_path.stem}-raw"
