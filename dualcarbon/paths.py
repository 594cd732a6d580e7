"""Where things live: the repository's own files, and the run-time workspace.

Everything written at run time goes below ``$DUALCARBON_HOME`` (default ``data/``);
the repository's own files (contracts, seeds, the dbt project) are read-only inputs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
REFERENCE_SEEDS_DIR = SEEDS_DIR / "reference"
FACTOR_SEEDS_DIR = SEEDS_DIR / "factors"
CONTRACTS_DIR = Path(__file__).resolve().parent / "contracts"
SAMPLE_DIR = REPO_ROOT / "data" / "sample"
# The CEADs inventories, vendored unchanged (source, licence, checksums: README.md there).
CEADS_DIR = REPO_ROOT / "data" / "reference" / "ceads"


@dataclass(frozen=True)
class Workspace:
    """The run-time folder: inbox, archive, warehouse, releases and reports."""

    home: Path

    @classmethod
    def from_env(cls) -> Workspace:
        return cls(Path(os.environ.get("DUALCARBON_HOME", REPO_ROOT / "data")).resolve())

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def archive(self) -> Path:
        return self.home / "archive"

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def releases(self) -> Path:
        return self.home / "releases"

    @property
    def reports(self) -> Path:
        return self.home / "reports"

    @property
    def feedback(self) -> Path:
        return self.reports / "feedback"

    @property
    def state(self) -> Path:
        """Tool state that must stay inside the workspace (Dagster, dbt logs and targets)."""
        return self.home / ".state"

    def ensure(self) -> Workspace:
        for folder in (
            self.inbox,
            self.archive,
            self.releases,
            self.reports,
            self.feedback,
            self.state,
        ):
            folder.mkdir(parents=True, exist_ok=True)
        return self
