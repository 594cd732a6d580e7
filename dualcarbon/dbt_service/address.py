"""Where the dbt service of this installation listens, and how to talk to it.

Standard library only: the client imports this on every dbt command, and must start in
milliseconds.

One service per installation: the key hashes the Python environment (its prefix and its
installed distributions, which change with every install or removal) and this package's
own files, so a new dbt, a new dualcarbon or another checkout never talks to an old
service. It serves any workspace and any project folder: those come with each command.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import sys
import sysconfig
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Set to "off" to run every dbt command in a fresh dbt process, as plain dbt does.
SWITCH = "DUALCARBON_DBT_SERVICE"
# Where the sockets live (default: $XDG_RUNTIME_DIR or the temp folder, per user).
DIR_VARIABLE = "DUALCARBON_DBT_SERVICE_DIR"
# How long an idle service waits for work before it exits (seconds).
IDLE_VARIABLE = "DUALCARBON_DBT_SERVICE_IDLE"
DEFAULT_IDLE_SECONDS = 900
# The commands whose work needs the parsed project. Others (parse, debug, deps, clean,
# init, docs) the client hands to the real dbt.
SERVED_COMMANDS = frozenset(
    {"build", "run", "test", "seed", "snapshot", "compile", "list", "ls", "run-operation", "show"}
)

# Wire format: an 8-byte big-endian length, then that many bytes of UTF-8 JSON. The client
# sends its stdout and stderr file descriptors with the length (SCM_RIGHTS), so the dbt
# child writes straight to them. The service answers with lines: "pid <n>" once the child
# has started (from then on the command has run), then "exit <code>".
HEADER_BYTES = 8


def enabled() -> bool:
    return os.environ.get(SWITCH, "on").strip().lower() not in ("off", "0", "false", "no")


def service_dir() -> Path:
    """A folder only this user can enter (checked, since the socket accepts commands)."""
    base = (
        os.environ.get(DIR_VARIABLE) or os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    )
    folder = Path(base) / f"dualcarbon-dbt-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        raise PermissionError(f"{folder} must belong to this user and be closed to others")
    return folder


def installation_key() -> str:
    parts = [str(Path(sys.prefix).resolve()), str(PACKAGE_DIR)]
    # What is installed: every distribution's metadata folder, by name (name and version) and
    # modification time (an install writes it anew). Not site-packages' own modification
    # time, which also changes when Python first writes bytecode for a top-level module
    # there: that would move the address under a running service.
    with os.scandir(sysconfig.get_paths()["purelib"]) as entries:
        parts += sorted(
            f"{entry.name}:{entry.stat().st_mtime_ns}"
            for entry in entries
            if entry.name.endswith(".dist-info")
        )
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        info = path.stat()
        parts.append(f"{path.name}:{info.st_mtime_ns}:{info.st_size}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def socket_path() -> Path:
    path = service_dir() / f"service-{installation_key()}.sock"
    if len(os.fsencode(path)) > 100:  # the kernel's limit for a socket's path is 108 bytes
        raise OSError(f"socket path too long: {path} (set {DIR_VARIABLE} to a shorter folder)")
    return path


def send_message(sock: socket.socket, message: dict, fds: list[int] | None = None) -> None:
    payload = json.dumps(message).encode()
    header = len(payload).to_bytes(HEADER_BYTES, "big")
    if fds:
        socket.send_fds(sock, [header], fds)
    else:
        sock.sendall(header)
    sock.sendall(payload)


def receive_message(sock: socket.socket, max_fds: int = 0) -> tuple[dict, list[int]]:
    if max_fds:
        header, fds, _flags, _addr = socket.recv_fds(sock, HEADER_BYTES, max_fds)
    else:
        header, fds = sock.recv(HEADER_BYTES), []
    if not header:
        raise EOFError("closed without a message")  # a client checking that we listen
    while len(header) < HEADER_BYTES:
        more = sock.recv(HEADER_BYTES - len(header))
        if not more:
            raise ConnectionError("the message ended inside its header")
        header += more
    length = int.from_bytes(header, "big")
    chunks, received = [], 0
    while received < length:
        chunk = sock.recv(min(1 << 20, length - received))
        if not chunk:
            raise ConnectionError("the message ended early")
        chunks.append(chunk)
        received += len(chunk)
    return json.loads(b"".join(chunks)), list(fds)


def connect(path: Path | None = None, timeout: float | None = None) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(str(path or socket_path()))
    except OSError:
        sock.close()
        raise
    return sock


def ask(op: str, path: Path | None = None) -> dict | None:
    """Send ``op`` ("status" or "stop") to the running service; None if none answers."""
    try:
        sock = connect(path, timeout=15)  # a loaded machine can be slow to answer
    except OSError:
        return None
    with sock:
        send_message(sock, {"op": op})
        try:
            answer, _ = receive_message(sock)
        except (OSError, ValueError):
            return None
    return answer
