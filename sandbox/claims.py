"""One pure function per claim of the article: a ScenarioObservation in, a Verdict out.

"holds": the live run shows what the article says. "differs": it shows something else (the
evidence says what). "cannot tell": the run did not produce what the check needs (a request
failed, a line is missing). No Docker here: every function is unit-tested on captured runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sandbox import uwsgi_log
from sandbox.observe import ScenarioObservation, VariantObservation
from sandbox.probe import ProcessSnapshot
from sandbox.pstree import parse_pstree, shape
from sandbox.traffic import RequestRecord, start_spread

HOLDS, DIFFERS, CANNOT_TELL = "holds", "differs", "cannot tell"
SERIAL_SLACK = 0.05  # s: how far a "next" request may start before the previous one ended
TICK_SECONDS = 0.05  # the ticker app's period (apps/ticker/main.py)


@dataclass
class Verdict:
    claim: str
    verdict: str
    evidence: list[str] = field(default_factory=list)
    summary: str = ""  # the one sentence a summary table shows


def _clock(epoch: float | None) -> str:
    return datetime.fromtimestamp(epoch).strftime("%H:%M:%S.%f")[:-3] if epoch else "?"


def _served(record: RequestRecord) -> str:
    if record.status is None or record.pid is None:
        return f"{record.path}: no answer ({record.error or 'no server facts'})"
    return (
        f"{record.path} served by pid {record.pid} (thread {record.tid}) "
        f"from {_clock(record.server_start)} to {_clock(record.server_end)}"
    )


def _complete(records: list[RequestRecord]) -> bool:
    return bool(records) and all(r.status == 200 and r.server_start is not None for r in records)


def _root(variant: VariantObservation) -> ProcessSnapshot | None:
    pids = {proc.pid for proc in variant.processes}
    return next((proc for proc in variant.processes if proc.ppid not in pids), None)


def _children(variant: VariantObservation, parent: ProcessSnapshot) -> list[ProcessSnapshot]:
    return [proc for proc in variant.processes if proc.ppid == parent.pid]


def _describe(proc: ProcessSnapshot) -> str:
    cores = f", cores {proc.cores}" if proc.cores else ""
    return f"pid {proc.pid} = {proc.role}{cores}, {len(proc.threads)} extra thread(s)"


def _tree_summary(variant: VariantObservation) -> str:
    return f"{variant.label}: " + "; ".join(_describe(proc) for proc in variant.processes)


def _router_note(variant: VariantObservation) -> list[str]:
    return [
        f"{variant.label}: --http also runs uWSGI's HTTP router as its own process: "
        f"`{spawn.text}` (the article's tree does not show it)"
        for spawn in variant.spawn_lines
        if spawn.role == "http"
    ]


def check_default(run: ScenarioObservation) -> Verdict:
    """C1: two simultaneous requests run one after the other in the same process."""
    variant = run.variants[0]
    pages = sorted(
        (r for r in variant.requests if r.path in ("/sleep1", "/sleep2")),
        key=lambda r: r.server_start or r.client_start,
    )
    evidence = [f"both requests left the client within {start_spread(pages) * 1000:.1f} ms of each other"]
    evidence += [_served(page) for page in pages]
    if len(pages) != 2 or not _complete(pages):
        return Verdict("C1", CANNOT_TELL, evidence)
    first, second = pages
    gap = second.server_start - first.server_end
    evidence.append(f"{second.path} started {gap:+.3f} s after {first.path} ended")
    evidence += [_tree_summary(variant), *_router_note(variant)]
    serial = first.pid == second.pid and gap >= -SERIAL_SLACK
    summary = (
        f"sent together, both ran in pid {first.pid}, {second.path} starting {gap:+.2f} s after {first.path} ended"
        if serial
        else f"{first.path} in pid {first.pid} and {second.path} in pid {second.pid} overlapped"
    )
    return Verdict("C1", HOLDS if serial else DIFFERS, evidence, summary)


def check_workers(run: ScenarioObservation) -> Verdict:
    """C2: --workers, --processes and -p give the same workers; the first process is worker 1."""
    evidence, shapes, ok = [], set(), True
    for variant in run.variants:
        workers = sorted(s.number for s in variant.spawn_lines if s.role == "worker")
        masters = [s for s in variant.spawn_lines if s.role == "master"]
        root = _root(variant)
        first_is_worker_1 = root is not None and root.role == "worker 1"
        tree_shape = shape(parse_pstree(variant.pstree)[0]) if variant.pstree else "?"
        shapes.add(tree_shape)
        evidence.append(
            f"{variant.label}: spawn lines for workers {workers}, master: {'yes' if masters else 'no'}, "
            f"first process (pid {root.pid if root else '?'}) is {root.role if root else '?'}, "
            f"tree shape {tree_shape}"
        )
        ok = ok and workers == [1, 2, 3] and first_is_worker_1 and not masters
    evidence.append(
        "all variants have the same tree shape" if len(shapes) == 1 else f"tree shapes differ: {shapes}"
    )
    if not all(variant.spawn_lines for variant in run.variants):
        return Verdict("C2", CANNOT_TELL, evidence)
    same = ok and len(shapes) == 1
    summary = (
        f"{', '.join(v.label for v in run.variants)} each spawned workers 1-3, no master, the same tree; "
        "the first process is worker 1"
        if same
        else "the three spellings did not give the same workers and tree"
    )
    return Verdict("C2", HOLDS if same else DIFFERS, evidence, summary)


def check_processes(run: ScenarioObservation) -> Verdict:
    """C3: --processes 3 is one parent and two children, and no master."""
    variant = run.variants[0]
    root = _root(variant)
    if root is None:
        return Verdict("C3", CANNOT_TELL, ["no process tree was captured"])
    children = _children(variant, root)
    masters = [s.text for s in variant.spawn_lines if s.role == "master"]
    evidence = [
        _tree_summary(variant),
        f"parent pid {root.pid} ({root.role}) has {len(children)} child process(es): "
        + ", ".join(f"pid {c.pid} ({c.role})" for c in children),
        f"master spawn line: {masters[0] if masters else 'none'}",
    ]
    ok = (
        len(variant.processes) == 3
        and len(children) == 2
        and not masters
        and root.role == "worker 1"
        and sorted(c.role for c in children) == ["worker 2", "worker 3"]
    )
    summary = f"pid {root.pid} ({root.role}) with {len(children)} children, " + (
        "workers 2 and 3; no master" if ok else "not the article's one parent and two worker children"
    )
    return Verdict("C3", HOLDS if ok else DIFFERS, evidence, summary)


def check_threads(run: ScenarioObservation) -> Verdict:
    """C4: 3 processes, each the process itself plus 3 {uwsgi} threads."""
    variant = run.variants[0]
    workers = variant.workers
    evidence = [_describe(worker) for worker in workers] + _router_note(variant)
    if not workers:
        return Verdict("C4", CANNOT_TELL, ["no worker spawn line was found", *evidence])
    ok = len(workers) == 3 and all(w.cores == 4 and len(w.threads) == 3 for w in workers)
    busy = [r for r in variant.requests if r.status == 200]
    if busy:
        evidence.append("requests were served by " + ", ".join(f"thread {r.tid} (pid {r.pid})" for r in busy))
    threads = ", ".join(str(len(w.threads)) for w in workers)
    summary = f"{len(workers)} workers with cores {workers[0].cores}, extra threads per worker: {threads}" + (
        "; --http adds the HTTP router process" if _router_note(variant) else ""
    )
    return Verdict("C4", HOLDS if ok else DIFFERS, evidence, summary)


def check_concurrency(run: ScenarioObservation) -> Verdict:
    """C5: /sleep1 and /sleep2 run at the same time in two processes; a third one is there too.

    Where the favicons land is reported, not judged: with no master, every idle worker waits
    on the same socket and the kernel picks which one takes a new connection. The article's
    own run shows it: its second favicon went back to a page's worker.
    """
    variant = run.variants[0]
    pages = [r for r in variant.requests if r.path in ("/sleep1", "/sleep2")]
    favicons = [r for r in variant.requests if r.path == "/favicon.ico"]
    evidence = [f"the two pages left the client within {start_spread(pages) * 1000:.1f} ms of each other"]
    evidence += [_served(r) for r in variant.requests]
    if len(pages) != 2 or not _complete(pages + favicons):
        return Verdict("C5", CANNOT_TELL, evidence)
    overlap = pages[0].overlaps(pages[1])
    page_pids = {r.pid for r in pages}
    third = sorted({r.pid for r in favicons} - page_pids)
    evidence.append(
        f"pages overlapped on the server: {'yes' if overlap else 'no'}; in {len(page_pids)} different process(es)"
    )
    evidence.append(_tree_summary(variant))
    evidence.append(
        f"favicons served by {[r.pid for r in favicons]}: "
        + (f"the third process (pid {third[0]}) took one" if third else "both went back to a page's worker")
        + "; which idle worker accepts is the kernel's choice, not uWSGI's"
    )
    ok = overlap and len(page_pids) == 2 and len(variant.workers) == 3
    summary = (
        f"/sleep1 and /sleep2 ran at the same time in pids {sorted(page_pids)}; "
        + (
            "a favicon reached the third worker"
            if third
            else "this time both favicons went back to a page's worker"
        )
        + " (the kernel picks which idle worker accepts)"
    )
    return Verdict("C5", HOLDS if ok else DIFFERS, evidence, summary)


def _ticker_rate(variant: VariantObservation) -> tuple[float | None, dict]:
    """Share of the ticks the app thread of worker 1 could make while idle (1.0 = ran freely)."""
    ticker = variant.measurements.get("ticker") or {}
    root = _root(variant)
    advanced = (ticker.get("advanced") or {}).get(root.pid if root else -1)
    if advanced is None or not ticker.get("idle_seconds"):
        return None, ticker
    return advanced / (ticker["idle_seconds"] / TICK_SECONDS), ticker


def check_enable_threads(run: ScenarioObservation) -> Verdict:
    """C6: without --enable-threads (or --threads) the app's own thread does not run."""
    evidence, rates = [], {}
    for variant in run.variants:
        rate, ticker = _ticker_rate(variant)
        said = uwsgi_log.thread_support_line(variant.log) or "(no thread-support line)"
        advanced = ", ".join(f"pid {pid}: {ticks}" for pid, ticks in (ticker.get("advanced") or {}).items())
        rates[variant.service] = rate
        evidence.append(
            f"{variant.label}: uWSGI said `{said}`; app thread ran "
            + (
                f"{rate:.0%} of the idle time (ticks in {ticker.get('idle_seconds')} s: {advanced})"
                if rate is not None
                else "? (no progress file)"
            )
        )
    by_pid = {
        v.label: sorted((v.measurements.get("ticker") or {}).get("ticks_after", {})) for v in run.variants
    }
    evidence.append(
        "processes that have the import-time thread: "
        + "; ".join(f"{label}: " + ", ".join(f"pid {pid}" for pid in pids) for label, pids in by_pid.items())
        + " (without --lazy-apps the app is imported once, before fork)"
    )
    off, on, threads = (
        rates.get(s) for s in ("enable-threads-off", "enable-threads-on", "enable-threads-threads")
    )
    # A rate between 25 % and 50 % is neither stalled nor free: refuse to call it.
    if None in (off, on, threads) or 0.25 <= off <= 0.5:
        return Verdict("C6", CANNOT_TELL, evidence)
    summary = "the app's own thread ran " + ", ".join(
        f"{rate:.0%} with {variant.label}"
        for variant in run.variants
        if (rate := rates[variant.service]) is not None
    )
    holds = off < 0.25 and on > 0.5 and threads > 0.5  # stalled without a flag, free with either
    return Verdict("C6", HOLDS if holds else DIFFERS, evidence, summary)


