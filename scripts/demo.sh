#!/usr/bin/env bash
# The product's main job on a fresh machine: install, then build and transcribe the demo project.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh app
exec .venv/bin/ebcd demo "$@"
