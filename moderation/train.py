"""`moderation train`: fit the incivility component on the fixed training split, calibrate and choose
thresholds on validation, measure it and the plain TF-IDF+LR baseline on every held-out split in the same
run, and write a versioned artifact with its model card.

Deterministic: splits are fixed by hashes (`moderation.data.splits`), every estimator is seeded, and the
liblinear solver is single-threaded; the same data and seed give the same weights and metrics.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_curve
from tqdm.auto import tqdm

from moderation.config import get_settings
from moderation.data import Corpus, load_incivility
from moderation.data.splits import SOCIAL_SOURCES
from moderation.evaluation.baselines import TfidfLogRegBaseline
from moderation.evaluation.metrics import label_metrics
from moderation.evaluation.splits import TrainingRows
from moderation.incivility import IncivilityModel
from moderation.cards.incivility import build_card
from moderation.incivility.component import NEUTRAL_EXEMPT
from moderation.incivility.identity import balance_weights, term_masks
from moderation.model import Moderator
from moderation.text import normalise
from moderation.types import INCIVILITY_LABELS, Label

TEST_SOURCES: tuple[str, ...] = ("c3", "toxic_spans", "sfu_ctc")
FAIRNESS_ROWS = 12000


@dataclass(frozen=True)
class TrainOptions:
    """What `train` needs; defaults come from `get_settings()`. `max_train_rows` is for quick tests."""

    data_dir: Path | None = None
    out_dir: Path | None = None
    seed: int | None = None
    set_current: bool | None = None
    name: str = "moderator"
    identity_balance: bool = True
    source_balance: bool = True
    baseline: bool = True
    fairness: bool = True
    fairness_compare: bool = False
    max_train_rows: int | None = None
    progress: bool = True
    model_params: dict[str, Any] = field(default_factory=dict)
    claims: bool = True


@dataclass(frozen=True)
class TrainResult:
    stem: str
    out_dir: Path
    card: dict[str, Any]


def training_weights(rows: pd.DataFrame, labels: Sequence[Label], *, source_balance: bool,
                     identity_balance: bool) -> np.ndarray:
    """(n, k) per-head sample weights.

    Source balance: within each corpus, positives and negatives of a head carry equal total weight, so a
    head cannot learn "looks like ToxicSpans (65 % toxic)" instead of "is uncivil". Identity balance: see
    `moderation.incivility.identity`; heads in `NEUTRAL_EXEMPT` (identity_attack) are not re-weighted.
    """
    targets = rows[[label.value for label in labels]].to_numpy(dtype=np.float64)
    weights = np.ones_like(targets)
    sources = rows["source"].to_numpy()
    masks = term_masks([normalise(t) for t in rows["text"]]) if identity_balance else {}
    for j in range(len(labels)):
        y = targets[:, j]
        if source_balance:
            for source in np.unique(sources):
                in_source = (sources == source) & ~np.isnan(y)
                for value in (0.0, 1.0):
                    cell = in_source & (y == value)
                    if cell.any():
                        weights[cell, j] = 0.5 * in_source.sum() / cell.sum()
            weights[:, j] *= len(y) / max(weights[~np.isnan(y), j].sum(), 1e-9)
        if identity_balance and labels[j].value not in NEUTRAL_EXEMPT:
            weights[:, j] = balance_weights(masks, y, weights[:, j])
    return weights


def _sample(rows: pd.DataFrame, max_rows: int | None, seed: int) -> pd.DataFrame:
    if max_rows is None or max_rows >= len(rows):
        return rows
    return rows.sample(n=max_rows, random_state=seed).sort_index().reset_index(drop=True)


def _news_only(rows: pd.DataFrame) -> pd.DataFrame:
    """The n-gram part learns from news comments only: the tweet/forum/chatbot corpora feed the encoder,
    whose subword model copes with their spelling and placeholders (`moderation.data.splits.SOCIAL_SOURCES`)."""
    return rows[~rows["source"].isin(SOCIAL_SOURCES)].reset_index(drop=True)


def fit_incivility(corpus: Corpus, options: TrainOptions, seed: int,
                   labels: tuple[Label, ...] = INCIVILITY_LABELS, extra_rows: pd.DataFrame | None = None,
                   extra_weight: float = 1.0) -> IncivilityModel:
    """The incivility component fitted on `train`, calibrated on `validation` (see `TrainOptions`).

    `options.identity_balance` switches both bias mitigations: re-weighting civil identity mentions and
    the neutral identity placeholder (`IncivilityModel(neutral_identity=...)`).
    `extra_rows` (columns `text`, `source` and the label columns; NaN = unknown) are appended to the training
    rows, weighted like any source, then multiplied by `extra_weight`: retraining's moderator verdicts.
    """
    train = _news_only(_sample(corpus.split("train"), options.max_train_rows, seed))
    n_base = len(train)
    if extra_rows is not None and len(extra_rows):
        train = pd.concat([train, extra_rows], ignore_index=True)
    validation = _news_only(corpus.split("validation"))
    weights = training_weights(train, labels, source_balance=options.source_balance,
                               identity_balance=options.identity_balance)
    weights[n_base:] *= extra_weight
    params = {"neutral_identity": options.identity_balance, **options.model_params}
    model = IncivilityModel(labels=labels, random_state=seed, progress=options.progress, **params)
    return model.fit(train["text"].tolist(), corpus.targets(train, labels), sample_weight=weights,
                     calibration=(validation["text"].tolist(), corpus.targets(validation, labels)))


def fairness_before_mitigation(corpus: Corpus, options: TrainOptions, seed: int, data_dir: Path) -> dict[str, Any]:
    """The same incivility head without either mitigation: the 'before' of the card's fairness section."""
    unmitigated = fit_incivility(corpus, replace(options, identity_balance=False, progress=False), seed,
                                 labels=(Label.INCIVILITY,))
    summary = fairness_summary(unmitigated, data_dir)
    validation = corpus.split("validation", "c3")
    auc = label_metrics(validation["incivility"], unmitigated.predict_proba(validation["text"].tolist())[:, 0], 0.5)
    return {**summary, "c3_validation_roc_auc": round(auc.roc_auc, 4)}


