"""Sign-in throttling, per user name and per address, kept in the workspace.

After ``FREE_FAILURES`` failed sign-ins in a row, the next attempt must wait 1 s, and each
further failure doubles the wait (2 s, 4 s … up to ``MAX_WAIT`` s); during the wait every attempt is
refused without checking the password, so guessing costs time whatever the answer. An
address gets more free failures than a name, because people behind one gateway share it. A
success clears the name's count. The counts live in ``access/throttle.json`` (written whole,
under a lock), so restarting the dashboard or running the CLI again does not reset them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from dualcarbon.errors import BilingualError
from dualcarbon.files import exclusive_lock

FREE_FAILURES = {"user": 5, "address": 20}
MAX_WAIT = 15 * 60  # seconds


class Throttled(BilingualError):
    """Too many failed sign-ins: wait, said in zh and en."""


def _path(home: Path) -> Path:
    return home / "access" / "throttle.json"


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save(path: Path, state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle, sort_keys=True)
    os.replace(tmp, path)


def _keys(username: str, address: str | None) -> list[tuple[str, str]]:
    keys = [("user", f"user:{username.casefold()}")]
    if address:
        keys.append(("address", f"address:{address}"))
    return keys


def check(home: Path, username: str, address: str | None, now: float | None = None) -> None:
    """Refuse (``Throttled``) while the name or the address must wait."""
    now = time.time() if now is None else now
    state = _load(_path(home))
    wait = max((state.get(key, {}).get("until", 0) - now for _, key in _keys(username, address)))
    if wait > 0:
        seconds = int(wait) + 1
        raise Throttled("auth.throttle.check.too_many_failed_sign", seconds=seconds)


def record(
    home: Path, username: str, address: str | None, success: bool, now: float | None = None
) -> None:
    """Count a failure (and set the next wait), or clear the name's count after a success."""
    now = time.time() if now is None else now
    path = _path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(path.with_suffix(".lock")):
        state = _load(path)
        for kind, key in _keys(username, address):
            if success:
                if kind == "user":
                    state.pop(key, None)
                continue
            failures = state.get(key, {}).get("failures", 0) + 1
            over = failures - FREE_FAILURES[kind]  # 0 at the last free failure: wait 1 s
            until = now + min(2**over, MAX_WAIT) if over >= 0 else 0
            state[key] = {"failures": failures, "until": until}
        _save(path, state)
