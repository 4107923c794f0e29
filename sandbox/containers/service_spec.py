"""A compose service, as `docker compose config` resolved it, turned into the body of the
engine's `POST /containers/create`: how a run starts its containers without starting compose.
The same body goes through the SDK (`APIClient.create_container_from_config`) or, before the SDK
is imported, straight to the engine's socket (socket_api.py).

compose.yaml stays the only place a container is described; this only translates. A run's
containers have no network (`network_mode: none`, see LabStack), so `networks`, `ports` and the
service's own `network_mode` are left out; `build` and `profiles` say nothing about a running
container. Any other setting this does not know is refused by name, so one added to compose.yaml
is never dropped silently, and tests/integration/test_service_spec.py checks every lab service
against what `docker compose create` itself makes of it.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from typing import Any

from sandbox.errors import ComposeSettingUnsupported

NOT_FOR_A_RUN = frozenset({"build", "profiles", "networks", "ports"})
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_NANOSECONDS = {"ns": 1, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9}


def nanoseconds(duration: str | int | float) -> int:
    """A compose duration ("2s", "1m30s", "500ms") in nanoseconds, as the engine counts."""
    if isinstance(duration, (int, float)):
        return int(duration * 1e9)
    parts = _DURATION.findall(duration)
    if not parts or "".join(number + unit for number, unit in parts) != duration:
        raise ComposeSettingUnsupported(
            f"'{duration}' is not a compose duration", "write it as 2s, 500ms or 1m30s"
        )
    return int(sum(float(number) * _NANOSECONDS[unit] for number, unit in parts))


def _healthcheck(check: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(check) - {"test", "interval", "timeout", "start_period", "retries", "disable"})
    if unknown:
        raise ComposeSettingUnsupported(
            f"compose.yaml's healthcheck sets {', '.join(unknown)}, which the lab cannot pass on"
        )
    translated: dict[str, Any] = {"Test": ["NONE"] if check.get("disable") else check["test"]}
    for key, field in (("interval", "Interval"), ("timeout", "Timeout"), ("start_period", "StartPeriod")):
        if key in check:
            translated[field] = nanoseconds(check[key])
    if "retries" in check:
        translated["Retries"] = int(check["retries"])
    return translated


# compose key -> (the engine API's field, how compose's value becomes the engine's).
# The container's own settings...
_CONTAINER: dict[str, tuple[str, Any]] = {
    "image": ("Image", str),
    "command": ("Cmd", list),
    "entrypoint": ("Entrypoint", list),
    "environment": ("Env", lambda env: [f"{k}={v}" for k, v in env.items() if v is not None]),
    "working_dir": ("WorkingDir", str),
    "user": ("User", str),
    "labels": ("Labels", dict),
    "stop_signal": ("StopSignal", str),
    "stop_grace_period": ("StopTimeout", lambda period: round(nanoseconds(period) / 1e9)),
    "healthcheck": ("Healthcheck", _healthcheck),
}
# ...and those of its host (the body's HostConfig).
_HOST: dict[str, tuple[str, Any]] = {
    "cap_add": ("CapAdd", list),
    "cap_drop": ("CapDrop", list),
    "security_opt": ("SecurityOpt", list),
    "read_only": ("ReadonlyRootfs", bool),
    "tmpfs": ("Tmpfs", lambda paths: {path: "" for path in paths}),
    "mem_limit": ("Memory", int),
    "cpus": ("NanoCpus", lambda cpus: int(float(cpus) * 1e9)),
    "pids_limit": ("PidsLimit", int),
    "sysctls": ("Sysctls", dict),
}


def create_body(service: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    """The engine's create body for one resolved service, with no network and `labels` added to
    the service's own."""
    unknown = sorted(set(service) - set(_CONTAINER) - set(_HOST) - NOT_FOR_A_RUN - {"network_mode"})
    if unknown:
        raise ComposeSettingUnsupported(
            f"compose.yaml sets {', '.join(unknown)}, which a run cannot pass to its containers",
            "add the setting to sandbox/containers/service_spec.py, or drop it from compose.yaml",
        )
    body: dict[str, Any] = {}
    host: dict[str, Any] = {"NetworkMode": "none"}
    for key, value in service.items():
        for table, into in ((_CONTAINER, body), (_HOST, host)):
            if key in table and value is not None:
                field, convert = table[key]
                into[field] = convert(value)
    body["Labels"] = {**body.get("Labels", {}), **labels}
    body["HostConfig"] = host
    return body


def _seconds(nanos: int) -> str:
    return f"{nanos / 1e9:g}s"


def shown(name: str, body: Mapping[str, Any]) -> list[str]:
    """The `docker run` line that makes the same container from the same create body, every
    setting spelled out, so a student can paste it (the `docker create` and `start` it stands
    for go to the engine's API)."""
    argv = ["docker", "run", "--detach", "--name", name]
    host = body.get("HostConfig", {})
    argv += ["--network", host.get("NetworkMode", "none")]
    for flag, field in (("--user", "User"), ("--workdir", "WorkingDir"), ("--stop-signal", "StopSignal")):
        if field in body:
            argv += [flag, str(body[field])]
    if "StopTimeout" in body:
        argv += ["--stop-timeout", str(body["StopTimeout"])]
    for variable in sorted(body.get("Env", [])):
        argv += ["--env", variable]
    for key, value in sorted(body.get("Labels", {}).items()):
        argv += ["--label", f"{key}={value}"]
    for capability in host.get("CapDrop", []):
        argv += ["--cap-drop", capability]
    for capability in host.get("CapAdd", []):
        argv += ["--cap-add", capability]
    for option in host.get("SecurityOpt", []):
        argv += ["--security-opt", option]
    if host.get("ReadonlyRootfs"):
        argv.append("--read-only")
    for path, options in sorted(host.get("Tmpfs", {}).items()):
        argv += ["--tmpfs", f"{path}:{options}" if options else path]
    if "Memory" in host:
        argv += ["--memory", f"{host['Memory']}b"]
    if "NanoCpus" in host:
        argv += ["--cpus", f"{host['NanoCpus'] / 1e9:g}"]
    if "PidsLimit" in host:
        argv += ["--pids-limit", str(host["PidsLimit"])]
    for key, value in sorted(host.get("Sysctls", {}).items()):
        argv += ["--sysctl", f"{key}={value}"]
    check = body.get("Healthcheck")
    if check and check.get("Test") == ["NONE"]:
        argv.append("--no-healthcheck")
    elif check:
        test = check["Test"]
        command = test[1] if test[0] == "CMD-SHELL" else shlex.join(test[1:])
        argv += ["--health-cmd", command]
        for flag, field in (("--health-interval", "Interval"), ("--health-timeout", "Timeout"),
                            ("--health-start-period", "StartPeriod")):  # fmt: skip
            if field in check:
                argv += [flag, _seconds(check[field])]
        if "Retries" in check:
            argv += ["--health-retries", str(check["Retries"])]
    if "Entrypoint" in body:
        entry, *rest = body["Entrypoint"]
        argv += ["--entrypoint", entry]
        return [*argv, body["Image"], *rest, *body.get("Cmd", [])]
    return [*argv, body["Image"], *body.get("Cmd", [])]
