"""Corroboration on real pairs: IBM CE claims with their own evidence, other claims' evidence of the
same motion, and evidence of other motions -- FEVER's supports / not-enough-info, plus unrelated.

The reference format is FEVER's three-way supports / refutes / not enough info. The shared corpora
hold no refuting pairs (IBM evidence is for *or against the motion*, always in support of its
claim), so `contradicted` can only be checked on the synthetic pairs; this module says so in its
metrics rather than inventing refutations. Mapping: supports -> `corroborated`, same-motion other
evidence -> `related` (NEI: same subject, neither stated nor denied), other motion -> `unrelated`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from moderation.claims.context import ClaimMatcher
from moderation.claims.matching import LABELS
from moderation.claims.pairs import make_pairs, vectoriser

FLOORS = tuple(np.round(np.arange(0.0, 0.61, 0.025), 3))
GOLD = ("corroborated", "related", "unrelated")
SYNTHETIC_SENTENCES = 4000


def real_pairs(data_dir: Path, split: str, seed: int = 0) -> pd.DataFrame:
    """Per claim of `split` motions: one own-evidence, one same-motion other-claim, one other-motion
    pair (claim, evidence, cosine, label)."""
    from moderation.data.ibm_ce import load_ibm_evidence_pairs

    pairs = load_ibm_evidence_pairs(data_dir)
    pairs = pairs[pairs.split == split].drop_duplicates(["claim", "evidence"]).reset_index(drop=True)
    rng = np.random.default_rng(seed)
    rows = []
    by_topic = {topic: frame for topic, frame in pairs.groupby("topic")}
    topics = list(by_topic)
    for claim, own in pairs.groupby("claim", sort=False):
        topic = own.topic.iloc[0]
        rows.append((claim, own.evidence.iloc[int(rng.integers(len(own)))], "corroborated"))
        others = by_topic[topic][by_topic[topic].claim != claim]
        if len(others):
            rows.append((claim, others.evidence.iloc[int(rng.integers(len(others)))], "related"))
        other_topic = by_topic[topics[(topics.index(topic) + 1 + int(rng.integers(len(topics) - 1))) % len(topics)]]
        rows.append((claim, other_topic.evidence.iloc[int(rng.integers(len(other_topic)))], "unrelated"))
    frame = pd.DataFrame(rows, columns=["claim", "evidence", "label"])
    tfidf = vectoriser(pd.concat([frame.claim, frame.evidence]).tolist())
    a, b = tfidf.transform(frame.claim), tfidf.transform(frame.evidence)
    frame["cosine"] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return frame


def verdicts(matcher: ClaimMatcher, pairs: pd.DataFrame, floor: float | None = None,
             p: np.ndarray | None = None) -> np.ndarray:
    """The label `ClaimMatcher.match` would give each pair (same rules: min probability, related floor);
    `p`: the matcher's probabilities for these pairs, when already computed."""
    if p is None:
        p = matcher.predict_proba(pairs.claim.tolist(), pairs.evidence.tolist(), pairs.cosine.to_numpy())
    floor = getattr(matcher, "related_similarity", 0.25) if floor is None else floor
    unrelated = LABELS.index("unrelated")
    masked = p.copy()
    masked[:, unrelated] = -1
    best = masked.argmax(axis=1)
    weak = (np.array(LABELS)[best] == "related") & (pairs.cosine.to_numpy() < floor)
    best[(p[np.arange(len(p)), best] < matcher.min_probability) | weak] = unrelated
    return np.array(LABELS)[best]


def pair_metrics(matcher: ClaimMatcher, pairs: pd.DataFrame) -> dict[str, Any]:
    predicted = verdicts(matcher, pairs)
    per = f1_score(pairs.label, predicted, labels=list(GOLD), average=None, zero_division=0)
    return {"n": len(pairs), "macro_f1": float(per.mean()), **{f"f1_{g}": float(v) for g, v in zip(GOLD, per)},
            "predicted_contradicted": int((predicted == "contradicted").sum()),
            "note": "no refuting pairs exist in the shared corpora; FEVER's refutes class is not measured"}


def best_floor(matcher: ClaimMatcher, pairs: pd.DataFrame) -> tuple[float, dict[float, float]]:
    """The `related` similarity floor with the best macro-F1 on `pairs`, and the F1 of every floor tried."""
    p = matcher.predict_proba(pairs.claim.tolist(), pairs.evidence.tolist(), pairs.cosine.to_numpy())
    scores = {float(f): float(f1_score(pairs.label, verdicts(matcher, pairs, f, p), labels=list(GOLD),
                                       average="macro", zero_division=0)) for f in FLOORS}
    return max(scores, key=lambda f: scores[f]), scores


def fit_matcher_with_real_pairs(data_dir: Path, seed: int = 0) -> tuple[ClaimMatcher, dict[str, Any]]:
    """The 4-way match classifier on synthetic ClaimBuster pairs plus real IBM CE pairs of train
    motions; `related_similarity` = the floor with the best macro-F1 on those real train pairs."""
    from moderation.data.claimbuster import load_claimbuster

    claimbuster = load_claimbuster(data_dir)
    sentences = claimbuster[claimbuster.split == "train"].text
    synthetic = make_pairs(sentences.sample(min(SYNTHETIC_SENTENCES, len(sentences)), random_state=seed).tolist(), seed)
    train = real_pairs(data_dir, "train", seed)
    both = pd.concat([synthetic, train], ignore_index=True)
    matcher = ClaimMatcher(random_state=seed).fit(both.claim.tolist(), both.evidence.tolist(),
                                                  both.cosine.to_numpy(), both.label.tolist())
    floor, scores = best_floor(matcher, train)
    matcher.set_params(related_similarity=floor)
    return matcher, {"trained_on": f"{len(synthetic)} synthetic ClaimBuster pairs + {len(train)} real IBM CE pairs "
                                   "(train motions)",
                     "related_floor": matcher.related_similarity, "floor_macro_f1_on_train_pairs": scores}
