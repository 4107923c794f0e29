"""L3: preforking versus --lazy-apps, seen through an app with import-time side effects (apps/prefork).

Parts: `default` (imported once, by the master; workers share its pages: little memory of their
own until they write to them; no fork hook runs), `lazy` (each worker imports the app: its own
socket, its own copy), `hooks` (--py-call-uwsgi-fork-hooks: the fork hook runs in every worker).
Memory is each process's USS (bytes only it holds) from /proc, at rest and after /touch.
"""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.lessons.common import CANNOT_TELL, DIFFERS, HOLDS, by_parts, said
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ProcessSnapshot, ScenarioObservation, VariantObservation
from sandbox.model.verdicts import Verdict

MB = 1024 * 1024
COPIED = 10 * MB  # a worker's USS must grow at least this much when it touches the shared pages


def _workers(processes) -> list[ProcessSnapshot]:
    return [p for p in processes if p.ppid != 0]  # all but the master (PID 1)


def _mean_uss(processes: list[ProcessSnapshot]) -> float | None:
    sizes = [p.uss for p in processes if p.uss is not None]
    return sum(sizes) / len(sizes) if sizes else None


def _mb(size: float | None) -> str:
    return "-" if size is None else f"{size / MB:.1f} MB"  # "-": /proc did not say


def _memory_fact(variant: VariantObservation, label: str, processes: list[ProcessSnapshot]) -> Fact:
    sizes = Many(tuple(Fact("{} {}", Proc(variant.service, p.pid), _mb(p.uss)) for p in processes))
    return Fact("{}: each worker's own memory (USS) {}: {}", variant.label, label, sizes)


def _socket_inodes(variant: VariantObservation, importers: dict[int, dict]) -> dict[int, int | None]:
    """pid of each importing process -> inode of the socket it opened at import (None: not held)."""
    found = {}
    for pid, fact in importers.items():
        proc = variant.process(pid)
        found[pid] = dict(proc.sockets).get(fact["fd"]) if proc else None
    return found


def _check(variant: VariantObservation, lazy_rest: float | None) -> tuple[Verdict, Fact, list[Fact]]:
    after = variant.look("after the requests")
    workers = _workers(variant.processes)
    importers = variant.facts.get("import")
    if after is None or len(workers) < 2 or not importers:
        return CANNOT_TELL, Fact("the workers, their memory or the app's own facts are missing"), []
    top = roles.root(variant)
    hooks = variant.facts.get("fork-hook", {})
    inodes = _socket_inodes(variant, importers)
    at_rest, touched = _mean_uss(workers), _mean_uss(_workers(after.processes))
    imported_by = Many(tuple(Proc(variant.service, pid) for pid in sorted(importers)))
    summary = Fact(
        "imported by {}; fork hook ran in {} worker(s); workers' own memory {} at rest, {} after /touch",
        imported_by, len(hooks), _mb(at_rest), _mb(touched),
    )  # fmt: skip
    evidence = [
        Fact("{}: {}", variant.label, summary),
        Fact("{}: the socket each importer opened at import: {}", variant.label,
             Many(tuple(Fact("{} fd {} = inode {}", Proc(variant.service, pid), importers[pid]["fd"], inodes[pid] or "-") for pid in sorted(importers)))),
        _memory_fact(variant, "at rest", workers),
        _memory_fact(variant, "after /touch", _workers(after.processes)),
    ]  # fmt: skip
    if variant.part == "hooks":  # the hooks run only where uWSGI turned Python thread support on
        evidence.append(said(variant, "hreads support"))
    worker_pids = {p.pid for p in workers}
    if variant.part == "lazy":
        own = set(importers) == worker_pids and len(set(inodes.values()) - {None}) == len(worker_pids)
        ok = own and not hooks
    else:
        once = top is not None and set(importers) == {top.pid}
        shared = lazy_rest is not None and at_rest is not None and at_rest < lazy_rest / 2
        copied = at_rest is not None and touched is not None and touched - at_rest >= COPIED
        ran = set(hooks) == worker_pids if variant.part == "hooks" else not hooks
        ok = once and shared and copied and ran
    return (HOLDS if ok else DIFFERS), summary, evidence


def judge(run: ScenarioObservation) -> Finding:
    lazy = run.part("lazy")
    lazy_rest = _mean_uss(_workers(lazy.processes))
    return by_parts(run, lambda variant: _check(variant, lazy_rest))
