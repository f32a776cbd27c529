"""The offline peers (alt-profanity-check, hatesonar, MiniLM + LR) as evaluation systems.

They run in their own environment (`.venv-peers`, made by `bench/peers/setup.sh`) behind the
subprocess client `moderation.peers`; when that environment is missing the report says so in one
line and the comparison goes on without them. Peers score incivility only, on their own scales, so
their threshold is 0.5 on that scale and no calibration is reported for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from moderation.evaluation.splits import TrainingRows
from moderation.evaluation.systems import System, SystemFailed
from moderation.types import Label

NOT_INSTALLED = "peers not installed: run bench/peers/setup.sh"
MINILM_TRAIN_ROWS = 6000


class PeerUnavailable(SystemFailed):
    """A peer that was listed as available failed to score (its reason is in the log)."""


class PeerSystem:
    calibrated = False
    labels = (Label.INCIVILITY,)
    thresholds: Mapping[Label, float] = {Label.INCIVILITY: 0.5}

    def __init__(self, peer: str, train_texts: Sequence[str] | None = None,
                 train_labels: Sequence[int] | None = None) -> None:
        self.peer = peer
        self.name = peer
        self.train_texts = train_texts
        self.train_labels = train_labels

    def score(self, texts: Sequence[str]) -> dict[Label, NDArray[np.float64]]:
        from moderation.peers import score_with_peer

        scores = score_with_peer(self.peer, list(texts), self.train_texts, self.train_labels)
        if scores is None:
            raise PeerUnavailable(f"peer {self.peer} failed to score {len(texts)} texts; see the log above.")
        return {Label.INCIVILITY: np.asarray(scores, dtype=np.float64)}


def minilm_training(rows: TrainingRows, max_rows: int, seed: int) -> tuple[list[str], list[int]]:
    """A seeded sample of the incivility training rows (embedding all of them takes too long on 2 cores)."""
    values = rows.targets[Label.INCIVILITY]
    known = np.flatnonzero(~np.isnan(values))
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(known, size=min(max_rows, known.size), replace=False))
    return [rows.texts[i] for i in chosen], [int(values[i] >= 0.5) for i in chosen]


def peer_systems(rows: TrainingRows, notes: list[str], seed: int = 0,
                 minilm_rows: int = MINILM_TRAIN_ROWS) -> list[System]:
    from moderation.peers import WORKER_PEERS, available_peers

    ready = [peer for peer in available_peers() if peer in WORKER_PEERS]
    if not ready:
        notes.append(NOT_INSTALLED)
        return []
    systems: list[System] = []
    for peer in ready:
        if peer == "minilm_lr":
            texts, labels = minilm_training(rows, minilm_rows, seed)
            notes.append(f"minilm_lr trained on a seeded sample of {len(texts)} incivility training rows")
            systems.append(PeerSystem(peer, texts, labels))
        else:
            systems.append(PeerSystem(peer))
    return systems
