"""Judging cases of the lessons beyond the article: each captured live run, and the same run bent
in one way per condition of its judge (see judging_cases.py for the article's)."""

from __future__ import annotations

import copy

from tests.unit.judging_cases import (
    CANNOT_TELL,
    DIFFERS,
    HOLDS,
    Case,
    add_log,
    add_process,
    drop_everywhere,
    drop_log,
    drop_role,
    lose,
    part,
)

MB = 1024 * 1024


def _like(which: str, other: str):
    """Part `which` showing what part `other` showed: the alternative behaviour, evidence and all."""

    def bend(d):
        target, source = part(d, which), part(d, other)
        keep = {key: target[key] for key in ("label", "service", "command")}
        target.clear()
        target.update(copy.deepcopy(source), **keep)

    return bend


def _set(which: str, **fields):
    return lambda d: part(d, which).update(**fields)


def _stopped(which: str, **fields):
    return lambda d: part(d, which)["stopped"].update(**fields)


def _in_flight(which: str, **fields):
    return lambda d: part(d, which)["requests"][0].update(**fields)


def _serve(record: dict) -> None:
    start = record["client_start"]
    record.update(status=200, error=None, pid=1, tid=1, server_start=start + 0.01, server_end=start + 1.0)


def _served(which: str):
    return lambda d: _serve(part(d, which)["requests"][0])


def _after(raw: dict) -> dict:
    return next(look for look in raw["looks"] if look["label"] == "after the kill")


def _revive(which: str):
    """The killed worker still alive after the kill."""

    def bend(d):
        raw = part(d, which)
        killed = raw["killed"][0]["pid"]
        look = _after(raw)
        look["processes"] = [p for p in look["processes"] if p["pid"] != killed]
        look["processes"].append({**look["processes"][0], "pid": killed, "ppid": 1, "status": "sleeping"})

    return bend


def _drop_killed(which: str):
    """The killed worker gone from the look after the kill (reaped)."""

    def bend(d):
        raw = part(d, which)
        look = _after(raw)
        look["processes"] = [p for p in look["processes"] if p["pid"] != raw["killed"][0]["pid"]]

    return bend


def _requests_apart(which: str):
    def bend(d):
        first, second = (r for r in part(d, which)["requests"] if r["batch"] == "after the kill")
        second["server_start"], second["server_end"] = first["server_end"] + 0.01, first["server_end"] + 1.01

    return bend


def _requests_together(which: str):
    def bend(d):
        first, second = (r for r in part(d, which)["requests"] if r["batch"] == "after the kill")
        second["server_start"], second["server_end"] = first["server_start"], first["server_end"]
        second["pid"] = first["pid"] + 100

    return bend


def _uss(which: str, at_rest: float | None = None, after: float | None = None):
    """Every worker's USS (MB) at rest and after /touch."""

    def bend(d):
        raw = part(d, which)
        for proc in raw["processes"]:
            if proc["ppid"] != 0 and at_rest is not None:
                proc["uss"] = int(at_rest * MB)
        for proc in raw["looks"][0]["processes"]:
            if proc["ppid"] != 0 and after is not None:
                proc["uss"] = int(after * MB)

    return bend


def _worker_pids(raw: dict) -> list[int]:
    return [p["pid"] for p in raw["processes"] if p["ppid"] != 0]


def _imported_by_the_master(which: str):
    """The app imported once, by the master (PID 1), and by no worker."""

    def bend(d):
        facts = part(d, which)["facts"]
        fact = next(iter(facts["import"].values()))
        facts["import"] = {"1": {**fact, "pid": 1}}

    return bend


def _import_in_worker(d):
    raw = part(d, "default")
    pid = _worker_pids(raw)[0]
    raw["facts"]["import"][str(pid)] = {"pid": pid, "fd": 8}


def _shared_inode(d):
    raw = part(d, "lazy")
    inodes = [(int(pid), fact["fd"]) for pid, fact in raw["facts"]["import"].items()]
    first = next(p for p in raw["processes"] if p["pid"] == inodes[0][0])["sockets"][str(inodes[0][1])]
    for pid, fd in inodes:
        next(p for p in raw["processes"] if p["pid"] == pid)["sockets"][str(fd)] = first


def _hook_in(which: str, count: int | None = None):
    def bend(d):
        raw = part(d, which)
        pids = _worker_pids(raw)[: count if count is not None else None]
        raw["facts"]["fork-hook"] = {str(pid): {"pid": pid} for pid in pids}

    return bend


def _drop_hook(d):
    raw = part(d, "hooks")
    first = _worker_pids(raw)[0]
    raw["facts"]["fork-hook"] = {
        pid: fact for pid, fact in raw["facts"]["fork-hook"].items() if pid != str(first)
    }


