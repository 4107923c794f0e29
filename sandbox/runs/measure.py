"""Extra observations a scenario asks for by name (Scenario.measurements), taken while the
server sits idle, before any request: a request would give the measured thread a chance to run."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from sandbox.containers import inside
from sandbox.containers.lab import LabContainer
from sandbox.model.observation import TickerProgress, VariantObservation

IDLE_SECONDS = 2.0  # how long the ticker thread is watched while nothing is requested
_TICKER_FILES = re.compile(r"^/tmp/ticker-(?P<thread>thread-)?(?P<pid>\d+) (?P<value>\d+)", re.M)


def _ticker_files(lab: LabContainer) -> tuple[dict[int, int], dict[int, int]]:
    """(pid -> ticks, pid -> tid of the app's own thread), from the files the ticker app writes."""
    argv = ["sh", "-c", 'for f in /tmp/ticker-*; do echo "$f $(cat "$f")"; done']
    text = inside.exec_text(lab.container, argv, show=False)
    ticks, threads = {}, {}
    for match in _TICKER_FILES.finditer(text):
        target = threads if match["thread"] else ticks
        target[int(match["pid"])] = int(match["value"])
    return ticks, threads


def ticker_progress(labs: dict[str, LabContainer], observations: dict[str, VariantObservation]) -> None:
    """How many ticks the app's own thread made in IDLE_SECONDS with no request in flight."""
    before = {service: _ticker_files(lab)[0] for service, lab in labs.items()}
    started = time.monotonic()
    time.sleep(IDLE_SECONDS)
    after = {service: _ticker_files(lab) for service, lab in labs.items()}
    elapsed = time.monotonic() - started
    for service, observation in observations.items():
        ticks, threads = after[service]
        observation.ticker = TickerProgress(round(elapsed, 3), before[service], ticks, threads)


MEASUREMENTS: dict[str, Callable[[dict[str, LabContainer], dict[str, VariantObservation]], None]] = {
    "ticker_progress": ticker_progress,
}
