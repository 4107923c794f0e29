"""`sandbox sweep`: the article's conclusion, measured. For every cell of processes x threads x
workload x server, start the server, run a bounded closed-loop load beside it, and record
throughput, latency percentiles, errors and the peak number of requests in flight the server saw.

The servers' commands come from compose.yaml (services sweep-uwsgi and sweep-gunicorn); a cell
only changes the numbers after --processes/--workers and --threads.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from sandbox.analysis import stats
from sandbox.analysis.sweep import SweepCheck, cell_command, gil_checks
from sandbox.containers import compose, images, probe, runner
from sandbox.containers.lab import LabStack
from sandbox.errors import BadOption
from sandbox.model.measures import Cell, LoadResult, SweepResult
from sandbox.runs.load import closed_loop
from sandbox.settings import DEFAULT_UWSGI

SWEEP_SERVICES = {"uwsgi": "sweep-uwsgi", "gunicorn": "sweep-gunicorn"}
MAX_WORKERS = 16


def counts(text: str, what: str) -> list[int]:
    """`1,2,4` as [1, 2, 4]; each between 1 and MAX_WORKERS."""
    try:
        found = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise BadOption(f"{what} {text}: give whole numbers separated by commas, e.g. 1,2,4") from None
    if not found or any(not 1 <= count <= MAX_WORKERS for count in found):
        raise BadOption(f"{what} {text}: each number must be between 1 and {MAX_WORKERS}")
    return found


def _command(base: Sequence[str], server: str, processes: int, threads: int) -> list[str]:
    command = cell_command(base, server, processes, threads)
    if command is None:
        raise BadOption(f"the {server} sweep command in compose.yaml lacks its process or thread option")
    return command


def _cpu_limit(container) -> float:
    nano = container.attrs["HostConfig"].get("NanoCpus") or 0
    return nano / 1e9 if nano else float(os.cpu_count() or 1)


@dataclass(frozen=True)
class Measured:
    load: LoadResult
    cpu_limit: float
    uss: int | None  # bytes, summed over the server's processes when the load ended
    pss: int | None


def _total(values: list[int | None]) -> int | None:
    return None if not values or None in values else sum(values)


def _measure(server: str, command: list[str], path: str, concurrency: int, duration: float) -> Measured:
    service = SWEEP_SERVICES[server]
    with LabStack([service], uwsgi_version=DEFAULT_UWSGI, sleep=1, commands={service: command}) as stack:
        lab = stack.containers[service]
        load = closed_loop(lab.container, path, concurrency, duration)
        tree = probe.look(lab.container, "after the load", settle=0, show=False).processes
        uss, pss = _total([p.uss for p in tree]), _total([p.pss for p in tree])
        return Measured(load, _cpu_limit(lab.container), uss, pss)


def run_cell(server, workload, processes, threads, ms, concurrency, duration, base) -> Cell:
    command = _command(base, server, processes, threads)
    measured = _measure(server, command, f"/{workload}?ms={ms:g}", concurrency, duration)
    result, cpu_limit = measured.load, measured.cpu_limit
    cores = min(cpu_limit, float(os.cpu_count() or 1))
    ideal = stats.ideal_throughput(workload, processes, threads, ms, cores, concurrency)
    return Cell(
        server, workload, processes, threads, round(result.throughput, 2),
        *(stats.percentile(result.latencies, q) for q in (50, 95, 99)),
        result.errors, stats.peak_in_flight(result.server_spans), cpu_limit, result.completed,
        round(ideal, 2), round(result.throughput / ideal, 3) if ideal else 0.0, measured.uss, measured.pss,
        None if result.idle_cores is None else round(result.idle_cores, 2), result.machine_cores,
    )  # fmt: skip


def load_generator_ceiling(concurrency: int, duration: float, base: Sequence[str]) -> float:
    """Requests per second the generator reaches against a trivial endpoint on a wide server."""
    measured = _measure("uwsgi", _command(base, "uwsgi", 4, 4), "/noop", concurrency, duration)
    return round(measured.load.throughput, 1)


GIL_MS, GIL_CLIENTS, GIL_SECONDS = 50, 8, 1.5  # wide margins, a few seconds a cell


def gil_lesson(server: str, base: Sequence[str]) -> tuple[list[Cell], list[SweepCheck]]:
    """The four cells the article's conclusion needs, each its own live container and bounded
    load, and what they show (analysis.sweep.gil_checks)."""

    def cell(workload: str, processes: int, threads: int) -> Cell:
        runner.step(f"· {server} {workload} processes={processes} threads={threads}")
        return run_cell(server, workload, processes, threads, GIL_MS, GIL_CLIENTS, GIL_SECONDS, base)

    cells = [cell("io", 1, 1), cell("io", 1, 4), cell("cpu", 1, 4), cell("cpu", 2, 1)]
    return cells, gil_checks(*cells, ms=GIL_MS)


def server_version(server: str) -> str:
    """What the soak table's uWSGI column says for a sweep: its version, or that it is gunicorn."""
    return DEFAULT_UWSGI if server == "uwsgi" else f"({server})"


def base_commands(servers: Sequence[str]) -> dict[str, list[str]]:
    """Each server's sweep command from compose.yaml, with its image built if missing."""
    services = compose.services()
    for server in servers:
        if server == "uwsgi":
            images.ensure_image(DEFAULT_UWSGI)
        else:
            images.ensure_service_image(SWEEP_SERVICES[server], {}, server)
    return {server: services[SWEEP_SERVICES[server]]["command"] for server in SWEEP_SERVICES}


def sweep(
    processes: list[int], threads: list[int], workloads: list[str], servers: list[str],
    concurrency: int, duration: float, ms: float,
) -> SweepResult:  # fmt: skip
    base = base_commands(servers)
    runner.step(f"· load generator ceiling (/noop, {concurrency} clients)")
    ceiling = load_generator_ceiling(concurrency, min(duration, 2.0), base["uwsgi"])
    cells = []
    for server in servers:
        for workload in workloads:
            for p in processes:
                for t in threads:
                    runner.step(f"· {server} {workload} processes={p} threads={t}")
                    cells.append(run_cell(server, workload, p, t, ms, concurrency, duration, base[server]))
    return SweepResult(tuple(cells), ceiling, ms, concurrency, duration, os.cpu_count() or 1)
