-- Regions whose score fell from one reported year to the next, largest fall first.
-- `value` is what most articles gave for the year; years the news split on evenly have no value and are skipped.
-- Run as it is: duckdb -readonly data/pantau.duckdb < sql/queries/scores_that_fell.sql
SELECT
    region,
    province_name AS province,
    assessor,
    program,
    period,
    previous_year,
    previous_value,
    year,
    value,
    change
FROM v_region_timeline
WHERE metric = 'score' AND change < 0
ORDER BY change, region;
