"""Load the captured live runs (tests/data/runs, `make fixtures`) as observations and judged runs."""

import json
from pathlib import Path

from sandbox.analysis.judge import judge
from sandbox.model.judged import JudgedRun
from sandbox.output.json_run import observation_from_dict

RUNS = Path(__file__).parent.parent / "data" / "runs"
CAPTURED = sorted(RUNS.glob("*.json"))


def load(name: str) -> dict:
    return json.loads((RUNS / f"{name}.json").read_text())


def judged(name: str) -> JudgedRun:
    return judge(observation_from_dict(load(name)))
