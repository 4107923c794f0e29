"""L2: `kill -9` a worker (the catalog's Kill step names which). Parts: `none` (no master: the
worker is gone for good, the next two requests take turns in the one worker left), `master`
(DAMN, respawned with a new pid, the next two requests run at once), `stats` (--stats starts a
master by itself: respawned too), `harakiri` (--harakiri does not: gone for good).

Each part's alternative is the other behaviour, with its own evidence: a master that respawned
the worker (its spawn line, the new pid alive, the requests at once), or no master, no respawn
line in a log read past the requests after the kill, and the requests one after the other."""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.lessons.common import batch, batch_facts, by_parts, lines
from sandbox.analysis.policy import Shown, decide, need, negated
from sandbox.analysis.shown import log_reaches
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.names import L2
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import RoleKind

RESPAWNS = {L2.NONE: False, L2.MASTER: True, L2.STATS: True, L2.HARAKIRI: False}


def _has_master(variant: VariantObservation) -> Shown:
    """The first process is the master (True) or a worker (False), by its spawn line."""
    top = roles.root(variant)
    kind = roles.role_of(variant, top.pid).kind if top else None
    return True if kind == RoleKind.MASTER else False if kind == RoleKind.WORKER else None


def _check(variant: VariantObservation) -> Finding:
    after, requests = variant.look(L2.AFTER_THE_KILL), batch(variant, L2.AFTER_THE_KILL)
    complete = bool(variant.killed) and after is not None and bool(after.processes)
    given = (
        need("a worker killed, and a look at the tree after it", True if complete else None),
        need("the two requests after the kill answered", True if len(requests) == 2 and all(r.served for _, r in requests) else None),
    )  # fmt: skip
    if not complete or len(requests) != 2 or not all(r.served for _, r in requests):
        summary = Fact("the kill, the look after it or the two requests are missing")
        return decide(summary, batch_facts(variant, L2.AFTER_THE_KILL), given=given, holds=(), differs=())
    kill = variant.killed[0]
    respawn = [s for s in variant.spawn_lines if s.text.startswith("Respawned") and s.role == kill.role]
    alive = {p.pid for p in after.processes if p.alive}
    zombies = [p.pid for p in after.processes if not p.alive]
    first, second = (record for _, record in requests)
    at_once = first.overlaps(second)
    has_master = _has_master(variant)
    summary = Fact(
        "master: {}; {} ({}) killed, {}; the next two requests ran {}",
        {True: "yes", False: "no", None: "?"}[has_master], kill.role, Proc(variant.service, kill.pid),
        Fact("respawned as {}", Proc(variant.service, respawn[-1].pid)) if respawn
        else "not respawned, left as a zombie nobody reaps" if kill.pid in zombies else "not respawned",
        "at the same time" if at_once else "one after the other",
    )  # fmt: skip
    evidence = [
        Fact("{}: {}", variant.label, summary),
        Fact("{}: processes alive after the kill: {}; dead but not reaped (zombies): {}", variant.label,
             Many(tuple(Proc(variant.service, pid) for pid in sorted(alive))), Many(tuple(Proc(variant.service, pid) for pid in zombies))),
        *(Fact("{}: the log says {}", variant.label, uwsgi_log.quote(variant.service, line)) for line in lines(variant, "DAMN !")),
        *batch_facts(variant, L2.AFTER_THE_KILL),
    ]  # fmt: skip
    # No respawn line shows something only in a log read past the requests after the kill.
    last_start = max(record.server_start for _, record in requests)
    if respawn:  # a respawn whose new pid is gone shows neither behaviour
        respawned: Shown = True if respawn[-1].pid in alive else None
    else:
        respawned = negated(log_reaches(variant, last_start))
    gone = need(
        Fact("the killed pid {} no longer alive", Proc(variant.service, kill.pid)), kill.pid not in alive
    )
    respawning = (
        need("a master (its spawn line names the first process)", has_master),
        need(Fact("`Respawned uWSGI {}` logged, its new pid alive", kill.role), respawned),
        gone,
        need("the next two requests ran at the same time", at_once),
    )
    gone_for_good = (
        need("no master (the first process is a worker)", negated(has_master)),
        need(Fact("no respawn of {} in a log read past the next requests", kill.role), negated(respawned)),
        gone,
        need("the next two requests ran one after the other", not at_once),
    )
    if RESPAWNS[variant.part]:
        return decide(summary, evidence, given=given, holds=respawning, differs=gone_for_good)
    return decide(summary, evidence, given=given, holds=gone_for_good, differs=respawning)


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, dict.fromkeys(L2.READS.parts, _check))
