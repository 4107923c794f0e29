"""`sandbox doctor`: is this machine ready to run the lab? Each failure comes with its fix.

Besides what is installed, it says where the engine is and proves the lab's traffic path works
there with a real request: a lab container is started and asked for a page from inside its own
network namespace, exactly as every scenario does.
"""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass

from sandbox.containers import base_image, compose, engine, images, runner
from sandbox.containers.ca_bundle import resolve_ca_bundle
from sandbox.containers.lab import LabStack
from sandbox.errors import CommandFailed, SandboxError
from sandbox.runs import traffic
from sandbox.settings import ARTICLE_UWSGI, DEFAULT_UWSGI


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _engine() -> Check:
    try:
        where = engine.endpoint()
        info = engine.client().info()
    except SandboxError as failure:
        return Check("Docker engine", False, str(failure), failure.hint)
    return Check(
        "Docker engine",
        True,
        f"{where.host} (from {where.source}): engine {info.get('ServerVersion', '?')} on host "
        f"'{info.get('Name', '?')}' ({info.get('OperatingSystem', '?')})",
    )


def _same_engine() -> Check:
    """The docker CLI (and so Compose, which resolves DOCKER_HOST and contexts the same way)
    must reach the engine the SDK reaches."""
    if shutil.which("docker") is None:
        return Check("CLI, same engine", True, "no docker CLI here: Compose alone decides where it connects")
    try:
        cli_id = runner.run(["docker", "info", "--format", "{{.ID}}"], show=False, timeout=30).stdout.strip()
    except CommandFailed as failure:
        return Check("CLI, same engine", False, str(failure), "check DOCKER_HOST / DOCKER_CONTEXT")
    sdk_id = engine.client().info().get("ID")
    if cli_id != sdk_id:
        return Check(
            "CLI, same engine",
            False,
            f"the docker CLI reaches engine {cli_id[:12]}, the lab's SDK {str(sdk_id)[:12]}",
            "set DOCKER_HOST (or DOCKER_CONTEXT) so both agree",
        )
    return Check(
        "CLI, same engine", True, f"the docker CLI and Compose reach the same engine ({cli_id[:12]})"
    )


def _reachable_here(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def _traffic_path() -> Check:
    """A real request along the lab's own path: from inside a lab container's network namespace."""
    built = [v for v in (DEFAULT_UWSGI, ARTICLE_UWSGI) if images.image_exists(v)]
    if not built:
        return Check("traffic path", True, "not checked: no lab image yet", "build them: sandbox build")
    try:
        with LabStack(["plain"], uwsgi_version=built[0], sleep=0.01, publish=True) as stack:
            lab = stack.containers["plain"]
            (answer,) = traffic.fire_in(lab.container, "plain", [["/doctor"]], timeout=30)
            by_hand = _reachable_here(lab.host_port)
    except SandboxError as failure:
        return Check("traffic path", False, str(failure), failure.hint)
    if answer.status != 200:
        return Check(
            "traffic path", False, f"/doctor got no answer inside the lab container: {answer.error}", ""
        )
    port_note = (
        f"its published port 127.0.0.1:{lab.host_port} also answers here (curl by hand works)"
        if by_hand
        else "its published 127.0.0.1 port is not reachable from here, as expected when the engine is "
        "elsewhere (CI job container, DinD, remote engine): the lab does not need it"
    )
    took = (answer.client_end - answer.client_start) * 1000
    return Check(
        "traffic path",
        True,
        f"a request from inside the lab container's own namespace was answered by pid {answer.pid} "
        f"in {took:.0f} ms; {port_note}",
    )


def _compose() -> Check:
    try:
        argv = compose.compose_command()
    except SandboxError as failure:
        return Check("Compose v2", False, str(failure), failure.hint)
    return Check("Compose v2", True, " ".join(argv))


def _base_image() -> Check:
    for tag in (base_image.OFFICIAL_BASE, base_image.BOOTSTRAPPED_BASE):
        if base_image.image_present(tag):
            return Check("base image", True, f"{tag} is present")
    if shutil.which("debootstrap"):
        return Check(
            "base image",
            True,
            f"not present yet: pulled, or else bootstrapped with debootstrap from "
            f"{base_image.host_debian_mirror()} on first build",
        )
    return Check(
        "base image",
        True,
        f"not present yet: `sandbox build` pulls {base_image.OFFICIAL_BASE}",
        "no registry here? install debootstrap so the build can make one: apt-get install debootstrap",
    )


def _ca_bundle() -> Check:
    try:
        bundle = resolve_ca_bundle()
    except SandboxError as failure:
        return Check("CA bundle", False, str(failure), failure.hint)
    if bundle is None:
        return Check("CA bundle", True, "none (fine unless a proxy intercepts TLS: then --ca-bundle FILE)")
    return Check("CA bundle", True, f"{bundle.path} (from {bundle.source}), trusted by image builds")


def _lab_images() -> Check:
    built = [version for version in (DEFAULT_UWSGI, ARTICLE_UWSGI) if images.image_exists(version)]
    if built:
        return Check("lab images", True, "built for uWSGI " + ", ".join(built))
    return Check("lab images", True, "none built yet", "build them: sandbox build (or make setup)")


def run_checks() -> list[Check]:
    checks = [_engine(), _compose(), _ca_bundle()]
    if checks[0].ok:
        checks += [_same_engine(), _base_image(), _lab_images()]
        if checks[1].ok:
            checks.append(_traffic_path())
    return checks
