"""`sandbox try --config`: an engineer's own uWSGI config, resolved by the uWSGI of the lab image
and run in the lab, with its layers in uWSGI's order and its bad inputs named in one line."""

import json

import pytest

from tests.integration.helpers import has_own_traceback, leftovers, new_session, sandbox

pytestmark = pytest.mark.docker

DJANGO_SITE = """[uwsgi]
chdir = /srv/mysite
module = mysite.wsgi:application
master = true
processes = 2
threads = 2
socket = /tmp/mysite.sock
uid = www-data
daemonize = /var/log/uwsgi/mysite.log
vacuum = true
"""


def _run(tmp_path, *args, session=None, **env):
    return sandbox("try", "--sleep", "0.5", "--json", *args, session=session, **env)


def test_a_django_sites_ini_runs_on_the_lab_app_through_its_uwsgi_socket(lab_images, tmp_path):
    ini = tmp_path / "mysite.ini"
    ini.write_text(DJANGO_SITE)
    done = _run(tmp_path, "--config", str(ini))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["endpoint"] == {"protocol": "uwsgi", "port": None, "unix": "/tmp/mysite.sock"}
    roles = [process["role"] for process in data["processes"]]
    assert roles.count("master") == 1 and sorted(r for r in roles if r.startswith("worker")) == [
        "worker 1",
        "worker 2",
    ]
    assert all(p["cores"] == 2 for p in data["processes"] if p["role"].startswith("worker"))
    workers = {p["pid"] for p in data["processes"] if p["role"].startswith("worker")}
    assert [r["status"] for r in data["requests"]] == [200, 200]
    assert all(r["pid"] in workers for r in data["requests"])
    for said in ("replaced module = mysite.wsgi:application", "replaced chdir = /srv/mysite",
                 "neutralised uid = www-data", "neutralised daemonize = /var/log/uwsgi/mysite.log"):  # fmt: skip
        assert said in done.stderr
        assert said in " ".join(data["config"]["changes"])  # and in the run itself
    assert ["processes", "2"] in data["config"]["options"] and data["config"]["sources"] == [str(ini)]
    # Saved and judged again (offline, with a page): the config and the socket the requests used.
    saved = tmp_path / "try.json"
    saved.write_text(done.stdout)
    page = tmp_path / "try.html"
    again = sandbox("judge", str(saved), "--html", str(page))
    assert again.returncode == 0, again.stderr
    assert "Your config" in again.stdout and "neutralised uid = www-data" in again.stdout
    assert "the uwsgi protocol on UNIX socket /tmp/mysite.sock" in again.stdout
    shown = page.read_text()
    assert "<code>processes</code>" in shown and "neutralised daemonize" in shown


def _workers(done) -> int:
    assert done.returncode == 0, done.stderr
    return sum(1 for p in json.loads(done.stdout)["processes"] if p["role"].startswith("worker"))


def test_layers_resolve_in_uwsgis_order_environment_files_then_options(lab_images, tmp_path):
    none, two = tmp_path / "none.ini", tmp_path / "two.ini"
    none.write_text("[uwsgi]\nmaster = true\n")
    two.write_text("[uwsgi]\nmaster = true\nprocesses = 2\n")
    assert _workers(_run(tmp_path, "--config", str(none), "--env", "UWSGI_PROCESSES=4")) == 4
    assert _workers(_run(tmp_path, "--config", str(two), "--env", "UWSGI_PROCESSES=4")) == 2
    assert (
        _workers(_run(tmp_path, "--config", str(two), "--env", "UWSGI_PROCESSES=4", "--", "--processes", "3"))
        == 3
    )
    assert _workers(_run(tmp_path, "--config", str(none), "--config", str(two))) == 2


@pytest.mark.parametrize(
    ("files", "spec", "code", "words"),
    [
        ({}, "missing.ini", 15, "no such file"),
        ({"broken.xml": "<uwsgi><processes>2</uwsgi>"}, "broken.xml", 16, "unable to parse xml file: mismatched tag"),
        ({"two.ini": "[uwsgi]\nprocesses = 2\n"}, "two.ini:prod", 17, "found no section 'prod'"),
        ({"cheap.ini": "[uwsgi]\nmaster = true\nprocesses = 2\ncheaper = 2\n"}, "cheap.ini", 18, "invalid cheaper"),
    ],
)  # fmt: skip
def test_a_bad_config_is_one_line_and_leaves_nothing(lab_images, tmp_path, files, spec, code, words):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    session = new_session()
    done = _run(tmp_path, "--config", str(tmp_path / spec), session=session)
    assert done.returncode == code, done.stderr
    assert words in done.stderr and not has_own_traceback(done.stderr)
    assert leftovers(session) == []


def test_a_config_that_never_becomes_ready_is_its_own_error(lab_images, tmp_path):
    (tmp_path / "slow.ini").write_text("[uwsgi]\nexec-asap = sleep 8\n")
    session = new_session()
    done = _run(tmp_path, "--config", str(tmp_path / "slow.ini"), session=session, SANDBOX_READY_TIMEOUT="3")
    assert done.returncode == 19, done.stderr
    assert "never became ready" in done.stderr and not has_own_traceback(done.stderr)
    assert leftovers(session) == []
