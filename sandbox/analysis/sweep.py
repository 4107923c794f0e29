"""The sweep's arithmetic: a cell's command, its ideal throughput, and the speed-ups to report."""

from __future__ import annotations

from collections.abc import Sequence

from sandbox.analysis import command as commands
from sandbox.model.measures import Cell, SweepResult

WORKLOADS = ("io", "cpu")
PROCESS_OPTIONS = {"uwsgi": "--processes", "gunicorn": "--workers"}


def cell_command(base: Sequence[str], server: str, processes: int, threads: int) -> list[str] | None:
    """compose.yaml's command with this cell's process and thread counts (None: it has no such options)."""
    parsed = commands.parse(base)
    if not (parsed.has(PROCESS_OPTIONS[server]) and parsed.has("--threads")):
        return None
    with_processes = commands.parse(parsed.with_value(PROCESS_OPTIONS[server], str(processes)))
    return with_processes.with_value("--threads", str(threads))


def _ratio(a: Cell | None, b: Cell | None) -> float | None:
    return a.throughput / b.throughput if a and b and b.throughput else None


def threads_or_processes(result: SweepResult, server: str) -> tuple[Cell, Cell] | None:
    """The same I/O-bound capacity two ways: 1 process x N threads, and N processes x 1 thread
    (N the most threads tried that was also tried as processes), both with memory measured."""
    cells = [c for c in result.cells if c.server == server and c.workload == "io" and c.pss is not None]
    shared = {c.threads for c in cells if c.processes == 1} & {c.processes for c in cells if c.threads == 1}
    most = max(shared - {1}, default=None)
    if most is None:
        return None
    return result.cell(server, "io", 1, most), result.cell(server, "io", most, 1)


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