def fit_baseline(corpus: Corpus, seed: int = 0, max_train_rows: int | None = None) -> TfidfLogRegBaseline:
    """The plain TF-IDF(word 1-2) + logistic-regression baseline on exactly our training rows."""
    train = _sample(corpus.split("train"), max_train_rows, seed)
    validation = corpus.split("validation")

    def targets(rows: pd.DataFrame) -> dict[Label, np.ndarray]:
        return {label: rows[label.value].to_numpy(dtype=np.float64) for label in INCIVILITY_LABELS}

    rows = TrainingRows(tuple(train["text"]), targets(train), tuple(validation["text"]), targets(validation))
    return TfidfLogRegBaseline(seed=seed).fit(rows)


PRECISION_FLOOR = 0.5
MIN_THRESHOLD_POSITIVES = 30
FALLBACK_THRESHOLD = 0.5


def _threshold_for(y: np.ndarray, p: np.ndarray, min_positives: int = MIN_THRESHOLD_POSITIVES) -> tuple[float, bool]:
    """(cut, fallback): the F1-maximising cut among those whose precision is >= `PRECISION_FLOOR`.

    A review queue where most flagged comments are fine wastes moderators' time, and an F1 optimum on a
    handful of positives is mostly noise (it picked 0.036 for profanity on 27 positives). So with fewer
    than `MIN_THRESHOLD_POSITIVES` positives, or when no cut reaches the floor, the label falls back to
    `FALLBACK_THRESHOLD` on the calibrated probability ("more likely than not").
    """
    if int(y.sum()) < min_positives or int(y.sum()) == len(y):
        return FALLBACK_THRESHOLD, True
    precision, recall, cuts = precision_recall_curve(y, p)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.nan_to_num(2 * precision * recall / (precision + recall))[:-1]
    allowed = precision[:-1] >= PRECISION_FLOOR
    if not allowed.any():
        return FALLBACK_THRESHOLD, True
    return float(cuts[int(np.argmax(np.where(allowed, f1, -1.0)))]), False


def _threshold_rows(targets: np.ndarray, sources: np.ndarray | None) -> np.ndarray:
    """Known rows, minus sources whose validation rows hold one class only for this label (Kaggle gives
    incivility positives only): they would inflate precision beyond any site's real base rate."""
    known = ~np.isnan(targets)
    if sources is None:
        return known
    keep = known.copy()
    for source in np.unique(sources):
        rows = known & (sources == source)
        if rows.any() and np.unique(targets[rows]).size < 2:
            keep &= ~rows
    return keep if keep.any() else known


def choose_thresholds(probabilities: np.ndarray, targets: np.ndarray, labels: Sequence[Label],
                      sources: np.ndarray | None = None, min_positives: int = MIN_THRESHOLD_POSITIVES,
                      ) -> tuple[dict[Label, float], dict[str, dict[str, float]]]:
    """Per label, a review threshold on validation rows (see `_threshold_for`) and the metrics at it:
    F1, precision, recall and `fallback` (1.0 when the label fell back to `FALLBACK_THRESHOLD`)."""
    thresholds: dict[Label, float] = {}
    justification: dict[str, dict[str, float]] = {}
    for j, label in enumerate(labels):
        rows = _threshold_rows(targets[:, j], sources)
        y, p = targets[rows, j], probabilities[rows, j]
        cut, fallback = (_threshold_for(y.astype(np.int64), p, min_positives) if 0 < y.sum() < len(y)
                         else (FALLBACK_THRESHOLD, True))
        thresholds[label] = cut
        flagged = p >= cut
        precision = float(y[flagged].mean()) if flagged.any() else float("nan")
        recall = float(flagged[y == 1].mean()) if (y == 1).any() else float("nan")
        justification[label.value] = {**label_metrics(y, p, cut).as_dict(), "precision": precision,
                                      "recall": recall, "fallback": float(fallback)}
    return thresholds, justification


