#!/usr/bin/env bash
# Make sure a Docker engine answers. On a Debian machine with root and no engine (this
# project's CI machines), install Debian's docker.io and start dockerd; an engine that already
# answers (a user's CI, a laptop) is never touched. Also installs debootstrap there, which the
# build needs when no container registry is reachable.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  echo "engine: a Docker engine already answers; leaving it alone"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "engine: no Docker engine answers. Start one (e.g. 'sudo systemctl start docker'), then retry." >&2
  exit 1
fi
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  echo "engine: installing docker.io and debootstrap from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
fi
echo "engine: starting dockerd (log: /var/log/dockerd.log)"
nohup dockerd >/var/log/dockerd.log 2>&1 &
for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then
    echo "engine: dockerd answers ($(docker info --format '{{.ServerVersion}}'))"
    exit 0
  fi
  sleep 0.5
done
echo "engine: dockerd did not answer within 60 s; last log lines:" >&2
tail -n 20 /var/log/dockerd.log >&2
exit 1
