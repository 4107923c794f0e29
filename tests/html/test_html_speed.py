"""What the HTML costs the user who asks for it, timed in a fresh interpreter (Jinja2's import
and the template's compilation included, as in `sandbox run --html`): at most 0.1 s for a run's
page, at most 2 s for a verify page of all 36 checks. The best of three fresh processes is
taken, so a busy machine's one slow start does not decide."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
TIMED = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.unit.captured import CAPTURED, judged
runs = [judged(path.stem) for path in CAPTURED] if {every!r} else [judged("threads-2.0.31")]
start = time.perf_counter()
from sandbox.output import html_report
if {every!r}:
    html_report.write_verify(runs, Path({path!r}))
else:
    html_report.write_run(runs[0], Path({path!r}))
print(json.dumps({{"seconds": time.perf_counter() - start, "runs": len(runs)}}))
"""


def best_of_three(tmp_path: Path, every: bool) -> tuple[float, int]:
    found = []
    for attempt in range(3):
        code = TIMED.format(root=str(ROOT), every=every, path=str(tmp_path / f"{attempt}.html"))
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        found.append(json.loads(done.stdout))
    return min(item["seconds"] for item in found), found[0]["runs"]


def test_a_runs_page_adds_at_most_a_tenth_of_a_second(tmp_path):
    seconds, _ = best_of_three(tmp_path, every=False)
    assert seconds <= 0.1, f"the HTML of one run took {seconds:.3f} s"


def test_a_verify_page_of_all_36_checks_renders_in_two_seconds(tmp_path):
    seconds, runs = best_of_three(tmp_path, every=True)
    assert runs == 36
    assert seconds <= 2.0, f"the HTML of {runs} checks took {seconds:.3f} s"