Scorer = Callable[[list[str]], dict[Label, np.ndarray]]


def measure(scorer: Scorer, thresholds: dict[Label, float], corpus: Corpus,
            sources: Sequence[str] = TEST_SOURCES) -> dict[str, dict[str, Any]]:
    """Metrics per held-out split (validation, then each test source) and label, for one system."""
    splits = {"validation": corpus.split("validation")}
    splits.update({f"{source}:test": corpus.split("test", source) for source in sources})
    out: dict[str, dict[str, Any]] = {}
    for name, rows in splits.items():
        if rows.empty:
            continue
        scores = scorer(rows["text"].tolist())
        out[name] = {}
        for label, values in scores.items():
            y = rows[label.value].to_numpy(dtype=np.float64)
            known = ~np.isnan(y)
            if known.sum() and 0 < y[known].sum() < known.sum():
                out[name][label.value] = label_metrics(y, values, thresholds.get(label, 0.5)).as_dict()
    return out


def component_scorer(model: IncivilityModel) -> Scorer:
    def score(texts: list[str]) -> dict[Label, np.ndarray]:
        probabilities = model.predict_proba(texts)
        return {label: probabilities[:, j] for j, label in enumerate(model.labels_)}

    return score


def fairness_summary(model: IncivilityModel, data_dir: Path) -> dict[str, Any]:
    """Min subgroup/BPSN/BNSP AUC of the incivility head on the identity templates (evaluation only)."""
    from moderation.evaluation.fairness import load_templates, summarise, term_biases

    templates = load_templates(data_dir, max_rows=FAIRNESS_ROWS, seed=0)
    scores = model.predict_proba(templates["text"].tolist())[:, model.labels_.index(Label.INCIVILITY)]
    summary = summarise(term_biases(templates["text"].tolist(), templates["toxic"], scores))
    return {key: (round(value, 4) if isinstance(value, float) else value) for key, value in summary.items()}


def train(options: TrainOptions) -> TrainResult:
    """Fit, measure, and save the default Moderator artifact; see the module docstring."""
    settings = get_settings()
    seed = settings.seed if options.seed is None else options.seed
    data_dir = options.data_dir or settings.data_dir
    out_dir = (options.out_dir or settings.models_dir).resolve()
    started = time.perf_counter()
    steps = tqdm(total=5, desc="train", disable=not options.progress)
    corpus = load_incivility(data_dir)
    steps.update(1)
    model = fit_incivility(corpus, options, seed)
    steps.update(1)
    validation = corpus.split("validation")
    thresholds, justification = choose_thresholds(model.predict_proba(validation["text"].tolist()),
                                                  corpus.targets(validation), model.labels_,
                                                  validation["source"].to_numpy())
    metrics = {"ours": measure(component_scorer(model), thresholds, corpus)}
    steps.update(1)
    if options.baseline:
        baseline = fit_baseline(corpus, seed, options.max_train_rows)
        metrics["baseline_tfidf_lr"] = measure(lambda t: baseline.score(t), dict(baseline.thresholds), corpus)
    steps.update(1)
    fairness = fairness_summary(model, data_dir) if options.fairness else {}
    if options.fairness and options.fairness_compare:
        c3_validation = corpus.split("validation", "c3")
        after_auc = label_metrics(c3_validation["incivility"],
                                  model.predict_proba(c3_validation["text"].tolist())[:, 0], 0.5).roc_auc
        fairness = {"after_mitigation": {**fairness, "c3_validation_roc_auc": round(after_auc, 4)},
                    "before_mitigation": fairness_before_mitigation(corpus, options, seed, data_dir)}
    seconds = time.perf_counter() - started
    card = build_card(corpus, model, options, seed=seed, thresholds=thresholds, justification=justification,
                      metrics=metrics, fairness=fairness, seconds=seconds,
                      trained_at=datetime.now(UTC).isoformat(timespec="seconds"))
    moderator = Moderator({"incivility": model}, thresholds, card)
    if options.claims and options.max_train_rows is None:
        from moderation.claims.train import add_claims

        moderator = add_claims(moderator, data_dir, seed, steps.write if options.progress else None)
    make_current = options.set_current if options.set_current is not None else out_dir == settings.models_dir
    stem = moderator.save(out_dir, options.name, make_current=make_current)
    steps.update(1)
    steps.close()
    return TrainResult(stem, out_dir, moderator.card)
