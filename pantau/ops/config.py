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


_TOP_KEYS = {"defaults", "source", "hosts"}
_SOURCE_KEYS = {"id", "name", "publisher", "hosts", "profile", "channels", "article_url_patterns", "brand_aliases",
                "keywords", "time_zone", *_POLITENESS}
_DEFAULT_KEYS = {"keywords", "time_zone", *_POLITENESS}
PLACEHOLDER_CONTACT = "example.org"


class ConfigError(ValueError):
    """A configuration file says something Pantau cannot use; the message names the file and the entry.

    `problems` holds every mistake found, so `pantau sources check` can list them all while a run names the
    first in one line."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


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
    """Every source of the file, or a ConfigError listing every mistake in it (not only the first): an operator
    fixing a file by hand should see the whole list at once."""
    data = _read_toml(path)
    problems = _unknown_keys(data, path)
    defaults = data.get("defaults", {}) if isinstance(data.get("defaults", {}), dict) else {}
    known_profiles = profiles if profiles is not None else load_profiles()
    sources: list[Source] = []
    seen: set[str] = set()
    entries = data.get("source", [])
    if not isinstance(entries, list):
        problems.append(f"{path}: 'source' must be [[source]] blocks")
        entries = []
    for index, entry in enumerate(entries, 1):
        try:
            source = _source(entry, index, path, defaults, known_profiles)
        except ConfigError as exc:
            problems += exc.problems
            continue
        if source.id in seen:
            problems.append(f"{path}: source #{index} ({source.id}): duplicate id")
        seen.add(source.id)
        sources.append(source)
    if not entries and not problems:
        problems.append(f"{path}: no [[source]] entries")
    if problems:
        more = f" (and {len(problems) - 1} more: `pantau sources check {path}` lists them)" if len(problems) > 1 else ""
        raise ConfigError(problems[0] + more, problems)
    return sources


def _unknown_keys(data: dict[str, Any], path: Path) -> list[str]:
    """Keys Pantau does not read: almost always a typo (`delay_second`), which would otherwise be ignored."""
    problems = [f"{path}: unknown top-level key {key!r} (known: defaults, source, hosts)"
                for key in sorted(set(data) - _TOP_KEYS)]
    defaults = data.get("defaults", {})
    if isinstance(defaults, dict):
        problems += [f"{path}: [defaults]: unknown key {key!r}{_did_you_mean(key, _DEFAULT_KEYS)}"
                     for key in sorted(set(defaults) - _DEFAULT_KEYS)]
    else:
        problems.append(f"{path}: [defaults] must be a table")
    return problems


def _did_you_mean(key: str, known: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _source(entry: Any, index: int, path: Path, defaults: dict[str, Any],
            known_profiles: dict[str, Profile]) -> Source:
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: source #{index}: not a table")
    where = f"{path}: source #{index} ({entry.get('id', 'no id')})"
    problems = [f"{where}: missing {key!r}" for key in ("id", "name", "hosts", "profile", "channels")
                if key not in entry]
    problems += [f"{where}: unknown key {key!r}{_did_you_mean(key, _SOURCE_KEYS)}"
                 for key in sorted(set(entry) - _SOURCE_KEYS)]
    hosts = entry.get("hosts", [])
    if "hosts" in entry and (not isinstance(hosts, list) or not hosts
                             or not all(isinstance(h, str) and _is_host(h) for h in hosts)):
        problems.append(f"{where}: 'hosts' must list host names, e.g. hosts = [\"example.id\"]")
    if "profile" in entry and entry["profile"] not in known_profiles:
        problems.append(f"{where}: unknown profile {entry['profile']!r} (known: {', '.join(sorted(known_profiles))})")
    channels = []
    for ch in entry.get("channels", []) if isinstance(entry.get("channels", []), list) else []:
        try:
            channels.append(_channel(ch, where))
        except ConfigError as exc:
            problems.append(str(exc))
    if "channels" in entry and not entry["channels"]:
        problems.append(f"{where}: 'channels' is empty: a source needs at least one place to find articles")
    for pattern in entry.get("article_url_patterns", []):
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            problems.append(f"{where}: bad article_url_pattern {pattern!r}: {exc}")
    time_zone = politeness = None
    try:
        time_zone = _time_zone(entry.get("time_zone", defaults.get("time_zone", "WIB")), where)
        politeness = _politeness(entry, defaults, where)
    except ConfigError as exc:
        problems.append(str(exc))
    if problems:
        raise ConfigError(problems[0], problems)
    return Source(
        id=entry["id"],
        name=entry["name"],
        publisher=entry.get("publisher", hosts[0]),
        hosts=tuple(h.lower() for h in hosts),
        profile=entry["profile"],
        channels=tuple(channels),
        article_url_patterns=tuple(entry.get("article_url_patterns", [])),
        brand_aliases=tuple(entry.get("brand_aliases", [])),
        keywords=tuple(entry.get("keywords", defaults.get("keywords", []))),
        time_zone=time_zone or "WIB",
        **(politeness or {}),
    )


def _is_host(name: str) -> bool:
    """A bare host name: `koranrb.id`, not `https://koranrb.id/` (a common slip when copying from a browser)."""
    return bool(re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
                             r"(:\d+)?", name.strip()))


def source_warnings(sources: list[Source]) -> list[str]:
    """What is usable but should be fixed before a site is crawled: the shipped placeholder contact tells site
    owners nobody to write to, and no delay at all is only polite to one's own machine."""
    placeholder = [s.id for s in sources if PLACEHOLDER_CONTACT in (s.user_agent or "")]
    hasty = [s.id for s in sources if s.delay_seconds < 1.0
             and any(h.split(":")[0] not in ("127.0.0.1", "localhost") for h in s.hosts)]
    warnings = []
    if placeholder:
        warnings.append(f"the User-Agent of {_names(placeholder)} still gives the placeholder contact "
                        f"{PLACEHOLDER_CONTACT!r}: put your own address in user_agent, so site owners can reach you")
    if hasty:
        warnings.append(f"delay_seconds under 1 s on a public site: {_names(hasty)}")
    return warnings


def _names(ids: list[str]) -> str:
    return f"{len(ids)} source(s) ({', '.join(ids[:5])}{', ...' if len(ids) > 5 else ''})"


def _time_zone(value: Any, where: str) -> str:
    zone = str(value).upper()
    if zone not in ZONES:
        raise ConfigError(f"{where}: time_zone {value!r} is not one of {', '.join(ZONES)}")
    return zone


def _channel(ch: Any, where: str) -> Channel:
    if not isinstance(ch, dict):
        raise ConfigError(f"{where}: a channel must be a table {{ kind = ..., url = ... }}: {ch!r}")
    kind = ch.get("kind")
    if kind not in _CHANNEL_KINDS:
        raise ConfigError(f"{where}: channel kind must be one of {_CHANNEL_KINDS}: {ch}")
    unknown = set(ch) - _CHANNEL_KEYS
    if unknown:
        raise ConfigError(f"{where}: channel {ch}: unknown keys {sorted(unknown)}")
    queries = ch.get("queries") or ([ch["query"]] if "query" in ch else [])
    url = ch.get("url") or (GOOGLE_NEWS_SEARCH if kind == "google_news" else "")
    parts = urlsplit(str(url)) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or " " in str(url):
        raise ConfigError(f"{where}: a channel needs an http(s) url with a host: {ch}")
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
