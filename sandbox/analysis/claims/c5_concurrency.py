"""C5: with --processes 3, /sleep1 and /sleep2 sent together run at the same time, in two
processes; a third process is there too.

Where the favicons land is reported, not judged: with no master, every idle worker waits on
the same socket and the kernel picks which one takes a new connection. The article's own run
shows it: its second favicon went back to a page's worker.
"""

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
from sandbox.analysis.claims.trees import tree_facts
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation
from sandbox.model.roles import RoleKind


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part("main")
    pages = requests_to(variant, PAGES)
    favicons = requests_to(variant, ("/favicon.ico",))
    records = [record for _, record in pages]
    evidence = [spread_fact(records)] + [
        served_fact(variant, i, r) for i, r in requests_to(variant, (*PAGES, "/favicon.ico"))
    ]
    if len(pages) != 2 or not all(record.served for record in records + [r for _, r in favicons]):
        return finding(CANNOT_TELL, Fact("not every request was served"), evidence)
    if not sent_together(records, run):
        summary = Fact("the two pages left {:.0f} ms apart: not sent together", spread(records) * 1000)
        return finding(CANNOT_TELL, summary, evidence)
    workers = roles.workers(variant)
    page_pids = sorted({record.pid for record in records})
    page_procs = Many(tuple(Proc(variant.service, pid) for pid in page_pids))
    overlap = records[0].overlaps(records[1])
    third = sorted({r.pid for _, r in favicons} - set(page_pids))
    evidence += [
        Fact("pages overlapped on the server: {}; in {} different process(es)", "yes" if overlap else "no", len(page_pids)),
        *tree_facts(variant),
        Fact(
            "favicons served by {}: {}; which idle worker accepts is the kernel's choice, not uWSGI's",
            Many(tuple(Proc(variant.service, r.pid) for _, r in favicons)),
            Fact("the third process ({}) took one", Proc(variant.service, third[0])) if third else "both went back to a page's worker",
        ),
    ]  # fmt: skip
    if len(workers) != 3:
        return finding(CANNOT_TELL, Fact("{} workers ran, not three", len(workers)), evidence)
    if not overlap:
        return finding(
            DIFFERS,
            Fact("sent together, the pages ran one after the other in {}", page_procs),
            evidence,
        )
    in_workers = all(roles.role_of(variant, pid).kind == RoleKind.WORKER for pid in page_pids)
    if len(page_pids) == 2 and in_workers:
        favicon_note = (
            "a favicon reached the third worker"
            if third
            else "this time both favicons went back to a page's worker"
        )
        summary = Fact(
            "/sleep1 and /sleep2 ran at the same time in {}; "
            + favicon_note
            + " (the kernel picks which idle worker accepts)",
            page_procs,
        )
        return finding(HOLDS, summary, evidence)
    return finding(
        CANNOT_TELL, Fact("the pages overlapped, but not in two workers: {}", page_procs), evidence
    )
