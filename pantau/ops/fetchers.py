"""How a run's fetchers are made where their tasks run.

A fetcher holds an HTTP connection pool and locks, which cannot travel to another process; what travels is
a `FetcherRecipe`: the source, where raw pages go, the mirror and delay override, and the run's host ledger
(a plain `HostLedger` on the default runner, a Dask actor's proxy on a cluster). Each task builds its fetcher
from the recipe and closes it when done. Fetchers of one run in one process share one gate over the ledger
(a freed slot wakes the threads waiting for it at once) and one robots.txt cache (a host's robots.txt is
fetched once per process, not once per source).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from extractors.crawl.fetch import Fetcher, HostMirrorTransport
from extractors.crawl.politeness import HostGate, Ledger, RobotsCache
from models import Source
from pantau import crashpoints
from pantau.store.raw import RawStore

_shared: dict[str, tuple[HostGate, RobotsCache]] = {}
_shared_lock = threading.Lock()


def _run_shared(run_key: str, ledger: Ledger) -> tuple[HostGate, RobotsCache]:
    """The gate and robots.txt cache of one run in this process (a new run reads robots.txt afresh)."""
    with _shared_lock:
        if run_key not in _shared:
            _shared[run_key] = (HostGate(ledger=ledger), RobotsCache())
        return _shared[run_key]


def forget_run(run_key: str) -> None:
    """The run is over, however it ended: its gate closes (a task still crawling stops at its next request)
    and its state here goes."""
    with _shared_lock:
        shared = _shared.pop(run_key, None)
    if shared is not None:
        shared[0].close()


@dataclass(frozen=True)
class FetcherRecipe:
    source: Source
    raw_root: Path
    ledger: Ledger
    run_key: str
    mirror: str | None = None
    delay_seconds: float | None = None

    def build(self) -> Fetcher:
        raw = RawStore(self.raw_root)

        def put(data: bytes) -> tuple[str, str]:
            stored = raw.put(data)
            crashpoints.reached("raw-written")
            return stored

        gate, robots = _run_shared(self.run_key, self.ledger)
        return Fetcher.for_source(self.source, delay_seconds=self.delay_seconds, gate=gate, robots=robots, raw_put=put,
                                  transport=HostMirrorTransport(self.mirror) if self.mirror else None)
