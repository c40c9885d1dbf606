"""`pantau demo`, as a newcomer runs it: twice, with the same rows after the second run."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_pantau


def _rows(output: str) -> dict[str, int]:
    line = next(line for line in output.splitlines() if line.startswith("rows: "))
    return {name: int(n) for name, n in re.findall(r"(\w+) (\d+)", line[len("rows: "):])}


def test_demo_loads_the_sample_and_a_second_run_changes_no_row(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    first = run_pantau("demo", "--db", str(db))
    assert first.returncode == 0, first.stderr + first.stdout
    assert "sample site on http://127.0.0.1:" in first.stdout
    assert "articles 5 new, 0 changed; facts +18 ~0 -0; 0 failure(s)" in first.stdout
    rows = _rows(first.stdout)
    assert rows["articles"] == 5 and rows["facts"] >= 18 and rows["officials"] >= 5 and rows["failures"] == 0
    assert "Kabupaten Rejang Lebong" in first.stdout and "province_mismatch" in first.stdout

    second = run_pantau("demo", "--db", str(db))
    assert second.returncode == 0, second.stderr
    assert "articles 0 new, 0 changed; facts +0 ~0 -0; 0 failure(s)" in second.stdout
    again = _rows(second.stdout)
    logs = ("runs", "run_sources", "fetch_log")              # the run's own records are the only ones that grow
    assert {k: v for k, v in again.items() if k not in logs} == {k: v for k, v in rows.items() if k not in logs}
    assert again["runs"] == rows["runs"] + 1 and again["run_sources"] == 2 * rows["run_sources"]
    # The second night asks conditionally: every channel answers 304 and no article page is fetched again.
    # (source, health, found, new, fetched, 304s, failed)
    assert re.search(r"koranrb\s+ok\s+0\s+0\s+0\s+[1-9]\d*\s+0\s", second.stdout)
