#!/usr/bin/env bash
# Set up .venv-bench (git-ignored) with openai-whisper for benchmarks/transcribe.py.
#
# Why its own venv: openai-whisper needs PyTorch, which the app does not ship.
# torch is pinned to the CPU-only wheel: plain `pip install torch` pulls gigabytes of CUDA
# wheels. openai-whisper goes in with --no-deps so pip neither replaces torch nor installs
# triton (GPU only); its other dependencies are listed here.
# Its weights are not downloaded (impossible here): the benchmark converts our CTranslate2
# model to .venv-bench/whisper-base.pt on first run (benchmarks/ct2_to_openai_whisper.py).
#
# Run from anywhere: bash benchmarks/setup_openai_whisper.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null; then
    echo "espeak-ng and sox are needed: apt-get install -y espeak-ng sox" >&2
    exit 1
fi
[ -x .venv-bench/bin/python ] || python3 -m venv .venv-bench
.venv-bench/bin/pip install torch==2.13.0
.venv-bench/bin/pip install numba numpy tqdm more-itertools tiktoken
.venv-bench/bin/pip install --no-deps openai-whisper==20250625
.venv-bench/bin/python -c "import torch, whisper; print('torch', torch.__version__, 'whisper ok')"
echo "ready: .venv/bin/python benchmarks/transcribe.py"
