"""Shared pytest set-up: the `docker` marker and the real-engine fixtures.

Tests marked `docker` need a real engine and the lab images. Without an engine they are
skipped on a laptop, but under CI (CI=true) they FAIL: CI must never pass by skipping them.
After the whole session, no container or network that a test run started may remain.
"""

import os
import uuid

import pytest

from sandbox.errors import SandboxError
from sandbox.settings import ARTICLE_UWSGI, DEFAULT_UWSGI

VERSIONS = (DEFAULT_UWSGI, ARTICLE_UWSGI)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Stamped (through compose.yaml) on everything this test session starts, CLI subprocesses
# included, so the leftover check below sees only this session's objects, not a concurrent run's.
SESSION = os.environ.setdefault("SANDBOX_SESSION", f"pytest-{uuid.uuid4().hex[:8]}")
SESSION_LABEL = f"io.uwsgi-sandbox.session={SESSION}"


@pytest.fixture(scope="session")
def engine_client():
    from sandbox.containers import engine

    try:
        return engine.client()
    except SandboxError as failure:
        message = f"no Docker engine: {failure}"
        if IN_CI:
            pytest.fail(message + " (CI=true: integration tests must run)")
        pytest.skip(message)


@pytest.fixture(scope="session")
def lab_images(engine_client):
    """Both lab images, built if missing (a warm machine reuses them)."""
    from sandbox.containers import images

    return {version: images.ensure_image(version) for version in VERSIONS}


def _lab_objects(client) -> list[str]:
    found = [
        f"container {c.name}" for c in client.containers.list(all=True, filters={"label": SESSION_LABEL})
    ]
    found += [f"network {n.name}" for n in client.networks.list(filters={"label": SESSION_LABEL})]
    return found


@pytest.fixture(scope="session", autouse=True)
def nothing_left_behind(request):
    """Checked once, after the last test: every run removed what it started."""
    yield
    if not any(item.get_closest_marker("docker") for item in request.session.items):
        return
    from sandbox.containers import cleanup, engine

    cleanup.wait_for_removals()  # what the CLI does before it exits
    try:
        client = engine.client()
    except SandboxError:
        return
    leftovers = _lab_objects(client)
    assert not leftovers, f"the test session left lab objects behind: {leftovers}"
