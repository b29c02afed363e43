#!/usr/bin/env bash
# Install EBCD Studio for this user only: no root, no network, nothing outside your home.
#   ./install.sh                 into ~/.local/opt/ebcd-studio, `ebcd` in ~/.local/bin
#   PREFIX=/some/dir ./install.sh
# Run it from the unpacked folder. Run it again to update: projects are never touched
# (they live in the folders you chose, and open in the new version).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
target=$prefix/opt/ebcd-studio
bin=$prefix/bin
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps

if [ "$here" != "$target" ]; then
    mkdir -p "$prefix/opt"
    rm -rf "$target.new"
    cp -a "$here" "$target.new"
    rm -rf "$target.old"
    [ -d "$target" ] && mv "$target" "$target.old"
    mv "$target.new" "$target"
    rm -rf "$target.old"
fi
mkdir -p "$bin" "$apps" "$icons"
ln -sfn "$target/ebcd" "$bin/ebcd"
sed "s|@EXEC@|$target/ebcd|" "$target/ebcd-studio.desktop" > "$apps/ebcd-studio.desktop"
cp "$target/ebcd-studio.png" "$icons/ebcd-studio.png"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
echo "EBCD Studio $(cat "$target/VERSION") is installed in $target"
echo "Start it from your applications menu, or run: $bin/ebcd   (ebcd --help lists the commands)"
case ":$PATH:" in *":$bin:"*) ;; *) echo "($bin is not on your PATH: add it to use 'ebcd' in a terminal)";; esac
