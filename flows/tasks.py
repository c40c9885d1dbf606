"""The nightly flow's tasks that do the work: discover, fetch, parse, extract.

They take and return plain records (a `FetcherRecipe` rather than a live fetcher), so the same tasks run in
threads of the flow's process or on the workers of a Dask cluster (`pantau.ops.scale_out`). They live in a package
module, not beside the flow, so that a worker finds everything they use by its importable name whichever way
Prefect loaded the flow (a deployment loads `flows/nightly.py` as a bare file).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from prefect import task
from prefect.cache_policies import NO_CACHE

from extractors.common.relevance import mentions
from extractors.crawl.discover import Discovery, discover
from extractors.crawl.fetch import Fetcher
from extractors.crawl.fetch_pages import fetch_links
from extractors.facts.extract import extract
from extractors.pages.html_article import NotNewsArticle, article_from_page
from models import Article, ChannelState, Extraction, Failure, FetchedPage, FetchRecord, Link, Source
from models.profiles import Profile
from pantau import crashpoints
from pantau.ops.fetchers import FetcherRecipe
from pantau.store.raw import CorruptRawFile, RawStore

_EXTRACTING = threading.Lock()


@contextmanager
def _records_kept_on_failure(fetcher: Fetcher) -> Iterator[None]:
    """A task that fails still made its requests: they travel with the exception (`fetch_records`), and the
    flow writes them to the fetch log all the same."""
    try:
        yield
    except Exception as exc:
        exc.fetch_records = fetcher.take_records()  # type: ignore[attr-defined]
        raise


def records_of(exc: BaseException) -> list[FetchRecord]:
    return list(getattr(exc, "fetch_records", []))


@task(name="discover", cache_policy=NO_CACHE)
def discover_task(recipe: FetcherRecipe, since: datetime | None, channel_state: dict[str, ChannelState],
                  known: set[str], archive: bool = False) -> tuple[Discovery, list[FetchRecord]]:
    """The source's new links, and the exchanges it took for the fetch log."""
    started = time.monotonic()
    with recipe.build() as fetcher, _records_kept_on_failure(fetcher):
        found = discover(recipe.source, fetcher, since=since, channel_state=channel_state, known=known,
                         archive=archive)
        found.stats["seconds"] = round(time.monotonic() - started, 2)
        return found, fetcher.take_records()


@task(name="fetch", cache_policy=NO_CACHE)
def fetch_task(recipe: FetcherRecipe, links: list[Link], profile: Profile,
               validators: dict[str, tuple[str | None, str | None]]
               ) -> tuple[list[FetchedPage], list[Failure], float, list[FetchRecord]]:
    started = time.monotonic()
    with recipe.build() as fetcher, _records_kept_on_failure(fetcher):
        pages, failures = fetch_links(recipe.source, links, fetcher, profile, validators)
        return pages, failures, round(time.monotonic() - started, 2), fetcher.take_records()


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
            later = tuple(raw.get(part) for part in page.part_paths)
            article = article_from_page(page, data, source, profiles[source.profile], later)
            if not mentions(" ".join((article.title, *article.tags, article.body)), source.keywords):
                failures.append(Failure("skip", page.source_id, page.url, "not_relevant",
                                        f"{article.title[:200]!r} names none of the source's keywords"))
                continue
            articles.append((article, page.content_hash))
        except NotNewsArticle as exc:                 # a masthead or contact page: left out, not failed
            failures.append(Failure("skip", page.source_id, page.url, "not_an_article", str(exc)))
        except CorruptRawFile as exc:                 # fetched again next night, not parsed again and again
            failures.append(Failure("parse", page.source_id, page.url, "corrupt_raw", str(exc)))
        except (ValueError, OSError) as exc:
            failures.append(Failure("parse", page.source_id, page.url, type(exc).__name__, str(exc)))
    return articles, failures


def extract_each(articles: list[tuple[Article, str]]) -> tuple[list[tuple[Extraction, str]], list[Failure]]:
    """One extraction at a time in a process: the spaCy pipeline is not documented as thread-safe, and the
    GIL would run them one at a time anyway. (A plain function, so that a task sent to a Dask worker refers
    to it by name rather than carrying its lock.)"""
    out, failures = [], []
    with _EXTRACTING:
        for article, content_hash in articles:
            crashpoints.reached("extracting")
            try:
                out.append((extract(article), content_hash))
            except Exception as exc:  # one article's bug must not lose the others
                failures.append(Failure("extract", article.source_id, article.url or article.title,
                                        type(exc).__name__, str(exc)))
    return out, failures


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(articles: list[tuple[Article, str]]) -> tuple[list[tuple[Extraction, str]], list[Failure]]:
    return extract_each(articles)
