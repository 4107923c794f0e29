"""`sandbox bench`: what a user waits for, and how far above the engine's floor that is.

Each run is `sandbox run NAME --json` as a separate process, timed from the moment it is
started to the moment it exits (Python's start, imports, image check, compose, probing,
requests, judging, rendering, teardown: everything a user waits for). From its JSON: the time
the scenario's own sleeps force on it (first request sent -> last request answered, plus the
idle interval of a measurement, as the servers reported them) and the lab's phase timings. The
overhead is wall minus sleeps. In the same bench the floor is measured (containers/floor.py:
the same image started, exec'd and removed through the SDK) and each scenario's overhead per
container is given as a multiple of it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sandbox import speed
from sandbox.containers import floor, images, runner
from sandbox.errors import CommandFailed
from sandbox.model.measures import BenchResult, BenchRow, TrickRow, TricksResult
from sandbox.model.observation import ScenarioObservation
from sandbox.model.scenario import Scenario
from sandbox.output.json_run import observation_from_dict


def sleep_bound_seconds(observation: ScenarioObservation) -> float:
    """The part of a run its sleeps dictate, as the servers and clients saw it."""
    records = [r for v in observation.variants for r in v.requests]
    traffic = 0.0
    if records:
        ends = [r.server_end or r.client_end or r.client_start for r in records]
        traffic = max(ends) - min(r.client_start for r in records)
    idle = max((v.ticker.idle_seconds for v in observation.variants if v.ticker), default=0.0)
    return traffic + idle


def _sandbox_argv() -> list[str]:
    """The `sandbox` a user would type: the console script beside this Python."""
    script = Path(sys.executable).with_name("sandbox")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sandbox"]


def timed_run(scenario: Scenario, uwsgi_version: str, sleep: float, without: str = "") -> tuple[float, dict]:
    """Wall seconds of one `sandbox run NAME --json`, from process start to exit, and its JSON;
    `without`: the speed tricks it runs without (SANDBOX_WITHOUT, sandbox/speed.py)."""
    argv = [
        *_sandbox_argv(),
        "-q",
        "run",
        scenario.name,
        "--sleep",
        f"{sleep:g}",
        "--uwsgi",
        uwsgi_version,
        "--json",
    ]
    env = {**os.environ, "SANDBOX_WITHOUT": without}
    runner.announce(argv, {"SANDBOX_WITHOUT": without} if without else None)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, env=env)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise CommandFailed(f"sandbox run {scenario.name} exited {done.returncode}: {last}")
    return wall, json.loads(done.stdout)


def bench_scenario(scenario: Scenario, uwsgi_version: str, sleep: float, runs: int) -> BenchRow:
    walls, sleeps, phases = [], [], {}
    for _ in range(runs):
        wall, data = timed_run(scenario, uwsgi_version, sleep)
        walls.append(wall)
        sleeps.append(sleep_bound_seconds(observation_from_dict(data)))
        for phase, seconds in data["timings"].items():
            phases.setdefault(phase, []).append(seconds)
        # Whatever the lab's phases do not cover: Python's start, imports, judging, rendering.
        phases.setdefault("rest", []).append(wall - sum(data["timings"].values()))
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


def timed_verify(sleep: float, jobs: int) -> dict:
    """`sandbox verify --set article` on both versions, timed from its start to its exit."""
    argv = [
        *_sandbox_argv(),
        "-q",
        "verify",
        "--set",
        "article",
        "--sleep",
        f"{sleep:g}",
        "--jobs",
        str(jobs),
        "--json",
    ]
    runner.announce(argv)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - started
    claims = json.loads(done.stdout)["claims"] if done.stdout.strip() else []
    return {
        "sleep": sleep,
        "jobs": jobs,
        "checks": len(claims),
        "seconds": round(seconds, 2),
        "as_expected": done.returncode == 0 and all(c["verdict"] == c["expected"] for c in claims),
    }


def bench(
    scenarios, uwsgi_version: str, sleep: float, runs: int, jobs: int = 4, time_verify: bool = True
) -> BenchResult:
    tag = images.ensure_image(uwsgi_version)
    runner.step(f"· the floor: {tag} started, exec'd and removed through the SDK, {runs} time(s)")
    floors = [floor.measure_floor(tag) for _ in range(runs)]
    measured_floor = {part: round(statistics.median(f[part] for f in floors), 3) for part in floors[0]}
    rows = []
    for scenario in scenarios:
        runner.step(f"· {scenario.name}: {runs} run(s) at --sleep {sleep:g}")
        rows.append(bench_scenario(scenario, uwsgi_version, sleep, runs))
    if not time_verify:
        return BenchResult(uwsgi_version, sleep, measured_floor, tuple(rows))
    runner.step(f"· sandbox verify --set article --sleep {sleep:g} --jobs {jobs}, timed")
    return BenchResult(uwsgi_version, sleep, measured_floor, tuple(rows), timed_verify(sleep, jobs))


def bench_tricks(scenario: Scenario, uwsgi_version: str, sleep: float, runs: int) -> TricksResult:
    """Each speed trick's worth: the scenario run with every trick on, without each one in turn,
    and without any, interleaved round by round so that the machine's phases fall on all alike."""
    variants = ["", *speed.TRICKS, "all"]
    overheads: dict[str, list[float]] = {variant: [] for variant in variants}
    images.ensure_image(uwsgi_version)
    for round_number in range(runs):
        runner.step(
            f"· round {round_number + 1}/{runs}: {scenario.name} with every trick, without each, without all"
        )
        for variant in variants:
            wall, data = timed_run(scenario, uwsgi_version, sleep, without=variant)
            overheads[variant].append(wall - sleep_bound_seconds(observation_from_dict(data)))
    with_all = statistics.median(overheads[""])
    rows = tuple(
        TrickRow(variant, round(with_all, 3), round(statistics.median(overheads[variant]), 3), runs)
        for variant in variants[1:]
    )
    return TricksResult(scenario.name, uwsgi_version, sleep, rows)
