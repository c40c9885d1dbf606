-- A national ranking of the regions the news reported a score for, in one assessment (assessor and program),
-- one year and one period, highest score first. Provinces, kabupaten and kota are ranked apart, as the
-- assessors rank them (`peringkat 2 dari 416 kabupaten`). `place` is a place among the regions the news
-- reported, not the assessor's official rank: the rank an article itself gave, when one did, is in `news_rank`.
-- Only values that compare are ranked together: scores only (ranks and grades such as `zona hijau`, `WTP` or
-- `BB` are never mixed in), in one unit (points or percent, never both), for the period chosen (a triwulan
-- score is not a yearly one). See "Values that do not compare" in docs/data-dictionary.md.
-- One row per region. When reports disagree, `score` is the value most articles gave; on a tie, the one
-- published first; if still tied (one article giving two values), the lower. `in_conflict` is true when
-- v_conflicts lists the claim (its sources: conflict_id there, or claims_with_conflicts.sql), and
-- `values_reported` holds every value reported in the chosen unit. `flags` gathers the reports' flags
-- (`province_mismatch`: an article put the region in another province; `province` here is where it lies).
-- Change the parameters on the next lines: assessor and program codes as in the data dictionary, period NULL
-- for the whole year or 'Q1'..'Q4' (triwulan), 'S1', 'S2'; unit 'points' or 'percent'.
-- Run as it is: duckdb -readonly data/pantau.duckdb < sql/queries/national_ranking.sql
SET VARIABLE assessor = 'kemendagri';
SET VARIABLE program = 'spm';
SET VARIABLE year = 2023;
SET VARIABLE period = NULL;
SET VARIABLE unit = 'points';

WITH chosen AS (
    SELECT *
    FROM v_facts
    WHERE assessor = getvariable('assessor') AND program = getvariable('program')
      AND year = getvariable('year')
      AND period IS NOT DISTINCT FROM CAST(getvariable('period') AS VARCHAR)
), scores AS (
    SELECT region_code, value, value_num,
           count(DISTINCT article_id) AS articles,
           min(published) AS first_published
    FROM chosen
    WHERE metric = 'score' AND unit = getvariable('unit') AND value_num IS NOT NULL
    GROUP BY region_code, value, value_num
), per_region AS (
    SELECT region_code,
           arg_max(value_num, [articles, -coalesce(epoch(first_published), 1e12), -value_num]) AS score,
           [x.v FOR x IN list_sort(list({'n': value_num, 'v': value}))] AS values_reported
    FROM scores
    GROUP BY region_code
), reports AS (
    SELECT region_code, count(DISTINCT article_id) AS reports,
           list_sort(list_distinct(flatten(list(flags)))) AS flags
    FROM chosen
    WHERE metric = 'score' AND unit = getvariable('unit')
    GROUP BY region_code
), news_ranks AS (
    SELECT region_code,
           string_agg(DISTINCT value || coalesce(' of ' || out_of, ''), ' / ') AS news_rank
    FROM chosen
    WHERE metric = 'rank' AND scope = 'national'
    GROUP BY region_code
), conflicts AS (
    SELECT DISTINCT region_code, conflict_id
    FROM v_conflicts
    WHERE assessor = getvariable('assessor') AND program = getvariable('program')
      AND year = getvariable('year') AND metric = 'score'
      AND period IS NOT DISTINCT FROM CAST(getvariable('period') AS VARCHAR)
)
SELECT
    r.level AS level,
    rank() OVER (PARTITION BY r.level ORDER BY p.score DESC) AS place,
    r.code AS region_code,
    r.full_name AS region,
    r.province_name AS province,
    value_as_text(p.score, NULL) AS score,
    getvariable('unit') AS unit,
    n.news_rank,
    rp.reports,
    c.conflict_id IS NOT NULL AS in_conflict,
    p.values_reported,
    rp.flags,
    c.conflict_id
FROM per_region p
JOIN regions r ON r.code = p.region_code
JOIN reports rp USING (region_code)
LEFT JOIN news_ranks n USING (region_code)
LEFT JOIN conflicts c USING (region_code)
ORDER BY CASE r.level WHEN 'provinsi' THEN 1 WHEN 'kabupaten' THEN 2 ELSE 3 END, place, region;
