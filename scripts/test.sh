#!/usr/bin/env bash
# Install what the tests need, check the code's rules (ruff, import contracts, mypy outside
# the GUI), run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
.venv/bin/ruff check ebcd_app tests benchmarks tools
.venv/bin/lint-imports
.venv/bin/mypy ebcd_app
exec .venv/bin/python -m pytest "$@"
