"""Failures are records, not exceptions: one bad item never stops a run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Stage = Literal["config", "discover", "fetch", "parse", "extract", "load"]


@dataclass(frozen=True, slots=True)
class Failure:
    stage: Stage
    source_id: str | None
    item: str
    reason: str
    message: str
