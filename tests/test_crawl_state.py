"""What the crawler remembers between nights, in a real DuckDB file: the frontier, validators, robots.txt age."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from extractors.crawl.politeness import GateClosed, HostGate, HostLedger, NeverConnected, RobotsCache
from models import FetchedPage, Link
from pantau.store.database import Store

URL = "https://langgam.id/dharmasraya-spm"


def _page(at: datetime, **kw: object) -> FetchedPage:
    return FetchedPage(url=URL, source_id="langgam", fetched_at=at, status_code=200, content_hash="h1",
                       raw_path="h1.gz", etag='"v1"', last_modified="Mon, 02 Nov 2026 01:00:00 GMT", **kw)


def test_a_link_beyond_tonights_cap_waits_in_the_frontier_and_a_newer_lastmod_brings_a_page_back(
        tmp_db: Path) -> None:
    now = datetime.now(UTC)
    with Store.open(tmp_db) as store:
        crawl = store.crawl
        links = [Link(f"{URL}-{i}", "langgam", "feed", published=now - timedelta(hours=i)) for i in range(3)]
        links.append(Link(URL + "/?utm_source=feed", "langgam", "feed", published=now - timedelta(days=2)))
        assert crawl.add_links("r1", links) == 4
        due, _ = crawl.due("langgam", limit=2)
        assert [link.url for link in due] == [f"{URL}-0", f"{URL}-1"]           # newest first, capped
        crawl.record_pages([_page(now)], "r1")
        crawl.mark_fetched([_page(now)])
        assert crawl.pending_count("langgam") == 3                                # nothing is lost to the cap
        # The same article announced again, unchanged: not due. With a newer lastmod: due, with validators.
        assert crawl.add_links("r2", [Link(URL, "langgam", "sitemap", updated=now - timedelta(hours=1))]) == 0
        assert URL not in {link.url for link in crawl.due("langgam", limit=10)[0]}
        crawl.add_links("r3", [Link(URL, "langgam", "sitemap", updated=now + timedelta(hours=1))])
        due, validators = crawl.due("langgam", limit=10)
        assert URL + "/?utm_source=feed" in {link.url for link in due}
        assert validators[URL] == ('"v1"', "Mon, 02 Nov 2026 01:00:00 GMT")
        # A 304 keeps the stored copy; a failed refetch never erases it either.
        crawl.record_pages([FetchedPage(URL, "langgam", now, 304)], "r3")
        crawl.record_pages([FetchedPage(URL, "langgam", now, 503, error="http_503: busy")], "r4")
        row = store.con.execute("SELECT content_hash, etag, error FROM pages WHERE url = ?", [URL]).fetchone()
        assert row == ("h1", '"v1"', "http_503: busy")


def test_a_link_that_keeps_failing_is_given_up_after_three_nights(tmp_db: Path) -> None:
    with Store.open(tmp_db) as store:
        store.crawl.add_links("r1", [Link(URL, "langgam", "feed")])
        for night in range(3):
            assert store.crawl.due("langgam", 10)[0], night
            store.crawl.mark_fetched([FetchedPage(URL, "langgam", datetime.now(UTC), None, error="timeout: slow")])
        assert not store.crawl.due("langgam", 10)[0]
        assert store.con.execute("SELECT state, attempts FROM frontier").fetchall() == [("gave_up", 3)]


def test_robots_rules_are_kept_at_most_a_day() -> None:
    clock = [0.0]
    cache = RobotsCache(clock=lambda: clock[0])
    cache.put("https://koranrb.id", None)
    assert cache.get("https://koranrb.id") == (True, None)
    clock[0] = 24 * 3600 + 1
    assert cache.get("https://koranrb.id") == (False, None)                   # stale: fetched again


def test_the_host_gate_spaces_starts_and_honours_a_deferral() -> None:
    clock, slept = [0.0], []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        clock[0] += seconds

    gate = HostGate(clock=lambda: clock[0], sleep=sleep)
    for _ in range(3):
        with gate.slot("koranrb.id", delay=2.0):
            pass
    gate.defer("koranrb.id", 30.0)                                              # a 429 with Retry-After: 30
    with gate.slot("koranrb.id", delay=2.0):
        pass
    with gate.slot("langgam.id", delay=2.0):                                    # another host is not held back
        pass
    assert slept == [2.0, 2.0, 30.0]


def test_a_request_that_never_reached_the_server_does_not_use_up_the_hosts_turn() -> None:
    clock, slept = [0.0], []
    gate = HostGate(clock=lambda: clock[0], sleep=slept.append)
    with pytest.raises(NeverConnected), gate.slot("news.google.com", delay=60.0):
        raise NeverConnected                    # no DNS: Google never saw it
    with gate.slot("news.google.com", delay=60.0):
        pass
    with gate.slot("news.google.com", delay=60.0):
        pass
    assert slept == [60.0]                      # only the request that reached it counts


def test_a_claim_never_released_frees_its_host_when_its_lease_runs_out() -> None:
    clock = [0.0]
    ledger = HostLedger(clock=lambda: clock[0], lease=600.0)
    lost = ledger.claim("koranrb.id", 2.0)                  # its worker dies mid-request: never released
    assert lost is not None
    assert ledger.claim("koranrb.id", 2.0) is None          # the host's one slot is taken
    clock[0] = 601.0
    taken = ledger.claim("koranrb.id", 2.0)
    assert taken is not None and taken[1] == 0.0
    ledger.release(lost[0])                                 # the lost claim reports after all: nothing changes
    assert ledger.claim("koranrb.id", 2.0) is None          # the new claim still holds the slot
    ledger.release(taken[0])
    assert ledger.claim("koranrb.id", 2.0) is not None


def _wait_for_slot(gate: HostGate, outcome: list[str]) -> None:
    try:
        with gate.slot("langgam.id", delay=0.0):
            outcome.append("got the slot")
    except GateClosed:
        outcome.append("closed")


def test_a_freed_slot_wakes_its_waiter_and_a_closed_gate_starts_nothing_more() -> None:
    gate = HostGate(poll_seconds=60.0)              # only being woken can get a waiter through within the test
    outcome: list[str] = []
    with gate.slot("langgam.id", delay=0.0):
        waiter = threading.Thread(target=_wait_for_slot, args=(gate, outcome))
        waiter.start()
        waiter.join(0.2)
        assert outcome == []                        # the host's one slot is held
    waiter.join(10)
    assert outcome == ["got the slot"]
    with gate.slot("langgam.id", delay=0.0):        # a run that fails while a request waits for its host
        waiter = threading.Thread(target=_wait_for_slot, args=(gate, outcome))
        waiter.start()
        waiter.join(0.2)
        gate.close()
        waiter.join(10)
    assert outcome == ["got the slot", "closed"]
    with pytest.raises(GateClosed), gate.slot("koranrb.id", delay=0.0):
        pass
