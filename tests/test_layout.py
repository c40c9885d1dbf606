"""The folders read as the pipeline, and imports flow one way: models <- extractors <- store <- flows <- CLI.

Every import in the project's own code is read with `ast` (imports inside functions too, since a lazy import
is still a dependency) and checked against what its folder may import, as each folder's `__init__.py` says.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LEAVES = ("pantau.paths", "pantau.printing", "pantau.crashpoints")
EXTRACTORS = ("extractors",)
STORE = (*EXTRACTORS, "pantau.store", *LEAVES)

# The most specific folder of a module decides; `models` and the stages of `extractors` come first.
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "models": (),
    "extractors.common": (),
    "extractors.crawl": ("extractors.common",),
    "extractors.pages": ("extractors.common",),
    "extractors.facts": ("extractors.common",),
    "extractors": ("extractors.common",),
    "pantau.paths": ("extractors.common.data",),
    "pantau.printing": (),
    "pantau.crashpoints": (),
    "pantau.store": STORE,
    "pantau.evaluation": (*EXTRACTORS, *LEAVES),
    "pantau.analyst": STORE,
    "pantau.ops": STORE,
    "pantau.web": (*STORE, "pantau.analyst"),
    "flows": (*STORE, "pantau.ops"),
    "pantau.demo": ("extractors", "pantau", "flows"),
    "pantau.cli": ("extractors", "pantau", "flows"),
    "pantau": (),
    "bench": ("extractors", "pantau", "flows", "bench"),
}
OURS = ("models", "extractors", "flows", "pantau", "bench")


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _folder_of(module: str) -> str:
    return max((f for f in MAY_IMPORT if module == f or module.startswith(f + ".")), key=len)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pantau import crashpoints` imports pantau.crashpoints, not all of pantau.
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] in OURS]


def _allowed(folder: str, target: str) -> bool:
    if target.startswith("models") or target == folder or target.startswith(folder + "."):
        return True
    return any(target == a or target.startswith(a + ".") for a in MAY_IMPORT[folder])


def _code_files() -> list[Path]:
    return [p for top in OURS for p in (ROOT / top).rglob("*.py")]


def layering_violations(files: list[tuple[Path, str]]) -> list[str]:
    bad = []
    for path, module in files:
        folder = _folder_of(module)
        for line, target in _imports(path):
            if not _allowed(folder, target):
                bad.append(f"{module}:{line}: {folder} may not import {target}")
    return bad


def test_imports_flow_one_way() -> None:
    assert layering_violations([(p, _module_of(p)) for p in _code_files()]) == []


def test_the_rule_catches_an_import_that_climbs(tmp_path: Path) -> None:
    # An extractor that reaches into the store, into another stage, and (lazily) into the flows.
    stray = tmp_path / "probe.py"
    stray.write_text("from pantau.store.database import Store\nfrom extractors.crawl.urls import canonical\n"
                     "def f():\n    import flows.nightly\n")
    found = layering_violations([(stray, "extractors.facts.probe")])
    assert [v.split(": ", 1)[1] for v in found] == [
        "extractors.facts may not import pantau.store.database.Store",
        "extractors.facts may not import extractors.crawl.urls.canonical",
        "extractors.facts may not import flows.nightly",
    ]


def test_every_folder_says_what_it_owns_and_may_import() -> None:
    for init in [p for top in OURS for p in (ROOT / top).rglob("__init__.py")]:
        doc = ast.get_docstring(ast.parse(init.read_text())) or ""
        assert len(doc) > 40, f"{init.relative_to(ROOT)} has no docstring saying what the folder owns"
        if init.parent.name not in ("models", "pantau", "extractors", "bench", "tests"):
            assert "May import" in doc, f"{init.relative_to(ROOT)} does not say what it may import"


def test_no_package_folder_is_a_flat_heap() -> None:
    for top in ("extractors", "pantau"):
        loose = [p.name for p in (ROOT / top).glob("*.py") if p.name != "__init__.py"]
        assert len(loose) <= 3, f"{top}/ holds {loose}: each module belongs in the folder of its stage or role"
