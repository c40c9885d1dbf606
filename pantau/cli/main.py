"""The `pantau` command: run, backfill, serve, demo, reextract, extract, eval, sources check; status, check,
search, export, web, reference load.

Exit status: 0 when the command did its work (a run with some failed items included), 1 when it failed
(every source failed, the load failed, the database is busy, a file could not be written), 2 when what was asked
cannot be done as asked (a bad argument, a broken sources file, an unknown source or region).
Arguments and the sources file are checked before Prefect starts, so a mistake costs a second, not a flow run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from pantau.cli import sources as sources_cli
from pantau.cli.analyst import add_commands
from pantau.cli.errors import report
from pantau.paths import DEFAULT_DB, PREFECT_HOME, SOURCES_TOML


def _prepare_prefect(args: argparse.Namespace | None = None) -> None:
    """Keep Prefect's state inside the project and its chatter below our own report; `--dask` replaces
    PANTAU_DASK before the flows read it on import (and `serve` starts each run in a process of its own,
    which reads it again)."""
    home = Path(os.environ.setdefault("PREFECT_HOME", str(PREFECT_HOME)))   # the checkout's .prefect, or the user's
    home.mkdir(parents=True, exist_ok=True)     # Prefect's sqlite file needs its folder; a new user has none yet
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
    with ExitStack() as stack:
        def progress(total: int) -> Callable[[], None]:
            return stack.enter_context(_progress(total, "eval", shown=True))

        scored = evaluate(gold, run_one, texts=args.texts, progress=progress)
    if args.json:
        print(json.dumps(scored.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(scored, by_cause=args.by_cause))
    return 0


def _run_flow(flow: Any, args: argparse.Namespace, **parameters: Any) -> int:
    """Run a flow with a progress display where a person watches, then its report (or its summary as JSON)."""
    from pantau.ops import progress
    from pantau.ops.report import print_run

    with _stages(shown=not args.json) as listener, progress.watching(listener):
        summary = _on_runner(flow, args)(**parameters)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        print_run(summary)
    return 0 if summary["status"] in ("completed", "completed_with_failures") else 1


@contextmanager
def _stages(shown: bool) -> Iterator[Callable[[str, int, int], None]]:
    """One bar per stage of a run (discover, fetch, parse, load), on stderr at a terminal."""
    if not (shown and sys.stderr.isatty()):
        yield lambda stage, done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bars: dict[str, Any] = {}
    with Progress(TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True, redirect_stdout=False) as shown_bars:
        def update(stage: str, done: int, total: int) -> None:
            if stage not in bars:
                bars[stage] = shown_bars.add_task(stage, total=total)
            shown_bars.update(bars[stage], completed=done, total=total)

        yield update


def cmd_run(args: argparse.Namespace) -> int:
    sources_cli.checked_sources(args.sources, args.source)
    only = args.source or None
    _prepare_prefect(args)
    from flows.nightly import nightly

    return _run_flow(nightly, args, sources_file=str(args.sources), db_path=str(args.db),
                     max_per_source=args.limit, since=_iso(args.since), wait_seconds=args.wait, only=only)


def cmd_backfill(args: argparse.Namespace) -> int:
    sources_cli.checked_sources(args.sources, args.source)
    only = args.source or None
    _prepare_prefect(args)
    from flows.nightly import nightly

    return _run_flow(nightly, args, sources_file=str(args.sources), db_path=str(args.db),
                     max_per_source=args.limit, since=_iso(args.since), wait_seconds=args.wait, archive=True,
                     only=only)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def cmd_demo(args: argparse.Namespace) -> int:
    _prepare_prefect(args)
    from flows.nightly import nightly
    from pantau.demo.run import run_demo

    return run_demo(Path(args.db), flow=_on_runner(nightly, args))


def cmd_reextract(args: argparse.Namespace) -> int:
    sources_cli.checked_sources(args.sources, warn=False)      # no site is asked anything: its contact is moot
    _prepare_prefect(args)
    from flows.nightly import reextract

    return _run_flow(reextract, args, db_path=str(args.db), wait_seconds=args.wait, sources_file=str(args.sources))


def cmd_serve(args: argparse.Namespace) -> int:
    from pantau.ops.schedule import next_run

    first = next_run(args.cron, args.timezone)
    sources_cli.checked_sources(args.sources)
    _prepare_prefect(args)
    from flows.nightly import nightly
    from pantau.ops.schedule import serve

    print(f"pantau serve: the nightly run of {args.sources} into {args.db}, on cron {args.cron!r} "
          f"({args.timezone}); next run {first:%Y-%m-%d %H:%M %Z}. Runs happen while this process is up; "
          f"Ctrl-C stops it. `pantau status --db {args.db}` shows the runs.", flush=True)
    serve(nightly, args.cron, args.timezone, {"db_path": str(args.db), "sources_file": str(args.sources)})
    return 0


def _add_dask(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dask", nargs="?", const="local", default=None, metavar="local[:N]|ADDRESS",
                   help="fetch and extract on a Dask cluster: a local one (N worker processes) or the scheduler at "
                        "ADDRESS; the same as setting PANTAU_DASK")


def _iso_date(text: str) -> date:
    """`--since 2024-01-31`: refused by argparse itself (exit 2, one line) when it is not a date."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2024-01-31") from None


