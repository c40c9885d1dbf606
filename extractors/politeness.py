"""Politeness shared by every fetcher of a run: per-host spacing and concurrency, and robots.txt rules.

Sources are crawled in parallel, and two sources may share a host (news.google.com, a CMS's CDN), so the
limits live here, keyed by host, rather than in each source's fetcher. Requests to one host are spaced,
from the later of the last request's start and its end, by the longest of the source's delay, the host's
configured floor and its robots.txt Crawl-delay; at most `max_per_host` requests are in flight to a host.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from protego import Protego

from models import HostRule

ROBOTS_TTL_SECONDS = 24 * 3600
DISALLOW_ALL = "User-agent: *\nDisallow: /"


class NeverConnected(Exception):
    """Raised inside a host slot when the request never reached the server."""


class HostGate:
    def __init__(self, rules: dict[str, HostRule] | None = None, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.rules = rules or {}
        self.clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        self._last_busy: dict[str, float] = {}
        self._blocked_until: dict[str, float] = {}
        self._slots: dict[str, threading.Semaphore] = {}

    def _semaphore(self, host: str, limit: int) -> threading.Semaphore:
        with self._lock:
            if host not in self._slots:
                rule = self.rules.get(host)
                self._slots[host] = threading.Semaphore(max(1, min(limit, rule.max_per_host) if rule else limit))
            return self._slots[host]

    def delay_for(self, host: str, delay: float, crawl_delay: float | None = None) -> float:
        rule = self.rules.get(host)
        return max(delay, rule.delay_seconds if rule else 0.0, crawl_delay or 0.0)

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next start back (a 429's Retry-After, a backoff): every thread waits, not one."""
        with self._lock:
            self._blocked_until[host] = max(self._blocked_until.get(host, 0.0), self.clock() + seconds)

    @contextmanager
    def slot(self, host: str, *, delay: float, limit: int = 1, crawl_delay: float | None = None) -> Iterator[None]:
        """Hold one of the host's request slots, starting no sooner than its spacing allows."""
        spacing = self.delay_for(host, delay, crawl_delay)
        semaphore = self._semaphore(host, limit)
        with semaphore:
            with self._lock:                   # reserve a start time, so waiting threads keep their order
                now = self.clock()
                last = self._last_busy.get(host)
                start = max(now, last + spacing if last is not None else now, self._blocked_until.get(host, 0.0))
                self._last_busy[host] = start
            wait = start - self.clock()
            if wait > 0:
                self.sleep(wait)
            try:
                yield
            except NeverConnected:
                # The server never saw this request (no DNS, connection refused): it cost the host nothing,
                # so it does not use up the host's turn.
                with self._lock:
                    if self._last_busy.get(host) == start:
                        if last is None:
                            self._last_busy.pop(host, None)
                        else:
                            self._last_busy[host] = last
                raise
            except BaseException:
                self._ended(host)
                raise
            self._ended(host)

    def _ended(self, host: str) -> None:
        """Spacing counts from the later of a request's start and its end: a request that left late (a busy
        client, a slow connect) must not reach the server right on the heels of the one before."""
        with self._lock:
            self._last_busy[host] = max(self._last_busy.get(host, 0.0), self.clock())


class RobotsCache:
    """robots.txt rules per scheme+host, kept at most `ttl` seconds. `None` means no rules (a 4xx)."""

    def __init__(self, ttl: float = ROBOTS_TTL_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._rules: dict[str, tuple[float, Protego | None]] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._unreachable: dict[str, tuple[float, Exception]] = {}

    def lock_for(self, origin: str) -> threading.Lock:
        """One fetch of a host's robots.txt at a time, however many threads want it."""
        with self._lock:
            return self._host_locks.setdefault(origin, threading.Lock())

    def get(self, origin: str) -> tuple[bool, Protego | None]:
        with self._lock:
            entry = self._rules.get(origin)
        if entry is None or self.clock() - entry[0] > self.ttl:
            return False, None
        return True, entry[1]

    def put(self, origin: str, rules: Protego | None) -> None:
        with self._lock:
            self._rules[origin] = (self.clock(), rules)

    def mark_unreachable(self, origin: str, error: Exception) -> None:
        """A host whose robots.txt could not be reached at all: its other URLs fail at once, not one by one."""
        with self._lock:
            self._unreachable[origin] = (self.clock(), error)

    def unreachable(self, origin: str) -> Exception | None:
        with self._lock:
            entry = self._unreachable.get(origin)
        return entry[1] if entry and self.clock() - entry[0] <= self.ttl else None

    @staticmethod
    def parse(text: str) -> Protego:
        return Protego.parse(text)
