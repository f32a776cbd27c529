"""Training-side cache of sentence embeddings, keyed by the encoder's graph hash and the text.

Refitting the claims heads on a new encoder costs one encoder pass over the training texts; the
heads themselves fit in seconds. The cache makes a second fit (another seed, another head
setting) free and lets a long pass be interrupted and resumed. Never used on the serving path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

CHUNK = 256
SAVE_EVERY = 40
"""Chunks between saves (each save rewrites the whole cache)."""


def encoder_key(encoder: Any) -> str:
    """sha256[:16] of the encoder graph bytes and its max length (what determines its embeddings)."""
    digest = hashlib.sha256(bytes(np.asarray(encoder.model_bytes)))
    digest.update(str(encoder.max_len).encode())
    return digest.hexdigest()[:16]


class CachedEmbedder:
    """`embed(texts)` of `encoder`, remembering every text it has embedded in `cache_dir`."""

    def __init__(self, encoder: Any, cache_dir: Path) -> None:
        self.encoder = encoder
        self.path = Path(cache_dir) / f"claims-embeddings-{encoder_key(encoder)}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        if self.path.is_file():
            with np.load(self.path, allow_pickle=False) as data:
                self._vectors = dict(zip(data["texts"].tolist(), data["vectors"]))

    def __len__(self) -> int:
        return len(self._vectors)

    def missing(self, texts: Sequence[str]) -> list[str]:
        return [t for t in dict.fromkeys(texts) if t not in self._vectors]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        texts = list(self._vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, texts=np.array(texts, dtype=str),
                 vectors=np.stack([self._vectors[t] for t in texts]).astype(np.float16) if texts
                 else np.zeros((0, 0), np.float16))
        tmp.replace(self.path)

    def fill(self, texts: Sequence[str], progress: Any = None) -> None:
        """Embed the texts not cached yet, saving every `SAVE_EVERY` chunks and at the end (resumable)."""
        todo = self.missing(texts)
        for k, start in enumerate(range(0, len(todo), CHUNK)):
            chunk = todo[start:start + CHUNK]
            for text, vector in zip(chunk, self.encoder.embed(chunk)):
                self._vectors[text] = vector.astype(np.float16)
            if k % SAVE_EVERY == SAVE_EVERY - 1:
                self.save()
            if progress is not None:
                progress(f"embedded {start + len(chunk)}/{len(todo)}")
        if todo:
            self.save()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.fill(texts)
        if not len(texts):
            return np.zeros((0, 384), np.float32)
        return np.stack([self._vectors[t] for t in texts]).astype(np.float32)
