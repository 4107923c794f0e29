"""C2: --workers, --processes and -p are one option (default 1); the first process is itself
worker 1. Every variant is one spelling of `3 workers`.

Holding needs, in every spelling, spawn lines for workers 1-3 and no master, the first process
worker 1, and the same tree. The specific alternative: the spellings give different trees or
workers, or a first process that is not worker 1. Both need every tree whole and named."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.trees import masters
from sandbox.analysis.policy import both, decide, either, need
from sandbox.analysis.pstree import parse_pstree, shape
from sandbox.analysis.shown import tree_named
from sandbox.model.evidence import Fact, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind, worker

EXPECTED_WORKERS = [1, 2, 3]


def _shape(variant: VariantObservation) -> str | None:
    try:
        return shape(parse_pstree(variant.pstree)[0])
    except ValueError:
        return None


def _numbers(variant: VariantObservation) -> list[int]:
    return sorted({s.number for s in variant.spawn_lines if s.kind == RoleKind.WORKER})


def judge(run: ScenarioObservation) -> Finding:
    evidence = []
    for variant in run.variants:
        top = roles.root(variant)
        top_role = roles.role_of(variant, top.pid) if top else None
        evidence.append(
            Fact(
                "{}: spawn lines for workers {}, master: {}, first process {} is {}, tree shape {}",
                variant.label, str(_numbers(variant)), "yes" if masters(variant) else "no",
                Proc(variant.service, top.pid) if top else "?", top_role or "?", _shape(variant) or "?",
            )
        )  # fmt: skip
    shapes = {_shape(variant) for variant in run.variants}
    same = len(shapes) == 1 and len({str(_numbers(v)) for v in run.variants}) == 1
    evidence.append(Fact("all variants have the same tree shape" if same else "the tree shapes differ"))
    whole = both(*(tree_named(v) for v in run.variants), None not in shapes or None)
    first_is_worker_1 = all(
        (top := roles.root(v)) is not None and roles.role_of(v, top.pid) == worker(1) for v in run.variants
    )
    three_workers = all(_numbers(v) == EXPECTED_WORKERS and not masters(v) for v in run.variants)
    labels = ", ".join(variant.label for variant in run.variants)
    summary = (
        Fact("{} each spawned workers 1-3, no master, the same tree; the first process is worker 1", labels)
        if same and first_is_worker_1 and three_workers
        else Fact("the spellings did not give the same three workers and tree")
    )
    return decide(
        summary,
        evidence,
        given=(need("every spelling's tree whole, each process named by a spawn line", whole),),
        holds=(
            need("workers 1-3 and no master in every spelling", three_workers),
            need("the first process is worker 1 in every spelling", first_is_worker_1),
            need("the same tree and workers in every spelling", same),
        ),
        differs=(
            need(
                "different trees or workers across the spellings, or a first process that is not worker 1",
                either(not same, not first_is_worker_1),
            ),
        ),
    )
