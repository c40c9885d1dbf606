"""Typed records that pass between Pantau's stages.

Data flows one way: Source -> Link -> FetchedPage -> Article -> Extraction (Fact, Official) -> DuckDB.
Each stage accepts the record of the stage before it and nothing more.
"""

from models.articles import Article
from models.facts import Extraction, Fact, Official
from models.pages import ChannelState, FetchedPage, FetchRecord, Hint, Link, Skipped
from models.runs import Failure
from models.sources import Channel, HostRule, Source

__all__ = [
    "Article",
    "Channel",
    "ChannelState",
    "Extraction",
    "Fact",
    "Failure",
    "FetchRecord",
    "FetchedPage",
    "Hint",
    "HostRule",
    "Link",
    "Official",
    "Skipped",
    "Source",
]
