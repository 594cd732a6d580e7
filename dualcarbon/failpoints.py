"""Named points where a test can make a process stop dead, to prove crash safety.

Set ``DUALCARBON_FAILPOINT=<name>`` and the process, on reaching that point, writes
``<DUALCARBON_HOME>/.state/failpoint-<name>`` and then hangs, so the test can kill it hard
(SIGKILL) at exactly that moment. Unset, a failpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import time

from dualcarbon.paths import Workspace


def failpoint(name: str) -> None:
    if os.environ.get("DUALCARBON_FAILPOINT") != name:
        return
    marker = Workspace.from_env().state / f"failpoint-{name}"
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(os.getpid()))
    while True:  # wait to be killed
        time.sleep(60)
