"""`sandbox bench`: how much a scenario costs beyond the sleeps it is made of.

For each run: the wall time of the whole scenario; the time its own sleeps force on it, taken
from what the servers reported (first request sent -> last request answered, plus the idle
interval of a measurement); and the overhead between them (start, readiness, probing,
teardown), per container. Needs warm images; the sleeps are short.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass

from sandbox.catalog import Scenario
from sandbox.observe import ScenarioObservation, observe


@dataclass
class BenchRow:
    scenario: str
    containers: int
    runs: int
    wall: float  # median seconds
    sleeps: float  # median seconds the scenario's own sleeps take
    overhead: float  # wall - sleeps
    overhead_per_container: float
    phases: dict[str, float]  # median seconds per phase

    def as_dict(self) -> dict:
        return asdict(self)


def sleep_bound_seconds(observation: ScenarioObservation) -> float:
    """The part of a run its sleeps dictate, as the servers and clients saw it."""
    records = [r for v in observation.variants for r in v.requests]
    traffic = 0.0
    if records:
        ends = [r.server_end or r.client_end or r.client_start for r in records]
        traffic = max(ends) - min(r.client_start for r in records)
    idle = max(
        (v.measurements.get("ticker", {}).get("idle_seconds", 0.0) for v in observation.variants), default=0.0
    )
    return traffic + idle


def bench_scenario(scenario: Scenario, uwsgi_version: str, sleep: float, runs: int) -> BenchRow:
    walls, sleeps, phases = [], [], {}
    for _ in range(runs):
        started = time.perf_counter()
        observation = observe(scenario, uwsgi_version, sleep)
        walls.append(time.perf_counter() - started)
        sleeps.append(sleep_bound_seconds(observation))
        for phase, seconds in observation.timings.items():
            phases.setdefault(phase, []).append(seconds)
    wall, slept = statistics.median(walls), statistics.median(sleeps)
    containers = len(scenario.variants)
    return BenchRow(
        scenario.name,
        containers,
        runs,
        round(wall, 3),
        round(slept, 3),
        round(wall - slept, 3),
        round((wall - slept) / containers, 3),
        {phase: round(statistics.median(values), 3) for phase, values in phases.items()},
    )
