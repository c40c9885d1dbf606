"""The analysts' side of `make bench`: how the published database, its views and its search index scale.

The 125 corpus articles are extracted once and loaded under many URLs and outlets (each copy a different
article to the store, so every claim is repeated and many conflict), as a database grows over years of
nights. Measured: loading at 1,000, 5,000 and 10,000 articles (whether an article costs more as the tables
grow), rebuilding the full-text index, publishing the copy, and the views and commands an analyst or a
journalist runs against it.

    python -m bench.store
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from extractors.facts.extract import extract
from extractors.pages.text_article import article_from_text
from models import Extraction
from pantau.analyst.check import Question, check
from pantau.analyst.region_lookup import resolve_region
from pantau.paths import ROOT
from pantau.store.bulk import insert_rows
from pantau.store.database import LOAD_BATCH
from pantau.store.published import open_reader, publish, writing
from pantau.store.search import rebuild_index, search

CORPUS = ROOT / "tests" / "corpus" / "articles"
OUTLETS = ("koranrb.id", "bengkuluekspress.disway.id", "langgam.id", "belitung.tribunnews.com", "rakyatcurup.example")


def _timed(label: str, func, repeat: int = 1):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in range(repeat):
        result = func()
    took = (time.perf_counter() - start) / repeat
    print(f"  {label:<44} {took * 1000:9.1f} ms")
    return result


# Copies of the corpus: 500 (where the anchors run: executemany costs a third of a millisecond a row, so at
# 1,000 articles it alone took 25 s of `make bench`'s 10 minutes), then 1,000, 5,000 and 10,000 articles.
SIZES = (4, 8, 40, 80)


def _copy(ex: Extraction, n: int, i: int) -> Extraction:
    """Corpus extraction `i` as a new article of copy `n`: another URL, outlet and day."""
    outlet = OUTLETS[n % len(OUTLETS)]
    article = replace(ex.article, url=f"https://{outlet}/read/{n}/{i}", publisher=outlet,
                      published=date(2024, 1, 1) + timedelta(days=n))
    return replace(ex, article=article)


def run(sizes: tuple[int, ...] = SIZES) -> None:
    """One database grown through every size in `sizes` (copies of the corpus), the load timed to each size.
    Loading the first 5,000 articles of one growing database is the same work as loading 5,000 into a fresh
    one, so the times at each size are fresh loads' times, measured in one pass; the cost of the articles
    since the last size says whether an article costs more as the tables grow. The anchors run at the
    smallest size, the index, views, search and web pages at the largest (only their own time is counted)."""
    extractions = [extract(article_from_text(p.read_text(encoding="utf-8"))) for p in sorted(CORPUS.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "pantau.duckdb"
        loaded, done, last = 0.0, 0, 0.0
        with writing(db) as store:
            for copies in sizes:
                start = time.perf_counter()
                batch = [(_copy(ex, n, i), None) for n in range(done, copies) for i, ex in enumerate(extractions)]
                for first in range(0, len(batch), LOAD_BATCH):     # as the nightly flow loads them
                    store.load_many(batch[first:first + LOAD_BATCH], "bench")
                loaded += time.perf_counter() - start
                articles, since = copies * len(extractions), (copies - done) * len(extractions)
                facts = store.con.execute("SELECT count(*) FROM facts").fetchone()[0]  # type: ignore[index]
                print(f"{articles} articles, {facts} facts: loaded in {loaded:.1f} s ({articles / loaded:.0f} "
                      f"articles/s, {loaded / articles * 1000:.1f} ms/article; the {since} since the last size: "
                      f"{(loaded - last) / since * 1000:.1f} ms/article)")
                if copies == sizes[0]:
                    for how in ("executemany", "one JSON statement"):
                        bare = _bare_insert(store.con, how)
                        print(f"  against a bare insert of the same rows (articles, facts, officials; {how}) "
                              f"into tables without keys: {bare:.1f} s, {bare / loaded:.2f}x (target 0.5x)")
                done, last = copies, loaded
            _timed("full-text index rebuild", lambda: rebuild_index(store.con))
        size = db.stat().st_size
        _timed(f"publish (copy {size / 2**20:.0f} MiB, rename)", lambda: publish(db))
        con = open_reader(db)
        try:
            for view in ("v_facts", "v_region_timeline", "v_conflicts", "v_first_reported", "v_geography_mismatch",
                         "v_officials"):
                rows = _timed(f"SELECT count(*) FROM {view}",
                              lambda v=view: con.execute(f"SELECT count(*) FROM {v}").fetchone()[0], repeat=3)
                print(f"  {'':<44} {rows:9d} rows")
            region = resolve_region(con, "Rejang Lebong")
            _timed("pantau check Rejang Lebong --value 85,60", lambda: check(con, region, Question(value=85.6)),
                   repeat=3)
            _timed("pantau search 'kepatuhan pelayanan publik'",
                   lambda: search(con, "kepatuhan pelayanan publik", 10), repeat=3)
            fact_id = con.execute("SELECT fact_id FROM v_facts ORDER BY fact_id LIMIT 1").fetchone()[0]  # type: ignore[index]
        finally:
            con.close()
        _web_pages(db, fact_id)


def _bare_insert(con, how: str) -> float:  # type: ignore[no-untyped-def]
    """The anchor for the load: the rows the store wrote, read back and inserted into copies of the tables that
    have no keys, no checks and nothing to replace, by `executemany` or as one JSON parameter (the way
    `pantau.store.bulk` sends many rows). Only the inserts are timed."""
    took = 0.0
    for table in ("articles", "facts", "officials"):
        cur = con.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cur.description]
        rows = cur.fetchall()
        con.execute(f"CREATE TABLE bare_{table} AS SELECT * FROM {table} LIMIT 0")
        for (name,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                   "AND data_type = 'JSON'", [f"bare_{table}"]).fetchall():
            con.execute(f"ALTER TABLE bare_{table} ALTER {name} TYPE VARCHAR")   # JSON text, sent as text
        start = time.perf_counter()
        if rows and how == "executemany":
            con.executemany(f"INSERT INTO bare_{table} VALUES ({', '.join('?' * len(columns))})", rows)
        elif rows:
            insert_rows(con, f"bare_{table}", columns, rows)
        took += time.perf_counter() - start
        con.execute(f"DROP TABLE bare_{table}")
    return took


def _web_pages(db: Path, fact_id: str) -> None:
    """`pantau web`'s pages, asked in process (the app with its read-only connections, no network)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from pantau.web.app import create_app

    client = TestClient(create_app(db))
    for label, url in (("web: search, no words", "/"), ("web: search 'Lebong'", "/?q=Lebong"),
                       ("web: search 'kepatuhan pelayanan'", "/?q=kepatuhan+pelayanan"),
                       ("web: search, facet program=spm", "/?program=spm"), ("web: a fact", f"/fakta/{fact_id}"),
                       ("web: a region", "/wilayah/17.02"), ("web: conflicts and mismatches", "/konflik"),
                       ("web: check a claim", "/cek?wilayah=Rejang+Lebong&nilai=85,60"),
                       ("web: ClaimReview of a region", "/wilayah/17.02.claimreview.json"),
                       ("web: CSV of a search (download)", "/unduh.csv?program=spm")):
        status = _timed(label, lambda u=url: client.get(u).status_code, repeat=3)
        if status != 200:
            print(f"  {'':<44} HTTP {status}")


def main() -> None:
    print("\nstore, views and search (corpus articles loaded under many URLs, one database grown to each size):")
    run()


if __name__ == "__main__":
    main()
