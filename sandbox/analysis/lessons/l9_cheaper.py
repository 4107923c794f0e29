"""L9: --processes 4 --cheaper 1. A master without --master; one worker at first; under four
long requests, more workers spawned (their spawn lines, timed by the engine, come after the load
started); once the load is gone, idle workers retired (`uWSGI worker N cheaped.`)."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.command import parse
from sandbox.analysis.lessons.common import CANNOT_TELL, DIFFERS, HOLDS, batch, by_parts, lines, said
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import MASTER, RoleKind
from sandbox.model.verdicts import Verdict

CHEAPED = "cheaped."


def _workers(processes) -> int:
    return sum(1 for p in processes if p.ppid != 0)  # every child of the master is a worker here


def _check(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    watch = [look for look in variant.looks if look.label.startswith("watch-")]
    load = batch(variant, "load")
    top = roles.root(variant)
    if not watch or not load or top is None:
        return CANNOT_TELL, Fact("the watch over the tree, or the load, is missing"), []
    load_start = min(record.client_start for _, record in load)
    spawned_under_load = [
        (at, text) for at, text in variant.log_times if "spawned uWSGI worker" in text and at >= load_start
    ]
    counts = [_workers(look.processes) for look in watch]
    implied = roles.role_of(variant, top.pid) == MASTER and not parse(variant.command).has("--master")
    at_start = sum(1 for p in variant.processes if roles.role_of(variant, p.pid).kind == RoleKind.WORKER)
    summary = Fact(
        "a master without --master: {}; {} worker(s) at first; {} spawned under load (at {}); at most {} at once; "
        "{} retired, {} left at the end",
        "yes" if implied else "no", at_start, len(spawned_under_load),
        ", ".join(f"+{at - load_start:.1f} s" for at, _ in spawned_under_load) or "-",
        max(counts), len(lines(variant, CHEAPED)), counts[-1],
    )  # fmt: skip
    evidence = [Fact("{}: {}", variant.label, summary), said(variant, CHEAPED),
                Fact("{}: workers seen each second: {}", variant.label, " ".join(map(str, counts)))]  # fmt: skip
    ok = (
        implied
        and at_start == 1
        and spawned_under_load
        and max(counts) > 1
        and lines(variant, CHEAPED)
        and counts[-1] < max(counts)
    )
    return (HOLDS if ok else DIFFERS), summary, evidence


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, _check)
