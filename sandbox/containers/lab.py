"""A scenario's containers, as one compose project that is always removed.

`LabStack` brings up the named compose services in one `docker compose up` (they start in
parallel), waits until uWSGI says each is ready, hands out the containers, and on exit runs
`docker compose down` whatever happened: an exception, Ctrl-C, or a half-finished start.
Only `keep=True` leaves the project running, and it says how to remove it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Mapping, Sequence
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import docker.errors

from sandbox.analysis.command import parse as parse_command
from sandbox.analysis.readiness import expectation, log_tail
from sandbox.containers import cleanup, engine, runner, signals
from sandbox.containers.compose import ComposeProject
from sandbox.containers.readiness import wait_until_ready
from sandbox.errors import StartFailed
from sandbox.settings import APP_PORT, RUN_LABEL
from sandbox.timing import timed

PROJECT_PREFIX = "sandbox-"


def new_run_id() -> str:
    return uuid.uuid4().hex[:10]


@dataclass
class LabContainer:
    service: str
    command: list[str]
    container: object  # docker.models.containers.Container
    host_port: int

    @property
    def name(self) -> str:
        return self.container.name

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.host_port}{path}"

    def logs(self) -> str:
        return self.container.logs(stdout=True, stderr=True).decode(errors="replace")

    def is_running(self) -> bool:
        try:
            self.container.reload()
        except docker.errors.NotFound:
            return False
        return self.container.status in {"created", "running"}


class LabStack:
    def __init__(
        self,
        services: Sequence[str],
        *,
        uwsgi_version: str,
        sleep: float,
        commands: Mapping[str, Sequence[str]] | None = None,
        as_root: bool = False,
        keep: bool = False,
        ready_timeout: float | None = None,
    ) -> None:
        self.services = list(services)
        self.run_id = new_run_id()
        self.keep = keep
        self.ready_timeout = ready_timeout or float(os.environ.get("SANDBOX_READY_TIMEOUT", "60"))
        self._overrides: dict[str, dict] = {
            service: {"command": list(argv)} for service, argv in (commands or {}).items()
        }
        if as_root:  # the article ran uWSGI as root; the lab does not unless asked
            for service in self.services:
                self._overrides.setdefault(service, {})["user"] = "0:0"
        self._workdir = Path(tempfile.mkdtemp(prefix="sandbox-run-"))
        self.project = ComposeProject(
            PROJECT_PREFIX + self.run_id,
            env={
                "UWSGI_VERSION": uwsgi_version,
                "SANDBOX_SLEEP": f"{sleep:g}",
                "SANDBOX_RUN_ID": self.run_id,
            },
            extra_files=self._override_files(),
        )
        self.containers: dict[str, LabContainer] = {}
        self.timings: dict[str, float] = {}
        self._cancelled = threading.Event()

    def _override_files(self) -> list[Path]:
        """A compose override (JSON is YAML) for `try`'s command and `--as-root`'s user."""
        if not self._overrides:
            return []
        override = self._workdir / "compose.override.json"
        override.write_text(json.dumps({"services": self._overrides}))
        return [override]

    def __enter__(self) -> LabStack:
        try:
            self._start()
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop()

    def _start(self) -> None:
        with timed(self.timings, "start"):
            resolved = self.project.config()["services"]
            self.project.up(self.services)
            for service in self.services:
                self.containers[service] = self._find(service, resolved[service]["command"])
        with timed(self.timings, "ready"):
            pool = ThreadPoolExecutor(max_workers=len(self.services))
            try:
                waits = [pool.submit(self._wait_ready, lab) for lab in self.containers.values()]
                # The first container to fail decides; the others' waits are cancelled below.
                done, _ = futures.wait(waits, return_when=futures.FIRST_EXCEPTION)
                for wait in done:
                    wait.result()
            finally:
                # On Ctrl-C or a failed container, stop the other waits now rather than at their timeout.
                self._cancelled.set()
                pool.shutdown(wait=True, cancel_futures=True)

    def _find(self, service: str, command: list[str]) -> LabContainer:
        found = engine.client().containers.list(
            all=True,
            filters={
                "label": [
                    f"com.docker.compose.project={self.project.name}",
                    f"com.docker.compose.service={service}",
                    f"{RUN_LABEL}={self.run_id}",
                ]
            },
        )
        if not found:
            raise StartFailed(f"compose started no container for service {service}")
        container = found[0]
        if container.status == "exited":
            code = container.attrs["State"]["ExitCode"]
            raise StartFailed(f"{service}: uWSGI exited right away (exit code {code})", _logs_of(container))
        bindings = (container.attrs["NetworkSettings"]["Ports"] or {}).get(f"{APP_PORT}/tcp") or []
        if not bindings:
            raise StartFailed(f"{service}: container port {APP_PORT} is not published", _logs_of(container))
        return LabContainer(service, list(command), container, int(bindings[0]["HostPort"]))

    def _wait_ready(self, lab: LabContainer) -> None:
        def worth_waiting() -> bool:
            return not self._cancelled.is_set() and lab.is_running()

        wait_until_ready(
            lab.service, lab.logs, worth_waiting, expectation(parse_command(lab.command)), self.ready_timeout
        )

    def _stop(self) -> None:
        with signals.shielded(), timed(self.timings, "teardown"):
            self._remove()

    def _remove(self) -> None:
        try:
            if self.keep:
                names = ", ".join(lab.name for lab in self.containers.values()) or self.project.name
                runner.notice(
                    f"kept running: {names}\n  remove with: docker compose -p {self.project.name} down"
                    f"   (or: sandbox down)"
                )
                return
            self.project.down()
        finally:
            shutil.rmtree(self._workdir, ignore_errors=True)
            if not self.keep:
                # Whatever compose did or did not do (interrupted, failed), nothing labelled
                # with this run id survives the run.
                cleanup.remove_leftovers(run_id=self.run_id)


def _logs_of(container) -> str:
    return log_tail(container.logs(tail=40).decode(errors="replace"))
