"""A run creates its containers from compose's resolved services (containers/service_spec.py),
through the SDK, or straight on the engine's socket before the SDK is imported
(containers/socket_api.py). Here `docker compose create` makes every lab service too, and each
pair must be the same container: same image, command, user, limits, labels, healthcheck..."""

import shlex
import subprocess
import uuid

import pytest

from sandbox.containers import compose, endpoint, engine, images, service_spec, socket_api
from sandbox.settings import DEFAULT_UWSGI

pytestmark = pytest.mark.docker
ENV = {"UWSGI_VERSION": DEFAULT_UWSGI, "SANDBOX_SLEEP": "3"}
# compose's bookkeeping of its project (files, hash, version, number): a run stamps the project,
# service and number labels itself (LabStack), the rest only compose writes.
COMPOSE_LABELS = "com.docker.compose."
CONFIG_FIELDS = ("Image", "Cmd", "Entrypoint", "Env", "WorkingDir", "User", "StopSignal", "StopTimeout",
                 "Healthcheck", "Labels")  # fmt: skip
HOST_FIELDS = ("CapAdd", "CapDrop", "SecurityOpt", "ReadonlyRootfs", "Tmpfs", "Memory", "NanoCpus",
               "PidsLimit", "Sysctls", "NetworkMode", "PortBindings", "Binds", "Privileged")  # fmt: skip


def _lab_services() -> dict[str, dict]:
    return {
        name: service
        for name, service in compose.services(ENV).items()
        if "lab" in service.get("profiles", [])
    }


def _comparable(attrs: dict) -> dict:
    config = {field: attrs["Config"].get(field) for field in CONFIG_FIELDS}
    config["Labels"] = {k: v for k, v in (config["Labels"] or {}).items() if not k.startswith(COMPOSE_LABELS)}
    config["Env"] = sorted(config["Env"] or [])
    # `docker run --health-cmd` always writes the shell form; the same command either way
    if (check := config["Healthcheck"]) and check["Test"][0] in ("CMD", "CMD-SHELL"):
        kind, *rest = check["Test"]
        config["Healthcheck"] = {
            **check,
            "Test": ["CMD-SHELL", shlex.join(rest) if kind == "CMD" else rest[0]],
        }
    # `or None`: compose sends an empty mapping where the SDK sends none; the same container
    return {**config, **{field: attrs["HostConfig"].get(field) or None for field in HOST_FIELDS}}


def test_every_lab_service_is_created_as_docker_compose_creates_it(lab_images, tmp_path):
    services = _lab_services()
    socket_path = endpoint.endpoint().unix_socket
    assert socket_path, "this test sends requests on the engine's socket: run it beside a local engine"
    images.ensure_for(list(services), DEFAULT_UWSGI)
    client = engine.client()
    project = f"sandbox-spec-{uuid.uuid4().hex[:8]}"
    # compose's own: no network, no port (as a run's), created but never started
    override = tmp_path / "no-network.yaml"
    override.write_text(
        "services:\n"
        + "".join(f'  "{name}": {{"network_mode": "none", "ports": !reset []}}\n' for name in services)
    )
    by_compose = compose.ComposeProject(project, ENV, [override])
    created = []
    try:
        by_compose.run("create", "--no-build", "--pull", "never", *services, show=False)
        differences = {}
        for name, service in services.items():
            body = service_spec.create_body(service, {})
            theirs = _comparable(client.api.inspect_container(f"{project}-{name}-1"))
            # the same body through the SDK, and on the socket as a run sends it before the SDK is loaded
            through_sdk = client.api.create_container_from_config(body, f"{project}-sdk-{name}")["Id"]
            status, on_socket = socket_api.call(
                socket_path, "POST", f"/containers/create?name={project}-socket-{name}", body
            )
            assert status == 201, on_socket
            created += [through_sdk, on_socket["Id"]]
            # the `docker run` line a run prints, pasted (as `docker create`: nothing starts)
            pasted = service_spec.shown(f"{project}-pasted-{name}", body)
            assert pasted[:3] == ["docker", "run", "--detach"]
            typed = subprocess.run(
                ["docker", "create", *pasted[3:]], capture_output=True, text=True, check=True
            )
            created.append(typed.stdout.strip())
            for how, container_id in (
                ("sdk", through_sdk),
                ("socket", on_socket["Id"]),
                ("pasted", created[-1]),
            ):
                ours = _comparable(client.api.inspect_container(container_id))
                if ours != theirs:
                    differences[name, how] = {k: (ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]}
        assert not differences, differences
        assert len(created) == 3 * len(services) >= 120
    finally:
        for container in client.containers.list(
            all=True, filters={"label": f"com.docker.compose.project={project}"}
        ):
            container.remove(force=True)
        for container_id in created:
            client.api.remove_container(container_id, force=True)
