#!/usr/bin/env bash
# Smoke test of the bundled app, as a facilitator's laptop would run it: unpack the tarball,
# install it with its own install.sh into a scratch home (no root), then, with no Python,
# no repository and no network in reach (a clean environment; `unshare -n` when allowed),
# run the demo pipeline through the bundle's own `ebcd`, check what it made (transcripts,
# a pack, an export) with tools we did not write, and start the app offscreen for a
# screenshot and the start-up time. Run by hand after packaging/build.sh, or by the slow
# job in .github/workflows/packaging.yml; not part of the test suite (it needs the build).
#   packaging/smoke_test.sh [dist/ebcd-studio-VERSION-linux-x86_64.tar.gz] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=${1:-$(ls -t dist/ebcd-studio-*-linux-x86_64.tar.gz | head -1)}
out=${2:-build/packaging/smoke}
rm -rf "$out"; mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d /tmp/ebcd-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "SMOKE FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }

tar -C "$work" -xzf "$tarball"
home=$work/home; mkdir -p "$home"
run() {  # the bundle's ebcd in a clean environment: no PYTHONPATH, no venv, no repository
    local net=()
    unshare -rn true 2>/dev/null && net=(unshare -rn)
    (cd "$work" && env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen EBCD_HEADLESS=1 "${net[@]}" "$home/.local/bin/ebcd" "$@")
}

HOME=$home PREFIX=$home/.local "$work/ebcd-studio/install.sh" > "$out/install.txt"
[ -x "$home/.local/bin/ebcd" ] || fail "install.sh made no ~/.local/bin/ebcd"
grep -q "Exec=$home/.local/opt/ebcd-studio/ebcd" "$home/.local/share/applications/ebcd-studio.desktop" \
    || fail "the desktop entry does not start the installed app"
ok "installed without root: $(tail -n +1 "$out/install.txt" | head -1)"

version=$(run --version)
ok "ebcd --version: $version"

start=$(date +%s.%N)
run demo --dir "$work/demo" > "$out/demo.txt" 2>&1 || { tail -20 "$out/demo.txt"; fail "ebcd demo"; }
ok "ebcd demo in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
run recordings "$work/demo" > "$out/recordings.txt"
[ "$(grep -c transcribed "$out/recordings.txt")" -ge 4 ] || fail "fewer than 4 recordings transcribed"
run transcript "$work/demo" 1 --format txt --out "$out/transcript-1.txt" >/dev/null
words=$(wc -w < "$out/transcript-1.txt")
[ "$words" -gt 50 ] || fail "transcript 1 has only $words words"
ok "transcripts: $(grep -c transcribed "$out/recordings.txt") recordings, the first $words words"

run pack "$work/demo" staff --out "$out/staff-pack.pdf" >/dev/null
pdftotext "$out/staff-pack.pdf" "$out/staff-pack.txt"
pages=$(pdfinfo "$out/staff-pack.pdf" | awk '/^Pages:/ {print $2}')
grep -qi "staff" "$out/staff-pack.txt" || fail "the staff pack does not say staff"
ok "staff pack: $pages A4 pages, read back with pdftotext"

run film "$work/demo" draft >/dev/null
run film "$work/demo" export --format otio --out "$out/film.otio" >/dev/null
run film "$work/demo" export --format srt --out "$out/film.srt" >/dev/null
reader=python3; [ -x .venv/bin/python ] && reader=.venv/bin/python
clips=$("$reader" - "$out/film.otio" <<'PY'
import json, sys
try:  # read back with OpenTimelineIO itself where it is installed (the dev venv)
    import opentimelineio as otio
    print(len(list(otio.adapters.read_from_file(sys.argv[1]).find_clips())))
except ImportError:
    d = json.load(open(sys.argv[1]))
    print(sum(c["OTIO_SCHEMA"].startswith("Clip") for t in d["tracks"]["children"]
              for c in t["children"]))
PY
)
[ "$clips" -gt 0 ] || fail "the OTIO export has no clips"
grep -q -- "-->" "$out/film.srt" || fail "the SRT export has no cues"
ok "exports: OTIO with $clips clips, SRT with $(grep -c -- '-->' "$out/film.srt") cues"

run gui --screenshot "$out/window.png" > "$out/gui.txt" 2>&1 || { cat "$out/gui.txt"; fail "the app did not start"; }
[ -s "$out/window.png" ] || fail "no screenshot"
ok "app: $(grep 'window shown' "$out/gui.txt")"
echo "all passed; outputs in $out"
