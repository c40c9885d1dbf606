"""The `pantau` command: run, serve, demo, reextract, extract, eval; status, check, search, export, reference load.

Exit status: 0 when the command did its work (a run with some failed items included), 1 when it failed
(every source failed, the load failed, bad configuration), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pantau.cli.analyst import add_commands
from pantau.paths import DEFAULT_DB, ROOT, SOURCES_TOML


def _prepare_prefect(args: argparse.Namespace | None = None) -> None:
    """Keep Prefect's state inside the project and its chatter below our own report; `--dask` replaces
    PANTAU_DASK before the flows read it on import (and `serve` starts each run in a process of its own,
    which reads it again)."""
    os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")   # a busy machine is slow
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")    # a cluster's comings and goings (--dask)
    if getattr(args, "dask", None) is not None:
        from pantau.ops.scale_out import SETTING, task_runner

        task_runner(args.dask)               # refused here, before any run starts
        os.environ[SETTING] = args.dask


def _on_runner(flow: Any, args: argparse.Namespace) -> Any:
    """The flow on the task runner `--dask` names, even if the flow was imported before the setting changed."""
    if getattr(args, "dask", None) is None:
        return flow
    from pantau.ops.scale_out import task_runner

    return flow.with_options(task_runner=task_runner(args.dask))


ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


def _article_files(names: list[str]) -> list[Path]:
    """The files named, a folder standing for the article files in it (`.txt`, `.html`, `.htm`, not below it)."""
    files: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise ValueError(f"{path}: no article files (.txt, .html, .htm) in this folder")
            files += found
        else:
            files.append(path)
    return files


def cmd_extract(args: argparse.Namespace) -> int:
    from extractors.facts.extract import extract
    from pantau.cli.reading import read_article
    from pantau.printing import extraction_json, extraction_text

    try:
        files = _article_files(args.files)
    except ValueError as exc:
        print(f"pantau extract: {exc}", file=sys.stderr)
        return 2
    if args.url and len(files) > 1:
        print("pantau extract: --url names one page; give it with one file", file=sys.stderr)
        return 2
    many = len(files) > 1
    failed = 0
    with _progress(len(files), "extract", shown=many) as advance:
        for path in files:
            try:
                article, _ = read_article(path, url=args.url)
            except ValueError as exc:              # no such file, a binary, an empty text, no story
                message = str(exc) if str(exc).startswith(str(path)) else f"{path}: {exc}"
                print(f"pantau extract: {message}", file=sys.stderr)
                if not many:
                    return 2 if not path.is_file() else 1
                failed += 1
                advance()
                continue
            extraction = extract(article)
            if args.json and many:                 # JSON lines: one object per file, the file first
                print(json.dumps({"file": str(path), **extraction_json(extraction)}, ensure_ascii=False))
            elif args.json:
                print(json.dumps(extraction_json(extraction), ensure_ascii=False, indent=2))
            else:
                if many:
                    print(f"== {path}")
                print(extraction_text(extraction))
            advance()
    if failed:
        print(f"pantau extract: {failed} of {len(files)} files could not be read", file=sys.stderr)
    return 1 if failed else 0


@contextmanager
def _progress(total: int, label: str, shown: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr, where a person watches (a terminal) and there is more than one item."""
    if not (shown and sys.stderr.isatty()):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True, redirect_stdout=False) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def cmd_eval(args: argparse.Namespace) -> int:
    from extractors.facts.extract import extract
    from pantau.cli.reading import read_article
    from pantau.evaluation.scoring import evaluate, format_report
    from pantau.ops.config import load_profiles, load_sources

    profiles = load_profiles()
    sources = load_sources(profiles=profiles)

    def run_one(path: Path, line: dict) -> tuple:  # type: ignore[type-arg]
        article, text = read_article(path, url=line.get("url"), sources=sources, profiles=profiles)
        return extract(article), text

    gold = [Path(p) for p in args.gold]
    missing = [p for p in gold if not p.is_file()]
    if missing:
        print(f"pantau eval: no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if args.texts is not None and not args.texts.is_dir():
        print(f"pantau eval: no such folder: {args.texts} (see tools/realdev.py for the real set's texts)",
              file=sys.stderr)
        return 2
    report = evaluate(gold, run_one, texts=args.texts)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(report, by_cause=args.by_cause))
    return 0


def _check_sources(path: Path) -> None:
    """Read the sources file before a flow starts: a mistake in it is one line, not a failed flow's log."""
    from pantau.ops.config import load_profiles, load_sources

    load_sources(path, load_profiles())


def cmd_run(args: argparse.Namespace) -> int:
    _check_sources(args.sources)
    _prepare_prefect(args)
    from flows.nightly import nightly
    from pantau.ops.report import print_run

    summary = _on_runner(nightly, args)(sources_file=str(args.sources), db_path=str(args.db),
                                        max_per_source=args.limit, since=args.since, wait_seconds=args.wait)
    print_run(summary)
    return 0 if summary["status"] in ("completed", "completed_with_failures") else 1


