"""The `nightly` deployment on a cron schedule: served by `pantau serve`, or deployed to a Prefect server's work
pool from `prefect.yaml` (the same schedule, written there for `prefect deploy`).

02:00 in Jakarta (WIB) by default: the regional sites publish through the evening, and the night is when
their servers are least busy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Jakarta"
DEPLOYMENT = "nightly"


class ScheduleError(ValueError):
    """A cron or time zone Prefect would refuse, caught before serving starts."""


def next_run(cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE, after: datetime | None = None) -> datetime:
    """When the schedule next fires, in its own time zone; a ScheduleError for what Prefect's scheduler would
    refuse. Checked with Prefect's own schedule model, so what passes here is what `serve` accepts."""
    from zoneinfo import ZoneInfo

    import pydantic
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron, timezone=timezone)
    except pydantic.ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise ScheduleError(f"{reason}; a cron has five fields, e.g. {DEFAULT_CRON!r} (02:00 daily), and the "
                            f"time zone is an IANA name such as {DEFAULT_TIMEZONE}") from exc
    # The scheduler's own reading of a cron (day of month OR weekday), so the time printed is the one it keeps.
    from prefect._vendor.croniter import croniter

    start = (after or datetime.now(ZoneInfo(timezone))).astimezone(ZoneInfo(timezone))
    return croniter(cron, start).get_next(datetime)


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

    # Prefect's own starting message tells the reader to trigger runs with `prefect deployment run`, which needs
    # a Prefect server this process does not have; the command line prints what is true instead.
    prefect_serve(nightly_deployment(flow, cron, timezone, parameters), print_starting_message=False)
