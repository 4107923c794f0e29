"""Extra observations a scenario asks for by name (Scenario.measurements), taken while the
server sits idle, before any request: a request would give the measured thread a chance to run."""

from __future__ import annotations

import time
from collections.abc import Callable

from sandbox.containers import probe
from sandbox.containers.lab import LabContainer
from sandbox.model.observation import TickerProgress, VariantDraft

IDLE_SECONDS = 2.0  # how long the ticker thread is watched while nothing is requested


def _ticks(facts: dict) -> dict[int, int]:
    return {pid: fact["ticks"] for pid, fact in facts.get("ticker", {}).items()}


def ticker_progress(labs: dict[str, LabContainer], observations: dict[str, VariantDraft]) -> None:
    """How many ticks the app's own thread made in about IDLE_SECONDS with no request in flight,
    between the first look and one more (both read the facts the ticker app writes)."""
    latest_first_look = max(observation.looked_at for observation in observations.values())
    time.sleep(max(0.0, latest_first_look + IDLE_SECONDS - time.time()))
    for service, observation in observations.items():
        after = probe.look(labs[service].container, "idle", settle=0, show=False)
        threads = {pid: fact["tid"] for pid, fact in after.facts.get("ticker-thread", {}).items()}
        elapsed = round(after.at - observation.looked_at, 3)
        observation.ticker = TickerProgress(elapsed, _ticks(observation.facts), _ticks(after.facts), threads)


MEASUREMENTS: dict[str, Callable[[dict[str, LabContainer], dict[str, VariantDraft]], None]] = {
    "ticker_progress": ticker_progress,
}
