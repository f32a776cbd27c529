"""The model-card content of an incivility training run (data, licences, mapping, splits, metrics)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from moderation.data import Corpus
from moderation.data.splits import SPLIT_SALT
from moderation.incivility.component import IncivilityModel
from moderation.types import Label

SPLITS_DESCRIPTION = (
    "Fixed before training by salted md5 hashes (`moderation/data/splits.py`, salt "
    f"'{SPLIT_SALT}'): C3 by article (70/15/15 train/validation/test); ToxicSpans by the official SemEval-2021 "
    "split (train/trial->validation/test; posts outside SemEval -> train); UCC val and Kaggle insults 85/15 "
    "train/validation by text hash; SFU-CTC entirely test (cross-corpus). De-duplicated by normalised text: "
    "a text in any test split is removed from train/validation, a validation text from train. Davidson tweets "
    "are not used (tweets, not news comments; documented dialect bias against African-American English)."
)
THRESHOLDS_METHOD = (
    "Review thresholds, per label, on the validation split (sources pooled, except a source whose validation "
    "rows hold one class only for the label, e.g. Kaggle's incivility positives): the probability cut "
    "maximising F1 among cuts whose precision is >= 0.5, so at least half of what a label sends to review "
    "is a true positive on validation. With < 30 validation positives, or when no cut reaches that "
    "precision, the label falls back to 0.5 on the calibrated probability ('more likely than not'; "
    "`fallback` = 1 in threshold_metrics): treat such a label as a hint for reviewers, not as a trigger. "
    "Precision and recall at each threshold are in threshold_metrics; sites override them in a policy file."
)
LIMITATIONS = (
    "Bag-of-n-grams model: it sees words, not meaning; sarcasm and mockery are hard (low AUC), and crowd "
    "toxicity labels of C3/CTC are noisy (mild 'frustration' counts as toxic; most CTC positives are a 2-of-3 "
    "crowd majority; simulating fresh crowd panels from CTC's vote shares, even an oracle knowing each "
    "comment's expected rating reaches only ~0.89 ROC-AUC, and one panel predicts another at ~0.81). ToxicSpans contains only "
    "toxic-flagged posts, so its incivility test has few negatives. Trained on English news comments only. "
    "UCC and CTC are CC BY-NC-SA: a commercial deployment needs a licence review; Kaggle insults has no "
    "stated licence (research use)."
)


def _data_section(corpus: Corpus) -> dict[str, Any]:
    summary = corpus.summary()
    data = {}
    for name, adapter in corpus.adapters.items():
        data[name] = {
            "description": adapter.description,
            "licence": adapter.licence,
            "use": "cross-corpus test only" if adapter.test_only else "train / validation / test per splits",
            "label_mapping": adapter.label_mapping,
            "rows": summary.get(name, {}),
        }
    return data


def build_card(corpus: Corpus, model: IncivilityModel, options: Any, *, seed: int,
               thresholds: dict[Label, float], justification: dict[str, dict[str, float]],
               metrics: dict[str, Any], fairness: dict[str, Any], seconds: float, trained_at: str) -> dict[str, Any]:
    """Everything the JSON card says besides what `save_artifact` adds (sha256, versions, labels)."""
    options_dict = asdict(options)
    options_dict = {k: (str(v) if v is not None and not isinstance(v, bool | int | float | dict) else v)
                    for k, v in options_dict.items()}
    return {
        "summary": ("Reader-comment incivility moderator: calibrated probabilities for incivility and its "
                    "sub-types (insult, profanity, identity_attack, threat, mockery)."),
        "seed": seed,
        "trained_at": trained_at,
        "training_seconds": round(seconds, 1),
        "training_options": options_dict,
        "components": {
            "incivility": {
                "class": "moderation.incivility.IncivilityModel",
                "params": {k: (list(v) if isinstance(v, tuple) else v)
                           for k, v in model.get_params().items() if k != "labels"},
                "labels": [label.value for label in model.labels_],
                "training_rows_per_head": model.head_stats_,
                "calibration": "isotonic (>= 40 positives) or Platt sigmoid on validation rows; out-of-fold "
                               "when validation holds < 10 rows of a class",
            }
        },
        "data": _data_section(corpus),
        "splits": {"description": SPLITS_DESCRIPTION},
        "thresholds": {label.value: round(value, 6) for label, value in thresholds.items()},
        "thresholds_method": THRESHOLDS_METHOD,
        "threshold_metrics": justification,
        "metrics": metrics,
        "fairness": {"description": "Incivility head on the identity-term templates (Dixon et al. 2018; a "
                                    "seeded 12k-row sample), evaluation only; Borkan et al. 2019 AUCs, worst "
                                    "term shown. Mitigation (`--identity-balance`): civil training rows that "
                                    "mention an identity term are re-weighted to the head's base rate, and "
                                    "identity terms share one placeholder whose own weights are zeroed and "
                                    "which the valence cues never see. The identity_attack head is exempt from "
                                    "both (naming a group is part of attacking it; see NEUTRAL_EXEMPT), so "
                                    "its scores are not bias-audited here and it never decides alone (its "
                                    "threshold falls back to 0.5). 'before' = the same incivility head "
                                    "trained without both (`--fairness-compare`).",
                     **fairness},
        "limitations": LIMITATIONS,
    }
