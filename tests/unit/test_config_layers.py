"""`try --config`: reading the user's files and variables, reading uWSGI's own dump of what it
resolved, and what the lab passes on (runs/config.py). uWSGI itself resolves the config; the
integration tests run it."""

from __future__ import annotations

import pytest

from sandbox.errors import BadOption, ConfigUnreadable
from sandbox.runs import config

DUMP = """
;uWSGI instance configuration
[uwsgi]
processes = 4
ini = /tmp/sandbox-config/0.ini
chdir = /srv/mysite
module = mysite.wsgi:application
master = true
processes = 2
socket = /srv/run/mysite.sock
http-socket = /tmp/ok.sock
uid = www-data
daemonize = /var/log/uwsgi/mysite.log
vacuum = false
enable-thread = true
env = A=B = C
show-config = true
clock = sandbox-stop
;end of configuration

unable to set "sandbox-stop" clock
"""
KNOWN = frozenset(
    {"processes", "ini", "chdir", "module", "master", "socket", "http-socket", "uid", "daemonize", "vacuum", "env",
     "show-config", "clock"}
)  # fmt: skip


def test_the_dump_is_read_in_order_with_every_repeat():
    options = config.parse_dump(DUMP)
    assert options[:3] == [("processes", "4"), ("ini", "/tmp/sandbox-config/0.ini"), ("chdir", "/srv/mysite")]
    assert ("processes", "2") in options and ("env", "A=B = C") in options
    assert options[-1] == ("clock", "sandbox-stop")
    assert config.parse_dump("uwsgi: unrecognized option '--json'") == []


def test_what_the_lab_passes_on_and_why_each_change():
    argv, changes = config.lab_argv(config.parse_dump(DUMP), KNOWN)
    assert argv == [
        "--processes=4", "--master", "--processes=2", "--socket=/tmp/mysite.sock", "--http-socket=/tmp/ok.sock",
        "--env=A=B = C",
    ]  # fmt: skip
    assert changes == [
        "replaced chdir = /srv/mysite: the lab's app answers, so each request's process and thread show",
        "replaced module = mysite.wsgi:application: the lab's app answers, so each request's process and thread show",
        "moved socket = /srv/run/mysite.sock to /tmp/mysite.sock: the container can write only /tmp",
        "neutralised uid = www-data: the lab's unprivileged user runs uWSGI",
        "neutralised daemonize = /var/log/uwsgi/mysite.log: the log must reach the lab, not a file",
        "left out vacuum = false: off",
        "left out enable-thread = true: not an option of this uWSGI (a typo, or a placeholder), which uWSGI ignores",
    ]


def test_a_config_file_and_its_section(tmp_path):
    ini = tmp_path / "site.ini"
    ini.write_text("[uwsgi]\nprocesses = 2\n")
    plain = config.read_config(str(ini))
    assert (plain.section, plain.text) == (None, "[uwsgi]\nprocesses = 2\n")
    assert plain.argv(0) == ["--ini", "/tmp/sandbox-config/0.ini"]
    named = config.read_config(f"{ini}:prod")
    assert (named.path, named.section) == (ini, "prod") and named.argv(1) == [
        "--ini",
        "/tmp/sandbox-config/1.ini:prod",
    ]
    yaml = tmp_path / "site.YML"
    yaml.write_text("uwsgi:\n  processes: 2\n")
    assert config.read_config(str(yaml)).argv(2) == ["--yaml", "/tmp/sandbox-config/2.yml"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.ini", "no such file"),
        ("notes.txt", "not a config uWSGI reads"),
        ("folder.ini", "cannot read it"),
    ],
)
def test_a_config_that_cannot_be_read_is_one_clear_error(tmp_path, name, message):
    (tmp_path / "folder.ini").mkdir()
    (tmp_path / "notes.txt").write_text("processes = 2")
    with pytest.raises(ConfigUnreadable, match=message):
        config.read_config(str(tmp_path / name))


def test_the_environment_layers_file_first_then_each_env(tmp_path):
    env_file = tmp_path / "uwsgi.env"
    env_file.write_text("# the image's\nUWSGI_PROCESSES=16\nexport UWSGI_CHEAPER=2\n\n")
    assert config.read_env(["UWSGI_PROCESSES=4"], env_file) == {"UWSGI_PROCESSES": "4", "UWSGI_CHEAPER": "2"}
    assert config.read_env([], None) == {}
    for bad in ("PROCESSES=4", "UWSGI_PROCESSES"):
        with pytest.raises(BadOption, match="give UWSGI_NAME=VALUE"):
            config.read_env([bad], None)
    with pytest.raises(ConfigUnreadable, match="cannot read it"):
        config.read_env([], tmp_path / "nowhere.env")
