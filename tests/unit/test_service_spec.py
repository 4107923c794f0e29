"""compose's resolved service -> the SDK's create arguments (containers/service_spec.py).
tests/integration/test_service_spec.py compares the result with `docker compose create`."""

import pytest

from sandbox.containers.service_spec import create_kwargs, nanoseconds, shown
from sandbox.errors import ComposeSettingUnsupported

SERVICE = {
    "image": "uwsgi-sandbox:2.0.31",
    "command": ["uwsgi", "--http", ":18000"],
    "entrypoint": None,
    "environment": {"SANDBOX_SLEEP": "1", "UNSET": None},
    "working_dir": "/srv/apps/plain",
    "user": "10001:10001",
    "labels": {"io.uwsgi-sandbox.run": "by-hand", "io.uwsgi-sandbox.lab": "true"},
    "cap_drop": ["ALL"],
    "security_opt": ["no-new-privileges:true"],
    "read_only": True,
    "tmpfs": ["/tmp"],
    "mem_limit": "805306368",
    "cpus": 1.5,
    "pids_limit": 256,
    "sysctls": {"net.core.somaxconn": "64"},
    "stop_signal": "SIGINT",
    "stop_grace_period": "3s",
    "healthcheck": {"test": ["CMD", "true"], "interval": "2s", "timeout": "500ms", "retries": 15},
    "build": {"context": "."},
    "profiles": ["lab"],
    "networks": {"default": None},
    "ports": [{"target": 18000, "host_ip": "127.0.0.1"}],
}


@pytest.mark.parametrize(
    ("duration", "expected"),
    [("2s", 2e9), ("500ms", 5e8), ("1m30s", 90e9), ("1.5s", 1.5e9), ("1h", 3600e9), ("10us", 1e4), (3, 3e9)],
)
def test_a_compose_duration_in_nanoseconds(duration, expected):
    assert nanoseconds(duration) == int(expected)


@pytest.mark.parametrize("duration", ["", "2", "2 s", "s", "2sx", "x2s", "2d"])
def test_a_duration_that_is_not_one_is_refused(duration):
    with pytest.raises(ComposeSettingUnsupported):
        nanoseconds(duration)


def test_every_setting_lands_where_the_engine_takes_it():
    kwargs = create_kwargs("p-plain-1", SERVICE, {"io.uwsgi-sandbox.run": "abc", "extra": "x"})
    host = kwargs.pop("host_config")
    assert kwargs == {
        "name": "p-plain-1",
        "detach": True,
        "image": "uwsgi-sandbox:2.0.31",
        "command": ["uwsgi", "--http", ":18000"],
        "environment": {"SANDBOX_SLEEP": "1"},
        "working_dir": "/srv/apps/plain",
        "user": "10001:10001",
        # the caller's labels win: the run id replaces compose.yaml's "by-hand"
        "labels": {"io.uwsgi-sandbox.run": "abc", "io.uwsgi-sandbox.lab": "true", "extra": "x"},
        "stop_signal": "SIGINT",
        "stop_timeout": 3,
        "healthcheck": {
            "test": ["CMD", "true"],
            "interval": 2_000_000_000,
            "timeout": 500_000_000,
            "retries": 15,
        },
    }
    assert host == {
        "network_mode": "none",  # a run's containers have loopback only: no port is published
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges:true"],
        "read_only": True,
        "tmpfs": {"/tmp": ""},
        "mem_limit": 805306368,
        "nano_cpus": 1_500_000_000,
        "pids_limit": 256,
        "sysctls": {"net.core.somaxconn": "64"},
    }


def test_a_service_s_own_network_mode_never_wins_over_none():
    kwargs = create_kwargs("n", {**SERVICE, "network_mode": "bridge"}, {})
    assert kwargs["host_config"]["network_mode"] == "none"


@pytest.mark.parametrize("setting", ["volumes", "devices", "privileged", "init"])
def test_a_setting_it_cannot_pass_on_is_refused_by_name(setting):
    with pytest.raises(ComposeSettingUnsupported, match=setting):
        create_kwargs("n", {**SERVICE, setting: ["x"]}, {})


def test_a_healthcheck_setting_it_cannot_pass_on_is_refused_by_name():
    with pytest.raises(ComposeSettingUnsupported, match="start_interval"):
        create_kwargs("n", {**SERVICE, "healthcheck": {"test": ["CMD", "true"], "start_interval": "1s"}}, {})
    disabled = create_kwargs("n", {**SERVICE, "healthcheck": {"disable": True}}, {})
    assert disabled["healthcheck"] == {"test": ["NONE"]}


def test_the_shown_line_is_the_docker_run_a_person_would_type():
    assert shown(create_kwargs("p-plain-1", SERVICE, {})) == [
        "docker", "run", "--detach", "--name", "p-plain-1", "--network", "none", "--user", "10001:10001",
        "--workdir", "/srv/apps/plain", "--env", "SANDBOX_SLEEP=1", "...", "uwsgi-sandbox:2.0.31",
        "uwsgi", "--http", ":18000",
    ]  # fmt: skip
