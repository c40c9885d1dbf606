"""The wheel carries its data: built, installed into a fresh venv outside the repo, and run from outside it.

A checkout hides every packaging mistake (the files are simply there), so this builds the wheel the way a user
gets it and runs `pantau extract` and `pantau demo` with the checkout out of reach.

Installing the dependencies from the registry would take minutes, so the fresh venv borrows this one's: one
`.pth` file puts a folder of links to this venv's installed distributions on its path. The folder leaves out
the project itself (and the editable install's finder: it is started by an `import` line in a `.pth` of this
venv's site-packages, and `.pth` files are only read in site folders, never in a folder another `.pth` adds),
pip and setuptools (the fresh venv has its own), and the `dask` extra, so the runs also show that `pantau
extract` and `pantau demo` need no Dask and that asking for it without the extra says how to get it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE_TOPS = ("models", "extractors", "flows", "pantau")
NOT_SOURCE = {".git", ".venv", "build", "dist", "tests", "docs", "bench", "tools", ".prefect", ".pytest_cache",
              ".ruff_cache", "__pycache__"}
STATE_FILES = ("*.duckdb", "*.duckdb.wal", "*.lock", "*-raw", ".*.tmp")     # what runs leave in a checkout's data/
NO_DASK = {"dask", "distributed", "prefect_dask"}
THEIRS_TOO = {"pip", "setuptools", "pkg_resources", "_distutils_hack", "wheel"}   # the fresh venv has its own
REGISTRY_DOWN = ("No matching distribution found", "Could not find a version that satisfies", "NewConnectionError",
                 "Failed to establish a new connection", "Temporary failure in name resolution",
                 "Network is unreachable", "Max retries exceeded", "ConnectTimeout", "ReadTimeout")
BUILD_CHATTER = re.compile(r"warning: (build_py|install_lib): byte-compiling is disabled, skipping\.")
# pip before 23.3 (Python 3.11's own) does not normalise extras' names (PEP 685): justext, which trafilatura
# needs, asks for `lxml[html_clean]` and lxml calls the extra `html-clean`. Not Pantau's metadata; a current pip
# says nothing.
OLD_PIP_EXTRAS = re.compile(r"WARNING: lxml \S+ does not provide the extra 'html_clean'")

ARTICLE = "\n".join([
    "Lebong Naik ke Zona Hijau Pelayanan Publik",
    "",
    "TUBEI – Pemerintah Kabupaten Lebong meraih nilai 92 dalam penilaian kepatuhan standar pelayanan publik "
    "yang dilakukan Ombudsman RI tahun 2023. Capaian itu naik dibanding tahun sebelumnya.",
    "",
    "Sekretaris daerah mengatakan hasil penilaian menjadi bahan evaluasi bagi setiap dinas yang melayani warga.",
])


@dataclass
class Installed:
    venv: Path
    site: Path            # the fresh venv's site-packages
    work: Path            # the working directory, outside the repo
    xdg: Path             # $XDG_DATA_HOME for the runs
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 300, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*args], capture_output=True, text=True, timeout=timeout, cwd=self.work,
                              env={**self.env, **(env or {})})

    def probe(self, code: str, env: dict[str, str] | None = None) -> dict[str, Any]:
        result = self.run(str(self.venv / "bin" / "python"), "-c", code, env=env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def pantau(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.venv / "bin" / "pantau"), *args, timeout=timeout)


def _clean_env(home: Path, xdg: Path) -> dict[str, str]:
    """The user's environment without this session's Pantau, Prefect and Python settings (conftest points
    PREFECT_HOME into the checkout), and with a home of its own, so the runs can only find what the wheel has."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PANTAU_", "PREFECT_", "DASK_", "PYTHON")) and k != "VIRTUAL_ENV"}
    env.update(HOME=str(home), XDG_DATA_HOME=str(xdg), PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1")
    return env


def _copy_source(target: Path) -> None:
    """A copy to build from: setuptools' build/ in a checkout keeps files from earlier builds (a deleted module
    would still ship), builds by others in the same checkout race on it, and a test must not write there."""
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", *STATE_FILES)
    for path in REPO.iterdir():
        if path.name in NOT_SOURCE or path.name.endswith(".egg-info"):
            continue
        if path.is_dir():
            shutil.copytree(path, target / path.name, ignore=ignore)
        else:
            shutil.copy2(path, target / path.name)
    data = target / "data"                      # what a checkout that has run holds, which must stay out
    (data / "pantau.duckdb").write_bytes(b"not for the wheel")
    (data / "demo-raw").mkdir()
    (data / "demo-raw" / "page.gz").write_bytes(b"not for the wheel")
    (data / ".pantau.duckdb.1.tmp").write_bytes(b"not for the wheel")


def _skip_if_registry_down(result: subprocess.CompletedProcess[str], what: str) -> None:
    output = result.stdout + result.stderr
    if result.returncode != 0 and any(marker in output for marker in REGISTRY_DOWN):
        pytest.skip(f"{what}: pip cannot reach the package registry ({output.strip().splitlines()[-1]})")


def _warnings(output: str, pip: tuple[int, ...] = (99,)) -> list[str]:
    """Warning lines, less the two every setuptools build prints with `-v` and old pip's extras misreading."""
    return [line.strip() for line in output.splitlines()
            if re.search(r"warn|deprecat", line, re.IGNORECASE) and not BUILD_CHATTER.search(line)
            and not (pip < (23, 3) and OLD_PIP_EXTRAS.search(line))]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel, and everything its build printed (verbose, so setuptools' own warnings are in it)."""
    base = tmp_path_factory.mktemp("wheel")
    _copy_source(base / "src")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    try:
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(base / "dist"),
                                 "."], capture_output=True, text=True, timeout=300, cwd=base / "src", env=env)
    except subprocess.TimeoutExpired:
        pytest.skip("building the wheel: pip got no answer from the package registry in 5 minutes")
    _skip_if_registry_down(result, "building the wheel")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = (base / "dist").glob("pantau-*.whl")
    return wheel, result.stdout + result.stderr


