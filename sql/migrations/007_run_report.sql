-- 007: the run report per source: what the run's load did to the source's articles and facts, its failures by
-- reason, and how long its discovery and fetching took.

ALTER TABLE run_sources ADD COLUMN articles_new INTEGER DEFAULT 0;
ALTER TABLE run_sources ADD COLUMN articles_changed INTEGER DEFAULT 0;
ALTER TABLE run_sources ADD COLUMN facts_added INTEGER DEFAULT 0;     -- facts of claims the source's articles did not make before
ALTER TABLE run_sources ADD COLUMN facts_changed INTEGER DEFAULT 0;   -- claims whose value or evidence changed
ALTER TABLE run_sources ADD COLUMN facts_removed INTEGER DEFAULT 0;   -- facts of claims the articles no longer make
ALTER TABLE run_sources ADD COLUMN failed_by_reason JSON;             -- {"http_404": 1, "timeout": 2}
ALTER TABLE run_sources ADD COLUMN duration_seconds DOUBLE;
