"""Regenerate the golden transcripts:  make golden

Each file is the normalised, structure-only transcript (render.golden_transcript) of one
scenario on one uWSGI version, observed live at a short sleep. The integration tests compare
every live run against these files, so a change in what uWSGI builds shows up as a diff.
"""

import sys
from pathlib import Path

from sandbox import catalog
from sandbox.analysis.judge import judge
from sandbox.output.transcript import golden_transcript
from sandbox.runs.run import observe

HERE = Path(__file__).parent
VERSIONS = ("2.0.31", "2.0.21")


def golden_path(scenario: str, version: str) -> Path:
    return HERE / f"{scenario}-{version}.txt"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for version in VERSIONS:
        for scenario in catalog.SCENARIOS:
            text = golden_transcript(judge(observe(scenario, version, sleep=1)))
            (target / golden_path(scenario.name, version).name).write_text(text)
            print(f"{scenario.name}-{version}.txt")
