"""C5: with --processes 3, /sleep1 and /sleep2 sent together run at the same time, in two
processes; a third process is there too.

Where the favicons land is reported, not judged: with no master, every idle worker waits on
the same socket and the kernel picks which one takes a new connection. The article's own run
shows it: its second favicon went back to a page's worker.
"""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.common import CANNOT_TELL, DIFFERS, HOLDS, finding, requests_to, sent_pages
from sandbox.analysis.claims.trees import tree_facts
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind

FAVICON = "/favicon.ico"


def _favicon_fact(variant: VariantObservation, third: list[int]) -> Fact:
    favicons = Many(tuple(Proc(variant.service, r.pid) for _, r in requests_to(variant, (FAVICON,))))
    took = (
        Fact("the third process ({}) took one", Proc(variant.service, third[0]))
        if third
        else "both went back to a page's worker"
    )
    return Fact(
        "favicons served by {}: {}; which idle worker accepts is the kernel's choice, not uWSGI's",
        favicons,
        took,
    )


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part("main")
    pages, evidence, not_sent = sent_pages(run, variant, also=(FAVICON,))
    if not_sent:
        return not_sent
    records = [record for _, record in pages]
    page_pids = sorted({record.pid for record in records})
    page_procs = Many(tuple(Proc(variant.service, pid) for pid in page_pids))
    overlap = records[0].overlaps(records[1])
    third = sorted({r.pid for _, r in requests_to(variant, (FAVICON,))} - set(page_pids))
    evidence += [
        Fact(
            "pages overlapped on the server: {}; in {} different process(es)",
            "yes" if overlap else "no",
            len(page_pids),
        ),
        *tree_facts(variant),
        _favicon_fact(variant, third),
    ]
    workers = roles.workers(variant)
    if len(workers) != 3:
        return finding(CANNOT_TELL, Fact("{} workers ran, not three", len(workers)), evidence)
    if not overlap:
        return finding(
            DIFFERS, Fact("sent together, the pages ran one after the other in {}", page_procs), evidence
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
