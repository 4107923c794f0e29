"""Offline classrooms: export every lab image into one archive, remove one, import, run."""

from __future__ import annotations

import json

import pytest

from sandbox.containers import archive, engine, images
from tests.integration.helpers import sandbox

pytestmark = pytest.mark.docker
VERSION = "2.0.21"


def test_export_then_import_round_trips_and_the_scenario_runs(lab_images, tmp_path):
    images.ensure_controller_image()
    client = engine.client()
    tag = images.tag_for(VERSION)
    before = client.images.get(tag).id
    path = tmp_path / "lab-images.tar.gz"
    exported = sandbox("export", str(path), timeout=900)
    assert exported.returncode == 0, exported.stderr
    expected = set(archive.lab_images())
    assert {tag, "uwsgi-sandbox-controller:latest"} <= expected
    assert path.stat().st_size > 50e6
    try:
        client.images.remove(tag, force=True)
        assert not images.image_exists(VERSION)
        imported = sandbox("import", str(path), timeout=900)
        assert imported.returncode == 0, imported.stderr
        assert client.images.get(tag).id == before  # the very image, not a rebuild
        for name in expected:
            assert name in imported.stderr
        done = sandbox("run", "default", "--sleep", "1", "--uwsgi", VERSION, "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["claims"][0]["verdict"] == "holds"
    finally:
        images.ensure_image(VERSION)  # whatever happened, later tests find the image


def test_importing_something_else_is_one_clear_line(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    done = sandbox("import", str(junk))
    assert done.returncode == 8 and "Traceback" not in done.stderr
    assert "engine refused it" in done.stderr
    missing = sandbox("import", str(tmp_path / "absent.tar.gz"))
    assert missing.returncode == 8 and "no such archive" in missing.stderr
