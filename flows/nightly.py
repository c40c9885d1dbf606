"""The nightly flow: discover -> fetch -> (raw store) -> parse -> extract -> load, each stage a task.

Sources are crawled concurrently, each task building its fetcher from a recipe over the run's shared host
ledger, so the tasks can run in threads here or on a Dask cluster (`pantau.ops.scale_out`); everything that
touches DuckDB runs in the flow's own thread, since one process writes the database. A failed item is recorded
and the run goes on; the run fails only when every source failed or the load itself failed. The run writes the
pipeline's own database file and ends by publishing the copy analysts read (`pantau.store.published`), whatever its
outcome.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from extractors.crawl.discover import Discovery
from flows.tasks import discover_task, extract_task, fetch_task, parse_task, records_of
from models import Extraction, Failure, FetchedPage, FetchRecord, Skipped, Source
from models.profiles import Profile
from pantau import crashpoints
from pantau.ops import progress, scale_out
from pantau.ops.config import ConfigError, load_host_rules, load_profiles, load_sources
from pantau.ops.fetchers import FetcherRecipe
from pantau.ops.report import publish_artifact
from pantau.ops.status import health
from pantau.paths import DEFAULT_DB, SOURCES_TOML, raw_dir_for
from pantau.store.database import LOAD_BATCH, Store
from pantau.store.published import open_writer
from pantau.store.raw import RawStore
from pantau.store.search import has_index, rebuild_index

MAX_FAILURES_IN_REPORT = 50
REPORTED = ("articles_new", "articles_changed", "facts_added", "facts_changed", "facts_removed")
SINCE_MARGIN = timedelta(days=2)     # sitemaps and feeds date in their own zones, and some update late


def parse_and_extract(pages: list[FetchedPage], raw: RawStore, sources: dict[str, Source],
                      profiles: dict[str, Profile]) -> tuple[list[tuple[Extraction, str]], list[Failure]]:
    """Parse and extract the pages: in one pair of tasks here, in batches spread over the workers on a cluster.
    Results come back in the pages' order whatever order the batches finish in, so loading is the same."""
    size = scale_out.batch_size(len(pages))
    parsing = [parse_task.submit(scale_out.whole(pages[i:i + size]), raw, sources, profiles)
               for i in range(0, len(pages), size)]
    extracting, parse_failures = [], []
    progress.report("parse", 0, len(pages))
    for parsed in parsing:
        articles, failed = parsed.result()
        parse_failures.extend(failed)
        extracting.append(extract_task.submit(scale_out.whole(articles)))
    extractions, extract_failures = [], []
    for number, extracted in enumerate(extracting, 1):
        done, failed = extracted.result()
        extractions.extend(done)
        extract_failures.extend(failed)
        progress.report("parse", min(number * size, len(pages)), len(pages))
    return extractions, parse_failures + extract_failures


@task(name="load", cache_policy=NO_CACHE)
def load_task(store: Store, run_id: str, extractions: list[tuple[Extraction, str]]
              ) -> tuple[dict[str, int], dict[str, Counter[str]]]:
    """Load every extraction; returns the run's totals and, per source, articles new/changed and facts
    added/changed/removed."""
    outcome = {"new": 0, "changed": 0, "unchanged": 0, "facts": 0, "officials": 0, "facts_added": 0,
               "facts_changed": 0, "facts_removed": 0}
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    for first in range(0, len(extractions), LOAD_BATCH):
        batch = extractions[first:first + LOAD_BATCH]
        for (extraction, _), loaded in zip(batch, store.load_many(batch, run_id), strict=True):
            crashpoints.reached("loaded")            # this article's load is committed
            outcome[loaded.outcome] += 1
            outcome["facts"] += len(extraction.facts)
            outcome["officials"] += len(extraction.officials)
            mine = by_source[extraction.article.source_id or ""]
            mine[f"articles_{loaded.outcome}"] += 1
            for key in ("facts_added", "facts_changed", "facts_removed"):
                outcome[key] += getattr(loaded, key)
                mine[key] += getattr(loaded, key)
        progress.report("load", first + len(batch), len(extractions))
    return outcome, by_source


@task(name="search-index", cache_policy=NO_CACHE)
def index_task(store: Store, loaded: dict[str, int]) -> list[Failure]:
    """Rebuild the full-text index when articles changed. Search is a convenience: a failure here is reported
    and the facts just loaded stand."""
    if not (loaded.get("new") or loaded.get("changed") or not has_index(store.con)):
        return []
    try:
        loaded["indexed"] = rebuild_index(store.con)
    except Exception as exc:
        return [Failure("load", None, "search_index", type(exc).__name__, str(exc))]
    return []


def _task_failure(stage: str, source: Source, exc: Exception) -> Failure:
    """A source's discover or fetch task that raised: its failure, recorded like any other, so that the
    other sources' night goes on."""
    return Failure(stage, source.id, source.id, type(exc).__name__, str(exc)[:1000])


def _records_left(future: PrefectFuture[Any]) -> list[FetchRecord]:
    """The exchanges of a discover or fetch task the flow did not collect: from its result, or from its
    exception. By now the run's gate is closed, so a task still running stops at its next request."""
    try:
        return list(future.result()[-1])
    except Exception as exc:
        return records_of(exc)


def _done_with_failed(store: Store, raw: RawStore, pages: list[FetchedPage], failures: list[Failure]) -> None:
    """Pages that failed to parse or extract are done with (their failure is recorded): the next run does not
    parse them again unless their content changes. A page whose stored body is corrupt is fetched again."""
    corrupt = {f.item for f in failures if f.reason == "corrupt_raw"}
    for path in store.crawl.forget_bodies(corrupt):
        raw.discard(path)
    hashes = {p.url: p.content_hash for p in pages if p.content_hash}
    store.crawl.mark_processed((f.item, hashes[f.item]) for f in failures if f.item in hashes and f.item not in corrupt)


def _left_out(store: Store, run_id: str, not_extracted: list[Failure],
              extractions: list[tuple[Extraction, str]]) -> list[Failure]:
    """Pages read and left out on purpose (`stage == "skip"`: not a news article, no assessment named)
    go to the `skipped` table, not to the failures; a page loaded after all leaves it."""
    skips = [f for f in not_extracted if f.stage == "skip"]
    store.crawl.record_skipped(run_id, (Skipped(f.item, f.source_id or "", "parse", f.reason, f.message)
                                        for f in skips))
    store.crawl.unskip(e.article.url for e, _ in extractions if e.article.url)
    return skips


def _status(per_source: dict[str, dict[str, Any]], failures: list[Failure]) -> str:
    if per_source and all(s.get("health") == "unreachable" for s in per_source.values()):
        return "failed"
    return "completed_with_failures" if failures else "completed"


def _summary(run_id: str, kind: str, status: str, started: float, per_source: dict[str, Any],
             loaded: dict[str, int], failures: list[Failure], store: Store, error: str | None = None) -> dict[str, Any]:
    return {
        "run_id": run_id, "kind": kind, "status": status, "error": error,
        "duration_seconds": round(time.monotonic() - started, 2),
        "sources": per_source, "loaded": loaded,
        "failures": [{"stage": f.stage, "source": f.source_id, "item": f.item, "reason": f.reason,
                      "message": f.message} for f in failures[:MAX_FAILURES_IN_REPORT]],
        "failure_count": len(failures),
        "rows": store.counts(),
    }


def _since(store: Store, override: str | None) -> datetime | None:
    """Links dated before this are old news: the last successful run's start, less a margin. The first run
    takes everything its channels list (the frontier then feeds it to the fetcher a night's cap at a time)."""
    if override:
        when = datetime.fromisoformat(override)
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    last = store.last_success("nightly")
    return last - SINCE_MARGIN if last else None


@flow(name="nightly", task_runner=scale_out.task_runner())
def nightly(sources_file: str = str(SOURCES_TOML), db_path: str = str(DEFAULT_DB),
            max_per_source: int | None = None, mirror: str | None = None,
            delay_seconds: float | None = None, since: str | None = None,
            wait_seconds: float = 0.0, archive: bool = False, only: list[str] | None = None) -> dict[str, Any]:
    """Crawl every configured source for new articles and load their facts.

    `mirror` sends every request to a local copy of the sites (the demo); `delay_seconds` overrides the
    sources' politeness delay (only sensible against such a copy); `since` (ISO date) replaces the
    last successful run as the date before which links are old news; `wait_seconds` is how long to wait for
    another writer of the same database to finish before giving up. `archive` makes it a backfill (`pantau
    backfill`): channels walked in full back to `since`, no per-night article cap unless `max_per_source`;
    `only` limits the run to these source ids.
    """
    logger = get_run_logger()
    started = time.monotonic()
    profiles = load_profiles()
    sources = load_sources(Path(sources_file), profiles)
    if only:
        unknown = set(only) - {s.id for s in sources}
        if unknown:
            raise ConfigError(f"no such source: {', '.join(sorted(unknown))}")
        sources = [s for s in sources if s.id in only]
    host_rules = load_host_rules(Path(sources_file))
    db = Path(db_path)
    writer = open_writer(db, wait_seconds)
    store = writer.store
    raw = RawStore(raw_dir_for(db))
    cutoff = _since(store, since)
    kind = "backfill" if archive else "nightly"
    run_id = store.start_run(kind, str(flow_run.get_id() or ""))
    failures: list[Failure] = []
    per_source: dict[str, dict[str, Any]] = {}
    loaded: dict[str, int] = {}
    status, error = "failed", None
    fetch_log: list[FetchRecord] = []
    discovered: dict[str, PrefectFuture[Any]] = {}   # tasks leave these once their records are in fetch_log
    fetching: dict[str, PrefectFuture[Any]] = {}
    # A mirror's delay override drops the host floors too: they exist for the real sites.
    gate_rules = {} if delay_seconds is not None else host_rules
    try:
        with scale_out.shared_api(), scale_out.host_ledger(gate_rules, run_id) as ledger:
            recipes = {s.id: FetcherRecipe(s, raw.root, ledger, run_id, mirror, delay_seconds) for s in sources}
            store.sync_sources(sources)
            discovered.update({s.id: discover_task.submit(recipes[s.id], cutoff, store.crawl.channel_states(s.id),
                                                          store.crawl.known_urls(s.id), archive) for s in sources})
            progress.report("discover", 0, len(sources))
            for number, source in enumerate(sources, 1):
                try:
                    found, records = discovered[source.id].result()
                except Exception as exc:        # one source's unforeseen trouble is that source's failure
                    found, records = Discovery(failures=[_task_failure("discover", source, exc)]), records_of(exc)
                    found.count("channels_failed")
                fetch_log.extend(records)
                del discovered[source.id]
                failures.extend(found.failures)
                new_links = store.crawl.add_links(run_id, found.links)
                store.crawl.record_skipped(run_id, found.skipped)
                store.crawl.record_channels(found.channels)
                store.crawl.record_hints(run_id, found.hints)
                nightly_cap = None if archive else source.max_articles_per_run
                limit = max_per_source if max_per_source is not None else nightly_cap
                due, validators = store.crawl.due(source.id, limit)
                per_source[source.id] = {**found.stats, "links_found": len(found.links), "links_new": new_links,
                                         "due": len(due), "refetch": len(validators)}
                fetching[source.id] = fetch_task.submit(recipes[source.id], scale_out.whole(due),
                                                        profiles[source.profile], scale_out.whole(validators))
                progress.report("discover", number, len(sources))
            queued = sum(stats["due"] for stats in per_source.values())
            fetched = 0
            progress.report("fetch", 0, queued)
            for source in sources:
                try:
                    got, fetch_failures, fetch_seconds, records = fetching[source.id].result()
                except Exception as exc:
                    got, fetch_seconds, records = [], 0.0, records_of(exc)
                    fetch_failures = [_task_failure("fetch", source, exc)]
                fetch_log.extend(records)
                del fetching[source.id]
                failures.extend(fetch_failures)
                store.crawl.record_pages(got, run_id)          # the fetch log is kept before anything is parsed
                store.crawl.mark_fetched(got)
                stats = per_source[source.id]
                stats["seconds"] = round(stats.get("seconds", 0) + fetch_seconds, 2)
                stats.update(pages_fetched=sum(p.ok for p in got), pages_unchanged=sum(p.not_modified for p in got),
                             pages_failed=sum(not p.ok and not p.not_modified for p in got),
                             pending=store.crawl.pending_count(source.id),
                             failures=sum(f.source_id == source.id for f in failures))
                # The rule is `pantau.ops.status.judge`'s, so that `pantau status` explains the very verdict stored.
                stats["health"] = health(stats, [f for f in failures if f.source_id == source.id])
                store.crawl.record_source_health(run_id, source.id, stats["health"], stats)
                fetched += len(got)
                progress.report("fetch", fetched, queued)
            by_id = {s.id: s for s in sources}
            # Tonight's pages and any a killed run fetched but never loaded: the raw store has them all.
            unprocessed = store.crawl.stored_pages(unprocessed_only=True)
            extractions, not_extracted = parse_and_extract(unprocessed, raw, by_id, profiles)
        skipped = _left_out(store, run_id, not_extracted, extractions)
        failures.extend(f for f in not_extracted if f.stage != "skip")
        _done_with_failed(store, raw, unprocessed, not_extracted)
        # The load runs in this process on any runner, so its list is always quoted (see `scale_out.whole`).
        loaded, by_source = load_task(store, run_id, quote(extractions))
        failures.extend(index_task(store, loaded))
        for source in sources:
            stats = per_source[source.id]
            stats.update({k: by_source[source.id][k] for k in REPORTED})
            stats["failures"] = sum(f.source_id == source.id for f in failures)
            stats["failed_by_reason"] = dict(Counter(f.reason for f in failures if f.source_id == source.id))
            stats["skipped_read"] = sum(f.source_id == source.id for f in skipped)
            store.crawl.record_source_report(run_id, source.id, stats)
        status = _status(per_source, failures)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        logger.error("nightly run %s failed: %s", run_id, error)
        failures.append(Failure("load", None, "run", type(exc).__name__, str(exc)))
        status = "failed"
    finally:
        for future in [*discovered.values(), *fetching.values()]:   # failed, or left behind by a failure
            fetch_log.extend(_records_left(future))
        store.crawl.record_fetches(run_id, fetch_log)
        store.record_failures(run_id, failures)
        summary = _summary(run_id, kind, status, started, per_source, loaded, failures, store, error)
        store.finish_run(run_id, status, summary)
        summary["artifact"] = publish_artifact(summary)
        writer.finish()
    logger.info("run %s %s: %s", run_id, status, loaded)
    return summary


