"""Fetching pages the way a polite crawler does, and recording each exchange as data.

A `Fetcher` serves one source with that source's settings (User-Agent, delay, timeout, retries, size cap);
the per-host spacing and robots.txt rules it obeys are shared by every fetcher of the run (see
`politeness`). Each request: robots.txt first (5xx or 429 there means stay out, 4xx means no rules), a
host slot, then the exchange. Timeouts, 429 and 5xx are retried with exponential backoff and jitter (a
Retry-After is honoured, and holds back every request to that host); other 4xx are not retried.
Redirects are followed by hand, a bounded number of times, only to http(s), and each hop is checked
against robots.txt. Conditional GETs send the stored ETag / Last-Modified and return a 304 as such.
Every body is written to the raw store before anyone parses it; nothing is decoded here.

Every request sent is one `FetchRecord` (one row of `fetch_log`): each attempt of a retried URL (the 429 with
the Retry-After it asked for, the 503, the body cut short), each redirect hop (a chain that stops, by a loop,
a bad target or too many hops, says why on its last hop's row) and the final answer. A URL refused before
any request (not a URL, a blocked address, robots.txt) has no record: no exchange happened; its failure is
the caller's to report.

What comes from outside is not trusted: every URL (a page's link, a redirect's Location) is checked before
its request, after DNS resolution, so that no site can send the crawler to a loopback, private, link-local
or reserved address other than the source's own; header values that are not plain ASCII are neither kept
nor sent; a compressed body is inflated under the size cap a piece at a time (`inflate`); and a request has
a total deadline besides its connect and read timeouts, so a body trickling in a byte at a time ends.
"""

from __future__ import annotations

import ipaddress
import random
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from protego import Protego

from extractors.crawl.inflate import Inflater, Overflow, UnknownEncoding
from extractors.crawl.politeness import DISALLOW_ALL, HostGate, NeverConnected, RobotsCache
from extractors.crawl.urls import valid
from models import FetchRecord, Source

MAX_RETRY_WAIT = 120.0      # seconds; a site asking for a longer pause is retried on another night
REDIRECTS = (301, 302, 303, 307, 308)
KEPT_HEADERS = ("content-type", "content-length", "etag", "last-modified", "retry-after", "location",
                "x-robots-tag", "cache-control")

RawPut = Callable[[bytes], tuple[str, str]]


