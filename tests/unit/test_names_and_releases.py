"""What a class types: scenarios by claim id, the nearest name for a typo, -q after the command,
and a uWSGI version checked against a package index (a real HTTP server on loopback)."""

from __future__ import annotations

import http.server
import threading

import pytest

from sandbox import catalog, cli
from sandbox.containers import releases
from sandbox.errors import BadOption, UnknownName


@pytest.mark.parametrize(
    ("typed", "name"), [("C4", "threads"), ("c4", "threads"), ("L1", "sigterm"), ("g1", "gunicorn-timeout")]
)
def test_a_claim_or_lesson_id_runs_its_scenario(typed, name):
    assert catalog.find(typed).name == name


def test_every_claim_id_finds_its_own_scenario():
    for scenario in catalog.SCENARIOS:
        assert catalog.find(scenario.claim) is scenario and catalog.find(scenario.name) is scenario


@pytest.mark.parametrize(("typed", "near"), [("thread", "threads"), ("sigtem", "sigterm")])
def test_a_wrong_name_suggests_the_nearest(typed, near):
    with pytest.raises(UnknownName) as refused:
        catalog.find(typed)
    assert f"'{near}'" in refused.value.hint


def test_nothing_near_points_to_the_list():
    with pytest.raises(UnknownName) as refused:
        catalog.find("zzzzzz")
    assert "sandbox list" in refused.value.hint and "did you mean" not in refused.value.hint


@pytest.mark.parametrize(
    ("args", "hoisted"),
    [
        (["run", "threads", "-q"], ["-q", "run", "threads"]),
        (["run", "C4", "--debug", "--sleep", "1"], ["--debug", "run", "C4", "--sleep", "1"]),
        (["-q", "list"], ["-q", "list"]),
        (["try", "--sleep", "1", "--", "--processes", "2", "-q"], ["try", "--sleep", "1", "--", "--processes", "2", "-q"]),
    ],
)  # fmt: skip
def test_global_flags_work_after_the_command_but_never_past_dashdash(args, hoisted):
    assert cli.hoisted(args) == hoisted


INDEX = (
    '<a href="/p/uWSGI-2.0.21.tar.gz">uWSGI-2.0.21.tar.gz</a>\n'
    '<a href="/p/uwsgi-2.0.31.tar.gz">uwsgi-2.0.31.tar.gz</a>\n'
    '<a href="/p/uwsgi-2.0.tar.gz">uwsgi-2.0.tar.gz</a>\n'
)


@pytest.fixture
def index_url():
    """A simple index on loopback that lists three releases."""

    class Index(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = INDEX.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Index)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/simple/uwsgi/"
    server.shutdown()


def test_the_index_lists_releases_whatever_the_case_of_their_names():
    assert releases.releases_in(INDEX) == {"2.0.21", "2.0.31", "2.0"}


def test_a_release_on_the_index_is_accepted(index_url):
    releases.check_released("2.0", index_url)
    releases.check_released("2.0.21", index_url)


def test_a_version_never_released_is_one_line_naming_the_newest(index_url):
    with pytest.raises(BadOption) as refused:
        releases.check_released("2.0.99", index_url)
    assert "2.0.99 is not a release" in str(refused.value) and "newest is 2.0.31" in str(refused.value)


def test_an_index_that_does_not_answer_decides_nothing():
    # port 9 on loopback: nothing listens, the connection is refused at once
    assert releases.released("http://127.0.0.1:9/simple/uwsgi/") is None
    releases.check_released("2.0.99", "http://127.0.0.1:9/simple/uwsgi/")
