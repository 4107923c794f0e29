"""A scenario's containers, as one compose project that is always removed.

`LabStack` brings up the named compose services in one `docker compose up` (they start in
parallel), waits until uWSGI says each is ready, hands out the containers, and on exit runs
`docker compose down` whatever happened: an exception, Ctrl-C, or a half-finished start.
Only `keep=True` leaves the project running, and it says how to remove it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import docker.errors

from sandbox import cleanup, console, engine
from sandbox.compose import ComposeProject
from sandbox.errors import StartFailed
from sandbox.paths import APP_PORT, RUN_LABEL
from sandbox.readiness import expectation_from_argv, wait_until_ready
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
        keep: bool = False,
        ready_timeout: float = 60.0,
    ) -> None:
        self.services = list(services)
        self.run_id = new_run_id()
        self.keep = keep
        self.ready_timeout = ready_timeout
        self._commands = {service: list(argv) for service, argv in (commands or {}).items()}
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

    def _override_files(self) -> list[Path]:
        """`sandbox try`: a compose override replacing a base service's command (JSON is YAML)."""
        if not self._commands:
            return []
        override = self._workdir / "compose.override.json"
        override.write_text(
            json.dumps({"services": {svc: {"command": argv} for svc, argv in self._commands.items()}})
        )
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
        with timed(self.timings, "ready"), ThreadPoolExecutor(max_workers=len(self.services)) as pool:
            waits = [pool.submit(self._wait_ready, lab) for lab in self.containers.values()]
            for wait in waits:
                wait.result()

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
        bindings = (container.attrs["NetworkSettings"]["Ports"] or {}).get(f"{APP_PORT}/tcp") or []
        if not bindings:
            raise StartFailed(f"{service}: container port {APP_PORT} is not published", _logs_of(container))
        return LabContainer(service, list(command), container, int(bindings[0]["HostPort"]))

    def _wait_ready(self, lab: LabContainer) -> None:
        wait_until_ready(
            lab.service, lab.logs, lab.is_running, expectation_from_argv(lab.command), self.ready_timeout
        )

    def _stop(self) -> None:
        with timed(self.timings, "teardown"):
            self._remove()

    def _remove(self) -> None:
        try:
            if self.keep:
                names = ", ".join(lab.name for lab in self.containers.values()) or self.project.name
                console.console.print(
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
    return container.logs(tail=12).decode(errors="replace")
