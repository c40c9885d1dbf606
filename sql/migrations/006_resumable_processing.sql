-- 006: a page's content counts as processed once its article is loaded (or its parse failure recorded), in
-- the same transaction; a run killed between fetching and loading leaves pages whose content_hash differs from
-- processed_hash, and the next run parses them from the raw store instead of losing them or fetching again.
-- Pages already in a database were processed by the runs that fetched them.

ALTER TABLE pages ADD COLUMN processed_hash VARCHAR;
UPDATE pages SET processed_hash = content_hash;
