"""Beyond the article: what people trip on next about uWSGI's process model, as data.

Each lesson states what uWSGI's docs (or its issues) say, names its source, runs the compose
services that show it live, and expects a verdict per uWSGI version where a release changed the
behaviour (the versions come from uWSGI's source and changelogs). Judges: sandbox.analysis.lessons.
"""

from __future__ import annotations

from sandbox.model.names import G1, L1, L2, L3, L4, L5, L6, L7, L8, L9
from sandbox.model.roles import worker
from sandbox.model.scenario import Expected, Scenario, Variant
from sandbox.model.steps import AwaitRequests, Fire, Kill, Load, Look, Pause, Stop, WaitForLog, Watch
from sandbox.model.verdicts import Verdict

HOLDS, DIFFERS = Verdict.HOLDS, Verdict.DIFFERS
ALWAYS = (Expected("*", HOLDS),)
STOP_GRACE = 4  # s `docker stop` waits before SIGKILL (Docker's default is 10: shorter keeps the lab quick)
# Light requests for the thunder-lock lesson, one after another: enough that a fair random
# dealer rarely passes either test of analysis.dealing (p < 0.001), even when the lock's turns
# are a request or two off.
LOAD_REQUESTS = 2000


def since(version: str) -> tuple[Expected, ...]:
    """Holds from `version` on; before it the lab sees the difference."""
    return (Expected(f"<{version}", DIFFERS), Expected(f">={version}", HOLDS))


