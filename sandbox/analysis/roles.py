"""Name every node of a live tree, processes and threads, and say what shows it.

Evidence, strongest first: uWSGI's own spawn lines (master, worker N with its cores, routers);
its log (the Python auto-reloader); the app's own report of its thread id (ticker); the tids
that served requests (X-Sandbox-Tid). A worker's extra threads are its request cores when
their number matches `cores` in its spawn line. Where the evidence does not decide between
roles, the role is unknown: never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.analysis import uwsgi_log
from sandbox.analysis.command import parse
from sandbox.model.evidence import Fact, Many, Req
from sandbox.model.observation import ProcessSnapshot, SpawnLine, VariantObservation
from sandbox.model.roles import UNKNOWN_PROCESS, UNKNOWN_THREAD, Role, RoleKind


@dataclass(frozen=True)
class AnnotatedNode:
    ident: int  # pid of a process, tid of a thread
    is_thread: bool
    role: Role
    evidence: Fact
    cores: int | None = None  # a worker's cores, or for a request thread its worker's
    children: tuple[AnnotatedNode, ...] = ()


def spawn_of(variant: VariantObservation, pid: int) -> SpawnLine | None:
    """The latest spawn line that names this pid (a respawned worker keeps its number)."""
    return uwsgi_log.latest_spawn_by_pid(variant.spawn_lines).get(pid)


def role_of(variant: VariantObservation, pid: int) -> Role:
    spawn = spawn_of(variant, pid)
    return spawn.role if spawn else UNKNOWN_PROCESS


def root(variant: VariantObservation) -> ProcessSnapshot | None:
    """The process whose parent is outside the tree (PID 1 in a container)."""
    pids = {proc.pid for proc in variant.processes}
    return next((proc for proc in variant.processes if proc.ppid not in pids), None)


def children(variant: VariantObservation, parent: ProcessSnapshot) -> list[ProcessSnapshot]:
    return [proc for proc in variant.processes if proc.ppid == parent.pid]


def root_children(variant: VariantObservation) -> list[ProcessSnapshot]:
    """The children of the first process; none when no tree was captured."""
    top = root(variant)
    return [] if top is None else children(variant, top)


def workers(variant: VariantObservation) -> list[ProcessSnapshot]:
    """The live processes a spawn line names workers, by number (worker 2 before worker 10)."""
    found = [proc for proc in variant.processes if role_of(variant, proc.pid).kind == RoleKind.WORKER]
    return sorted(found, key=lambda proc: role_of(variant, proc.pid).number)


def cores(variant: VariantObservation, pid: int) -> int | None:
    spawn = spawn_of(variant, pid)
    return spawn.cores if spawn else None


def _process_node(proc: ProcessSnapshot, variant: VariantObservation) -> tuple[Role, Fact]:
    spawn = spawn_of(variant, proc.pid)
    if spawn is None:
        return UNKNOWN_PROCESS, Fact("no spawn line of uWSGI names this pid")
    quoted = uwsgi_log.quote_spawn(variant.service, spawn)
    if spawn.kind.is_router:
        return spawn.role, Fact("{} (started by --{})", quoted, spawn.kind.value)
    return spawn.role, Fact("{}", quoted)


def _reloads(variant: VariantObservation) -> bool:
    return uwsgi_log.RELOADER in variant.log and parse(variant.command).has("--py-autoreload")


def _served_by(variant: VariantObservation, proc: ProcessSnapshot) -> dict[int, list[Req]]:
    """tid -> the requests that thread of this process served (from the app's X-Sandbox-Tid)."""
    served: dict[int, list[Req]] = {}
    for index, record in enumerate(variant.requests):
        if record.pid == proc.pid:
            served.setdefault(record.tid, []).append(Req(variant.service, index))
    return served


def _worker_threads(
    variant: VariantObservation, proc: ProcessSnapshot, tids: list[int]
) -> dict[int, tuple[Role, Fact]]:
    """A worker's threads besides the app's own: its request cores, or the auto-reloader."""
    worker_cores = cores(variant, proc.pid)
    if worker_cores is None:
        return {}
    if _reloads(variant):
        if worker_cores != 1 or len(tids) != 1:
            return {}
        line = uwsgi_log.quote(variant.service, uwsgi_log.lines_with(variant.log, uwsgi_log.RELOADER)[0])
        return {tids[0]: (Role(RoleKind.RELOADER), Fact("--py-autoreload; log: {}", line))}
    if len(tids) != worker_cores - 1:
        return {}
    served = _served_by(variant, proc)
    found = {}
    for core, tid in enumerate(tids, 1):
        shown = Fact("`cores: {}` in the spawn line", worker_cores)
        if tid in served:
            shown = Fact("`cores: {}` in the spawn line; served {}", worker_cores, Many(tuple(served[tid])))
        found[tid] = (Role(RoleKind.CORE, core), shown)
    return found


def thread_roles(proc: ProcessSnapshot, variant: VariantObservation) -> dict[int, tuple[Role, Fact]]:
    """tid -> (role, what shows it) for the extra threads of one process."""
    app_tid = variant.ticker.app_threads.get(proc.pid) if variant.ticker else None
    roles = {
        tid: (Role(RoleKind.APP_THREAD), Fact("the ticker app wrote this tid to /tmp"))
        for tid in proc.tids
        if tid == app_tid
    }
    others = [tid for tid in proc.tids if tid != app_tid]
    if role_of(variant, proc.pid).kind == RoleKind.WORKER:
        roles.update(_worker_threads(variant, proc, others))
    for tid in others:
        roles.setdefault(tid, (UNKNOWN_THREAD, Fact("the evidence does not tell this thread's role")))
    return roles


def annotate(variant: VariantObservation) -> list[AnnotatedNode]:
    """The live process tree with a role on every node (roots first, children by pid)."""
    by_parent: dict[int, list[ProcessSnapshot]] = {}
    pids = {proc.pid for proc in variant.processes}
    for proc in variant.processes:
        by_parent.setdefault(proc.ppid if proc.ppid in pids else -1, []).append(proc)

    def node(proc: ProcessSnapshot) -> AnnotatedNode:
        worker_cores = cores(variant, proc.pid)
        threads = tuple(
            AnnotatedNode(tid, True, role, fact, worker_cores)
            for tid, (role, fact) in thread_roles(proc, variant).items()
        )
        kids = tuple(node(child) for child in sorted(by_parent.get(proc.pid, []), key=lambda p: p.pid))
        role, fact = _process_node(proc, variant)
        return AnnotatedNode(proc.pid, False, role, fact, worker_cores, kids + threads)

    return [node(top) for top in by_parent.get(-1, [])]


def all_nodes(roots: list[AnnotatedNode]):
    for top in roots:
        yield top
        yield from all_nodes(list(top.children))
