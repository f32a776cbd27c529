"""`CrossEncodedClaimComponent`: the encoded claims component whose sentence type and support come
from the fine-tuned cross-encoder (`claims/cross.py`), read with the rest of the comment.

What stays from `EncodedClaimComponent`: the is-a-claim head (trained on UKP, IBM and comment-form
sentences, so thanks, greetings, questions and insults stay low: the cross-encoder saw only CDCP
propositions) and the in-sentence self-support head (IBM evidence: "according to the BBC ..."). What
changes: P(type | claim) and P(unsupported | claim) are the cross-encoder's, so

    P(unsupported) = P(claim) x P_cross(unsupported | sentence, comment) x (1 - P(carries its own support)).

Only sentences with P(claim) >= `gate` are run through the cross-encoder (one pass of up to 128 tokens
each, the costly part); the others, and whole multi-sentence texts (scored only for their whole-text
type), keep the frozen-embedding heads' scores, which a low P(claim) already keeps small.
"""

from __future__ import annotations

import numpy as np

from moderation.claims.component import _CLAIM_COLUMNS
from moderation.claims.cross import CrossEncoder, target_contexts
from moderation.claims.encoded import EncodedClaimComponent


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class CrossEncodedClaimComponent(EncodedClaimComponent):
    def __init__(self, type_c: float = 2.0, support_c: float = 1.0, claim_c: float = 1.0, self_c: float = 1.0,
                 aggregation: str = "mean", n_folds: int = 3, matcher: object = None, encoder: object = None,
                 random_state: int = 0, cross: CrossEncoder | None = None, gate: float = 0.2) -> None:
        super().__init__(type_c=type_c, support_c=support_c, claim_c=claim_c, self_c=self_c,
                         aggregation=aggregation, n_folds=n_folds, matcher=matcher, encoder=encoder,
                         random_state=random_state)
        self.cross = cross
        self.gate = gate

    @classmethod
    def from_encoded(cls, fitted: EncodedClaimComponent, cross: CrossEncoder, gate: float = 0.2) -> CrossEncodedClaimComponent:
        """The fitted heads of `fitted`, with `cross` for type and support (no head is refitted)."""
        component = cls.__new__(cls)
        component.__dict__.update({k: v for k, v in fitted.__dict__.items() if k not in ("_last_batch", "_heads")})
        component.cross = cross
        component.gate = gate
        return component

    def score_units(self, texts: list[str], doc: np.ndarray,
                    first_whole: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not texts:
            return np.zeros((0, 6)), np.zeros(0), np.zeros((0, len(self.cue_names_)))
        type_p, claim, linked, own, cues = self.unit_parts(texts, doc)
        unsupported = type_p[:, _CLAIM_COLUMNS].sum(axis=1) * (1 - linked) * (1 - own)
        chosen = np.flatnonzero(claim[:first_whole] >= self.gate)
        if self.cross is not None and len(chosen):
            contexts = target_contexts(texts, doc)
            logits = self.cross.logits([texts[i] for i in chosen], [contexts[i] for i in chosen])
            type_p = type_p.copy()
            type_p[chosen] = _softmax(logits[:, :5])
            unsupported[chosen] = 1 / (1 + np.exp(-logits[:, 5])) * (1 - own[chosen])
        full = np.column_stack([type_p * claim[:, None], 1 - claim])
        return full, claim * unsupported, cues
