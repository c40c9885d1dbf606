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
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from extractors.facts.gazetteer import Gazetteer, default_gazetteer
from models import Extraction, Failure, Source
from pantau.paths import ALIASES_CSV, EXTRA_ALIASES_CSV, MIGRATIONS, REGIONS_CSV, VIEWS_SQL
from pantau.store.bulk import STRINGS, column_types, insert_rows, json_strings
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


# Articles loaded a transaction by the nightly flow: a few statements for the lot instead of a dozen an article
# (`Store.load_many`); a run killed mid-load loses at most one batch, whose pages the next run parses again.
LOAD_BATCH = 200
ARTICLE_COLUMNS = ("article_id", "url", "source_id", "publisher", "title", "published", "author", "body", "body_hash",
                   "content_hash", "extractor_version", "first_run_id", "updated_run_id", "loaded_at", "published_at",
                   "editor", "section", "tags", "pages")
_ARTICLE_UPSERT = """ON CONFLICT (article_id) DO UPDATE SET
    published_at = excluded.published_at, editor = excluded.editor, section = excluded.section,
    tags = excluded.tags, pages = excluded.pages,
    source_id = excluded.source_id, publisher = excluded.publisher, title = excluded.title,
    published = excluded.published, author = excluded.author, body = excluded.body,
    body_hash = excluded.body_hash, content_hash = excluded.content_hash,
    extractor_version = excluded.extractor_version, updated_run_id = excluded.updated_run_id,
    loaded_at = excluded.loaded_at"""


def _article_row(aid: str, extraction: Extraction, content_hash: str | None, run_id: str | None, now: datetime,
                 tags: str) -> tuple[Any, ...]:
    a = extraction.article
    return (aid, a.url, a.source_id, a.publisher, a.title, a.published, a.author, a.body, a.body_hash,
            content_hash, extraction.extractor_version, run_id, run_id, now, a.published_at, a.editor, a.section,
            tags, a.pages)


def _fact_rows(aid: str, extraction: Extraction) -> list[tuple[Any, ...]]:
    return [(f.fact_id(aid), aid, f.region_code, f.assessor, f.program, f.year, f.period, f.metric, f.scope,
             None if isinstance(f.value, str) else float(f.value), f.value if isinstance(f.value, str) else None,
             f.unit, f.out_of, f.quote, f.quote_field, f.quote_start, f.quote_end, f.sentence_start, f.sentence_end,
             f.stated_province_code, f.confidence, list(f.flags), f.extractor_version or extraction.extractor_version)
            for f in extraction.facts]


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
        self._column_types: dict[str, dict[str, str]] = {}

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
        self._column_types.clear()
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
        return self.load_many([(extraction, content_hash)], run_id)[0]

    def load_many(self, items: Sequence[tuple[Extraction, str | None]], run_id: str | None = None) -> list[Loaded]:
        """Load many articles' extractions (each with the content hash of the page it was read from), in one
        transaction and a few statements for all of them, and say what each changed, as loading them one by
        one in order would. A statement costs DuckDB about a millisecond whatever its size, so loading
        article by article spent most of its time on a dozen statements each. An article that comes twice is
        loaded twice, in order. Either every article of the batch is loaded, or (on a database error) none."""
        out: list[Loaded] = []
        batch: list[tuple[Extraction, str | None]] = []
        ids: set[str] = set()
        for item in items:
            aid = item[0].article.article_id
            if aid in ids:
                out += self._load_batch(batch, run_id)
                batch, ids = [], set()
            batch.append(item)
            ids.add(aid)
        return out + self._load_batch(batch, run_id)

    def _load_batch(self, batch: list[tuple[Extraction, str | None]], run_id: str | None) -> list[Loaded]:
        if not batch:
            return []
        aids = [e.article.article_id for e, _ in batch]
        stored = {row[0]: row[1:] for row in self.con.execute(
            f"""SELECT article_id, body_hash, extractor_version, published_at, editor, section,
                      CAST(tags AS VARCHAR), pages
               FROM articles WHERE article_id IN (SELECT {STRINGS})""", [json_strings(aids)]).fetchall()}
        tags = [json.dumps(list(e.article.tags), ensure_ascii=False) for e, _ in batch]
        changed = [i for i, (e, _) in enumerate(batch)
                   if (row := stored.get(aids[i])) is None or row[:2] != (e.article.body_hash, e.extractor_version)
                   or tuple(row[2:]) != (e.article.published_at, e.article.editor, e.article.section, tags[i],
                                         e.article.pages)]
        before: dict[str, list[tuple[Any, ...]]] = {aids[i]: [] for i in changed}
        replaced = [aids[i] for i in changed if aids[i] in stored]     # a new article has no rows to replace
        now = _now()
        self.con.execute("BEGIN TRANSACTION")
        try:
            if replaced:
                for fact_id, aid, *claim in self.con.execute(
                        "SELECT fact_id, article_id, region_code, assessor, program, year, period, metric, scope "
                        f"FROM facts WHERE article_id IN (SELECT {STRINGS})", [json_strings(replaced)]).fetchall():
                    before[aid].append((fact_id, *claim))
                for table in ("facts", "officials"):
                    self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT {STRINGS})",
                                     [json_strings(replaced)])
            if changed:
                insert_rows(self.con, "articles", ARTICLE_COLUMNS, [_article_row(
                    aids[i], *batch[i], run_id, now, tags[i]) for i in changed], _ARTICLE_UPSERT,
                    self._types("articles"))
                insert_rows(self.con, "facts", FACT_COLUMNS, [
                    row for i in changed for row in _fact_rows(aids[i], batch[i][0])], types=self._types("facts"))
                insert_rows(self.con, "officials", OFFICIAL_COLUMNS, [
                    (o.official_id(aids[i]), aids[i], o.name, o.role, o.region_code, o.quote, o.quote_field,
                     o.quote_start, o.quote_end) for i in changed for o in batch[i][0].officials],
                    types=self._types("officials"))
            self._mark_processed([(e.article.url, h) for e, h in batch])
            self.con.execute("COMMIT")
        except duckdb.Error:
            self.con.execute("ROLLBACK")
            raise
        out = [Loaded("unchanged")] * len(batch)
        for i in changed:
            e, aid = batch[i][0], aids[i]
            after = [(f.fact_id(aid), *f.key[:-1]) for f in e.facts]
            out[i] = Loaded("changed" if aid in stored else "new", *_fact_changes(before[aid], after))
        return out

    def _types(self, table: str) -> dict[str, str]:
        """The table's column types, asked once a store: its schema is settled when it opens (`migrate`)."""
        if table not in self._column_types:
            self._column_types[table] = column_types(self.con, table)
        return self._column_types[table]

    def _mark_processed(self, pages: list[tuple[str | None, str | None]]) -> None:
        """The pages these articles were read from are done: in the load's own transaction, so a run killed
        before it leaves the pages to be parsed again by the next run, and one killed after never repeats them."""
        done = [(url, content_hash) for url, content_hash in pages if url and content_hash]
        if done:
            self.con.execute(f"UPDATE pages SET processed_hash = done.hash FROM (SELECT {STRINGS} AS url, "
                             f"{STRINGS} AS hash) AS done WHERE pages.url = done.url",
                             [json_strings(u for u, _ in done), json_strings(h for _, h in done)])

    def counts(self) -> dict[str, int]:
        return {t: int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES}  # type: ignore[index]
