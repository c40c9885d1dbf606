"""Exports for other tools: the dataset as Parquet or CSV files, and a region's claims as ClaimReview JSON.

Every file is first written under a temporary name, and only when all are written are they renamed into
place, so a failed export leaves the previous one as it was and a reader never sees half a file.
`manifest.json` says what was exported, from which database, when, and how many rows each file has.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from extractors.facts.lexicon import ASSESSORS, PROGRAMS
from pantau.analyst.region_lookup import RegionRef

# What each exported file holds. Lists (flags, tags) stay lists in Parquet and become JSON text in CSV.
DATASETS: dict[str, str] = {
    "facts": "SELECT * FROM v_facts ORDER BY region_code, year, assessor, program, metric, fact_id",
    "articles": """SELECT article_id, url, source_id, publisher, title, published, published_at, author, editor,
                          section, tags, pages, body, body_hash, content_hash, extractor_version, first_run_id,
                          updated_run_id, loaded_at
                   FROM articles ORDER BY published, url""",
    "officials": """SELECT o.official_id, o.name, o.role, o.region_code, r.full_name AS region, r.province_name,
                           o.article_id, a.url, a.publisher, a.published, o.quote, o.quote_field, o.quote_start,
                           o.quote_end
                    FROM officials o JOIN articles a USING (article_id) LEFT JOIN regions r ON r.code = o.region_code
                    ORDER BY o.name, a.published, a.url""",
    "regions": "SELECT * FROM regions ORDER BY code",
    "reference_results": "SELECT * FROM reference_results ORDER BY region_code, assessor, program, year, metric",
}
FORMATS = ("parquet", "csv")


def _sql_string(path: Path) -> str:
    """COPY takes its file name as a literal, not a parameter; quote it as one."""
    return "'" + str(path).replace("'", "''") + "'"


def _csv_query(con: duckdb.DuckDBPyConnection, query: str) -> str:
    """The same rows with list columns as JSON text, which every CSV reader can carry, and text that a
    spreadsheet would run as a formula (a cell starting `=`, `+`, `-`, `@`, a tab or a carriage return: a
    headline is the publisher's to write) prefixed with `'`, as OWASP's CSV-injection advice has it."""
    columns = con.execute(f"DESCRIBE ({query})").fetchall()
    replaced = []
    for name, kind, *_ in columns:
        if kind.endswith("[]"):
            replaced.append(f'CAST(to_json("{name}") AS VARCHAR) AS "{name}"')
        elif kind == "VARCHAR":
            replaced.append(f"CASE WHEN regexp_matches(\"{name}\", {_FORMULA_LEAD}) THEN '''' || \"{name}\" "
                            f"ELSE \"{name}\" END AS \"{name}\"")
    if not replaced:
        return query
    return f"SELECT * REPLACE ({', '.join(replaced)}) FROM ({query})"


# The first characters that make a spreadsheet run a cell as a formula (OWASP), and the same as a SQL literal
# holding a regular expression (tab and CR as the characters; `-` last in the class).
FORMULA_LEADS = "=+@\t\r-"
_FORMULA_LEAD = f"'^[{FORMULA_LEADS}]'"


def export_tables(con: duckdb.DuckDBPyConnection, out: Path, fmt: str, source: Path) -> dict[str, int]:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use {' or '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    written: list[tuple[Path, Path]] = []
    try:
        for name, query in DATASETS.items():
            tmp = out / f".{name}.{fmt}.{os.getpid()}.tmp"
            written.append((tmp, out / f"{name}.{fmt}"))
            options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
            body = query if fmt == "parquet" else _csv_query(con, query)
            con.execute(f"COPY ({body}) TO {_sql_string(tmp)} ({options})")
            counts[name] = int(con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0])  # type: ignore[index]
    except BaseException:
        for tmp, _ in written:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in written:           # every file written before any is replaced: old set or new set
        os.replace(tmp, target)
    manifest = {"exported_at": datetime.now(UTC).isoformat(timespec="seconds"), "database": str(source),
                "format": fmt, "rows": counts, "columns": "docs/data-dictionary.md (v_facts for facts)"}
    _write_json(out / "manifest.json", manifest)
    return counts


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------- ClaimReview

RATINGS: dict[str, dict[str, Any]] = {
    "agrees": {"ratingValue": 5, "alternateName": "Sesuai data resmi"},
    "differs": {"ratingValue": 1, "alternateName": "Tidak sesuai data resmi"},
    "no_reference": {"alternateName": "Belum diverifikasi: data resmi belum dimuat"},
}


def _number_id(value: str) -> str:
    """85.6 -> `85,6`: the claim is written for Indonesian readers."""
    return value.replace(".", ",") if value.replace(".", "", 1).isdigit() else value


def claim_sentence(claim: dict[str, Any]) -> str:
    """The claim in one Indonesian sentence: `Kabupaten Lebong memperoleh nilai 92 dalam penilaian ...`."""
    value = _number_id(claim["value"])
    if claim["metric"] == "score":
        stated = f"nilai {value}"
    elif claim["metric"] == "rank":
        where = "nasional" if claim["scope"] == "national" else "se-provinsi" if claim["scope"] == "province" else ""
        stated = f"peringkat {value} {where}".strip() + (f" dari {claim['out_of']}" if claim.get("out_of") else "")
    else:
        stated = f"predikat {value}" if claim["program"] != "opini_bpk" else f"opini {value}"
    program = PROGRAMS.get(claim["program"], (claim["program"],))[0]
    assessor = ASSESSORS.get(claim["assessor"], (claim["assessor"],))[0]
    when = f"tahun {claim['year']}" + (f" {claim['period']}" if claim["period"] else "")
    return f"{claim['region']} memperoleh {stated} dalam penilaian {program} oleh {assessor} {when}."


def claim_reviews(con: duckdb.DuckDBPyConnection, region: RegionRef, today: date | None = None) -> list[dict[str, Any]]:
    """One ClaimReview per claim the news made about the region, rated against the official figure."""
    rows = con.execute(
        """SELECT region, assessor, program, year, period, metric, scope, value, first_publisher, first_url,
                  first_published, first_quote, repeated_by, out_of, reference_match, reference_url
           FROM v_first_reported
           WHERE region_code = ?
           ORDER BY year DESC, assessor, program, metric, value""", [region.code]).fetchall()
    names = ("region", "assessor", "program", "year", "period", "metric", "scope", "value", "first_publisher",
             "first_url", "first_published", "first_quote", "repeated_by", "out_of", "rating", "reference_url")
    reviews = []
    for row in rows:
        claim = dict(zip(names, row, strict=True))
        appearances = [{"publisher": claim["first_publisher"], "url": claim["first_url"],
                        "published": claim["first_published"]}, *claim["repeated_by"]]
        works = [{"@type": "NewsArticle", "url": a["url"],
                  "datePublished": a["published"].isoformat() if a["published"] else None,
                  "publisher": {"@type": "Organization", "name": a["publisher"]}} for a in appearances]
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "datePublished": (today or date.today()).isoformat(),
            "author": {"@type": "Organization", "name": "Pantau"},
            "claimReviewed": claim_sentence(claim),
            "itemReviewed": {"@type": "Claim", "appearance": works, "firstAppearance": works[0]},
            "reviewRating": {"@type": "Rating", "bestRating": 5, "worstRating": 1, **RATINGS[claim["rating"]]},
        }
        if claim["reference_url"]:
            review["isBasedOn"] = claim["reference_url"]
        review["pantau"] = {"region_code": region.code, "assessor": claim["assessor"], "program": claim["program"],
                            "year": claim["year"], "period": claim["period"], "metric": claim["metric"],
                            "scope": claim["scope"], "value": claim["value"], "rating": claim["rating"],
                            "first_quote": claim["first_quote"]}
        reviews.append(review)
    return reviews


def export_claim_reviews(con: duckdb.DuckDBPyConnection, region: RegionRef, out: Path) -> tuple[Path, int]:
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"claimreview-{region.code}.json"
    reviews = claim_reviews(con, region)
    _write_json(target, reviews)
    return target, len(reviews)
