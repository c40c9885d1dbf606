"""The DuckDB store: migrations on empty and existing databases, idempotent and replacing loads."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from extractors.facts.extract import extract
from models import Article
from pantau.paths import MIGRATIONS
from pantau.store.database import Store, StoreError, migrations

TEXT = ("Pemerintah Kabupaten (Pemkab) Seluma meraih skor SPM 78,40 pada penilaian Kemendagri tahun 2023, "
        "naik dari 71,05 pada 2022. Sekda Seluma, Hadianto, mengatakan capaian itu hasil kerja bersama.")


def _article(body: str = TEXT, url: str = "https://example.test/read/1/spm-seluma") -> Article:
    return Article(title="SPM Seluma Naik", body=body, url=url, publisher="example.test",
                   published=date(2024, 3, 5), source_id="example")


def test_migrations_on_an_empty_database(tmp_db: Path) -> None:
    with Store.open(tmp_db) as store:
        versions = [r[0] for r in store.con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()]
        assert versions == [v for v, _, _ in migrations()]
        counts = store.counts()
        assert counts["regions"] == 552
        assert store.con.execute("SELECT count(*) FROM regions WHERE level = 'provinsi'").fetchone()[0] == 38
        assert counts["region_aliases"] > 200
        assert store.con.execute("SELECT count(*) FROM v_facts").fetchone()[0] == 0


def test_migrations_on_an_existing_database_keep_its_data(tmp_path: Path, tmp_db: Path) -> None:
    first_only = tmp_path / "migrations-v1"
    first_only.mkdir()
    first = sorted(MIGRATIONS.glob("*.sql"))[0]
    shutil.copy(first, first_only / first.name)
    with Store.open(tmp_db, migrations_dir=first_only, views=None) as store:
        assert store.schema_version() == 1
        store.con.execute("INSERT INTO runs VALUES ('old-run', NULL, 'nightly', now(), NULL, 'completed', NULL)")
    with Store.open(tmp_db) as store:                       # the full set: only the newer ones run
        assert store.schema_version() == max(v for v, _, _ in migrations())
        assert store.con.execute("SELECT run_id FROM runs").fetchall() == [("old-run",)]
        assert store.con.execute("SELECT count(*) FROM v_facts").fetchone()[0] == 0
    with Store.open(tmp_db) as store:                       # and reopening applies nothing again
        assert store.migrate() == []


def test_a_failing_migration_changes_nothing(tmp_path: Path, tmp_db: Path) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder)
    (folder / "999_broken.sql").write_text("CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);")
    with pytest.raises(StoreError, match=r"999_broken\.sql"):
        Store.open(tmp_db, migrations_dir=folder)
    con = duckdb.connect(str(tmp_db))
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] < 999
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half'").fetchone()[0] == 0
    con.close()


def test_loading_the_same_article_twice_changes_nothing(tmp_db: Path) -> None:
    extraction = extract(_article())
    assert len(extraction.facts) == 2
    with Store.open(tmp_db) as store:
        assert store.load_extraction(extraction, "r1") == "new"
        before = store.counts()
        rows = store.con.execute("SELECT * FROM facts ORDER BY fact_id").fetchall()
        assert store.load_extraction(extract(_article()), "r2") == "unchanged"
        assert store.counts() == before
        assert store.con.execute("SELECT * FROM facts ORDER BY fact_id").fetchall() == rows
        assert before["articles"] == 1 and before["facts"] == 2 and before["officials"] == 1


def test_a_changed_article_replaces_its_facts(tmp_db: Path) -> None:
    with Store.open(tmp_db) as store:
        store.load_extraction(extract(_article()), "r1")
        changed = TEXT.replace("78,40", "79,90")
        assert store.load_extraction(extract(_article(changed)), "r2") == "changed"
        values = sorted(r[0] for r in store.con.execute("SELECT value_num FROM facts").fetchall())
        assert values == [71.05, 79.9]
        assert store.counts()["articles"] == 1
        row = store.con.execute("SELECT first_run_id, updated_run_id FROM articles").fetchone()
        assert row == ("r1", "r2")


def test_facts_reference_regions_and_keep_their_evidence(tmp_db: Path) -> None:
    article = _article()
    with Store.open(tmp_db) as store:
        store.load_extraction(extract(article), "r1")
        rows = store.con.execute(
            "SELECT region, quote, quote_start, quote_end, url FROM v_facts ORDER BY year").fetchall()
    assert [r[0] for r in rows] == ["Kabupaten Seluma", "Kabupaten Seluma"]
    for _, quote, start, end, url in rows:
        assert article.body[start:end] == quote
        assert url == article.url


def test_views_follow_their_file(tmp_path: Path, tmp_db: Path) -> None:
    views = tmp_path / "views.sql"
    views.write_text("CREATE OR REPLACE VIEW v_probe AS SELECT 1 AS one;")
    with Store.open(tmp_db, views=views) as store:
        assert store.con.execute("SELECT one FROM v_probe").fetchall() == [(1,)]
        assert store.apply_views(views) is False                     # unchanged file: nothing to do
    views.write_text("CREATE OR REPLACE VIEW v_probe AS SELECT 2 AS one;")
    with Store.open(tmp_db, views=views) as store:                  # changed file: views re-created
        assert store.con.execute("SELECT one FROM v_probe").fetchall() == [(2,)]
    views.write_text("CREATE OR REPLACE VIEW v_probe AS SELECT 3 AS one; CREATE VIEW v_bad AS SELECT * FROM nowhere;")
    with pytest.raises(StoreError, match=r"views\.sql"):
        Store.open(tmp_db, views=views)
    con = duckdb.connect(str(tmp_db), read_only=True)
    assert con.execute("SELECT one FROM v_probe").fetchall() == [(2,)]   # a broken file changes nothing
    con.close()


def _contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every loaded row, without the load's own clock."""
    articles = store.con.execute("SELECT * EXCLUDE (loaded_at) FROM articles ORDER BY article_id").fetchall()
    facts = store.con.execute("SELECT * FROM facts ORDER BY fact_id").fetchall()
    officials = store.con.execute("SELECT * FROM officials ORDER BY official_id").fetchall()
    return {"articles": articles, "facts": facts, "officials": officials}


