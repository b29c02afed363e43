"""Turn a CTranslate2 Whisper model (model.bin) back into an openai-whisper checkpoint.

Why this exists: the benchmark compares our engine with the original openai-whisper, and both
must run the *same* weights. openai-whisper's `load_model("base")` downloads `base.pt`, which
this project's machines cannot do, and no PyPI package ships that file. The CTranslate2
conversion we already ship (Systran/faster-whisper-base, float16) holds every weight of the
original model, so we read it and write the state dict openai-whisper expects.

The original `base.pt` is itself stored in float16, and the Hugging Face and CTranslate2
conversions only re-lay the tensors, so the weights we write should equal the original ones;
openai-whisper upcasts them to float32 when it loads them on the CPU, as it does for `base.pt`.

CTranslate2 layout (ctranslate2/specs/model_spec.py, `_serialize`, binary version 6): u32
version, string spec name, u32 revision, u32 count, then per variable: string name, u8 rank,
u32 dims, u8 dtype id, u32 byte count, raw little-endian data; then u32 alias count and
(alias, target) string pairs. A string is a u16 length (including a NUL) then the bytes.

Name mapping (ctranslate2/converters/transformers.py, WhisperLoader and BartLoader): each
self-attention fuses q, k and v into `linear_0` (k has no bias in Whisper, so its third of the
fused bias is zero), cross-attention fuses k and v into `linear_1`; `linear_0`/`linear_1` of an
FFN are openai's `mlp.0`/`mlp.2`; the output projection is an alias of the token embedding.

Runs in the benchmark virtualenv (needs torch); usable on its own:
    .venv-bench/bin/python benchmarks/ct2_to_openai_whisper.py MODEL_DIR OUT.pt
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
from pathlib import Path

import numpy as np

SUPPORTED_BINARY_VERSIONS = (5, 6)
# Order of ctranslate2's DataType enum (include/ctranslate2/types.h).
_DTYPES: dict[int, np.dtype | None] = {
    0: np.dtype("<f4"),
    1: np.dtype("i1"),
    2: np.dtype("<i2"),
    3: np.dtype("<i4"),
    4: np.dtype("<f2"),
    5: None,  # bfloat16: numpy has no such dtype; handled below
}


def read_ct2_model(path: Path) -> dict[str, np.ndarray]:
    """Read every variable of a CTranslate2 model.bin; aliases are resolved to their target."""
    data = memoryview(path.read_bytes())
    offset = 0

    def unpack(fmt: str) -> int:
        nonlocal offset
        (value,) = struct.unpack_from("<" + fmt, data, offset)
        offset += struct.calcsize("<" + fmt)
        return value

    def string() -> str:
        nonlocal offset
        length = unpack("H")
        text = bytes(data[offset : offset + length - 1]).decode("utf-8")
        offset += length
        return text

    version = unpack("I")
    if version not in SUPPORTED_BINARY_VERSIONS:
        raise ValueError(f"{path}: CTranslate2 binary version {version} is not supported")
    spec_name = string()
    if spec_name != "WhisperSpec":
        raise ValueError(f"{path}: a {spec_name}, not a Whisper model")
    unpack("I")  # spec revision
    variables: dict[str, np.ndarray] = {}
    for _ in range(unpack("I")):
        name = string()
        shape = tuple(unpack("I") for _ in range(unpack("B")))
        type_id = unpack("B")
        num_bytes = unpack("I")
        raw = data[offset : offset + num_bytes]
        offset += num_bytes
        dtype = _DTYPES[type_id]
        if dtype is None:  # bfloat16 -> float32 by shifting into the high half
            bits = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            array = bits.view(np.float32)
        else:
            array = np.frombuffer(raw, dtype=dtype)
        variables[name] = array.reshape(shape)
    for _ in range(unpack("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    if offset != len(data):
        raise ValueError(f"{path}: {len(data) - offset} trailing bytes; not a model.bin")
    return variables


def _count_layers(variables: dict[str, np.ndarray], stack: str) -> int:
    pattern = re.compile(rf"{stack}/layer_(\d+)/")
    return len({m.group(1) for name in variables if (m := pattern.match(name))})


def to_openai_state_dict(variables: dict[str, np.ndarray]) -> tuple[dict, dict]:
    """Map CTranslate2 Whisper variables to (dims, state_dict) in openai-whisper's layout."""
    import torch

    state: dict[str, torch.Tensor] = {}

    def put(name: str, array: np.ndarray) -> None:
        state[name] = torch.from_numpy(np.array(array, copy=True))  # writable, owned

    def linear(prefix: str, source: str) -> None:
        put(f"{prefix}.weight", variables[f"{source}/weight"])
        put(f"{prefix}.bias", variables[f"{source}/bias"])

    def layer_norm(prefix: str, source: str) -> None:
        put(f"{prefix}.weight", variables[f"{source}/gamma"])
        put(f"{prefix}.bias", variables[f"{source}/beta"])

    def split_linear(prefixes: list[str], source: str) -> None:
        """Undo CTranslate2's fusion of projections; openai's key has no bias."""
        weights = np.split(variables[f"{source}/weight"], len(prefixes), axis=0)
        biases = np.split(variables[f"{source}/bias"], len(prefixes), axis=0)
        for prefix, weight, bias in zip(prefixes, weights, biases, strict=True):
            put(f"{prefix}.weight", weight)
            if prefix.endswith(".key"):
                if np.any(bias != 0):
                    raise ValueError(f"{source}: non-zero key bias; not a Whisper conversion")
            else:
                put(f"{prefix}.bias", bias)

    def block(prefix: str, source: str, cross: bool) -> None:
        split_linear([f"{prefix}.attn.{p}" for p in ("query", "key", "value")],
                     f"{source}/self_attention/linear_0")
        linear(f"{prefix}.attn.out", f"{source}/self_attention/linear_1")
        layer_norm(f"{prefix}.attn_ln", f"{source}/self_attention/layer_norm")
        if cross:
            linear(f"{prefix}.cross_attn.query", f"{source}/attention/linear_0")
            split_linear([f"{prefix}.cross_attn.key", f"{prefix}.cross_attn.value"],
                         f"{source}/attention/linear_1")
            linear(f"{prefix}.cross_attn.out", f"{source}/attention/linear_2")
            layer_norm(f"{prefix}.cross_attn_ln", f"{source}/attention/layer_norm")
        linear(f"{prefix}.mlp.0", f"{source}/ffn/linear_0")
        linear(f"{prefix}.mlp.2", f"{source}/ffn/linear_1")
        layer_norm(f"{prefix}.mlp_ln", f"{source}/ffn/layer_norm")

    if bool(variables.get("decoder/scale_embeddings", np.int8(0))):
        raise ValueError("decoder scales its embeddings; openai-whisper's never does")

    n_audio_layer = _count_layers(variables, "encoder")
    n_text_layer = _count_layers(variables, "decoder")
    linear("encoder.conv1", "encoder/conv1")
    linear("encoder.conv2", "encoder/conv2")
    put("encoder.positional_embedding", variables["encoder/position_encodings/encodings"])
    for i in range(n_audio_layer):
        block(f"encoder.blocks.{i}", f"encoder/layer_{i}", cross=False)
    layer_norm("encoder.ln_post", "encoder/layer_norm")

    put("decoder.token_embedding.weight", variables["decoder/embeddings/weight"])
    put("decoder.positional_embedding", variables["decoder/position_encodings/encodings"])
    for i in range(n_text_layer):
        block(f"decoder.blocks.{i}", f"decoder/layer_{i}", cross=True)
    layer_norm("decoder.ln", "decoder/layer_norm")

    projection = variables.get("decoder/projection/weight")
    embedding = variables["decoder/embeddings/weight"]
    if projection is not None and not np.array_equal(projection, embedding):
        raise ValueError("output projection is not tied to the token embedding")

    conv1 = variables["encoder/conv1/weight"]
    audio_pos = variables["encoder/position_encodings/encodings"]
    text_pos = variables["decoder/position_encodings/encodings"]
    dims = {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(audio_pos.shape[0]),
        "n_audio_state": int(audio_pos.shape[1]),
        "n_audio_head": int(variables["encoder/num_heads"]),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(embedding.shape[0]),
        "n_text_ctx": int(text_pos.shape[0]),
        "n_text_state": int(text_pos.shape[1]),
        "n_text_head": int(variables["decoder/num_heads"]),
        "n_text_layer": n_text_layer,
    }
    return dims, state


def convert(model_dir: Path, out_path: Path) -> dict:
    """Write `out_path` as openai-whisper's checkpoint format; returns the model dims.

    The file is written beside its final name and renamed, so an interrupted conversion never
    leaves a half-written checkpoint that a later run would trust.
    """
    import torch
    import whisper.model

    dims, state = to_openai_state_dict(read_ct2_model(model_dir / "model.bin"))
    # Prove the layout before saving: strict loading fails on any missing or extra tensor.
    whisper.model.Whisper(whisper.model.ModelDimensions(**dims)).load_state_dict(state)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    torch.save({"dims": dims, "model_state_dict": state}, tmp)
    tmp.replace(out_path)
    return dims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path, help="CTranslate2 Whisper folder (model.bin)")
    parser.add_argument("out", type=Path, help="checkpoint to write, e.g. whisper-base.pt")
    args = parser.parse_args(argv)
    dims = convert(args.model_dir, args.out)
    print(f"wrote {args.out} {dims}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
