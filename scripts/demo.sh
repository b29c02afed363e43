#!/usr/bin/env bash
# The product's main job on a fresh machine: install, then open the desktop app on the demo
# project (with a display), or build and transcribe the demo project headless (without one).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh app
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${EBCD_HEADLESS:-}" != 1 ]; then
    exec .venv/bin/ebcd gui --demo "$@"
fi
exec .venv/bin/ebcd demo "$@"
