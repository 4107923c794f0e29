"""C3: --processes 3 is one parent and two children, and no master."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.common import CANNOT_TELL, DIFFERS, HOLDS, finding
from sandbox.analysis.claims.trees import masters, tree_facts
from sandbox.analysis.uwsgi_log import quote_spawn
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation
from sandbox.model.roles import worker


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part("main")
    top = roles.root(variant)
    if top is None or not roles.role_of(variant, top.pid).known:
        return finding(
            CANNOT_TELL, Fact("no process tree with named roles was captured"), tree_facts(variant)
        )
    kids = roles.children(variant, top)
    found = masters(variant)
    parent = Proc(variant.service, top.pid)
    evidence = [
        *tree_facts(variant),
        Fact("parent {} has {} child process(es): {}", parent, len(kids), Many(tuple(Proc(variant.service, c.pid) for c in kids))),
        Fact("master spawn line: {}", quote_spawn(variant.service, found[0])) if found else Fact("no master spawn line"),
    ]  # fmt: skip
    ok = (
        len(variant.processes) == 3
        and len(kids) == 2
        and not found
        and roles.role_of(variant, top.pid) == worker(1)
        and sorted(roles.role_of(variant, c.pid) for c in kids) == [worker(2), worker(3)]
    )
    if ok:
        return finding(
            HOLDS, Fact("{} (worker 1) with two children, workers 2 and 3; no master", parent), evidence
        )
    summary = Fact(
        "{} with {} children: not the article's one parent and two worker children", parent, len(kids)
    )
    return finding(DIFFERS, summary, evidence)
