"""The real public configs of examples/configs, each run by `sandbox try --config` on both
default versions: uWSGI resolves each, and every request is answered by one of its workers."""

import json

import pytest

from sandbox.settings import ARTICLE_UWSGI, DEFAULT_UWSGI
from tests.integration.helpers import PROJECT, sandbox

pytestmark = pytest.mark.docker

CONFIGS = PROJECT / "examples" / "configs"
EXAMPLES = {
    "django-docs": ["--config", str(CONFIGS / "django-docs.ini")],
    "django-nginx-tutorial": ["--config", str(CONFIGS / "django-nginx-tutorial.ini")],
    "wsgi-quickstart": ["--config", str(CONFIGS / "wsgi-quickstart.ini")],
    "grafana-oncall": ["--config", str(CONFIGS / "grafana-oncall.ini")],
    "tiangolo": [
        "--env-file", str(CONFIGS / "tiangolo" / "uwsgi.env"),
        "--config", str(CONFIGS / "tiangolo" / "app.ini"),
        "--config", str(CONFIGS / "tiangolo" / "uwsgi.ini"),
    ],
}  # fmt: skip


def test_every_example_file_is_run_here():
    files = {path.relative_to(CONFIGS).as_posix() for path in CONFIGS.rglob("*") if path.is_file()}
    given = {
        (CONFIGS / arg).relative_to(CONFIGS).as_posix() for args in EXAMPLES.values() for arg in args[1::2]
    }
    assert files == given


@pytest.mark.parametrize("version", [DEFAULT_UWSGI, ARTICLE_UWSGI])
@pytest.mark.parametrize("name", EXAMPLES)
def test_each_public_config_runs_in_the_lab(lab_images, name, version):
    done = sandbox("try", "--sleep", "0.5", "--uwsgi", version, "--json", *EXAMPLES[name], timeout=180)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    workers = {p["pid"] for p in data["processes"] if p["role"].startswith("worker")}
    assert workers, data["pstree"]
    assert [r["status"] for r in data["requests"]] == [200, 200], data["requests"]
    assert all(r["pid"] in workers for r in data["requests"])
    assert "resolved" in done.stderr  # the resolved options are shown