def _deps_view(target: Path) -> None:
    """Links to this venv's distributions, less the project, pip's kin and the dask extra (see the docstring)."""
    target.mkdir()
    folders = {Path(sysconfig.get_paths()[kind]) for kind in ("purelib", "platlib")}
    for entry in (entry for folder in sorted(folders) for entry in folder.iterdir()):
        name = entry.name
        top = re.split(r"[-.]", name, maxsplit=1)[0].lower().replace("-", "_")
        if (name.endswith(".pth") or name.startswith("__editable__") or name == "__pycache__"
                or top in (*PACKAGE_TOPS, *NO_DASK, *THEIRS_TOO)):
            continue
        if not (target / name).exists():
            (target / name).symlink_to(entry)


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


@pytest.fixture(scope="module")
def installed(built: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Installed:
    wheel, _ = built
    base = tmp_path_factory.mktemp("installed")
    assert not base.resolve().is_relative_to(REPO)
    env = _clean_env(base / "home", base / "xdg")
    (base / "home").mkdir()
    (base / "work").mkdir()
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=300)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True, env=env).stdout.strip())
    _deps_view(base / "deps")
    (site / "borrowed_deps.pth").write_text(f"{base / 'deps'}\n", encoding="utf-8")
    try:
        result = subprocess.run([str(python), "-m", "pip", "install", "--constraint", str(REPO / "constraints.txt"),
                                 str(wheel)], capture_output=True, text=True, timeout=600, cwd=base / "work", env=env)
    except subprocess.TimeoutExpired:
        pytest.skip("installing the wheel: pip got no answer from the package registry in 10 minutes")
    _skip_if_registry_down(result, "installing the wheel")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pip = subprocess.run([str(python), "-c", "import pip; print(pip.__version__)"], check=True, capture_output=True,
                         text=True, env=env).stdout.strip()
    assert _warnings(result.stdout + result.stderr, tuple(int(n) for n in pip.split(".")[:2])) == []
    return Installed(venv=venv, site=site, work=base / "work", xdg=base / "xdg", env=env)


def test_every_package_folder_is_in_the_wheel_list() -> None:
    """pyproject.toml lists its packages (the mapped data folders rule discovery out): a new folder must be added."""
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(init.parent.relative_to(REPO).parts)
               for top in PACKAGE_TOPS for init in (REPO / top).rglob("__init__.py")}
    assert folders - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_the_checkout_keeps_its_files_where_they_were() -> None:
    probe = ("import json; from pantau import paths as p; print(json.dumps([str(p.ROOT), str(p.DEFAULT_DB), "
             "str(p.PREFECT_HOME), str(p.REGIONS_CSV)]))")
    env = _clean_env(Path(os.environ.get("HOME", "/")), Path("/nonexistent"))
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, env=env,
                            check=True)
    assert json.loads(result.stdout) == [str(REPO), str(REPO / "data" / "pantau.duckdb"), str(REPO / ".prefect"),
                                         str(REPO / "data" / "regions" / "regions.csv")]


