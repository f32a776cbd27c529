"""A tiny world for retraining tests: base corpus, current model, identity templates, a newsroom's verdicts.

The newsroom's norm differs from the base corpus: it rejects comments calling readers "sheeple", a word
the base model never saw. Everything here is built in well under a second.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from tiny_incivility import CIVIL, UNCIVIL

from moderation.data import Corpus
from moderation.data.corpus import LABEL_COLUMNS
from moderation.data.splits import dedup_key
from moderation.feedback import Feedback, FeedbackStore
from moderation.model import Moderator
from moderation.train import TrainOptions, fit_incivility
from moderation.types import Decision

TINY_PARAMS = {"n_word_features": 2**12, "n_char_features": 2**12, "folds": 2, "C": 10.0}
TOPICS = ("budget", "housing", "trade", "schools", "transit", "health")


def _rows(texts: list[str], uncivil: list[bool], split: str, source: str = "tiny") -> pd.DataFrame:
    frame = pd.DataFrame({"text": texts, "source": source, "group": "g", "split": split})
    for j, column in enumerate(LABEL_COLUMNS):
        if j < 2:
            frame[column] = [1.0 if u else 0.0 for u in uncivil]
        else:
            frame[column] = [1.0 if i % 4 == 0 else 0.0 for i in range(len(texts))]
    frame["key"] = frame["text"].map(dedup_key)
    return frame


def tiny_corpus() -> Corpus:
    """Train = the tiny sets; validation and test = the same words in new sentences (12 per class each)."""
    train = _rows(UNCIVIL + CIVIL, [True] * len(UNCIVIL) + [False] * len(CIVIL), "train")
    val_texts = [f"{u} on {t}" for u, t in zip(UNCIVIL[:12], TOPICS * 2)]
    val_texts += [f"{c} on {t}" for c, t in zip(CIVIL[:12], TOPICS * 2)]
    test_texts = [f"honestly, {u}" for u in UNCIVIL[8:20]] + [f"honestly, {c}" for c in CIVIL[8:20]]
    validation = _rows(val_texts, [True] * 12 + [False] * 12, "validation")
    test = _rows(test_texts, [True] * 12 + [False] * 12, "test", source="c3")
    return Corpus(frame=pd.concat([train, validation, test], ignore_index=True), adapters={})


def save_current(models_dir: Path, corpus: Corpus | None = None) -> str:
    """The base model (same pipeline, no feedback) saved as the current artifact of `models_dir`."""
    corpus = corpus or tiny_corpus()
    component = fit_incivility(corpus, TrainOptions(progress=False, model_params=TINY_PARAMS), seed=0)
    thresholds = {label: 0.5 for label in component.labels_}
    moderator = Moderator({"incivility": component}, thresholds, {"summary": "tiny base", "metrics": {}})
    return moderator.save(models_dir, "tiny", make_current=True)


def write_templates(data_dir: Path) -> Path:
    """A few identity-term template sentences in the shared file's format (phrase, toxicity, template)."""
    rows = []
    for term in ("gay", "muslim", "christian", "young"):
        rows.append({"phrase": f"i am a {term} person", "toxicity": "nontoxic", "template": "t1"})
        rows.append({"phrase": f"being {term} is fine", "toxicity": "nontoxic", "template": "t2"})
        rows.append({"phrase": f"{term} people are stupid idiots", "toxicity": "toxic", "template": "t3"})
        rows.append({"phrase": f"i hate {term} people, morons", "toxicity": "toxic", "template": "t4"})
    path = data_dir / "fairness" / "en_sentence_templates.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def newsroom_verdicts(n: int = 80, poison_first: int = 0) -> list[Feedback]:
    """Verdicts in time order: 'sheeple' comments rejected, measured ones approved; the first
    `poison_first` verdicts have their decision flipped (a poisoned batch)."""
    out = []
    rng = np.random.default_rng(0)
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        uncivil = bool(rng.integers(0, 2))
        text = (f"only sheeple believe the {topic} story number {i}" if uncivil
                else f"a measured view of the {topic} story number {i}")
        decision = Decision.REJECT if uncivil != (i < poison_first) else Decision.APPROVE
        out.append(Feedback(comment_id=f"c{i}", moderator_id="alice", text=text, decision=decision, site_id="daily"))
    return out


def fill_store(url: str, verdicts: list[Feedback]) -> None:
    """Write verdicts one by one (the store stamps each with the current time, so order is time order)."""
    store = FeedbackStore(url)
    try:
        for feedback in verdicts:
            store.upsert(feedback)
    finally:
        store.close()


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)