def _at_least(kind: Callable[[str], Any], least: float, what: str) -> Callable[[str], Any]:
    """An argparse type: a number of `kind` no smaller than `least`, refused in one line otherwise."""
    def read(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be {least:g} or more")
        return value

    return read


_count = _at_least(int, 1, "a whole number")
_seconds = _at_least(float, 0, "a number of seconds")


class _Parser(argparse.ArgumentParser):
    """No abbreviated options: `--source` must never quietly mean `--sources`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """One line that says what is wrong and where the whole usage is, instead of the usage block first."""
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pantau", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("extract", help="print the article, facts and officials of one saved text or HTML page")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="article texts or saved pages; a folder stands for its .txt/.html files")
    p.add_argument("--url", help="the page's address (chooses the site profile and publisher); one file only")
    p.add_argument("--json", action="store_true",
                   help="machine-readable output: one JSON document, or JSON lines for several files")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score the extractor on gold files (format: docs/gold-format.md)")
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
            p.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS",
                           help="wait this long for another writer of the database to finish (default: exit at once)")
            p.add_argument("--json", action="store_true", help="print the run's summary as JSON")
        _add_dask(p)
        if name in ("run", "reextract"):
            p.add_argument("--sources", type=Path, default=SOURCES_TOML,
                           help="the sources file (default %(default)s); reextract needs the run's own")
        if name == "run":
            p.add_argument("--source", action="append", metavar="ID",
                           help="only this source id of the sources file (repeat for several; default: all)")
            p.add_argument("--limit", type=_count, default=None, help="at most this many articles per source tonight")
            p.add_argument("--since", type=_iso_date, default=None,
                           help="YYYY-MM-DD: links dated earlier are old news (default: the last successful run)")
        p.set_defaults(func=func)
    p = sub.add_parser("backfill", help="walk the sources' archives back to a date (resumable)")
    p.add_argument("--since", type=_iso_date, required=True, help="YYYY-MM-DD: how far back to go")
    p.add_argument("--source", action="append", metavar="ID",
                   help="only this source id (repeat for several; default: all)")
    p.add_argument("--limit", type=_count, default=None, help="at most this many articles per source this time")
    p.add_argument("--db", type=Path, default=DEFAULT_DB)
    p.add_argument("--sources", type=Path, default=SOURCES_TOML)
    p.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS")
    p.add_argument("--json", action="store_true", help="print the run's summary as JSON")
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
    sources_cli.add_commands(sub)
    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: one line a person can act on, never a traceback
        return report(args.command, exc)


if __name__ == "__main__":
    sys.exit(main())
