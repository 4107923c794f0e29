"""What a run observed, as typed data: the log and what it says, the tree, the requests."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.model.roles import Role, RoleKind
from sandbox.model.scenario import Scenario


@dataclass(frozen=True)
class SpawnLine:
    """One of uWSGI's own `spawned uWSGI ...` lines (or gunicorn's `Booting worker`)."""

    kind: RoleKind  # MASTER, WORKER, or a router kind
    number: int  # worker N / router N; 0 for the master
    pid: int
    cores: int | None
    text: str
    pid_span: tuple[int, int]  # where the pid is in `text`

    @property
    def role(self) -> Role:
        return Role(self.kind, self.number)


@dataclass(frozen=True)
class AppLine:
    """The article's request line: `pid ppid uri called HH:MM:SS`."""

    pid: int
    ppid: int
    uri: str
    clock: str
    text: str
    pid_spans: tuple[tuple[int, int, int], ...]  # (start, end, pid) for the pid and the ppid


@dataclass(frozen=True)
class ThreadSnapshot:
    tid: int
    name: str | None


@dataclass(frozen=True)
class ProcessSnapshot:
    pid: int
    ppid: int
    name: str
    cmdline: tuple[str, ...]
    threads: tuple[ThreadSnapshot, ...] = ()  # besides the main thread

    @property
    def tids(self) -> list[int]:
        return [thread.tid for thread in self.threads]


@dataclass
class RequestRecord:
    target: str  # the variant (compose service) it went to
    client: int
    path: str
    client_start: float
    client_end: float | None = None
    status: int | None = None
    pid: int | None = None
    ppid: int | None = None
    tid: int | None = None
    server_start: float | None = None
    server_end: float | None = None
    # Why no answer came, in words: refused, reset, timed out, empty reply, not HTTP.
    error: str | None = None
    error_detail: str = ""

    @property
    def answered(self) -> bool:
        return self.status is not None

    @property
    def served(self) -> bool:
        """Answered 200, with the server's own facts (pid, start, end)."""
        return self.status == 200 and None not in (self.pid, self.server_start, self.server_end)

    def overlaps(self, other: RequestRecord) -> bool:
        """Did both run at the same time on the server side?"""
        if not (self.served and other.served):
            return False
        return self.server_start < other.server_end and other.server_start < self.server_end


@dataclass(frozen=True)
class TickerProgress:
    """How far the ticker app's own thread got while the server sat idle (claim C6)."""

    idle_seconds: float
    ticks_before: dict[int, int]  # pid -> ticks
    ticks_after: dict[int, int]
    app_threads: dict[int, int]  # pid -> tid of the app's own thread

    @property
    def advanced(self) -> dict[int, int]:
        return {pid: ticks - self.ticks_before.get(pid, 0) for pid, ticks in self.ticks_after.items()}


@dataclass
class VariantObservation:
    """One container of a scenario, as observed."""

    label: str
    service: str
    part: str  # what the variant stands for in its scenario's judge (catalog data)
    container: str
    command: tuple[str, ...]
    log: str = ""
    spawn_lines: list[SpawnLine] = field(default_factory=list)
    pstree: str = ""
    processes: list[ProcessSnapshot] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)
    app_lines: list[AppLine] = field(default_factory=list)
    ticker: TickerProgress | None = None

    def process(self, pid: int) -> ProcessSnapshot | None:
        return next((proc for proc in self.processes if proc.pid == pid), None)


@dataclass
class ScenarioObservation:
    scenario: Scenario
    uwsgi_version: str
    variants: list[VariantObservation]
    sleep: float
    kept: bool = False
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase

    def part(self, name: str) -> VariantObservation:
        """The variant that plays `name` in this scenario (see the catalog's Variant.part)."""
        return next(variant for variant in self.variants if variant.part == name)

    def variant(self, service: str) -> VariantObservation:
        return next(variant for variant in self.variants if variant.service == service)
