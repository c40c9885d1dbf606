-- The best SPM (Standar Pelayanan Minimal) scores in each province for one year, as the news reported them.
-- Change the year on the next line. Whole-year results only: to rank a quarter, change `period IS NULL` to
-- `period = 'Q3'`. Years the news split on evenly (no single value) are left out; see v_conflicts for them.
-- Run as it is: duckdb -readonly data/pantau.duckdb < sql/queries/best_spm_by_province.sql
SET VARIABLE year = 2023;

SELECT
    province_name AS province,
    place,
    region,
    value AS score,
    unit,
    reports
FROM (
    SELECT *, rank() OVER (PARTITION BY province_name ORDER BY value_num DESC) AS place
    FROM v_region_timeline
    WHERE program = 'spm' AND metric = 'score' AND year = getvariable('year') AND period IS NULL
      AND value_num IS NOT NULL
)
WHERE place <= 3
ORDER BY province, place, region;
