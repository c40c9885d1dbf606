"""Fetching pages the way a polite crawler does, and recording each outcome as data.

One `Fetcher` serves one source: it reads the host's robots.txt before anything else (5xx there means
"stay out", 4xx means "no rules"), waits its delay (or the site's Crawl-delay, whichever is longer) between
requests to a host, retries timeouts, 429s and 5xx with backoff (honouring Retry-After), never retries
other 4xx, caps the body size, and decodes nothing: the raw bytes go to the raw store untouched.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

import httpx
from protego import Protego

from extractors.urls import canonical
from models import Failure, FetchedPage, Link, Source

MAX_RETRY_WAIT = 120.0      # seconds; a site asking for a longer pause is retried on another night


class FetchError(Exception):
    """A fetch that failed for a reason worth recording: `reason` is short and machine-readable."""

    def __init__(self, reason: str, message: str, status_code: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.reason = reason
        self.status_code = status_code
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    final_url: str
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def encoding(self) -> str | None:
        m = re.search(r"charset=([\w-]+)", self.content_type or "", re.I)
        return m.group(1).lower() if m else None


class HostMirrorTransport(httpx.BaseTransport):
    """Send `https://host/path` to `{mirror}/host/path`: the live code path, pointed at a local copy of
    the sites (the demo's sample site, or the tests' server). Nothing else about fetching changes."""

    def __init__(self, mirror: str):
        self.mirror = urlsplit(mirror.rstrip("/"))
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        path = f"{self.mirror.path}/{url.host}{url.raw_path.decode('ascii')}"
        target = urlunsplit((self.mirror.scheme, self.mirror.netloc, "", "", "")) + path
        headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"host"]
        inner = httpx.Request(request.method, target, headers=headers, content=request.content,
                              extensions=request.extensions)
        return self.inner.handle_request(inner)

    def close(self) -> None:
        self.inner.close()


class Fetcher:
    def __init__(self, *, user_agent: str | None, delay_seconds: float, timeout: float = 20.0,
                 retries: int = 2, max_bytes: int = 10 * 1024 * 1024, max_redirects: int = 5,
                 transport: httpx.BaseTransport | None = None, sleep: Callable[[float], None] = time.sleep):
        self.delay = max(0.0, delay_seconds)
        self.retries = retries
        self.max_bytes = max_bytes
        self.sleep = sleep
        self.client = httpx.Client(
            headers={"User-Agent": user_agent or "Pantau/0.1", "Accept-Language": "id,en;q=0.5"},
            timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=max_redirects,
            transport=transport,
        )
        self.user_agent = user_agent or "Pantau/0.1"
        self._robots: dict[str, Protego | None] = {}
        self._unreachable: dict[str, FetchError] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- politeness

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            robots = self._robots.get(host)
            crawl_delay = robots.crawl_delay(self.user_agent) if robots else None
            delay = max(self.delay, float(crawl_delay or 0))
            last = self._last.get(host)
            now = time.monotonic()
            if last is not None and now - last < delay:
                self.sleep(delay - (now - last))
            self._last[host] = time.monotonic()

    def _robots_for(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        host = parts.netloc.lower()
        if host in self._unreachable:
            raise self._unreachable[host]
        if host in self._robots:
            return self._robots[host]
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        rules: Protego | None
        try:
            resp = self._request(robots_url, check_robots=False)
            rules = Protego.parse(resp.content.decode("utf-8", "replace"))
        except FetchError as exc:
            if exc.status_code is None:                       # the host cannot be reached at all
                self._unreachable[host] = FetchError(exc.reason, f"{host} unreachable: {exc}")
                raise self._unreachable[host] from exc
            # A missing robots.txt (4xx) means no rules; one that errors (5xx) means stay out.
            rules = None if 400 <= exc.status_code < 500 else Protego.parse("User-agent: *\nDisallow: /")
        self._robots[host] = rules
        return rules

    def allowed(self, url: str) -> bool:
        rules = self._robots_for(url)
        return rules is None or rules.can_fetch(url, self.user_agent)

    # ---------------------------------------------------------------- requests

    def get(self, url: str) -> Response:
        if not self.allowed(url):
            raise FetchError("robots_disallowed", f"robots.txt disallows {url}")
        return self._request(url, check_robots=True)

    def _request(self, url: str, *, check_robots: bool) -> Response:
        host = urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            self._wait_turn(host)
            try:
                with self.client.stream("GET", url) as resp:
                    if resp.status_code == 429 or resp.status_code >= 500:
                        raise FetchError(f"http_{resp.status_code}", f"{url}: HTTP {resp.status_code}",
                                         resp.status_code, _retry_after_seconds(resp.headers.get("retry-after")))
                    if resp.status_code >= 400:
                        raise FetchError(f"http_{resp.status_code}", f"{url}: HTTP {resp.status_code}",
                                         resp.status_code)
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise FetchError("too_large", f"{url}: {declared} bytes is over {self.max_bytes}")
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchError("too_large", f"{url}: body over {self.max_bytes} bytes")
                        chunks.append(chunk)
                    final = str(resp.url)
                    if urlsplit(final).scheme not in ("http", "https"):
                        raise FetchError("bad_redirect", f"{url}: redirected to {final}")
                    return Response(url, final, resp.status_code, {k.lower(): v for k, v in resp.headers.items()},
                                    b"".join(chunks))
            except FetchError as exc:
                retryable = exc.status_code is not None and (exc.status_code == 429 or exc.status_code >= 500)
                if not retryable or attempt >= self.retries or (exc.retry_after or 0) > MAX_RETRY_WAIT:
                    raise
                wait = exc.retry_after if exc.retry_after is not None else (2 ** attempt) * max(self.delay, 0.5)
            except httpx.TooManyRedirects as exc:
                raise FetchError("too_many_redirects", f"{url}: {exc}") from exc
            except httpx.TimeoutException as exc:
                if attempt >= self.retries:
                    raise FetchError("timeout", f"{url}: timed out ({type(exc).__name__})") from exc
                wait = (2 ** attempt) * max(self.delay, 0.5)
            except (httpx.TransportError, httpx.DecodingError) as exc:
                if attempt >= self.retries:
                    raise FetchError("network", f"{url}: {type(exc).__name__}: {exc}") from exc
                wait = (2 ** attempt) * max(self.delay, 0.5)
            attempt += 1
            self.sleep(min(wait + random.uniform(0, 0.25 * wait), MAX_RETRY_WAIT))


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def fetch_links(source: Source, links: list[Link], fetcher: Fetcher, raw_put: Callable[[bytes], tuple[str, str]],
                ) -> tuple[list[FetchedPage], list[Failure]]:
    """Fetch each link once; every outcome, good or bad, is a FetchedPage (keyed by canonical URL), every
    bad one a Failure too."""
    pages: list[FetchedPage] = []
    failures: list[Failure] = []
    for link in links:
        at = datetime.now(UTC)
        key = canonical(link.url)
        try:
            resp = fetcher.get(link.url)
        except FetchError as exc:
            pages.append(FetchedPage(url=key, source_id=source.id, fetched_at=at,
                                     status_code=exc.status_code, error=f"{exc.reason}: {exc}"))
            failures.append(Failure("fetch", source.id, link.url, exc.reason, str(exc)))
            continue
        digest, rel = raw_put(resp.content)
        pages.append(FetchedPage(url=key, source_id=source.id, fetched_at=at, status_code=resp.status_code,
                                 final_url=resp.final_url, content_type=resp.content_type, encoding=resp.encoding,
                                 content_hash=digest, raw_path=rel, size_bytes=len(resp.content)))
    return pages, failures
