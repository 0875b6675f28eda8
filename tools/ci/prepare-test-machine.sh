#!/usr/bin/env bash
# What the test suite needs beyond npm packages, installed only if missing:
# Debian's Chromium for the browser test (never a downloaded browser) and a loopback Redis.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' once" >&2
    exit 1
  fi
  echo "installing Debian's chromium for the browser test …" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi
