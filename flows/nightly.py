"""The nightly flow: discover -> fetch -> (raw store) -> parse -> extract -> load, each stage a task.

Sources are crawled concurrently (each with its own polite fetcher); everything that touches DuckDB runs in
the flow's own thread, since one process writes the database. A failed item is recorded and the run goes
on; the run fails only when every source failed or the load itself failed.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from extractors.discover import discover
from extractors.facts import extract
from extractors.fetch import Fetcher, HostMirrorTransport, fetch_links
from extractors.html_article import article_from_page
from extractors.urls import canonical
from models import Article, Extraction, Failure, FetchedPage, Link, Source
from models.profiles import Profile
from pantau.config import load_profiles, load_sources
from pantau.paths import DEFAULT_DB, SOURCES_TOML, raw_dir_for
from pantau.raw_store import RawStore
from pantau.store import Store

MAX_FAILURES_IN_REPORT = 50


def make_fetcher(source: Source, mirror: str | None, delay_seconds: float | None) -> Fetcher:
    return Fetcher(user_agent=source.user_agent,
                   delay_seconds=source.delay_seconds if delay_seconds is None else delay_seconds,
                   transport=HostMirrorTransport(mirror) if mirror else None)


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(source: Source, fetcher: Fetcher) -> tuple[list[Link], list[Failure], dict[str, Any]]:
    return discover(source, fetcher)


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(source: Source, links: list[Link], fetcher: Fetcher,
               raw: RawStore) -> tuple[list[FetchedPage], list[Failure]]:
    return fetch_links(source, links, fetcher, raw.put)


@task(name="parse", cache_policy=NO_CACHE)
def parse_task(pages: list[FetchedPage], raw: RawStore, sources: dict[str, Source],
               profiles: dict[str, Profile]) -> tuple[list[tuple[Article, str]], list[Failure]]:
    articles, failures = [], []
    for page in pages:
        if not page.ok or page.raw_path is None or page.content_hash is None:
            continue
        source = sources.get(page.source_id)
        try:
            if source is None:
                raise ValueError(f"source {page.source_id!r} is no longer configured")
            data = raw.get(page.raw_path)
            articles.append((article_from_page(page, data, source, profiles[source.profile]), page.content_hash))
        except (ValueError, OSError) as exc:
            failures.append(Failure("parse", page.source_id, page.url, type(exc).__name__, str(exc)))
    return articles, failures


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(articles: list[tuple[Article, str]]) -> tuple[list[tuple[Extraction, str]], list[Failure]]:
    out, failures = [], []
    for article, content_hash in articles:
        try:
            out.append((extract(article), content_hash))
        except Exception as exc:  # one article's bug must not lose the others
            failures.append(Failure("extract", article.source_id, article.url or article.title,
                                    type(exc).__name__, str(exc)))
    return out, failures


@task(name="load", cache_policy=NO_CACHE)
def load_task(store: Store, run_id: str, extractions: list[tuple[Extraction, str]]) -> dict[str, int]:
    outcome = {"new": 0, "changed": 0, "unchanged": 0, "facts": 0, "officials": 0}
    for extraction, content_hash in extractions:
        outcome[store.load_extraction(extraction, run_id, content_hash)] += 1
        outcome["facts"] += len(extraction.facts)
        outcome["officials"] += len(extraction.officials)
    return outcome


def _status(per_source: dict[str, dict[str, Any]], failures: list[Failure]) -> str:
    if per_source and all(s.get("unreachable") for s in per_source.values()):
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


@flow(name="nightly")
def nightly(sources_file: str = str(SOURCES_TOML), db_path: str = str(DEFAULT_DB),
            max_per_source: int | None = None, mirror: str | None = None,
            delay_seconds: float | None = None) -> dict[str, Any]:
    """Crawl every configured source for new articles and load their facts.

    `mirror` sends every request to a local copy of the sites (the demo); `delay_seconds` overrides the
    sources' politeness delay (only sensible against such a copy).
    """
    logger = get_run_logger()
    started = time.monotonic()
    profiles = load_profiles()
    sources = load_sources(Path(sources_file), profiles)
    db = Path(db_path)
    store = Store.open(db)
    raw = RawStore(raw_dir_for(db))
    run_id = store.start_run("nightly", str(flow_run.get_id() or ""))
    failures: list[Failure] = []
    per_source: dict[str, dict[str, Any]] = {}
    loaded: dict[str, int] = {}
    status, error = "failed", None
    fetchers = {s.id: make_fetcher(s, mirror, delay_seconds) for s in sources}
    try:
        store.sync_sources(sources)
        discovered = {s.id: discover_task.submit(s, fetchers[s.id]) for s in sources}
        fetching = {}
        for source in sources:
            links, found_failures, stats = discovered[source.id].result()
            failures.extend(found_failures)
            already = store.fetched_urls(canonical(link.url) for link in links)
            fresh = [link for link in links if canonical(link.url) not in already]
            limit = max_per_source if max_per_source is not None else source.max_articles_per_run
            unreachable = bool(found_failures) and len(found_failures) == len(source.channels)
            per_source[source.id] = {**stats, "already_stored": len(links) - len(fresh),
                                     "to_fetch": min(limit, len(fresh)), "unreachable": unreachable}
            fetching[source.id] = fetch_task.submit(source, fresh[:limit], fetchers[source.id], raw)
        pages: list[FetchedPage] = []
        for source in sources:
            got, fetch_failures = fetching[source.id].result()
            pages.extend(got)
            failures.extend(fetch_failures)
            per_source[source.id]["fetched"] = sum(p.ok for p in got)
            per_source[source.id]["fetch_failed"] = len(fetch_failures)
        store.record_pages(pages, run_id)          # the fetch log is kept before anything is parsed
        by_id = {s.id: s for s in sources}
        articles, parse_failures = parse_task([p for p in pages if p.ok], raw, by_id, profiles)
        extractions, extract_failures = extract_task(articles)
        failures.extend(parse_failures + extract_failures)
        loaded = load_task(store, run_id, extractions)
        status = _status(per_source, failures)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        logger.error("nightly run %s failed: %s", run_id, error)
        failures.append(Failure("load", None, "run", type(exc).__name__, str(exc)))
        status = "failed"
    finally:
        for fetcher in fetchers.values():
            fetcher.close()
        store.record_failures(run_id, failures)
        summary = _summary(run_id, "nightly", status, started, per_source, loaded, failures, store, error)
        store.finish_run(run_id, status, summary)
        store.close()
    logger.info("run %s %s: %s", run_id, status, loaded)
    return summary


@flow(name="reextract")
def reextract(db_path: str = str(DEFAULT_DB)) -> dict[str, Any]:
    """Rebuild articles and facts from the raw store, with no network: after an extractor change."""
    started = time.monotonic()
    profiles = load_profiles()
    sources = {s.id: s for s in load_sources(profiles=profiles)}
    db = Path(db_path)
    store = Store.open(db)
    raw = RawStore(raw_dir_for(db))
    run_id = store.start_run("reextract", str(flow_run.get_id() or ""))
    failures: list[Failure] = []
    loaded: dict[str, int] = {}
    status, error = "failed", None
    try:
        articles, parse_failures = parse_task(store.stored_pages(), raw, sources, profiles)
        extractions, extract_failures = extract_task(articles)
        failures.extend(parse_failures + extract_failures)
        loaded = load_task(store, run_id, extractions)
        status = "completed_with_failures" if failures else "completed"
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        failures.append(Failure("load", None, "run", type(exc).__name__, str(exc)))
    finally:
        store.record_failures(run_id, failures)
        summary = _summary(run_id, "reextract", status, started, {}, loaded, failures, store, error)
        store.finish_run(run_id, status, summary)
        store.close()
    return summary
