"""A judged run as plain JSON data: what `--json` prints (fields: README, "JSON output").

Per-container fields (command, spawn lines, pstree, processes, requests, app lines) live in
`variants`, one object each with its `label`; a scenario with a single container also has them
at the top level, so `jq .pstree` works on `sandbox run threads --json`. Under
--normalize-pids every pid and tid is its stable name, through the same Namer as the transcript.
Also the reverse (tests re-judge captured runs offline): observation_from_dict.
"""

from __future__ import annotations

from dataclasses import asdict

from sandbox import catalog
from sandbox.analysis import roles, uwsgi_log
from sandbox.analysis.requests import first_requests, start_spread
from sandbox.containers.probe import snapshot_from
from sandbox.errors import BadRunFile
from sandbox.model.judged import JudgedRun
from sandbox.model.measures import LoadResult
from sandbox.model.observation import (
    Killed,
    Look,
    RanOut,
    RequestRecord,
    ScenarioObservation,
    Stopped,
    TickerProgress,
    VariantDraft,
    VariantObservation,
    Wait,
)
from sandbox.model.roles import Role, RoleKind
from sandbox.model.scenario import TRY, Scenario, Variant, YourConfig, tried
from sandbox.model.steps import Endpoint
from sandbox.output.pstree_text import renamed
from sandbox.output.wording import Namer, role_text


def _named(namer: Namer, variant: str):
    """pid or tid -> itself, or under --normalize-pids its stable name (JSON keeps ints otherwise)."""
    return lambda ident: ident if not namer.normalize or ident is None else namer.id(variant, ident)


def _ticker(variant: VariantObservation, namer: Namer) -> dict:
    if variant.ticker is None:
        return {}
    ticker = variant.ticker
    name = _named(namer, variant.service)

    def keyed(values: dict[int, int], rename_values: bool = False) -> dict:
        return {name(pid): name(value) if rename_values else value for pid, value in values.items()}

    return {
        "ticker": {
            "idle_seconds": ticker.idle_seconds,
            "ticks_before": keyed(ticker.ticks_before),
            "ticks_after": keyed(ticker.ticks_after),
            "advanced": keyed(ticker.advanced),
            "app_threads": keyed(ticker.app_threads, rename_values=True),
        }
    }


def _log(variant: VariantObservation, namer: Namer) -> str:
    if not namer.normalize:
        return variant.log
    quoted = (uwsgi_log.quote(variant.service, line) for line in variant.log.splitlines())
    return "\n".join(namer.quote_text(q.variant, q.text, q.pids) for q in quoted)


def _processes(variant: VariantObservation, processes, name) -> list[dict]:
    return [
        {
            "pid": name(proc.pid),
            "ppid": name(proc.ppid),
            "name": proc.name,
            "role": role_text(roles.role_of(variant, proc.pid)),
            "cores": roles.cores(variant, proc.pid),
            "cmdline": list(proc.cmdline),
            "threads": [name(tid) for tid in proc.tids],
            "thread_names": [thread.name for thread in proc.threads],
            "uss": proc.uss,
            "pss": proc.pss,
            "sockets": {str(fd): inode for fd, inode in proc.sockets},
            "status": proc.status,
        }
        for proc in processes
    ]


def _facts(facts: dict[str, dict[int, dict]], name) -> dict:
    """What the apps wrote about themselves, by fact and process; pids inside renamed too."""
    renamed_facts = {}
    for fact, by_pid in facts.items():
        renamed_facts[fact] = {
            str(name(pid)): {
                key: name(value) if key in ("pid", "tid") else value for key, value in data.items()
            }
            for pid, data in by_pid.items()
        }
    return renamed_facts


def _steps(variant: VariantObservation, namer: Namer, name) -> dict:
    """What the scenario's steps saw: later looks, a stop, kills, loads, the log's own times."""
    service = variant.service
    return {
        "looks": [
            {"label": look.label, "at": look.at, "pstree": look.pstree, "processes": _processes(variant, look.processes, name),
             "facts": _facts(look.facts, name), "settled": look.settled}
            for look in variant.looks
        ],
        "stopped": asdict(variant.stopped) if variant.stopped else None,
        "killed": [{"pid": name(k.pid), "role": role_text(k.role), "kind": k.role.kind.value, "number": k.role.number,
                    "signal": k.signal, "at": k.at} for k in variant.killed],
        "loads": {
            label: {"elapsed": load.elapsed, "completed": load.completed, "errors": load.errors,
                    "throughput": round(load.throughput, 2), "latencies": [round(x, 5) for x in load.latencies],
                    "by_pid": {str(name(pid)): count for pid, count in load.by_pid.items()}}
            for label, load in variant.loads.items()
        },
        "log_times": [[at, namer.quote_text(service, text, uwsgi_log.pid_mentions(text.strip()))] for at, text in variant.log_times],
        "started": variant.started,
        "exit_code": variant.exit_code,
        "ready_at": variant.ready_at,
        "looked_at": variant.looked_at,
        "ran_out": [{"wait": r.wait.value, "label": r.label, "seconds": r.seconds, "detail": r.detail} for r in variant.ran_out],
    }  # fmt: skip


