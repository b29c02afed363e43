#!/usr/bin/env bash
# Remove the app installed by install.sh. Projects, settings and backups are left alone.
set -euo pipefail
prefix=${PREFIX:-$HOME/.local}
rm -rf "$prefix/opt/ebcd-studio"
rm -f "$prefix/bin/ebcd" "${XDG_DATA_HOME:-$HOME/.local/share}/applications/ebcd-studio.desktop" \
      "${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps/ebcd-studio.png"
echo "EBCD Studio is removed; your projects are where you left them."
