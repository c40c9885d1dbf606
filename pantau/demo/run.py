"""`pantau demo`: the nightly flow, unchanged, against the bundled sample site on 127.0.0.1.

The sample (`data/demo_site/`) is six articles written for this demo in the genre of the seed articles,
carrying the seeds' facts in new words, as pages in the publishers' shapes (Disway, Tribun, WordPress) with
the feeds and index pages that announce them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import duckdb

from flows.nightly import nightly
from pantau.demo.sample_site import SampleSite
from pantau.ops.report import print_run
from pantau.paths import DEMO_SITE, QUERIES, SOURCES_TOML
from pantau.printing import table

DEMO_DELAY_SECONDS = 0.05   # our own server: no need to wait between requests


def loaded_summary(db_path: Path) -> str:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        articles = con.execute(
            "SELECT publisher, published, title FROM articles ORDER BY published, publisher").fetchall()
        by_region = con.execute(
            """SELECT region, region_code, count(*) AS facts,
                      string_agg(DISTINCT assessor || '/' || program, ', ') AS assessments,
                      string_agg(DISTINCT CAST(year AS VARCHAR), ', ') AS years
               FROM v_facts GROUP BY region, region_code ORDER BY facts DESC, region""").fetchall()
        officials = con.execute(
            """SELECT DISTINCT o.name, o.role, coalesce(r.full_name, '') FROM officials o
               LEFT JOIN regions r ON r.code = o.region_code ORDER BY 3, 2, 1""").fetchall()
        flagged = con.execute(
            "SELECT region, metric, value, year, flags, quote FROM v_facts WHERE len(flags) > 0 ORDER BY region"
        ).fetchall()
    finally:
        con.close()
    parts = [f"articles ({len(articles)}):", table(["publisher", "published", "title"], articles, 70), "",
             "facts by region:", table(["region", "code", "facts", "assessments", "years"], by_region), "",
             f"officials ({len(officials)}):", table(["name", "role", "region"], officials)]
    if flagged:
        parts += ["", "flagged for fact-checkers:",
                  table(["region", "metric", "value", "year", "flags", "quote"],
                        [[r[0], r[1], r[2], r[3], ",".join(r[4]), r[5]] for r in flagged], 50)]
    return "\n".join(parts)


def run_demo(db_path: Path, site_root: Path = DEMO_SITE, flow: Any = nightly) -> int:
    """`flow` is the nightly flow, perhaps on another task runner (`--dask`)."""
    with SampleSite(site_root) as site:
        print(f"sample site on {site.base_url} (serving {site_root})")
        summary = flow(sources_file=str(SOURCES_TOML), db_path=str(db_path), mirror=site.base_url,
                          delay_seconds=DEMO_DELAY_SECONDS)
    print_run(summary)
    print()
    print(loaded_summary(db_path))
    query = QUERIES / "claims_with_conflicts.sql"      # the checkout's, or the installed wheel's copy
    shell = Path(sys.executable).with_name("duckdb")   # duckdb-cli's shell, installed beside this Python
    print(f"\nnext: pantau check Lebong --db {db_path}   ·   pantau search 'pelayanan publik' --db {db_path}\n"
          f"      {shell} -readonly {db_path} < {query}")
    return 0 if summary["status"] in ("completed", "completed_with_failures") else 1
