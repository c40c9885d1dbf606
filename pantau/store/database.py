"""The DuckDB store: schema by numbered migrations, and idempotent loading of what the pipeline produced.

Opening a database applies every migration in `sql/migrations/` it has not seen (recorded in
`schema_version`) and loads the region gazetteer when it changed. Loading an article twice leaves one
article and the same facts; a changed article (new text, or a new extractor version) has its facts and
officials replaced, in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from extractors.facts.gazetteer import Gazetteer, default_gazetteer
from models import Extraction, Failure, Source
from pantau.paths import ALIASES_CSV, EXTRA_ALIASES_CSV, MIGRATIONS, REGIONS_CSV, VIEWS_SQL
from pantau.store.bulk import insert_rows
from pantau.store.crawl import CrawlStore

LoadOutcome = Literal["new", "changed", "unchanged"]
FACT_COLUMNS = ("fact_id", "article_id", "region_code", "assessor", "program", "year", "period", "metric", "scope",
                "value_num", "value_text", "unit", "out_of", "quote", "quote_field", "quote_start", "quote_end",
                "sentence_start", "sentence_end", "stated_province_code", "confidence", "flags", "extractor_version")
REGION_COLUMNS = ("code", "name", "level", "province_code", "province_name", "full_name")
OFFICIAL_COLUMNS = ("official_id", "article_id", "name", "role", "region_code", "quote", "quote_field",
                    "quote_start", "quote_end")
# DuckDB's buffer manager may take `memory_limit`, by default 80% of the machine's memory, and keeps what it has
# cached while the store is open: the writer holds it for a whole night. A night's working set is small (one
# article's rows at a time, then the search index: about 110 MiB at 5,000 articles), so the writer caps it; past
# the cap DuckDB evicts and spills to `<db>.tmp`. Not lower: the tables' key indexes must fit in memory whole
# (about 3 KiB an article), and a store too big for its cap fails to load. `PANTAU_DUCKDB_MEMORY` sets it ("2GB").
MEMORY_SETTING = "PANTAU_DUCKDB_MEMORY"
DEFAULT_MEMORY_LIMIT = "1GB"

TABLES = ("sources", "regions", "region_aliases", "runs", "run_sources", "pages", "fetch_log", "channels",
          "frontier", "hints", "skipped", "articles", "facts", "officials", "failures", "reference_results")


@dataclass(frozen=True, slots=True)
class Loaded:
    """What loading one article did. Facts are compared claim by claim (region, assessor, program, year,
    period, metric, scope): `facts_added` and `facts_removed` count the facts of claims the article makes now
    and did not, or made and no longer does; `facts_changed` counts claims it still makes with another value or
    other evidence."""

    outcome: LoadOutcome
    facts_added: int = 0
    facts_changed: int = 0
    facts_removed: int = 0


def _fact_changes(before: list[tuple[Any, ...]], after: list[tuple[Any, ...]]) -> tuple[int, int, int]:
    old: dict[tuple[Any, ...], set[str]] = {}
    new: dict[tuple[Any, ...], set[str]] = {}
    for rows, by_claim in ((before, old), (after, new)):
        for fact_id, *claim in rows:
            by_claim.setdefault(tuple(claim), set()).add(fact_id)
    added = sum(len(ids) for claim, ids in new.items() if claim not in old)
    removed = sum(len(ids) for claim, ids in old.items() if claim not in new)
    changed = sum(1 for claim, ids in new.items() if claim in old and old[claim] != ids)
    return added, changed, removed


class StoreError(RuntimeError):
    """The database could not be opened or migrated; the message says which file and which step."""


def _now() -> datetime:
    return datetime.now(UTC)


def views_digest(path: Path = VIEWS_SQL) -> str:
    """What `meta.views_sha256` holds once a database's views follow this file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def migrations(folder: Path = MIGRATIONS) -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        m = re.match(r"(\d+)_([\w-]+)\.sql$", path.name)
        if not m:
            raise StoreError(f"{path}: migration files are named NNN_name.sql")
        found.append((int(m.group(1)), m.group(2), path))
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"{folder}: two migrations share a number")
    return sorted(found)


def _config() -> dict[str, str]:
    limit = os.environ.get(MEMORY_SETTING, "").strip() or DEFAULT_MEMORY_LIMIT
    return {"memory_limit": limit}


