"""Name every node of a live tree, processes and threads, and say what shows it.

Evidence, strongest first: uWSGI's own spawn lines (master, worker N with its cores, HTTP
router); its log (the Python auto-reloader); the app's own report of its thread id (ticker);
the tids that served requests (X-Sandbox-Tid). A worker's extra threads are its request cores
when their number matches `cores` in its spawn line. Where the evidence does not decide
between roles, the role is "unknown": never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.observe import VariantObservation
from sandbox.probe import ProcessSnapshot
from sandbox.uwsgi_log import RELOADER

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Role:
    role: str
    evidence: str


def _reloads(variant: VariantObservation) -> bool:
    return RELOADER in variant.log and any(option.startswith("--py-autoreload") for option in variant.command)


def process_role(proc: ProcessSnapshot, variant: VariantObservation) -> Role:
    spawn = next((s for s in reversed(variant.spawn_lines) if s.pid == proc.pid), None)
    if spawn is None:
        return Role(UNKNOWN, "no spawn line of uWSGI names this pid")
    if spawn.role == "http":
        return Role("HTTP router", f"`{spawn.text}` (started by --http)")
    if spawn.role == "worker" and spawn.cores and spawn.cores > 1:
        return Role(
            f"worker {spawn.number} · {spawn.cores} cores (core 0 on this main thread)", f"`{spawn.text}`"
        )
    return Role(spawn.label, f"`{spawn.text}`")


def thread_roles(proc: ProcessSnapshot, variant: VariantObservation) -> dict[int, Role]:
    """tid -> Role for the extra threads of one process."""
    roles: dict[int, Role] = {}
    app_threads = (variant.measurements.get("ticker") or {}).get("app_threads") or {}
    served = {}
    for record in variant.requests:
        if record.pid == proc.pid and record.tid is not None:
            served.setdefault(record.tid, []).append(record.path)
    remaining = []
    for tid in proc.tids:
        if app_threads.get(proc.pid) == tid:
            roles[tid] = Role(
                "the app's own thread (started at import)", "the ticker app wrote this tid to /tmp"
            )
        else:
            remaining.append(tid)
    cores = proc.cores or 1
    reloader = 1 if _reloads(variant) and proc.role.startswith("worker") else 0
    request_threads = cores - 1
    if proc.role.startswith("worker") and len(remaining) == request_threads + reloader:
        if reloader and request_threads == 0:
            roles[remaining[0]] = Role("Python auto-reloader thread", f"--py-autoreload; log: `{RELOADER}`")
        elif not reloader:
            for core, tid in enumerate(remaining, 1):
                did = f"; served {', '.join(served[tid])}" if tid in served else ""
                roles[tid] = Role(
                    f"request thread (core {core} of {cores})", f"`cores: {cores}` in the spawn line{did}"
                )
    for tid in remaining:
        roles.setdefault(tid, Role(UNKNOWN, "the evidence does not tell this thread's role"))
    return roles


@dataclass(frozen=True)
class AnnotatedNode:
    pid: int
    kind: str  # "process" or "thread"
    role: Role
    children: tuple[AnnotatedNode, ...] = ()


def annotate(variant: VariantObservation) -> list[AnnotatedNode]:
    """The live process tree with a role on every node (roots first)."""
    by_parent: dict[int, list[ProcessSnapshot]] = {}
    pids = {proc.pid for proc in variant.processes}
    for proc in variant.processes:
        by_parent.setdefault(proc.ppid if proc.ppid in pids else -1, []).append(proc)

    def node(proc: ProcessSnapshot) -> AnnotatedNode:
        threads = tuple(
            AnnotatedNode(tid, "thread", role) for tid, role in thread_roles(proc, variant).items()
        )
        children = tuple(node(child) for child in sorted(by_parent.get(proc.pid, []), key=lambda p: p.pid))
        return AnnotatedNode(proc.pid, "process", process_role(proc, variant), children + threads)

    return [node(root) for root in by_parent.get(-1, [])]


def all_nodes(roots: list[AnnotatedNode]):
    for root in roots:
        yield root
        yield from all_nodes(list(root.children))
