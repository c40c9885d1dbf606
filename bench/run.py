"""A whole `pantau run`, as a night runs it, over a thousand or more local articles (issue 17).

The real command line in a fresh process, with Prefect in its ephemeral mode (its own `PREFECT_HOME` in a
temporary folder, so the temporary API server starts as on a machine with no Prefect server). The sites are
five, in the three CMS shapes of `pantau.demo.sample_pages`, each on its own `SampleSite` on 127.0.0.1 (its own
port, so its own host to the politeness gate, as five publishers are); every page carries generated chrome
(`bench.ratios.with_chrome`), 100-120 KB a page. A site is discovered the way a real one is: robots.txt, then a
sitemap index and its child sitemaps of up to 1,000 URLs. The sources file sets `delay_seconds = 0`: the
configuration enforces no minimum (only `>= 0`), robots.txt here has no Crawl-delay, and the `[hosts]` floors
are only for the hosts named there, so nothing slows the crawl of our own server.

Measured: wall time and articles per second from outside, peak memory (the largest single process of the
tree, `RUSAGE_CHILDREN`'s max RSS seen by a small runner process, so that none of the benchmark's own pages are
counted), and per phase the sampled RSS of the run's process and of Prefect's server process. Phases are told
by Prefect's own log lines (`PREFECT_LOGGING_LEVEL=INFO`: each task's "Finished" line). Checked: every
article served is fetched once and is one row of `articles`, and a second run over the same site (nothing
changed) adds no rows and fetches no article again.

    python -m bench.run               # 1,000 and 5,000 articles (about 8 minutes on 2 cores)
    python -m bench.run 1000          # one size; `make bench` runs this one
    python -m bench run 5000          # the same, through `python -m bench`
    python -m bench.run --profile [--trace] 5000    # where the memory goes, phase by phase
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import psutil

from bench.crawl import CORPUS, SITES
from bench.ratios import with_chrome
from extractors.crawl.urls import canonical
from pantau.demo.sample_pages import PAGE_RENDERERS, articles_from_texts, sitemap_index, urlset
from pantau.demo.sample_site import SampleSite

PANTAU = str(Path(sys.executable).parent / "pantau")
SIZES = (1000, 5000)
TARGET_MIB = 500              # issue 17: a 5,000-article run under 500 MB
PER_SITEMAP = 1000            # URLs per child sitemap (WordPress core makes pages of 2,000; news sites fewer)
NEWEST = datetime.fromisoformat("2026-11-02T08:00:00+07:00")
SAMPLE_SECONDS = 0.2
PATTERNS = {"disway": r"/read/\d+/", "tribun": r"/\d{4}/\d{2}/\d{2}/[\w-]+", "wordpress": r"/[a-z0-9-]+/$"}
ROBOTS = "User-agent: *\nDisallow: /wp-admin/\nDisallow: /search\n"
# Prefect's task runs, in the order the flow runs them; each phase ends at the last "Finished" of its task.
PHASES = (("crawl (discover, fetch)", "fetch"), ("parse", "parse"), ("extract", "extract"), ("load", "load"),
          ("search index", "search-index"))
_FINISHED = re.compile(r"Task run '(?P<task>.+)-\w+' - Finished in state (?P<state>\w+)")
_BEGUN = re.compile(r"Flow run '.+' - Beginning flow run")
_FLOW_DONE = re.compile(r"Flow run '.+' - Finished in state")

# Between the benchmark and the run: a fresh interpreter of a few MiB, so the run's peak memory is its own (on
# Linux a child forked from the benchmark's large process would count the pages it shared at fork). It starts
# the command, waits, and writes the wall time and the largest max RSS of any process of the tree it reaped.
_RUNNER = """
import json, os, resource, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump({"wall": wall, "own_kib": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status),
               "tree_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, out)
"""

# `--profile`: the same command line, in process, with a thread that writes, every half second, the process's
# RSS, DuckDB's own memory (`duckdb_memory()`, through a cursor of the store's connection) and, with `--trace`,
# the Python heap tracemalloc sees (one frame). Then the largest Python heap seen is kept as a snapshot and its
# biggest files are written at the end. Tracemalloc's own tables double the RSS and slow the run: its RSS is
# not the run's, which is why tracing is a second run of its own.
_PROBE = """
import json, sys, threading, time, tracemalloc
import psutil
if sys.argv[2] != "-":
    tracemalloc.start(1)
from pantau.cli.main import main
from pantau.store.database import Store
cursors = []
opened = Store.open.__func__
def open_and_watch(cls, *args, **kwargs):
    store = opened(cls, *args, **kwargs)
    cursors.append(store.con.cursor())
    return store
Store.open = classmethod(open_and_watch)
out = open(sys.argv[1], "w")
best = [0, None]
def sample():
    me = psutil.Process()
    while True:
        duck = 0
        try:
            if cursors:
                duck = cursors[-1].execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] or 0
        except Exception:
            pass
        traced = tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0
        out.write(json.dumps([time.monotonic(), me.memory_info().rss, traced, int(duck)]) + "\\n")
        out.flush()
        if traced and traced > best[0] + 20 * 2**20:
            best[:] = [traced, tracemalloc.take_snapshot()]
        time.sleep(0.5)