def _waits(seconds: float):
    """Every client of the listen-queue lesson connected `seconds` after it started."""

    def bend(d):
        for record in part(d, "queue")["requests"]:
            record["client_start"] = float(int(record["client_start"]))  # so that the wait is exact
            record["client_connected"] = record["client_start"] + seconds

    return bend


def _counts(which: str, counts: list[int]):
    """Requests per worker (the master, PID 1, serves none); as a load records them, a worker
    that answered none is not listed."""

    def bend(d):
        raw = part(d, which)
        workers = [str(p["pid"]) for p in raw["processes"] if p["ppid"] != 0]
        raw["loads"]["load"]["by_pid"] = {pid: n for pid, n in zip(workers, counts, strict=True) if n}

    return bend


def _batch_pids(which: str, label: str, pids: list[int]):
    def bend(d):
        for record, pid in zip(
            (r for r in part(d, which)["requests"] if r["batch"] == label), pids, strict=True
        ):
            record["pid"] = pid

    return bend


def _respawned_by(d):
    raw = part(d, "threads")
    after = next(r for r in raw["requests"] if r["batch"] == "after the respawn")
    after["pid"] = 999


def _stuck_served(d):
    _serve(next(r for r in part(d, "threads")["requests"] if r["batch"] == "stuck"))


def _spawn_before_load(d):
    raw = part(d, "cheaper")
    start = min(r["client_start"] for r in raw["requests"])
    raw["log_times"] = [
        [min(at, start - 1) if "spawned uWSGI worker" in text else at, text] for at, text in raw["log_times"]
    ]


def _watch_counts(every: int | None = None, last: int | None = None):
    """The workers seen by the looks of the cheaper watch: `every` in each, then `last` in the last."""

    def bend(d):
        watch = [look for look in part(d, "cheaper")["looks"] if look["label"].startswith("watch-")]
        wanted = [every] * len(watch)
        if last is not None:
            wanted[-1] = last
        for look, count in zip(watch, wanted, strict=True):
            if count is not None:
                master = [p for p in look["processes"] if p["ppid"] == 0]
                look["processes"] = master + [
                    {**master[0], "pid": 500 + n, "ppid": master[0]["pid"]} for n in range(count)
                ]

    return bend


def _spawn_as_load_starts(d):
    """The workers spawned under load logged at the very moment the load started."""
    raw = part(d, "cheaper")
    start = min(r["client_start"] for r in raw["requests"])
    raw["log_times"] = [
        [start if "spawned uWSGI worker" in text and at >= start else at, text]
        for at, text in raw["log_times"]
    ]


def _recycled_by(seconds: float):
    """The default part's second batch answered `seconds` after the container was ready."""

    def bend(d):
        raw = part(d, "default")
        raw["ready_at"] = float(int(raw["ready_at"]))  # so that the difference is exact
        for record in raw["requests"]:
            if record["batch"] == "at 11 s":
                record["client_end"] = raw["ready_at"] + seconds

    return bend


def _workers_only(which: str, counts: list[int]):
    """Keep the master and as many workers as `counts`, which they answered; the other workers
    never were (no process, no spawn line)."""

    def bend(d):
        raw = part(d, which)
        workers = [p for p in raw["processes"] if p["ppid"] != 0][: len(counts)]
        for gone in [p for p in raw["processes"] if p["ppid"] != 0][len(counts) :]:
            drop_everywhere(raw, f"(pid: {gone['pid']}, cores")
        raw["processes"] = [p for p in raw["processes"] if p["ppid"] == 0] + workers
        raw["loads"]["load"]["by_pid"] = {str(p["pid"]): n for p, n in zip(workers, counts, strict=True)}

    return bend


def _second_boot_same_pid(d):
    raw = part(d, "sync")
    first = next(line for line in raw["log"].splitlines() if "Booting worker" in line)
    raw["log"] = "\n".join(line for line in raw["log"].splitlines() if "Booting worker" not in line)
    raw["log"] += f"\n{first}\n{first}\n"


def _log_ends_at_the_kill(which: str):
    """The log read stops at the kill: no line after it says whether a respawn came."""

    def bend(d):
        raw = part(d, which)
        kill = raw["killed"][0]["at"]
        kept = [[at, line] for at, line in raw["log_times"] if at < kill]
        raw["log_times"] = kept
        raw["log"] = "\n".join(line for _, line in kept)

    return bend


def _log_ends_before_the_answer(which: str):
    """The log read stops before the request ended: nothing says whether a timeout came."""

    def bend(d):
        raw = part(d, which)
        end = raw["requests"][0]["server_start"]
        kept = [[at, line] for at, line in raw["log_times"] if at < end]
        raw["log_times"] = kept
        raw["log"] = "\n".join(line for _, line in kept)

    return bend