def check_django(run: ScenarioObservation) -> Verdict:
    """C7: Django shows an extra child; the article guesses Django forks it and it serves nothing."""
    http, socket = run.variant("django-http"), run.variant("django-http-socket")
    evidence = []
    extra = {}
    for variant in (http, socket):
        root = _root(variant)
        children = _children(variant, root) if root else []
        extra[variant.service] = children
        evidence.append(
            f"{variant.label}: {len(children)} child process(es) "
            + ", ".join(f"pid {c.pid} = {c.role}" for c in children)
        )
    evidence += _router_note(http)
    served = [r for r in http.requests if r.status == 200]
    routers = {c.pid for c in extra["django-http"] if c.role.endswith("router")}
    evidence += [
        _served(r) + (" (the router only forwards it)" if r.pid not in routers else "") for r in served
    ]
    if not served or not http.processes or not socket.processes:
        return Verdict("C7", CANNOT_TELL, evidence)
    only_with_http = len(extra["django-http"]) == 1 and not extra["django-http-socket"]
    child_is_router = bool(extra["django-http"]) and all(
        c.role == "http router" for c in extra["django-http"]
    )
    if only_with_http and child_is_router:
        evidence.append("so the extra child comes from --http, not from Django; it never runs the app")
        summary = (
            "the extra child exists only with --http and its spawn line names it the HTTP router, not Django"
        )
        return Verdict("C7", DIFFERS, evidence, summary)
    forked_by_django = any(c.role == "unknown" for children in extra.values() for c in children)
    return Verdict(
        "C7", HOLDS if forked_by_django else DIFFERS, evidence, "the extra child is not uWSGI's router"
    )