threading.Thread(target=sample, daemon=True).start()
code = main(sys.argv[3:])
if best[1] is not None:
    top = best[1].statistics("filename")[:15]
    with open(sys.argv[2], "w") as fh:
        json.dump([best[0], [[str(s.traceback[0].filename), s.size] for s in top]], fh)
sys.exit(code)
"""


@dataclass
class Site:
    """One publisher: its pages under `root`, served by its own server (so its own host and port)."""

    host: str
    family: str
    root: Path
    server: SampleSite
    articles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.server.base_url


@dataclass
class Outcome:
    """One `pantau run`, as seen from outside."""

    wall: float
    peak_mib: float                       # the largest single process of the tree (RUSAGE_CHILDREN)
    tree_mib: float                       # the largest sum of the tree's processes sampled (the run + Prefect's server)
    phases: list[tuple[str, float, list[float]]]     # (phase, seconds, [run's RSS, Prefect server's RSS] MiB)
    rows: dict[str, int]
    article_hits: int                     # article pages the servers answered (200 or 304)
    missing: int                          # articles served that have no row in `articles`
    unexpected: int                       # rows of `articles` that are no article served
    hits: int                             # every request the servers saw
    output: str


def build_sites(folder: Path, total: int) -> list[Site]:
    """`total` articles over the five sites of `bench.crawl.SITES`, written as pages with chrome, a sitemap index
    and its children, and robots.txt. Each site's server is bound first, since its pages name its address.
    The corpus's 125 stories repeat under new URLs (every page's chrome is its own); one story an hour, back
    from `NEWEST`, so every link is older than the run and none is in the future."""
    files = sorted(CORPUS.glob("*.txt"))
    counts = [total // len(SITES) + (i < total % len(SITES)) for i in range(len(SITES))]
    laid = articles_from_texts(files, [(h, f, n) for (h, f, _), n in zip(SITES, counts, strict=True)], NEWEST)
    rng = random.Random(17)
    sites = []
    for host, family, _ in SITES:
        root = folder / host
        site = Site(host, family, root, SampleSite(root))
        site.articles = [a for a in laid if a["host"] == host]
        sites.append(site)
    taken: set[str] = set()
    for n, a in enumerate(laid):
        a["published"] = (NEWEST - timedelta(hours=n)).isoformat()
        if a["path"] in taken:        # two corpus files with one slug (t011, t090): a WordPress URL is the slug
            a["path"] = a["path"].rstrip("/") + f"-{n}" + ("/" if a["path"].endswith("/") else "")
        taken.add(a["path"])
    for site in sites:
        local = f"https://{site.host}"
        for a in site.articles:
            html = with_chrome(PAGE_RENDERERS[site.family]({**a, "page": 1, "total": 1}), rng)
            _write(site.root / (a["path"].strip("/") + ".html"), html.replace(local, site.base))
        items = sorted(site.articles, key=lambda a: a["published"], reverse=True)
        chunks = [items[i:i + PER_SITEMAP] for i in range(0, len(items), PER_SITEMAP)]
        children = []
        for k, chunk in enumerate(chunks, 1):
            _write(site.root / f"sitemap-posts-{k}.xml", urlset(chunk).replace(local, site.base))
            children.append((f"{site.base}/sitemap-posts-{k}.xml", chunk[0]["published"]))
        _write(site.root / "sitemap.xml", sitemap_index(children))
        _write(site.root / "robots.txt", ROBOTS)
    return sites


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "xmlcharrefreplace"))


def sources_toml(sites: list[Site], path: Path) -> Path:
    """The sources file a deployment against these sites would have: one source per site, its sitemap the one
    channel, no politeness delay (our own server), no keyword filter (every story served should be loaded), and
    a nightly cap above the site's size so one night takes the whole archive."""
    cap = max(len(s.articles) for s in sites)
    blocks = [f"""[defaults]
user_agent = "PantauBench/1.0"
delay_seconds = 0
keywords = []
max_articles_per_run = {cap}
"""]
    for site in sites:
        blocks.append(f"""[[source]]
id = "{site.host.split('.')[0]}"
name = "{site.host}"
publisher = "{site.host}"
hosts = ["127.0.0.1"]
profile = "{site.family}"
article_url_patterns = ['{PATTERNS[site.family]}']
channels = [ {{ kind = "sitemap", url = "{site.base}/sitemap.xml" }} ]
""")
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


