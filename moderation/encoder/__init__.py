"""The fine-tuned sentence encoder at serving time: ONNX Runtime + the `tokenizers` package, no torch."""

from moderation.encoder.runtime import OnnxEncoder

__all__ = ["OnnxEncoder"]
