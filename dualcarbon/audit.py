"""The append-only, tamper-evident audit log (practice 24): ``$DUALCARBON_HOME/audit/audit.jsonl``.

One JSON object a line. Each entry carries the hash of the previous one, so changing,
removing or reordering any entry breaks the chain (``verify_chain``); release manifests carry
the head hash at their publication, which also catches entries cut off the end. Appends take
an exclusive file lock and are fsynced, so concurrent writers (CLI, dashboard, Dagster) never
interleave and a crash never leaves half a line that a later append builds on.

The release workflow reads its state (sign-offs, approvals, publications, calendar) back from
this log rather than from a mutable table.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dualcarbon.files import exclusive_lock
from dualcarbon.i18n import Message

GENESIS = "0" * 64
ACTIONS = (
    "run",
    "run_start",
    "candidate_freeze",
    "run_recovered",
    "acknowledge",
    "waive",
    "send_back",
    "signoff",
    "approve",
    "publish",
    "calendar_plan",
    "user_add",
    "user_remove",
    "user_roles",
    "demo_workspace",
    "prerelease_access",
)


def log_path(home: Path) -> Path:
    return home / "audit" / "audit.jsonl"


def _entry_hash(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read(home: Path, keep_torn: bool = False) -> list[dict]:
    """Every entry, oldest first. A torn last line (a crash mid-write) is ignored, unless
    ``keep_torn`` (``verify_chain`` must see it: it may as well be a corrupted entry)."""
    path = log_path(home)
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                entries.append(json.loads(line))
            except ValueError:
                entries.append({"_unreadable": line})
    if entries and "_unreadable" in entries[-1] and not keep_torn:
        entries.pop()
    return entries


def head(home: Path) -> str:
    entries = read(home)
    return entries[-1]["hash"] if entries else GENESIS


def append(
    home: Path,
    actor: str,
    role: str,
    action: str,
    subject: str,
    details: dict | None = None,
    at: datetime | None = None,
) -> dict:
    """Append one entry and return it (with ``seq`` and ``hash``)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    path = log_path(home)
    with exclusive_lock(path.with_suffix(".lock")):
        entries = read(home)
        if path.exists() and path.stat().st_size and not path.read_bytes().endswith(b"\n"):
            # a torn line from a crash: end it, so the new entry starts on its own line
            with open(path, "ab") as handle:
                handle.write(b"\n")
        previous = entries[-1] if entries else None
        entry = {
            "seq": (previous["seq"] + 1) if previous else 1,
            "at": (at or datetime.now(UTC)).astimezone(UTC).isoformat(),
            "actor": actor,
            "role": role,
            "action": action,
            "subject": subject,
            "details": details or {},
            "prev_hash": previous["hash"] if previous else GENESIS,
        }
        entry["hash"] = _entry_hash(entry)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    return entry


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    said: Message


def verify_chain(home: Path) -> list[ChainProblem]:
    """Every break in the chain: an edited entry, a removed or reordered one, a bad line."""
    problems: list[ChainProblem] = []
    previous_hash, expected_seq = GENESIS, 1
    for position, entry in enumerate(read(home, keep_torn=True), start=1):
        if "_unreadable" in entry:
            problems.append(
                ChainProblem(None, Message("audit.line_unreadable", {"position": position}))
            )
            continue
        seq = entry.get("seq")
        if seq != expected_seq:
            problems.append(
                ChainProblem(
                    seq,
                    Message(
                        "audit.seq_out_of_order",
                        {"position": position, "seq": seq, "expected": expected_seq},
                    ),
                )
            )
        if entry.get("prev_hash") != previous_hash:
            problems.append(ChainProblem(seq, Message("audit.chain_broken", {"seq": seq})))
        if _entry_hash(entry) != entry.get("hash"):
            problems.append(ChainProblem(seq, Message("audit.entry_altered", {"seq": seq})))
        previous_hash = entry.get("hash", "")
        expected_seq = (seq or expected_seq) + 1
    return problems


def find(home: Path, action: str | None = None, subject: str | None = None) -> list[dict]:
    return [
        e
        for e in read(home)
        if (action is None or e.get("action") == action)
        and (subject is None or e.get("subject") == subject)
    ]
