"""Reading `data/sources.toml` and `data/profiles.toml` into typed records, with clear errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from models import Channel, Source
from models.profiles import Profile
from pantau.paths import DATA, SOURCES_TOML

PROFILES_TOML = DATA / "profiles.toml"
_CHANNEL_KINDS = ("rss", "sitemap", "listing")


class ConfigError(ValueError):
    """A configuration file says something Pantau cannot use; the message names the file and the entry."""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def load_profiles(path: Path = PROFILES_TOML) -> dict[str, Profile]:
    data = _read_toml(path)
    profiles = {}
    for name, entry in data.items():
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}
        try:
            profiles[name] = Profile(name=name, **fields)
        except TypeError as exc:
            raise ConfigError(f"{path}: profile {name!r}: {exc}") from exc
    profiles.setdefault("generic", Profile(name="generic"))
    return profiles


def load_sources(path: Path = SOURCES_TOML, profiles: dict[str, Profile] | None = None) -> list[Source]:
    data = _read_toml(path)
    defaults = data.get("defaults", {})
    known_profiles = profiles if profiles is not None else load_profiles()
    sources: list[Source] = []
    seen: set[str] = set()
    for index, entry in enumerate(data.get("source", []), 1):
        where = f"{path}: source #{index} ({entry.get('id', 'no id')})"
        for key in ("id", "name", "hosts", "profile", "channels"):
            if key not in entry:
                raise ConfigError(f"{where}: missing {key!r}")
        if entry["id"] in seen:
            raise ConfigError(f"{where}: duplicate id")
        seen.add(entry["id"])
        if entry["profile"] not in known_profiles:
            raise ConfigError(f"{where}: unknown profile {entry['profile']!r} "
                              f"(known: {', '.join(sorted(known_profiles))})")
        channels = []
        for ch in entry["channels"]:
            if ch.get("kind") not in _CHANNEL_KINDS or not str(ch.get("url", "")).startswith(("http://", "https://")):
                raise ConfigError(f"{where}: a channel needs kind in {_CHANNEL_KINDS} and an http(s) url: {ch}")
            channels.append(Channel(ch["kind"], ch["url"]))
        for pattern in entry.get("article_url_patterns", []):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"{where}: bad article_url_pattern {pattern!r}: {exc}") from exc
        sources.append(Source(
            id=entry["id"],
            name=entry["name"],
            publisher=entry.get("publisher", entry["hosts"][0]),
            hosts=tuple(h.lower() for h in entry["hosts"]),
            profile=entry["profile"],
            channels=tuple(channels),
            article_url_patterns=tuple(entry.get("article_url_patterns", [])),
            brand_aliases=tuple(entry.get("brand_aliases", [])),
            keywords=tuple(entry.get("keywords", defaults.get("keywords", []))),
            user_agent=entry.get("user_agent", defaults.get("user_agent")),
            delay_seconds=float(entry.get("delay_seconds", defaults.get("delay_seconds", 2.0))),
            max_articles_per_run=int(entry.get("max_articles_per_run", defaults.get("max_articles_per_run", 50))),
        ))
    if not sources:
        raise ConfigError(f"{path}: no [[source]] entries")
    return sources


def source_for_url(url: str, sources: list[Source]) -> Source | None:
    host = (urlsplit(url).hostname or "").lower()
    for source in sources:
        if host in source.hosts:
            return source
    return None


def source_for_text(text: str, sources: list[Source]) -> Source | None:
    """The outlet a saved text names in its dateline (`KORANRB.ID –`, `LEBONG, BE –`)."""
    head = "\n".join(text.splitlines()[:12])
    for source in sources:
        for alias in (*source.brand_aliases, *source.hosts):
            if re.search(rf"(?<![\w.]){re.escape(alias)}(?![\w.])\s*[,–—-]", head, re.I if len(alias) > 3 else 0):
                return source
    return None
