"""What a run observed, as typed data: the log and what it says, the tree, the requests."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from enum import Enum

from sandbox.model.measures import LoadResult
from sandbox.model.roles import Role, RoleKind
from sandbox.model.scenario import Scenario
from sandbox.model.steps import ARTICLE_BATCH


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
    uss: int | None = None  # bytes only this process holds
    pss: int | None = None  # its proportional share of the pages it shares
    sockets: tuple[tuple[int, int], ...] = ()  # (fd, socket inode)
    status: str = "running"  # psutil's word: "sleeping", "running", "zombie" (dead, not reaped)

    @property
    def alive(self) -> bool:
        return self.status != "zombie"

    @property
    def tids(self) -> list[int]:
        return [thread.tid for thread in self.threads]


@dataclass(frozen=True)
class Look:
    """One look inside a container: its tree, pstree, and what the apps wrote about themselves."""

    label: str
    at: float  # epoch seconds
    processes: tuple[ProcessSnapshot, ...]
    pstree: str
    facts: dict[str, dict[int, dict]]  # fact name -> pid -> what that process wrote
    settled: bool = True  # False: the tree still changed when the look's deadline came


class Wait(Enum):
    """What the lab waited for, when a wait ran out before it came."""

    LOG_LINE = "log line"  # a WaitForLog step
    SETTLED_TREE = "settled tree"  # a look whose tree still changed at its deadline
    REQUESTS = "requests"  # a Fire step's requests, some never recorded by their deadline
    LOAD = "load"  # a Load step that reached its time bound before its count


@dataclass(frozen=True)
class RanOut:
    """A wait that ran out: evidence of nothing, so a judge cannot tell what it was waiting for."""

    wait: Wait
    label: str  # the step's label, the look's, or the text waited for
    seconds: float  # the bound that ran out
    detail: str = ""  # what there was at the deadline


@dataclass(frozen=True)
class Stopped:
    """`docker stop -t GRACE`, as it went."""

    grace: float
    seconds: float  # how long the stop took
    exit_code: int
    log_lines: int | None = None  # lines of the container's log before the stop signal (None: not read)


@dataclass(frozen=True)
class Killed:
    """A signal the lab sent to one process of the tree."""

    pid: int
    role: Role
    signal: int
    at: float


@dataclass(frozen=True)
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
    client_connected: float | None = None  # when the TCP connection was up (SYN retries show here)
    batch: str = ARTICLE_BATCH  # which Fire step sent it

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


@dataclass(frozen=True)
class VariantObservation:
    """One container of a scenario, as observed (a run fills in a VariantDraft, then freezes it)."""

    label: str
    service: str
    part: str  # what the variant stands for in its scenario's judge (catalog data)
    container: str
    command: tuple[str, ...]
    log: str = ""
    spawn_lines: tuple[SpawnLine, ...] = ()
    pstree: str = ""
    processes: tuple[ProcessSnapshot, ...] = ()
    requests: tuple[RequestRecord, ...] = ()
    app_lines: tuple[AppLine, ...] = ()
    ticker: TickerProgress | None = None
    facts: dict[str, dict[int, dict]] = field(default_factory=dict)  # from the first look
    looked_at: float | None = None  # when the first look read the facts (epoch seconds)
    looks: tuple[Look, ...] = ()  # later looks, in order
    stopped: Stopped | None = None
    killed: tuple[Killed, ...] = ()
    loads: dict[str, LoadResult] = field(default_factory=dict)
    log_times: tuple[tuple[float, str], ...] = ()  # (epoch, line) from the engine
    started: bool = True  # False: the container exited before it was ready (its log says why)
    exit_code: int | None = None  # when it exited on its own
    ready_at: float | None = None  # epoch seconds
    ran_out: tuple[RanOut, ...] = ()  # every wait that reached its deadline

    def look(self, label: str) -> Look | None:
        return next((look for look in self.looks if look.label == label), None)

    def process(self, pid: int) -> ProcessSnapshot | None:
        return next((proc for proc in self.processes if proc.pid == pid), None)


class VariantDraft:
    """One container's observation while a run (or a saved run's reader) fills it in: the same
    fields, the sequences as lists to add to; `observed()` freezes it."""

    def __init__(
        self, label: str, service: str, part: str, container: str, command: tuple[str, ...], **given
    ):
        for one in fields(VariantObservation):
            if one.default is not MISSING:
                setattr(self, one.name, list(one.default) if isinstance(one.default, tuple) else one.default)
            elif one.default_factory is not MISSING:
                setattr(self, one.name, one.default_factory())
        self.label, self.service, self.part, self.container, self.command = (
            label,
            service,
            part,
            container,
            command,
        )
        for name, value in given.items():
            setattr(self, name, value)

    def observed(self) -> VariantObservation:
        values = {one.name: getattr(self, one.name) for one in fields(VariantObservation)}
        return VariantObservation(
            **{name: tuple(v) if isinstance(v, list) else v for name, v in values.items()}
        )


@dataclass(frozen=True)
class ScenarioObservation:
    scenario: Scenario
    uwsgi_version: str
    variants: tuple[VariantObservation, ...]
    sleep: float
    kept: bool = False
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase

    def part(self, name: str) -> VariantObservation:
        """The variant that plays `name` in this scenario (see the catalog's Variant.part)."""
        return next(variant for variant in self.variants if variant.part == name)

    def variant(self, service: str) -> VariantObservation:
        return next(variant for variant in self.variants if variant.service == service)
