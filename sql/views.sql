-- The analysts' views. Applied whenever a database is opened for writing and this file has changed since
-- (its sha256 is kept in `meta`), so a view is always what this file says; tables come from migrations/.
-- Every column is documented in docs/data-dictionary.md.
--
-- A claim's identity, used throughout: region, assessor, program, year, period, metric and, for ranks, scope
-- (a national rank and a provincial rank are different claims). Facts with no year are never compared.

-- A value as text: grades as they are, whole numbers without `.0` (`2`, not `2.0`), others as DuckDB prints them.
CREATE OR REPLACE MACRO value_as_text(num, txt) AS
    CASE WHEN num IS NULL THEN txt
         WHEN num = trunc(num) THEN CAST(CAST(num AS BIGINT) AS VARCHAR)
         ELSE CAST(num AS VARCHAR) END;

-- One row per fact, with its region, its article and the official figure when one is loaded.
CREATE OR REPLACE VIEW v_facts AS
SELECT
    f.fact_id,
    f.region_code,
    r.full_name      AS region,
    r.level          AS region_level,
    r.province_code,
    r.province_name,
    f.assessor,
    f.program,
    f.year,
    f.period,
    f.metric,
    f.scope,
    value_as_text(f.value_num, f.value_text) AS value,
    f.value_num,
    f.value_text,
    f.unit,
    f.out_of,
    a.title          AS article_title,
    a.publisher,
    a.url,
    a.published,
    f.quote,
    f.quote_field,
    f.quote_start,
    f.quote_end,
    f.confidence,
    f.flags,
    f.stated_province_code,
    f.article_id,
    a.source_id,
    a.published_at,
    substring(CASE f.quote_field WHEN 'title' THEN a.title ELSE a.body END,
              f.sentence_start + 1, f.sentence_end - f.sentence_start) AS sentence,
    f.sentence_start,
    f.sentence_end,
    sp.name          AS stated_province_name,
    value_as_text(ref.value_num, ref.value_text) AS reference_value,
    ref.source_url   AS reference_url,
    CASE
        WHEN ref.ref_key IS NULL THEN 'no_reference'
        WHEN f.metric = 'grade' THEN CASE WHEN lower(f.value_text) = lower(ref.value_text) THEN 'agrees' ELSE 'differs' END
        WHEN abs(f.value_num - ref.value_num) < 0.005 THEN 'agrees'
        ELSE 'differs'
    END              AS reference_match
FROM facts f
JOIN regions r ON r.code = f.region_code
JOIN articles a USING (article_id)
LEFT JOIN regions sp ON sp.code = f.stated_province_code
LEFT JOIN reference_results ref
       ON ref.region_code = f.region_code AND ref.assessor = f.assessor AND ref.program = f.program
      AND ref.year = f.year AND ref.period IS NOT DISTINCT FROM f.period AND ref.metric = f.metric
      AND ref.scope IS NOT DISTINCT FROM (CASE WHEN f.metric = 'rank' THEN f.scope END);

-- Per region, assessment, metric and period: what the news said for each year, and the change from the
-- previous year the news reported. `value` is the value most articles gave; NULL when the reports split evenly
-- (then `values_reported` holds them all, and v_conflicts has the sources).
CREATE OR REPLACE VIEW v_region_timeline AS
WITH by_value AS (
    SELECT region_code, region, province_name, assessor, program, metric,
           CASE WHEN metric = 'rank' THEN scope END AS scope, period, year, value,
           any_value(value_num) AS value_num, coalesce(unit, 'points') = 'percent' AS in_percent,
           any_value(unit) AS unit,
           count(DISTINCT article_id) AS articles,
           min(published) AS first_reported
    FROM v_facts
    WHERE year IS NOT NULL
    GROUP BY ALL
), ranked AS (
    SELECT *,
           row_number() OVER claim AS place,
           lead(articles) OVER claim AS runner_up
    FROM by_value
    WINDOW claim AS (PARTITION BY region_code, assessor, program, metric, in_percent, scope, period, year
                     ORDER BY articles DESC, value)
), by_year AS (
    SELECT region_code, region, province_name, assessor, program, metric, in_percent, scope, period, year,
           max(value) FILTER (WHERE place = 1 AND (runner_up IS NULL OR runner_up < articles)) AS value,
           max(value_num) FILTER (WHERE place = 1 AND (runner_up IS NULL OR runner_up < articles)) AS value_num,
           any_value(unit) AS unit,
           [x.v FOR x IN list_sort(list({'n': value_num, 'v': value}))] AS values_reported,
           CAST(sum(articles) AS BIGINT) AS reports,
           min(first_reported) AS first_reported
    FROM ranked
    GROUP BY ALL
)
SELECT
    region_code, region, province_name, assessor, program, metric, scope, period, year, value, value_num, unit,
    values_reported,
    len(values_reported) > 1 AS conflicting,
    reports,
    first_reported,
    lag(year) OVER w AS previous_year,
    lag(value) OVER w AS previous_value,
    round(value_num - lag(value_num) OVER w, 4) AS change
FROM by_year
WINDOW w AS (PARTITION BY region_code, assessor, program, metric, in_percent, scope, period ORDER BY year);