def cmd_backfill(args: argparse.Namespace) -> int:
    _check_sources(args.sources)
    _prepare_prefect(args)
    from flows.nightly import nightly
    from pantau.ops.report import print_run

    summary = _on_runner(nightly, args)(sources_file=str(args.sources), db_path=str(args.db),
                                        max_per_source=args.limit, since=args.since, wait_seconds=args.wait,
                                        archive=True, only=[args.source] if args.source else None)
    print_run(summary)
    return 0 if summary["status"] in ("completed", "completed_with_failures") else 1


def cmd_demo(args: argparse.Namespace) -> int:
    _prepare_prefect(args)
    from flows.nightly import nightly
    from pantau.demo.run import run_demo

    return run_demo(Path(args.db), flow=_on_runner(nightly, args))


def cmd_reextract(args: argparse.Namespace) -> int:
    _check_sources(args.sources)
    _prepare_prefect(args)
    from flows.nightly import reextract
    from pantau.ops.report import print_run

    summary = _on_runner(reextract, args)(db_path=str(args.db), wait_seconds=args.wait,
                                          sources_file=str(args.sources))
    print_run(summary)
    return 0 if summary["status"] in ("completed", "completed_with_failures") else 1


def cmd_serve(args: argparse.Namespace) -> int:
    _prepare_prefect(args)
    from flows.nightly import nightly
    from pantau.ops.schedule import serve

    print(f"serving the nightly deployment: cron {args.cron!r} in {args.timezone} (Ctrl-C stops)")
    serve(nightly, args.cron, args.timezone, {"db_path": str(args.db), "sources_file": str(args.sources)})
    return 0


def _add_dask(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dask", nargs="?", const="local", default=None, metavar="local[:N]|ADDRESS",
                   help="fetch and extract on a Dask cluster: a local one (N worker processes) or the scheduler at "
                        "ADDRESS; the same as setting PANTAU_DASK")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pantau", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print the article, facts and officials of one saved text or HTML page")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="article texts or saved pages; a folder stands for its .txt/.html files")
    p.add_argument("--url", help="the page's address (chooses the site profile and publisher); one file only")
    p.add_argument("--json", action="store_true",
                   help="machine-readable output: one JSON document, or JSON lines for several files")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score the extractor on gold files (shared/gold/README.md format)")
    p.add_argument("gold", nargs="+")
    p.add_argument("--texts", type=Path, help="the folder the articles' texts are in, for a set whose texts are "
                                              "kept outside the repo (tests/realdev: see tools/realdev.py)")
    p.add_argument("--by-cause", action="store_true", help="count and list the errors by their cause")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)

    for name, func, text in (("run", cmd_run, "run the nightly flow against data/sources.toml"),
                             ("demo", cmd_demo, "run the nightly flow against the bundled sample site"),
                             ("reextract", cmd_reextract, "rebuild articles and facts from the raw store")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--db", type=Path, default=DEFAULT_DB if name != "demo" else DEFAULT_DB.with_name("demo.duckdb"),
                       help="DuckDB file (raw pages are kept in a folder beside it)")
        if name != "demo":
            p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                           help="wait this long for another writer of the database to finish (default: exit at once)")
        _add_dask(p)
        if name in ("run", "reextract"):
            p.add_argument("--sources", type=Path, default=SOURCES_TOML,
                           help="the sources file (default %(default)s); reextract needs the run's own")
        if name == "run":
            p.add_argument("--limit", type=int, default=None, help="at most this many articles per source tonight")
            p.add_argument("--since", default=None,
                           help="ISO date: links dated earlier are old news (default: the last successful run)")
        p.set_defaults(func=func)
    p = sub.add_parser("backfill", help="walk the sources' archives back to a date (resumable)")
    p.add_argument("--since", required=True, help="ISO date: how far back to go")
    p.add_argument("--source", help="only this source id (default: all)")
    p.add_argument("--limit", type=int, default=None, help="at most this many articles per source this time")
    p.add_argument("--db", type=Path, default=DEFAULT_DB)
    p.add_argument("--sources", type=Path, default=SOURCES_TOML)
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS")
    _add_dask(p)
    p.set_defaults(func=cmd_backfill)

    from pantau.ops.schedule import DEFAULT_CRON, DEFAULT_TIMEZONE

    p = sub.add_parser("serve", help="keep the nightly deployment on its schedule (Prefect serve)")
    p.add_argument("--cron", default=DEFAULT_CRON, help="when to run (default %(default)r)")
    p.add_argument("--timezone", default=DEFAULT_TIMEZONE, help="the cron's time zone (default %(default)s)")
    p.add_argument("--db", type=Path, default=DEFAULT_DB)
    p.add_argument("--sources", type=Path, default=SOURCES_TOML)
    _add_dask(p)
    p.set_defaults(func=cmd_serve)
    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: a clear message, not a traceback
        import duckdb

        from pantau.ops.config import ConfigError
        from pantau.ops.scale_out import SettingError
        from pantau.store.database import StoreError
        from pantau.store.writer_lock import WriterBusy

        if os.environ.get("PANTAU_DEBUG") and not isinstance(
                exc, ConfigError | StoreError | WriterBusy | duckdb.Error | SettingError):
            raise                                   # a developer asked for the traceback
        message = " ".join(str(exc).split()) or "no details"
        print(f"pantau {args.command}: {type(exc).__name__}: {message[:500]}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
