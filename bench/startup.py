"""Start-up, as a user meets it: the command line's own start, one article extracted cold, and Prefect's start
against the whole of `pantau demo` (issue 17). Each is a fresh process, timed from outside, several runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from pantau.paths import ROOT

RUNS = 3
PANTAU = str(Path(sys.executable).parent / "pantau")
ONE = ROOT / "tests" / "corpus" / "articles" / "t001_spm_solok_terbaik_kedua.txt"
# A flow that does nothing: what Prefect costs before any of Pantau's work (imports, the ephemeral API, a run).
EMPTY_FLOW = "from prefect import flow\n@flow\ndef nothing():\n    return 1\nnothing()\n"


# A small process between the benchmark and what it times: on Linux a child's peak memory counts the pages it
# shared with its parent at fork, and the benchmark's own process is large by now. The runner is a fresh
# interpreter of a few MiB that starts the command and reports the command's own wall time and peak.
_RUNNER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one fresh process."""
    out = subprocess.run([sys.executable, "-c", _RUNNER, *args], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    wall, peak_kib, code = float(out[0]), int(out[1]), int(out[2])
    if code:
        raise RuntimeError(f"{' '.join(args)} exited {code}")
    return wall, peak_kib / 1024


def _line(label: str, runs: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in runs]
    return (f"  {label:<44} {statistics.median(walls):6.2f} s ({min(walls):.2f}-{max(walls):.2f}), "
            f"peak {max(m for _, m in runs):.0f} MiB")


def report() -> str:
    lines = [f"start-up (fresh processes, median of {RUNS}):"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PREFECT_HOME": str(Path(tmp) / "prefect")}
        lines.append(_line("pantau --help", [_timed([PANTAU, "--help"], env) for _ in range(RUNS)]))
        lines.append(_line("pantau extract ONE.txt --json",
                           [_timed([PANTAU, "extract", str(ONE), "--json"], env) for _ in range(RUNS)]))
        empty = [_timed([sys.executable, "-c", EMPTY_FLOW], env) for _ in range(RUNS)]
        demo = [_timed([PANTAU, "demo", "--db", str(Path(tmp) / f"demo{i}.duckdb")], env) for i in range(RUNS)]
        lines.append(_line("an empty Prefect flow (Prefect's start-up)", empty))
        lines.append(_line("pantau demo", demo))
        share = statistics.median(e for e, _ in empty) / statistics.median(d for d, _ in demo)
        lines.append(f"  Prefect's start-up is {share:.0%} of the demo's wall time (target at most 25%)")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
