-- Ombudsman RI public-service compliance grades (zona hijau / kuning / merah, or the newer quality levels)
-- by province and year: how many regions the news placed in each grade, and which.
-- Run as it is: duckdb -readonly data/pantau.duckdb < sql/queries/ombudsman_grades_by_province.sql
SELECT
    province_name AS province,
    year,
    value AS grade,
    count(*) AS regions,
    string_agg(region, ', ' ORDER BY region) AS which
FROM v_region_timeline
WHERE assessor = 'ombudsman' AND metric = 'grade' AND value IS NOT NULL
GROUP BY province_name, year, value
ORDER BY province, year DESC,
         CASE value WHEN 'zona hijau' THEN 1 WHEN 'zona kuning' THEN 2 WHEN 'zona merah' THEN 3 ELSE 4 END, value;
