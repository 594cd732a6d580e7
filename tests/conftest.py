"""Shared fixtures: every test gets its own workspace ($DUALCARBON_HOME) in a temp folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
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


# `make test` runs two pytest-xdist workers. Each test module is one unit of work, so its
# module-scoped pipeline run happens once; the modules on the session's published workspace
# (three pipeline runs, tests/release_fixtures.py) are one unit, so it is built once. The
# scheduler is ours because xdist's `loadgroup` marks do not reach pytest 9's node ids.
PUBLISHED_WORKSPACE_MODULES = frozenset(
    {
        "tests/test_release_workflow.py",
        "tests/test_dashboard_releases.py",
        "tests/test_public_dashboard.py",
        "tests/test_public_sector_pages.py",
        "tests/test_breakdowns_reconcile.py",
        "tests/test_report_pdf.py",
        "tests/browser/test_public_browser.py",
        "tests/browser/test_public_barometer.py",
        "tests/adversarial/test_release_tampering.py",
        "tests/adversarial/test_candidate_store.py",
        "tests/adversarial/test_release_data_files.py",
        "tests/browser/test_public_pages.py",
    }
)


# The longest units of work, started first so that neither ends the run alone on one worker
# (measured on a fresh clone: the published workspace about 5 min, test_pipeline 3 min).
# xdist would otherwise order units by their number of tests, which put the one-test
# test_pipeline last.
LONGEST_FIRST = (
    "published workspace",
    "tests/test_pipeline.py",
    "tests/adversarial/test_killed_run.py",
)


def _unit(module: str) -> str:
    return "published workspace" if module in PUBLISHED_WORKSPACE_MODULES else module


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # keep the order of the collection (below)

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid.split("::", 1)[0])

    return ModuleScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a module that uses the published workspace without being listed above (it
    would build the workspace again on the other worker); put the longest units first."""
    root = config.rootpath
    unlisted = {
        item.path.relative_to(root).as_posix()
        for item in items
        if "published_workspace" in item.fixturenames
    } - PUBLISHED_WORKSPACE_MODULES
    if unlisted:
        raise pytest.UsageError(
            f"add {sorted(unlisted)} to PUBLISHED_WORKSPACE_MODULES in tests/conftest.py"
        )

    def rank(item: pytest.Item) -> int:
        unit = _unit(item.path.relative_to(root).as_posix())
        return LONGEST_FIRST.index(unit) if unit in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: the rest keep their order


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    home = tmp_path / "home"
    monkeypatch.setenv("DUALCARBON_HOME", str(home))
    return Workspace(home).ensure()


TEST_ADMIN = "test_admin"


def add_users(home: Path, *users: tuple[str, str, list[str]]) -> None:
    """Add (or re-create) users as the store allows: by an administrator, ``test_admin``,
    who is created first in an empty store."""
    from dualcarbon.auth import LocalUserStore

    store = LocalUserStore.of(home)
    admin = store.get(TEST_ADMIN) or store.add(TEST_ADMIN, "admin-pass-2026", ["admin"])
    for name, password, roles in users:
        store.add(name, password, roles, replace=True, by=admin)


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
    "DBT_TARGET_PATH",
    "DBT_SEND_ANONYMOUS_USAGE_STATS",
    "DUALCARBON_ANCHOR",
    "DUALCARBON_INTAKE_REPLAY",
)


@contextmanager
def module_workspace(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Workspace]:
    """A workspace shared by one test module, so an expensive pipeline run happens once."""
    home = tmp_path_factory.mktemp(name) / "home"
    with pytest.MonkeyPatch.context() as patch:
        for key in PIPELINE_ENV_KEYS:  # registered as they are now (set or not), restored on exit
            patch.setenv(key, os.environ.get(key, ""))
            if not os.environ[key]:
                patch.delenv(key)
        patch.setenv("DUALCARBON_HOME", str(home))
        patch.setenv("DUALCARBON_ANCHOR", str(home.parent / "anchor" / "anchor.jsonl"))
        # These runs replay past periods' sample files, stamped with the time they would
        # have arrived: demo and tests only (dualcarbon/intake/clock.py).
        patch.setenv("DUALCARBON_INTAKE_REPLAY", "file-time")
        yield Workspace(home).ensure()


@contextmanager
def pipeline_query(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    files: dict[str, str],
    periods: tuple[str, str],
    accepted: int,
) -> Iterator[Callable[[str], list[tuple]]]:
    """Put `files` (name -> text) in a fresh module workspace's inbox, run the real pipeline
    over `periods`, check that `accepted` files were accepted, and yield a read-only query
    function on the warehouse."""
    import duckdb

    from orchestration.runner import run_pipeline

    with module_workspace(tmp_path_factory, name) as workspace:
        for file_name, content in files.items():
            put(workspace.inbox, file_name, content)
        run = run_pipeline(*periods, log_level="WARNING")
        assert run.accounts_built
        with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
            count = con.execute(
                "select count(*) from raw.submissions where status = 'accepted'"
            ).fetchone()
            assert count == (accepted,)
            yield lambda sql: con.execute(sql).fetchall()


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
    """A private copy of the published workspace (warehouse, releases, audit log, users) and
    of its external anchor."""
    import shutil

    source = published_workspace.workspace.home
    home = tmp_path / "home"
    shutil.copytree(source, home, symlinks=True, ignore=shutil.ignore_patterns(".state"))
    anchor = tmp_path / "anchor"
    shutil.copytree(source.parent / "anchor", anchor)
    monkeypatch.setenv("DUALCARBON_HOME", str(home))
    monkeypatch.setenv("DUALCARBON_ANCHOR", str(anchor / "anchor.jsonl"))
    return Workspace(home).ensure()