class _Watch:
    """The run's process tree sampled every `SAMPLE_SECONDS` (the run's own process, and the rest: Prefect's
    temporary server), and its output read line by line with the time each line came."""

    def __init__(self, runner: subprocess.Popen[bytes]):
        self.runner = runner
        self.samples: list[tuple[float, int, int]] = []
        self.lines: list[tuple[float, str]] = []
        self.threads = [threading.Thread(target=self._sample, daemon=True),
                        threading.Thread(target=self._read, daemon=True)]
        for t in self.threads:
            t.start()

    def _sample(self) -> None:
        runner = psutil.Process(self.runner.pid)
        while self.runner.poll() is None:
            try:
                run = runner.children()[0]
                run_rss = run.memory_info().rss
                rest_rss = sum(p.memory_info().rss for p in run.children(recursive=True))
                self.samples.append((time.monotonic(), run_rss, rest_rss))
            except (psutil.Error, IndexError):    # not started yet, or just gone
                pass
            time.sleep(SAMPLE_SECONDS)

    def _read(self) -> None:
        assert self.runner.stdout is not None
        for raw in self.runner.stdout:
            self.lines.append((time.monotonic(), raw.decode("utf-8", "replace").rstrip()))

    def join(self) -> None:
        for t in self.threads:
            t.join(timeout=10)


def pantau_run(sources: Path, db: Path, prefect_home: Path) -> tuple[dict[str, Any], _Watch, float]:
    """`pantau run --sources FILE --db FILE` in a fresh process tree, watched; the runner's report, the watch,
    and when it started (monotonic)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(prefect_home), PREFECT_LOGGING_LEVEL="INFO", COLUMNS="200")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as report:
        result_path = Path(report.name)
    try:
        started = time.monotonic()
        runner = subprocess.Popen([sys.executable, "-c", _RUNNER, str(result_path), PANTAU, "run", "--sources",
                                   str(sources), "--db", str(db)], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        watch = _Watch(runner)
        runner.wait()
        watch.join()
        result = json.loads(result_path.read_text())
    finally:
        result_path.unlink(missing_ok=True)
    return result, watch, started


def phases(lines: list[tuple[float, str]], samples: list[tuple[float, ...]], started: float, ended: float
           ) -> list[tuple[str, float, list[float]]]:
    """(phase, seconds, the largest of each sampled value in MiB) from Prefect's log lines: start-up until the
    flow begins, then each task until its last "Finished", then the report and publication until the flow
    ends, then Prefect's shutdown until the process exits. `samples` are (time, value, value, ...) in bytes."""
    marks: list[tuple[str, float]] = []
    finished: dict[str, float] = {}
    begun = flow_done = None
    for at, line in lines:
        if begun is None and _BEGUN.search(line):
            begun = at
        elif m := _FINISHED.search(line):
            finished[m["task"]] = at
        elif _FLOW_DONE.search(line):
            flow_done = at
    if begun is None:
        return []
    marks.append(("start-up (imports, Prefect's server)", begun))
    for label, task in PHASES:
        if task in finished:
            marks.append((label, finished[task]))
    marks.append(("report, publish", flow_done or ended))
    marks.append(("Prefect's shutdown, exit", ended))
    width = max((len(x) - 1 for x in samples), default=0)
    out, since = [], started
    for label, until in marks:
        inside = [x[1:] for x in samples if since <= x[0] <= until + SAMPLE_SECONDS]
        out.append((label, until - since, [max((x[k] for x in inside), default=0) / 2**20 for k in range(width)]))
        since = until
    return out


