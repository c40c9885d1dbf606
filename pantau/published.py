"""The database analysts read, kept apart from the one the nightly run writes.

DuckDB lets one process hold a database file for writing, and no other process may open it meanwhile, not
even read-only; an analyst's open shell would stop the nightly run. So the pipeline writes its own file,
`pantau-writer.duckdb` beside the database it was given, and when it is done it publishes a copy under the
given name (`pantau.duckdb`): the copy is written to a temporary name and renamed over the old one, which is
atomic. A reader who has the old copy open keeps reading it undisturbed (the rename does not touch an open
file) and sees the new data when they reconnect; nobody ever sees half a copy, and nothing a reader does, even
opening the copy read-write, can block or change the writer's file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pantau.store import Store, StoreError


def writer_path(db: Path) -> Path:
    """The pipeline's own file behind the published `db`: `data/pantau.duckdb` -> `data/pantau-writer.duckdb`."""
    return db.with_name(f"{db.stem}-writer{db.suffix or '.duckdb'}")


def publish(db: Path) -> Path:
    """Copy the writer's file (closed, so complete) to `db` atomically; returns the published path."""
    source = writer_path(db)
    if not source.is_file():
        raise StoreError(f"nothing to publish: {source} does not exist")
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


def open_writer(db: Path) -> Store:
    """The writer's store for `db`. A database from before the split becomes the writer's starting point."""
    target = writer_path(db)
    if not target.exists() and db.is_file():
        shutil.copyfile(db, target)
    return Store.open(target)


@contextmanager
def writing(db: Path) -> Iterator[Store]:
    """Write through the writer's store, then publish, also when the work failed (what was committed stands)."""
    store = open_writer(db)
    try:
        yield store
    finally:
        store.close()
        publish(db)


def open_reader(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published copy, with a plain message when there is none yet."""
    if not db.is_file():
        raise StoreError(f"no database at {db}: run `pantau run` (or `pantau demo --db {db}`) first")
    try:
        return duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"cannot read {db}: {exc}") from exc
