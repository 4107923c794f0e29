"""Measurements of load and time: the sweep's cells, the bench's rows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LoadResult:
    elapsed: float
    latencies: list[float] = field(default_factory=list)  # seconds, answered requests only
    server_spans: list[tuple[float, float]] = field(default_factory=list)
    served_by: set[tuple[int, int]] = field(default_factory=set)  # (pid, tid)
    errors: int = 0
    by_pid: dict[int, int] = field(default_factory=dict)  # answered requests per serving process
    machine_busy: float | None = None  # CPU seconds the whole machine (the engine's) was busy
    machine_cores: int | None = None

    @property
    def idle_cores(self) -> float | None:
        """Cores that stood idle during the load, on average: what the server could still have taken."""
        if self.machine_busy is None or self.machine_cores is None or not self.elapsed:
            return None
        return max(0.0, self.machine_cores - self.machine_busy / self.elapsed)

    @property
    def completed(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        """Answered requests per second of load."""
        return self.completed / self.elapsed if self.elapsed else 0.0


@dataclass(frozen=True)
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
    uss: int | None = None  # bytes: the sum over the server's processes at the end of the cell
    pss: int | None = None
    idle_cores: float | None = None  # cores of the machine that stood idle during the load
    machine_cores: int | None = None


@dataclass(frozen=True)
class SweepResult:
    cells: tuple[Cell, ...]
    ceiling: float  # the load generator's own requests per second on /noop
    ms: float
    concurrency: int
    duration: float
    host_cores: int

    @property
    def cpu_limit(self) -> float:
        return self.cells[0].cpu_limit if self.cells else 0.0

    def cell(self, server: str, workload: str, processes: int, threads: int) -> Cell | None:
        key = (server, workload, processes, threads)
        return next((c for c in self.cells if (c.server, c.workload, c.processes, c.threads) == key), None)


@dataclass(frozen=True)
class BenchRow:
    scenario: str
    containers: int
    runs: int
    wall: float  # median seconds
    sleeps: float  # median seconds the scenario's own sleeps take
    overhead: float  # wall - sleeps
    overhead_per_container: float
    phases: dict[str, float]  # median seconds per phase; `rest`: Python's start, imports, judging, rendering


@dataclass(frozen=True)
class TrickRow:
    """One speed trick, measured: the same scenario's overhead with every trick on and without it."""

    trick: str  # a name of sandbox/speed.py's TRICKS, or "all" (every trick off)
    with_it: float  # median overhead (wall - sleeps), every trick on
    without_it: float  # median overhead with this one off
    runs: int

    @property
    def pays(self) -> float:
        return self.without_it - self.with_it


@dataclass(frozen=True)
class TricksResult:
    scenario: str
    uwsgi_version: str
    sleep: float
    rows: tuple[TrickRow, ...]


@dataclass(frozen=True)
class BenchResult:
    uwsgi_version: str
    sleep: float
    floor: dict[str, float]  # median seconds: start_to_ready, exec, remove (containers/floor.py)
    rows: tuple[BenchRow, ...]
    verify: dict = field(
        default_factory=dict
    )  # `verify --set article`, timed: sleep, jobs, checks, seconds, as_expected

    @property
    def floor_total(self) -> float:
        return sum(self.floor.values())

    def ratio(self, row: BenchRow) -> float:
        """A scenario's overhead per container, as a multiple of the floor."""
        return row.overhead_per_container / self.floor_total if self.floor_total else 0.0
