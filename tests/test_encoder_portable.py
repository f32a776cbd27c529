"""The encoder's int8 arithmetic must not depend on the CPU it runs on (`encoder_training/portable.py`).

An artifact scored one comment 0.34 on a VNNI server and 0.29 on an AVX2-only one, across its threshold,
because ONNX Runtime's U8S8 kernel saturates int16 pair sums on AVX2. These tests run the same integer
product that saturates there and require the exact answer, so they fail on any CPU whose kernel is not
exact for the graph we ship.
"""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from moderation.encoder_training.portable import shift_weights_to_uint8, signed_weight_matmuls


def _matmul_integer_graph(weights: np.ndarray, weight_zero: np.ndarray) -> onnx.ModelProto:
    k, n = weights.shape
    node = helper.make_node("MatMulInteger", ["a", "w", "a_zero", "w_zero"], ["y"])
    graph = helper.make_graph(
        [node], "mmi", [helper.make_tensor_value_info("a", TensorProto.UINT8, [None, k])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [None, n])],
        initializer=[numpy_helper.from_array(weights, "w"), numpy_helper.from_array(weight_zero, "w_zero"),
                     numpy_helper.from_array(np.array(0, dtype=np.uint8), "a_zero")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _run(model: onnx.ModelProto, a: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"a": a})[0]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", [(8, 384, 384), (3, 384, 1536), (1, 1536, 384)])
def test_shifted_weights_give_the_exact_integer_product(seed: int, shape: tuple[int, int, int]) -> None:
    """Activations near 255 and weights near +-127: the case an AVX2 U8S8 kernel gets wrong."""
    rows, k, n = shape
    rng = np.random.default_rng(seed)
    a = rng.integers(200, 256, size=(rows, k), dtype=np.uint8)
    w = (rng.choice([-1, 1], size=(k, n)) * rng.integers(100, 128, size=(k, n))).astype(np.int8)
    exact = a.astype(np.int64) @ w.astype(np.int64)
    model, shifted = shift_weights_to_uint8(_matmul_integer_graph(w, np.zeros(n, dtype=np.int8)))
    assert shifted == 2
    np.testing.assert_array_equal(_run(model, a), exact)


def test_shifting_refuses_what_it_cannot_shift() -> None:
    w = np.ones((4, 4), dtype=np.int32)
    with pytest.raises(ValueError, match="expected int8"):
        shift_weights_to_uint8(_int32_weight_graph(w))


def _int32_weight_graph(w: np.ndarray) -> onnx.ModelProto:
    node = helper.make_node("MatMulInteger", ["a", "w", "a_zero", "w_zero"], ["y"])
    graph = helper.make_graph(
        [node], "bad", [helper.make_tensor_value_info("a", TensorProto.UINT8, [None, 4])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [None, 4])],
        initializer=[numpy_helper.from_array(w, "w"), numpy_helper.from_array(np.zeros(4, np.int32), "w_zero"),
                     numpy_helper.from_array(np.array(0, dtype=np.uint8), "a_zero")])
    return helper.make_model(graph)


def test_the_bundled_encoder_graph_is_portable() -> None:
    from moderation.encoder import OnnxEncoder
    from moderation.model import Moderator

    encoder = Moderator.load().components["incivility"].encoder.encoder
    assert isinstance(encoder, OnnxEncoder)
    graph = bytes(encoder.model_bytes)
    assert signed_weight_matmuls(graph) == []
    assert sum(n.op_type == "MatMulInteger" for n in onnx.load_from_string(graph).graph.node) == 37
