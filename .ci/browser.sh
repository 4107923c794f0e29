#!/usr/bin/env bash
# The HTML reports' tests open them in a real Chromium. On a Debian machine with root and no
# Chromium (this project's CI machines), install Debian's chromium (a browser download fails
# on a closed network) and a Korean font (the article's readers; without one Korean text is
# drawn as empty boxes). Anywhere else, say what to install and fail.
set -euo pipefail

browser=${SANDBOX_CHROMIUM:-/usr/bin/chromium}
if [ -x "$browser" ] && fc-list 2>/dev/null | grep -qi nanum; then
  echo "browser: $browser and a Korean font are there"
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "browser: the HTML tests need Chromium at $browser (or SANDBOX_CHROMIUM=/path) and a Korean" \
    "font; on Debian: sudo apt-get install chromium fonts-nanum" >&2
  exit 1
fi
echo "browser: installing chromium and fonts-nanum from Debian"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum >/dev/null
