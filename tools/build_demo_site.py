"""Render `data/demo_site/content.json` into the sample site the demo serves: article pages in each
publisher's page shape and the feeds, listing pages, search pages, sitemaps and Google News feed that
announce them (see `pantau.demo.sample_pages`).

Run `python tools/build_demo_site.py` after editing the content; the output is committed so the demo needs
nothing but the files.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pantau.demo.sample_pages import build_site  # noqa: E402

SITE = ROOT / "data" / "demo_site"


def build(site: Path = SITE) -> None:
    articles = json.loads((site / "content.json").read_text(encoding="utf-8"))
    for host_dir in site.iterdir():
        if host_dir.is_dir():
            shutil.rmtree(host_dir)
    # One Google News item is left opaque, as most are today: the demo shows it kept as a hint.
    build_site(site, articles, opaque_google_ids={articles[-1]["path"]})


if __name__ == "__main__":
    build()
    print(f"sample site written to {SITE}")
