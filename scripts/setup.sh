#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine (with Node.js) lacks to run the test suite:
# the Deno runtime from npm, the OS packages the operations tests use (Prometheus for promtool
# and the scrape test, docker-compose to validate the compose file without an engine), and the
# npm packages Deno caches, and make for the Makefile checks. Safe to run again: it skips what is
# there.
set -euo pipefail
cd "$(dirname "$0")/.."

DENO_VERSION=2.9.6
if ! command -v deno >/dev/null 2>&1 || [ "$(deno --version | head -n1 | cut -d' ' -f2)" != "$DENO_VERSION" ]; then
  echo "setup: installing deno $DENO_VERSION from npm"
  npm install -g "deno@$DENO_VERSION"
fi

apt_packages=()
command -v promtool >/dev/null 2>&1 || apt_packages+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || apt_packages+=(docker-compose)
command -v make >/dev/null 2>&1 || apt_packages+=(make)
if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${apt_packages[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi
# Debian's prometheus package starts a service on :9090 (the operator's default metrics port);
# the tests start their own Prometheus, so stop the packaged one when it runs.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
fi
pkill -x prometheus 2>/dev/null || true
pkill -f prometheus-node-exporter 2>/dev/null || true

echo "setup: caching Deno dependencies"
deno install --frozen >/dev/null
echo "setup: done"
