"""How the internal dashboard is started (by `dualcarbon demo --serve`, `make dashboard` and the
browser test).

Streamlit's settings are in the repository's ``.streamlit/config.toml`` (headless, no usage
statistics, localhost only), which Streamlit reads from its working folder: run ``command()`` in
``PROJECT_DIR``. Python's bytecode cache for the dashboard's modules goes to
``$DUALCARBON_HOME/.state/pycache`` rather than beside the sources.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dualcarbon.paths import REPO_ROOT, Workspace

APP = Path(__file__).resolve().with_name("app.py")
# The folder holding .streamlit/config.toml: Streamlit's working folder.
PROJECT_DIR = REPO_ROOT
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"


def command(port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.address",
        address,
    ]


def environment(workspace: Workspace) -> dict[str, str]:
    return {
        **os.environ,
        "DUALCARBON_HOME": str(workspace.home),
        "PYTHONPYCACHEPREFIX": str(workspace.state / "pycache"),
    }


def url(port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS) -> str:
    return f"http://{address}:{port}/"
