"""Named points where a test kills the pipeline, to prove that a run killed anywhere recovers.

`PANTAU_CRASH_AT=name:n` makes the n-th arrival at the point `name` (n defaults to 1) send SIGKILL to its own
process: what `kill -9`, the OOM killer or a power cut would do there, without the timing races of killing from
outside. Unset (always, outside the crash tests), `reached` only counts.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter

POINTS = ("raw-written", "extracting", "loaded", "publishing")
_arrivals: Counter[str] = Counter()
_lock = threading.Lock()


def reached(name: str) -> None:
    setting = os.environ.get("PANTAU_CRASH_AT")
    if not setting:
        return
    point, _, nth = setting.partition(":")
    if point != name:
        return
    with _lock:
        _arrivals[name] += 1
        if _arrivals[name] >= int(nth or 1):
            os.kill(os.getpid(), signal.SIGKILL)
