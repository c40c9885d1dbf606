"""Politeness shared by every fetcher of a run: per-host spacing and concurrency, and robots.txt rules.

Sources are crawled in parallel, and two sources may share a host (news.google.com, a CMS's CDN), so the
limits live here, keyed by host, rather than in each source's fetcher; the bookkeeping (`HostLedger`) is apart
from the waiting (`HostGate`) so that workers of a cluster can share one ledger. Requests to one host are spaced,
from the later of the last request's start and its end, by the longest of the source's delay, the host's
configured floor and its robots.txt Crawl-delay; at most `max_per_host` requests are in flight to a host.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from protego import Protego

from models import HostRule

ROBOTS_TTL_SECONDS = 24 * 3600
CLAIM_LEASE_SECONDS = 600.0      # a claim never released (its worker died) frees its host's slot after this
DISALLOW_ALL = "User-agent: *\nDisallow: /"


class NeverConnected(Exception):
    """Raised inside a host slot when the request never reached the server."""


class GateClosed(Exception):
    """The run that owns the gate is over (it failed, or was stopped): no further request may start."""


class HostLedger:
    """Who may start a request to which host, and when: the bookkeeping of politeness, without any waiting.

    Claims and releases are quick and never block, so one ledger serves every thread of a process or, held
    by a Dask actor (`pantau.ops.scale_out`), every worker of a cluster: the spacing then holds across machines.
    Times are the ledger's own clock; a claim answers with how long to wait, never with a moment, so callers
    on other machines need no synchronised clock (the time a call takes only makes them later, never early).
    A claim is a lease: one not released within `lease` seconds of its start (its worker died mid-request)
    is dropped, so a lost worker holds a host back for minutes, not for the rest of the run.
    """

    def __init__(self, rules: dict[str, HostRule] | None = None, *, clock: Callable[[], float] = time.monotonic,
                 lease: float = CLAIM_LEASE_SECONDS):
        self.rules = rules or {}
        self.clock = clock
        self.lease = lease
        self._lock = threading.Lock()
        self._last_busy: dict[str, float] = {}
        self._blocked_until: dict[str, float] = {}
        self._claims: dict[int, tuple[str, float, float | None]] = {}
        self._next = 0

    def delay_for(self, host: str, delay: float, crawl_delay: float | None = None) -> float:
        rule = self.rules.get(host)
        return max(delay, rule.delay_seconds if rule else 0.0, crawl_delay or 0.0)

    def claim(self, host: str, delay: float, limit: int = 1, crawl_delay: float | None = None
              ) -> tuple[int, float] | None:
        """Reserve the host's next start: (claim id, seconds to wait before starting), or None while the
        host already has its limit of requests in flight. Reserving in order keeps waiting callers in order."""
        rule = self.rules.get(host)
        limit = max(1, min(limit, rule.max_per_host) if rule else limit)
        spacing = self.delay_for(host, delay, crawl_delay)
        with self._lock:
            now = self.clock()
            held = [(cid, started) for cid, (h, started, _) in self._claims.items() if h == host]
            for cid, started in held:
                if now - started > self.lease:
                    del self._claims[cid]
            if sum(now - started <= self.lease for _, started in held) >= limit:
                return None
            last = self._last_busy.get(host)
            start = max(now, last + spacing if last is not None else now, self._blocked_until.get(host, 0.0))
            self._last_busy[host] = start
            self._next += 1
            self._claims[self._next] = (host, start, last)
            return self._next, start - now

    def release(self, claim_id: int, reached_server: bool = True) -> None:
        """The request is over. Spacing counts from the later of its start and its end, so a request that left
        late (a busy client, a slow connect) does not reach the server right on the heels of the one before;
        one that never reached the server (no DNS, connection refused) cost the host nothing and gives its
        turn back."""
        with self._lock:
            if claim_id not in self._claims:         # its lease ran out: the ledger has moved on
                return
            host, start, last = self._claims.pop(claim_id)
            if reached_server:
                self._last_busy[host] = max(self._last_busy.get(host, 0.0), self.clock())
            elif self._last_busy.get(host) == start:
                if last is None:
                    self._last_busy.pop(host, None)
                else:
                    self._last_busy[host] = last

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next start back (a 429's Retry-After, a backoff): every caller waits, not one."""
        with self._lock:
            self._blocked_until[host] = max(self._blocked_until.get(host, 0.0), self.clock() + seconds)


class Ledger(Protocol):
    """A `HostLedger`, here or held elsewhere (a Dask actor's proxy that answers the same calls)."""

    def claim(self, host: str, delay: float, limit: int = 1, crawl_delay: float | None = None
              ) -> tuple[int, float] | None: ...

    def release(self, claim_id: int, reached_server: bool = True) -> None: ...

    def defer(self, host: str, seconds: float) -> None: ...


class HostGate:
    """The waiting side of a ledger: a request holds a slot of its host for as long as it runs.

    A ledger in this process wakes waiting threads as soon as a slot frees; a shared one (another process's)
    is asked again every `poll_seconds` while its host is full. Closing the gate (the run is over) makes every
    request not yet started raise `GateClosed`, so a failed or stopped run stops crawling.
    """

    def __init__(self, rules: dict[str, HostRule] | None = None, *, ledger: Ledger | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 poll_seconds: float = 0.05):
        self.ledger = ledger if ledger is not None else HostLedger(rules, clock=clock)
        self.sleep = sleep
        self.poll_seconds = poll_seconds
        self._freed = threading.Condition()
        self._closed = False

    def close(self) -> None:
        with self._freed:
            self._closed = True
            self._freed.notify_all()

    def defer(self, host: str, seconds: float) -> None:
        self.ledger.defer(host, seconds)

    @contextmanager
    def slot(self, host: str, *, delay: float, limit: int = 1, crawl_delay: float | None = None) -> Iterator[None]:
        """Hold one of the host's request slots, starting no sooner than its spacing allows."""
        with self._freed:                  # claimed under the lock, so a release cannot slip by unnoticed
            while not self._closed and (claim := self.ledger.claim(host, delay, limit, crawl_delay)) is None:
                self._freed.wait(self.poll_seconds)
            if self._closed:
                raise GateClosed(f"the run is over: no further request to {host}")
        claim_id, wait = claim
        reached = True
        try:
            if wait > 0:
                self.sleep(wait)
            if self._closed:
                raise GateClosed(f"the run is over: no further request to {host}")
            yield
        except NeverConnected:
            reached = False
            raise
        finally:
            self.ledger.release(claim_id, reached)
            with self._freed:
                self._freed.notify_all()


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
