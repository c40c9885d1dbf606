"""Scale-out: the nightly flow's fetch and extract tasks on a Dask cluster, through prefect-dask.

One setting chooses where tasks run: `PANTAU_DASK` (or `--dask` on the command line). Unset, tasks run in
threads of the flow's own process. `local` starts a `LocalCluster` for the run (`local:N` with N worker
processes; the CPU count otherwise); anything else is the address of a running scheduler
(`tcp://scheduler:8786`). The flow itself, and with it the one DuckDB writer, stays in the process that runs
it: only fetching, parsing and extracting travel. Dask is the `dask` extra (`pip install 'pantau[dask]'`), so
nothing here imports it until a setting asks for a cluster.

On a cluster, per-host politeness must hold across workers, so the run's `HostLedger` lives in one Dask actor
that every worker's fetchers ask before each request. And the workers must report their task runs to the
same Prefect API as the flow: without a server, the flow's own temporary one, whose address the tasks are
handed in their settings (a worker would otherwise start a temporary server of its own).
"""

from __future__ import annotations

import logging
import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from extractors.crawl.politeness import HostLedger, Ledger
from models import HostRule
from pantau.ops import fetchers

if TYPE_CHECKING:
    from prefect_dask import DaskTaskRunner

SETTING = "PANTAU_DASK"
MAX_BATCH = 20                  # pages per parse/extract task on a cluster
THREADS_PER_WORKER = 4          # fetch tasks mostly wait on their hosts' spacing; extraction is one at a time
logger = logging.getLogger("pantau.ops.scale_out")


class SettingError(ValueError):
    pass


DASK_EXTRA = "pip install 'pantau[dask]'"


def _dask_runner_class(value: str) -> type[DaskTaskRunner]:
    """Dask is an optional extra: without it, a setting that asks for a cluster is refused in one line that says
    how to get it, instead of a traceback from deep inside the import."""
    try:
        from prefect_dask import DaskTaskRunner
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in ("prefect_dask", "dask", "distributed"):
            raise
        raise SettingError(f"{SETTING}={value!r} runs tasks on Dask, which is not installed: {DASK_EXTRA}") from None
    return DaskTaskRunner


def task_runner(setting: str | None = None) -> TaskRunner[Any]:
    """The task runner a setting names; `None` reads `PANTAU_DASK`."""
    value = (os.environ.get(SETTING, "") if setting is None else setting).strip()
    if not value:
        return ThreadPoolTaskRunner()
    dask_runner = _dask_runner_class(value)

    if value == "local" or value.startswith("local:"):
        count = value.partition(":")[2]
        if count and not (count.isdigit() and int(count) > 0):
            raise SettingError(f"{SETTING}={value!r}: the number of workers must be a positive whole number")
        workers = int(count) if count else (os.cpu_count() or 1)
        return dask_runner(cluster_kwargs={"n_workers": workers, "threads_per_worker": THREADS_PER_WORKER,
                                           "processes": True, "dashboard_address": ":0"})
    try:
        port = urlsplit(value if "://" in value else f"tcp://{value}").port
    except ValueError:                          # a port that is not a number, or out of range
        port = None
    if not port:
        raise SettingError(f"{SETTING}={value!r}: expected local, local:N or a scheduler address (tcp://host:8786)")
    return dask_runner(address=value)


def _cluster_runner() -> DaskTaskRunner | None:
    context = FlowRunContext.get()
    if context is None or "prefect_dask" not in sys.modules:
        return None
    from prefect_dask import DaskTaskRunner

    return context.task_runner if isinstance(context.task_runner, DaskTaskRunner) else None


def batch_size(count: int) -> int:
    """Pages per parse/extract task: all in one here; on a cluster, enough batches for every worker twice over
    (a slow batch does not hold the others back), and none so large that a lost worker costs much."""
    runner = _cluster_runner()
    if runner is None:
        return max(1, count)
    workers = max(1, len(runner.client.nthreads()))
    return max(1, min(MAX_BATCH, math.ceil(count / (2 * workers))))


def whole(items: Any) -> Any:
    """A task's list argument, to be handed over as it is.

    Prefect walks every argument of a task looking for futures, each field of each record (20 MiB of a
    5,000-article night's peak), unless it is `quote`d. On Dask the list goes as it is: `quote` is a tuple, and
    Dask rebuilds tuples in a task's arguments as plain ones, so the task would get `(items,)` instead of the
    list (and there the arguments are pickled to the worker anyway)."""
    return items if _cluster_runner() is not None else quote(items)


def _loopback(address: str) -> bool:
    host = urlsplit(address if "://" in address else f"tcp://{address}").hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


@contextmanager
def shared_api() -> Iterator[None]:
    """Tasks submitted inside this block report to the flow's own Prefect API, wherever they run."""
    runner = _cluster_runner()
    if runner is None or PREFECT_API_URL.value():
        yield
        return
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:         # without a server: the flow's temporary one
        api = str(client.api_url).rstrip("/")
    if runner.address and _loopback(api) and not _loopback(runner.address):
        logger.warning("Dask workers at %s report to %s: workers on other machines cannot reach it; run a Prefect "
                       "server and set PREFECT_API_URL", runner.address, api)
    with temporary_settings(updates={PREFECT_API_URL: api}):
        yield


class SharedLedger:
    """A `HostLedger` held by a Dask actor, answered as a local one would answer."""

    def __init__(self, actor: Any):
        self.actor = actor

    def claim(self, host: str, delay: float, limit: int = 1, crawl_delay: float | None = None
              ) -> tuple[int, float] | None:
        return self.actor.claim(host, delay, limit, crawl_delay).result()

    def release(self, claim_id: int, reached_server: bool = True) -> None:
        self.actor.release(claim_id, reached_server).result()

    def defer(self, host: str, seconds: float) -> None:
        self.actor.defer(host, seconds).result()


@contextmanager
def host_ledger(rules: dict[str, HostRule], run_key: str) -> Iterator[Ledger]:
    """The run's host ledger: in this process, or on a cluster in one actor every worker shares."""
    runner = _cluster_runner()
    if runner is None:
        try:
            yield HostLedger(rules)
        finally:
            fetchers.forget_run(run_key)
        return
    client = runner.client
    held = client.submit(HostLedger, rules, actor=True)      # the actor lives as long as this future
    try:
        yield SharedLedger(held.result())
    finally:
        try:
            client.run(fetchers.forget_run, run_key)
        except Exception as exc:  # a worker gone at the end of the run has nothing left to forget
            logger.warning("could not close the run's gates on every worker: %s", exc)
        held.release()