def test_the_wheel_carries_every_file_read_at_run_time(built: tuple[Path, str]) -> None:
    wheel, log = built
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"pantau/share/{p.relative_to(REPO)}" for top in ("data", "sql") for p in (REPO / top).rglob("*")
              if p.is_file() and not any(p.match(g) or any(q.match(g) for q in p.parents) for g in STATE_FILES)}
    wanted |= {f"pantau/web/templates/{p.name}" for p in (REPO / "pantau" / "web" / "templates").glob("*.html")}
    wanted |= {f"{p.relative_to(REPO)}" for top in PACKAGE_TOPS for p in (REPO / top).rglob("*.py")}
    assert wanted - names == set()
    for must in ("data/regions/regions.csv", "data/regions/LICENSE-wilayah.txt", "data/profiles.toml",
                 "data/sources.toml", "data/demo_site/content.json", "sql/views.sql",
                 "sql/migrations/001_core.sql", "sql/queries/claims_with_conflicts.sql"):
        assert f"pantau/share/{must}" in names
    assert not [n for n in names if n.endswith((".duckdb", ".gz", ".tmp")) or "-raw/" in n]
    assert not [n for n in names if n.split("/")[0] in ("data", "sql", "tests")]    # nothing loose in site-packages
    assert "pantau-0.1.0.dist-info/licenses/data/regions/LICENSE-wilayah.txt" in names
    metadata = zipfile.ZipFile(wheel).read("pantau-0.1.0.dist-info/METADATA").decode()
    dask = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "dask" in line]
    assert dask == ['Requires-Dist: prefect-dask==0.3.7; extra == "dask"']
    assert _warnings(log) == []


def test_the_installed_wheel_reads_its_own_files_and_writes_to_the_users_folder(installed: Installed) -> None:
    probe = ("import json, extractors, flows, models, pantau; from pantau import paths as p; "
             "print(json.dumps({'modules': [m.__file__ for m in (extractors, flows, models, pantau)], "
             "'root': str(p.ROOT), 'db': str(p.DEFAULT_DB), 'prefect': str(p.PREFECT_HOME)}))")
    found = installed.probe(probe)
    assert all(Path(m).is_relative_to(installed.site) for m in found["modules"]), found["modules"]
    assert found["root"] == str(installed.site / "pantau" / "share")
    state = installed.xdg / "pantau"
    assert (found["db"], found["prefect"]) == (str(state / "pantau.duckdb"), str(state / "prefect"))

    moved = installed.probe(probe, env={"PANTAU_DATA_DIR": str(installed.work / "state")})
    assert (moved["db"], moved["prefect"]) == (str(installed.work / "state" / "pantau.duckdb"),
                                               str(installed.work / "state" / "prefect"))
    unset = installed.probe(probe, env={"XDG_DATA_HOME": ""})          # empty is unset, as the XDG spec says
    assert unset["db"] == str(Path(installed.env["HOME"]) / ".local" / "share" / "pantau" / "pantau.duckdb")
    deployed = installed.probe(probe, env={"PANTAU_HOME": str(REPO)})     # a deployment's files: as before
    assert (deployed["root"], deployed["db"], deployed["prefect"]) == (
        str(REPO), str(REPO / "data" / "pantau.duckdb"), str(REPO / ".prefect"))


def test_extract_and_demo_run_from_the_installed_wheel(installed: Installed) -> None:
    before = _files(installed.site)
    article = installed.work / "lebong.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    result = installed.pantau("extract", article.name, "--json")
    assert result.returncode == 0, result.stderr
    facts = {(f["region_code"], f["metric"], f["year"], f["value"]) for f in json.loads(result.stdout)["facts"]}
    assert ("17.07", "score", 2023, 92.0) in facts

    demo = installed.work / "demo.duckdb"
    result = installed.pantau("demo", "--db", str(demo))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Kabupaten Lebong" in result.stdout
    assert demo.is_file() and (installed.work / "demo-raw").is_dir()
    assert (installed.xdg / "pantau" / "prefect").is_dir()        # Prefect's home: the user's folder

    result = installed.pantau("demo", "--dask", "--db", str(demo))     # this venv has no dask extra
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "pip install 'pantau[dask]'" in result.stderr

    assert _files(installed.site) == before
