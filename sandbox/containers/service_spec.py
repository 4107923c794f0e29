"""A compose service, as `docker compose config` resolved it, turned into the arguments of the
Docker SDK's `APIClient.create_container`: how a run starts its containers without starting
compose.

compose.yaml stays the only place a container is described; this only translates. A run's
containers have no network (`network_mode: none`, see LabStack), so `networks`, `ports` and the
service's own `network_mode` are left out; `build` and `profiles` say nothing about a running
container. Any other setting this does not know is refused by name, so one added to compose.yaml
is never dropped silently, and tests/integration/test_service_spec.py checks every lab service
against what `docker compose create` itself makes of it.
"""

from __future__ import annotations

import re
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
    translated: dict[str, Any] = {"test": ["NONE"] if check.get("disable") else check["test"]}
    for key in ("interval", "timeout", "start_period"):
        if key in check:
            translated[key] = nanoseconds(check[key])
    if "retries" in check:
        translated["retries"] = int(check["retries"])
    return translated


# compose key -> (the engine API's keyword, how the value becomes what the SDK takes).
# The container's own settings (`APIClient.create_container`)...
_CONTAINER: dict[str, tuple[str, Any]] = {
    "image": ("image", str),
    "command": ("command", list),
    "entrypoint": ("entrypoint", list),
    "environment": ("environment", lambda env: {k: v for k, v in env.items() if v is not None}),
    "working_dir": ("working_dir", str),
    "user": ("user", str),
    "labels": ("labels", dict),
    "stop_signal": ("stop_signal", str),
    "stop_grace_period": ("stop_timeout", lambda period: round(nanoseconds(period) / 1e9)),
    "healthcheck": ("healthcheck", _healthcheck),
}
# ...and those of its host (`APIClient.create_host_config`).
_HOST: dict[str, tuple[str, Any]] = {
    "cap_add": ("cap_add", list),
    "cap_drop": ("cap_drop", list),
    "security_opt": ("security_opt", list),
    "read_only": ("read_only", bool),
    "tmpfs": ("tmpfs", lambda paths: {path: "" for path in paths}),
    "mem_limit": ("mem_limit", int),
    "cpus": ("nano_cpus", lambda cpus: int(float(cpus) * 1e9)),
    "pids_limit": ("pids_limit", int),
    "sysctls": ("sysctls", dict),
}


def create_kwargs(name: str, service: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, Any]:
    """`APIClient.create_container(**kwargs)` for one resolved service, with no network and
    `labels` added to the service's own; `kwargs["host_config"]` is for `create_host_config`."""
    unknown = sorted(set(service) - set(_CONTAINER) - set(_HOST) - NOT_FOR_A_RUN - {"network_mode"})
    if unknown:
        raise ComposeSettingUnsupported(
            f"compose.yaml sets {', '.join(unknown)}, which a run cannot pass to its containers",
            "add the setting to sandbox/containers/service_spec.py, or drop it from compose.yaml",
        )
    kwargs: dict[str, Any] = {"name": name, "detach": True}
    host: dict[str, Any] = {"network_mode": "none"}
    for key, value in service.items():
        for table, into in ((_CONTAINER, kwargs), (_HOST, host)):
            if key in table and value is not None:
                keyword, convert = table[key]
                into[keyword] = convert(value)
    kwargs["labels"] = {**kwargs.get("labels", {}), **labels}
    kwargs["host_config"] = host
    return kwargs


def shown(kwargs: Mapping[str, Any]) -> list[str]:
    """The `docker run` line a person would type for the same container (settings that only
    bound or label it are summed up as "...", not spelled out)."""
    argv = ["docker", "run", "--detach", "--name", kwargs["name"], "--network", "none"]
    if "user" in kwargs:
        argv += ["--user", kwargs["user"]]
    if "working_dir" in kwargs:
        argv += ["--workdir", kwargs["working_dir"]]
    for variable, value in sorted(kwargs.get("environment", {}).items()):
        argv += ["--env", f"{variable}={value}"]
    argv.append("...")  # limits, labels, healthcheck: compose.yaml's, as resolved
    return [*argv, kwargs["image"], *kwargs.get("command", [])]
