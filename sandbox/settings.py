"""Where the lab's own files live, and its fixed names."""

from __future__ import annotations

import os
from pathlib import Path

#: The checkout holding compose.yaml, docker/ and apps/ (the package is installed editable).
PROJECT_ROOT = Path(os.environ.get("SANDBOX_HOME", Path(__file__).resolve().parent.parent))
COMPOSE_FILE = PROJECT_ROOT / "compose.yaml"
DOCKERFILE = PROJECT_ROOT / "docker" / "Dockerfile"

IMAGE_REPOSITORY = "uwsgi-sandbox"
DEFAULT_UWSGI = "2.0.31"
ARTICLE_UWSGI = "2.0.21"
#: Label on everything the lab starts; its value is the run id, so a crash can be reaped.
RUN_LABEL = "io.uwsgi-sandbox.run"
LAB_LABEL = "io.uwsgi-sandbox.lab"
#: On every image the lab builds (value: the compose service it was built for), never on a
#: container: `sandbox down` must not take the controller's own container for a lab one.
IMAGE_LABEL = "io.uwsgi-sandbox.image"
#: On every image the lab builds: a digest of what it was built from (images.inputs_digest).
INPUTS_LABEL = "io.uwsgi-sandbox.inputs"
#: Set by a test session (or any caller) to find exactly what it started.
SESSION_LABEL = "io.uwsgi-sandbox.session"
#: The container port every scenario serves on (the article's).
APP_PORT = 18000
