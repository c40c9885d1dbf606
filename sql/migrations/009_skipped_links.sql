-- Links left out on purpose, and why: a missing article is traced to the rule that left it out.
-- One row per canonical URL, holding the latest decision (a link skipped at discovery one night and read the
-- next moves on with it).
--   stage 'discover': what the channel said of the link names no assessment
--     (reason 'no_keyword': title, summary and news keywords; 'no_keyword_in_title': only a headline was given,
--      and it has no word that may hide an assessment);
--   stage 'parse': the page was read and left out
--     (reason 'not_an_article': a masthead, about or contact page; 'not_relevant': it names none of the
--      source's keywords).
CREATE TABLE skipped (
    url         VARCHAR PRIMARY KEY,      -- canonical URL
    source_id   VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL CHECK (stage IN ('discover', 'parse')),
    reason      VARCHAR NOT NULL,
    detail      VARCHAR,                  -- the headline the channel gave, or what the page showed
    run_id      VARCHAR NOT NULL,
    skipped_at  TIMESTAMPTZ NOT NULL
);
