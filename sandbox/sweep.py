"""`sandbox sweep`: the article's conclusion, measured. For every cell of processes x threads x
workload x server, start the server, run a bounded closed-loop load, and record throughput,
latency percentiles, errors and the peak number of requests in flight seen by the server.

The servers' commands come from compose.yaml (services sweep-uwsgi and sweep-gunicorn); a cell
only changes the numbers after --processes/--workers and --threads.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sandbox import compose, console, images, stats
from sandbox.errors import BadOption
from sandbox.lab import LabStack
from sandbox.load import LoadResult, closed_loop
from sandbox.paths import DEFAULT_UWSGI

SWEEP_SERVICES = {"uwsgi": "sweep-uwsgi", "gunicorn": "sweep-gunicorn"}
PROCESS_OPTIONS = {"uwsgi": "--processes", "gunicorn": "--workers"}
WORKLOADS = ("io", "cpu")
MAX_WORKERS = 16


@dataclass
class Cell:
    server: str
    workload: str
    processes: int
    threads: int
    throughput: float  # answered requests per second
    p50: float | None  # latency, seconds
    p95: float | None
    p99: float | None
    errors: int
    peak_in_flight: int
    cpu_limit: float
    completed: int
    ideal: float
    efficiency: float

    def as_dict(self) -> dict:
        return asdict(self)


def cell_command(base: Sequence[str], server: str, processes: int, threads: int) -> list[str]:
    """compose.yaml's command with this cell's process and thread counts."""
    counts = {PROCESS_OPTIONS[server]: processes, "--threads": threads}
    command = list(base)
    for option, value in counts.items():
        if option not in command:
            raise BadOption(f"the {server} sweep command in compose.yaml has no {option}")
        command[command.index(option) + 1] = str(value)
    return command


def parse_counts(text: str, what: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise BadOption(f"{what} {text}: give whole numbers separated by commas, e.g. 1,2,4") from None
    if not counts or any(not 1 <= count <= MAX_WORKERS for count in counts):
        raise BadOption(f"{what} {text}: each number must be between 1 and {MAX_WORKERS}")
    return counts


def choices(value: str, allowed: Sequence[str], what: str) -> list[str]:
    if value == "both":
        return list(allowed)
    if value not in allowed:
        raise BadOption(f"{what} {value}: choose {', '.join(allowed)} or both")
    return [value]


def _cpu_limit(container) -> float:
    nano = container.attrs["HostConfig"].get("NanoCpus") or 0
    return nano / 1e9 if nano else float(os.cpu_count() or 1)


def _measure(
    server: str, command: list[str], path: str, concurrency: int, duration: float
) -> tuple[LoadResult, float]:
    service = SWEEP_SERVICES[server]
    with LabStack([service], uwsgi_version=DEFAULT_UWSGI, sleep=1, commands={service: command}) as stack:
        lab = stack.containers[service]
        return closed_loop(lab.container, path, concurrency, duration), _cpu_limit(lab.container)


def run_cell(server, workload, processes, threads, ms, concurrency, duration, base) -> Cell:
    command = cell_command(base, server, processes, threads)
    result, cpu_limit = _measure(server, command, f"/{workload}?ms={ms:g}", concurrency, duration)
    throughput = result.throughput
    cores = min(cpu_limit, float(os.cpu_count() or 1))
    ideal = stats.ideal_throughput(workload, processes, threads, ms, cores, concurrency)
    return Cell(
        server,
        workload,
        processes,
        threads,
        round(throughput, 2),
        *(stats.percentile(result.latencies, q) for q in (50, 95, 99)),
        result.errors,
        stats.peak_in_flight(result.server_spans),
        cpu_limit,
        result.completed,
        round(ideal, 2),
        round(throughput / ideal, 3) if ideal else 0.0,
    )


def load_generator_ceiling(concurrency: int, duration: float, base: Sequence[str]) -> float:
    """Requests per second the generator reaches against a trivial endpoint on a wide server."""
    command = cell_command(base, "uwsgi", 4, 4)
    result, _ = _measure("uwsgi", command, "/noop", concurrency, duration)
    return round(result.throughput, 1)


@dataclass
class SweepResult:
    cells: list[Cell]
    ceiling: float
    ms: float
    concurrency: int
    duration: float

    @property
    def cpu_limit(self) -> float:
        return self.cells[0].cpu_limit if self.cells else 0.0

    def cell(self, server: str, workload: str, processes: int, threads: int) -> Cell | None:
        return next(
            (
                c
                for c in self.cells
                if (c.server, c.workload, c.processes, c.threads) == (server, workload, processes, threads)
            ),
            None,
        )

    def as_dict(self) -> dict:
        return {
            "cells": [c.as_dict() for c in self.cells],
            "load_generator_ceiling": self.ceiling,
            "cpu_limit": self.cpu_limit,
            "ms": self.ms,
            "concurrency": self.concurrency,
            "duration": self.duration,
            "explanation": explain(self),
        }


def _ratio(a: Cell | None, b: Cell | None) -> float | None:
    return a.throughput / b.throughput if a and b and b.throughput else None


def speedups(result: SweepResult, server: str) -> dict[str, float | None]:
    """Threads on I/O, threads on CPU, and processes on CPU: most vs one, the other knob at 1."""
    cells = [c for c in result.cells if c.server == server]
    if not cells:
        return {}
    most_threads = max(c.threads for c in cells)
    most_processes = max(c.processes for c in cells)
    return {
        "threads_io": _ratio(result.cell(server, "io", 1, most_threads), result.cell(server, "io", 1, 1)),
        "threads_cpu": _ratio(result.cell(server, "cpu", 1, most_threads), result.cell(server, "cpu", 1, 1)),
        "processes_cpu": _ratio(
            result.cell(server, "cpu", most_processes, 1), result.cell(server, "cpu", 1, 1)
        ),
    }


def explain(result: SweepResult) -> list[str]:
    lines = [
        f"Each request: {result.ms:g} ms of sleep (io) or of pure-Python CPU (cpu); {result.concurrency} clients "
        f"in a closed loop for {result.duration:g} s per cell. The container may use {result.cpu_limit:g} CPU(s) "
        f"(compose `cpus`, set on purpose); the host has {os.cpu_count()} core(s).",
        f"Ideal per cell: io = min(p x t, clients) x 1000/{result.ms:g}; cpu = min(p, cores, clients) x "
        f"1000/{result.ms:g}. The load generator itself reached {result.ceiling:g} req/s on a trivial endpoint, "
        "well above every cell, so it is not the bottleneck.",
    ]
    for server in sorted({c.server for c in result.cells}):
        found = speedups(result, server)

        def fmt(value: float | None) -> str:
            return f"x{value:.1f}" if value else "not measured"

        lines.append(
            f"{server}: more threads in one process raised I/O-bound throughput {fmt(found.get('threads_io'))} but "
            f"CPU-bound throughput only {fmt(found.get('threads_cpu'))} (the GIL runs one Python thread at a time); "
            f"more processes raised CPU-bound throughput {fmt(found.get('processes_cpu'))}, up to the cores there are."
        )
    return lines


def sweep(
    processes: list[int],
    threads: list[int],
    workloads: list[str],
    servers: list[str],
    concurrency: int,
    duration: float,
    ms: float,
) -> SweepResult:
    services = compose.services()
    for server in servers:
        if server == "uwsgi":
            images.ensure_image(DEFAULT_UWSGI)
        else:
            images.ensure_service_image(SWEEP_SERVICES[server], {}, "gunicorn")
    base = {server: services[SWEEP_SERVICES[server]]["command"] for server in SWEEP_SERVICES}
    console.note(f"· load generator ceiling (/noop, {concurrency} clients)")
    ceiling = load_generator_ceiling(concurrency, min(duration, 2.0), base["uwsgi"])
    cells = []
    for server in servers:
        for workload in workloads:
            for p in processes:
                for t in threads:
                    console.note(f"· {server} {workload} processes={p} threads={t}")
                    cells.append(run_cell(server, workload, p, t, ms, concurrency, duration, base[server]))
    return SweepResult(cells, ceiling, ms, concurrency, duration)
