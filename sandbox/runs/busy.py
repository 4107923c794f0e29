"""A busy machine on purpose: processes that spin on the CPU beside a soak, so it shows whether
the verdicts still hold when a core is taken (`sandbox soak --busy-cores 1`, `make soak BUSY=1`).

Each loop is bounded on its own: it ends at its deadline even if the soak was killed without a
chance to stop it, and the soak stops every loop when it ends."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator

_LOOP = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"


@contextlib.contextmanager
def busy_cores(cores: int, seconds: float) -> Iterator[list[subprocess.Popen]]:
    """`cores` processes, each spinning on a core for at most `seconds`, stopped when the block ends."""
    loops = [
        subprocess.Popen([sys.executable, "-c", _LOOP.format(seconds=float(seconds))]) for _ in range(cores)
    ]
    try:
        yield loops
    finally:
        for loop in loops:
            loop.terminate()
        for loop in loops:
            loop.wait()
