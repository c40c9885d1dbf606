"""The web pages, over the published read copy of the store: each request opens it read-only and closes it,
so a nightly run can write (and publish a new copy) while the pages are served.

Safety by construction: every value a person types reaches DuckDB as a parameter (`queries.py`), every text
from an article goes through Jinja's autoescaping, there is no endpoint that writes, and an error is a page
in words, never a traceback."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from extractors.facts.lexicon import ASSESSORS, PROGRAMS
from pantau.analyst.check import CheckResult, Question, check
from pantau.analyst.export import FORMULA_LEADS, claim_reviews
from pantau.analyst.region_lookup import RegionNotFound, RegionRef, resolve_region
from pantau.analyst.vocabulary import VocabularyError, assessor_code, metric_of, program_code, typed_value
from pantau.store.published import open_reader
from pantau.store.search import SearchUnavailable, search
from pantau.web import queries
from pantau.web.queries import FACETS, PAGE_SIZE, Filters
from pantau.web.timeline import timeline_svg

LABELS = {"province_name": "Provinsi", "assessor": "Penilai", "program": "Program", "year": "Tahun",
          "metric": "Jenis nilai"}
_ENV = Environment(loader=PackageLoader("pantau.web", "templates"), autoescape=select_autoescape(["html"]))
METRIC_NAMES = {"score": "skor", "rank": "peringkat", "grade": "predikat"}


def display_name(code: Any) -> Any:
    """The name a reader knows for a stored code: `kemendagri` -> Kemendagri, `spm` -> SPM, `rank` -> peringkat.
    Links and downloads keep the codes, which are what the views and `pantau check` take."""
    if not isinstance(code, str):
        return code
    if code in METRIC_NAMES:
        return METRIC_NAMES[code]
    names = PROGRAMS.get(code) or ASSESSORS.get(code)
    return names[0] if names else code


_ENV.filters["nama"] = display_name


class NotFound(Exception):
    """What was asked for is not in the database."""


def create_app(db: Path) -> FastAPI:
    app = FastAPI(title="Pantau", docs_url=None, redoc_url=None, openapi_url=None)

    @contextmanager
    def reader() -> Iterator[duckdb.DuckDBPyConnection]:
        con = open_reader(db)
        try:
            yield con
        finally:
            con.close()

    def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(_ENV.get_template(name).render(**context), status_code=status)

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> HTMLResponse:
        return render("error.html", 404, title="Tidak ditemukan", message=str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> HTMLResponse:
        message = "Alamat ini tidak dikenal." if exc.status_code == 404 else "Permintaan tidak bisa dilayani."
        return render("error.html", exc.status_code, title="Halaman tidak ada", message=message)

    @app.exception_handler(Exception)
    async def any_error(_: Request, exc: Exception) -> HTMLResponse:
        return render("error.html", 500, title="Terjadi kesalahan",
                    message=f"Halaman ini tidak bisa ditampilkan ({type(exc).__name__}). Coba lagi nanti.")

    @app.get("/", response_class=HTMLResponse)
    def search_page(q: str = "", province_name: str = "", assessor: str = "", program: str = "", year: str = "",
                    metric: str = "", page: int = 1) -> HTMLResponse:
        f = Filters(q[:200], province_name, assessor, program, year, metric, max(1, page))
        with reader() as con:
            empty_db = con.execute("SELECT count(*) FROM v_facts").fetchone()[0] == 0  # type: ignore[index]
            total, counts = queries.counts(con, f) if not empty_db else (0, {})
            rows = queries.facts(con, f) if total else []
            articles = []
            if f.q.strip() and not empty_db:
                try:
                    articles = search(con, f.q, limit=10)
                except SearchUnavailable:
                    articles = []

        def link(key: str, value: Any) -> str:
            params = {k: getattr(f, k) for k in (*FACETS, "q") if getattr(f, k)}
            if key == "page":
                params["page"] = value
            else:
                params.pop(key, None)
                if value != "":
                    params[key] = value
            return "/?" + urlencode(params)

        chosen = {k: getattr(f, k) for k in (*FACETS, "q") if getattr(f, k)}
        return render("search.html", f=f, facets=FACETS, labels=LABELS, counts=counts, rows=rows, total=total,
                       pages=max(1, -(-total // PAGE_SIZE)), articles=articles, empty_db=empty_db, link=link,
                       download="/unduh.csv?" + urlencode(chosen))

    @app.get("/fakta/{fact_id}", response_class=HTMLResponse)
    def fact_page(fact_id: str) -> HTMLResponse:
        with reader() as con:
            f = queries.fact(con, fact_id)
            if f is None:
                raise NotFound(f"Tidak ada fakta dengan kode {fact_id[:80]}.")
            reports = queries.same_claim(con, f)
        text = f["title"] if f["quote_field"] == "title" else f["body"]
        start, end = f["quote_start"], f["quote_end"]
        return render("fact.html", f=f, reports=reports, before=text[:start], quoted=text[start:end],
                       after=text[end:])

    @app.get("/wilayah/{code}.csv")
    def region_csv(code: str) -> Response:
        return _csv_download(_region_rows(code), REGION_COLUMNS, f"pantau-{code}.csv")

    # Before `{code}.json`, which would take `17.02.claimreview` for a code.
    @app.get("/wilayah/{code}.claimreview.json")
    def region_claim_reviews(code: str) -> JSONResponse:
        with reader() as con:
            region = _region(con, code)
            ref = RegionRef(region["code"], region["full_name"], region["level"], region["province_code"],
                            region["province_name"])
            reviews = claim_reviews(con, ref)
        return JSONResponse(json.loads(json.dumps(reviews, default=str)),
                            headers={"Content-Disposition": f'attachment; filename="claimreview-{code}.json"'})

    @app.get("/wilayah/{code}.json")
    def region_json(code: str) -> JSONResponse:
        return JSONResponse(json.loads(json.dumps(_region_rows(code), default=str)))

    @app.get("/unduh.csv")
    def search_csv(q: str = "", province_name: str = "", assessor: str = "", program: str = "", year: str = "",
                   metric: str = "") -> Response:
        """Every fact the search finds (not only the page shown), up to DOWNLOAD_LIMIT rows."""
        f = Filters(q[:200], province_name, assessor, program, year, metric)
        with reader() as con:
            rows = queries.facts(con, f, limit=DOWNLOAD_LIMIT)
        return _csv_download(rows, SEARCH_COLUMNS, "pantau-cari.csv")

    @app.get("/wilayah/{code}", response_class=HTMLResponse)
    def region_page(code: str) -> HTMLResponse:
        with reader() as con:
            region = _region(con, code)
            facts = queries.region_facts(con, code)
            officials = queries.region_officials(con, code)
        mismatches = sum("province_mismatch" in (r["flags"] or []) for r in facts)
        return render("region.html", region=region, facts=facts, officials=officials,
                       svg=timeline_svg(facts, display_name), mismatches=mismatches)

    @app.get("/cek", response_class=HTMLResponse)
    def check_page(wilayah: str = "", penilai: str = "", program: str = "", tahun: str = "",
                   nilai: str = "") -> HTMLResponse:
        form = {"wilayah": wilayah[:100], "penilai": penilai[:60], "program": program[:60], "tahun": tahun[:4],
                "nilai": nilai[:40]}
        with reader() as con:
            names = [r[0] for r in con.execute("SELECT full_name FROM regions ORDER BY full_name").fetchall()]
            result, problem = None, None
            try:
                result = _check(con, form) if wilayah.strip() else None
            except (RegionNotFound, VocabularyError) as exc:
                problem = str(exc)
        return render("check.html", form=form, names=names, result=result, problem=problem)

    @app.get("/konflik", response_class=HTMLResponse)
    def conflicts_page() -> HTMLResponse:
        with reader() as con:
            rows = queries.conflicts(con)
            mismatches = queries.mismatches(con)
        return render("conflicts.html", rows=rows, mismatches=mismatches)

    def _region_rows(code: str) -> list[dict[str, Any]]:
        with reader() as con:
            _region(con, code)
            return queries.region_facts(con, code)

    return app


REGION_COLUMNS = ("assessor", "program", "year", "period", "metric", "scope", "value", "unit", "publisher",
                  "published", "url", "quote")
SEARCH_COLUMNS = ("region_code", "region", "province_name", *REGION_COLUMNS)
DOWNLOAD_LIMIT = 50_000


def _csv_download(rows: list[dict[str, Any]], columns: tuple[str, ...], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r[c]) for c in columns])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _region(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any]:
    region = queries.region(con, code)
    if region is None:
        raise NotFound(f"Tidak ada daerah dengan kode {code[:20]}.")
    return region


def _check(con: duckdb.DuckDBPyConnection, form: dict[str, str]) -> CheckResult:
    """What `pantau check` answers, for the form's words: region by any alias, assessor and programme as the
    news writes them, a value written either way (`85,60` or `85.60`)."""
    region = resolve_region(con, form["wilayah"])
    assessor = assessor_code(form["penilai"]) if form["penilai"].strip() else None
    program = program_code(form["program"], assessor) if form["program"].strip() else None
    metric = metric_of(form["nilai"]) if form["nilai"].strip() else None
    value = typed_value(metric, form["nilai"]) if metric else None
    year = int(form["tahun"]) if form["tahun"].isdigit() else None
    return check(con, region, Question(assessor, program, year, None, metric, value))


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (the rule of `pantau export`)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] and text[0] in FORMULA_LEADS else text


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
