"""``dualcarbon-dbt``: the dbt command, served by the warm dbt service.

Takes the same arguments as ``dbt`` and gives the same output and exit code; dagster-dbt
runs it as its dbt executable (orchestration/resources.py). Standard library only, so it
starts in milliseconds.

- ``--version`` is answered from the installed packages' metadata (dagster-dbt asks it once
  per run; the real ``dbt --version`` costs a whole dbt start-up).
- The commands the service serves (address.SERVED_COMMANDS) go to the service, which is
  started when none answers. Its child writes to this process's own stdout and stderr
  (the descriptors are passed over the socket), so output streams as dbt writes it.
  SIGINT, SIGTERM and SIGHUP are passed on to that child, as to a dbt process.
- Anything else, ``DUALCARBON_DBT_SERVICE=off``, or a service that cannot be reached or
  started: the real ``dbt`` replaces this process (exec), with the same arguments.

Once the service has said that the command started ("pid"), the command has run: its exit
code is the command's, and it is never run a second time.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from dualcarbon.dbt_service import address

START_TIMEOUT_SECONDS = 120
REAL_DBT = Path(sys.executable).parent / "dbt"


# dbt's global options that take a value (the value is not the subcommand).
_VALUED_GLOBAL_OPTIONS = frozenset(
    {
        "--log-format",
        "--log-level",
        "--log-path",
        "--target-path",
        "--profiles-dir",
        "--project-dir",
        "--printer-width",
        "--log-format-file",
        "--log-level-file",
    }
)


def _command(args: list[str]) -> str | None:
    """The dbt subcommand: the first argument that is neither an option nor its value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED_GLOBAL_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _real_dbt(args: list[str], why: str | None = None) -> None:
    if why:
        print(f"dualcarbon-dbt: {why}; running dbt directly", file=sys.stderr, flush=True)
    os.execv(REAL_DBT, [str(REAL_DBT), *args])


def _version() -> int:
    print("Core:")
    print(f"  - installed: {metadata.version('dbt-core')}")
    print("Plugins:")
    print(f"  - duckdb: {metadata.version('dbt-duckdb')}")
    return 0


def _start_service(sock_path: Path) -> None:
    """Start a service unless another process just did (a lock keeps it to one)."""
    lock_path = sock_path.with_suffix(".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            address.connect(sock_path, timeout=5).close()
            return  # started by someone else meanwhile
        except OSError:
            pass
        log = open(sock_path.with_suffix(".log"), "ab")  # noqa: SIM115 (the service keeps it)
        process = subprocess.Popen(
            [sys.executable, "-m", "dualcarbon.dbt_service.server", "--socket", str(sock_path)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # not in the caller's process group: its Ctrl-C is not ours
            cwd="/",
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise OSError(f"the dbt service exited at start (see {log.name})")
            try:
                address.connect(sock_path, timeout=5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(f"the dbt service did not start within {START_TIMEOUT_SECONDS} s")


def _connect() -> socket.socket:
    sock_path = address.socket_path()
    try:
        return address.connect(sock_path)
    except OSError:
        _start_service(sock_path)
        return address.connect(sock_path)


def _serve(args: list[str]) -> int:
    try:
        sock = _connect()
        request = {"op": "dbt", "args": args, "env": dict(os.environ), "cwd": os.getcwd()}
        sys.stdout.flush()
        sys.stderr.flush()
        address.send_message(sock, request, fds=[1, 2])
        reader = sock.makefile("rb")
        first = reader.readline().decode().split()
    except OSError as error:
        _real_dbt(args, f"dbt service unavailable ({error})")
    if first[:1] != ["pid"]:
        _real_dbt(args, "the dbt service did not start the command")
    child = int(first[1])

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    while True:
        try:
            line = reader.readline().decode().split()
            break
        except InterruptedError:
            continue
    if line[:1] != ["exit"]:
        print("dualcarbon-dbt: the dbt command ended without an exit code", file=sys.stderr)
        return 2
    return int(line[1])


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-v"]) or args[:1] == ["--version"]:
        sys.exit(_version())
    if not address.enabled():
        _real_dbt(args)
    if _command(args) not in address.SERVED_COMMANDS:
        _real_dbt(args)
    sys.exit(_serve(args))


if __name__ == "__main__":
    main()
