"""What the pages show, as parameterised SQL over the analysts' views: nothing a person types is ever
pasted into a statement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

FACETS = ("province_name", "assessor", "program", "year", "metric")
PAGE_SIZE = 25


@dataclass(frozen=True)
class Filters:
    """The search form: words (in the region's name or the quote) and one value per facet."""

    q: str = ""
    province_name: str = ""
    assessor: str = ""
    program: str = ""
    year: str = ""
    metric: str = ""
    page: int = 1

    def where(self, skip: str | None = None) -> tuple[str, list[Any]]:
        clauses, params = ["TRUE"], []
        if self.q.strip():
            for word in self.q.split()[:8]:           # `%` and `_` typed are letters, not wildcards
                pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                clauses.append("(region ILIKE ? ESCAPE '\\' OR quote ILIKE ? ESCAPE '\\' "
                               "OR article_title ILIKE ? ESCAPE '\\')")
                params += [pattern] * 3
        for facet in FACETS:
            value = getattr(self, facet)
            if value and facet != skip:
                if facet == "year":
                    if not value.isdigit():
                        continue
                    clauses.append("year = ?")
                    params.append(int(value))
                else:
                    clauses.append(f"{facet} = ?")            # facet names are ours, never the user's
                    params.append(value)
        return " AND ".join(clauses), params


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def facts(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[int, list[dict[str, Any]]]:
    where, params = f.where()
    total = con.execute(f"SELECT count(*) FROM v_facts WHERE {where}", params).fetchone()[0]  # type: ignore[index]
    rows = _rows(con, f"""SELECT fact_id, region_code, region, province_name, assessor, program, year, period,
                                 metric, scope, value, unit, out_of, publisher, published, url, quote
                          FROM v_facts WHERE {where}
                          ORDER BY year DESC NULLS LAST, region, program, published DESC NULLS LAST, fact_id
                          LIMIT ? OFFSET ?""", [*params, PAGE_SIZE, (max(f.page, 1) - 1) * PAGE_SIZE])
    return int(total), rows


def facet_counts(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, list[tuple[Any, int]]]:
    """For each facet, its values and how many facts each has under the other facets' choices."""
    out = {}
    for facet in FACETS:
        where, params = f.where(skip=facet)
        out[facet] = [(r[0], int(r[1])) for r in con.execute(
            f"SELECT {facet}, count(*) FROM v_facts WHERE {where} AND {facet} IS NOT NULL "
            f"GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 40", params).fetchall()]
    return out


def fact(con: duckdb.DuckDBPyConnection, fact_id: str) -> dict[str, Any] | None:
    rows = _rows(con, """SELECT v.*, a.body, a.title FROM v_facts v JOIN articles a USING (article_id)
                         WHERE v.fact_id = ?""", [fact_id])
    return rows[0] if rows else None


def same_claim(con: duckdb.DuckDBPyConnection, f: dict[str, Any]) -> list[dict[str, Any]]:
    """Every article reporting the fact's claim (same region, assessment, year, metric), first report first."""
    return _rows(con, """SELECT fact_id, value, unit, publisher, published, url, article_title, quote
                         FROM v_facts WHERE region_code = ? AND assessor = ? AND program = ? AND metric = ?
                           AND year IS NOT DISTINCT FROM ? AND period IS NOT DISTINCT FROM ?
                           AND scope IS NOT DISTINCT FROM ?
                         ORDER BY published NULLS LAST, url""",
                 [f["region_code"], f["assessor"], f["program"], f["metric"], f["year"], f["period"], f["scope"]])


def region(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any] | None:
    rows = _rows(con, "SELECT code, full_name, level, province_name FROM regions WHERE code = ?", [code])
    return rows[0] if rows else None


def region_facts(con: duckdb.DuckDBPyConnection, code: str) -> list[dict[str, Any]]:
    return _rows(con, """SELECT fact_id, assessor, program, year, period, metric, scope, value, value_num, unit,
                                publisher, published, url, quote, flags
                         FROM v_facts WHERE region_code = ?
                         ORDER BY program, year NULLS LAST, metric, published NULLS LAST""", [code])


def region_officials(con: duckdb.DuckDBPyConnection, code: str) -> list[dict[str, Any]]:
    return _rows(con, """SELECT DISTINCT name, role FROM v_officials WHERE region_code = ? ORDER BY role, name""",
                 [code])


def conflicts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _rows(con, """SELECT conflict_id, region_code, region, assessor, program, year, metric, scope, value,
                                unit, publisher, published, url, quote, values_reported
                         FROM v_conflicts ORDER BY region, program, year, conflict_id, published NULLS LAST
                         LIMIT 500""", [])
