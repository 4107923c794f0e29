"""Load the captured live runs (tests/data/runs, `make fixtures`) as judged runs."""

import json
from pathlib import Path

from sandbox import report
from sandbox.report import observation_from_dict

RUNS = Path(__file__).parent.parent / "data" / "runs"
CAPTURED = sorted(RUNS.glob("*.json"))


def load(name: str) -> dict:
    return json.loads((RUNS / f"{name}.json").read_text())


def judged(name: str) -> report.JudgedRun:
    return report.judge(observation_from_dict(load(name)))
