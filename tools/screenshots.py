"""Screenshots of `pantau web`'s main pages for docs/ and the README (`make screenshots`).

The database is the demo's (`pantau demo`: a real night over the sample site on 127.0.0.1), served by the app
as `pantau web` serves it, and photographed in Debian's headless chromium through Playwright: desktop width,
and the search page at phone width.

    PYTHONPATH=. .venv/bin/python tools/screenshots.py docs/screenshots
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
from playwright.sync_api import sync_playwright

from tests.web_site import serving  # the app on 127.0.0.1 in a thread, as the web tests serve it

ROOT = Path(__file__).resolve().parents[1]


def _demo_database(folder: Path) -> Path:
    db = folder / "pantau.duckdb"
    env = {**os.environ, "PREFECT_HOME": str(folder / "prefect")}
    subprocess.run([str(Path(sys.executable).parent / "pantau"), "demo", "--db", str(db)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return db


def _pages(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        fact = con.execute("SELECT fact_id FROM v_facts WHERE quote_field = 'body' AND region ILIKE '%Lebong%' "
                           "ORDER BY year DESC, fact_id LIMIT 1").fetchone()
        region = con.execute("SELECT region_code FROM v_facts GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
                             ).fetchone()
    pages = [("search", "/?program=spm"), ("check", "/cek?wilayah=Lebong&program=kepatuhan")]
    if fact:
        pages.append(("fact", f"/fakta/{fact[0]}"))
    if region:
        pages.append(("region", f"/wilayah/{region[0]}"))
    pages.append(("conflicts", "/konflik"))
    return pages


def main(out: Path) -> None:
    chromium = os.environ.get("PANTAU_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("screenshots: no chromium (`make browser` installs Debian's)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = _demo_database(Path(tmp))
        with serving(db) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            desktop = browser.new_page(viewport={"width": 1200, "height": 900})
            for name, path in _pages(db):
                desktop.goto(base + path)
                desktop.screenshot(path=str(out / f"{name}.png"), full_page=False)
                print(out / f"{name}.png")
            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                        device_scale_factor=2).new_page()
            phone.goto(base + "/?q=Lebong")
            phone.screenshot(path=str(out / "search-phone.png"))
            print(out / "search-phone.png")
            browser.close()


if __name__ == "__main__":
    main(ROOT / (sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
