#!/usr/bin/env bash
# Install what EBCD Studio needs on a fresh Debian/Ubuntu machine with Python >= 3.11:
# system packages (when run as root or with sudo), a virtual environment in .venv, and the
# Python packages, Whisper model included. Safe to run again: it skips what is done.
#   scripts/bootstrap.sh          the app
#   scripts/bootstrap.sh test     the app plus what the tests need (espeak-ng, pytest, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-app}

say() { printf '[setup] %s\n' "$*" >&2; }

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    say "EBCD Studio needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))"; exit 1
fi

apt_packages=()
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || apt_packages+=(python3-venv)
if [ "$mode" = test ]; then
    command -v espeak-ng >/dev/null || apt_packages+=(espeak-ng)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    if ! command -v apt-get >/dev/null || { [ -n "$sudo" ] && ! command -v sudo >/dev/null; }; then
        say "please install: ${apt_packages[*]}"; exit 1
    fi
    say "installing system packages: ${apt_packages[*]}"
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
        "${apt_packages[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    say "creating the virtual environment in .venv"
    "$PYTHON" -m venv .venv
fi
extras=""
[ "$mode" = test ] && extras="[test]"
stamp=".venv/.stamp-$mode-$(cat pyproject.toml scripts/bootstrap.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    say "installing Python packages (first run: a few minutes, about 450 MB)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".$extras"
    touch "$stamp"
fi