def test_a_batch_loads_as_its_articles_would_one_by_one(tmp_path: Path) -> None:
    """New, changed, unchanged and repeated articles in one batch: the same rows and the same report of what
    changed as loading them in order, one at a time."""
    other = TEXT.replace("Seluma", "Kaur").replace("78,40", "81,10")
    first = [(extract(_article()), "h1"), (extract(_article(other, "https://example.test/read/2/kaur")), "h2")]
    second = [(extract(_article(TEXT.replace("78,40", "79,90"))), "h3"),            # changed
              (extract(_article(other, "https://example.test/read/2/kaur")), "h2"),  # unchanged
              (extract(_article(TEXT.replace("Seluma", "Lebong"), "https://example.test/read/3/lebong")), "h4"),
              (extract(_article(TEXT.replace("78,40", "80,00"))), "h5")]             # the first again, changed again
    one_by_one, batched = tmp_path / "one.duckdb", tmp_path / "batch.duckdb"
    with Store.open(one_by_one) as store:
        reports = [[store.load(e, run, h) for e, h in items] for run, items in (("r1", first), ("r2", second))]
        expected = _contents(store)
    with Store.open(batched) as store:
        assert [store.load_many(items, run) for run, items in (("r1", first), ("r2", second))] == reports
        assert _contents(store) == expected
    assert [r.outcome for r in reports[1]] == ["changed", "unchanged", "new", "changed"]
    assert reports[1][0].facts_changed == 1


def test_a_batch_that_fails_loads_none_of_its_articles(tmp_db: Path) -> None:
    good = extract(_article())
    bad = extract(_article(TEXT.replace("Seluma", "Kaur"), "https://example.test/read/2/kaur"))
    broken = replace(bad, facts=[replace(bad.facts[0], region_code="99.99")])   # no such region: a key fails
    with Store.open(tmp_db) as store:
        with pytest.raises(duckdb.Error):
            store.load_many([(good, "h1"), (broken, "h2")], "r1")
        assert store.counts()["articles"] == 0 and store.counts()["facts"] == 0
        assert [r.outcome for r in store.load_many([(good, "h1")], "r2")] == ["new"]
