"""The sweep's arithmetic: a cell's command, its ideal throughput, the speed-ups to report, and
the article's closing claim checked on four cells (`gil_checks`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sandbox.analysis import command as commands
from sandbox.model.measures import Cell, SweepResult
from sandbox.model.verdicts import Verdict

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


IO_THREADS_GAIN = 2.5  # 4 threads waiting at once could reach 4 times one thread's rate
# Cores of pure Python one process runs: 1 under the GIL, plus the noise of timing one load.
GIL_CEILING = 1.05
# Less than this idle during the load: the machine was saturated (other work took its share),
# so 2 processes had no second core to take, and running one core's worth shows nothing.
IDLE_ENOUGH = 0.5
NOT_SLOWER = 0.9  # then 2 processes still answer about as fast as 4 threads


@dataclass(frozen=True)
class SweepCheck:
    words: str
    shown: bool | None  # None: this machine left no room to show it either way


def _cores(cell: Cell, ms: float) -> float:
    """Cores of pure Python the cell's answers took: each /cpu request burns `ms` of CPU time."""
    return cell.throughput * ms / 1000


def gil_checks(
    io_one: Cell, io_threads: Cell, cpu_threads: Cell, cpu_processes: Cell, ms: float
) -> list[SweepCheck]:
    """The article's conclusion on four cells: threads multiply I/O-bound throughput; on CPU-bound
    work 4 threads never run more than one core of Python (the GIL), while 2 processes do unless
    the machine was saturated meanwhile (its idle time, measured in the same window)."""
    threads_cores, processes_cores = _cores(cpu_threads, ms), _cores(cpu_processes, ms)
    checks = [
        SweepCheck(
            "every request answered",
            all(c.errors == 0 for c in (io_one, io_threads, cpu_threads, cpu_processes)),
        ),
        SweepCheck(
            f"I/O-bound: 4 threads answered {io_threads.throughput:.1f}/s, more than {IO_THREADS_GAIN:g} times "
            f"1 thread's {io_one.throughput:.1f}/s",
            io_threads.throughput > IO_THREADS_GAIN * io_one.throughput,
        ),
        SweepCheck(
            f"I/O-bound: {io_threads.peak_in_flight} requests in the server at once (3 or more)",
            io_threads.peak_in_flight >= 3,
        ),
        SweepCheck(
            f"CPU-bound: 4 threads in one process ran {threads_cores:.2f} cores of Python (the GIL lets one "
            f"run: at most {GIL_CEILING:g})",
            threads_cores <= GIL_CEILING,
        ),
    ]
    past_gil = processes_cores > GIL_CEILING
    idle = cpu_processes.idle_cores
    if not past_gil and idle is not None and idle < IDLE_ENOUGH:
        return [
            *checks,
            SweepCheck(
                f"CPU-bound: 2 processes ran {processes_cores:.2f} cores of Python, on a saturated machine "
                f"({idle:.2f} of its {cpu_processes.machine_cores} cores idle): no second core was free to show more",
                None,
            ),
            SweepCheck(
                f"CPU-bound: 2 processes answered {cpu_processes.throughput:.1f}/s, at least {NOT_SLOWER:g} times "
                f"4 threads' {cpu_threads.throughput:.1f}/s",
                cpu_processes.throughput >= NOT_SLOWER * cpu_threads.throughput,
            ),
        ]
    idle_words = "" if idle is None else f"; {idle:.2f} cores stood idle"
    return [
        *checks,
        SweepCheck(
            f"CPU-bound: 2 processes ran {processes_cores:.2f} cores of Python (more than {GIL_CEILING:g}: past "
            f"the GIL{idle_words})",
            past_gil,
        ),
    ]


def gil_verdict(checks: list[SweepCheck]) -> Verdict:
    """Differs on any part shown otherwise; holds when every part was shown; else cannot tell."""
    if any(check.shown is False for check in checks):
        return Verdict.DIFFERS
    return Verdict.HOLDS if all(check.shown for check in checks) else Verdict.CANNOT_TELL
