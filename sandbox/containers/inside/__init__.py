"""Scripts the lab runs inside its containers, and the one way it runs them: `docker exec`.

They are sent as `python3 -c SCRIPT`, never baked into an image, so any lab image (any uWSGI
version, built any time) runs the controller's current copy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources

from sandbox.containers import runner
from sandbox.errors import ExecFailed


@cache
def script(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text()


def exec_text(container, argv: list[str], show: bool = True, shown: list[str] | None = None) -> str:
    """Run a command inside the container (as its own user) and return its stdout."""
    if show:
        runner.announce(["docker", "exec", container.name, *(shown or argv)])
    result = container.exec_run(argv, demux=True)
    stdout, stderr = result.output
    if result.exit_code != 0:
        said = (stderr or stdout or b"").decode(errors="replace").strip()[-300:]
        raise ExecFailed(
            f"`{' '.join((shown or argv)[:3])}` failed inside {container.name} (exit {result.exit_code}): {said}"
        )
    return (stdout or b"").decode()


def run_script(container, name: str, args: list[str], show: bool = True) -> str:
    """Run one of this folder's scripts with the container's own python3; return its stdout."""
    argv = ["python3", "-c", script(name), *args]
    return exec_text(
        container, argv, show=show, shown=["python3", "-c", f"<sandbox/containers/inside/{name}>", *args]
    )


def run_in_turn(
    container, jobs: Sequence[tuple[str, list[str]]], show: bool = True
) -> list[tuple[str, float]]:
    """Run several of this folder's scripts one after another in one `docker exec` (in_turn.py);
    return each one's stdout and the seconds it ran."""
    spec = json.dumps([[name, script(name), args] for name, args in jobs])
    shown = " && ".join(" ".join([f"<sandbox/containers/inside/{name}>", *args]) for name, args in jobs)
    output = exec_text(
        container, ["python3", "-c", script("in_turn.py"), spec], show=show, shown=["python3", "-c", shown]
    )
    return [(result["stdout"], result["seconds"]) for result in json.loads(output)]
