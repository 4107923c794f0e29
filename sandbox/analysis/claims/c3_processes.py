"""C3: --processes 3 is one parent and two children, and no master.

Holding needs the parent to be worker 1 with workers 2 and 3 as its only children, and no
master; the specific alternative is a whole, named tree of another shape (a master, other
children). Both need the tree whole, every process named by a spawn line."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.trees import masters, tree_facts
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import tree_named
from sandbox.analysis.uwsgi_log import quote_spawn
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation
from sandbox.model.roles import worker
from sandbox.model.scenario import MAIN


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part(MAIN)
    top = roles.root(variant)
    kids = roles.root_children(variant)
    found = masters(variant)
    parent = Proc(variant.service, top.pid) if top else "?"
    evidence = [
        *tree_facts(variant),
        Fact("parent {} has {} child process(es): {}", parent, len(kids), Many(tuple(Proc(variant.service, c.pid) for c in kids))),
        Fact("master spawn line: {}", quote_spawn(variant.service, found[0])) if found else Fact("no master spawn line"),
    ]  # fmt: skip
    matches = (
        top is not None
        and len(variant.processes) == 3
        and not found
        and roles.role_of(variant, top.pid) == worker(1)
        and sorted(roles.role_of(variant, c.pid) for c in kids) == [worker(2), worker(3)]
    )
    summary = (
        Fact("{} (worker 1) with two children, workers 2 and 3; no master", parent)
        if matches
        else Fact(
            "{} with {} children: not the article's one parent and two worker children", parent, len(kids)
        )
    )
    return decide(
        summary,
        evidence,
        given=(need("the tree whole, each process named by a spawn line", tree_named(variant)),),
        holds=(need("worker 1 as the parent of workers 2 and 3, and no master", matches),),
        differs=(need("a tree of another shape: a master, or other children", not matches),),
    )
