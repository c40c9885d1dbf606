"""The fetch stage: each candidate article fetched once (or conditionally, when it may have changed), its
later pages with it, every outcome kept as a FetchedPage and every bad one as a Failure too.

Links are fetched from a small thread pool so that a source spread over several hosts is crawled
concurrently; the shared host gate keeps each host to its own pace whatever the pool size.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from urllib.parse import urlsplit

from extractors.crawl.fetch import Fetcher, FetchError
from extractors.crawl.pagination import later_pages
from extractors.crawl.politeness import GateClosed
from extractors.crawl.urls import canonical
from models import Failure, FetchedPage, Link, Source
from models.profiles import Profile

Validators = dict[str, tuple[str | None, str | None]]   # canonical URL -> (ETag, Last-Modified)
MAX_WORKERS = 8


def fetch_one(source: Source, link: Link, fetcher: Fetcher, profile: Profile,
              validators: Validators) -> tuple[FetchedPage, list[Failure]]:
    at = datetime.now(UTC)
    key = canonical(link.url)
    etag, last_modified = validators.get(key, (None, None))
    try:
        resp = fetcher.get(link.url, etag=etag, last_modified=last_modified)
    except FetchError as exc:
        page = FetchedPage(url=key, source_id=source.id, fetched_at=at, status_code=exc.status_code,
                           error=f"{exc.reason}: {exc}")
        return page, [Failure("fetch", source.id, link.url, exc.reason, str(exc))]
    if resp.not_modified:
        return FetchedPage(url=key, source_id=source.id, fetched_at=at, status_code=304, final_url=resp.final_url,
                           etag=etag, last_modified=last_modified), []
    parts: list[str] = []
    failures: list[Failure] = []
    for later in later_pages(resp.content, resp.final_url, profile, resp.encoding):
        try:
            part = fetcher.get(later, kind="page_part")
        except FetchError as exc:     # the article is kept without this page, and the gap is recorded
            failures.append(Failure("fetch", source.id, later, exc.reason, f"later page of {key}: {exc}"))
            continue
        if part.raw_path:
            parts.append(part.raw_path)
    page = FetchedPage(url=key, source_id=source.id, fetched_at=at, status_code=resp.status_code,
                       final_url=resp.final_url, content_type=resp.content_type, encoding=resp.encoding,
                       content_hash=resp.content_hash, raw_path=resp.raw_path, size_bytes=len(resp.content),
                       etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
                       part_paths=tuple(parts))
    return page, failures


def _fetch_alone(source: Source, link: Link, fetcher: Fetcher, profile: Profile,
                 validators: Validators) -> tuple[FetchedPage, list[Failure]]:
    """`fetch_one`, with anything unforeseen (a bug, a page no rule expected) that link's failure alone;
    the end of the run (`GateClosed`) still stops the stage."""
    try:
        return fetch_one(source, link, fetcher, profile, validators)
    except GateClosed:
        raise
    except Exception as exc:
        reason = type(exc).__name__
        page = FetchedPage(url=_key(link.url), source_id=source.id, fetched_at=datetime.now(UTC),
                           error=f"{reason}: {exc}"[:1000])
        return page, [Failure("fetch", source.id, link.url, reason, str(exc)[:1000])]


def _key(url: str) -> str:
    try:
        return canonical(url)
    except ValueError:
        return url


def fetch_links(source: Source, links: list[Link], fetcher: Fetcher, profile: Profile,
                validators: Validators | None = None) -> tuple[list[FetchedPage], list[Failure]]:
    if fetcher.raw_put is None:
        raise ValueError("the fetch stage keeps every page: give the fetcher a raw store")
    hosts = {urlsplit(link.url).netloc.lower() for link in links}
    workers = max(1, min(MAX_WORKERS, len(hosts) * source.max_per_host))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"fetch-{source.id}") as pool:
        results = list(pool.map(lambda link: _fetch_alone(source, link, fetcher, profile, validators or {}), links))
    pages = [page for page, _ in results]
    failures = [f for _, fs in results for f in fs]
    return pages, failures
