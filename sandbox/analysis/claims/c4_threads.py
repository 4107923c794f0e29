"""C4: --processes 3 --threads 4 is three processes of four threads each (the process itself
and three {uwsgi} threads).

Holding needs three workers, each with `cores: 4` in its spawn line and three extra threads;
the specific alternative is a whole, named tree with other workers or threads. Both need the
tree whole and named, and every worker's cores from its spawn line."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.trees import describe, router_notes
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import tree_named
from sandbox.model.evidence import Fact, Many, Proc, Thread
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation
from sandbox.model.scenario import MAIN


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part(MAIN)
    workers = roles.workers(variant)
    evidence = [describe(variant, w) for w in workers] + router_notes(variant)
    served = [r for r in variant.requests if r.served]
    if served:
        threads = tuple(Thread(variant.service, r.tid) for r in served)
        procs = tuple(Proc(variant.service, r.pid) for r in served)
        evidence.append(Fact("requests were served by {} in {}", Many(threads), Many(procs)))
    with_cores = bool(workers) and all(roles.cores(variant, w.pid) is not None for w in workers)
    ok = len(workers) == 3 and all(roles.cores(variant, w.pid) == 4 and len(w.threads) == 3 for w in workers)
    counts = ", ".join(str(len(w.threads)) for w in workers)
    routers = router_notes(variant)
    if ok:  # the reason in one sentence, the extra process included (the article's tree lacks it)
        extra = f"; the {len(workers) + 1}th process is the HTTP router that --http adds" if routers else ""
        summary = Fact(
            "the article's 3 workers of 4 threads (the process and 3 {{uwsgi}} threads) are there" + extra
        )
    else:
        summary = Fact(
            "{} workers with cores {}, extra threads per worker: {}"
            + ("; --http adds the HTTP router process" if routers else ""),
            len(workers),
            roles.cores(variant, workers[0].pid) if workers else "?",
            counts or "-",
        )
    return decide(
        summary,
        evidence,
        given=(
            need("the tree whole, each process named by a spawn line", tree_named(variant)),
            need("every worker's cores in its spawn line", True if with_cores else None),
        ),
        holds=(need("three workers, each with cores 4 and three extra threads", ok),),
        differs=(need("other workers, cores or threads", not ok),),
    )
