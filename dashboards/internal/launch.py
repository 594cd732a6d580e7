"""How the internal dashboard is started (by `dualcarbon demo --serve` and the browser test;
`make dashboard` spells out the same command).

Streamlit writes nothing outside ``$DUALCARBON_HOME`` with these flags: headless mode skips the
e-mail prompt and its ``~/.streamlit/credentials.toml``, and with usage statistics off no
``~/.streamlit/machine_id_v4`` is written. Python's bytecode cache for the dashboard's modules
goes to ``$DUALCARBON_HOME/.state/pycache`` rather than beside the sources. It listens on
127.0.0.1 only: there is no sign-in yet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dualcarbon.paths import Workspace

APP = Path(__file__).resolve().with_name("app.py")
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"
STREAMLIT_FLAGS = (
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--client.toolbarMode",
    "minimal",  # no "Deploy" button
)


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
        *STREAMLIT_FLAGS,
    ]


def environment(workspace: Workspace) -> dict[str, str]:
    return {
        **os.environ,
        "DUALCARBON_HOME": str(workspace.home),
        "PYTHONPYCACHEPREFIX": str(workspace.state / "pycache"),
    }


def url(port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS) -> str:
    return f"http://{address}:{port}/"
