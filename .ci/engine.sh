#!/usr/bin/env bash
# Make sure a Docker engine answers. On a Debian machine with root and no engine (this
# project's CI machines), install Debian's docker.io and start dockerd; an engine that already
# answers (a user's CI, a laptop) is never touched. Also installs debootstrap there, which the
# build needs when no container registry is reachable.
set -euo pipefail

pidfile=/var/run/docker.pid
log=/var/log/dockerd.log

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

# A dockerd that was just stopped may still be exiting, and one that was killed leaves its pid
# file behind; either way a new dockerd refuses to start ("pid file found").
is_dockerd() { [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = dockerd ]; }
if [ -f "$pidfile" ]; then
  old=$(cat "$pidfile" 2>/dev/null || true)
  if is_dockerd "$old"; then
    echo "engine: dockerd (pid $old) is still shutting down; waiting for it"
    for _ in $(seq 1 60); do is_dockerd "$old" || break; sleep 0.5; done
    if is_dockerd "$old"; then
      echo "engine: dockerd (pid $old) runs but does not answer; stop it, then retry" >&2
      exit 1
    fi
  fi
  rm -f "$pidfile"
  echo "engine: removed a stale $pidfile"
fi

echo "engine: starting dockerd (log: $log)"
nohup dockerd >"$log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then
    echo "engine: dockerd answers ($(docker info --format '{{.ServerVersion}}'))"
    exit 0
  fi
  if ! kill -0 "$dockerd_pid" 2>/dev/null; then
    break  # it died: say why now rather than after the whole wait
  fi
  sleep 0.5
done
echo "engine: dockerd did not start; last log lines:" >&2
grep -v 'level=info' "$log" | tail -n 20 >&2
exit 1
