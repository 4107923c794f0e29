"""Scripts the lab runs inside its containers, and the one way it runs them: `docker exec`.

They are sent as `python3 -c SCRIPT`, never baked into an image, so any lab image (any uWSGI
version, built any time) runs the controller's current copy. Each is announced as the command a
person pastes from the project's folder: `python3 -c "$(cat sandbox/containers/inside/NAME)"`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources

import docker.errors
from docker.utils.socket import consume_socket_output, demux_adaptor, frames_iter

from sandbox.containers import runner
from sandbox.errors import ExecFailed


@cache
def script(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text()


def shown_script(name: str) -> list[str]:
    """How running a script is shown: what a shell in the project's folder runs the same way."""
    return ["python3", "-c", runner.Shell(f'"$(cat sandbox/containers/inside/{name})"')]


def exec_text(container, argv: list[str], show: bool = True, shown: list[str] | None = None) -> str:
    """Run a command inside the container (as its own user) and return its stdout."""
    if show:
        runner.announce(["docker", "exec", container.name, *(shown or argv)])
    result = container.exec_run(argv, demux=True)
    return _stdout_of(container, shown or argv, result.exit_code, *result.output)


def _stdout_of(
    container, shown: list[str], exit_code: int | None, stdout: bytes | None, stderr: bytes | None
) -> str:
    if exit_code != 0:
        said = (stderr or stdout or b"").decode(errors="replace").strip()[-300:]
        raise ExecFailed(f"`{' '.join(shown[:3])}` failed inside {container.name} (exit {exit_code}): {said}")
    return (stdout or b"").decode()


def run_script(container, name: str, args: list[str], show: bool = True) -> str:
    """Run one of this folder's scripts with the container's own python3; return its stdout."""
    argv = ["python3", "-c", script(name), *args]
    return exec_text(container, argv, show=show, shown=[*shown_script(name), *args])


class PrimedInTurn:
    """Several of this folder's scripts, run one after another in one `docker exec` (in_turn.py),
    in two steps: the exec starts now, while the server boots, and its Python imports what the
    scripts import; the scripts run on `run()`, once the server is ready (in_turn.py --on-go),
    which returns each one's stdout and the seconds it ran. So the exec's own cost and the
    Python start overlap the boot.

    A container that is no longer running cannot be exec'd: that error waits for `run()`,
    since its readiness wait, called in between, says better why it stopped."""

    def __init__(self, container, jobs: Sequence[tuple[str, list[str]]]) -> None:
        self._container, self._jobs = container, list(jobs)
        self._socket, self._failure = None, None
        api = container.client.api
        try:
            self._exec_id = api.exec_create(container.id, [*in_turn_argv(jobs), "--on-go"], stdin=True)["Id"]
            self._socket = api.exec_start(self._exec_id, socket=True)
        except docker.errors.APIError as failure:
            self._failure = failure

    def run(self, show: bool = True) -> list[tuple[str, float]]:
        shown = _in_turn_shown(self._container.name, self._jobs)
        if show:  # shown when its scripts run, as the execs a person would type, one per script
            runner.announce(["docker", "exec", self._container.name, *shown])
        if self._socket is None:
            raise ExecFailed(f"`docker exec` into {self._container.name} failed: {self._failure}")
        try:
            _raw(self._socket).sendall(b"go\n")
            frames = (demux_adaptor(*frame) for frame in frames_iter(self._socket, tty=False))
            stdout, stderr = consume_socket_output(frames, demux=True)
        except OSError as failure:  # the container went away under it
            raise ExecFailed(f"`docker exec` into {self._container.name} broke off: {failure}") from failure
        finally:
            self.close()
        exit_code = self._container.client.api.exec_inspect(self._exec_id)["ExitCode"]
        return in_turn_results(_stdout_of(self._container, shown, exit_code, stdout, stderr))

    def close(self) -> None:
        """Its Python ends having run nothing (stdin closes), if it has not run yet."""
        if self._socket is not None:
            # Both the file object and its socket: closing only the first leaves the socket
            # (and the exec's stdin) open until garbage collection.
            raw = _raw(self._socket)
            self._socket.close()
            raw.close()
            self._socket = None


def _raw(connection):
    """The socket under the SDK's file object (a socket.SocketIO) for an exec's stdin."""
    return getattr(connection, "_sock", connection)


def in_turn_argv(jobs: Sequence[tuple[str, list[str]]]) -> list[str]:
    """`python3 -c IN_TURN JOBS`: add --on-go to have it wait for `go` on stdin."""
    return [
        "python3",
        "-c",
        script("in_turn.py"),
        json.dumps([[name, script(name), args] for name, args in jobs]),
    ]


def _in_turn_shown(container_name: str, jobs: Sequence[tuple[str, list[str]]]) -> list[str]:
    """The scripts in turn, as separate execs (in_turn.py runs them in one, which is quicker)."""
    shown: list[str] = []
    for name, args in jobs:
        if shown:
            shown += [runner.AND, "docker", "exec", container_name]
        shown += [*shown_script(name), *args]
    return shown


def in_turn_results(output: str) -> list[tuple[str, float]]:
    """in_turn.py's output: (stdout, seconds) for each script, in turn."""
    return [(result["stdout"], result["seconds"]) for result in json.loads(output)]
