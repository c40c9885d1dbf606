"""Failures are records, not exceptions: one bad item never stops a run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# "skip" is no failure: an item left out on purpose (a page that is no news story), kept with its reason.
Stage = Literal["config", "discover", "fetch", "parse", "extract", "load", "skip"]


@dataclass(frozen=True, slots=True)
class Failure:
    stage: Stage
    source_id: str | None
    item: str
    reason: str
    message: str