def check_autoreload(run: ScenarioObservation) -> Verdict:
    """C8: --py-autoreload adds a child process with one thread (plus, with Django, one more child)."""
    evidence, ok = [], True
    for variant in run.variants:
        root = _root(variant)
        masters = [s for s in variant.spawn_lines if s.role == "master"]
        children = _children(variant, root) if root else []
        workers = [c for c in children if c.role.startswith("worker")]
        reloader = uwsgi_log.RELOADER in variant.log
        evidence.append(
            f"{variant.label}: "
            + (f"master pid {root.pid} ({masters[0].text})" if masters and root else "no master")
            + "; children: "
            + ", ".join(_describe(c) for c in children)
            + f"; `{uwsgi_log.RELOADER}` logged: {'yes' if reloader else 'no'}"
        )
        evidence += _router_note(variant)
        expected_children = 2 if "django" in variant.service else 1
        ok = (
            ok
            and bool(masters)
            and reloader
            and len(workers) == 1
            and len(workers[0].threads) == 1
            and len(children) == expected_children
        )
    if not all(variant.processes for variant in run.variants):
        return Verdict("C8", CANNOT_TELL, evidence)
    summary = (
        "a master appears; its one worker has one thread, the Python auto-reloader"
        + (
            "; the second child (Django) is the HTTP router of --http"
            if any(map(_router_note, run.variants))
            else ""
        )
        if ok
        else "--py-autoreload did not give a master with one worker of one thread"
    )
    return Verdict("C8", HOLDS if ok else DIFFERS, evidence, summary)


CHECKS: dict[str, Callable[[ScenarioObservation], Verdict]] = {
    "C1": check_default,
    "C2": check_workers,
    "C3": check_processes,
    "C4": check_threads,
    "C5": check_concurrency,
    "C6": check_enable_threads,
    "C7": check_django,
    "C8": check_autoreload,
}


def judge(run: ScenarioObservation) -> Verdict:
    return CHECKS[run.scenario.claim](run)
