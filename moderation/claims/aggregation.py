"""From sentence scores to one comment-level `unsupported_claim` probability.

The sentence model learns support from CDCP links, which only exist *between* propositions; it
cannot see a source named inside the sentence ("according to the SBU, ...") and knows nothing of how
news readers back their points. `CueShift` learns that part in-domain, from C3 crowd "evidence"
votes (validation articles): a logistic model whose offset is the logit of the mean sentence score
and whose features are the support cues present anywhere in the comment and its sentence count.
Because the sentence score enters as a fixed offset (weight 1), the comment score always rises with
its sentences' scores, so a one-sentence text ranks like its sentence given the same cues.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logit


def aggregate(values: np.ndarray, doc: np.ndarray, n_docs: int, how: str) -> np.ndarray:
    """Comment-level score from sentence scores (`max`, `mean` or `noisy_or`); 0 for empty comments."""
    out = np.zeros(n_docs)
    if how == "max":
        np.maximum.at(out, doc, values)
    elif how == "mean":
        np.add.at(out, doc, values)
        out /= np.maximum(np.bincount(doc, minlength=n_docs), 1)
    elif how == "noisy_or":
        log_none = np.zeros(n_docs)
        np.add.at(log_none, doc, np.log1p(-np.clip(values, 0, 1 - 1e-9)))
        out = 1 - np.exp(log_none)
    else:
        raise ValueError(f"unknown aggregation {how!r}; use 'max', 'mean', 'noisy_or' or 'cue_shift'.")
    return out


def comment_cues(sentence_cues: np.ndarray, doc: np.ndarray, n_docs: int) -> np.ndarray:
    """Per comment: which support cues occur in any sentence, and log(1 + number of sentences)."""
    present = np.zeros((n_docs, sentence_cues.shape[1]))
    np.maximum.at(present, doc, sentence_cues)
    return np.column_stack([present, np.log1p(np.bincount(doc, minlength=n_docs))])


class CueShift:
    """P(comment unsupported) = sigmoid(logit(mean sentence score) + w . comment cues + b).

    The support cues' weights are bounded at <= 0: a source, a reason or a figure anywhere in the
    comment may only lower P(unsupported). Fitted freely on C3's noisy evidence proxy, some came out
    positive, and a comment citing Reuters scored *above* the same claim bare. The last cue column
    (log of the number of sentences) is not a support cue and stays free."""

    def __init__(self, l2: float = 1.0, monotone: bool = True) -> None:
        self.l2 = l2
        self.monotone = monotone

    @staticmethod
    def _offset(mean_score: np.ndarray) -> np.ndarray:
        return logit(np.clip(mean_score, 1e-4, 1 - 1e-4))

    def fit(self, mean_score: np.ndarray, cues: np.ndarray, y: np.ndarray) -> CueShift:
        offset = self._offset(mean_score)
        x = np.column_stack([cues, np.ones(len(cues))])

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            z = offset + x @ w
            p = expit(z)
            nll = np.sum(np.logaddexp(0, z) - y * z) + 0.5 * self.l2 * np.sum(w[:-1] ** 2)
            grad = x.T @ (p - y) + self.l2 * np.r_[w[:-1], 0.0]
            return float(nll), grad

        n_support = x.shape[1] - 2
        bounds = [(None, 0.0)] * n_support + [(None, None)] * 2 if getattr(self, "monotone", False) else None
        self.coef_ = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds).x
        return self

    def predict_proba(self, mean_score: np.ndarray, cues: np.ndarray) -> np.ndarray:
        return expit(self._offset(mean_score) + np.column_stack([cues, np.ones(len(cues))]) @ self.coef_)
