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

    def words(self) -> tuple[str, list[Any]]:
        """Each typed word in the region's name, the quote or the headline (all words must match)."""
        clauses, params = ["TRUE"], []
        for word in self.q.split()[:8]:           # `%` and `_` typed are letters, not wildcards
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("(region ILIKE ? ESCAPE '\\' OR quote ILIKE ? ESCAPE '\\' "
                           "OR article_title ILIKE ? ESCAPE '\\')")
            params += [pattern] * 3
        return " AND ".join(clauses), params

    def chosen(self, skip: str | None = None) -> tuple[str, list[Any]]:
        """The facets' values chosen (all but `skip`), as a condition on v_facts' columns."""
        clauses, params = ["TRUE"], []
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

    def where(self) -> tuple[str, list[Any]]:
        words, word_params = self.words()
        chosen, chosen_params = self.chosen()
        return f"{words} AND {chosen}", [*word_params, *chosen_params]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def facts(con: duckdb.DuckDBPyConnection, f: Filters, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """One page (of `limit` rows) of the facts the search finds, newest year first."""
    where, params = f.where()
    return _rows(con, f"""SELECT fact_id, region_code, region, province_name, assessor, program, year, period,
                                 metric, scope, value, unit, out_of, publisher, published, url, quote
                          FROM v_facts WHERE {where}
                          ORDER BY year DESC NULLS LAST, region, program, published DESC NULLS LAST, fact_id
                          LIMIT ? OFFSET ?""", [*params, limit, (max(f.page, 1) - 1) * limit])


def counts(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[int, dict[str, list[tuple[Any, int]]]]:
    """How many facts the search finds, and for each facet its values with how many facts each has under the
    other facets' choices. One statement: the words, the costly part, are matched once for all six counts."""
    words, params = f.words()
    parts = []
    for facet in FACETS:
        chosen, chosen_params = f.chosen(skip=facet)
        parts.append(f"SELECT '{facet}' AS facet, CAST({facet} AS VARCHAR) AS value, count(*) AS n FROM hits "
                     f"WHERE {chosen} AND {facet} IS NOT NULL GROUP BY {facet}")
        params += chosen_params
    chosen, chosen_params = f.chosen()
    parts.append(f"SELECT 'total', NULL, count(*) FROM hits WHERE {chosen}")
    params += chosen_params
    rows = con.execute(f"""WITH hits AS MATERIALIZED (
                               SELECT {", ".join(FACETS)} FROM v_facts WHERE {words})
                           {" UNION ALL ".join(parts)}""", params).fetchall()
    total = next(int(n) for facet, _, n in rows if facet == "total")
    by_facet: dict[str, list[tuple[Any, int]]] = {facet: [] for facet in FACETS}
    for facet, value, n in rows:
        if facet != "total":
            by_facet[facet].append((int(value) if facet == "year" else value, int(n)))
    for values in by_facet.values():
        values.sort(key=lambda vn: (-vn[1], str(vn[0])))
        del values[40:]
    return total, by_facet


def fact(con: duckdb.DuckDBPyConnection, fact_id: str) -> dict[str, Any] | None:
    rows = _rows(con, """SELECT v.*, a.body, a.title, f.extractor_version
                         FROM v_facts v JOIN articles a USING (article_id) JOIN facts f USING (fact_id)
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
    rows = _rows(con, "SELECT code, full_name, level, province_code, province_name FROM regions WHERE code = ?",
                 [code])
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
    return _rows(con, """SELECT conflict_id, fact_id, region_code, region, assessor, program, year, metric, scope,
                                value, unit, publisher, published, url, quote, values_reported
                         FROM v_conflicts ORDER BY region, program, year, conflict_id, published NULLS LAST
                         LIMIT 500""", [])


def mismatches(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Articles that place a region in a province it does not lie in."""
    return _rows(con, """SELECT region_code, region, province_name, stated_province_name, publisher, published, url,
                                article_title, quotes, facts
                         FROM v_geography_mismatch ORDER BY region, published NULLS LAST, url LIMIT 500""", [])