@flow(name="reextract", task_runner=scale_out.task_runner())
def reextract(db_path: str = str(DEFAULT_DB), wait_seconds: float = 0.0,
              sources_file: str = str(SOURCES_TOML)) -> dict[str, Any]:
    """Rebuild articles and facts from the raw store, with no network: after an extractor change. The
    sources file must be the one the pages were fetched under (their profiles read the pages)."""
    started = time.monotonic()
    profiles = load_profiles()
    sources = {s.id: s for s in load_sources(Path(sources_file), profiles)}
    db = Path(db_path)
    writer = open_writer(db, wait_seconds)
    store = writer.store
    raw = RawStore(raw_dir_for(db))
    run_id = store.start_run("reextract", str(flow_run.get_id() or ""))
    failures: list[Failure] = []
    loaded: dict[str, int] = {}
    status, error = "failed", None
    try:
        stored = store.crawl.stored_pages()
        with scale_out.shared_api():
            extractions, not_extracted = parse_and_extract(stored, raw, sources, profiles)
        _left_out(store, run_id, not_extracted, extractions)
        failures.extend(f for f in not_extracted if f.stage != "skip")
        _done_with_failed(store, raw, stored, not_extracted)
        loaded, _ = load_task(store, run_id, quote(extractions))
        failures.extend(index_task(store, loaded))
        status = "completed_with_failures" if failures else "completed"
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        failures.append(Failure("load", None, "run", type(exc).__name__, str(exc)))
    finally:
        store.record_failures(run_id, failures)
        summary = _summary(run_id, "reextract", status, started, {}, loaded, failures, store, error)
        store.finish_run(run_id, status, summary)
        summary["artifact"] = publish_artifact(summary)
        writer.finish()
    return summary
