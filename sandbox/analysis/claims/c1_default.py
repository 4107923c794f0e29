"""C1: with default options one process serves one request at a time: two requests sent
together run one after the other, in the same process."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.common import (
    CANNOT_TELL,
    DIFFERS,
    HOLDS,
    PAGES,
    finding,
    requests_to,
    sent_together,
    served_fact,
    spread,
    spread_fact,
)  # fmt: skip
from sandbox.analysis.claims.trees import router_notes, tree_facts
from sandbox.model.evidence import Fact, Proc, Req
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part("main")
    pages = requests_to(variant, PAGES)
    records = [record for _, record in pages]
    evidence = [spread_fact(records), *(served_fact(variant, i, r) for i, r in pages)]
    if len(pages) != 2 or not all(record.served for record in records):
        return finding(CANNOT_TELL, Fact("the two requests were not both served"), evidence)
    if not sent_together(records, run):
        summary = Fact("the two requests left {:.0f} ms apart: not sent together", spread(records) * 1000)
        return finding(CANNOT_TELL, summary, evidence)
    workers = roles.workers(variant)
    evidence += [*tree_facts(variant), *router_notes(variant)]
    if len(workers) != 1:
        summary = Fact("{} workers ran, not the default's one", len(workers))
        return finding(CANNOT_TELL, summary, evidence)
    (i, first), (j, second) = pages
    gap = second.server_start - first.server_end
    evidence.append(
        Fact("{} started {:+.3f} s after {} ended", Req(variant.service, j), gap, Req(variant.service, i))
    )
    if first.overlaps(second):
        summary = Fact(
            "sent together, {} and {} ran at the same time", Req(variant.service, i), Req(variant.service, j)
        )
        return finding(DIFFERS, summary, evidence)
    if first.pid == second.pid:  # and, not overlapping, one after the other
        summary = Fact(
            "sent together, both ran in {}, {} starting {:+.2f} s after {} ended",
            Proc(variant.service, first.pid), Req(variant.service, j), gap, Req(variant.service, i),
        )  # fmt: skip
        return finding(HOLDS, summary, evidence)
    summary = Fact(
        "one after the other, but in {} and {}",
        Proc(variant.service, first.pid),
        Proc(variant.service, second.pid),
    )
    return finding(CANNOT_TELL, summary, evidence)
