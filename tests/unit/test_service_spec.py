"""compose's resolved service -> the engine's create body (containers/service_spec.py).
tests/integration/test_service_spec.py compares the result with `docker compose create`."""

import pytest

from sandbox.containers.service_spec import create_body, nanoseconds, shown
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
    body = create_body(SERVICE, {"io.uwsgi-sandbox.run": "abc", "extra": "x"})
    host = body.pop("HostConfig")
    assert body == {
        "Image": "uwsgi-sandbox:2.0.31",
        "Cmd": ["uwsgi", "--http", ":18000"],
        "Env": ["SANDBOX_SLEEP=1"],
        "WorkingDir": "/srv/apps/plain",
        "User": "10001:10001",
        # the caller's labels win: the run id replaces compose.yaml's "by-hand"
        "Labels": {"io.uwsgi-sandbox.run": "abc", "io.uwsgi-sandbox.lab": "true", "extra": "x"},
        "StopSignal": "SIGINT",
        "StopTimeout": 3,
        "Healthcheck": {
            "Test": ["CMD", "true"],
            "Interval": 2_000_000_000,
            "Timeout": 500_000_000,
            "Retries": 15,
        },
    }
    assert host == {
        "NetworkMode": "none",  # a run's containers have loopback only: no port is published
        "CapDrop": ["ALL"],
        "SecurityOpt": ["no-new-privileges:true"],
        "ReadonlyRootfs": True,
        "Tmpfs": {"/tmp": ""},
        "Memory": 805306368,
        "NanoCpus": 1_500_000_000,
        "PidsLimit": 256,
        "Sysctls": {"net.core.somaxconn": "64"},
    }


def test_a_service_s_own_network_mode_never_wins_over_none():
    body = create_body({**SERVICE, "network_mode": "bridge"}, {})
    assert body["HostConfig"]["NetworkMode"] == "none"


@pytest.mark.parametrize("setting", ["volumes", "devices", "privileged", "init"])
def test_a_setting_it_cannot_pass_on_is_refused_by_name(setting):
    with pytest.raises(ComposeSettingUnsupported, match=setting):
        create_body({**SERVICE, setting: ["x"]}, {})


def test_a_healthcheck_setting_it_cannot_pass_on_is_refused_by_name():
    with pytest.raises(ComposeSettingUnsupported, match="start_interval"):
        create_body({**SERVICE, "healthcheck": {"test": ["CMD", "true"], "start_interval": "1s"}}, {})
    disabled = create_body({**SERVICE, "healthcheck": {"disable": True}}, {})
    assert disabled["Healthcheck"] == {"Test": ["NONE"]}


def test_the_shown_line_is_the_docker_run_a_person_would_type():
    """Every setting spelled out, nothing elided: it can be pasted (the integration test does)."""
    assert shown("p-plain-1", create_body(SERVICE, {})) == [
        "docker", "run", "--detach", "--name", "p-plain-1", "--network", "none", "--user", "10001:10001",
        "--workdir", "/srv/apps/plain", "--stop-signal", "SIGINT", "--stop-timeout", "3",
        "--env", "SANDBOX_SLEEP=1", "--label", "io.uwsgi-sandbox.lab=true", "--label", "io.uwsgi-sandbox.run=by-hand",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true", "--read-only", "--tmpfs", "/tmp",
        "--memory", "805306368b", "--cpus", "1.5", "--pids-limit", "256", "--sysctl", "net.core.somaxconn=64",
        "--health-cmd", "true", "--health-interval", "2s", "--health-timeout", "0.5s", "--health-retries", "15",
        "uwsgi-sandbox:2.0.31", "uwsgi", "--http", ":18000",
    ]  # fmt: skip
    assert "..." not in shown("p-plain-1", create_body({**SERVICE, "healthcheck": {"disable": True}}, {}))
