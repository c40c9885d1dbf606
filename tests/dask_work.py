"""What a Dask worker runs in the scale-out tests: a module of its own, which a worker imports by name
(a test module would bring pytest's set-up with it)."""

from __future__ import annotations

from typing import Any

from extractors.crawl.fetch import Fetcher, HostMirrorTransport
from extractors.crawl.politeness import HostGate


def fetch_again_and_again(ledger: Any, base_url: str, url: str, times: int, spacing: float) -> list[int]:
    """Fetch a URL `times` times through a gate over the ledger this worker was handed."""
    with Fetcher("langgam", user_agent=None, delay_seconds=spacing, gate=HostGate(ledger=ledger),
                 transport=HostMirrorTransport(base_url)) as fetcher:
        return [fetcher.get(url).status_code for _ in range(times)]
