"""Facts and officials, in the shape of the gold files (`tests/corpus/README.md`)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Literal

from models.articles import Article

Metric = Literal["score", "rank", "grade"]
Scope = Literal["national", "province"]
Unit = Literal["points", "percent"]
QuoteField = Literal["title", "body"]


@dataclass(frozen=True, slots=True)
class Fact:
    """One number, rank or grade stated for one region in one assessment for one year.

    `quote` is an exact substring of the article's `quote_field` (its title or body) at
    `[quote_start, quote_end)`; `sentence_start`/`sentence_end` bound the sentence around it, so a
    fact-checker can read the claim in context. `confidence` is below 1 where a rule had to guess
    (an implied assessor, a year taken from context); `flags` name what a fact-checker should see.
    """

    region: str
    region_code: str
    assessor: str
    program: str
    year: int | None
    period: str | None
    metric: Metric
    scope: Scope | None
    value: float | str
    unit: Unit | None
    out_of: int | None
    quote: str
    quote_field: QuoteField = "body"
    quote_start: int = 0
    quote_end: int = 0
    sentence_start: int = 0
    sentence_end: int = 0
    stated_province_code: str | None = None
    confidence: float = 1.0
    flags: tuple[str, ...] = ()
    extractor_version: str = ""

    @property
    def key(self) -> tuple[object, ...]:
        """What makes two facts the same claim (quote and offsets aside)."""
        value = round(self.value, 4) if isinstance(self.value, float) else self.value
        return (self.region_code, self.assessor, self.program, self.year, self.period, self.metric,
                self.scope, value)

    def fact_id(self, article_id: str) -> str:
        raw = f"{article_id}|{self.key}|{self.quote_field}|{self.quote_start}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["flags"] = list(self.flags)
        return data


@dataclass(frozen=True, slots=True)
class Official:
    """A regional-government person named in their office, without honorifics or degrees."""

    name: str
    role: str
    region_code: str | None
    quote: str
    quote_field: QuoteField = "body"
    quote_start: int = 0
    quote_end: int = 0

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.name, self.role, self.region_code)

    def official_id(self, article_id: str) -> str:
        return hashlib.sha1(f"{article_id}|{self.key}".encode()).hexdigest()[:20]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the extractor found in one article, and which version of it looked."""

    article: Article
    facts: tuple[Fact, ...] = ()
    officials: tuple[Official, ...] = ()
    extractor_version: str = ""
