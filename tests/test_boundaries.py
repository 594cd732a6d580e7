"""The folders show the flow: dependencies go one way, and the declared ones match the imports.

The core library (`dualcarbon/`) imports none of the apps; `expectations/`, `orchestration/`
and `dashboards/` build on it; the command line (`dualcarbon/cli/`) is the only place that wires
apps together. Read from the source with `ast`, so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"dualcarbon", "orchestration", "expectations", "dashboards"}

# What each part may import of the first-party packages (itself included).
ALLOWED = {
    "dualcarbon": {"dualcarbon"},
    "expectations": {"dualcarbon", "expectations"},
    "orchestration": {"dualcarbon", "expectations", "orchestration"},
    "dashboards": {"dualcarbon", "dashboards"},
    "dualcarbon.cli": FIRST_PARTY,
}


def _part(path: Path) -> str:
    relative = path.relative_to(ROOT)
    if relative.parts[:2] == ("dualcarbon", "cli"):
        return "dualcarbon.cli"
    return relative.parts[0]


def _imports(path: Path) -> set[str]:
    """Top-level module names imported anywhere in a file (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def _sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _sources(*FIRST_PARTY), ids=lambda p: str(p.relative_to(ROOT)))
def test_dependencies_flow_one_way(path: Path) -> None:
    part = _part(path)
    imported = {name.split(".")[0] for name in _imports(path)} & FIRST_PARTY
    cli = {name for name in _imports(path) if name.startswith("dualcarbon.cli")}
    assert imported <= ALLOWED[part], f"{part} may not import {sorted(imported - ALLOWED[part])}"
    assert part == "dualcarbon.cli" or not cli, f"only the command line imports {sorted(cli)}"


def test_declared_dependencies_match_the_imports() -> None:
    """Every third-party package the shipped code imports is declared, and every declared one
    is imported (or is there for a stated reason: a dbt adapter, a server, a file reader)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_distribution_name(spec) for spec in project["dependencies"]}
    modules = (
        {name.split(".")[0] for path in _sources(*FIRST_PARTY) for name in _imports(path)}
        - FIRST_PARTY
        - set(sys.stdlib_module_names)
    )
    # A module may come from several distributions (`dbt` from dbt-core and its adapters).
    provided_by = {m: {_normalise(d) for d in packages_distributions()[m]} for m in modules}
    undeclared = {m for m, dists in provided_by.items() if not dists & declared}
    imported = set().union(*provided_by.values()) & declared
    # Used without an import of their own: dagster-dbt runs the `dbt` command (dbt-core), which
    # loads its adapter by name; `dagster dev` serves the webserver's UI; polars reads XLSX
    # through fastexcel; Streamlit's tables take pandas frames (polars' to_pandas needs pyarrow).
    used_indirectly = {
        "dbt-core",
        "dbt-duckdb",
        "dagster-webserver",
        "fastexcel",
        "pandas",
        "pyarrow",
    }
    assert undeclared == set(), "imported but not declared"
    assert declared - imported - used_indirectly == set(), "declared but never used"


def _distribution_name(spec: str) -> str:
    for separator in "<>=!~[ ;":
        spec = spec.split(separator)[0]
    return _normalise(spec)


def _normalise(name: str) -> str:
    return name.lower().replace("_", "-")


def test_the_wheel_ships_what_the_code_reads(tmp_path: Path) -> None:
    """An installed wheel runs without the repository: it carries the dbt project, the
    contracts and the sample beside the packages (dualcarbon.paths looks for them there)."""
    import subprocess
    import zipfile

    uv = Path(sys.executable).with_name("uv")
    subprocess.run(
        [str(uv), "build", "--wheel", "--out-dir", str(tmp_path), "--quiet"], cwd=ROOT, check=True
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "dbt_project/dbt_project.yml",
        "dbt_project/profiles.yml",
        "dualcarbon/contracts/energy_consumption.yaml",
        "expectations/thresholds.yaml",
        "orchestration/dagster.yaml",
        "data/sample/README.md",
    ):
        assert needed in names, needed
    assert not any(name.startswith("dbt_project/target/") for name in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert (
        "dualcarbon = dualcarbon.cli.app:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    )
