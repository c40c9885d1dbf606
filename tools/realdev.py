"""The real development set: its texts live outside the repo, its annotations in `tests/realdev/gold.jsonl`.

The texts are third-party writing, so the repository keeps only each article's URL, the search query that
finds it, a SHA-256 of the text that was annotated, and the annotations, whose evidence is a character span
of the text (`quote_span`) rather than a copy of its sentence. The texts are the stored copies
the `search` tool's `pages` corpus returns for those queries (the first part of each page as text, with the
page's own navigation, bylines, captions and "Baca juga" lines). To rebuild the cache on a fresh machine:

    python tools/realdev.py queries              # the queries to run, one per article, with the URL to take
    # run each query with the search tool (corpus `pages`) and save its JSON answers in one folder, then
    python tools/realdev.py import ANSWERS/*.json  # writes TEXTS/<id>.txt for every URL found, hash-checked
    python tools/realdev.py check                # which texts are present, missing, or differ
    pantau eval tests/realdev/gold.jsonl --texts ~/.cache/pantau/realdev --by-cause

TEXTS is `$PANTAU_REALDEV_TEXTS`, else `~/.cache/pantau/realdev`. While annotating:

    python tools/realdev.py put ID ANSWER.json     # one result ({url, query, excerpt}) saved as TEXTS/ID.txt
    python tools/realdev.py region "Rejang Lebong" # codes and canonical names a written name may mean
    python tools/realdev.py verify GOLD.jsonl      # every field, code, quote and hash checked; sizes printed
    python tools/realdev.py seal GOLD.jsonl        # writes each line's text_sha256, and turns quotes into spans
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.facts.gazetteer import default_gazetteer  # noqa: E402

GOLD = ROOT / "tests" / "realdev" / "gold.jsonl"
GUARD = ROOT.parent / "shared" / "tools" / "holdout_guard.py"
ASSESSORS = {"kemendagri", "ombudsman", "kemenpan_rb", "kpk", "bpk", "other"}
PROGRAMS = {"spm", "kepatuhan_pelayanan_publik", "sakip", "reformasi_birokrasi", "mcp", "spi", "eppd", "iga",
            "opini_bpk", "ipp", "other"}
PERIODS = {None, "Q1", "Q2", "Q3", "Q4", "S1", "S2"}
FACT_KEYS = ("region", "region_code", "assessor", "program", "year", "period", "metric", "scope", "value", "unit",
             "out_of", "quote")
# In the repo a fact points into its text instead of copying it: `quote_span` [start, end) of the cached text.
STORED_KEYS = (*FACT_KEYS[:-1], "quote_span")


def texts_dir() -> Path:
    return Path(os.environ.get("PANTAU_REALDEV_TEXTS", Path.home() / ".cache" / "pantau" / "realdev"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def publisher_of(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.").removeprefix("m.").removeprefix("amp.")


def read_lines(path: Path) -> list[dict[str, Any]]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.strip():
            try:
                lines.append(json.loads(raw))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON: {exc.msg}") from exc
    return lines


def write_lines(path: Path, lines: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")


def excluded(urls: list[str]) -> set[str]:
    """URLs of the independent evaluation set, as the shared guard's command line reports them; empty where
    `../shared` is absent."""
    if not GUARD.is_file() or not urls:
        return set()
    done = subprocess.run([sys.executable, str(GUARD)], input="\n".join(urls), capture_output=True, text=True,
                          check=False)
    return {row.split(" ", 1)[1] for row in done.stdout.splitlines() if row.startswith("excluded ")}


def results_of(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """A saved search answer (`{query, results: [{url, excerpt}]}`) or a single result (`{url, query, excerpt}`)."""
    if "results" in answer:
        return [{**r, "query": answer.get("query")} for r in answer["results"]]
    return [answer]


# ------------------------------------------------------------------ commands

def cmd_put(args: argparse.Namespace) -> int:
    answer = json.loads(Path(args.answer).read_text(encoding="utf-8"))
    result = results_of(answer)[0] if args.url is None else next(
        (r for r in results_of(answer) if r["url"] == args.url), None)
    if result is None:
        print(f"realdev: {args.url} is not among the answer's results", file=sys.stderr)
        return 2
    if excluded([result["url"]]):
        print(f"realdev: {result['url']} belongs to the independent evaluation set: not saved", file=sys.stderr)
        return 1
    folder = texts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    text = result["excerpt"]
    (folder / f"{args.id}.txt").write_text(text, encoding="utf-8")
    print(f"{args.id}: {len(text)} characters, sha256 {sha256(text)}, {result['url']}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    lines = read_lines(Path(args.gold))
    by_url = {line["url"]: line for line in lines}
    folder = texts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = differ = 0
    for path in args.answers:
        for result in results_of(json.loads(Path(path).read_text(encoding="utf-8"))):
            line = by_url.get(result.get("url", ""))
            if line is None:
                continue
            text = result["excerpt"]
            if line.get("text_sha256") and sha256(text) != line["text_sha256"]:
                differ += 1
                print(f"{line['id']}: the stored copy differs from the annotated text ({line['url']})")
                continue
            (folder / line["file"]).write_text(text, encoding="utf-8")
            written += 1
    print(f"{written} text(s) written to {folder}, {differ} differing")
    return 0 if not differ else 1


def cmd_queries(args: argparse.Namespace) -> int:
    for line in read_lines(Path(args.gold)):
        print(f"{line['id']}\t{line['query']}\t{line['url']}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    folder = texts_dir()
    missing = differ = 0
    for line in read_lines(Path(args.gold)):
        path = folder / line["file"]
        if not path.is_file():
            missing += 1
            print(f"{line['id']}: missing ({line['url']})")
        elif sha256(path.read_text(encoding="utf-8")) != line.get("text_sha256"):
            differ += 1
            print(f"{line['id']}: differs from the annotated text")
    print(f"{folder}: {missing} missing, {differ} differing")
    return 0 if not (missing or differ) else 1


def cmd_region(args: argparse.Namespace) -> int:
    gaz = default_gazetteer()
    name = " ".join(args.name)
    level = None
    for prefix, lvl in (("Kabupaten ", "kabupaten"), ("Kab. ", "kabupaten"), ("Pemkab ", "kabupaten"),
                        ("Kota ", "kota"), ("Pemkot ", "kota"), ("Provinsi ", "provinsi"), ("Pemprov ", "provinsi")):
        if name.startswith(prefix):
            name, level = name.removeprefix(prefix), lvl
    codes = gaz.candidates(name)
    if not codes:
        near = [r for r in gaz.regions.values() if name.lower() in r.name.lower()]
        codes = frozenset(r.code for r in near)
    codes = frozenset(c for c in codes if level is None or gaz.get(c).level == level) or codes
    for code in sorted(codes):
        region = gaz.get(code)
        print(f"{code}\t{region.full_name}\t({region.province_name})")
    return 0 if codes else 1


def problems_of(line: dict[str, Any], gaz: Any, folder: Path) -> list[str]:
    out: list[str] = []
    for key in ("id", "url", "query", "file", "publisher", "facts", "officials", "notes"):
        if key not in line:
            out.append(f"no {key}")
    path = folder / line.get("file", "")
    text = path.read_text(encoding="utf-8") if path.is_file() else None
    if text is None:
        out.append(f"no text at {path}")
    elif line.get("text_sha256") and sha256(text) != line["text_sha256"]:
        out.append("text differs from text_sha256")
    for i, fact in enumerate(line.get("facts", [])):
        where = f"fact {i + 1}"
        if set(fact) not in (set(FACT_KEYS), set(STORED_KEYS)):
            out.append(f"{where}: keys {sorted(set(fact) ^ set(STORED_KEYS))} wrong")
            continue
        if "quote_span" in fact:
            span = fact["quote_span"]
            if not (isinstance(span, list) and len(span) == 2 and 0 <= span[0] < span[1]
                    and (text is None or span[1] <= len(text))):
                out.append(f"{where}: quote_span {span} is not a span of the text")
                continue
            fact = {**fact, "quote": text[span[0]:span[1]] if text is not None else ""}
        if fact["region_code"] not in gaz.regions:
            out.append(f"{where}: unknown region code {fact['region_code']}")
        elif gaz.get(fact["region_code"]).full_name != fact["region"]:
            out.append(f"{where}: {fact['region_code']} is {gaz.get(fact['region_code']).full_name}, "
                       f"not {fact['region']}")
        if fact["assessor"] not in ASSESSORS:
            out.append(f"{where}: assessor {fact['assessor']}")
        if fact["program"] not in PROGRAMS:
            out.append(f"{where}: program {fact['program']}")
        if fact["period"] not in PERIODS:
            out.append(f"{where}: period {fact['period']}")
        if not isinstance(fact["year"], int) or not 2000 <= fact["year"] <= 2026:
            out.append(f"{where}: year {fact['year']}")
        metric = fact["metric"]
        if metric == "score" and not (isinstance(fact["value"], int | float) and fact["unit"] in ("points", "percent")
                                      and fact["scope"] is None and fact["out_of"] is None):
            out.append(f"{where}: a score has a number, a unit, no scope, no out_of")
        elif metric == "rank" and not (isinstance(fact["value"], int) and fact["scope"] in ("national", "province")
                                       and fact["unit"] is None):
            out.append(f"{where}: a rank has a whole number, a scope, no unit")
        elif metric == "grade" and not (isinstance(fact["value"], str) and fact["unit"] is None
                                        and fact["scope"] is None and fact["out_of"] is None):
            out.append(f"{where}: a grade has a text value, no unit, scope or out_of")
        elif metric not in ("score", "rank", "grade"):
            out.append(f"{where}: metric {metric}")
        if text is not None and (not fact["quote"].strip() or fact["quote"] not in text):
            out.append(f"{where}: quote not in the text: {fact['quote']!r}")
    for i, official in enumerate(line.get("officials", [])):
        if set(official) != {"name", "role", "region_code"}:
            out.append(f"official {i + 1}: keys {sorted(official)}")
        elif official["region_code"] is not None and official["region_code"] not in gaz.regions:
            out.append(f"official {i + 1}: unknown region code {official['region_code']}")
    return out


def cmd_verify(args: argparse.Namespace) -> int:
    gaz = default_gazetteer()
    folder = texts_dir()
    lines = [line for path in args.gold for line in read_lines(Path(path))]
    bad = 0
    for kind, key in (("id", "id"), ("URL", "url")):
        for value, n in Counter(line.get(key) for line in lines).items():
            if n > 1:
                bad += 1
                print(f"{kind} {value} appears {n} times")
    for url in sorted(excluded([line["url"] for line in lines if "url" in line])):
        bad += 1
        print(f"EXCLUDED (independent evaluation set): {url}")
    for line in lines:
        for problem in problems_of(line, gaz, folder):
            bad += 1
            print(f"{line.get('id', '?')}: {problem}")
    print_stats(lines, gaz)
    print(f"{bad} problem(s)")
    return 0 if not bad else 1


def print_stats(lines: list[dict[str, Any]], gaz: Any) -> None:
    negatives = [line for line in lines if not line.get("facts")]
    provinces = {gaz.get(f["region_code"]).province_code for line in lines for f in line.get("facts", [])
                 if f["region_code"] in gaz.regions}
    provinces |= {p for line in lines for p in line.get("provinces", [])}
    years = Counter(f["year"] for line in lines for f in line.get("facts", []))
    programs = Counter(f["program"] for line in lines for f in line.get("facts", []))
    published = sorted(line["published"][:4] for line in lines if line.get("published"))
    print(f"articles {len(lines)} ({len(lines) - len(negatives)} with facts, {len(negatives)} without), "
          f"publishers {len({line.get('publisher') for line in lines})}, provinces {len(provinces)}, "
          f"facts {sum(len(line.get('facts', [])) for line in lines)}, "
          f"officials {sum(len(line.get('officials', [])) for line in lines)}")
    if published:
        print(f"published {published[0]}-{published[-1]}; years assessed {dict(sorted(years.items()))}")
    print(f"programs {dict(programs.most_common())}")


def cmd_seal(args: argparse.Namespace) -> int:
    """Record each text's hash, and turn each fact's quote into the span it has in the text: the quotes are
    third-party sentences, which stay out of the repo."""
    folder = texts_dir()
    path = Path(args.gold)
    lines = read_lines(path)
    for line in lines:
        text_path = folder / line["file"]
        if not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        line["text_sha256"] = sha256(text)
        for fact in line.get("facts", []):
            quote = fact.pop("quote", None)
            if quote is not None:
                start = text.find(quote)
                if start < 0:
                    raise SystemExit(f"{line['id']}: quote not in the text: {quote!r}")
                fact["quote_span"] = [start, start + len(quote)]
    write_lines(path, lines)
    print(f"{path}: {len(lines)} line(s) sealed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="realdev", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("put", help="save one search result as TEXTS/ID.txt")
    p.add_argument("id")
    p.add_argument("answer")
    p.add_argument("--url", help="which result of a whole saved answer")
    p.set_defaults(func=cmd_put)
    p = sub.add_parser("import", help="write the texts of every gold URL found in saved search answers")
    p.add_argument("answers", nargs="+")
    p.add_argument("--gold", default=str(GOLD))
    p.set_defaults(func=cmd_import)
    for name, func, text in (("queries", cmd_queries, "the query and URL of every article"),
                             ("check", cmd_check, "which texts are present, missing or differ"),
                             ("seal", cmd_seal, "record each line's text hash")):
        p = sub.add_parser(name, help=text)
        p.add_argument("gold", nargs="?", default=str(GOLD))
        p.set_defaults(func=func)
    p = sub.add_parser("verify", help="check gold lines and print the set's size")
    p.add_argument("gold", nargs="*", default=[str(GOLD)])
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("region", help="codes a written region name may mean")
    p.add_argument("name", nargs="+")
    p.set_defaults(func=cmd_region)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
