"""C7: hosting Django shows one extra child process; the article guesses that Django forks it
and that it serves no requests.

Parts: `http` (Django with --http, as the article ran it) and `http-socket` (the same without
a router). The guess holds if the child is there with both and no spawn line names it (in a
log read past the look). The specific alternative: the child exists only with --http and
uWSGI's spawn line names it the HTTP router; with --http-socket there is no child at all.
Both need both trees and a request served, by a process other than the child.
"""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.claims.common import served_fact
from sandbox.analysis.policy import both, decide, need
from sandbox.analysis.shown import log_reaches
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.names import C7
from sandbox.model.observation import ScenarioObservation
from sandbox.model.roles import RoleKind


def judge(run: ScenarioObservation) -> Finding:
    http, socket = run.part(C7.HTTP), run.part(C7.HTTP_SOCKET)
    extra = {variant.part: roles.root_children(variant) for variant in (http, socket)}
    evidence = [
        Fact("{}: {} child process(es) {}", v.label, len(extra[v.part]), Many(tuple(Proc(v.service, c.pid) for c in extra[v.part])))
        for v in (http, socket)
    ]  # fmt: skip
    for spawn in (s for s in http.spawn_lines if s.kind.is_router):
        evidence.append(Fact("{}: {}", http.label, uwsgi_log.quote_spawn(http.service, spawn)))
    served = [(i, r) for i, r in enumerate(http.requests) if r.served]
    evidence += [served_fact(http, i, r) for i, r in served]
    children = {c.pid for c in extra[C7.HTTP]}
    child_roles = [roles.role_of(http, c.pid) for c in extra[C7.HTTP]]
    only_with_http = len(extra[C7.HTTP]) == 1 and not extra[C7.HTTP_SOCKET]
    child_is_router = bool(child_roles) and all(role.kind == RoleKind.HTTP_ROUTER for role in child_roles)
    unnamed_in_both = all(
        extra[v.part] and not any(roles.role_of(v, c.pid).known for c in extra[v.part])
        for v in (http, socket)
    )
    if only_with_http and child_is_router:
        evidence.append(Fact("so the extra child comes from --http, not from Django; it never runs the app"))
        summary = Fact(
            "the extra child exists only with --http and its spawn line names it the HTTP router, not Django"
        )
    elif unnamed_in_both:
        summary = Fact("an extra child no spawn line names exists with and without --http")
    else:
        summary = Fact("the extra child is neither only --http's router nor a child of Django's")
    # No spawn line naming the children says something only of a log read past the look.
    log_read = both(*(log_reaches(v, v.looked_at) for v in (http, socket)))
    return decide(
        summary,
        evidence,
        given=(
            need("both trees", True if http.processes and socket.processes else None),
            need("a request served, by a process other than the child", True if served and not any(r.pid in children for _, r in served) else None),
        ),
        holds=(
            need("an extra child in both trees that no spawn line names", unnamed_in_both),
            need("the log read past the look", log_read),
        ),
        differs=(
            need("one extra child with --http and none with --http-socket", only_with_http),
            need("the child named the HTTP router by its spawn line", child_is_router),
        ),
    )  # fmt: skip
