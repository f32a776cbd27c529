"""`CrossEncoder`: (sentence, the rest of its comment) -> CDCP type logits and an unsupported logit.

A MiniLM fine-tuned on CDCP propositions as a cross-encoder (`encoder_training/claims_cross.py`):
segment A is the sentence, segment B the rest of its comment with `TARGET_MARK` where the sentence
stands, so "is this claim supported?" is read with the reasons around it, which frozen embeddings of one
sentence cannot see (CDCP test: type macro-F1 0.765 -> 0.825, bench/CLAIMS_CROSS.md). The graph and
tokenizer travel in the artifact as bytes (`moderation.encoder.session.OnnxGraph`); each pair runs alone,
so a sentence's scores never depend on batch mates (dynamic int8 sets activation scales per run).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from moderation.claims.heads import TYPES
from moderation.encoder.session import OnnxGraph

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


class CrossEncoder(OnnxGraph):
    def __init__(self, model_bytes: bytes, tokenizer_json: str, max_len: int = 128) -> None:
        super().__init__(model_bytes, tokenizer_json)
        self.max_len = int(max_len)

    def _configure_tokenizer(self, tokenizer: Any) -> None:
        tokenizer.no_padding()
        tokenizer.enable_truncation(self.max_len, strategy="longest_first")

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