LESSONS: tuple[Scenario, ...] = (
    Scenario(
        name="sigterm",
        alone=True,
        claim="L1",
        title="`docker stop` on a uWSGI master: reload, die, or finish the request",
        statement="docker stop sends SIGTERM, which a uWSGI 2.0 master takes as a brutal reload: it outlives the "
        "grace period and is killed (exit 137), cutting the request in flight; --die-on-term exits at once, also "
        'cutting it; --hook-master-start "unix_signal:15 gracefully_kill_them_all" lets the request finish, then '
        "exits, behind --http's router too (fixed in 2.0.27).",
        source="uWSGI docs: ThingsToKnow, Management (signals); unbit/uwsgi #2656, PR #2671",
        variants=(
            Variant("default", "sigterm-default", L1.DEFAULT),
            Variant("--die-on-term", "sigterm-die-on-term", L1.DIE_ON_TERM),
            Variant("graceful recipe", "sigterm-graceful", L1.GRACEFUL),
            Variant("graceful recipe behind --http", "sigterm-graceful-http", L1.GRACEFUL_HTTP),
        ),
        steps=(
            Fire(
                (("/sleep?s=2",),), label=L1.IN_FLIGHT, beside=True, background=True, may_go_unanswered=True
            ),
            WaitForLog(" called "),
            Stop(STOP_GRACE),
            AwaitRequests(),
        ),
        expected=since("2.0.27"),
    ),
    Scenario(
        name="master",
        claim="L2",
        title="A worker killed: respawned with a master, gone for good without",
        statement="Without a master a dead worker is never respawned: it leaves the tree for good and concurrency "
        "drops. With --master uWSGI logs `DAMN ! worker N ... died` and respawns it with a new pid. Some options "
        "start a master by themselves (--stats), others do not (--harakiri).",
        source="uWSGI docs: Options (master, stats); unbit/uwsgi #1005, #851, #1515",
        variants=(
            Variant("no master", "master-none", L2.NONE),
            Variant("--master", "master-on", L2.MASTER),
            Variant("--stats, no --master", "master-stats", L2.STATS),
            Variant("--harakiri, no --master", "master-harakiri", L2.HARAKIRI),
        ),
        steps=(
            Kill(worker(2)),
            Pause(1.5),
            Look(L2.AFTER_THE_KILL),
            Fire((("/sleep?s=1",), ("/sleep?s=1",)), label=L2.AFTER_THE_KILL),
        ),
        expected=ALWAYS,
    ),
    Scenario(
        name="prefork",
        claim="L3",
        title="Preforking: the app imported once and forked, or once per worker (--lazy-apps)",
        statement="By default uWSGI imports the app once, in the master, and forks the workers: they share its "
        "memory copy-on-write (a worker's own memory stays small until it writes to those pages) and "
        "os.register_at_fork child hooks do not run, unless --py-call-uwsgi-fork-hooks (2.0.21+); --lazy-apps "
        "imports the app in every worker, each with its own copy.",
        source="uWSGI docs: ThingsToKnow, articles/TheArtOfGracefulReloading (preforking vs lazy-apps); unbit/uwsgi #2387, #2222",
        variants=(
            Variant("preforking (default)", "prefork-default", L3.DEFAULT),
            Variant("--lazy-apps", "prefork-lazy", L3.LAZY),
            Variant("--py-call-uwsgi-fork-hooks", "prefork-hooks", L3.HOOKS),
        ),
        steps=(Fire(tuple(("/touch?s=0.5",) for _ in range(4)), label=L3.TOUCH), Look(L3.AFTER)),
        # The fork hooks run only where thread support is on: by default since 2.0.27.
        expected=since("2.0.27"),
    ),
    Scenario(
        name="listen-queue",
        alone=True,
        claim="L4",
        title="The listen queue: full means waiting, not refusals",
        statement="With a listen queue of 4 (--listen 4) and more clients than it holds, the master warns "
        "`*** uWSGI listen queue of socket ... full !!! ***` and the extra clients wait for the kernel's SYN "
        "retries (about 1 s) instead of being refused; a --listen above net.core.somaxconn (the default 100, "
        "over a somaxconn of 64 here) makes uWSGI refuse to start.",
        source="uWSGI docs: articles/TheArtOfGracefulReloading (the listen queue); unbit/uwsgi #2250, #2328",
        variants=(
            Variant("--listen 4, 12 clients", "listen-queue-4", L4.QUEUE),
            Variant(
                "default --listen 100, somaxconn 64", "listen-queue-default", L4.SOMAXCONN, must_start=False
            ),
        ),
        steps=(
            Fire(
                tuple(("/sleep?s=0.5",) for _ in range(12)), label=L4.TWELVE_CLIENTS, may_go_unanswered=True
            ),
        ),
        expected=ALWAYS,
    ),
    Scenario(
        name="harakiri",
        claim="L5",
        title="--harakiri: a stuck worker is killed with every request it holds",
        statement="--harakiri N: the master kills a worker stuck on a request for N seconds with SIGKILL "
        "(`HARAKIRI ON WORKER`, `killed by signal 9`) and respawns it; the requests on its other threads die "
        "with it. --harakiri-graceful-timeout (2.0.22+) first tries a graceful signal.",
        source="uWSGI docs: Options (harakiri), FAQ; unbit/uwsgi #2706, #2606, #480",
        variants=(
            Variant("--threads 2 --harakiri 3", "harakiri-threads", L5.THREADS),
            Variant("--harakiri-graceful-timeout 2", "harakiri-graceful", L5.GRACEFUL, must_start=False),
        ),
        steps=(
            Fire(
                (("/sleep?s=30",), ("/sleep?s=30",)),
                label=L5.STUCK,
                background=True,
                timeout=40,
                may_go_unanswered=True,
            ),
            WaitForLog("Respawned uWSGI worker", timeout=20),
            AwaitRequests(),
            Look(L5.AFTER_THE_RESPAWN),
            Fire((("/sleep?s=0.2",),), label=L5.AFTER_THE_RESPAWN),
        ),
        expected=since("2.0.22"),
    ),
    Scenario(
        name="thunder-lock",
        alone=True,
        claim="L6",
        title="How requests spread over workers, without and with --thunder-lock",
        statement="Workers of separate processes wait on one socket and the kernel picks who accepts, so "
        "requests spread unevenly (some workers take more than their share, others less); --thunder-lock "
        "serialises accept(), and the workers take turns.",
        source="uWSGI docs: articles/SerializingAccept; unbit/uwsgi #1063, #1605, #2529",
        variants=(
            Variant("no lock", "thunder-lock-off", L6.OFF),
            Variant("--thunder-lock", "thunder-lock-on", L6.ON),
        ),
        steps=(Load("/noop", concurrency=1, requests=LOAD_REQUESTS, seconds=30, label=L6.LOAD),),
        expected=ALWAYS,
    ),
    Scenario(
        name="recycling",
        claim="L7",
        title="--max-requests recycles a worker, but not before --min-worker-lifetime",
        statement="--max-requests 2: after two requests the worker says `...The work of process N is done. "
        "Seeya!` and the master respawns it with a new pid, but never before the worker is "
        "--min-worker-lifetime seconds old.",
        source="uWSGI docs: Options (max-requests, min-worker-lifetime); unbit/uwsgi #648, #2082",
        variants=(
            Variant("default --min-worker-lifetime", "recycling-default", L7.DEFAULT),
            Variant("--min-worker-lifetime 1", "recycling-lifetime-1", L7.ONE_SECOND),
        ),
        steps=(
            Pause(4, since_ready=True),
            Fire((("/sleep?s=0.1",) * 3,), label=L7.FIRST),
            Pause(11, since_ready=True),
            Fire((("/sleep?s=0.1",) * 3,), label=L7.SECOND),
            Look(L7.AFTER),
        ),
        fact_checks=("min_worker_lifetime_default",),
        expected=ALWAYS,
    ),
    Scenario(
        name="socket-types",
        claim="L8",
        title="--socket, --http-socket, --http: the same HTTP request, three answers",
        statement="--socket speaks the binary uwsgi protocol (for a web server in front), so an HTTP client gets "
        "no answer; --http-socket speaks HTTP in the worker itself; --http starts a router process in front of "
        "the workers.",
        source="uWSGI docs: WSGIquickstart, HTTP; unbit/uwsgi #1164, #1334",
        variants=(
            Variant("--socket", "socket-types-socket", L8.SOCKET),
            Variant("--http-socket", "socket-types-http-socket", L8.HTTP_SOCKET),
            Variant("--http", "socket-types-http", L8.HTTP),
        ),
        steps=(Fire((("/sleep?s=0.1",),), label=L8.ONE_REQUEST, may_go_unanswered=True),),
        expected=ALWAYS,
    ),
    Scenario(
        name="cheaper",
        alone=True,
        claim="L9",
        title="--cheaper: one worker at first, more under load, idle ones retired",
        statement="--processes 4 --cheaper 1 starts a master by itself and one worker; when every worker is "
        "busy the spare algorithm spawns more, one at a time, and retires idle ones when the load is gone.",
        source="uWSGI docs: Cheaper; unbit/uwsgi #2467, #1463",
        variants=(Variant("--processes 4 --cheaper 1", "cheaper", L9.CHEAPER),),
        steps=(
            Fire(tuple(("/sleep?s=4",) for _ in range(4)), label=L9.LOAD, background=True),
            Watch(seconds=20, every=1.0, label=L9.WATCH),
            AwaitRequests(),
        ),
        expected=ALWAYS,
    ),
    Scenario(
        name="gunicorn-timeout",
        claim="G1",
        title="gunicorn --timeout: a sync worker is killed on a long request, a gthread worker is not",
        statement="gunicorn's arbiter kills a worker that has not notified it for --timeout seconds: a sync worker "
        "busy on a 5 s request past --timeout 2 gets `WORKER TIMEOUT` and a replacement; a gthread worker keeps "
        "notifying from its main loop and serves the same request.",
        source="gunicorn docs: settings (timeout); benoitc/gunicorn #1440, #1801",
        variants=(
            Variant("sync worker", "gunicorn-timeout-sync", G1.SYNC),
            Variant("gthread worker", "gunicorn-timeout-gthread", G1.GTHREAD),
        ),
        steps=(
            Fire((("/io?ms=5000",),), label=G1.FIVE_SECONDS, may_go_unanswered=True),
            Pause(1.5),
            Look(G1.AFTER),
        ),
        expected=ALWAYS,
    ),
)
