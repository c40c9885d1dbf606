"""The database analysts read, kept apart from the one the nightly run writes.

DuckDB lets one process hold a database file for writing, and no other process may open it meanwhile, not
even read-only; an analyst's open shell would stop the nightly run. So the pipeline writes its own file,
`pantau-writer.duckdb` beside the database it was given, and when it is done it publishes a copy under the
given name (`pantau.duckdb`): the copy is written to a temporary name and renamed over the old one, which is
atomic. A reader who has the old copy open keeps reading it undisturbed (the rename does not touch an open
file) and sees the new data when they reconnect; nobody ever sees half a copy, and nothing a reader does, even
opening the copy read-write, can block or change the writer's file. Writers (a nightly run, a reference load)
take the writer lock (`pantau.store.writer_lock`) from opening the file to publishing it, one at a time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pantau import crashpoints
from pantau.store.database import Store, StoreError, migrations, views_digest
from pantau.store.writer_lock import WriterLock


def writer_path(db: Path) -> Path:
    """The pipeline's own file behind the published `db`: `data/pantau.duckdb` -> `data/pantau-writer.duckdb`."""
    return db.with_name(f"{db.stem}-writer{db.suffix or '.duckdb'}")


def publish(db: Path) -> Path:
    """Copy the writer's file (closed, so complete) to `db` atomically; returns the published path. Call it
    under the writer lock (as `Writer.finish` does), so no other process has the file open."""
    source = writer_path(db)
    if not source.is_file():
        raise StoreError(f"nothing to publish: {source} does not exist")
    for stale in db.parent.glob(f".{db.name}.*.tmp"):     # a copy a killed publisher never renamed
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{db.name}.", suffix=".tmp", dir=db.parent)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(source, tmp)                 # readable like the writer's file, not mkstemp's 0600
        os.replace(tmp, db)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return db


def lock_path(db: Path) -> Path:
    return db.with_name(f"{db.stem}-writer.lock")


class Writer:
    """The writer's store for `db`, held under the writer lock from opening to publishing, so two writers
    never interleave and a copy is never taken of a file another process has open."""

    def __init__(self, db: Path, wait_seconds: float = 0.0):
        self.db = db
        self.lock = WriterLock(lock_path(db))
        self.lock.acquire(wait_seconds)
        try:
            target = writer_path(db)
            if not target.exists() and db.is_file():
                shutil.copyfile(db, target)      # a database from before the split starts the writer's file
            self.store = Store.open(target)
        except BaseException:
            self.lock.release()
            raise

    def finish(self, publish_copy: bool = True) -> None:
        """Close the store and publish it (the store must be closed first: a closed file is complete)."""
        try:
            self.store.close()
            if publish_copy:
                crashpoints.reached("publishing")
                publish(self.db)
        finally:
            self.lock.release()


def open_writer(db: Path, wait_seconds: float = 0.0) -> Writer:
    return Writer(db, wait_seconds)


@contextmanager
def writing(db: Path, wait_seconds: float = 0.0) -> Iterator[Store]:
    """Write through the writer's store; publish when the block succeeds. A failed block publishes nothing
    (what it committed stays in the writer's file and goes out with the next publication)."""
    writer = Writer(db, wait_seconds)
    ok = False
    try:
        yield writer.store
        ok = True
    finally:
        writer.finish(publish_copy=ok)


def open_reader(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published copy, with a plain message when there is none yet or when it
    was published by an older Pantau (its views would not have the columns the commands read)."""
    if not db.is_file():
        demo = db.with_name("demo.duckdb")
        raise StoreError(f"no database at {db} yet: `pantau run` builds it; for sample data, `pantau demo --db "
                         f"{demo}` builds the demo's database, then add --db {demo}")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"cannot read {db}: {exc}") from exc
    try:
        version = con.execute("SELECT max(version) FROM schema_version").fetchone()
        views = con.execute("SELECT value FROM meta WHERE key = 'views_sha256'").fetchone()
    except duckdb.Error:
        con.close()
        raise StoreError(f"{db} is not a Pantau database") from None
    if (version[0] if version else 0) < max(v for v, _, _ in migrations()) or not views or views[0] != views_digest():
        con.close()
        raise StoreError(f"{db} was published by an older version of Pantau: run `pantau reextract --db {db}` "
                         "(or wait for the next nightly run) to publish an up-to-date copy")
    return con
