"""L1: `docker stop` on a uWSGI master. Parts: `default` (SIGTERM = brutal reload: killed after
the grace period, exit 137, request cut), `die-on-term` (exits at once, request cut), `graceful`
and `graceful-http` (the hook recipe: the request finishes with 200, then the master exits).

The specific alternatives: a default master that exits by itself before the grace runs out
(SIGTERM as a shutdown); a --die-on-term master that outlives the grace and is killed; a
graceful recipe whose shutdown ran but cut the request (2.0.21 behind --http). Every part needs
the stop observed with its one request in flight (the app logged it before the stop)."""

from __future__ import annotations

from sandbox.analysis.lessons.common import batch, batch_facts, by_parts, lines, said
from sandbox.analysis.policy import decide, need
from sandbox.analysis.shown import cut, logged, served
from sandbox.model.evidence import Fact
from sandbox.model.judged import Finding
from sandbox.model.names import L1
from sandbox.model.observation import ScenarioObservation, VariantObservation

KILLED = 137  # 128 + SIGKILL: Docker killed it after the grace period
# A stop that took at least this share of the grace period waited it out; one quicker did not.
# (Alone, --die-on-term stops in 1.1 s of 4.)
RAN_OUT = 0.8
RELOAD = "...brutally killing workers..."
DIE = "SIGINT/SIGTERM received...killing workers..."
GRACEFUL_LINE = "graceful shutdown triggered..."
GOODBYE = "goodbye to uWSGI."


def _check(variant: VariantObservation) -> Finding:
    stopped, requests = variant.stopped, batch(variant, L1.IN_FLIGHT)
    record = requests[0][1] if len(requests) == 1 else None
    given = (
        need("a timed `docker stop`", True if stopped else None),
        need("one request in flight at the stop (the app logged it)", True if record and lines(variant, " called ") else None),
    )  # fmt: skip
    if stopped is None or record is None:
        return decide(Fact("no stop with a request in flight was observed"), batch_facts(variant, L1.IN_FLIGHT),
                      given=given, holds=(), differs=())  # fmt: skip
    outcome = "answered 200" if record.served else f"cut ({record.error or record.status})"
    took = Fact("stopped after {:.1f} s of a {:g} s grace period, exit code {}; the request in flight was {}",
                stopped.seconds, stopped.grace, stopped.exit_code, outcome)  # fmt: skip
    signature = {L1.DEFAULT: RELOAD, L1.DIE_ON_TERM: DIE}.get(variant.part, GRACEFUL_LINE)
    evidence = [
        Fact("{}: {}", variant.label, took),
        said(variant, signature),
        *batch_facts(variant, L1.IN_FLIGHT),
    ]
    bound = RAN_OUT * stopped.grace
    waited_out = need(Fact("the stop took at least {:.1f} s ({:.0%} of the grace period)", bound, RAN_OUT),
                      stopped.seconds >= bound)  # fmt: skip
    quick = need(Fact("the stop took under {:.1f} s ({:.0%} of the grace period)", bound, RAN_OUT),
                 stopped.seconds < bound)  # fmt: skip
    killed = need("exit code 137 (killed once the grace ran out)", stopped.exit_code == KILLED)
    clean = need("exit code 0 (uWSGI exited by itself)", stopped.exit_code == 0)
    was_cut = need("the request in flight cut by the server", cut(record))
    if variant.part == L1.DEFAULT:
        holds = (waited_out, killed, was_cut, need(Fact("`{}` logged", RELOAD), logged(variant, RELOAD)))
        differs = (quick, clean, need(Fact("`{}` logged", GOODBYE), logged(variant, GOODBYE)))
    elif variant.part == L1.DIE_ON_TERM:
        holds = (quick, clean, was_cut, need(Fact("`{}` logged", DIE), logged(variant, DIE)))
        differs = (waited_out, killed)
    else:
        triggered = need(Fact("`{}` logged", GRACEFUL_LINE), logged(variant, GRACEFUL_LINE))
        holds = (
            need("the request in flight answered 200", served(record)),
            need(Fact("the stop took under the {:g} s grace period", stopped.grace), stopped.seconds < stopped.grace),
            clean,
            triggered,
        )  # fmt: skip
        differs = (triggered, clean, was_cut)
    return decide(took, evidence, given=given, holds=holds, differs=differs)


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, dict.fromkeys(L1.READS.parts, _check))
