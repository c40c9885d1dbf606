"""One place that turns what can go wrong at the keyboard into one line and an exit status.

A person who typed a wrong date or a misspelt source wants to read what to change, not a traceback; a script
wants a status it can branch on. Exit statuses (the README lists them): 0 the command did its work, 1 it could
not (the run failed, the database is busy or missing, a file could not be written), 2 what was asked cannot be
done as asked (an argument, a configuration file, a region or value that does not exist).

The error types are recognised by name and module, so the handler imports nothing heavy (DuckDB, Prefect) to
report a mistake that happened before either was loaded.
"""

from __future__ import annotations

import os
import sys

USAGE = 2
FAILED = 1


class UsageError(Exception):
    """What was asked cannot be done as asked; the message says what to type instead."""


# (module prefix, class name) -> exit status, for the errors a user can cause and fix.
_EXPECTED: dict[tuple[str, str], int] = {
    ("pantau.ops.config", "ConfigError"): USAGE,
    ("pantau.ops.schedule", "ScheduleError"): USAGE,
    ("pantau.ops.scale_out", "SettingError"): USAGE,
    ("pantau.analyst.region_lookup", "RegionNotFound"): USAGE,
    ("pantau.analyst.vocabulary", "VocabularyError"): USAGE,
    ("pantau.analyst.reference", "ReferenceFileError"): USAGE,
    ("pantau.evaluation.scoring", "GoldFileError"): USAGE,
    ("pantau.cli.errors", "UsageError"): USAGE,
    ("pantau.store.database", "StoreError"): FAILED,
    ("pantau.store.writer_lock", "WriterBusy"): FAILED,
    ("pantau.store.search", "SearchUnavailable"): FAILED,
}


def _expected_status(exc: BaseException) -> int | None:
    for cls in type(exc).__mro__:
        status = _EXPECTED.get((cls.__module__, cls.__name__))
        if status is not None:
            return status
        if cls.__module__.startswith("duckdb") and cls.__name__ != "object":
            return FAILED                       # a database that is locked, corrupt or not Pantau's
    if isinstance(exc, OSError):
        return FAILED
    return None


def message_of(exc: BaseException) -> str:
    """The error's own words on one line; an OS error as `PATH: what the system said`."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror.lower()}"
    return " ".join(str(exc).split())[:500] or type(exc).__name__


def report(command: str, exc: BaseException) -> int:
    """Print the error for a person and return the exit status. An error nobody expected keeps its class name
    and says how to get the traceback, since that is a bug to report rather than a mistake to fix."""
    status = _expected_status(exc)
    if status is None:
        if os.environ.get("PANTAU_DEBUG"):
            raise exc
        print(f"pantau {command}: unexpected error ({type(exc).__name__}: {message_of(exc)}); "
              f"run again with PANTAU_DEBUG=1 for the traceback", file=sys.stderr)
        return FAILED
    print(f"pantau {command}: {message_of(exc)}", file=sys.stderr)
    return status