def _no_router(which: str):
    """--http's router never was: no spawn line, no process."""

    def bend(d):
        raw = part(d, which)
        router = next(line for line in raw["log"].splitlines() if "spawned uWSGI http" in line)
        pid = int(router.split("pid: ")[1].rstrip(")"))
        raw["processes"] = [p for p in raw["processes"] if p["pid"] != pid]
        drop_everywhere(raw, "spawned uWSGI http")

    return bend


def _cheaper_root_a_worker(d):
    """The first process's spawn line names it a worker, not a master (everywhere)."""
    raw = part(d, "cheaper")
    own = "spawned uWSGI master process (pid: 1)"
    new = "spawned uWSGI worker 9 (pid: 1, cores: 1)"
    raw["log"] = raw["log"].replace(own, new)
    raw["log_times"] = [[at, new if line == own else line] for at, line in raw["log_times"]]


def _cheaper_lone_worker(d):
    """No master: the first process is worker 1 itself, alone at first (the real worker 1 never was)."""
    raw = part(d, "cheaper")
    drop_role(raw, "worker 1 (pid")
    _cheaper_root_a_worker(d)
    raw["log"] = raw["log"].replace("worker 9 (pid: 1,", "worker 1 (pid: 1,")
    raw["log_times"] = [
        [at, line.replace("worker 9 (pid: 1,", "worker 1 (pid: 1,")] for at, line in raw["log_times"]
    ]


