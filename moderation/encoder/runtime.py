"""`OnnxEncoder`: texts -> (label logits, mean-pooled embeddings) from an int8 ONNX graph.

The graph and the tokenizer travel inside the artifact as bytes (`session.OnnxGraph`).

Batch invariance: every window runs alone. The graph is dynamically quantised to int8, which sets each
MatMul's activation scale over its whole input tensor, so in a batch a comment's score depended on its
batch mates and their padding (logits moved by up to 0.27; the same comment could be flagged in one
request and approved in another). One window per run costs nothing here: no padding at all, 100 vs 97
comments per CPU-second on 300 C3 test comments. A text longer than `max_len` tokens is scored as its
head and its tail window and the larger logit kept, so an insult at the end of a long comment still counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from moderation.encoder.session import OnnxGraph

OUTPUTS = ["logits", "pooled"]
"""The graph also outputs `hidden` (per-token states) for explanations; scoring does not fetch it."""


class OnnxEncoder(OnnxGraph):
    def __init__(self, model_bytes: bytes, tokenizer_json: str, max_len: int, n_labels: int) -> None:
        super().__init__(model_bytes, tokenizer_json)
        self.max_len = int(max_len)
        self.n_labels = int(n_labels)

    def _windows(self, texts: Sequence[str]) -> tuple[list[list[int]], np.ndarray]:
        """Token ids per window (head, and tail when the text is longer) and each window's text index."""
        _, tokenizer = self._ready()
        encodings = tokenizer.encode_batch(list(texts), add_special_tokens=False)
        cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
        body = self.max_len - 2
        windows, owners = [], []
        for i, encoding in enumerate(encodings):
            ids = encoding.ids
            windows.append([cls, *ids[:body], sep])
            owners.append(i)
            if len(ids) > body:
                windows.append([cls, *ids[-body:], sep])
                owners.append(i)
        return windows, np.asarray(owners, dtype=np.int64)

    def run(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(n, n_labels) logits and (n, hidden) mean-pooled embeddings (of each text's first window)."""
        session, _ = self._ready()
        n = len(texts)
        if n == 0:
            return np.zeros((0, self.n_labels), np.float32), np.zeros((0, 0), np.float32)
        windows, owners = self._windows(texts)
        logits = np.full((n, self.n_labels), -np.inf, dtype=np.float32)
        pooled: np.ndarray | None = None
        for k, window in enumerate(windows):
            ids = np.asarray([window], dtype=np.int64)
            out_logits, out_pooled = session.run(OUTPUTS, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            if pooled is None:
                pooled = np.zeros((n, out_pooled.shape[1]), dtype=np.float32)
            owner = owners[k]
            logits[owner] = np.maximum(logits[owner], out_logits[0])
            if k == 0 or owners[k - 1] != owner:
                pooled[owner] = out_pooled[0]
        return logits, pooled if pooled is not None else np.zeros((n, 0), np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised sentence embeddings (as sentence-transformers returns them)."""
        _, pooled = self.run(texts)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, 1e-12)
