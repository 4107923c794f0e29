"""`sandbox judge`: a saved run judged again, offline, by today's judges: no engine, no containers.

The file is what `sandbox run NAME --json` printed. A file that is no such run is a clear error;
a run that lacks a part (a log emptied, requests removed) is judged on what it has, and a
verdict that needs the missing part says "cannot tell"."""

from __future__ import annotations

import json
from pathlib import Path

from sandbox.analysis.judge import judge
from sandbox.errors import BadRunFile, UnknownName
from sandbox.model.judged import JudgedRun
from sandbox.output.json_run import observation_from_dict


def from_file(path: Path) -> JudgedRun:
    try:
        data = json.loads(path.read_text())
    except OSError as failure:
        raise BadRunFile(f"cannot read {path}: {failure.strerror or failure}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as failure:
        raise BadRunFile(
            f"{path} is not JSON: {failure}", "give the output of `sandbox run NAME --json`"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("variants"), list):
        raise BadRunFile(f"{path} is not a saved run", "give the output of `sandbox run NAME --json`")
    try:
        return judge(observation_from_dict(data))
    except UnknownName as unknown:
        raise BadRunFile(f"{path}: {unknown}", unknown.hint) from None
