"""`sandbox bench`: how much a scenario costs beyond the sleeps it is made of.

For each run: the wall time of the whole scenario; the time its own sleeps force on it, taken
from what the servers reported (first request sent -> last request answered, plus the idle
interval of a measurement); and the overhead between them (start, readiness, probing,
teardown), per container. Needs warm images; the sleeps are short.
"""

from __future__ import annotations

import statistics
import time

from sandbox.containers import images, runner
from sandbox.model.measures import BenchRow
from sandbox.model.observation import ScenarioObservation
from sandbox.model.scenario import Scenario
from sandbox.runs.observe import observe


def sleep_bound_seconds(observation: ScenarioObservation) -> float:
    """The part of a run its sleeps dictate, as the servers and clients saw it."""
    records = [r for v in observation.variants for r in v.requests]
    traffic = 0.0
    if records:
        ends = [r.server_end or r.client_end or r.client_start for r in records]
        traffic = max(ends) - min(r.client_start for r in records)
    idle = max((v.ticker.idle_seconds for v in observation.variants if v.ticker), default=0.0)
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


def bench(scenarios, uwsgi_version: str, sleep: float, runs: int) -> list[BenchRow]:
    images.ensure_image(uwsgi_version)
    rows = []
    for scenario in scenarios:
        runner.note(f"· {scenario.name}: {runs} run(s) at --sleep {sleep:g}")
        rows.append(bench_scenario(scenario, uwsgi_version, sleep, runs))
    return rows
