-- 008: the fetch log keeps every request the crawler sent, one row each. Until now a URL that was retried had
-- one row, its last attempt (with `attempts` = how many tries it took); the 429 with its Retry-After, the 503
-- and the body cut short before it had no row of their own. From now on:
--
--   * one row per HTTP request sent, in the order sent: robots.txt, channel pages, article pages and their
--     later pages, each redirect hop (a chain that stops, by a loop, a target that is no http(s) URL or a hop
--     too many, says why in `error` on its last hop's row), each retried attempt and the final answer;
--   * `attempts` is this row's try number for its URL (1 = first try, 2 = first retry, ...). Rows written
--     before this migration were a URL's last try, so for them it is the number of tries, as it was;
--   * `retried` is true when this attempt failed and another try of the same URL followed (the outcome is a
--     later row); false for the final answer or the failure that was given up on, and for every older row;
--   * `retry_after_seconds` is the pause the server asked for in a Retry-After header (a 429 or a 5xx), in
--     seconds; it was honoured when `retried` is true (the host was left alone at least that long, plus up to a
--     quarter more of jitter); a row with it and not retried was the last try, or asked for more than 120 s;
--   * `status_code` is the status line the server sent, also when the body then failed (a 200 cut short has
--     status 200 and error `truncated: ...`); NULL when no answer came (a timeout, a refused connection);
--   * a URL refused before any request (not a URL, a blocked address, disallowed by robots.txt) has no row:
--     nothing was sent. Its failure is in `failures`.
--
-- So a URL's outcome is its row with `NOT retried` (the last one):
--   SELECT url, status_code, error FROM fetch_log WHERE run_id = ? AND NOT retried;
-- and what the server made us wait:  SELECT url, retry_after_seconds FROM fetch_log WHERE retried AND
--   retry_after_seconds IS NOT NULL;

ALTER TABLE fetch_log ADD COLUMN retry_after_seconds DOUBLE;
ALTER TABLE fetch_log ADD COLUMN retried BOOLEAN DEFAULT false;
