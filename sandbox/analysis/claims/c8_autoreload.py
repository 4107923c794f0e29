"""C8: --py-autoreload=3 adds a child process with one thread (plain app); with Django, that
plus Django's extra child.

Parts: `plain` and `django`. For each, the article's tree: a parent (uWSGI turns its master on)
whose worker has exactly one thread, the Python auto-reloader; the plain app's parent has that
one child, Django's one more. The specific alternative: a whole, named tree of another shape
(no master, another number of children, a worker with other threads). Both need every tree
whole, each process named by a spawn line.
"""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.claims.trees import describe, masters, router_notes
from sandbox.analysis.policy import both, decide, need
from sandbox.analysis.shown import logged, tree_named
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.names import C8
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import MASTER, RoleKind

CHILDREN = {C8.PLAIN: 1, C8.DJANGO: 2}  # the article's trees, per part


def _shaped(variant: VariantObservation) -> bool:
    """The article's tree: a master, one worker with one thread, the part's number of children."""
    top = roles.root(variant)
    kids = roles.root_children(variant)
    workers = [c for c in kids if roles.role_of(variant, c.pid).kind == RoleKind.WORKER]
    return (
        top is not None
        and roles.role_of(variant, top.pid) == MASTER
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
    shaped = all(_shaped(variant) for variant in run.variants)
    if shaped:
        text = "a master appears; its one worker has one thread, the Python auto-reloader"
        if any(router_notes(variant) for variant in run.variants):
            text += "; the second child (Django) is the HTTP router of --http"
        summary = Fact(text)
    else:
        summary = Fact("--py-autoreload did not give a master with one worker of one thread")
    return decide(
        summary,
        evidence,
        given=(need("every tree whole, each process named by a spawn line", both(*(tree_named(v) for v in run.variants))),),
        holds=(
            need("a master whose one worker has one thread, and the part's children, in every tree", shaped),
            need(Fact("`{}` logged in every variant", uwsgi_log.RELOADER), both(*(logged(v, uwsgi_log.RELOADER) for v in run.variants))),
        ),
        differs=(need("a tree of another shape: no master, other children or threads", not shaped),),
    )  # fmt: skip
