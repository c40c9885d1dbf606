-- Every claim the news made about each region, newest assessment year first, with its evidence.
-- Run as it is: duckdb data/pantau.duckdb < sql/queries/facts_by_region.sql
SELECT
    region,
    province_name,
    assessor,
    program,
    year,
    period,
    metric,
    CASE WHEN metric = 'rank' THEN '#' || value || coalesce(' of ' || out_of, '') || ' (' || scope || ')'
         WHEN unit = 'percent' THEN value || '%'
         ELSE value END AS claimed,
    publisher,
    published,
    url,
    quote
FROM v_facts
ORDER BY region, year DESC NULLS LAST, program, metric;
