-- 004: what the crawler remembers between nights. The fetch log (every HTTP exchange, with its raw file),
-- channel validators for conditional GETs, the frontier of discovered links not yet fetched, unresolved
-- aggregator hints, per-source health per run, and the page metadata profiles now read.

ALTER TABLE pages ADD COLUMN etag VARCHAR;
ALTER TABLE pages ADD COLUMN last_modified VARCHAR;
ALTER TABLE pages ADD COLUMN checked_at TIMESTAMPTZ;        -- last conditional check (a 304 moves only this)
ALTER TABLE pages ADD COLUMN part_paths VARCHAR[];          -- raw files of the article's later pages, in order

ALTER TABLE articles ADD COLUMN published_at TIMESTAMPTZ;   -- the page's own timestamp, when it states a time
ALTER TABLE articles ADD COLUMN editor VARCHAR;
ALTER TABLE articles ADD COLUMN section VARCHAR;
ALTER TABLE articles ADD COLUMN tags JSON;                  -- a JSON list; a LIST column here would trip DuckDB's FK checks on update
ALTER TABLE articles ADD COLUMN pages INTEGER;              -- how many web pages the article was spread over

CREATE TABLE fetch_log (
    run_id        VARCHAR NOT NULL,
    source_id     VARCHAR,
    kind          VARCHAR NOT NULL,          -- robots, channel, page, page_part, resolve
    url           VARCHAR NOT NULL,          -- as requested (each redirect hop is its own row)
    fetched_at    TIMESTAMPTZ NOT NULL,
    status_code   INTEGER,
    elapsed_ms    INTEGER,
    size_bytes    BIGINT,
    content_hash  VARCHAR,                   -- the raw store's key; NULL for errors, redirects and 304s
    raw_path      VARCHAR,
    content_type  VARCHAR,
    etag          VARCHAR,
    last_modified VARCHAR,
    attempts      INTEGER NOT NULL,
    error         VARCHAR
);

CREATE TABLE channels (
    url           VARCHAR PRIMARY KEY,       -- the channel page as requested (feed, sitemap, listing page)
    source_id     VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    checked_at    TIMESTAMPTZ NOT NULL,
    status_code   INTEGER,
    etag          VARCHAR,
    last_modified VARCHAR,
    content_hash  VARCHAR,
    links         INTEGER NOT NULL DEFAULT 0,
    error         VARCHAR,
    last_ok_at    TIMESTAMPTZ
);

CREATE TABLE frontier (
    url           VARCHAR PRIMARY KEY,       -- canonical article URL
    source_id     VARCHAR NOT NULL,
    link_url      VARCHAR NOT NULL,          -- the variant discovery found (fetched as given)
    channel_url   VARCHAR NOT NULL,
    title         VARCHAR,
    published     TIMESTAMPTZ,
    updated       TIMESTAMPTZ,               -- lastmod: a stored page older than this is fetched again
    state         VARCHAR NOT NULL CHECK (state IN ('pending', 'fetched', 'failed', 'gave_up')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    VARCHAR,
    first_seen_at TIMESTAMPTZ NOT NULL,
    first_run_id  VARCHAR,
    last_seen_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE hints (
    url           VARCHAR PRIMARY KEY,       -- the aggregator's link (a news.google.com article)
    source_id     VARCHAR NOT NULL,
    channel_url   VARCHAR NOT NULL,
    title         VARCHAR,
    publisher_url VARCHAR,
    published     TIMESTAMPTZ,
    first_seen_at TIMESTAMPTZ NOT NULL,
    run_id        VARCHAR
);

CREATE TABLE run_sources (
    run_id            VARCHAR NOT NULL,
    source_id         VARCHAR NOT NULL,
    health            VARCHAR NOT NULL CHECK (health IN ('ok', 'degraded', 'unreachable')),
    channels_ok       INTEGER NOT NULL DEFAULT 0,
    channels_failed   INTEGER NOT NULL DEFAULT 0,
    channels_unchanged INTEGER NOT NULL DEFAULT 0,
    links_found       INTEGER NOT NULL DEFAULT 0,
    links_new         INTEGER NOT NULL DEFAULT 0,
    pages_fetched     INTEGER NOT NULL DEFAULT 0,
    pages_unchanged   INTEGER NOT NULL DEFAULT 0,
    pages_failed      INTEGER NOT NULL DEFAULT 0,
    failures          INTEGER NOT NULL DEFAULT 0,
    detail            JSON,
    PRIMARY KEY (run_id, source_id)
);

CREATE INDEX fetch_log_run ON fetch_log (run_id);
CREATE INDEX frontier_pending ON frontier (source_id, state);
