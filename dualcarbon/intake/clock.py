"""When intake received a file: the server's clock, never the file's own time.

A file's modification time is set by whoever wrote it (``touch -d`` sets any date), so it
cannot decide whether a department met its deadline: ``raw.submissions.received_at`` is the
server's time when intake took the file, and the file's time is only kept beside it
(``file_modified_at``).

The demo and the tests that replay history (sample files sent years ago, stamped with the
time they would have arrived) set ``DUALCARBON_INTAKE_REPLAY=file-time``, which takes the
file's time as the time of receipt. It is for demo and test workspaces only (see
docs/security.md): with it, a sender decides their own punctuality.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from dualcarbon.errors import BilingualError

REPLAY_VARIABLE = "DUALCARBON_INTAKE_REPLAY"
FILE_TIME = "file-time"


class UnknownReplay(BilingualError):
    def __init__(self, value: str) -> None:
        super().__init__(
            "intake.clock.unknown_replay", variable=REPLAY_VARIABLE, value=value, mode=FILE_TIME
        )


def replaying() -> bool:
    """Whether receipt times are the files' own (demo and tests); an unknown mode is refused
    rather than silently read as the server's clock or the file's."""
    mode = os.environ.get(REPLAY_VARIABLE, "")
    if mode not in ("", FILE_TIME):
        raise UnknownReplay(mode)
    return mode == FILE_TIME


def received_at(file_modified_at: datetime) -> datetime:
    """The time of receipt to record (UTC): now, or the file's time when replaying."""
    return file_modified_at if replaying() else datetime.now(UTC)
