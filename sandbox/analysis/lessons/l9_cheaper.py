"""L9: --processes 4 --cheaper 1. A master without --master; one worker at first; under four
long requests, more workers spawned (their spawn lines, timed by the engine, come after the load
started); once the load is gone, idle workers retired (`uWSGI worker N cheaped.`).

The specific alternative: --cheaper ignored, every worker there from the start, or no master.
Both need the watch over the tree, the load, and the first tree whole and named."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.command import parse
from sandbox.analysis.lessons.common import batch, by_parts, lines, said
from sandbox.analysis.policy import decide, either, need
from sandbox.analysis.shown import logged, tree_named
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.names import L9
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import MASTER, RoleKind

CHEAPED = "cheaped."


def _workers(processes) -> int:
    return sum(1 for p in processes if p.ppid != 0)  # every child of the master is a worker here


def _check(variant: VariantObservation) -> Finding:
    watch = [look for look in variant.looks if look.label.startswith(f"{L9.WATCH}-")]
    load = batch(variant, L9.LOAD)
    top = roles.root(variant)
    given = (
        need("the watch over the tree and the load", True if watch and load else None),
        need("the first tree whole, each process named by a spawn line", tree_named(variant)),
    )
    if not watch or not load or top is None:
        return decide(
            Fact("the watch over the tree, or the load, is missing"), [], given=given, holds=(), differs=()
        )
    load_start = min(record.client_start for _, record in load)
    spawned_under_load = [
        (at, text) for at, text in variant.log_times if "spawned uWSGI worker" in text and at >= load_start
    ]
    counts = [_workers(look.processes) for look in watch]
    top_role = roles.role_of(variant, top.pid)
    implied = top_role == MASTER and not parse(variant.command).has("--master")
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
    holds = (
        need("a master, though --master was not given", implied),
        need("one worker at first", at_start == 1),
        need("workers spawned after the load began", bool(spawned_under_load)),
        need("more than one worker at once under load", max(counts) > 1),
        need(Fact("`{}` logged", CHEAPED), logged(variant, CHEAPED)),
        need("fewer workers at the end than at the peak", counts[-1] < max(counts)),
    )
    ignored = need(
        "no master, or more than one worker from the start (--cheaper ignored)",
        either(top_role.kind == RoleKind.WORKER, at_start > 1),
    )
    return decide(summary, evidence, given=given, holds=holds, differs=(ignored,))


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, {L9.CHEAPER: _check})
