"""Reading `data/sources.toml` and `data/profiles.toml` into typed records, with clear errors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from extractors.common.dates import ZONES
from models import Channel, HostRule, Source
from models.profiles import Profile
from models.sources import GOOGLE_NEWS_SEARCH
from pantau.paths import DATA, SOURCES_TOML

PROFILES_TOML = DATA / "profiles.toml"
_CHANNEL_KINDS = ("rss", "sitemap", "listing", "search", "google_news")
_CHANNEL_KEYS = {"kind", "url", "queries", "query", "max_pages", "page_size", "next_page", "links"}
_POLITENESS = {"user_agent": str, "delay_seconds": float, "max_per_host": int, "timeout_seconds": float,
               "retries": int, "max_bytes": int, "max_redirects": int, "max_articles_per_run": int}


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
        hosts = entry["hosts"]
        if not isinstance(hosts, list) or not hosts or not all(isinstance(h, str) and h.strip() for h in hosts):
            raise ConfigError(f"{where}: 'hosts' must list at least one host name, e.g. hosts = [\"example.id\"]")
        seen.add(entry["id"])
        if entry["profile"] not in known_profiles:
            raise ConfigError(f"{where}: unknown profile {entry['profile']!r} "
                              f"(known: {', '.join(sorted(known_profiles))})")
        channels = [_channel(ch, where) for ch in entry["channels"]]
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
            time_zone=_time_zone(entry.get("time_zone", defaults.get("time_zone", "WIB")), where),
            **_politeness(entry, defaults, where),
        ))
    if not sources:
        raise ConfigError(f"{path}: no [[source]] entries")
    return sources


def _time_zone(value: Any, where: str) -> str:
    zone = str(value).upper()
    if zone not in ZONES:
        raise ConfigError(f"{where}: time_zone {value!r} is not one of {', '.join(ZONES)}")
    return zone


def _channel(ch: dict[str, Any], where: str) -> Channel:
    kind = ch.get("kind")
    if kind not in _CHANNEL_KINDS:
        raise ConfigError(f"{where}: channel kind must be one of {_CHANNEL_KINDS}: {ch}")
    unknown = set(ch) - _CHANNEL_KEYS
    if unknown:
        raise ConfigError(f"{where}: channel {ch}: unknown keys {sorted(unknown)}")
    queries = ch.get("queries") or ([ch["query"]] if "query" in ch else [])
    url = ch.get("url") or (GOOGLE_NEWS_SEARCH if kind == "google_news" else "")
    if not str(url).startswith(("http://", "https://")):
        raise ConfigError(f"{where}: a channel needs an http(s) url: {ch}")
    if "{query}" in url and not queries:
        raise ConfigError(f"{where}: channel {url} has a {{query}} and no queries")
    try:
        return Channel(kind, url, queries=tuple(queries), max_pages=int(ch.get("max_pages", 1)),
                       page_size=int(ch.get("page_size", 20)), next_page=ch.get("next_page"), links=ch.get("links"))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: channel {ch}: {exc}") from exc


def _politeness(entry: dict[str, Any], defaults: dict[str, Any], where: str) -> dict[str, Any]:
    """The source's own politeness settings, falling back to `[defaults]` and then to the built-in ones."""
    out: dict[str, Any] = {}
    for key, kind in _POLITENESS.items():
        value = entry.get(key, defaults.get(key))
        if value is None:
            continue
        try:
            out[key] = kind(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: {key} = {value!r} is not a {kind.__name__}") from exc
    if out.get("delay_seconds", 1.0) < 0 or out.get("max_per_host", 1) < 1:
        raise ConfigError(f"{where}: delay_seconds must be >= 0 and max_per_host >= 1")
    return out


def load_host_rules(path: Path = SOURCES_TOML) -> dict[str, HostRule]:
    """`[hosts."news.google.com"]` blocks: politeness floors for hosts several sources share."""
    data = _read_toml(path)
    rules = {}
    for host, entry in data.get("hosts", {}).items():
        try:
            rules[host.lower()] = HostRule(host.lower(), float(entry.get("delay_seconds", 0)),
                                           int(entry.get("max_per_host", 1)))
        except (TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"{path}: [hosts.{host!r}]: {exc}") from exc
    return rules


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
