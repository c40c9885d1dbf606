-- Claims the news disagrees on: the same region, assessment, year, period and metric with different values,
-- within one article or across articles, with each source. The official figure is shown when one is loaded.
-- Run as it is: duckdb -readonly data/pantau.duckdb < sql/queries/claims_with_conflicts.sql
SELECT
    region,
    assessor || '/' || program AS assessment,
    year,
    period,
    metric,
    scope,
    array_to_string(values_reported, ' vs ') AS values_reported,
    CASE WHEN across_articles AND bool_or(within_article) THEN 'both'
         WHEN across_articles THEN 'across articles' ELSE 'within one article' END AS kind,
    string_agg(value || ' ' || publisher || ' ' || coalesce(CAST(published AS VARCHAR), 'undated'), '; '
               ORDER BY published, value) AS sources,
    any_value(reference_value) AS official
FROM v_conflicts
GROUP BY conflict_id, region, assessor, program, year, period, metric, scope, values_reported, across_articles
ORDER BY region, year, assessment, period, metric, scope;
