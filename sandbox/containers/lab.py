"""A scenario's containers, as one compose project that is always removed.

`LabStack` starts the named compose services (in parallel), waits until uWSGI says each is
ready, hands out the containers, and on exit removes every container and network of the run,
whatever happened: an exception, Ctrl-C, or a half-finished start.

A run's containers need no network (its requests are sent from inside each container), so they
are created from compose's own resolved model of the services (cached): that skips starting
compose, about half of a run's start. On a local engine they are created and started before the
Docker SDK is even imported (socket_api.py; this module imports the SDK only once it has asked
for them). Containers that publish their port (`keep`, doctor) are brought up by
`docker compose up` itself, so `docker compose -p NAME down` removes them.
Only `keep=True` leaves the project running, and it says how to remove it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Mapping, Sequence
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sandbox import idle_imports, speed
from sandbox.containers import compose, endpoint, images, runner, service_spec, signals, socket_api
from sandbox.containers.compose import ComposeProject
from sandbox.containers.followed_log import FollowedLog
from sandbox.errors import StartFailed
from sandbox.settings import APP_PORT, RUN_LABEL
from sandbox.timing import timed

PROJECT_PREFIX = "sandbox-"
# The runs of this process whose containers may exist: Ctrl-C during `verify` removes them
# all at once, so the scenarios under way in other threads fail fast instead of running on.
_live_runs: set[str] = set()


def remove_live_runs() -> None:
    """Every container of this process's runs still under way, removed now (by run label)."""
    from sandbox.containers import cleanup

    for run_id in list(_live_runs):
        cleanup.remove_leftovers(run_id=run_id)


def new_run_id() -> str:
    return uuid.uuid4().hex[:10]


