"""Shared test set-up: Prefect state inside the project, the shared folder when it exists."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "tests" / "corpus"

# Prefect runs ephemeral, with its state in a folder of this project that each test session starts afresh.
PREFECT_HOME = ROOT / ".prefect" / "tests"
os.environ["PREFECT_HOME"] = str(PREFECT_HOME)
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

def pytest_configure(config: pytest.Config) -> None:
    """Start the session's Prefect state afresh: here, not on import, since a Dask worker process that
    imports a test module must not wipe the database the session's Prefect server is using."""
    shutil.rmtree(PREFECT_HOME, ignore_errors=True)
    PREFECT_HOME.mkdir(parents=True, exist_ok=True)


needs_shared = pytest.mark.skipif(not (SHARED / "gold" / "seeds.jsonl").is_file(),
                                  reason="../shared is not here (a user's fresh clone)")


def run_pantau(*args: str, timeout: float = 600, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    """The real console entry point, as a user runs it."""
    exe = Path(sys.executable).with_name("pantau")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "pantau.duckdb"


MISSING = "https://koranrb.id/read/99999/spm-kabupaten-kaur-yang-tidak-ada"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The demo site plus a feed item whose page is gone (a 404 the run must record and survive)."""
    from pantau.paths import DEMO_SITE

    root = tmp_path / "site"
    shutil.copytree(DEMO_SITE, root)
    feed = root / "koranrb.id" / "rss.xml"
    item = (f"<item><title>Capaian SPM Kaur Turun</title><link>{MISSING}</link>"
            "<pubDate>Mon, 01 Jul 2024 08:00:00 +0700</pubDate></item>")
    feed.write_text(feed.read_text(encoding="utf-8").replace("</channel>", item + "</channel>"), encoding="utf-8")
    return root
