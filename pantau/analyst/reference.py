"""Official results from a CSV into `reference_results`, all or nothing.

The file has a header row; columns (any order, any case): `region` (name, alias or Kemendagri code),
`assessor`, `program`, `year`, `period` (optional), one or more of `score`, `rank`, `grade`, with
`rank_scope` (`national` or `province`, default national) and `out_of` for ranks, and `source_url` (where the
assessor published it). A line with a score and a rank is two reference rows. Commas or semicolons may
separate fields (a spreadsheet set to Indonesian writes semicolons, since the comma is its decimal mark).

Every line is checked before anything is written; one bad line and nothing loads, and each problem is
reported with its line number. Loading a corrected file again replaces the rows it names.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import duckdb

from pantau.analyst.region_lookup import RegionNotFound, resolve_region
from pantau.analyst.vocabulary import (
    VocabularyError,
    assessor_code,
    check_pair,
    grade_value,
    number_value,
    period_code,
    program_code,
    rank_value,
)

REQUIRED = ("region", "assessor", "program", "year", "source_url")
VALUES = ("score", "rank", "grade")
OPTIONAL = ("period", "rank_scope", "out_of", "note")
SCOPES = {"national": "national", "nasional": "national", "province": "province", "provinsi": "province"}


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    region_code: str
    assessor: str
    program: str
    year: int
    period: str | None
    metric: str
    scope: str | None
    value_num: float | None
    value_text: str | None
    out_of: int | None
    source_url: str
    line: int

    @property
    def key(self) -> str:
        return "|".join(str(p or "") for p in (self.region_code, self.assessor, self.program, self.year,
                                               self.period, self.metric, self.scope))


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ReferenceFileError(ValueError):
    """The file cannot be loaded; `problems` lists every bad line."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s), nothing loaded")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReferenceFileError(path, [Problem(line, f"not UTF-8 (byte {exc.start}); save the file as UTF-8")]) \
            from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _row_values(fields: dict[str, str], line: int, con: duckdb.DuckDBPyConnection,
                this_year: int) -> tuple[list[ReferenceRow], list[Problem]]:
    problems: list[Problem] = []

    def attempt(what: str, func, *args):  # type: ignore[no-untyped-def]
        try:
            return func(*args)
        except (VocabularyError, RegionNotFound) as exc:
            problems.append(Problem(line, f"{what}: {exc}"))
            return None

    for name in REQUIRED:
        if not fields.get(name):
            problems.append(Problem(line, f"{name} is empty"))
    if problems:
        return [], problems
    region = attempt("region", resolve_region, con, fields["region"])
    assessor = attempt("assessor", assessor_code, fields["assessor"])
    program = attempt("program", program_code, fields["program"], assessor)
    if assessor and program:
        attempt("program", check_pair, assessor, program)
    year = None
    if fields["year"].isdigit() and 1990 <= int(fields["year"]) <= this_year + 1:
        year = int(fields["year"])
    else:
        problems.append(Problem(line, f"year: {fields['year']!r} is not a year between 1990 and {this_year + 1}"))
    period = attempt("period", period_code, fields.get("period", ""))
    url = fields["source_url"]
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        problems.append(Problem(line, f"source_url: {url!r} is not an http(s) address"))
    given = [m for m in VALUES if fields.get(m)]
    if not given:
        problems.append(Problem(line, "no score, rank or grade"))
    scope = SCOPES.get((fields.get("rank_scope") or "national").lower())
    if scope is None and fields.get("rank"):
        problems.append(Problem(line, f"rank_scope: {fields['rank_scope']!r} is not national or province"))
    out_of = None
    if fields.get("out_of"):
        out_of = attempt("out_of", rank_value, fields["out_of"])
    rows: list[ReferenceRow] = []
    for metric in given:
        raw = fields[metric]
        if metric == "score":
            value = attempt("score", number_value, raw)
            if value is not None and not 0 <= value <= 1000:
                problems.append(Problem(line, f"score: {raw!r} is not between 0 and 1000 (a thousands separator?)"))
            number, text, row_scope, row_out_of = value, None, None, None
        elif metric == "rank":
            rank = attempt("rank", rank_value, raw)
            if rank is not None and out_of is not None and rank > out_of:
                problems.append(Problem(line, f"rank: {rank} is beyond out_of {out_of}"))
            number, text, row_scope, row_out_of = (float(rank) if rank else None), None, scope, out_of
        else:
            number, text, row_scope, row_out_of = None, attempt("grade", grade_value, raw), None, None
        if region and assessor and program and year and (number is not None or text is not None):
            rows.append(ReferenceRow(region.code, assessor, program, year, period, metric, row_scope, number, text,
                                     row_out_of, url, line))
    return ([], problems) if problems else (rows, [])


def parse_reference(path: Path, con: duckdb.DuckDBPyConnection) -> list[ReferenceRow]:
    """Every row of the file, or ReferenceFileError with every problem in it."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ReferenceFileError(path, [Problem(1, "the file is empty")]) from None
    known = set(REQUIRED + VALUES + OPTIONAL)
    problems = [Problem(1, f"unknown column {h!r}; columns are {', '.join(REQUIRED + VALUES + OPTIONAL)}")
                for h in header if h not in known]
    problems += [Problem(1, f"missing column {name!r}") for name in REQUIRED if name not in header]
    if not any(v in header for v in VALUES):
        problems.append(Problem(1, "no score, rank or grade column"))
    if problems:
        raise ReferenceFileError(path, problems)
    rows: list[ReferenceRow] = []
    first_line: dict[str, int] = {}
    this_year = date.today().year
    start = 2
    for record in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(Problem(line, f"{len(record)} fields where the header has {len(header)}"))
            continue
        got, bad = _row_values({h: c.strip() for h, c in zip(header, record, strict=True)}, line, con, this_year)
        problems += bad
        for row in got:
            if row.key in first_line:
                what = " ".join(str(p) for p in (row.region_code, f"{row.assessor}/{row.program}", row.year,
                                                 row.period, row.metric, row.scope) if p)
                problems.append(Problem(line, f"the same result as line {first_line[row.key]} ({what})"))
            else:
                first_line[row.key] = line
                rows.append(row)
    if problems:
        raise ReferenceFileError(path, problems)
    if not rows:
        raise ReferenceFileError(path, [Problem(0, "no rows after the header")])
    return rows


def load_reference(con: duckdb.DuckDBPyConnection, path: Path, rows: list[ReferenceRow]) -> int:
    """Write the rows in one transaction, replacing earlier rows for the same results."""
    now = datetime.now(UTC)
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany(
            "INSERT OR REPLACE INTO reference_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.key, r.region_code, r.assessor, r.program, r.year, r.period, r.metric, r.scope, r.value_num,
              r.value_text, r.out_of, r.source_url, path.name, r.line, now) for r in rows])
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    return len(rows)
