"""Judging cases: a captured live run (tests/data/runs), optionally bent in one way, and the
verdict its judge must give. test_claims checks the verdicts; test_judging_snapshot checks the
words (summary, evidence, roles, fact checks) against golden files, so every branch of every
judge is pinned down by both."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from sandbox import catalog
from sandbox.model.verdicts import Verdict
from tests.unit.captured import load

HOLDS, DIFFERS, CANNOT_TELL = Verdict.HOLDS, Verdict.DIFFERS, Verdict.CANNOT_TELL


@dataclass(frozen=True)
class Case:
    name: str
    capture: str  # tests/data/runs/<capture>.json
    bend: Callable[[dict], None] | None
    verdict: Verdict

    def data(self) -> dict:
        data = copy.deepcopy(load(self.capture))
        if self.bend:
            self.bend(data)
        return data


# Helpers that bend a captured run (`run --json` data) in one known way. ----------------------


def variant(data: dict, index: int = 0) -> dict:
    return data["variants"][index]


def part(data: dict, name: str) -> dict:
    parts = {v.service: v.part for v in catalog.find(data["scenario"]).variants}
    return next(v for v in data["variants"] if parts[v["service"]] == name)


def add_log(raw: dict, *lines: str) -> None:
    raw["log"] += "".join(line + "\n" for line in lines)


def drop_log(raw: dict, text: str) -> None:
    """Lines with `text` gone from the log read (the engine's timed copy of it keeps them)."""
    raw["log"] = "\n".join(line for line in raw["log"].splitlines() if text not in line)


def drop_everywhere(raw: dict, text: str) -> None:
    """Lines with `text` never written: gone from the log and from the engine's timed lines."""
    drop_log(raw, text)
    raw["log_times"] = [[at, line] for at, line in raw["log_times"] if text not in line]


def drop_role(raw: dict, role_line: str) -> None:
    """A process that never was: its spawn line and its place in the tree gone (a smaller tree)."""
    _drop_process(raw, role_line)
    drop_everywhere(raw, role_line)


def _root_renamed(raw: dict, spawn_line: str) -> None:
    """The first process's spawn line says it is something else (a master, say), everywhere."""
    root = next(p["pid"] for p in raw["processes"] if p["ppid"] == 0)
    own = next(line for _, line in raw["log_times"] if f"(pid: {root}," in line or f"(pid: {root})" in line)
    raw["log"] = raw["log"].replace(own, spawn_line.format(root))
    raw["log_times"] = [
        [at, spawn_line.format(root) if line == own else line] for at, line in raw["log_times"]
    ]


def add_process(raw: dict, pid: int, ppid: int, threads: tuple[int, ...] = ()) -> None:
    raw["processes"].append(
        {"pid": pid, "ppid": ppid, "role": "", "cores": None, "cmdline": ["uwsgi"], "threads": list(threads),
         "thread_names": ["uwsgi"] * len(threads)}
    )  # fmt: skip


def pages(raw: dict) -> list[dict]:
    return sorted(
        (r for r in raw["requests"] if r["path"] in ("/sleep1", "/sleep2")), key=lambda r: r["path"]
    )


def lose(record: dict) -> None:
    record.update(
        status=None, pid=None, ppid=None, tid=None, server_start=None, server_end=None, error="reset"
    )


def child(raw: dict) -> dict:
    return next(p for p in raw["processes"] if p["ppid"] == 1)


def ticks(raw: dict, count: int) -> None:
    ticker = raw["measurements"]["ticker"]
    ticker["ticks_after"] = {pid: ticker["ticks_before"].get(pid, 0) + count for pid in ticker["ticks_after"]}


def _c1_overlap(d):
    first, second = sorted(pages(variant(d)), key=lambda r: r["server_start"])
    second["server_start"] = first["server_start"] + 0.1


def _apart(seconds: float):
    def bend(d):
        first, second = pages(variant(d))
        second["client_start"] = first["client_start"] + seconds

    return bend


def _second_worker(d):
    add_log(variant(d), "spawned uWSGI worker 2 (pid: 40, cores: 1)")
    add_process(variant(d), 40, 1)


def _other_pid(d):
    add_process(variant(d), 40, 1)  # a process no spawn line names: still one worker
    pages(variant(d))[1]["pid"] = 40


def _spread(sleep: float, seconds: float):
    """The pages' client starts exactly `seconds` apart (a power of two: exact in floating point)."""

    def bend(d):
        d["sleep"] = sleep
        first, second = pages(variant(d))
        second["client_start"] = first["client_start"] + seconds

    return bend


def _drop_process(raw: dict, role_line: str) -> None:
    pid = next(
        int(line.split("pid: ")[1].split(")")[0].split(",")[0])
        for line in raw["log"].splitlines()
        if role_line in line
    )
    raw["processes"] = [p for p in raw["processes"] if p["pid"] != pid]


def _c5_favicons_back(d):
    first, second = pages(variant(d))
    for index, favicon in enumerate(r for r in variant(d)["requests"] if r["path"] == "/favicon.ico"):
        favicon["pid"] = (first, second)[index]["pid"]


def _rate(which: str, ticks_of_40: int):
    """The app thread of `which` made `ticks_of_40` ticks of the 40 a free thread makes in 2 s."""

    def bend(d):
        raw = part(d, which)
        raw["measurements"]["ticker"]["idle_seconds"] = 2.0
        ticks(raw, ticks_of_40)

    return bend


def _c6_root_not_ticking(d):
    ticker = part(d, "off")["measurements"]["ticker"]
    ticker["ticks_after"] = {pid: n for pid, n in ticker["ticks_after"].items() if pid != "1"}


def _c6_unmeasured(d):
    for raw in d["variants"]:
        raw["measurements"].pop("ticker")


def _lost(error: str, *log: str):
    def bend(d):
        for record in pages(variant(d)):
            lose(record)
            record["error"] = error
        add_log(variant(d), *log)

    return bend


def _c2_other_tree(d):
    raw = variant(d, 1)
    raw["pstree"] = raw["pstree"].splitlines()[0].split("─┬─")[0] + "───uwsgi(99)\n"


def _unnamed_root(raw):
    raw["log"] = raw["log"].replace("(pid: 1,", "(pid: 91,")


def _grandchild(d):
    add_process(variant(d), 40, child(variant(d))["pid"])


def _c3_renumbered(d):
    add_log(variant(d), f"Respawned uWSGI worker 5 (new pid: {child(variant(d))['pid']})")


def _c4_fewer_threads(d):
    worker = next(p for p in variant(d)["processes"] if p["threads"])
    worker["threads"], worker["thread_names"] = worker["threads"][:1], worker["thread_names"][:1]


def _c4_other_cores(d):
    pid = next(p["pid"] for p in variant(d)["processes"] if p["threads"])
    add_log(variant(d), f"Respawned uWSGI worker 2 (new pid: {pid}, cores: 3)")


def _c4_core_thread_served(d):
    """The first request answered on worker 3's first request thread, not on its main thread."""
    raw = variant(d)
    record = raw["requests"][0]
    record["tid"] = next(p for p in raw["processes"] if p["pid"] == record["pid"])["threads"][0]


def _c5_serial(d):
    first, second = pages(variant(d))
    second["server_start"] = first["server_end"] + 0.01
    second["server_end"] = second["server_start"] + 1


def _c5_favicon_lost(d):
    lose(next(r for r in variant(d)["requests"] if r["path"] == "/favicon.ico"))


def _c5_same_pid(d):
    first, second = pages(variant(d))
    second["pid"] = first["pid"]


def _c6_stalled_everywhere(d):
    for raw in d["variants"]:
        ticks(raw, 0)


def _c6_silent(which):
    return lambda d: drop_log(part(d, which), "hreads support")


def _c7_django_forks(d):
    drop_log(part(d, "http"), "spawned uWSGI http")
    add_process(part(d, "http-socket"), 99, 1)


def _c7_router_served(d):
    http = part(d, "http")
    http["requests"][0]["pid"] = child(http)["pid"]


def _c8_quiet(d):
    for raw in d["variants"]:
        raw["log"] = raw["log"].replace("Python auto-reloader enabled", "")


def _c8_no_master(d):
    raw = part(d, "plain")
    raw["log"] = raw["log"].replace(
        "spawned uWSGI master process (pid: 1)", "spawned uWSGI worker 9 (pid: 1, cores: 1)"
    )


def _c8_two_threads(d):
    worker = child(part(d, "plain"))
    worker["threads"].append(990)
    worker["thread_names"].append("uwsgi")


def _c8_no_worker(d):
    raw = part(d, "plain")
    raw["log"] = (
        raw["log"].replace("spawned uWSGI worker 1", "spawned uWSGI http 1").replace(", cores: 1)", ")")
    )


CASES = [
    # C1
    Case("c1-holds", "default-2.0.31", None, HOLDS),
    Case("c1-overlap", "default-2.0.31", _c1_overlap, DIFFERS),
    Case("c1-lost", "default-2.0.31", lambda d: lose(pages(variant(d))[0]), CANNOT_TELL),
    Case("c1-one-request", "default-2.0.31", lambda d: variant(d)["requests"].pop(), CANNOT_TELL),
    Case("c1-sent-apart", "default-2.0.31", _apart(1.0), CANNOT_TELL),
    Case("c1-close-enough", "default-2.0.31", _apart(0.05), HOLDS),
    Case("c1-two-workers", "default-2.0.31", _second_worker, CANNOT_TELL),
    Case("c1-two-processes", "default-2.0.31", _other_pid, CANNOT_TELL),
    Case("c1-at-the-bound", "default-2.0.31", _spread(1.0, 0.125), HOLDS),
    Case("c1-short-sleep-together", "default-2.0.31", _spread(0.2, 3 / 64), HOLDS),
    Case("c1-short-sleep-apart", "default-2.0.31", _spread(0.2, 1 / 16), CANNOT_TELL),
    Case(
        "c1-router-gone",
        "default-2.0.31",
        lambda d: _drop_process(variant(d), "spawned uWSGI http"),
        CANNOT_TELL,
    ),
    # C2
    Case("c2-holds", "workers-2.0.31", None, HOLDS),
    Case("c2-fewer-workers", "workers-2.0.31", lambda d: drop_log(variant(d, 1), "worker 3"), CANNOT_TELL),
    Case(
        "c2-one-spelling-two-workers",
        "workers-2.0.31",
        lambda d: drop_role(variant(d, 1), "worker 3"),
        DIFFERS,
    ),
    Case(
        "c2-first-is-a-master",
        "workers-2.0.31",
        lambda d: _root_renamed(variant(d, 2), "spawned uWSGI master process (pid: {})"),
        DIFFERS,
    ),
    Case(
        "c2-master",
        "workers-2.0.31",
        lambda d: add_log(variant(d, 2), "spawned uWSGI master process (pid: 77)"),
        CANNOT_TELL,  # a master no tree has
    ),
    Case(
        "c2-root-not-worker-1",
        "workers-2.0.31",
        lambda d: add_log(variant(d), "Respawned uWSGI worker 2 (new pid: 1)"),
        DIFFERS,
    ),
    Case("c2-other-tree", "workers-2.0.31", _c2_other_tree, DIFFERS),
    Case("c2-no-spawn-lines", "workers-2.0.31", lambda d: variant(d, 1).update(log=""), CANNOT_TELL),
    Case("c2-no-pstree", "workers-2.0.31", lambda d: variant(d, 1).update(pstree=""), CANNOT_TELL),
    Case("c2-no-processes", "workers-2.0.31", lambda d: variant(d, 1).update(processes=[]), CANNOT_TELL),
    Case("c2-unnamed-root", "workers-2.0.31", lambda d: _unnamed_root(variant(d, 1)), CANNOT_TELL),
    # C3
    Case("c3-holds", "processes-2.0.31", None, HOLDS),
    Case(
        "c3-master",
        "processes-2.0.31",
        lambda d: add_log(variant(d), "spawned uWSGI master process (pid: 77)"),
        DIFFERS,
    ),
    Case("c3-third-child", "processes-2.0.31", _second_worker, DIFFERS),
    Case("c3-grandchild", "processes-2.0.31", _grandchild, CANNOT_TELL),
    Case(
        "c3-named-grandchild",
        "processes-2.0.31",
        lambda d: (_grandchild(d), add_log(variant(d), "spawned uWSGI worker 4 (pid: 40, cores: 1)")),
        DIFFERS,
    ),
    Case(
        "c3-first-is-a-master",
        "processes-2.0.31",
        lambda d: _root_renamed(variant(d), "spawned uWSGI master process (pid: {})"),
        DIFFERS,
    ),
    Case(
        "c3-parent-not-worker-1",
        "processes-2.0.31",
        lambda d: add_log(variant(d), "Respawned uWSGI worker 5 (new pid: 1)"),
        DIFFERS,
    ),
    Case("c3-other-children", "processes-2.0.31", _c3_renumbered, DIFFERS),
    Case(
        "c3-old-workers",
        "processes-2.0.31",
        lambda d: add_log(
            variant(d), *(f"spawned uWSGI worker 2 (pid: {pid}, cores: 1)" for pid in (98, 99))
        ),
        HOLDS,
    ),
    Case("c3-no-tree", "processes-2.0.31", lambda d: variant(d).update(processes=[]), CANNOT_TELL),
    Case("c3-unnamed-root", "processes-2.0.31", lambda d: _unnamed_root(variant(d)), CANNOT_TELL),
    # C4
    Case("c4-core-thread-served", "threads-2.0.31", _c4_core_thread_served, HOLDS),
    Case("c4-holds", "threads-2.0.31", None, HOLDS),
    Case("c4-fewer-threads", "threads-2.0.31", _c4_fewer_threads, DIFFERS),
    Case("c4-other-cores", "threads-2.0.31", _c4_other_cores, DIFFERS),
    Case("c4-two-workers", "threads-2.0.31", lambda d: drop_log(variant(d), "worker 3"), CANNOT_TELL),
    Case("c4-only-two-workers", "threads-2.0.31", lambda d: drop_role(variant(d), "worker 3"), DIFFERS),
    Case("c4-no-router", "threads-2.0.31", lambda d: drop_log(variant(d), "spawned uWSGI http"), CANNOT_TELL),
    Case("c4-no-workers", "threads-2.0.31", lambda d: variant(d).update(log=""), CANNOT_TELL),
    Case(
        "c4-no-cores",
        "threads-2.0.31",
        lambda d: variant(d).update(log=variant(d)["log"].replace(", cores: 4)", ")")),
        CANNOT_TELL,
    ),
    # C5
    Case("c5-holds", "concurrency-2.0.31", None, HOLDS),
    Case("c5-favicons-back", "concurrency-2.0.31", _c5_favicons_back, HOLDS),
    Case("c5-serial", "concurrency-2.0.31", _c5_serial, DIFFERS),
    Case("c5-sent-apart", "concurrency-2.0.31", _apart(1.0), CANNOT_TELL),
    Case("c5-favicon-lost", "concurrency-2.0.31", _c5_favicon_lost, CANNOT_TELL),
    Case("c5-page-lost", "concurrency-2.0.31", lambda d: lose(pages(variant(d))[0]), CANNOT_TELL),
    Case("c5-two-workers", "concurrency-2.0.31", lambda d: drop_log(variant(d), "worker 3"), CANNOT_TELL),
    Case("c5-same-process", "concurrency-2.0.31", _c5_same_pid, CANNOT_TELL),
    Case(
        "c5-outside-workers", "concurrency-2.0.31", lambda d: pages(variant(d))[0].update(pid=55), CANNOT_TELL
    ),
    # C6
    Case("c6-holds-2.0.21", "enable-threads-2.0.21", None, HOLDS),
    Case("c6-differs-2.0.31", "enable-threads-2.0.31", None, DIFFERS),
    Case("c6-free-but-said-off", "enable-threads-2.0.21", lambda d: ticks(part(d, "off"), 40), CANNOT_TELL),
    Case("c6-stalled-everywhere", "enable-threads-2.0.31", _c6_stalled_everywhere, CANNOT_TELL),
    Case("c6-in-between-2.0.21", "enable-threads-2.0.21", lambda d: ticks(part(d, "off"), 14), CANNOT_TELL),
    Case("c6-in-between-2.0.31", "enable-threads-2.0.31", lambda d: ticks(part(d, "off"), 14), CANNOT_TELL),
    Case("c6-on-stalled", "enable-threads-2.0.21", lambda d: ticks(part(d, "on"), 0), CANNOT_TELL),
    Case("c6-threads-stalled", "enable-threads-2.0.21", lambda d: ticks(part(d, "threads"), 0), CANNOT_TELL),
    Case("c6-off-silent", "enable-threads-2.0.21", _c6_silent("off"), CANNOT_TELL),
    Case("c6-on-silent", "enable-threads-2.0.21", _c6_silent("on"), CANNOT_TELL),
    Case("c6-unmeasured", "enable-threads-2.0.21", _c6_unmeasured, CANNOT_TELL),
    Case("c6-threads-silent", "enable-threads-2.0.21", _c6_silent("threads"), CANNOT_TELL),
    Case("c6-on-exactly-half", "enable-threads-2.0.21", _rate("on", 20), CANNOT_TELL),
    Case("c6-threads-exactly-half", "enable-threads-2.0.21", _rate("threads", 20), CANNOT_TELL),
    Case("c6-off-exactly-a-quarter", "enable-threads-2.0.21", _rate("off", 10), CANNOT_TELL),
    Case("c6-off-just-stalled", "enable-threads-2.0.21", _rate("off", 9), HOLDS),
    Case("c6-off-exactly-half-2.0.31", "enable-threads-2.0.31", _rate("off", 20), CANNOT_TELL),
    Case("c6-off-just-free-2.0.31", "enable-threads-2.0.31", _rate("off", 21), DIFFERS),
    Case("c6-root-not-ticking", "enable-threads-2.0.21", _c6_root_not_ticking, CANNOT_TELL),
    Case(
        "c6-no-idle-time",
        "enable-threads-2.0.21",
        lambda d: part(d, "off")["measurements"]["ticker"].update(idle_seconds=0),
        CANNOT_TELL,
    ),
    Case(
        "c6-off-unmeasured",
        "enable-threads-2.0.21",
        lambda d: part(d, "off").update(measurements={}),
        CANNOT_TELL,
    ),
    Case(
        "c6-threads-unmeasured",
        "enable-threads-2.0.31",
        lambda d: part(d, "threads").update(measurements={}),
        CANNOT_TELL,
    ),
    # C7
    Case("c7-differs-2.0.31", "django-2.0.31", None, DIFFERS),
    Case("c7-differs-2.0.21", "django-2.0.21", None, DIFFERS),
    Case("c7-django-forks", "django-2.0.31", _c7_django_forks, HOLDS),
    Case(
        "c7-child-without-http-too",
        "django-2.0.31",
        lambda d: add_process(part(d, "http-socket"), 99, 1),
        CANNOT_TELL,
    ),
    Case(
        "c7-child-unnamed",
        "django-2.0.31",
        lambda d: drop_log(part(d, "http"), "spawned uWSGI http"),
        CANNOT_TELL,
    ),
    Case("c7-second-child", "django-2.0.31", lambda d: add_process(part(d, "http"), 99, 1), CANNOT_TELL),
    Case("c7-router-served", "django-2.0.31", _c7_router_served, CANNOT_TELL),
    Case("c7-nothing-served", "django-2.0.31", lambda d: lose(part(d, "http")["requests"][0]), CANNOT_TELL),
    Case("c7-no-tree", "django-2.0.31", lambda d: part(d, "http-socket").update(processes=[]), CANNOT_TELL),
    # C8
    Case("c8-holds-2.0.31", "autoreload-2.0.31", None, HOLDS),
    Case("c8-holds-2.0.21", "autoreload-2.0.21", None, HOLDS),
    Case("c8-no-reloader", "autoreload-2.0.31", _c8_quiet, CANNOT_TELL),
    Case("c8-no-master", "autoreload-2.0.31", _c8_no_master, DIFFERS),
    Case("c8-two-threads", "autoreload-2.0.31", _c8_two_threads, DIFFERS),
    Case(
        "c8-plain-extra-child",
        "autoreload-2.0.31",
        lambda d: add_process(part(d, "plain"), 99, 1),
        CANNOT_TELL,
    ),
    Case(
        "c8-plain-named-extra-child",
        "autoreload-2.0.31",
        lambda d: (
            add_process(part(d, "plain"), 99, 1),
            add_log(part(d, "plain"), "spawned uWSGI worker 2 (pid: 99, cores: 1)"),
        ),
        DIFFERS,
    ),
    Case(
        "c8-django-extra-child",
        "autoreload-2.0.31",
        lambda d: add_process(part(d, "django"), 99, 1),
        CANNOT_TELL,
    ),
    Case("c8-no-worker", "autoreload-2.0.31", _c8_no_worker, DIFFERS),
    Case("c8-no-tree", "autoreload-2.0.31", lambda d: part(d, "django").update(processes=[]), CANNOT_TELL),
    Case(
        "c8-unnamed-master",
        "autoreload-2.0.31",
        lambda d: drop_log(part(d, "plain"), "spawned uWSGI master process"),
        CANNOT_TELL,
    ),
    # Requests without an answer: the cause in words, the reason only when the log proves it.
    Case(
        "lost-uwsgi-protocol",
        "default-2.0.31",
        _lost("reset", "invalid request block size: 21573 (max 4096)...skip"),
        CANNOT_TELL,
    ),
    Case(
        "lost-other-size",
        "default-2.0.31",
        _lost("empty reply", "invalid request block size: 4660 (max 4096)...skip"),
        CANNOT_TELL,
    ),
    Case(
        "lost-harakiri",
        "default-2.0.31",
        _lost("reset", "*** HARAKIRI ON WORKER 1 (pid: 1, try: 1) ***"),
        CANNOT_TELL,
    ),
    Case(
        "lost-listen-queue",
        "default-2.0.31",
        _lost("timed out", '*** uWSGI listen queue of socket ":18000" (fd: 3) full !!! (5/4) ***'),
        CANNOT_TELL,
    ),
    Case(
        "lost-refused",
        "default-2.0.31",
        _lost("refused", "invalid request block size: 21573 (max 4096)...skip"),
        CANNOT_TELL,
    ),
    Case("lost-unknown-cause", "default-2.0.31", _lost("garbled"), CANNOT_TELL),
]
