"""Removing evidence from a run may turn its verdict into "cannot tell", never into the other
verdict: every captured live run (tests/data/runs), re-judged with one piece of evidence taken
away at a time, in every container, says what it said or "cannot tell".

What is taken away: each field of a container's observation (emptied or removed, as a saved
run with that part lost would have it), each request, each field of each request, each look,
and each log line a judge reads (from the log and from the engine's timed lines alike)."""

from __future__ import annotations

import copy
import json

import pytest

from sandbox.analysis.judge import judge
from sandbox.model.verdicts import Verdict
from sandbox.output.json_run import observation_from_dict
from tests.unit.captured import CAPTURED

FIELDS = (
    "log", "log_times", "pstree", "processes", "requests", "measurements", "facts", "looks", "stopped",
    "killed", "loads", "started", "exit_code", "ready_at", "looked_at",
)  # fmt: skip
RECORD_FIELDS = (
    "status",
    "pid",
    "tid",
    "server_start",
    "server_end",
    "client_connected",
    "client_end",
    "error",
)
# Log lines the judges read: uWSGI's and gunicorn's own words, and the app's request lines.
READ_LINES = (
    "spawned", "Respawned", "HARAKIRI", "killed by signal", " called ", "Seeya", "cheaped", "WORKER TIMEOUT",
    "Booting worker", "listen queue", "somaxconn", "hreads support", "auto-reloader", "brutally", "SIGTERM",
    "graceful", "goodbye", "invalid request block", "DAMN", "unrecognized option",
)  # fmt: skip


def _without_line(raw: dict, line: str) -> None:
    raw["log"] = "\n".join(kept for kept in raw["log"].splitlines() if kept.strip() != line)
    raw["log_times"] = [[at, text] for at, text in raw["log_times"] if text.strip() != line]


def removals(data: dict):
    """(what was removed, the run without it), one piece at a time."""
    for index, raw in enumerate(data["variants"]):
        where = raw["service"]
        for field in FIELDS:
            if field in raw:
                removed = copy.deepcopy(data)
                del removed["variants"][index][field]
                yield f"{where}: no {field}", removed
                emptied = copy.deepcopy(data)
                emptied["variants"][index][field] = None
                yield f"{where}: {field} emptied", emptied
        for number in range(len(raw["requests"])):
            fewer = copy.deepcopy(data)
            fewer["variants"][index]["requests"].pop(number)
            yield f"{where}: request {number} missing", fewer
            for field in RECORD_FIELDS:
                blank = copy.deepcopy(data)
                blank["variants"][index]["requests"][number][field] = None
                yield f"{where}: request {number} without {field}", blank
        for number in range(len(raw.get("looks", []))):
            fewer = copy.deepcopy(data)
            fewer["variants"][index]["looks"].pop(number)
            yield f"{where}: look {number} missing", fewer
        read = {line.strip() for line in raw["log"].splitlines() if any(text in line for text in READ_LINES)}
        for line in sorted(read):
            fewer = copy.deepcopy(data)
            _without_line(fewer["variants"][index], line)
            yield f"{where}: without the line {line!r}", fewer


@pytest.mark.parametrize("path", CAPTURED, ids=lambda p: p.stem)
def test_removing_evidence_never_turns_a_verdict_into_the_other(path):
    data = json.loads(path.read_text())
    verdict = judge(observation_from_dict(data)).judgement.verdict
    assert verdict != Verdict.CANNOT_TELL, "a captured run must have a verdict to lose"
    flipped = [
        (what, found)
        for what, bent in removals(data)
        if (found := judge(observation_from_dict(bent)).judgement.verdict)
        not in (verdict, Verdict.CANNOT_TELL)
    ]
    assert not flipped, f"{verdict} turned into another verdict once evidence was removed: {flipped}"
