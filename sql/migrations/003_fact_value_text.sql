-- 003: v_facts shows whole numbers as whole numbers ('2', not '2.0'); the rest of the view is unchanged.
-- Migrations already applied are never edited: this one replaces the view 002 created.

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
    CASE
        WHEN f.value_num IS NULL THEN f.value_text
        WHEN f.value_num = trunc(f.value_num) THEN CAST(CAST(f.value_num AS BIGINT) AS VARCHAR)
        ELSE CAST(f.value_num AS VARCHAR)
    END              AS value,
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
    f.article_id
FROM facts f
JOIN regions r ON r.code = f.region_code
JOIN articles a USING (article_id);
