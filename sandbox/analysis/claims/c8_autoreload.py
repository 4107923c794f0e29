"""C8: --py-autoreload=3 adds a child process with one thread (plain app); with Django, that
plus Django's extra child.

Parts: `plain` and `django`. For each, the article's tree: a parent (uWSGI turns its master on)
whose worker has exactly one thread, the Python auto-reloader; the plain app's parent has that
one child, Django's one more.
"""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.claims.common import CANNOT_TELL, DIFFERS, HOLDS, finding
from sandbox.analysis.claims.trees import describe, masters, router_notes
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import MASTER, RoleKind

CHILDREN = {"plain": 1, "django": 2}  # the article's trees, per part


def _matches(variant: VariantObservation) -> bool:
    top = roles.root(variant)
    kids = roles.root_children(variant)
    workers = [c for c in kids if roles.role_of(variant, c.pid).kind == RoleKind.WORKER]
    return (
        top is not None
        and roles.role_of(variant, top.pid) == MASTER
        and uwsgi_log.RELOADER in variant.log
        and len(workers) == 1
        and len(workers[0].threads) == 1
        and len(kids) == CHILDREN[variant.part]
    )


def _facts(variant: VariantObservation) -> list[Fact]:
    top = roles.root(variant)
    kids = roles.root_children(variant)
    found = masters(variant)
    head = (
        Fact("{}: master {} ({})", variant.label, Proc(variant.service, top.pid), uwsgi_log.quote_spawn(variant.service, found[0]))
        if found and top
        else Fact("{}: no master", variant.label)
    )  # fmt: skip
    reloader = "yes" if uwsgi_log.RELOADER in variant.log else "no"
    return [
        head,
        Fact("{}: children {}; `{}` logged: {}", variant.label, Many(tuple(describe(variant, c) for c in kids)), uwsgi_log.RELOADER, reloader),
        *router_notes(variant),
    ]  # fmt: skip


def judge(run: ScenarioObservation) -> Finding:
    evidence = [fact for variant in run.variants for fact in _facts(variant)]
    known = all(
        variant.processes
        and (top := roles.root(variant)) is not None
        and roles.role_of(variant, top.pid).known
        for variant in run.variants
    )
    if not known or not run.variants:
        return finding(CANNOT_TELL, Fact("a variant has no tree with named roles"), evidence)
    if all(_matches(variant) for variant in run.variants):
        summary = "a master appears; its one worker has one thread, the Python auto-reloader"
        if any(router_notes(variant) for variant in run.variants):
            summary += "; the second child (Django) is the HTTP router of --http"
        return finding(HOLDS, Fact(summary), evidence)
    return finding(
        DIFFERS, Fact("--py-autoreload did not give a master with one worker of one thread"), evidence
    )
