"""L3: preforking versus --lazy-apps, seen through an app with import-time side effects (apps/prefork).

Parts: `default` (imported once, by the master; workers share its pages: little memory of their
own until they write to them; no fork hook runs), `lazy` (each worker imports the app: its own
socket, its own copy), `hooks` (--py-call-uwsgi-fork-hooks: the fork hook runs in every worker).
Memory is each process's USS (bytes only it holds) from /proc, at rest and after /touch.

The specific alternatives: preforking that imported in every worker; --lazy-apps that imported
once, in the master; fork hooks that ran in no worker (2.0.21: no thread support by default).
"""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.lessons.common import by_parts, said
from sandbox.analysis.policy import decide, need
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.names import L3
from sandbox.model.observation import ProcessSnapshot, ScenarioObservation, VariantObservation

MB = 1024 * 1024
COPIED = 10 * MB  # a worker's USS must grow at least this much when it touches the shared pages


def _workers(processes) -> list[ProcessSnapshot]:
    return [p for p in processes if p.ppid != 0]  # all but the master (PID 1)


def _mean_uss(processes: list[ProcessSnapshot]) -> float | None:
    """The workers' mean USS; None unless /proc gave it for every one of them."""
    sizes = [p.uss for p in processes]
    return None if not sizes or None in sizes else sum(sizes) / len(sizes)


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


def _check(variant: VariantObservation, lazy_rest: float | None) -> Finding:
    after = variant.look(L3.AFTER)
    workers = _workers(variant.processes)
    importers = variant.facts.get("import")
    if after is None or len(workers) < 2 or not importers:
        summary = Fact("the workers, their memory or the app's own facts are missing")
        given = (need("two workers, the app's facts and a look after the requests", None),)
        return decide(summary, [], given=given, holds=(), differs=())
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
    if variant.part == L3.HOOKS:  # the hooks run only where uWSGI turned Python thread support on
        evidence.append(said(variant, "hreads support"))
    worker_pids = {p.pid for p in workers}
    once = need("imported once, by the master", top is not None and set(importers) == {top.pid})
    in_every_worker = need("imported by every worker", set(importers) == worker_pids)
    no_hook = need("no fork hook ran", not hooks)
    if variant.part == L3.LAZY:
        own = None if None in inodes.values() else len(set(inodes.values())) == len(worker_pids)
        holds = (in_every_worker, need("each worker's own socket (inode)", own), no_hook)
        return decide(summary, evidence, holds=holds, differs=(once,))
    shared = need(
        "the workers' own memory at rest under half of --lazy-apps' (pages shared with the master)",
        None if lazy_rest is None or at_rest is None else at_rest < lazy_rest / 2,
    )
    copied = need(
        Fact(
            "each worker's own memory grew by {:.0f} MB or more once it touched the shared pages", COPIED / MB
        ),
        None if at_rest is None or touched is None else touched - at_rest >= COPIED,
    )
    if variant.part == L3.HOOKS:
        ran = need("the fork hook ran in every worker", set(hooks) == worker_pids)
        return decide(summary, evidence, holds=(once, shared, copied, ran),
                      differs=(once, need("the fork hook ran in no worker", not hooks)))  # fmt: skip
    return decide(summary, evidence, holds=(once, shared, copied, no_hook), differs=(in_every_worker,))


def judge(run: ScenarioObservation) -> Finding:
    lazy_rest = _mean_uss(_workers(run.part(L3.LAZY).processes))
    return by_parts(run, dict.fromkeys(L3.READS.parts, lambda variant: _check(variant, lazy_rest)))
