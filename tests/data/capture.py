"""Regenerate the captured runs the unit tests judge offline:  make fixtures

Each file is the `sandbox run NAME --json` output of one scenario on one uWSGI version, at a
short sleep, observed live. Unit tests re-judge them without Docker, so claim logic is tested
on real uWSGI output rather than on hand-written trees.
"""

import json
import subprocess
import sys
from pathlib import Path

from sandbox.catalog import SCENARIOS

HERE = Path(__file__).parent / "runs"
VERSIONS = ("2.0.31", "2.0.21")

for version in VERSIONS:
    for scenario in SCENARIOS:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sandbox",
                "-q",
                "run",
                scenario.name,
                "--sleep",
                "1",
                "--uwsgi",
                version,
                "--json",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(f"{scenario.name} on {version}: exit {done.returncode}\n{done.stderr[-3000:]}")
        data = json.loads(done.stdout)
        target = HERE / f"{scenario.name}-{version}.json"
        target.write_text(json.dumps(data, indent=1) + "\n")
        print(f"{target.name}: {data['claims'][0]['verdict']}")