LESSON_CASES = [
    # L1 sigterm
    Case("l1-holds-2.0.31", "sigterm-2.0.31", None, HOLDS),
    Case("l1-differs-2.0.21", "sigterm-2.0.21", None, DIFFERS),
    Case("l1-default-quick", "sigterm-2.0.31", _stopped("default", seconds=2.0), CANNOT_TELL),
    Case("l1-default-at-the-bound", "sigterm-2.0.31", _stopped("default", seconds=3.2), HOLDS),
    Case("l1-default-clean-exit", "sigterm-2.0.31", _stopped("default", exit_code=0), CANNOT_TELL),
    Case("l1-default-served", "sigterm-2.0.31", _served("default"), CANNOT_TELL),
    Case(
        "l1-default-no-reload-line",
        "sigterm-2.0.31",
        lambda d: drop_log(part(d, "default"), "brutally killing"),
        CANNOT_TELL,
    ),
    Case("l1-die-at-the-bound", "sigterm-2.0.31", _stopped("die-on-term", seconds=3.19), HOLDS),
    Case("l1-die-slow", "sigterm-2.0.31", _stopped("die-on-term", seconds=3.2), CANNOT_TELL),
    Case("l1-die-killed", "sigterm-2.0.31", _stopped("die-on-term", exit_code=137), CANNOT_TELL),
    Case("l1-die-served", "sigterm-2.0.31", _served("die-on-term"), CANNOT_TELL),
    Case(
        "l1-graceful-cut",
        "sigterm-2.0.31",
        _in_flight("graceful", status=None, error="reset", server_start=None),
        DIFFERS,
    ),
    Case("l1-graceful-whole-grace", "sigterm-2.0.31", _stopped("graceful", seconds=4.0), CANNOT_TELL),
    Case("l1-graceful-killed", "sigterm-2.0.31", _stopped("graceful", exit_code=137), CANNOT_TELL),
    Case(
        "l1-graceful-no-line",
        "sigterm-2.0.31",
        lambda d: drop_log(part(d, "graceful"), "graceful shutdown"),
        CANNOT_TELL,
    ),
    Case("l1-no-stop", "sigterm-2.0.31", _set("default", stopped=None), CANNOT_TELL),
    Case("l1-no-request", "sigterm-2.0.31", _set("die-on-term", requests=[]), CANNOT_TELL),
    Case(
        "l1-not-in-flight",
        "sigterm-2.0.31",
        lambda d: drop_log(part(d, "graceful-http"), " called "),
        CANNOT_TELL,
    ),
    Case(
        "l1-default-exits-by-itself",
        "sigterm-2.0.31",
        lambda d: (
            _stopped("default", seconds=1.2, exit_code=0)(d),
            add_log(part(d, "default"), "goodbye to uWSGI."),
        ),
        DIFFERS,
    ),
    Case(
        "l1-die-outlived-the-grace",
        "sigterm-2.0.31",
        _stopped("die-on-term", seconds=4.2, exit_code=137),
        DIFFERS,
    ),
    Case("l1-default-like-die-on-term", "sigterm-2.0.31", _like("default", "die-on-term"), DIFFERS),
    # L2 master
    Case("l2-holds-2.0.31", "master-2.0.31", None, HOLDS),
    Case("l2-holds-2.0.21", "master-2.0.21", None, HOLDS),
    Case("l2-none-reaped", "master-2.0.31", _drop_killed("none"), HOLDS),
    Case(
        "l2-none-respawned",
        "master-2.0.31",
        lambda d: add_log(part(d, "none"), "Respawned uWSGI worker 2 (new pid: 77)"),
        CANNOT_TELL,
    ),
    Case("l2-none-alive", "master-2.0.31", _revive("none"), CANNOT_TELL),
    Case("l2-none-together", "master-2.0.31", _requests_together("none"), CANNOT_TELL),
    Case(
        "l2-none-master",
        "master-2.0.31",
        lambda d: add_log(part(d, "none"), "spawned uWSGI master process (pid: 1)"),
        CANNOT_TELL,
    ),
    Case(
        "l2-master-no-respawn",
        "master-2.0.31",
        lambda d: drop_log(part(d, "master"), "Respawned"),
        CANNOT_TELL,
    ),
    Case(
        "l2-master-respawn-gone",
        "master-2.0.31",
        lambda d: add_log(part(d, "master"), "Respawned uWSGI worker 2 (new pid: 77)"),
        CANNOT_TELL,
    ),
    Case("l2-master-killed-alive", "master-2.0.31", _revive("master"), CANNOT_TELL),
    Case("l2-master-apart", "master-2.0.31", _requests_apart("master"), CANNOT_TELL),
    Case(
        "l2-master-none",
        "master-2.0.31",
        lambda d: drop_log(part(d, "master"), "master process"),
        CANNOT_TELL,
    ),
    Case(
        "l2-stats-no-master",
        "master-2.0.31",
        lambda d: drop_log(part(d, "stats"), "master process"),
        CANNOT_TELL,
    ),
    Case(
        "l2-harakiri-respawned",
        "master-2.0.31",
        lambda d: add_log(part(d, "harakiri"), "Respawned uWSGI worker 2 (new pid: 77)"),
        CANNOT_TELL,
    ),
    Case("l2-no-kill", "master-2.0.31", _set("master", killed=[]), CANNOT_TELL),
    Case("l2-no-look", "master-2.0.31", _set("master", looks=[]), CANNOT_TELL),
    Case("l2-one-request", "master-2.0.31", lambda d: part(d, "none")["requests"].pop(), CANNOT_TELL),
    Case("l2-lost-request", "master-2.0.31", lambda d: lose(part(d, "stats")["requests"][0]), CANNOT_TELL),
    Case("l2-none-like-master", "master-2.0.31", _like("none", "master"), DIFFERS),
    Case("l2-master-like-none", "master-2.0.31", _like("master", "none"), DIFFERS),
    Case("l2-stats-like-harakiri", "master-2.0.31", _like("stats", "harakiri"), DIFFERS),
    Case("l2-harakiri-like-stats", "master-2.0.31", _like("harakiri", "stats"), DIFFERS),
    Case(
        "l2-no-respawn-and-a-log-that-stops-early",
        "master-2.0.31",
        _log_ends_at_the_kill("none"),
        CANNOT_TELL,
    ),
    # L3 prefork
    Case("l3-holds-2.0.31", "prefork-2.0.31", None, HOLDS),
    Case("l3-differs-2.0.21", "prefork-2.0.21", None, DIFFERS),
    Case("l3-imported-in-a-worker", "prefork-2.0.31", _import_in_worker, CANNOT_TELL),
    Case("l3-not-shared", "prefork-2.0.31", _uss("default", at_rest=20), CANNOT_TELL),
    Case(
        "l3-half-of-lazy",
        "prefork-2.0.31",
        lambda d: (_uss("lazy", at_rest=4)(d), _uss("default", at_rest=2, after=20)(d)),
        CANNOT_TELL,
    ),
    Case(
        "l3-under-half-of-lazy",
        "prefork-2.0.31",
        lambda d: (_uss("lazy", at_rest=4.1)(d), _uss("default", at_rest=2, after=20)(d)),
        HOLDS,
    ),
    Case("l3-copied-at-the-bound", "prefork-2.0.31", _uss("default", at_rest=2, after=12), HOLDS),
    Case("l3-not-copied", "prefork-2.0.31", _uss("default", at_rest=2, after=11.99), CANNOT_TELL),
    Case("l3-default-hook", "prefork-2.0.31", _hook_in("default"), CANNOT_TELL),
    Case("l3-lazy-hook", "prefork-2.0.31", _hook_in("lazy"), CANNOT_TELL),
    Case(
        "l3-lazy-imported-once",
        "prefork-2.0.31",
        lambda d: part(d, "lazy")["facts"]["import"].popitem(),
        CANNOT_TELL,
    ),
    Case("l3-lazy-one-socket", "prefork-2.0.31", _shared_inode, CANNOT_TELL),
    Case("l3-hooks-one-missing", "prefork-2.0.31", _drop_hook, CANNOT_TELL),
    Case("l3-hooks-run-on-2.0.21", "prefork-2.0.21", _hook_in("hooks"), HOLDS),
    Case(
        "l3-importer-exited",
        "prefork-2.0.31",
        lambda d: part(d, "lazy")["facts"]["import"].update({"999": {"pid": 999, "fd": 8}}),
        CANNOT_TELL,
    ),
    Case(
        "l3-no-memory",
        "prefork-2.0.31",
        lambda d: [p.update(uss=None) for p in part(d, "default")["processes"]],
        CANNOT_TELL,
    ),
    Case("l3-no-look", "prefork-2.0.31", _set("default", looks=[]), CANNOT_TELL),
    Case("l3-no-facts", "prefork-2.0.31", _set("lazy", facts={}), CANNOT_TELL),
    Case("l3-one-worker", "prefork-2.0.31", lambda d: part(d, "hooks")["processes"].pop(), CANNOT_TELL),
    Case("l3-default-like-lazy", "prefork-2.0.31", _like("default", "lazy"), DIFFERS),
    Case("l3-lazy-imported-by-the-master", "prefork-2.0.31", _imported_by_the_master("lazy"), DIFFERS),
    Case(
        "l3-hooks-ran-nowhere",
        "prefork-2.0.31",
        lambda d: part(d, "hooks")["facts"].pop("fork-hook"),
        DIFFERS,
    ),
    # L4 listen-queue
    Case("l4-holds-2.0.31", "listen-queue-2.0.31", None, HOLDS),
    Case("l4-holds-2.0.21", "listen-queue-2.0.21", None, HOLDS),
    Case(
        "l4-no-warning",
        "listen-queue-2.0.31",
        lambda d: drop_log(part(d, "queue"), "listen queue"),
        CANNOT_TELL,
    ),
    Case(
        "l4-refused",
        "listen-queue-2.0.31",
        lambda d: part(d, "queue")["requests"][0].update(status=None, error="refused"),
        DIFFERS,
    ),
    Case("l4-lost", "listen-queue-2.0.31", lambda d: lose(part(d, "queue")["requests"][0]), CANNOT_TELL),
    Case("l4-nobody-waited", "listen-queue-2.0.31", _waits(0.01), CANNOT_TELL),
    Case("l4-waited-at-the-bound", "listen-queue-2.0.31", _waits(0.75), HOLDS),
    Case("l4-waited-just-under", "listen-queue-2.0.31", _waits(0.74), CANNOT_TELL),
    Case("l4-somaxconn-started", "listen-queue-2.0.31", _set("somaxconn", started=True), CANNOT_TELL),
    Case(
        "l4-somaxconn-other-exit",
        "listen-queue-2.0.31",
        lambda d: drop_log(part(d, "somaxconn"), "somaxconn"),
        CANNOT_TELL,
    ),
    Case("l4-somaxconn-silent", "listen-queue-2.0.31", _set("somaxconn", log=""), CANNOT_TELL),
    Case("l4-queue-not-started", "listen-queue-2.0.31", _set("queue", started=False), CANNOT_TELL),
    Case("l4-no-requests", "listen-queue-2.0.31", _set("queue", requests=[]), CANNOT_TELL),
    Case(
        "l4-somaxconn-ready",
        "listen-queue-2.0.31",
        _set("somaxconn", started=True, ready_at=1.0, exit_code=None),
        DIFFERS,
    ),
    Case("l4-somaxconn-exit-unknown", "listen-queue-2.0.31", _set("somaxconn", exit_code=None), CANNOT_TELL),
    Case(
        "l4-one-request-unrecorded",
        "listen-queue-2.0.31",
        lambda d: part(d, "queue")["requests"].pop(),
        CANNOT_TELL,
    ),
    # L5 harakiri
    Case("l5-holds-2.0.31", "harakiri-2.0.31", None, HOLDS),
    Case("l5-differs-2.0.21", "harakiri-2.0.21", None, DIFFERS),
    Case(
        "l5-no-harakiri-line",
        "harakiri-2.0.31",
        lambda d: drop_log(part(d, "threads"), "HARAKIRI ON"),
        CANNOT_TELL,
    ),
    Case(
        "l5-not-killed",
        "harakiri-2.0.31",
        lambda d: drop_log(part(d, "threads"), "killed by signal 9"),
        CANNOT_TELL,
    ),
    Case("l5-one-survived", "harakiri-2.0.31", _stuck_served, DIFFERS),
    Case("l5-old-worker-served", "harakiri-2.0.31", _respawned_by, CANNOT_TELL),
    Case(
        "l5-no-respawn", "harakiri-2.0.31", lambda d: drop_log(part(d, "threads"), "Respawned"), CANNOT_TELL
    ),
    Case(
        "l5-graceful-silent",
        "harakiri-2.0.31",
        lambda d: drop_log(part(d, "graceful"), "graceful termination"),
        CANNOT_TELL,
    ),
    Case(
        "l5-graceful-crashed",
        "harakiri-2.0.21",
        lambda d: drop_log(part(d, "graceful"), "unrecognized option"),
        CANNOT_TELL,
    ),
    Case("l5-no-stuck", "harakiri-2.0.31", lambda d: part(d, "threads")["requests"].pop(0), CANNOT_TELL),
    Case(
        "l5-graceful-skipped",
        "harakiri-2.0.31",
        lambda d: drop_everywhere(part(d, "graceful"), "graceful termination"),
        DIFFERS,
    ),
    Case(
        "l5-graceful-skipped-no-harakiri-line",
        "harakiri-2.0.31",
        lambda d: [drop_everywhere(part(d, "graceful"), text) for text in ("graceful termination", "HARAKIRI ON")],
        CANNOT_TELL,
    ),
    Case(
        "l5-graceful-refused-without-exit", "harakiri-2.0.21", _set("graceful", exit_code=None), CANNOT_TELL
    ),
    # L6 thunder-lock: 2000 requests; against a fair random dealer at p < 0.001 (analysis.dealing)
    Case("l6-holds-2.0.31", "thunder-lock-2.0.31", None, HOLDS),
    Case("l6-holds-2.0.21", "thunder-lock-2.0.21", None, HOLDS),
    Case("l6-off-takes-turns", "thunder-lock-2.0.31", _counts("off", [500, 500, 500, 500]), DIFFERS),
    Case("l6-off-like-chance", "thunder-lock-2.0.31", _counts("off", [520, 480, 510, 490]), CANNOT_TELL),
    Case("l6-off-just-uneven", "thunder-lock-2.0.31", _counts("off", [565, 435, 500, 500]), HOLDS),
    Case("l6-off-not-quite-uneven", "thunder-lock-2.0.31", _counts("off", [560, 440, 500, 500]), CANNOT_TELL),
    Case("l6-on-uneven", "thunder-lock-2.0.31", _counts("on", [565, 435, 500, 500]), DIFFERS),
    Case("l6-on-not-quite-uneven", "thunder-lock-2.0.31", _counts("on", [560, 440, 500, 500]), CANNOT_TELL),
    Case("l6-on-a-little-off", "thunder-lock-2.0.31", _counts("on", [502, 498, 501, 499]), HOLDS),
    Case("l6-on-as-even-as-chance", "thunder-lock-2.0.31", _counts("on", [503, 497, 500, 500]), CANNOT_TELL),
    Case("l6-idle-worker", "thunder-lock-2.0.31", _counts("off", [800, 600, 600, 0]), HOLDS),
    Case("l6-one-unanswered", "thunder-lock-2.0.31", _counts("off", [800, 600, 599, 0]), CANNOT_TELL),
    # Two workers that take turns perfectly are as even as chance makes them one time in 56.
    Case("l6-two-workers", "thunder-lock-2.0.31", _workers_only("on", [1000, 1000]), CANNOT_TELL),
    Case("l6-one-worker", "thunder-lock-2.0.31", _workers_only("off", [2000]), CANNOT_TELL),
    Case("l6-unnamed-process", "thunder-lock-2.0.31", lambda d: add_process(part(d, "off"), 9999, 1), CANNOT_TELL),
    Case("l6-two-uneven-workers", "thunder-lock-2.0.31", _workers_only("off", [1200, 800]), HOLDS),
    Case("l6-no-load", "thunder-lock-2.0.31", _set("off", loads={}), CANNOT_TELL),
    Case("l6-off-like-on", "thunder-lock-2.0.31", _like("off", "on"), DIFFERS),
    Case("l6-on-like-off", "thunder-lock-2.0.31", _like("on", "off"), DIFFERS),
    # L7 recycling
    Case("l7-holds-2.0.31", "recycling-2.0.31", None, HOLDS),
    Case("l7-holds-2.0.21", "recycling-2.0.21", None, HOLDS),
    Case(
        "l7-default-recycled-early", "recycling-2.0.31", _batch_pids("default", "at 4 s", [7, 7, 90]), DIFFERS
    ),
    Case(
        "l7-default-never-recycled",
        "recycling-2.0.31",
        _batch_pids("default", "at 11 s", [7, 7, 7]),
        CANNOT_TELL,
    ),
    Case(
        "l7-default-silent", "recycling-2.0.31", lambda d: drop_log(part(d, "default"), "Seeya"), CANNOT_TELL
    ),
    Case("l7-one-second-held", "recycling-2.0.31", _batch_pids("one-second", "at 4 s", [7, 7, 7]), DIFFERS),
    Case(
        "l7-one-second-silent",
        "recycling-2.0.31",
        lambda d: drop_log(part(d, "one-second"), "Seeya"),
        CANNOT_TELL,
    ),
    Case(
        "l7-missing-request", "recycling-2.0.31", lambda d: part(d, "default")["requests"].pop(), CANNOT_TELL
    ),
    Case(
        "l7-lost-request",
        "recycling-2.0.31",
        lambda d: lose(part(d, "one-second")["requests"][0]),
        CANNOT_TELL,
    ),
    Case("l7-not-ready", "recycling-2.0.31", _set("default", ready_at=None), HOLDS),
    Case(
        "l7-no-first-batch",
        "recycling-2.0.31",
        lambda d: part(d, "default").update(
            requests=[r for r in part(d, "default")["requests"] if r["batch"] != "at 4 s"]
        ),
        CANNOT_TELL,
    ),
    Case("l7-recycled-by-the-documented-default", "recycling-2.0.31", _recycled_by(60), HOLDS),
    Case("l7-recycled-just-before", "recycling-2.0.31", _recycled_by(59), HOLDS),
    Case("l7-default-like-one-second", "recycling-2.0.31", _like("default", "one-second"), DIFFERS),
    # L8 socket-types
    Case("l8-holds-2.0.31", "socket-types-2.0.31", None, HOLDS),
    Case("l8-holds-2.0.21", "socket-types-2.0.21", None, HOLDS),
    Case("l8-socket-answered", "socket-types-2.0.31", _served("socket"), DIFFERS),
    Case(
        "l8-socket-unexplained",
        "socket-types-2.0.31",
        lambda d: drop_log(part(d, "socket"), "invalid request block size"),
        CANNOT_TELL,
    ),
    Case(
        "l8-http-socket-router",
        "socket-types-2.0.31",
        lambda d: (
            add_log(part(d, "http-socket"), "spawned uWSGI http 1 (pid: 40)"),
            add_process(part(d, "http-socket"), 40, 1),
        ),
        DIFFERS,
    ),
    Case(
        "l8-http-socket-extra-process",
        "socket-types-2.0.31",
        lambda d: add_process(part(d, "http-socket"), 40, 1),
        CANNOT_TELL,
    ),
    Case(
        "l8-http-socket-lost",
        "socket-types-2.0.31",
        lambda d: lose(part(d, "http-socket")["requests"][0]),
        CANNOT_TELL,
    ),
    Case(
        "l8-http-no-router",
        "socket-types-2.0.31",
        lambda d: drop_log(part(d, "http"), "spawned uWSGI http"),
        CANNOT_TELL,
    ),
    Case("l8-no-request", "socket-types-2.0.31", _set("http", requests=[]), CANNOT_TELL),
    Case("l8-http-without-router", "socket-types-2.0.31", _no_router("http"), DIFFERS),
    Case("l8-http-socket-like-http", "socket-types-2.0.31", _like("http-socket", "http"), DIFFERS),
    # L9 cheaper
    Case("l9-holds-2.0.31", "cheaper-2.0.31", None, HOLDS),
    Case("l9-holds-2.0.21", "cheaper-2.0.21", None, HOLDS),
    Case(
        "l9-asked-for-a-master",
        "cheaper-2.0.31",
        lambda d: part(d, "cheaper").update(command=[*part(d, "cheaper")["command"], "--master"]),
        CANNOT_TELL,
    ),
    Case(
        "l9-no-master",
        "cheaper-2.0.31",
        lambda d: drop_log(part(d, "cheaper"), "master process"),
        CANNOT_TELL,
    ),
    Case(
        "l9-two-at-first",
        "cheaper-2.0.31",
        lambda d: (
            add_log(part(d, "cheaper"), "spawned uWSGI worker 2 (pid: 40, cores: 1)"),
            add_process(part(d, "cheaper"), 40, 1),
        ),
        DIFFERS,
    ),
    Case("l9-spawned-before-load", "cheaper-2.0.31", _spawn_before_load, CANNOT_TELL),
    Case("l9-never-more", "cheaper-2.0.31", _watch_counts(every=1), CANNOT_TELL),
    Case("l9-at-most-one", "cheaper-2.0.31", _watch_counts(every=1, last=0), CANNOT_TELL),
    Case("l9-at-most-two", "cheaper-2.0.31", _watch_counts(every=2, last=1), HOLDS),
    Case("l9-spawned-as-load-starts", "cheaper-2.0.31", _spawn_as_load_starts, HOLDS),
    Case(
        "l9-never-retired", "cheaper-2.0.31", lambda d: drop_log(part(d, "cheaper"), "cheaped"), CANNOT_TELL
    ),
    Case("l9-still-at-most", "cheaper-2.0.31", _watch_counts(last=3), CANNOT_TELL),
    Case("l9-no-watch", "cheaper-2.0.31", _set("cheaper", looks=[]), CANNOT_TELL),
    Case("l9-no-load", "cheaper-2.0.31", _set("cheaper", requests=[]), CANNOT_TELL),
    Case("l9-no-tree", "cheaper-2.0.31", _set("cheaper", processes=[]), CANNOT_TELL),
    Case("l9-first-is-a-worker", "cheaper-2.0.31", _cheaper_root_a_worker, DIFFERS),
    Case("l9-a-lone-worker", "cheaper-2.0.31", _cheaper_lone_worker, DIFFERS),
    # G1 gunicorn-timeout
    Case("g1-holds-2.0.31", "gunicorn-timeout-2.0.31", None, HOLDS),
    Case("g1-holds-2.0.21", "gunicorn-timeout-2.0.21", None, HOLDS),
    Case(
        "g1-sync-no-timeout",
        "gunicorn-timeout-2.0.31",
        lambda d: drop_log(part(d, "sync"), "WORKER TIMEOUT"),
        CANNOT_TELL,
    ),
    Case("g1-sync-served", "gunicorn-timeout-2.0.31", _served("sync"), DIFFERS),
    Case("g1-sync-no-new-worker", "gunicorn-timeout-2.0.31", _second_boot_same_pid, CANNOT_TELL),
    Case(
        "g1-sync-one-boot",
        "gunicorn-timeout-2.0.31",
        lambda d: part(d, "sync").update(log="\n".join(part(d, "sync")["log"].splitlines()[:3])),
        CANNOT_TELL,
    ),
    Case(
        "g1-gthread-lost",
        "gunicorn-timeout-2.0.31",
        lambda d: lose(part(d, "gthread")["requests"][0]),
        CANNOT_TELL,
    ),
    Case(
        "g1-gthread-timeout",
        "gunicorn-timeout-2.0.31",
        lambda d: add_log(
            part(d, "gthread"), "[2026-11-27 17:09:12 +0000] [1] [CRITICAL] WORKER TIMEOUT (pid:6)"
        ),
        DIFFERS,
    ),
    Case(
        "g1-gthread-rebooted",
        "gunicorn-timeout-2.0.31",
        lambda d: add_log(
            part(d, "gthread"), "[2026-11-27 17:09:12 +0000] [30] [INFO] Booting worker with pid: 30"
        ),
        CANNOT_TELL,
    ),
    Case("g1-no-request", "gunicorn-timeout-2.0.31", _set("sync", requests=[]), CANNOT_TELL),
    Case("g1-sync-like-gthread", "gunicorn-timeout-2.0.31", _like("sync", "gthread"), DIFFERS),
    Case("g1-gthread-like-sync", "gunicorn-timeout-2.0.31", _like("gthread", "sync"), DIFFERS),
    Case(
        "g1-gthread-log-ends-early",
        "gunicorn-timeout-2.0.31",
        _log_ends_before_the_answer("gthread"),
        CANNOT_TELL,
    ),
    # A wait that ran out is evidence of nothing: whatever the judge found, "cannot tell",
    # naming the deadline (one case per kind of wait; the words are pinned by the goldens).
    Case("deadline-log-line", "recycling-2.0.31", lambda d: _ran_out(d, "log line", "Seeya!", 20, "0 of 1"), CANNOT_TELL),
    Case("deadline-settled-tree", "threads-2.0.31", lambda d: _ran_out(d, "settled tree", "first look", 15, ""), CANNOT_TELL),
    Case("deadline-requests", "listen-queue-2.0.31", lambda d: _ran_out(d, "requests", "queue", 62, "11 of 12 recorded"), CANNOT_TELL),
    Case("deadline-load", "cheaper-2.0.31", lambda d: _ran_out(d, "load", "busy", 12, "40 of 64 sent by then"), CANNOT_TELL),
]  # fmt: skip


def _ran_out(data: dict, wait: str, label: str, seconds: float, detail: str) -> None:
    data["variants"][0].setdefault("ran_out", []).append(
        {"wait": wait, "label": label, "seconds": seconds, "detail": detail}
    )
