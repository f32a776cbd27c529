"""`CrossEncoder`: (sentence, the rest of its comment) -> CDCP type logits and an unsupported logit.

A MiniLM fine-tuned on CDCP propositions as a cross-encoder (`encoder_training/claims_cross.py`):
segment A is the sentence, segment B the rest of its comment with `TARGET_MARK` where the sentence
stands, so "is this claim supported?" is read with the reasons around it, which frozen embeddings of one
sentence cannot see (CDCP test: type macro-F1 0.765 -> 0.825, bench/CLAIMS_CROSS.md). The graph and
tokenizer travel in the artifact as bytes, like `moderation.encoder.OnnxEncoder`; each pair runs alone,
so a sentence's scores never depend on batch mates (dynamic int8 sets activation scales per run).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from moderation.claims.heads import TYPES

TARGET_MARK = "[TARGET]"
CROSS_TYPES = TYPES
"""Order of the graph's first five logits; the sixth is P(unsupported) as a logit."""


def target_contexts(texts: Sequence[str], doc: Sequence[int]) -> list[str]:
    """For each unit, the other units of its comment in order, with `TARGET_MARK` where it stands.

    Shared by training and serving, so the model reads at run time exactly the form it learned."""
    doc = np.asarray(doc)
    members: dict[int, list[int]] = {}
    for index, owner in enumerate(doc.tolist()):
        members.setdefault(owner, []).append(index)
    out = [""] * len(texts)
    for indices in members.values():
        for position, index in enumerate(indices):
            parts = [texts[i] for i in indices[:position]] + [TARGET_MARK] + [texts[i] for i in indices[position + 1:]]
            out[index] = " ".join(parts)
    return out


class CrossEncoder:
    def __init__(self, model_bytes: bytes, tokenizer_json: str, max_len: int = 128) -> None:
        self.model_bytes = np.frombuffer(model_bytes, dtype=np.uint8) if isinstance(model_bytes, bytes) else model_bytes
        self.tokenizer_json = tokenizer_json
        self.max_len = int(max_len)
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_session", "_tokenizer", "_lock")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._session, self._tokenizer, self._lock = None, None, threading.Lock()

    def _ready(self) -> tuple[Any, Any]:
        if self._session is None:
            with self._lock:
                if self._session is None:
                    import onnxruntime as ort
                    from tokenizers import Tokenizer

                    from moderation.config import encoder_threads

                    options = ort.SessionOptions()
                    options.intra_op_num_threads = encoder_threads()
                    options.inter_op_num_threads = 1
                    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                    tokenizer = Tokenizer.from_str(self.tokenizer_json)
                    tokenizer.no_padding()
                    tokenizer.enable_truncation(self.max_len, strategy="longest_first")
                    self._tokenizer = tokenizer
                    self._session = ort.InferenceSession(bytes(self.model_bytes), options,
                                                         providers=["CPUExecutionProvider"])
        return self._session, self._tokenizer

    def encode(self, targets: Sequence[str], contexts: Sequence[str]) -> list[tuple[list[int], list[int]]]:
        """(token ids, segment ids) per pair, truncated longest-first to `max_len` as in training."""
        _, tokenizer = self._ready()
        encodings = tokenizer.encode_batch(list(zip(targets, contexts, strict=True)))
        return [(e.ids, e.type_ids) for e in encodings]

    def logits(self, targets: Sequence[str], contexts: Sequence[str]) -> np.ndarray:
        """(n, 6): five type logits in `CROSS_TYPES` order, then the unsupported logit."""
        session, _ = self._ready()
        out = np.zeros((len(targets), len(CROSS_TYPES) + 1), dtype=np.float32)
        for row, (ids, segments) in enumerate(self.encode(targets, contexts)):
            feed = {"input_ids": np.asarray([ids], dtype=np.int64),
                    "attention_mask": np.ones((1, len(ids)), dtype=np.int64),
                    "token_type_ids": np.asarray([segments], dtype=np.int64)}
            out[row] = session.run(["logits"], feed)[0][0]
        return out
