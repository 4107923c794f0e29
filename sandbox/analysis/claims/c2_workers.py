"""C2: --workers, --processes and -p are one option (default 1); the first process is itself
worker 1. Every variant is one spelling of `3 workers`."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.common import CANNOT_TELL, DIFFERS, HOLDS, finding
from sandbox.analysis.claims.trees import masters
from sandbox.analysis.pstree import parse_pstree, shape
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


def judge(run: ScenarioObservation) -> Finding:
    evidence, shapes, matches, complete = [], set(), True, True
    for variant in run.variants:
        numbers = sorted({s.number for s in variant.spawn_lines if s.kind == RoleKind.WORKER})
        top = roles.root(variant)
        top_role = roles.role_of(variant, top.pid) if top else None
        tree = _shape(variant)
        shapes.add(tree)
        evidence.append(
            Fact(
                "{}: spawn lines for workers {}, master: {}, first process {} is {}, tree shape {}",
                variant.label, str(numbers), "yes" if masters(variant) else "no",
                Proc(variant.service, top.pid) if top else "?", top_role or "?", tree or "?",
            )
        )  # fmt: skip
        complete = complete and bool(numbers) and tree is not None and top_role is not None and top_role.known
        matches = matches and numbers == EXPECTED_WORKERS and not masters(variant) and top_role == worker(1)
    same = len(shapes) == 1
    evidence.append(Fact("all variants have the same tree shape" if same else "the tree shapes differ"))
    if not complete or not run.variants:
        return finding(CANNOT_TELL, Fact("a variant lacks its spawn lines or its tree"), evidence)
    if matches and same:
        labels = ", ".join(variant.label for variant in run.variants)
        summary = Fact(
            "{} each spawned workers 1-3, no master, the same tree; the first process is worker 1", labels
        )
        return finding(HOLDS, summary, evidence)
    return finding(DIFFERS, Fact("the spellings did not give the same three workers and tree"), evidence)
