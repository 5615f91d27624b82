"""Named points where a test can kill the process (fault injection).

``AIGRAPH_FAULT=<name>`` makes the process SIGKILL itself when it reaches the
checkpoint of that name, as a power cut or ``kill -9`` would at that moment;
the crash-safety tests use it to check that the next command finds a
consistent output folder. Unset (always, outside those tests) it does nothing.
"""

from __future__ import annotations

import os
import signal

ENV_VAR = "AIGRAPH_FAULT"


def checkpoint(name: str) -> None:
    """Die here, now, if the environment asks for a fault at ``name``."""
    if os.environ.get(ENV_VAR) == name:
        os.kill(os.getpid(), signal.SIGKILL)
