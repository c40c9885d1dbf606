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

from pantau.analyst.check import CheckResult, Question, check
from pantau.analyst.export import FORMULA_LEADS
from pantau.analyst.region_lookup import RegionNotFound, resolve_region
from pantau.analyst.vocabulary import VocabularyError, assessor_code, metric_of, program_code, typed_value
from pantau.store.published import open_reader
from pantau.store.search import SearchUnavailable, search
from pantau.web import queries
from pantau.web.queries import FACETS, PAGE_SIZE, Filters
from pantau.web.timeline import timeline_svg

LABELS = {"province_name": "Provinsi", "assessor": "Penilai", "program": "Program", "year": "Tahun",
          "metric": "Jenis nilai"}
_ENV = Environment(loader=PackageLoader("pantau.web", "templates"), autoescape=select_autoescape(["html"]))


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
            total, rows = queries.facts(con, f) if not empty_db else (0, [])
            counts = queries.facet_counts(con, f) if not empty_db else {}
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

        return render("search.html", f=f, facets=FACETS, labels=LABELS, counts=counts, rows=rows, total=total,
                       pages=max(1, -(-total // PAGE_SIZE)), articles=articles, empty_db=empty_db, link=link)

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
        rows = _region_rows(code)
        out = io.StringIO()
        writer = csv.writer(out)
        columns = ["assessor", "program", "year", "period", "metric", "scope", "value", "unit", "publisher",
                   "published", "url", "quote"]
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r[c]) for c in columns])
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="pantau-{code}.csv"'})

    @app.get("/wilayah/{code}.json")
    def region_json(code: str) -> JSONResponse:
        return JSONResponse(json.loads(json.dumps(_region_rows(code), default=str)))

    @app.get("/wilayah/{code}", response_class=HTMLResponse)
    def region_page(code: str) -> HTMLResponse:
        with reader() as con:
            region = _region(con, code)
            facts = queries.region_facts(con, code)
            officials = queries.region_officials(con, code)
        mismatches = sum("province_mismatch" in (r["flags"] or []) for r in facts)
        return render("region.html", region=region, facts=facts, officials=officials, svg=timeline_svg(facts),
                       mismatches=mismatches)

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
        return render("conflicts.html", rows=rows)

    def _region_rows(code: str) -> list[dict[str, Any]]:
        with reader() as con:
            _region(con, code)
            return queries.region_facts(con, code)

    return app


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
