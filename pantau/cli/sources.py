"""`pantau sources check`, and the same reading of the sources file before any run starts.

An operator adding a site edits `sources.toml` by hand; every mistake in it should show up in under a second,
all at once, before Prefect starts and long before a night's crawl finds the typo.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from pantau.cli.errors import USAGE, UsageError
from pantau.paths import SOURCES_TOML


def checked_sources(path: Path, only: list[str] | None = None, warn: bool = True) -> list[str]:
    """The ids of the sources a run will crawl, after reading the whole file. A ConfigError for a broken file, a
    UsageError for a `--source` the file does not have; warnings (a placeholder contact) go to stderr."""
    from pantau.ops.config import load_profiles, load_sources, source_warnings

    sources = load_sources(path, load_profiles())
    ids = [s.id for s in sources]
    for name in only or []:
        if name not in ids:
            close = difflib.get_close_matches(name, ids, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UsageError(f"no source {name!r} in {path}: {hint}its sources are {', '.join(ids)}")
    chosen = [s for s in sources if not only or s.id in only]
    if warn:
        for warning in source_warnings(chosen):
            print(f"warning: {warning}", file=sys.stderr)
    return [s.id for s in chosen]


def cmd_sources_check(args: argparse.Namespace) -> int:
    """Every problem of the file, one per line. Exit 2 when the file cannot be used, 1 when it can but should
    not be crawled as it is (a warning), 0 when it is ready."""
    from pantau.ops.config import ConfigError, load_profiles, load_sources, source_warnings

    path: Path = args.file
    try:
        sources = load_sources(path, load_profiles())
    except ConfigError as exc:
        print(f"{path}: {len(exc.problems)} problem(s); no run can use this file until they are fixed:")
        for problem in exc.problems:
            print(f"  error: {problem.removeprefix(f'{path}: ')}")
        return USAGE
    channels = sum(len(s.channels) for s in sources)
    warnings = source_warnings(sources)
    print(f"{path}: {len(sources)} source(s), {channels} channel(s): "
          + ("usable, with warnings:" if warnings else "ready"))
    for warning in warnings:
        print(f"  warning: {warning}")
    for source in sources:
        kinds = ", ".join(sorted({c.kind for c in source.channels}))
        print(f"  {source.id:<20} {source.profile:<10} {', '.join(source.hosts[:2])}  ({kinds}; "
              f"delay {source.delay_seconds:g} s)")
    return 1 if warnings else 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("sources", help="the sources file: check it before a run", allow_abbrev=False)
    actions = p.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="list every problem in a sources file (exit 0 ready, 1 warnings, "
                                             "2 errors)", allow_abbrev=False)
    check.add_argument("file", nargs="?", type=Path, default=SOURCES_TOML,
                       help="the sources file (default %(default)s)")
    check.set_defaults(func=cmd_sources_check)