class Store:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None):
        self.con = con
        self.path = path
        self.crawl = CrawlStore(con)

    @classmethod
    def open(cls, path: Path | str, *, migrations_dir: Path = MIGRATIONS, views: Path | None = VIEWS_SQL,
             gazetteer: Gazetteer | None = None) -> Store:
        """Open (or create) a database, bring its schema up to date and its views in line with `views`
        (None leaves views alone: a partial set of migrations cannot carry them)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(target), config=_config())
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {target}: {exc}") from exc
        store = cls(con, target)
        store.migrate(migrations_dir)
        if views is not None:
            store.apply_views(views)
        store.load_regions(gazetteer or default_gazetteer())
        return store

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ schema

    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self, folder: Path = MIGRATIONS) -> list[int]:
        """Apply the migrations this database has not had, each in its own transaction."""
        self.con.execute("""CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)""")
        current = self.schema_version()
        applied = []
        for version, name, path in migrations(folder):
            if version <= current:
                continue
            try:
                self.con.execute("BEGIN TRANSACTION")
                self.con.execute(path.read_text(encoding="utf-8"))
                self.con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, _now()])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"migration {path.name} failed on {self.path}: {exc}") from exc
            applied.append(version)
        return applied

    def apply_views(self, path: Path = VIEWS_SQL) -> bool:
        """(Re)create the analysts' views when their file changed: views hold no data, so they follow the file."""
        text = path.read_text(encoding="utf-8")
        digest = views_digest(path)
        row = self.con.execute("SELECT value FROM meta WHERE key = 'views_sha256'").fetchone()
        if row and row[0] == digest:
            return False
        try:
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(text)
            self.con.execute("INSERT INTO meta VALUES ('views_sha256', ?) ON CONFLICT (key) DO UPDATE SET "
                             "value = excluded.value", [digest])
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"{path.name} failed on {self.path}: {exc}") from exc
        return True

    def load_regions(self, gazetteer: Gazetteer) -> bool:
        """(Re)load the gazetteer when its files changed; returns whether anything was written."""
        digest = hashlib.sha256(b"".join(p.read_bytes() for p in (REGIONS_CSV, ALIASES_CSV, EXTRA_ALIASES_CSV)
                                         if p.is_file())).hexdigest()
        row = self.con.execute("SELECT value FROM meta WHERE key = 'gazetteer_sha256'").fetchone()
        if row and row[0] == digest:
            return False
        regions = [(r.code, r.name, r.level, r.province_code, r.province_name, r.full_name)
                   for r in gazetteer.regions.values()]
        aliases = sorted({(code, form) for form, codes in gazetteer.forms.items() for code in codes
                          if gazetteer.get(code).name != form})
        # One statement a table (`insert_rows`): `executemany` inside a transaction kept about 100 MiB of DuckDB's
        # memory for these 800 rows until the store closed, a third of a night's peak on a new database.
        self.con.execute("BEGIN TRANSACTION")
        try:
            insert_rows(self.con, "regions", REGION_COLUMNS, regions,
                        """ON CONFLICT (code) DO UPDATE SET
                   name = excluded.name, level = excluded.level, province_code = excluded.province_code,
                   province_name = excluded.province_name, full_name = excluded.full_name""")
            self.con.execute("DELETE FROM region_aliases")
            insert_rows(self.con, "region_aliases", ("code", "alias"), aliases)
            self.con.execute("INSERT INTO meta VALUES ('gazetteer_sha256', ?) ON CONFLICT (key) DO UPDATE SET "
                             "value = excluded.value", [digest])
            self.con.execute("COMMIT")
        except duckdb.Error:
            self.con.execute("ROLLBACK")
            raise
        return True

    # ------------------------------------------------------------------ runs

    def sync_sources(self, sources: Iterable[Source]) -> None:
        rows = []
        for s in sources:
            config = {k: v for k, v in asdict(s).items() if k not in ("id", "name", "publisher", "hosts", "profile")}
            rows.append((s.id, s.name, s.publisher, list(s.hosts), s.profile, json.dumps(config), _now()))
        self.con.executemany(
            """INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET
               name = excluded.name, publisher = excluded.publisher, hosts = excluded.hosts,
               profile = excluded.profile, config = excluded.config, updated_at = excluded.updated_at""", rows)

    def start_run(self, kind: str, flow_run_id: str | None = None) -> str:
        """A new run. The caller holds the writer lock, so a run still marked running died without finishing
        (killed, out of memory, power cut): it is marked crashed."""
        self.con.execute("UPDATE runs SET status = 'crashed' WHERE status = 'running'")
        run_id = f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, NULL, 'running', NULL)",
                         [run_id, flow_run_id, kind, _now()])
        return run_id

    def finish_run(self, run_id: str, status: str, report: dict[str, Any]) -> None:
        self.con.execute("UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE run_id = ?",
                         [_now(), status, json.dumps(report, default=str), run_id])

    def record_failures(self, run_id: str, failures: Iterable[Failure]) -> int:
        rows = [(run_id, f.stage, f.source_id, f.item, f.reason, f.message[:2000], _now()) for f in failures]
        if rows:
            self.con.executemany("INSERT INTO failures VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def last_success(self, kind: str = "nightly") -> datetime | None:
        """When the last run of this kind that finished (even with item failures) started."""
        row = self.con.execute(
            "SELECT max(started_at) FROM runs WHERE kind = ? AND status IN ('completed', 'completed_with_failures')",
            [kind]).fetchone()
        return row[0] if row and row[0] is not None else None

    # ------------------------------------------------------------------ articles and facts

    def load_extraction(self, extraction: Extraction, run_id: str | None = None,
                        content_hash: str | None = None) -> LoadOutcome:
        return self.load(extraction, run_id, content_hash).outcome

    def load(self, extraction: Extraction, run_id: str | None = None, content_hash: str | None = None) -> Loaded:
        """Load one article's extraction, and say what it changed (see `Loaded`)."""
        article = extraction.article
        aid = article.article_id
        row = self.con.execute(
            """SELECT body_hash, extractor_version, published_at, editor, section, CAST(tags AS VARCHAR), pages
               FROM articles WHERE article_id = ?""", [aid]).fetchone()
        tags = json.dumps(list(article.tags), ensure_ascii=False)
        metadata = (article.published_at, article.editor, article.section, tags, article.pages)
        if row and row[:2] == (article.body_hash, extraction.extractor_version) and tuple(row[2:]) == metadata:
            self._mark_processed(article.url, content_hash)
            return Loaded("unchanged")
        self.con.execute("BEGIN TRANSACTION")
        try:
            before = self.con.execute(
                "SELECT fact_id, region_code, assessor, program, year, period, metric, scope FROM facts "
                "WHERE article_id = ?", [aid]).fetchall()
            self.con.execute("DELETE FROM facts WHERE article_id = ?", [aid])
            self.con.execute("DELETE FROM officials WHERE article_id = ?", [aid])
            self.con.execute(
                """INSERT INTO articles (article_id, url, source_id, publisher, title, published, author, body,
                                         body_hash, content_hash, extractor_version, first_run_id, updated_run_id,
                                         loaded_at, published_at, editor, section, tags, pages)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (article_id) DO UPDATE SET
                     published_at = excluded.published_at, editor = excluded.editor, section = excluded.section,
                     tags = excluded.tags, pages = excluded.pages,
                     source_id = excluded.source_id, publisher = excluded.publisher, title = excluded.title,
                     published = excluded.published, author = excluded.author, body = excluded.body,
                     body_hash = excluded.body_hash, content_hash = excluded.content_hash,
                     extractor_version = excluded.extractor_version, updated_run_id = excluded.updated_run_id,
                     loaded_at = excluded.loaded_at""",
                [aid, article.url, article.source_id, article.publisher, article.title, article.published,
                 article.author, article.body, article.body_hash, content_hash, extraction.extractor_version,
                 run_id, run_id, _now(), article.published_at, article.editor, article.section, tags, article.pages])
            facts = [(f.fact_id(aid), aid, f.region_code, f.assessor, f.program, f.year, f.period, f.metric,
                      f.scope, None if isinstance(f.value, str) else float(f.value),
                      f.value if isinstance(f.value, str) else None, f.unit, f.out_of, f.quote, f.quote_field,
                      f.quote_start, f.quote_end, f.sentence_start, f.sentence_end, f.stated_province_code,
                      f.confidence, list(f.flags), f.extractor_version or extraction.extractor_version)
                     for f in extraction.facts]
            insert_rows(self.con, "facts", FACT_COLUMNS, facts)
            insert_rows(self.con, "officials", OFFICIAL_COLUMNS,
                        [(o.official_id(aid), aid, o.name, o.role, o.region_code, o.quote, o.quote_field,
                          o.quote_start, o.quote_end) for o in extraction.officials])
            self._mark_processed(article.url, content_hash)
            self.con.execute("COMMIT")
        except duckdb.Error:
            self.con.execute("ROLLBACK")
            raise
        after = [(f.fact_id(aid), *f.key[:-1]) for f in extraction.facts]
        return Loaded("changed" if row else "new", *_fact_changes(before, after))

    def _mark_processed(self, url: str | None, content_hash: str | None) -> None:
        """The page this article was read from is done: in the load's own transaction, so a run killed before
        it leaves the page to be parsed again by the next run, and one killed after never repeats it."""
        if url and content_hash:
            self.con.execute("UPDATE pages SET processed_hash = ? WHERE url = ?", [content_hash, url])

    def counts(self) -> dict[str, int]:
        return {t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}  # type: ignore[index]
