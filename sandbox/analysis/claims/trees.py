"""Facts about a variant's tree that several judges quote."""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.model.evidence import Fact, Proc
from sandbox.model.observation import ProcessSnapshot, VariantObservation
from sandbox.model.roles import RoleKind


def describe(variant: VariantObservation, proc: ProcessSnapshot) -> Fact:
    """`pid 8 = worker 2, cores 4, 3 extra thread(s)`, the role named by the renderer."""
    cores = roles.cores(variant, proc.pid)
    role = roles.role_of(variant, proc.pid)
    if cores:
        return Fact(
            "{} = {}, cores {}, {} extra thread(s)",
            Proc(variant.service, proc.pid),
            role,
            cores,
            len(proc.threads),
        )
    return Fact("{} = {}, {} extra thread(s)", Proc(variant.service, proc.pid), role, len(proc.threads))


def tree_facts(variant: VariantObservation) -> list[Fact]:
    return [describe(variant, proc) for proc in variant.processes]


def router_notes(variant: VariantObservation) -> list[Fact]:
    """--http runs uWSGI's HTTP router as a process of its own; the article's trees lack it."""
    return [
        Fact(
            "{}: --http also runs uWSGI's HTTP router as its own process: {} (the article's tree does not show it)",
            variant.label,
            uwsgi_log.quote_spawn(variant.service, spawn),
        )
        for spawn in variant.spawn_lines
        if spawn.kind == RoleKind.HTTP_ROUTER
    ]


def masters(variant: VariantObservation) -> list:
    return [spawn for spawn in variant.spawn_lines if spawn.kind == RoleKind.MASTER]
