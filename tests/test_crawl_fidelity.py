"""The hand-written page shapes of `tests/fidelity` served as eight sites and crawled by a real night: what
lands in DuckDB is each page's whole story and the day in the newsroom's zone, a masthead or about page is
skipped with its reason, a three-page story on an unknown site is one article, and the fetch log holds every
exchange the server saw, one row for one request."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import duckdb

from bench.fidelity import FIDELITY, load_expected, normalise
from flows.nightly import nightly
from pantau.demo.sample_site import SampleSite

SITES = {  # host -> (profile, source id)
    "lintaspesisir.id": ("wordpress", "lintaspesisir"), "siakterkini.id": ("wordpress", "siakterkini"),
    "kabartabalong.id": ("wordpress", "kabartabalong"), "belitung.tribunnews.com": ("tribun", "posbelitung"),
    "bangka.tribunnews.com": ("tribun", "bangkapos"), "koranrb.id": ("disway", "koranrb"),
    "radarselatan.bacakoran.co": ("disway", "radarselatan"), "daerah.wartanusantara.id": ("generic", "warta"),
}
KEYWORDS = ["SPM", "Ombudsman", "kepatuhan", "SAKIP", "WTP", "BPK", "MCP", "KPK", "EPPD", "inovasi daerah"]


def _place(root: Path, url: str, source: Path) -> None:
    """A page where `SampleSite` serves `url` from: `{host}{path}` (a trailing slash is its index.html, a
    query its `@query` twin)."""
    parts = urlsplit(url)
    path = parts.path
    target = root / parts.netloc / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))
    if parts.query:
        target = target.with_name(f"{target.name}@{parts.query}.html")
    elif not path.endswith("/"):
        target = target.with_name(target.name + ".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _build(root: Path) -> dict[str, list[str]]:
    pages = load_expected()
    by_host: dict[str, list[str]] = {}
    for page in pages:
        _place(root, page.url, FIDELITY / "pages" / page.file)
        for n, later in enumerate(page.later_pages, 2):
            _place(root, f"{page.url}?page={n}", FIDELITY / "pages" / later)
        by_host.setdefault(urlsplit(page.url).netloc, []).append(page.url)
    for host, urls in by_host.items():
        locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
        (root / host / "sitemap.xml").write_text(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>',
            encoding="utf-8")
        (root / host / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n", encoding="utf-8")
    return by_host


def _sources(folder: Path, hosts: list[str]) -> Path:
    blocks = [f"""
[[source]]
id = "{SITES[h][1]}"
name = "{h}"
publisher = "{h}"
hosts = ["{h}"]
profile = "{SITES[h][0]}"
channels = [{{ kind = "sitemap", url = "https://{h}/sitemap.xml" }}]
""" for h in hosts]
    path = folder / "sources.toml"
    path.write_text(f"""[defaults]
user_agent = "PantauFidelityTest/1.0"
delay_seconds = 0
keywords = {json.dumps(KEYWORDS)}
""" + "".join(blocks), encoding="utf-8")
    return path


def test_a_night_over_the_page_shapes_stores_each_whole_story_its_day_and_every_exchange(tmp_path: Path) -> None:
    root = tmp_path / "site"
    by_host = _build(root)
    sources = _sources(tmp_path, sorted(by_host))
    db = tmp_path / "pantau.duckdb"
    with SampleSite(root) as server:
        summary = nightly(sources_file=str(sources), db_path=str(db), mirror=server.base_url, delay_seconds=0)
        served = [(h.host, h.path, h.status) for h in server.log]
    assert summary["status"] == "completed", summary["failures"]
    with duckdb.connect(str(db), read_only=True) as con:
        stored = {url: (body, published) for url, body, published in
                  con.execute("SELECT url, body, published FROM articles").fetchall()}
        skipped = dict(con.execute("SELECT url, reason FROM skipped").fetchall())
        logged = con.execute("SELECT url, status_code FROM fetch_log").fetchall()
    for page in load_expected():
        key = page.url.rstrip("/")
        if not page.article:
            assert skipped.get(key) == "not_an_article", page.file
            assert key not in stored
            continue
        body, published = stored[key]
        lost = [p[:60] for p in page.story if normalise(p) not in normalise(body)]
        leaked = [c[:60] for c in page.chrome if normalise(c) in normalise(body)]
        assert (lost, leaked, published) == ([], [], page.published), page.file
    # The fetch log against the server's own log: every request it answered is one row, and nothing else is.
    assert Counter((urlsplit(u).netloc, urlsplit(u).path + (f"?{urlsplit(u).query}" if urlsplit(u).query else ""),
                    s) for u, s in logged) == Counter(served)
