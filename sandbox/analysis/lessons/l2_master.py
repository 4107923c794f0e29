"""L2: `kill -9` worker 2. Parts: `none` (no master: the worker is gone for good, the next two
requests take turns in the one worker left), `master` (DAMN, respawned with a new pid, the next
two requests run at once), `stats` (--stats starts a master by itself: respawned too), `harakiri`
(--harakiri does not: gone for good)."""

from __future__ import annotations

from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.lessons.common import CANNOT_TELL, DIFFERS, HOLDS, batch, batch_facts, by_parts, lines
from sandbox.model.evidence import Fact, Many, Proc
from sandbox.model.judged import Finding
from sandbox.model.observation import ScenarioObservation, VariantObservation
from sandbox.model.roles import MASTER
from sandbox.model.verdicts import Verdict

RESPAWNS = {"none": False, "master": True, "stats": True, "harakiri": False}


def _check(variant: VariantObservation) -> tuple[Verdict, Fact, list[Fact]]:
    after, requests = variant.look("after the kill"), batch(variant, "after the kill")
    if not variant.killed or after is None or len(requests) != 2 or not all(r.served for _, r in requests):
        return (
            CANNOT_TELL,
            Fact("the kill, the look after it or the two requests are missing"),
            batch_facts(variant, "after the kill"),
        )
    killed = variant.killed[0].pid
    has_master = roles.root(variant) is not None and roles.role_of(variant, roles.root(variant).pid) == MASTER
    respawn = [s for s in variant.spawn_lines if s.text.startswith("Respawned") and s.number == 2]
    alive = {p.pid for p in after.processes if p.alive}
    zombies = [p.pid for p in after.processes if not p.alive]
    first, second = (record for _, record in requests)
    at_once = first.overlaps(second)
    summary = Fact(
        "master: {}; worker 2 ({}) killed, {}; the next two requests ran {}",
        "yes" if has_master else "no", Proc(variant.service, killed),
        Fact("respawned as {}", Proc(variant.service, respawn[-1].pid)) if respawn
        else "not respawned, left as a zombie nobody reaps" if killed in zombies else "not respawned",
        "at the same time" if at_once else "one after the other",
    )  # fmt: skip
    evidence = [
        Fact("{}: {}", variant.label, summary),
        Fact("{}: processes alive after the kill: {}; dead but not reaped (zombies): {}", variant.label,
             Many(tuple(Proc(variant.service, pid) for pid in sorted(alive))), Many(tuple(Proc(variant.service, pid) for pid in zombies))),
        *(Fact("{}: the log says {}", variant.label, uwsgi_log.quote(variant.service, line)) for line in lines(variant, "DAMN !")),
        *batch_facts(variant, "after the kill"),
    ]  # fmt: skip
    expected_respawn = RESPAWNS[variant.part]
    if expected_respawn:
        ok = has_master and bool(respawn) and respawn[-1].pid in alive and killed not in alive and at_once
    else:
        ok = not has_master and not respawn and killed not in alive and not at_once
    return (HOLDS if ok else DIFFERS), summary, evidence


def judge(run: ScenarioObservation) -> Finding:
    return by_parts(run, _check)
