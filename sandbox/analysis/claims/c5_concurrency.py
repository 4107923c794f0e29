"""C5: with --processes 3, /sleep1 and /sleep2 sent together run at the same time, in two
processes; a third process is there too.

Holding needs the pages to overlap on the server, in two different workers; the specific
alternative is the pages running one after the other. Both need three workers and every
request (pages and favicons) sent together and served.

Where the favicons land is reported, not judged: with no master, every idle worker waits on
the same socket and the kernel picks which one takes a new connection. The article's own run
shows it: its second favicon went back to a page's worker.
"""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.common import requests_to, sent_pages
from sandbox.analysis.claims.trees import tree_facts
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import tree_named
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind
from sandbox.model.scenario import MAIN

FAVICON = "/favicon.ico"


def _favicon_fact(variant: VariantObservation, third: list[int]) -> Fact:
    favicons = Many(
        tuple(Proc(variant.service, r.pid) for _, r in requests_to(variant, (FAVICON,)) if r.served)
    )
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
    variant = run.part(MAIN)
    pages, evidence, given = sent_pages(run, variant, also=(FAVICON,))
    workers = roles.workers(variant)
    given.append(need("three workers", len(workers) == 3 if tree_named(variant) else None))
    records = [record for _, record in pages]
    if len(records) != 2 or not all(record.served for record in records):
        return decide(Fact("the two pages were not both served"), evidence, given=given, holds=(), differs=())
    page_pids = sorted({record.pid for record in records})
    page_procs = Many(tuple(Proc(variant.service, pid) for pid in page_pids))
    overlap = records[0].overlaps(records[1])
    third = sorted({r.pid for _, r in requests_to(variant, (FAVICON,)) if r.served} - set(page_pids))
    evidence += [
        Fact(
            "pages overlapped on the server: {}; in {} different process(es)",
            "yes" if overlap else "no",
            len(page_pids),
        ),
        *tree_facts(variant),
        _favicon_fact(variant, third),
    ]
    in_workers = len(page_pids) == 2 and all(
        roles.role_of(variant, pid).kind == RoleKind.WORKER for pid in page_pids
    )
    if not overlap:
        summary = Fact("sent together, the pages ran one after the other in {}", page_procs)
    elif in_workers:
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
    else:
        summary = Fact("the pages overlapped, but not in two workers: {}", page_procs)
    return decide(
        summary,
        evidence,
        given=given,
        holds=(
            need("the pages ran at the same time on the server", overlap),
            need("in two different workers", in_workers),
        ),
        differs=(need("the pages ran one after the other", not overlap),),
    )
