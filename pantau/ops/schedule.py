"""The `nightly` deployment on a cron schedule: served by `pantau serve`, or deployed to a Prefect server's work
pool from `prefect.yaml` (the same schedule, written there for `prefect deploy`).

02:00 in Jakarta (WIB) by default: the regional sites publish through the evening, and the night is when
their servers are least busy.
"""

from __future__ import annotations

from typing import Any

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Jakarta"
DEPLOYMENT = "nightly"


def nightly_deployment(flow: Any, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE,
                       parameters: dict[str, Any] | None = None) -> Any:
    """The deployment `pantau serve` keeps: the `nightly` flow (handed in by the command line, since operations
    sit below the flows), its schedule, its parameters."""
    from prefect.schedules import Cron

    return flow.to_deployment(name=DEPLOYMENT, schedules=[Cron(cron, timezone=timezone)],
                                 parameters=parameters or {},
                                 description="Crawl the configured sources and load new claims into DuckDB.")


def serve(flow: Any, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE,
          parameters: dict[str, Any] | None = None) -> None:
    """Run until stopped, starting the flow on schedule (Prefect's serve: no work pool or worker needed)."""
    from prefect import serve as prefect_serve

    prefect_serve(nightly_deployment(flow, cron, timezone, parameters))
