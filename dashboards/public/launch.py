"""How the public dashboard is started (`make public`, `python -m dashboards.public.launch`,
and the browser test).

Same settings as the internal dashboard (``.streamlit/config.toml``, read from ``PROJECT_DIR``):
headless, no usage statistics, nothing written outside ``$DUALCARBON_HOME``. It listens on 127.0.0.1 by default;
exposing it to the public is the reverse proxy's job (``--address 0.0.0.0`` behind it).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from dashboards.internal.launch import PROJECT_DIR, environment, url
from dualcarbon.paths import Workspace

APP = Path(__file__).resolve().with_name("app.py")
DEFAULT_PORT = 8502
DEFAULT_ADDRESS = "127.0.0.1"


__all__ = [
    "APP",
    "DEFAULT_ADDRESS",
    "DEFAULT_PORT",
    "PROJECT_DIR",
    "command",
    "environment",
    "main",
    "url",
]


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


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Serve the public dashboard / 启动公众数据发布网站"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--address", default=DEFAULT_ADDRESS)
    args = parser.parse_args()
    workspace = Workspace.from_env()
    print(url(args.port, args.address), flush=True)
    return subprocess.call(
        command(args.port, args.address), env=environment(workspace), cwd=PROJECT_DIR
    )


if __name__ == "__main__":
    sys.exit(main())
