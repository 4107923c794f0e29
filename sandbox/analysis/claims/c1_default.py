"""C1: with default options one process serves one request at a time: two requests sent
together run one after the other, in the same process."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.common import CANNOT_TELL, DIFFERS, HOLDS, finding, sent_pages
from sandbox.analysis.claims.trees import router_notes, tree_facts
from sandbox.model.evidence import Fact, Proc, Req
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part("main")
    pages, evidence, not_sent = sent_pages(run, variant)
    if not_sent:
        return not_sent
    workers = roles.workers(variant)
    evidence += [*tree_facts(variant), *router_notes(variant)]
    if len(workers) != 1:
        return finding(CANNOT_TELL, Fact("{} workers ran, not the default's one", len(workers)), evidence)
    (i, first), (j, second) = pages
    earlier, later = Req(variant.service, i), Req(variant.service, j)
    gap = second.server_start - first.server_end
    evidence.append(Fact("{} started {:+.3f} s after {} ended", later, gap, earlier))
    if first.overlaps(second):
        return finding(
            DIFFERS, Fact("sent together, {} and {} ran at the same time", earlier, later), evidence
        )
    if first.pid == second.pid:  # and, not overlapping, one after the other
        summary = Fact(
            "sent together, both ran in {}, {} starting {:+.2f} s after {} ended",
            Proc(variant.service, first.pid), later, gap, earlier,
        )  # fmt: skip
        return finding(HOLDS, summary, evidence)
    summary = Fact(
        "one after the other, but in {} and {}",
        Proc(variant.service, first.pid),
        Proc(variant.service, second.pid),
    )
    return finding(CANNOT_TELL, summary, evidence)