def rows_of(db: Path) -> tuple[dict[str, int], set[str]]:
    """What the published copy holds (the file analysts read): its tables' row counts and the articles' URLs."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
               for t in ("articles", "facts", "officials", "pages", "frontier", "skipped", "failures", "fetch_log",
                         "runs")}
        urls = {url for (url,) in con.execute("SELECT url FROM articles").fetchall()}
    finally:
        con.close()
    return out, urls


def once(sites: list[Site], sources: Path, db: Path, prefect_home: Path) -> Outcome:
    """One run, measured and counted."""
    for site in sites:
        site.server.log.clear()
    result, watch, started = pantau_run(sources, db, prefect_home)
    output = "\n".join(line for _, line in watch.lines)
    if result["code"]:
        raise RuntimeError(f"pantau run exited {result['code']}:\n{output[-3000:]}")
    paths = {a["path"].rstrip("/") for s in sites for a in s.articles}
    hits = [h for s in sites for h in s.server.log]
    # Each site is its server's root, so a request's first path segment is what `Hit.host` holds.
    asked = [f"/{h.host}{h.path if h.path != '/' else ''}".split("?")[0].rstrip("/") for h in hits]
    rows, urls = rows_of(db)
    # The store keys an article by its canonical URL (https, no trailing slash), not by the URL fetched.
    served = {canonical(f"{s.base}{a['path']}") for s in sites for a in s.articles}
    tree = max((run + rest for _, run, rest in watch.samples), default=0) / 2**20
    return Outcome(result["wall"], result["tree_kib"] / 1024, tree,
                   phases(watch.lines, watch.samples, started, started + result["wall"]),
                   rows, sum(path in paths for path in asked), len(served - urls), len(urls - served), len(hits),
                   output)


def measure(total: int) -> tuple[Outcome, Outcome, tuple[float, float, float]]:
    """A first run over `total` fresh articles, then a second run over the same, unchanged sites; and the
    article pages' sizes."""
    with _served("pantau-bench-run-", total) as (folder, sites, sources, db):
        kib = _page_sizes(sites)
        first = once(sites, sources, db, folder / "prefect")
        second = once(sites, sources, db, folder / "prefect")
    return first, second, kib