def variant_dict(run: JudgedRun, variant: VariantObservation, namer: Namer) -> dict:
    service = variant.service
    name = _named(namer, service)

    requests = []
    for record in variant.requests:
        row = {key: value for key, value in asdict(record).items() if key != "target"}
        row.update(pid=name(record.pid), ppid=name(record.ppid), tid=name(record.tid))
        requests.append(row)
    return {
        "label": variant.label,
        "service": service,
        "container": variant.container if run.observation.kept else None,
        "command": list(variant.command),
        "spawn_lines": [
            namer.quote_text(service, s.text, uwsgi_log.pid_mentions(s.text)) for s in variant.spawn_lines
        ],
        "pstree": renamed(variant.pstree, lambda pid: namer.id(service, pid))
        if namer.normalize
        else variant.pstree,
        "processes": _processes(variant, variant.processes, name),
        "endpoint": asdict(run.observation.scenario.endpoint),
        "requests": requests,
        "start_spread_ms": round(start_spread(first_requests(variant.requests)) * 1000, 3),
        "unanswered": [
            {
                "client": lost.record.client,
                "path": lost.record.path,
                "cause": lost.cause,
                "reason": namer.fact(lost.reason) if lost.reason else None,
            }
            for lost in run.unanswered
            if lost.variant == service
        ],
        "app_lines": [namer.quote_text(service, line.text, line.pid_spans) for line in variant.app_lines],
        "measurements": _ticker(variant, namer),
        "facts": _facts(variant.facts, name),
        **_steps(variant, namer, name),
        "log": _log(variant, namer),
    }


def claim_row(run: JudgedRun, namer: Namer | None = None) -> dict:
    namer = namer or Namer(run.observation)
    judgement = run.judgement
    return {
        "id": judgement.claim,
        "uwsgi_version": run.observation.uwsgi_version,
        "verdict": judgement.verdict.value,
        "expected": run.expected.value,
        "summary": namer.fact(judgement.summary),
        "evidence": [namer.fact(fact) for fact in judgement.evidence],
        "conditions": [
            {"part": c.part, "side": c.side, "what": namer.fact(c.what), "shown": c.shown}
            for c in judgement.conditions
        ],
    }


def run_dict(run: JudgedRun, normalize_pids: bool = False) -> dict:
    observation = run.observation
    namer = Namer(observation, normalize_pids)
    data: dict = {
        "scenario": observation.scenario.name,
        "uwsgi_version": observation.uwsgi_version,
        "sleep": observation.sleep,
        "claims": [claim_row(run, namer)] if run.judgement else [],
        "variants": [variant_dict(run, variant, namer) for variant in observation.variants],
        "timings": {phase: round(seconds, 3) for phase, seconds in observation.timings.items()},
    }
    mine = observation.scenario.your_config
    if mine is not None:
        data["config"] = {
            "sources": list(mine.sources),
            "options": [[name, value] for name, value in mine.options],
            "changes": list(mine.changes),
        }
    if len(data["variants"]) == 1:  # one container: its fields at the top level too
        data.update(
            {key: value for key, value in data["variants"][0].items() if key not in ("label", "service")}
        )
    return data


def _int_keys(values: dict | None) -> dict[int, int]:
    return {int(key): value for key, value in (values or {}).items()}


def _snapshot_back(p: dict):
    threads = [
        {"tid": t, "name": n}
        for t, n in zip(p.get("threads") or [], p.get("thread_names") or [], strict=False)
    ]
    return snapshot_from(
        {**p, "name": p.get("name") or "", "cmdline": p.get("cmdline") or [], "threads": threads}
    )


def _snapshots(raw_processes: list[dict] | None) -> list:
    return [
        proc
        for proc in _each(raw_processes, _snapshot_back)
        if proc.pid is not None and proc.ppid is not None
    ]


def _facts_back(raw: dict | None) -> dict[str, dict[int, dict]]:
    return {
        fact: {int(pid): data for pid, data in (by_pid or {}).items()} for fact, by_pid in (raw or {}).items()
    }


def _each(raw_items, build) -> list:
    """Build each item; one the file holds only in part is an observation missing, left out."""
    built = []
    for item in raw_items or []:
        try:
            built.append(build(item))
        except (KeyError, TypeError, ValueError):
            continue
    return built


def _look_back(look: dict) -> Look:
    return Look(look["label"], look["at"], tuple(_snapshots(look.get("processes"))), look.get("pstree") or "",
                _facts_back(look.get("facts")), look.get("settled", True))  # fmt: skip


def _load_back(item: tuple[str, dict]) -> tuple[str, LoadResult]:
    label, load = item
    latencies = list(load["latencies"])
    return label, LoadResult(
        load["elapsed"], latencies, errors=load["errors"], by_pid=_int_keys(load["by_pid"])
    )


def _steps_back(variant: VariantDraft, raw: dict) -> None:
    variant.looks = _each(raw.get("looks"), _look_back)
    stopped = _each([raw.get("stopped")] if raw.get("stopped") else [], lambda s: Stopped(**s))
    variant.stopped = stopped[0] if stopped else None
    variant.killed = _each(
        raw.get("killed"),
        lambda k: Killed(k["pid"], Role(RoleKind(k["kind"]), k["number"]), k["signal"], k["at"]),
    )
    variant.loads = dict(_each((raw.get("loads") or {}).items(), _load_back))
    variant.log_times = _each(raw.get("log_times"), lambda line: (float(line[0]), str(line[1])))
    variant.ready_at, variant.exit_code = raw.get("ready_at"), raw.get("exit_code")
    # A live run's container started exactly when it was seen ready: a file without the flag says so.
    variant.started = raw.get("started", variant.ready_at is not None)
    variant.looked_at = raw.get("looked_at")
    variant.ran_out = _each(
        raw.get("ran_out"), lambda r: RanOut(Wait(r["wait"]), r["label"], r["seconds"], r.get("detail", ""))
    )


def _ticker_back(ticker: dict) -> TickerProgress:
    return TickerProgress(
        ticker["idle_seconds"], _int_keys(ticker["ticks_before"]), _int_keys(ticker["ticks_after"]),
        _int_keys(ticker["app_threads"]),
    )  # fmt: skip


def _records(raw: dict) -> list[RequestRecord]:
    """The requests; one without the client's own facts (which client, what path, when it left)
    is a request missing, like one never recorded."""
    return [
        RequestRecord(target=raw["service"], **{k: v for k, v in record.items() if k in RECORD_FIELDS})
        for record in raw.get("requests") or []
        if all(record.get(key) is not None for key in ("client", "path", "client_start"))
    ]


def observation_from_dict(data: dict) -> ScenarioObservation:
    """Rebuild an observation from `run --json` output, to judge it again offline (`sandbox
    judge`, the tests). What the file lacks is evidence missing: an empty log, no requests, no
    looks; never a crash. What makes it no run at all raises BadRunFile."""
    try:
        scenario = _tried_back(data) if data["scenario"] == TRY else catalog.find(data["scenario"])
        version, sleep, raw_variants = data["uwsgi_version"], float(data["sleep"]), data["variants"]
    except (KeyError, TypeError, ValueError) as missing:
        raise BadRunFile(f"not a saved run of `sandbox run --json`: {missing} is missing or wrong") from None
    parts = {variant.service: variant.part for variant in scenario.variants}
    variants = []
    for raw in raw_variants:
        if not isinstance(raw, dict) or raw.get("service") not in parts:
            service = raw.get("service") if isinstance(raw, dict) else raw
            raise BadRunFile(f"container {service!r} is not one of scenario {scenario.name}'s")
        variant = VariantDraft(
            raw.get("label") or raw["service"], raw["service"], parts[raw["service"]], raw.get("container") or "",
            tuple(raw.get("command") or ()),
        )  # fmt: skip
        variant.log, variant.pstree = raw.get("log") or "", raw.get("pstree") or ""
        variant.spawn_lines = uwsgi_log.spawn_lines(variant.log)
        variant.app_lines = uwsgi_log.app_lines(variant.log)
        variant.processes = _snapshots(raw.get("processes"))
        variant.facts = _facts_back(raw.get("facts"))
        variant.requests = _records(raw)
        tickers = _each([(raw.get("measurements") or {}).get("ticker") or {}], _ticker_back)
        variant.ticker = tickers[0] if tickers else None
        _steps_back(variant, raw)
        variants.append(variant.observed())
    return ScenarioObservation(scenario, version, tuple(variants), sleep)


def _tried_back(data: dict) -> Scenario:
    """A saved `sandbox try`: its containers, where its requests went, and the user's config as
    resolved, from the file itself (no catalog holds it)."""
    raw_variants = [raw for raw in data["variants"] if isinstance(raw, dict) and raw.get("service")]
    if not raw_variants:
        raise KeyError("variants")
    endpoint = raw_variants[0].get("endpoint") or {}
    if not isinstance(endpoint, dict) or not set(endpoint) <= set(Endpoint.__dataclass_fields__):
        raise BadRunFile(f"not a saved run of `sandbox try --json`: endpoint {endpoint!r} is wrong")
    mine = data.get("config")
    your_config = (
        YourConfig(
            tuple(mine.get("sources") or ()),
            tuple((str(name), str(value)) for name, value in mine.get("options") or ()),
            tuple(mine.get("changes") or ()),
        )
        if isinstance(mine, dict)
        else None
    )
    variants = tuple(Variant(raw.get("label") or raw["service"], raw["service"]) for raw in raw_variants)
    return tried(variants, endpoint=Endpoint(**endpoint), your_config=your_config)


RECORD_FIELDS = frozenset(RequestRecord.__dataclass_fields__) - {"target"}
