"""C1: with default options one process serves one request at a time: two requests sent
together run one after the other, in the same process.

Holding needs both pages in one process, the second starting after the first ended; the
specific alternative is the two running at the same time. Both need one worker, as the
default gives, and the pages sent together and served."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.common import sent_pages
from sandbox.analysis.claims.trees import router_notes, tree_facts
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import tree_named
from sandbox.model.evidence import Fact, Proc, Req
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation
from sandbox.model.scenario import MAIN


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part(MAIN)
    pages, evidence, given = sent_pages(run, variant)
    workers = roles.workers(variant)
    evidence += [*tree_facts(variant), *router_notes(variant)]
    given.append(need("one worker, as the default gives", len(workers) == 1 if tree_named(variant) else None))
    if len(pages) != 2 or not all(record.served for _, record in pages):
        return decide(Fact("the two pages were not both served"), evidence, given=given, holds=(), differs=())
    (i, first), (j, second) = pages
    earlier, later = Req(variant.service, i), Req(variant.service, j)
    gap = second.server_start - first.server_end
    evidence.append(Fact("{} started {:+.3f} s after {} ended", later, gap, earlier))
    together = first.overlaps(second)
    if together:
        summary = Fact("sent together, {} and {} ran at the same time", earlier, later)
    elif first.pid == second.pid:
        summary = Fact(
            "sent together, both ran in {}, {} starting {:+.2f} s after {} ended",
            Proc(variant.service, first.pid), later, gap, earlier,
        )  # fmt: skip
    else:
        summary = Fact(
            "one after the other, but in {} and {}",
            Proc(variant.service, first.pid),
            Proc(variant.service, second.pid),
        )
    return decide(
        summary,
        evidence,
        given=given,
        holds=(
            need("both pages served by the same process", first.pid == second.pid),
            need("the second page started after the first ended", not together),
        ),
        differs=(need("the two pages ran at the same time", together),),
    )