@contextmanager
def _served(prefix: str, total: int) -> Iterator[tuple[Path, list[Site], Path, Path]]:
    """`total` articles on the five sites, each served while inside, with the sources file naming them and the
    database path a run writes: the setting both the measured run and the profile need."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp, ExitStack() as serving:
        folder = Path(tmp)
        sites = build_sites(folder / "sites", total)
        for site in sites:
            serving.enter_context(site.server)
        sources = sources_toml(sites, folder / "sources.toml")
        db = folder / "night" / "pantau.duckdb"
        db.parent.mkdir()
        yield folder, sites, sources, db


def _page_sizes(sites: list[Site]) -> tuple[float, float, float]:
    """Min, median and max KiB of the article pages served."""
    sizes = [p.stat().st_size / 1024 for s in sites for p in s.root.rglob("*.html")]
    return min(sizes), statistics.median(sizes), max(sizes)


def report(sizes: tuple[int, ...] = SIZES) -> str:
    lines = ["whole `pantau run` (the CLI in a fresh process, Prefect ephemeral; sitemaps, zero delay, 5 sites on "
             "127.0.0.1):"]
    for total in sizes:
        first, second, kib = measure(total)
        rows = first.rows
        ok = rows["articles"] == total and not first.missing and not first.unexpected
        target = "" if total < 5000 else \
            f"; target {TARGET_MIB} MB: {'met' if first.peak_mib * 2**20 / 1e6 < TARGET_MIB else 'missed'}"
        lines.append(f"  {total} articles ({kib[0]:.0f}-{kib[2]:.0f} KiB a page, median {kib[1]:.0f}): "
                     f"{first.wall:.1f} s, {total / first.wall:.1f} articles/s; peak {first.peak_mib:.0f} MiB "
                     f"(the largest process; with Prefect's server {first.tree_mib:.0f} MiB{target})")
        verdict = "= the articles served" if ok else \
            f"MISMATCH: {total} served, {first.missing} missing, {first.unexpected} unexpected"
        lines.append(f"    rows: {rows['articles']} articles ({verdict}; {first.article_hits} article pages fetched, "
                     f"{first.hits} requests), {rows['facts']} facts, {rows['officials']} officials, "
                     f"{rows['skipped']} skipped, {rows['failures']} failures")
        for label, seconds, (run_mib, server_mib) in first.phases:
            lines.append(f"    {label:<38} {seconds:7.1f} s   run {run_mib:5.0f} MiB   Prefect server "
                         f"{server_mib:4.0f} MiB")
        data = ("articles", "facts", "officials", "pages", "frontier", "skipped", "failures")
        same = all(second.rows[k] == rows[k] for k in data)
        lines.append(f"    second run, nothing changed: {second.wall:.1f} s, peak {second.peak_mib:.0f} MiB, "
                     f"{second.hits} requests, {second.article_hits} article pages fetched; rows "
                     f"{'unchanged' if same else 'CHANGED: ' + str(second.rows)}")
        work = [p for p in second.phases if not p[0].startswith(("start-up", "Prefect's"))]
        if work:
            lines.append(f"      of which start-up {second.phases[0][1]:.1f} s, the flow's work "
                         f"{sum(p[1] for p in work):.1f} s")
    return "\n".join(lines)


def profile(total: int, trace: bool = False) -> str:
    """Where the first run's memory goes, phase by phase: the run's RSS against DuckDB's own memory and (with
    `trace`, in a run whose RSS tracemalloc inflates) the Python heap, the rest being the interpreter, the
    libraries' code and data, and the allocator's free but kept pages; and the files that hold the most of the
    largest Python heap seen."""
    with _served("pantau-bench-profile-", total) as (folder, _, sources, db):
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(PREFECT_HOME=str(folder / "prefect"), PREFECT_LOGGING_LEVEL="INFO", COLUMNS="200")
        samples_path, top_path = folder / "samples.jsonl", folder / "top.json"
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, "-c", _PROBE, str(samples_path), str(top_path) if trace else "-",
                                  "run",
                                  "--sources", str(sources), "--db", str(db)], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT)
        lines = [(time.monotonic(), raw.decode("utf-8", "replace").rstrip()) for raw in child.stdout or []]
        child.wait()
        ended = time.monotonic()
        samples = [tuple(json.loads(line)) for line in samples_path.read_text().splitlines()]
        top = json.loads(top_path.read_text()) if top_path.is_file() else [0, []]
        db_mib = db.stat().st_size / 2**20
    out = [f"memory of a {total}-article run (in process{', tracemalloc on' if trace else ''}: "
           f"{ended - started:.0f} s; exit "
           f"{child.returncode}; the published database {db_mib:.0f} MiB):",
           f"    {'phase':<38} {'seconds':>8} {'RSS':>6} {'Python':>7} {'DuckDB':>7}   (largest seen, MiB)"]
    for label, seconds, (rss, traced, duck) in phases(lines, samples, started, ended):
        python = f"{traced:7.0f}" if trace else f"{'-':>7}"
        out.append(f"    {label:<38} {seconds:8.1f} {rss:6.0f} {python} {duck:7.0f}")
    if trace:
        out.append(f"  largest Python heap seen: {top[0] / 2**20:.0f} MiB; the files that allocated most of it:")
        out += [f"    {size / 2**20:7.1f} MiB  {filename}" for filename, size in top[1]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.run [SIZE ...]`, or `python -m bench.run --profile [--trace] [SIZE]` for where memory
    goes."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--profile"]:
        trace = "--trace" in args
        sizes = [int(a) for a in args[1:] if a != "--trace"]
        print(profile(sizes[0] if sizes else SIZES[-1], trace))
        return 0
    print(report(tuple(int(a) for a in args) or SIZES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
