"""A source's health: single links failing leave it `ok` (noted), failed channels or many failed links make it
`degraded`, and `pantau status` says which and why, from a real database a real night wrote."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from flows.nightly import nightly
from pantau.demo.sample_site import Fault, SampleSite
from pantau.ops.status import Night, judge
from tests.conftest import run_pantau
from tests.crawl_site import build, sources_file

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _night(channels_ok: int = 2, channels_failed: int = 0, pages: int = 8, pages_failed: int = 0,
           due: int | None = None, **failed: Counter[str]) -> Night:
    return Night(channels_ok, channels_failed, pages if due is None else due, pages, pages - pages_failed,
                 {k: v for k, v in failed.items()})


@pytest.mark.parametrize(("night", "verdict"), [
    (_night(), ("ok", "ok")),
    (_night(pages_failed=1, link=Counter(http_404=1)), ("ok", "ok (1 link failed: http_404)")),
    # The same dead link, alone on a night with nothing new: that link's failure, not the source's.
    (_night(pages=1, pages_failed=1, link=Counter(http_404=1)), ("ok", "ok (1 link failed: http_404)")),
    (_night(pages_failed=2, link=Counter(http_404=1, timeout=1)), ("ok", "ok (2 links failed: http_404 1, timeout 1)")),
    (_night(pages_failed=3, link=Counter(http_500=3)), ("degraded", "degraded: 3 of 8 links failed (http_500)")),
    (_night(pages=2, pages_failed=2, link=Counter(http_404=2)),
     ("degraded", "degraded: 2 of 2 links failed (http_404)")),
    (_night(page=Counter(ValueError=1)), ("ok", "ok (1 page not parsed: ValueError)")),
    (_night(channels_ok=1, channels_failed=2, channel=Counter(http_503=2)),
     ("degraded", "degraded: 2 of 3 channel pages failed (http_503)")),
    (_night(channels_ok=1, channels_failed=1, pages_failed=1, channel=Counter(http_503=1), link=Counter(http_404=1)),
     ("degraded", "degraded: 1 of 2 channel pages failed (http_503); 1 link failed: http_404")),
    (_night(pages=0, due=5, link=Counter(RuntimeError=1)),
     ("degraded", "degraded: fetching stopped after 0 of 5 due links; 1 link failed: RuntimeError")),
    (_night(channels_ok=0, channels_failed=2, pages=0, channel=Counter(timeout=2)),
     ("unreachable", "unreachable: 2 of 2 channel pages failed (timeout)")),
])
def test_the_health_rule(night: Night, verdict: tuple[str, str]) -> None:
    assert judge(night) == verdict


def _sources(status: str) -> dict[str, list[str]]:
    """`pantau status`'s source rows: source -> [health and reason, history, last ok]."""
    table = status.split("sources (", 1)[1].splitlines()[3:]
    return {line.split()[0]: re.split(r"\s{2,}", line.strip())[1:] for line in table if line.strip()}


def test_status_tells_ok_degraded_and_unreachable_apart_with_the_reason(tmp_path: Path) -> None:
    root = tmp_path / "site"
    articles = build(root)
    dead = articles[3]                                     # a Disway story that is gone
    faults = {f"/koranrb.id{dead['path']}": Fault(status=404),
              "/belitung.tribunnews.com/lokal/sitemap_news.xml": Fault(status=404),     # one of its channels
              "/langgam.id/feed": Fault(status=404), "/langgam.id/wp-sitemap.xml": Fault(status=404)}
    db = tmp_path / "pantau.duckdb"
    with SampleSite(root, faults=faults) as server:
        for _ in range(2):                                 # the second night only retries the dead link
            night = nightly(sources_file=str(sources_file(tmp_path)), db_path=str(db), mirror=server.base_url,
                            delay_seconds=0)
    assert {s: v["health"] for s, v in night["sources"].items()} == {
        "koranrb": "ok", "posbelitung": "degraded", "langgam": "unreachable"}
    result = run_pantau("status", "--db", str(db))
    assert result.returncode == 0, result.stderr
    rows = _sources(result.stdout)
    # Every reachable article loaded; the dead link and the one robots.txt forbids are noted, not held against it.
    assert rows["koranrb"][:2] == ["ok (1 link failed: http_404)", "ok ok"] and DATE.fullmatch(rows["koranrb"][2])
    health, history, last_ok = rows["posbelitung"]
    assert re.fullmatch(r"degraded: 1 of \d+ channel pages failed \(http_404\)", health), health
    assert history == "degraded degraded" and DATE.fullmatch(last_ok)               # it still loaded its stories
    assert rows["langgam"] == ["unreachable: 2 of 2 channel pages failed (http_404)", "unreachable unreachable",
                               "never"]
    data = {s["source"]: s for s in json.loads(run_pantau("status", "--json", "--db", str(db)).stdout)["sources"]}
    assert (data["koranrb"]["health"], data["koranrb"]["reason"]) == ("ok", "ok (1 link failed: http_404)")
    assert not any(s["failing"] for s in data.values())
