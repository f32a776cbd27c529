"""Make a dynamically quantised encoder graph compute the same integers on every CPU.

`python -m moderation.encoder_training.portable [STEM] [--current]` re-saves an artifact with its encoder
graph made portable (same name and date, new sha; the card records `portable_from`).

Why: `quantize_dynamic` multiplies uint8 activations by *int8* weights (U8S8). On a CPU without VNNI
(AVX2 only, e.g. AMD EPYC Zen 2/3) ONNX Runtime's U8S8 kernel adds those products in pairs in int16
(`vpmaddubsw`), which saturates (255 x 127 x 2 > 32767); on a VNNI CPU the same graph is exact. So one
artifact scored the identity-3 judgement case 0.34 on one server and 0.29 on another, across its 0.32
threshold. The fix changes no number: each int8 weight q becomes the uint8 q + 128 with zero point
zp + 128, so (q_u8 - zp_u8) = (q - zp) exactly, and the U8U8 kernels widen to int16 before multiplying
(exact on AVX2, AVX-512 and VNNI alike). The graph computes what a VNNI CPU computed on the old one.
Cost: the U8U8 kernel is ~10 % slower than U8S8 on AVX2 (bench/ENCODER.md); size and memory unchanged.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
import onnx
from onnx import numpy_helper


def shift_weights_to_uint8(model: onnx.ModelProto) -> tuple[onnx.ModelProto, int]:
    """Every int8 MatMulInteger weight and its zero point, shifted by +128 into uint8. Returns (model, n)."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    shifted: set[str] = set()
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        if len(node.input) < 4 or node.input[1] not in inits or node.input[3] not in inits:
            raise ValueError(f"{node.name}: weight or its zero point is not a constant; cannot shift it")
        for name in (node.input[1], node.input[3]):
            if name in shifted:
                continue
            values = numpy_helper.to_array(inits[name])
            if values.dtype == np.uint8:
                continue
            if values.dtype != np.int8:
                raise ValueError(f"{name}: expected int8 weights, found {values.dtype}")
            inits[name].CopyFrom(numpy_helper.from_array((values.astype(np.int16) + 128).astype(np.uint8), name))
            shifted.add(name)
    onnx.checker.check_model(model)
    return model, len(shifted)


def portable_bytes(graph_bytes: bytes) -> bytes:
    model, _ = shift_weights_to_uint8(onnx.load_from_string(graph_bytes))
    return model.SerializeToString()


def signed_weight_matmuls(graph_bytes: bytes) -> list[str]:
    """Names of MatMulInteger nodes whose weight is still int8 (not portable); empty when portable."""
    model = onnx.load_from_string(graph_bytes)
    inits = {i.name: i for i in model.graph.initializer}
    return [n.name for n in model.graph.node if n.op_type == "MatMulInteger"
            and inits.get(n.input[1]) is not None and inits[n.input[1]].data_type == onnx.TensorProto.INT8]


def make_portable_artifact(stem: str | None = None) -> str:
    """Re-save the artifact (default: models/current) with every OnnxEncoder graph made portable."""
    from moderation.artifact import SAVE_ADDED_FIELDS, load_artifact, save_artifact
    from moderation.config import get_settings
    from moderation.encoder import OnnxEncoder

    loaded = load_artifact(stem)
    encoders: dict[int, OnnxEncoder] = {}

    def collect(obj: object, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(obj, OnnxEncoder):
            encoders[id(obj)] = obj
            return
        children = obj.values() if isinstance(obj, dict) else obj if isinstance(obj, list | tuple) else \
            vars(obj).values() if hasattr(obj, "__dict__") else ()
        for child in children:
            collect(child, depth + 1)

    collect(loaded.payload["components"])
    if not encoders:
        raise ValueError(f"{loaded.stem} has no ONNX encoder")
    for encoder in encoders.values():
        encoder.model_bytes = np.frombuffer(portable_bytes(bytes(encoder.model_bytes)), dtype=np.uint8)
        encoder._session = None
    name, date, _ = loaded.stem.rsplit("-", 2)
    card = {key: value for key, value in loaded.card.items() if key not in SAVE_ADDED_FIELDS}
    card["portable_from"] = (f"{loaded.stem}: the encoder's int8 weights shifted into uint8 with zero point "
                             "+128 (moderation/encoder_training/portable.py), the same integer arithmetic, "
                             "now exact on every CPU")
    return save_artifact(loaded.payload, card, get_settings().models_dir.resolve(), name, date=date)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stem", nargs="?", default=None)
    parser.add_argument("--current", action="store_true", help="point models/current at the new artifact")
    args = parser.parse_args()
    from moderation.artifact import set_current
    from moderation.config import get_settings

    stem = make_portable_artifact(args.stem)
    if args.current:
        set_current(get_settings().models_dir.resolve(), stem)
    print(json.dumps({"artifact": stem, "current": args.current}))


if __name__ == "__main__":
    main()
