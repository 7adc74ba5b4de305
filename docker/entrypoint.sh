#!/bin/sh
# Stable container entrypoint: the first argument names the process, the rest is passed through.
# Kept small on purpose so `docker run <image> <service> [flags]` stays the same across releases.
set -eu

# The application directory is the parent of this script's directory (/app in the image), so
# the same script also runs from a checkout (tests/ops does that).
app_dir="$(cd "$(dirname "$0")/.." && pwd)"

usage() {
  cat <<'TXT'
usage: <image> <service> [args...]
  aggregator   deno run aggregator.ts   (task generator + BLS aggregation + JSON-RPC)
  operator     deno run operator.ts     (signs task responses)
  challenger   deno run challenger.ts   (challenges wrong responses)
  cli          deno run cli.ts          (operator setup, status, update-stakes ...)
  deploy       deno run docker/deploy.ts (deploy EigenLayer + AVS to --rpc-url, write --out)
  chain        deno run scripts/chain.ts (own anvil + deployment, for local use)
  start        deno run start.ts        (whole local stack in one process)
  healthcheck  <url>                    (exit 0 when the URL answers 2xx)
TXT
}

service="${1:-help}"
[ "$#" -gt 0 ] && shift

case "$service" in
  aggregator | operator | challenger | cli | start)
    exec deno run -A "${app_dir}/${service}.ts" "$@"
    ;;
  deploy)
    exec deno run -A "${app_dir}/docker/deploy.ts" "$@"
    ;;
  chain)
    exec deno run -A "${app_dir}/scripts/chain.ts" "$@"
    ;;
  healthcheck)
    exec deno run --allow-net "${app_dir}/docker/healthcheck.ts" "$@"
    ;;
  help | -h | --help)
    usage
    ;;
  *)
    echo "unknown service: ${service}" >&2
    usage >&2
    exit 2
    ;;
esac
