"""A judged run as plain data: what `--json` prints and what every renderer reads.

Per-container fields (command, spawn lines, pstree, processes, requests, app lines) live in
`variants`, one object each with its `label`; a scenario with a single container also has them
at the top level, so `jq .pstree` works on `sandbox run threads --json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sandbox import catalog, claims, failures, traffic, uwsgi_log
from sandbox.claims import Verdict
from sandbox.observe import ScenarioObservation, VariantObservation, assign_roles
from sandbox.probe import ProcessSnapshot
from sandbox.traffic import RequestRecord


@dataclass
class JudgedRun:
    observation: ScenarioObservation
    verdict: Verdict | None  # None for `sandbox try`: no claim to check
    expected: str | None

    @property
    def unanswered(self) -> list[failures.Unanswered]:
        return [f for v in self.observation.variants for f in failures.unanswered(v.requests, v.log)]

    @property
    def as_expected(self) -> bool:
        return self.verdict is None or self.verdict.verdict == self.expected


def judge(observation: ScenarioObservation) -> JudgedRun:
    scenario = observation.scenario
    return JudgedRun(
        observation, claims.judge(observation), catalog.expected_verdict(scenario, observation.uwsgi_version)
    )


def variant_dict(variant: VariantObservation, kept: bool) -> dict:
    return {
        "label": variant.label,
        "service": variant.service,
        "container": variant.container if kept else None,
        "command": variant.command,
        "spawn_lines": [spawn.text for spawn in variant.spawn_lines],
        "pstree": variant.pstree,
        "processes": [
            {
                "pid": p.pid,
                "ppid": p.ppid,
                "role": p.role,
                "cores": p.cores,
                "cmdline": p.cmdline,
                "threads": p.tids,
                "thread_names": [t["name"] for t in p.threads],
            }
            for p in variant.processes
        ],
        "requests": [
            {key: value for key, value in asdict(record).items() if key != "target"}
            for record in variant.requests
        ],
        "start_spread_ms": round(traffic.start_spread(traffic.first_requests(variant.requests)) * 1000, 3),
        "unanswered": [
            {"client": f.record.client, "path": f.record.path, "cause": f.cause, "reason": f.reason}
            for f in failures.unanswered(variant.requests, variant.log)
        ],
        "app_lines": [line.text for line in variant.app_lines],
        "measurements": variant.measurements,
        "log": variant.log,
    }


def claim_row(run: JudgedRun) -> dict:
    verdict = run.verdict
    return {
        "id": verdict.claim,
        "uwsgi_version": run.observation.uwsgi_version,
        "verdict": verdict.verdict,
        "expected": run.expected,
        "summary": verdict.summary,
        "evidence": verdict.evidence,
    }


def run_dict(run: JudgedRun) -> dict:
    observation = run.observation
    variants = [variant_dict(v, observation.kept) for v in observation.variants]
    data: dict = {
        "scenario": observation.scenario.name,
        "uwsgi_version": observation.uwsgi_version,
        "sleep": observation.sleep,
        "claims": [claim_row(run)] if run.verdict else [],
    }
    data["variants"] = variants
    return flatten_single_variant(data)


def flatten_single_variant(data: dict) -> dict:
    """A run with one container also carries that container's fields at the top level."""
    if len(data["variants"]) == 1:
        data.update(
            {key: value for key, value in data["variants"][0].items() if key not in ("label", "service")}
        )
    return data


def observation_from_dict(data: dict) -> ScenarioObservation:
    """Rebuild an observation from `run --json` output: claims are re-judged offline in tests."""
    variants = []
    for raw in data["variants"]:
        variant = VariantObservation(raw["label"], raw["service"], raw["container"] or "", raw["command"])
        variant.log, variant.pstree = raw["log"], raw["pstree"]
        variant.spawn_lines = uwsgi_log.spawn_lines(variant.log)
        variant.app_lines = uwsgi_log.app_lines(variant.log)
        variant.processes = [
            ProcessSnapshot(
                p["pid"],
                p["ppid"],
                "",
                p["cmdline"],
                [
                    {"tid": tid, "name": name}
                    for tid, name in zip(p["threads"], p["thread_names"], strict=True)
                ],
            )
            for p in raw["processes"]
        ]
        assign_roles(variant.processes, variant.spawn_lines)
        variant.requests = [RequestRecord(target=raw["service"], **record) for record in raw["requests"]]
        variant.measurements = _int_keys(raw["measurements"])
        variants.append(variant)
    return ScenarioObservation(catalog.find(data["scenario"]), data["uwsgi_version"], variants, data["sleep"])


def _int_keys(value):
    """JSON turns the pid keys of measurements into strings; turn them back."""
    if isinstance(value, dict):
        return {int(k) if isinstance(k, str) and k.isdigit() else k: _int_keys(v) for k, v in value.items()}
    return value
