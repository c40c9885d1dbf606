"""How far a run has got, for whoever watches it: the command line draws it, a scheduled run ignores it.

The flow reports each stage as its work comes back to the flow's own thread (a source discovered, a source's
pages fetched, a batch extracted, an article loaded), so progress is the same on threads and on a Dask cluster,
and nothing below the flow knows anyone is watching.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

Listener = Callable[[str, int, int], None]     # stage, done, total
_listeners: list[Listener] = []


@contextmanager
def watching(listener: Listener) -> Iterator[None]:
    """Send every progress report made while inside to `listener`."""
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def report(stage: str, done: int, total: int) -> None:
    """`done` of `total` items of `stage` are finished. A listener's own failure never stops a run."""
    for listener in list(_listeners):
        with suppress(Exception):            # a broken progress bar is no reason to lose a night's crawl
            listener(stage, done, total)
