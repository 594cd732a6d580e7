"""Shared fixtures: every test gets its own workspace ($DUALCARBON_HOME) in a temp folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dualcarbon.paths import SAMPLE_DIR, Workspace

ENERGY_HEADER = "地区代码,行业代码,能源品种代码,用途,消费量,计量单位"
ENERGY_ROWS = [
    "320000,S01,raw_coal,combustion,1200.5,t",
    "320000,S01,diesel,combustion,300,t",
    "320000,S02,natural_gas,combustion,45.25,10k_nm3",
    "320100,S01,raw_coal,combustion,100,t",
]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    home = tmp_path / "home"
    monkeypatch.setenv("DUALCARBON_HOME", str(home))
    return Workspace(home).ensure()


def energy_csv(rows: list[str] | None = None, header: str = ENERGY_HEADER) -> str:
    return "\n".join([header, *(ENERGY_ROWS if rows is None else rows)]) + "\n"


def put(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def sample_files(period: str | None = None) -> list[Path]:
    root = SAMPLE_DIR / "submissions"
    folders = [root / period] if period else sorted(p for p in root.iterdir() if p.is_dir())
    return sorted(
        f for folder in folders for f in folder.iterdir() if f.suffix in {".csv", ".xlsx"}
    )


# Set by a test or by run_pipeline's prepare_environment; restored after a module's runs.
PIPELINE_ENV_KEYS = (
    "DUALCARBON_HOME",
    "DAGSTER_HOME",
    "DBT_LOG_PATH",
    "DBT_SEND_ANONYMOUS_USAGE_STATS",
)


@contextmanager
def module_workspace(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Workspace]:
    """A workspace shared by one test module, so an expensive pipeline run happens once."""
    saved = {key: os.environ.get(key) for key in PIPELINE_ENV_KEYS}
    home = tmp_path_factory.mktemp(name) / "home"
    os.environ["DUALCARBON_HOME"] = str(home)
    try:
        yield Workspace(home).ensure()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def published_workspace(tmp_path_factory: pytest.TempPathFactory):
    """A real workspace with releases, a correction, an embargoed and a draft candidate
    (tests/release_fixtures.py). Shared by the session: tests that change it work on a copy
    (``workspace_copy``)."""
    from release_fixtures import build_published_workspace

    with module_workspace(tmp_path_factory, "published") as ws:
        built = build_published_workspace(ws)
    return built


@pytest.fixture
def workspace_copy(published_workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A private copy of the published workspace (warehouse, releases, audit log, users)."""
    import shutil

    home = tmp_path / "home"
    shutil.copytree(
        published_workspace.workspace.home,
        home,
        symlinks=True,
        ignore=shutil.ignore_patterns(".state"),
    )
    monkeypatch.setenv("DUALCARBON_HOME", str(home))
    return Workspace(home).ensure()
