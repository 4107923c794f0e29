"""C4: --processes 3 --threads 4 is three processes of four threads each (the process itself
and three {uwsgi} threads)."""

from __future__ import annotations

from sandbox.analysis import roles
from sandbox.analysis.claims.common import CANNOT_TELL, DIFFERS, HOLDS, finding
from sandbox.analysis.claims.trees import describe, router_notes
from sandbox.model.evidence import Fact, Many, Proc, Thread
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation


def judge(run: ScenarioObservation) -> Finding:
    variant = run.part("main")
    workers = roles.workers(variant)
    evidence = [describe(variant, w) for w in workers] + router_notes(variant)
    if not workers or any(roles.cores(variant, w.pid) is None for w in workers):
        return finding(CANNOT_TELL, Fact("no worker spawn line with its cores was found"), evidence)
    served = [r for r in variant.requests if r.served]
    if served:
        threads = tuple(Thread(variant.service, r.tid) for r in served)
        evidence.append(
            Fact(
                "requests were served by {} in {}",
                Many(threads),
                Many(tuple(Proc(variant.service, r.pid) for r in served)),
            )
        )
    ok = len(workers) == 3 and all(roles.cores(variant, w.pid) == 4 and len(w.threads) == 3 for w in workers)
    counts = ", ".join(str(len(w.threads)) for w in workers)
    note = "; --http adds the HTTP router process" if router_notes(variant) else ""
    summary = Fact(
        "{} workers with cores {}, extra threads per worker: {}" + note,
        len(workers),
        roles.cores(variant, workers[0].pid),
        counts,
    )
    return finding(HOLDS if ok else DIFFERS, summary, evidence)
