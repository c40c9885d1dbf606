-- 001: the core tables. Facts reference regions by Kemendagri code and articles by id.

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE regions (
    code          VARCHAR PRIMARY KEY,        -- Kemendagri code: '17' province, '17.02' kabupaten/kota
    name          VARCHAR NOT NULL,           -- without prefix: 'Rejang Lebong'
    level         VARCHAR NOT NULL CHECK (level IN ('provinsi', 'kabupaten', 'kota')),
    province_code VARCHAR NOT NULL,
    province_name VARCHAR NOT NULL,
    full_name     VARCHAR NOT NULL            -- 'Kabupaten Rejang Lebong'
);

CREATE TABLE region_aliases (
    code  VARCHAR NOT NULL REFERENCES regions (code),
    alias VARCHAR NOT NULL,
    PRIMARY KEY (code, alias)
);

CREATE TABLE sources (
    source_id  VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    publisher  VARCHAR NOT NULL,
    hosts      VARCHAR[] NOT NULL,
    profile    VARCHAR NOT NULL,
    config     JSON NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,
    flow_run_id   VARCHAR,
    kind          VARCHAR NOT NULL,           -- 'nightly', 'reextract'
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,           -- running, completed, completed_with_failures, failed
    report        JSON
);

CREATE TABLE pages (
    url          VARCHAR PRIMARY KEY,         -- canonical URL
    source_id    VARCHAR NOT NULL,
    final_url    VARCHAR,
    status_code  INTEGER,
    fetched_at   TIMESTAMPTZ NOT NULL,
    content_type VARCHAR,
    encoding     VARCHAR,
    content_hash VARCHAR,                     -- sha256 of the raw bytes; the raw store's key
    raw_path     VARCHAR,                     -- relative to the raw store's root
    size_bytes   BIGINT,
    error        VARCHAR,
    attempts     INTEGER NOT NULL DEFAULT 1,
    run_id       VARCHAR
);

CREATE TABLE articles (
    article_id        VARCHAR PRIMARY KEY,
    url               VARCHAR UNIQUE,
    source_id         VARCHAR,
    publisher         VARCHAR,
    title             VARCHAR NOT NULL,
    published         DATE,
    author            VARCHAR,
    body              VARCHAR NOT NULL,
    body_hash         VARCHAR NOT NULL,
    content_hash      VARCHAR,                -- the raw page it was read from
    extractor_version VARCHAR NOT NULL,
    first_run_id      VARCHAR,
    updated_run_id    VARCHAR,
    loaded_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE facts (
    fact_id              VARCHAR PRIMARY KEY,
    article_id           VARCHAR NOT NULL REFERENCES articles (article_id),
    region_code          VARCHAR NOT NULL REFERENCES regions (code),
    assessor             VARCHAR NOT NULL,
    program              VARCHAR NOT NULL,
    year                 INTEGER,
    period               VARCHAR,
    metric               VARCHAR NOT NULL CHECK (metric IN ('score', 'rank', 'grade')),
    scope                VARCHAR CHECK (scope IS NULL OR scope IN ('national', 'province')),
    value_num            DOUBLE,              -- scores and ranks
    value_text           VARCHAR,             -- grades
    unit                 VARCHAR,
    out_of               INTEGER,
    quote                VARCHAR NOT NULL,
    quote_field          VARCHAR NOT NULL CHECK (quote_field IN ('title', 'body')),
    quote_start          INTEGER NOT NULL,
    quote_end            INTEGER NOT NULL,
    sentence_start       INTEGER NOT NULL,
    sentence_end         INTEGER NOT NULL,
    stated_province_code VARCHAR,
    confidence           DOUBLE NOT NULL,
    flags                VARCHAR[] NOT NULL,
    extractor_version    VARCHAR NOT NULL
);

CREATE TABLE officials (
    official_id VARCHAR PRIMARY KEY,
    article_id  VARCHAR NOT NULL REFERENCES articles (article_id),
    name        VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    region_code VARCHAR REFERENCES regions (code),
    quote       VARCHAR NOT NULL,
    quote_field VARCHAR NOT NULL,
    quote_start INTEGER NOT NULL,
    quote_end   INTEGER NOT NULL
);

CREATE TABLE failures (
    run_id    VARCHAR NOT NULL,
    stage     VARCHAR NOT NULL,               -- discover, fetch, parse, extract, load
    source_id VARCHAR,
    item      VARCHAR NOT NULL,               -- the URL or file that failed
    reason    VARCHAR NOT NULL,               -- short machine-readable cause: http_404, timeout, ...
    message   VARCHAR NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX facts_article ON facts (article_id);
CREATE INDEX facts_region ON facts (region_code, assessor, program, year);
CREATE INDEX officials_article ON officials (article_id);