-- Claims the news gave different values for: one row per report of a conflicting claim, so every source is
-- listed with its quote. `within_article`: this article itself gives more than one value for the claim;
-- `across_articles`: articles disagree with each other.
CREATE OR REPLACE VIEW v_conflicts AS
WITH dated AS (
    SELECT *,
           CASE WHEN metric = 'rank' THEN scope END AS claim_scope,
           -- A percent and a points score are two measures, not two values of one (`capaian 70,2 persen`
           -- beside `nilai 85,60`); points keep the key they always had, so conflict ids stay stable.
           concat_ws('|', region_code, assessor, program, year, coalesce(period, ''), metric,
                     coalesce(CASE WHEN metric = 'rank' THEN scope END, ''))
               || CASE WHEN unit = 'percent' THEN '|percent' ELSE '' END AS claim_key
    FROM v_facts
    WHERE year IS NOT NULL
), per_article AS (
    SELECT claim_key, article_id, [x.v FOR x IN list_sort(list(DISTINCT {'n': value_num, 'v': value}))] AS article_values
    FROM dated
    GROUP BY ALL
), claims AS (
    SELECT claim_key,
           [x.v FOR x IN list_sort(list(DISTINCT {'n': TRY_CAST(v AS DOUBLE), 'v': v}))] AS values_reported,
           count(DISTINCT article_id) AS articles,
           count(DISTINCT article_values) > 1 AS across_articles
    FROM per_article, unnest(article_values) AS u(v)
    GROUP BY claim_key
    HAVING count(DISTINCT v) > 1
)
SELECT
    md5(d.claim_key)[:16] AS conflict_id,
    d.region_code, d.region, d.province_name, d.assessor, d.program, d.year, d.period, d.metric,
    d.claim_scope AS scope,
    c.values_reported,
    c.articles,
    c.across_articles,
    len(p.article_values) > 1 AS within_article,
    d.value, d.unit, d.publisher, d.url, d.published, d.article_title, d.quote, d.sentence,
    d.reference_value, d.reference_url, d.reference_match,
    d.fact_id, d.article_id
FROM dated d
JOIN claims c USING (claim_key)
JOIN per_article p USING (claim_key, article_id);

-- A region an article places in a province it does not lie in (`Kabupaten Sumbawa, Provinsi Nusa Tenggara
-- Timur`): one row per article, region and stated province, with the sentence and the claims it carries.
CREATE OR REPLACE VIEW v_geography_mismatch AS
SELECT
    region_code, region, region_level,
    province_code, province_name,
    stated_province_code, stated_province_name,
    publisher, url, published, article_title,
    arg_min(sentence, quote_start) AS sentence,
    list(quote ORDER BY quote_start) AS quotes,
    count(*) AS facts,
    article_id
FROM v_facts
WHERE stated_province_code IS NOT NULL AND stated_province_code <> province_code
GROUP BY ALL;

-- For each claim with its value: the outlet that reported it first, every later report, and how the value
-- compares with the official figure. Articles are ordered by their local publication date, then by their own
-- timestamp within a day (an article giving only a date comes after those giving a time), then URL; an article
-- with no date counts as last.
CREATE OR REPLACE VIEW v_first_reported AS
WITH reports AS (
    SELECT region_code, region, province_name, assessor, program, year, period, metric,
           CASE WHEN metric = 'rank' THEN scope END AS scope, value, article_id,
           any_value(publisher) AS publisher, any_value(url) AS url, any_value(published) AS published,
           any_value(published_at) AS published_at, any_value(article_title) AS article_title,
           min_by(quote, quote_start) AS quote, max(out_of) AS out_of,
           any_value(reference_value) AS reference_value, any_value(reference_url) AS reference_url,
           any_value(reference_match) AS reference_match
    FROM v_facts
    WHERE year IS NOT NULL
    GROUP BY ALL
), ordered AS (
    SELECT *, row_number() OVER (
        PARTITION BY region_code, assessor, program, year, period, metric, scope, value
        ORDER BY published NULLS LAST, published_at NULLS LAST, url) AS report_order
    FROM reports
)
SELECT
    region_code, region, province_name, assessor, program, year, period, metric, scope, value,
    max(out_of) AS out_of,
    count(*) AS reports,
    count(DISTINCT publisher) AS outlets,
    min_by(publisher, report_order) AS first_publisher,
    min_by(url, report_order) AS first_url,
    min_by(published, report_order) AS first_published,
    min_by(quote, report_order) AS first_quote,
    coalesce(list({'publisher': publisher, 'url': url, 'published': published} ORDER BY report_order)
                 FILTER (WHERE report_order > 1), []) AS repeated_by,
    coalesce(list(DISTINCT publisher) FILTER (WHERE report_order > 1), []) AS repeated_by_outlets,
    any_value(reference_value) AS reference_value,
    any_value(reference_url) AS reference_url,
    any_value(reference_match) AS reference_match
FROM ordered
GROUP BY ALL;

-- Each official (name without titles, role, region) with every article that names them.
CREATE OR REPLACE VIEW v_officials AS
SELECT
    o.name,
    o.role,
    o.region_code,
    r.full_name      AS region,
    r.province_name,
    count(DISTINCT o.article_id) AS articles,
    count(DISTINCT a.publisher) AS outlets,
    min(a.published) AS first_named,
    max(a.published) AS last_named,
    list({'title': a.title, 'publisher': a.publisher, 'url': a.url, 'published': a.published, 'quote': o.quote}
         ORDER BY a.published NULLS LAST, a.url) AS mentions
FROM officials o
JOIN articles a USING (article_id)
LEFT JOIN regions r ON r.code = o.region_code
GROUP BY o.name, o.role, o.region_code, r.full_name, r.province_name;
