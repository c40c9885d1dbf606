-- 005: official results as the assessors published them, loaded by `pantau reference load FILE.csv`, so each
-- news claim can be compared with the figure it reports. One row per region, assessment, year, period and metric
-- (a CSV line with a score and a rank is two rows). Views are in sql/views.sql, not in migrations.

CREATE TABLE reference_results (
    ref_key      VARCHAR PRIMARY KEY,        -- region_code|assessor|program|year|period|metric|scope
    region_code  VARCHAR NOT NULL REFERENCES regions (code),
    assessor     VARCHAR NOT NULL,
    program      VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    period       VARCHAR,                    -- Q1..Q4, S1, S2; NULL for the whole year
    metric       VARCHAR NOT NULL CHECK (metric IN ('score', 'rank', 'grade')),
    scope        VARCHAR CHECK (scope IS NULL OR scope IN ('national', 'province')),   -- ranks only
    value_num    DOUBLE,
    value_text   VARCHAR,
    out_of       INTEGER,
    source_url   VARCHAR NOT NULL,
    source_file  VARCHAR NOT NULL,           -- the CSV it came from, and its line
    source_line  INTEGER NOT NULL,
    loaded_at    TIMESTAMPTZ NOT NULL,
    CHECK ((metric = 'grade') = (value_text IS NOT NULL)),
    CHECK ((metric = 'grade') = (value_num IS NULL))
);
