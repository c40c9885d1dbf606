"""The commands for people using the dataset: status, check, search, export, reference load.

They read the published database (never the writer's file, see `pantau.store.published`), so they work while a
nightly run is writing. `reference load` is the one that writes, through the writer and a new publication.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pantau.paths import DEFAULT_DB


def _fail(command: str, message: str, status: int = 1) -> int:
    print(f"pantau {command}: {message}", file=sys.stderr)
    return status


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def cmd_check(args: argparse.Namespace) -> int:
    from pantau.analyst.check import Question, check, check_text
    from pantau.analyst.region_lookup import resolve_region
    from pantau.analyst.vocabulary import assessor_code, metric_of, period_code, program_code, typed_value
    from pantau.store.published import open_reader

    if args.claim is not None:
        if args.region or args.value is not None:
            return _fail("check", "--claim is a whole sentence: give the region and value in it, not as REGION or "
                                  "--value", 2)
        return _check_claim(args)
    if not args.region:
        return _fail("check", "say which region: pantau check REGION [--value V], or pantau check --claim "
                              "\"a sentence with the region and the value\"", 2)
    con = open_reader(args.db)
    try:
        _has_facts(con, args.db)
        region = resolve_region(con, args.region)
        assessor = assessor_code(args.assessor) if args.assessor else None
        program = program_code(args.program, assessor) if args.program else None
        metric = args.metric or (metric_of(args.value) if args.value is not None else None)
        value = typed_value(metric, args.value) if args.value is not None and metric else None
        question = Question(assessor, program, args.year, period_code(args.period or ""), metric, value)
        result = check(con, region, question)
    finally:
        con.close()
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print(check_text(result))
    return 0


def _has_facts(con: Any, db: Path) -> None:
    """An empty database answers every check with `no reports found`, which reads as a verdict; say instead
    that there is nothing to check against, and where sample data is."""
    from pantau.cli.errors import UsageError

    if con.execute("SELECT count(*) FROM facts").fetchone()[0] == 0:
        demo = db.with_name("demo.duckdb")
        raise UsageError(f"{db} holds no facts yet, so there is nothing to check against: `pantau run` fills it; "
                         f"for sample data, `pantau demo --db {demo}` builds the demo's database, then add --db {demo}")


def _check_claim(args: argparse.Namespace) -> int:
    """A sentence as a journalist has it, read by the extractor: each fact it states is checked on its own."""
    from extractors.facts.extract import extract
    from models import Article
    from pantau.analyst.check import Question, check, check_text
    from pantau.analyst.region_lookup import resolve_region
    from pantau.store.published import open_reader

    sentence = " ".join(args.claim.split())
    facts = extract(Article(title="", body=sentence)).facts if sentence else []
    if not facts:
        return _fail("check", f"no claim found in {sentence!r}: a claim names a region, what was assessed, a "
                              f"value and its year, e.g. \"Kabupaten Rejang Lebong meraih nilai SPM 85,60 tahun "
                              f"2023\"", 2)
    con = open_reader(args.db)
    try:
        _has_facts(con, args.db)
        results = []
        for fact in facts:
            value = fact.value if fact.metric == "grade" else float(fact.value)
            question = Question(fact.assessor, fact.program, fact.year, fact.period, fact.metric, value)
            results.append(check(con, resolve_region(con, fact.region_code), question))
    finally:
        con.close()
    if args.json:
        print(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2, default=str))
        return 0
    for number, (fact, result) in enumerate(zip(facts, results, strict=True), 1):
        if len(facts) > 1:
            print(f"{'' if number == 1 else chr(10)}== claim {number} of {len(facts)}: \"{fact.quote}\"")
        print(check_text(result))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from pantau.store.published import open_reader
    from pantau.store.search import SearchUnavailable, search

    con = open_reader(args.db)
    try:
        hits = search(con, args.query, args.limit)
    except SearchUnavailable as exc:
        return _fail("search", str(exc))
    finally:
        con.close()
    if args.json:
        print(json.dumps([{k: getattr(h, k) for k in h.__slots__} for h in hits], ensure_ascii=False, indent=2,
                         default=str))
        return 0
    if not hits:
        print(f"no article matches {args.query!r}")
        return 0
    for i, hit in enumerate(hits, 1):
        print(f"{i}. {hit.title}")
        print(f"   {hit.published or 'undated'} · {hit.publisher or '?'} · {hit.facts} fact(s) · score {hit.score}")
        print(f"   {hit.url}")
        print(f"   {hit.snippet}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pantau.analyst.export import export_claim_reviews, export_tables
    from pantau.analyst.region_lookup import RegionNotFound, resolve_region
    from pantau.store.published import open_reader

    if args.format == "claimreview" and not args.region:
        return _fail("export", "--format claimreview needs --region", 2)
    if args.format != "claimreview" and args.out.exists() and not args.out.is_dir():
        return _fail("export", f"--out {args.out} is a file; give a folder for the {args.format} files", 2)
    con = open_reader(args.db)
    try:
        if args.format == "claimreview":
            target, count = export_claim_reviews(con, resolve_region(con, args.region), args.out)
            print(f"{count} claim review(s) -> {target}")
            return 0
        counts = export_tables(con, args.out, args.format, args.db)
    except RegionNotFound as exc:
        return _fail("export", str(exc), 2)
    finally:
        con.close()
    for name, count in counts.items():
        print(f"{name:<18} {count:>7} rows -> {args.out / f'{name}.{args.format}'}")
    return 0


def cmd_reference_load(args: argparse.Namespace) -> int:
    from pantau.analyst.reference import ReferenceFileError, load_reference, parse_reference
    from pantau.store.published import writing

    path: Path = args.file
    if not path.is_file():
        return _fail("reference load", f"no such file: {path}", 2)
    try:
        with writing(args.db, args.wait) as store:
            rows = parse_reference(path, store.con)
            count = load_reference(store.con, path, rows)
            matched = store.con.execute(
                "SELECT reference_match, count(*) FROM v_facts GROUP BY 1 ORDER BY 1").fetchall()
    except ReferenceFileError as exc:                  # nothing was written, nothing is published
        print(f"pantau reference load: {exc}", file=sys.stderr)
        for problem in exc.problems:
            where = f"{path}:{problem.line}" if problem.line else str(path)
            print(f"  {where}: {problem.message}", file=sys.stderr)
        return 1
    print(f"loaded {count} reference result(s) from {path} into {args.db}")
    print("news claims against official figures: " + ", ".join(f"{m} {n}" for m, n in matched))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from pantau.ops.status import last_runs, source_health, status_text
    from pantau.store.published import open_reader

    con = open_reader(args.db)
    try:
        runs, sources = last_runs(con, args.runs), source_health(con)
    finally:
        con.close()
    if args.json:
        print(json.dumps({"runs": runs, "sources": sources}, ensure_ascii=False, indent=2, default=str))
    else:
        print(status_text(args.db, runs, sources))
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    from pantau.store.published import open_reader
    from pantau.web.app import serve

    open_reader(args.db).close()               # a missing or unreadable database is a one-line error now
    print(f"Pantau web: http://{args.host}:{args.port}/ (database {args.db}, read-only; Ctrl-C stops)")
    serve(args.db, args.host, args.port)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    def db_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", type=Path, default=DEFAULT_DB, help="the published database (default %(default)s)")

    p = sub.add_parser("status", help="the last runs and each source's health")
    p.add_argument("--runs", type=_positive, default=10, help="how many runs to show")
    p.add_argument("--json", action="store_true")
    db_option(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("web", help="pages for journalists: search, a fact's evidence, a region, conflicts")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s: this machine)")
    p.add_argument("--port", type=_positive, default=8000)
    db_option(p)
    p.set_defaults(func=cmd_web)

    p = sub.add_parser("check", help="what the news reported about a region, and whether a claimed value holds")
    p.add_argument("region", nargs="?",
                   help="a region's name, alias or Kemendagri code: 'Rejang Lebong', 'Kota Bengkulu', 17.02")
    p.add_argument("--claim", metavar="SENTENCE",
                   help="a whole sentence to check, read by the extractor: "
                        "\"Kabupaten Rejang Lebong meraih nilai SPM 85,60 tahun 2023\"")
    p.add_argument("--assessor", help="kemendagri, ombudsman, kemenpan_rb, kpk, bpk (or how the news writes them)")
    p.add_argument("--program", help="spm, kepatuhan_pelayanan_publik, sakip, ... (or how the news writes them)")
    p.add_argument("--year", type=int)
    p.add_argument("--period", help="Q1..Q4 (triwulan I..IV), S1, S2")
    p.add_argument("--metric", choices=("score", "rank", "grade"),
                   help="what --value is (default: a number is a score, anything else a grade)")
    p.add_argument("--value", help="the claimed value: 85,60 / 85.60, a rank, or a grade like WTP or 'zona hijau'")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    db_option(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("search", help="full-text search over the articles (Indonesian stemming)")
    p.add_argument("query")
    p.add_argument("--limit", type=_positive, default=10)
    p.add_argument("--json", action="store_true")
    db_option(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("export", help="facts, articles and officials as Parquet or CSV; claims as ClaimReview JSON")
    p.add_argument("--format", choices=("parquet", "csv", "claimreview"), required=True)
    p.add_argument("--out", type=Path, required=True, help="folder to write into")
    p.add_argument("--region", help="for claimreview: the region whose claims to export")
    db_option(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("reference", help="official results to compare news claims with")
    actions = p.add_subparsers(dest="action", required=True)
    load = actions.add_parser("load", help="load a CSV of official results (all lines or none)")
    load.add_argument("file", type=Path)
    load.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                      help="wait this long for a running writer (a nightly run) to finish")
    db_option(load)
    load.set_defaults(func=cmd_reference_load)