class FetchError(Exception):
    """A fetch that failed for a reason worth recording: `reason` is short and machine-readable."""

    def __init__(self, reason: str, message: str, status_code: int | None = None,
                 retry_after: float | None = None, answered: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.status_code = status_code
        self.retry_after = retry_after
        # The status line the server sent, also when the failure came after it (a 200 whose body was cut
        # short): for the fetch log only, since `status_code` decides retries and robots.txt's meaning.
        self.answered = answered if answered is not None else status_code


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    final_url: str
    status_code: int
    headers: dict[str, str]
    content: bytes
    content_hash: str | None = None
    raw_path: str | None = None
    elapsed_ms: int = 0

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @property
    def encoding(self) -> str | None:
        m = re.search(r"charset=[\"']?([\w-]+)", self.content_type or "", re.I)
        return m.group(1).lower() if m else None

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304


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


def _now() -> datetime:
    return datetime.now(UTC)


class Fetcher:
    def __init__(self, source_id: str | None = None, *, user_agent: str | None, delay_seconds: float,
                 max_per_host: int = 1, timeout: float = 20.0, retries: int = 2, max_bytes: int = 10 * 1024 * 1024,
                 max_redirects: int = 5, transport: httpx.BaseTransport | None = None, gate: HostGate | None = None,
                 robots: RobotsCache | None = None, raw_put: RawPut | None = None,
                 own_hosts: tuple[str, ...] = (), deadline: float | None = None):
        self.source_id = source_id
        self.user_agent = user_agent or "Pantau/0.1"
        self.delay = max(0.0, delay_seconds)
        self.max_per_host = max(1, max_per_host)
        self.retries = retries
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.gate = gate or HostGate()
        self.robots = robots or RobotsCache()
        self.raw_put = raw_put
        self.deadline = deadline if deadline is not None else 3 * timeout
        # Hosts whose addresses may be private: the source's own (a site on the office network, the tests'
        # server). Through a mirror no name is looked up: the mirror decides where requests go.
        self.own_hosts = frozenset(h.lower().split(":")[0] for h in own_hosts)
        self.resolve = not isinstance(transport, HostMirrorTransport)
        self._addresses: dict[str, str | None] = {}
        self.client = httpx.Client(headers={"User-Agent": self.user_agent, "Accept-Language": "id,en;q=0.5"},
                                   timeout=httpx.Timeout(timeout), follow_redirects=False, transport=transport)
        self.records: list[FetchRecord] = []
        self._records_lock = threading.Lock()

    @classmethod
    def for_source(cls, source: Source, *, delay_seconds: float | None = None, **kwargs: object) -> Fetcher:
        return cls(source.id, user_agent=source.user_agent,
                   delay_seconds=source.delay_seconds if delay_seconds is None else delay_seconds,
                   max_per_host=source.max_per_host, timeout=source.timeout_seconds, retries=source.retries,
                   max_bytes=source.max_bytes, max_redirects=source.max_redirects,
                   own_hosts=source_hosts(source), **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take_records(self) -> list[FetchRecord]:
        """The exchanges since the last call: the caller writes them to the fetch log."""
        with self._records_lock:
            taken, self.records = self.records, []
        return taken

    def _record(self, record: FetchRecord) -> None:
        with self._records_lock:
            self.records.append(record)

    # ---------------------------------------------------------------- robots.txt

    def _rules(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        known, rules = self.robots.get(origin)
        if known:
            return rules
        with self.robots.lock_for(origin):
            known, rules = self.robots.get(origin)
            if known:
                return rules
            unreachable = self.robots.unreachable(origin)
            if unreachable is not None:
                raise FetchError(getattr(unreachable, "reason", "network"), str(unreachable))
            try:
                resp = self._follow(f"{origin}/robots.txt", kind="robots", check_robots=False)
                rules = RobotsCache.parse(resp.content.decode("utf-8", "replace"))
            except FetchError as exc:
                if exc.status_code is None and exc.reason in ("timeout", "network"):
                    error = FetchError(exc.reason, f"{parts.netloc} unreachable: {exc}")
                    self.robots.mark_unreachable(origin, error)
                    raise error from exc
                # A missing robots.txt (4xx) means no rules; one that errors (5xx, 429) means stay out.
                server_trouble = exc.status_code is not None and (exc.status_code >= 500 or exc.status_code == 429)
                rules = None if not server_trouble and exc.status_code is not None else \
                    RobotsCache.parse(DISALLOW_ALL)
            self.robots.put(origin, rules)
            return rules

    def allowed(self, url: str) -> bool:
        rules = self._rules(url)
        return rules is None or rules.can_fetch(url, self.user_agent)

    def _crawl_delay(self, url: str) -> float | None:
        rules = self._rules(url)
        value = rules.crawl_delay(self.user_agent) if rules is not None else None
        return float(value) if value else None

    # ---------------------------------------------------------------- requests

    def get(self, url: str, *, kind: str = "page", etag: str | None = None,
            last_modified: str | None = None) -> Response:
        """The page at `url`, after redirects; a 304 when the validators still hold."""
        conditional = {}
        if etag and header_ok(etag):                   # a value stored before it was checked is left out
            conditional["If-None-Match"] = etag
        if last_modified and header_ok(last_modified):
            conditional["If-Modified-Since"] = last_modified
        return self._follow(url, kind=kind, check_robots=True, headers=conditional)

    def location(self, url: str, *, kind: str = "resolve") -> str | None:
        """Where `url` redirects to, without following it (None when it answers without a redirect)."""
        resp = self._exchange(url, kind=kind, headers={}, check_robots=True)
        if resp.status_code in REDIRECTS and resp.headers.get("location"):
            return urljoin(url, resp.headers["location"])
        return None

    def _follow(self, url: str, *, kind: str, check_robots: bool, headers: dict[str, str] | None = None) -> Response:
        current, seen, hop = url, {url}, 0
        while True:                             # until an answer that is no redirect, or `stop` ends the chain
            stop = partial(self._chain_stops, url, current, seen, hop == self.max_redirects)
            resp = self._exchange(current, kind=kind, headers=headers or {}, check_robots=check_robots, stop=stop)
            if resp.status_code not in REDIRECTS:
                return Response(url, current, resp.status_code, resp.headers, resp.content, resp.content_hash,
                                resp.raw_path, resp.elapsed_ms)
            current, hop = urljoin(current, resp.headers["location"]), hop + 1
            seen.add(current)

    def _chain_stops(self, url: str, current: str, seen: set[str], last: bool, resp: Response) -> FetchError | None:
        """Why the redirect chain from `url` ends at this answer from `current` (a redirect to nowhere or to no
        http(s) URL, back to a URL of the chain, or one hop too many), or None. Asked before the hop is
        logged, so that its own row says why the chain stopped there."""
        if resp.status_code not in REDIRECTS:
            return None
        target = urljoin(current, resp.headers.get("location", ""))
        if not resp.headers.get("location") or urlsplit(target).scheme not in ("http", "https"):
            return FetchError("bad_redirect", f"{url}: redirected to {target or 'nowhere'}", resp.status_code)
        if target in seen:
            return FetchError("redirect_loop", f"{url}: redirect loop back to {target}", resp.status_code)
        if last:
            return FetchError("too_many_redirects", f"{url}: more than {self.max_redirects} redirects",
                              answered=resp.status_code)
        return None

    def _exchange(self, url: str, *, kind: str, headers: dict[str, str], check_robots: bool,
                  stop: Callable[[Response], FetchError | None] | None = None) -> Response:
        """One request (with its retries) to one URL, never following a redirect. Each attempt is recorded as
        it ends, a retried one too, so the fetch log holds every request the server saw; `stop` (a redirect
        chain's verdict on this hop) turns an answer into a failure, recorded on the answer's row."""
        if not valid(url):
            raise FetchError("bad_url", f"{url[:300]}: not an http(s) URL that can be fetched")
        blocked = self._blocked(url)
        if blocked:
            raise FetchError("blocked_address", f"{url[:300]}: {blocked}")
        crawl_delay = None
        if check_robots:
            if not self.allowed(url):
                raise FetchError("robots_disallowed", f"robots.txt disallows {url}")
            crawl_delay = self._crawl_delay(url)
        host = urlsplit(url).netloc.lower()
        attempt = 0
        while True:
            attempt += 1
            at, began = _now(), time.monotonic()
            try:
                with self.gate.slot(host, delay=self.delay, limit=self.max_per_host, crawl_delay=crawl_delay):
                    at, began = _now(), time.monotonic()         # the request's own time, not its wait's
                    try:
                        resp = self._once(url, headers)
                    except FetchError as exc:
                        if exc.reason == "connect":
                            raise NeverConnected from exc
                        raise
            except NeverConnected as never:      # retried after the backoff, without waiting for the host's turn
                error = FetchError("network", str(never.__cause__ or never))
                gave_up = attempt > self.retries
            except FetchError as exc:
                error = exc
                retryable = exc.status_code is not None and (exc.status_code == 429 or exc.status_code >= 500)
                retryable = retryable or exc.reason in ("timeout", "network", "truncated")
                gave_up = not retryable or attempt > self.retries or (exc.retry_after or 0) > MAX_RETRY_WAIT
            else:
                ms = int((time.monotonic() - began) * 1000)
                digest, rel = (self.raw_put(resp.content) if self.raw_put and resp.status_code == 200 else
                               (None, None))
                done = Response(url, url, resp.status_code, resp.headers, resp.content, digest, rel, ms)
                stopped = stop(done) if stop else None
                self._record(FetchRecord(url, kind, self.source_id, at, resp.status_code, None, ms,
                                         len(resp.content), digest, rel, resp.content_type,
                                         resp.headers.get("etag"), resp.headers.get("last-modified"), attempt,
                                         f"{stopped.reason}: {stopped}" if stopped else None))
                if stopped:
                    raise stopped
                return done
            self._record(FetchRecord(url, kind, self.source_id, at, error.answered, None,
                                     int((time.monotonic() - began) * 1000), None, attempts=attempt,
                                     error=f"{error.reason}: {error}", retry_after_seconds=error.retry_after,
                                     retried=not gave_up))
            if gave_up:
                raise error
            backoff = (2 ** (attempt - 1)) * max(self.delay, 0.5)
            wait = error.retry_after if error.retry_after is not None else backoff
            self.gate.defer(host, min(wait + random.uniform(0, 0.25 * wait), MAX_RETRY_WAIT))

    def _blocked(self, url: str) -> str | None:
        """Why `url`'s host must not be asked (it is, or resolves to, a non-public address that is not the
        source's own), or None."""
        host = (urlsplit(url).hostname or "").lower()
        if host in self.own_hosts:
            return None
        if host not in self._addresses:
            self._addresses[host] = _non_public(host, self.resolve)
        return self._addresses[host]

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        ends = time.monotonic() + self.deadline                # from the request, not from its first byte
        status: int | None = None                              # once the status line is in: for the log
        try:
            with self.client.stream("GET", url, headers={**headers, "Accept-Encoding": "gzip, deflate"}) as resp:
                kept = {k: resp.headers[k] for k in KEPT_HEADERS if k in resp.headers and header_ok(resp.headers[k])}
                status = resp.status_code
                if status == 429 or status >= 500:
                    raise FetchError(f"http_{status}", f"{url}: HTTP {status}", status,
                                     _retry_after_seconds(resp.headers.get("retry-after")))
                if status >= 400:
                    raise FetchError(f"http_{status}", f"{url}: HTTP {status}", status)
                if status in REDIRECTS or status == 304:
                    return Response(url, url, status, kept, b"")
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError("too_large", f"{url}: {declared} bytes is over the cap of {self.max_bytes}",
                                     status)
                inflater = Inflater(resp.headers.get("content-encoding"), self.max_bytes)
                chunks, size = [], 0
                for raw in resp.iter_raw():
                    if time.monotonic() > ends:
                        raise FetchError("deadline", f"{url}: not done after {self.deadline:g} s", status)
                    chunk = inflater.feed(raw)
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise Overflow
                    chunks.append(chunk)
                chunks.append(inflater.finish())
                return Response(url, url, status, kept, b"".join(chunks))
        except Overflow as exc:
            raise FetchError("too_large", f"{url}: body over the cap of {self.max_bytes} bytes (decoded)",
                             answered=status) from exc
        except UnknownEncoding as exc:
            raise FetchError("bad_encoding", f"{url}: {exc}", answered=status) from exc
        except zlib.error as exc:
            raise FetchError("bad_encoding", f"{url}: corrupt compressed body ({exc})", answered=status) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, UnicodeError, ValueError) as exc:
            raise FetchError("bad_url", f"{url[:300]}: {type(exc).__name__}: {exc}", answered=status) from exc
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{url}: timed out ({type(exc).__name__})", answered=status) from exc
        except httpx.RemoteProtocolError as exc:
            reason = "truncated" if re.search(r"incomplete|expected|peer closed", str(exc), re.I) else "network"
            raise FetchError(reason, f"{url}: {exc}", answered=status) from exc
        except httpx.ConnectError as exc:
            raise FetchError("connect", f"{url}: {type(exc).__name__}: {exc}") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError("network", f"{url}: {type(exc).__name__}: {exc}", answered=status) from exc


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:                    # `Tue, 01 Dec 2026 10:00:00`: HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


_HEADER_VALUE = re.compile(r"[\x20-\x7e]{1,1024}")


def header_ok(value: str) -> bool:
    """A value safe to keep and to send back: printable ASCII, not absurdly long (`"café"` is neither)."""
    return bool(_HEADER_VALUE.fullmatch(value))


def source_hosts(source: Source) -> tuple[str, ...]:
    """Hosts the source itself is on: its declared hosts and those of its channels."""
    channel_hosts = tuple(urlsplit(c.url.replace("{", "").replace("}", "")).hostname or "" for c in source.channels)
    return tuple(h for h in (*source.hosts, *channel_hosts) if h)


def _non_public(host: str, resolve: bool) -> str | None:
    """Why `host` is no place for a crawler led there by a page (loopback, private, link-local, reserved,
    multicast), or None. A name is looked up first (when `resolve`); one that does not resolve is left to
    fail on its own."""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if not resolve:
            return None
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        mapped = getattr(address, "ipv4_mapped", None)
        address = mapped or address
        if not address.is_global or address.is_multicast:
            kind = ("loopback" if address.is_loopback else "link-local" if address.is_link_local else
                    "private" if address.is_private else "reserved")
            return f"{host} is a {kind} address ({address}), not the source's own"
    return None
