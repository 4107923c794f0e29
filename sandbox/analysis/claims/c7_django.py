"""C7: hosting Django shows one extra child process; the article guesses that Django forks it
and that it serves no requests.

Parts: `http` (Django with --http, as the article ran it) and `http-socket` (the same without
a router). The guess holds if the child is there with both and no spawn line names it. The
specific alternative: the child exists only with --http and uWSGI's spawn line names it the
HTTP router; with --http-socket there is no child at all.
"""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.claims.common import CANNOT_TELL, DIFFERS, HOLDS, finding, served_fact
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation
from sandbox.model.roles import RoleKind


def judge(run: ScenarioObservation) -> Finding:
    http, socket = run.part("http"), run.part("http-socket")
    extra = {variant.part: roles.root_children(variant) for variant in (http, socket)}
    evidence = [
        Fact("{}: {} child process(es) {}", v.label, len(extra[v.part]), Many(tuple(Proc(v.service, c.pid) for c in extra[v.part])))
        for v in (http, socket)
    ]  # fmt: skip
    for spawn in (s for s in http.spawn_lines if s.kind.is_router):
        evidence.append(Fact("{}: {}", http.label, uwsgi_log.quote_spawn(http.service, spawn)))
    served = [(i, r) for i, r in enumerate(http.requests) if r.served]
    router_pids = {c.pid for c in extra["http"] if roles.role_of(http, c.pid).kind.is_router}
    evidence += [served_fact(http, i, r) for i, r in served]
    if not served or not http.processes or not socket.processes:
        return finding(CANNOT_TELL, Fact("a variant has no tree, or no request was served"), evidence)
    child_roles = [roles.role_of(http, c.pid) for c in extra["http"]]
    only_with_http = len(extra["http"]) == 1 and not extra["http-socket"]
    child_is_router = bool(child_roles) and all(role.kind == RoleKind.HTTP_ROUTER for role in child_roles)
    served_by_worker = all(r.pid not in router_pids for _, r in served)
    if only_with_http and child_is_router and served_by_worker:
        evidence.append(Fact("so the extra child comes from --http, not from Django; it never runs the app"))
        summary = Fact(
            "the extra child exists only with --http and its spawn line names it the HTTP router, not Django"
        )
        return finding(DIFFERS, summary, evidence)
    unnamed_in_both = all(
        extra[v.part] and not any(roles.role_of(v, c.pid).known for c in extra[v.part])
        for v in (http, socket)
    )
    if unnamed_in_both and served_by_worker:
        return finding(
            HOLDS, Fact("an extra child no spawn line names exists with and without --http"), evidence
        )
    return finding(
        CANNOT_TELL,
        Fact("the extra child is neither only --http's router nor a child of Django's"),
        evidence,
    )