@dataclass
class LabContainer:
    service: str
    command: list[str]
    container: object  # docker.models.containers.Container
    host_port: int | None  # None when it never got as far as publishing its port
    ready_at: float | None = None  # epoch seconds
    start_failure: str | None = None  # why it exited before it was ready, when it may do so
    log: FollowedLog | None = None  # followed from its start until it is ready

    @property
    def name(self) -> str:
        return self.container.name

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.host_port}{path}"

    def logs(self) -> str:
        return self.container.logs(stdout=True, stderr=True).decode(errors="replace")

    def is_running(self) -> bool:
        import docker.errors

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
        may_exit: frozenset[str] = frozenset(),
        publish: bool = False,
        ready_on_enter: bool = True,
    ) -> None:
        self.services = list(services)
        # False: entering only starts the containers, and the caller calls wait_ready() once it
        # has begun what can overlap the servers' boot.
        self.ready_on_enter = ready_on_enter
        # The lab's own requests run inside each container's namespace, so by default a run's
        # containers get a namespace of their own with only loopback: no network to create and
        # remove, no port to publish. Kept containers (and doctor) publish their 127.0.0.1 port
        # as compose.yaml says, for curl by hand.
        self.publish = publish or keep
        # Containers that may exit before they are ready (an option this uWSGI does not know):
        # then that is what was observed, not a failure of the run.
        self.may_exit = may_exit
        self.run_id = new_run_id()
        self.keep = keep
        self.ready_timeout = ready_timeout or float(os.environ.get("SANDBOX_READY_TIMEOUT", "60"))
        self._overrides: dict[str, dict] = {
            service: {"command": list(argv)} for service, argv in (commands or {}).items()
        }
        if as_root:  # the article ran uWSGI as root; the lab does not unless asked
            for service in self.services:
                self._overrides.setdefault(service, {})["user"] = "0:0"
        self._workdir: Path | None = None  # only a compose override needs a file
        self.uwsgi_version = uwsgi_version
        self._settings = {"UWSGI_VERSION": uwsgi_version, "SANDBOX_SLEEP": f"{sleep:g}"}
        self.project = ComposeProject(
            PROJECT_PREFIX + self.run_id,
            env={**self._settings, "SANDBOX_RUN_ID": self.run_id},
            extra_files=self._override_files(),
        )
        self.containers: dict[str, LabContainer] = {}
        self.timings: dict[str, float] = {}

    def _override_files(self) -> list[Path]:
        """For `docker compose up` (publishing runs only): a compose override for `try`'s command
        and `--as-root`'s user. Each service is a JSON object, and JSON is YAML."""
        if not self._overrides or not self.publish:
            return []
        lines = ["services:"] + [
            f"  {json.dumps(service)}: {json.dumps(fields)}"
            for service, fields in sorted(self._overrides.items())
        ]
        self._workdir = Path(tempfile.mkdtemp(prefix="sandbox-run-"))
        override = self._workdir / "compose.override.yaml"
        override.write_text("\n".join(lines) + "\n")
        return [override]

    def __enter__(self) -> LabStack:
        _live_runs.add(self.run_id)
        try:
            self._start()
            if self.ready_on_enter:
                self.wait_ready()
        except BaseException:
            self._stop(at_once=True)
            raise
        return self

    def __exit__(self, exc_type, *_) -> None:
        # A run that went well is removed while its result is judged and printed; one that
        # failed is removed before its error is reported.
        self._stop(at_once=exc_type is not None)

    def _start(self) -> None:
        with timed(self.timings, "start"):
            if self.publish:  # compose's command is shown as it starts: no imports beside it
                images.ensure_for(self.services, self.uwsgi_version)
                self.project.up(self.services)
                for service in self.services:
                    self.containers[service] = self._find(service)
            else:
                self._create_and_start()

    def wait_ready(self) -> None:
        """Until every container is ready to be observed, or one of them will never be (raises
        StartFailed, unless it may exit: then its `start_failure` says why)."""
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
                self._close_logs("cancelled")
                pool.shutdown(wait=True, cancel_futures=True)

    def _close_logs(self, because: str) -> None:
        for lab in self.containers.values():
            if lab.log is not None:
                lab.log.close(because)

    def _bodies(self) -> dict[str, tuple[str, dict, dict[str, str]]]:
        """Each service's container: its name, its create body (as compose would create it, with
        no network) and the labels its image must carry to be current."""
        resolved = compose.services(self._settings)
        # compose's project and service labels group the run's containers as one project in
        # `docker ps --filter` and Docker Desktop. compose itself lists only the containers it
        # created (they carry its config hash); `sandbox down` finds these by the run label.
        project = {"com.docker.compose.project": self.project.name, "com.docker.compose.oneoff": "False"}
        current: dict[str, dict[str, str]] = {}  # by image: the lab's services share one build
        bodies = {}
        for service in self.services:
            labels = {**project, "com.docker.compose.service": service, RUN_LABEL: self.run_id,
                      "com.docker.compose.container-number": "1"}  # fmt: skip
            settings = {**resolved[service], **self._overrides.get(service, {})}
            image = resolved[service]["image"]
            if image not in current:  # hashing its build's files takes a few ms, before the start
                current[image] = images.current_labels(resolved[service])
            bodies[service] = (
                f"{self.project.name}-{service}-1",
                service_spec.create_body(settings, labels),
                current[image],
            )
        return bodies

    def _create_and_start(self) -> None:
        """Every service's container at once. On a local engine each is created and started
        straight on its socket while the SDK is being imported; whatever that did not start (an
        image to build first, an engine elsewhere, a refusal) goes through the SDK, which reports
        any failure as usual."""
        bodies = self._bodies()
        socket_path = endpoint.endpoint().unix_socket if speed.on("socket-start") else None
        # The pool waits for every start it began, even on Ctrl-C, so _stop sees all of them.
        with ThreadPoolExecutor(max_workers=len(self.services)) as pool:
            early = {}
            if socket_path:
                for service, (name, body, current) in bodies.items():
                    early[service] = pool.submit(
                        socket_api.start_if_current, socket_path, name, body, current
                    )
            try:
                from sandbox.containers import engine  # imported while the engine starts them

                client = engine.client()
            except BaseException:
                _remove_on_the_socket(socket_path, early.values())
                raise
            started = self._through_the_sdk(client, pool, bodies, {s: None for s in bodies if s not in early})
            # Starting takes the engine a third of a second: the imports for what comes next (the
            # SDK above, the wait for readiness, what the run records) are done meanwhile, then
            # the commands are shown.
            idle_imports.engine_busy()
            idle_imports.finished()
            created = {service: future.result() for service, future in early.items()}
            not_started = {s: done for s, done in created.items() if done is None or not done.started}
            started |= self._through_the_sdk(client, pool, bodies, not_started)
            for service, (name, body, _) in bodies.items():
                runner.announce(service_spec.shown(name, body))
                self.containers[service] = (
                    started[service].result()
                    if service in started
                    else _lab(service, _model(client, created[service].id, name), body)
                )

    def _through_the_sdk(self, client, pool, bodies, which: dict) -> dict[str, futures.Future]:
        """Start these services' containers through the SDK, creating those not created yet (their
        images checked first, and built if need be)."""
        if to_create := [service for service, created in which.items() if created is None]:
            images.ensure_for(to_create, self.uwsgi_version)

        def start(service: str) -> LabContainer:
            name, body, _ = bodies[service]
            created = which[service]
            container_id = (
                created.id if created else client.api.create_container_from_config(body, name)["Id"]
            )
            container = _model(client, container_id, name)
            container.start()
            return _lab(service, container, body)

        return {service: pool.submit(start, service) for service in which}

    def _find(self, service: str) -> LabContainer:
        from sandbox.containers import engine

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
        # What compose resolved from compose.yaml (and an override), as the engine ran it.
        command = list(container.attrs["Config"]["Cmd"])
        if container.status == "exited":
            code = container.attrs["State"]["ExitCode"]
            failure = f"{service}: uWSGI exited right away (exit code {code})"
            if service not in self.may_exit:
                raise StartFailed(failure, _logs_of(container))
            return LabContainer(service, command, container, None, start_failure=failure)
        if not self.publish:
            return LabContainer(service, command, container, None, log=FollowedLog.of(container))
        bindings = (container.attrs["NetworkSettings"]["Ports"] or {}).get(f"{APP_PORT}/tcp") or []
        if not bindings:
            raise StartFailed(f"{service}: container port {APP_PORT} is not published", _logs_of(container))
        return LabContainer(
            service, command, container, int(bindings[0]["HostPort"]), log=FollowedLog.of(container)
        )

    def _wait_ready(self, lab: LabContainer) -> None:
        if lab.start_failure:
            return

        from sandbox.containers import readiness  # imported while the engine started the containers

        try:
            readiness.wait_until_ready(lab.service, lab.command, lab.log, self.ready_timeout)
        except StartFailed as failure:
            cancelled = lab.log.closed_because == "cancelled"  # another container failed first
            if cancelled or lab.service not in self.may_exit or not _exits_soon(lab):
                raise
            lab.start_failure = str(failure)
            return
        lab.ready_at = time.time()

    def _stop(self, at_once: bool) -> None:
        with signals.shielded(), timed(self.timings, "teardown"):
            self._close_logs("stopped")  # those never waited on
            self._remove(at_once)
            _live_runs.discard(self.run_id)

    def _kept_words(self) -> str:
        """What --keep left running, how to reach each container, and how to remove them all."""
        lines = ["kept running (--keep):"]
        for lab in self.containers.values():
            lines.append(f"  {lab.name}")
            if lab.host_port:
                lines.append(f"    curl {lab.url('/')}    (its port 18000, on this machine's loopback)")
            lines.append(f"    docker exec -it {lab.name} bash    (pstree -p, ps, its files)")
            lines.append(f"    docker logs {lab.name}")
        lines.append(f"  remove them: docker compose -p {self.project.name} down    (or: sandbox down)")
        return "\n".join(lines)

    def _remove(self, at_once: bool) -> None:
        try:
            if self.keep:
                runner.notice(self._kept_words())
                return
            # Through the SDK, every container at once: what `docker compose down --timeout 0`
            # does, without starting compose again. Everything labelled with this run id goes,
            # whatever compose did or did not do (interrupted, failed).
            from sandbox.containers import cleanup

            known = [lab.container for lab in self.containers.values()]
            if at_once:
                cleanup.remove_run(self.run_id, known)
            else:
                cleanup.remove_soon(self.run_id, known)
        finally:
            if self._workdir is not None:
                shutil.rmtree(self._workdir, ignore_errors=True)


def _remove_on_the_socket(socket_path: str | None, starts) -> None:
    """What the socket started, when there is no SDK client to remove it (_stop uses one)."""
    for start in starts:
        created = start.result()
        if created is not None:
            runner.announce(["docker", "rm", "-f", "-v", created.id[:12]])
            socket_api.remove(socket_path, created.id)


def _model(client, container_id: str, name: str):
    """The SDK's model from what the run knows (its id and name), not from an inspect: that waits
    on the engine while it starts other containers. reload() fills the rest."""
    return client.containers.prepare_model({"Id": container_id, "Name": f"/{name}"})


def _lab(service: str, container, body: dict) -> LabContainer:
    """A started container, its log followed from now on (for the readiness wait)."""
    return LabContainer(service, list(body.get("Cmd", [])), container, None, log=FollowedLog.of(container))


def _exits_soon(lab: LabContainer, within: float = 5.0) -> bool:
    """uWSGI logs why it will not start a moment before its container is seen to exit."""
    deadline = time.monotonic() + within
    while lab.is_running():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _logs_of(container) -> str:
    from sandbox.containers import readiness  # only a failed start needs it

    return readiness.last_words(container)
