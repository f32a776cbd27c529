"""Everything the evaluation compares, behind one small interface: texts in, per-label scores out.

Our model, the TF-IDF+LR baseline, VADER and the offline peers differ in which labels they cover,
whether their scores are calibrated probabilities, and where their decision thresholds come from;
`System` makes those differences explicit so the runner can treat them alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from moderation.types import ClaimType, Label

CHUNK = 512


class SystemFailed(RuntimeError):
    """A system could not score (e.g. a peer's worker died); the run notes it and goes on without it."""


class System(Protocol):
    """A scorer under evaluation. `calibrated` False means its ECE and reliability plot are not shown."""

    name: str
    calibrated: bool

    @property
    def labels(self) -> tuple[Label, ...]: ...

    @property
    def thresholds(self) -> Mapping[Label, float]: ...

    def score(self, texts: Sequence[str]) -> dict[Label, NDArray[np.float64]]: ...


class ModeratorSystem:
    """Our trained artifact (anything with `Moderator`'s `.score`, `.labels`, `.thresholds`)."""

    calibrated = True

    def __init__(self, moderator: Any, name: str = "ours") -> None:
        self.moderator = moderator
        self.name = name

    @property
    def labels(self) -> tuple[Label, ...]:
        return tuple(self.moderator.labels)

    @property
    def thresholds(self) -> Mapping[Label, float]:
        return dict(self.moderator.thresholds)

    def score_grouped(self, texts: Sequence[str], groups: Sequence[str]) -> dict[Label, NDArray[np.float64]]:
        """Units (e.g. CDCP's gold propositions) scored inside their comment, as the published CDCP
        results are: a component with `score_units` (the claims one) sees the neighbouring units; other
        labels are scored text by text."""
        scores = self.score(texts)
        component = next((c for c in getattr(self.moderator, "components", {}).values()
                          if hasattr(c, "score_units")), None)
        if component is None:
            return scores
        doc = np.unique(np.asarray(groups), return_inverse=True)[1]
        units = component.score_units(list(texts), doc)  # (type probabilities, P(unsupported), ...)
        type_p, unsupported = units[0], units[1]
        scores[Label.UNSUPPORTED_CLAIM] = np.asarray(unsupported, dtype=np.float64)
        for j, claim_type in enumerate(ClaimType):
            scores[Label(f"claim_{claim_type.value}")] = np.asarray(type_p[:, j], dtype=np.float64)
        return scores

    def score(self, texts: Sequence[str]) -> dict[Label, NDArray[np.float64]]:
        columns: dict[Label, list[float]] = {label: [] for label in self.labels}
        for start in range(0, len(texts), CHUNK):
            for scores in self.moderator.score(list(texts[start:start + CHUNK])):
                for label in self.labels:
                    columns[label].append(float(scores.probabilities.get(label, np.nan)))
        return {label: np.asarray(values, dtype=np.float64) for label, values in columns.items()}


class VaderSystem:
    """VADER's compound sentiment, negated and mapped to [0, 1], as a lexicon-only incivility score.

    Threshold 0.525 is VADER's own "negative" cut-off (compound <= -0.05); the score is not a
    probability, so no calibration is reported for it.
    """

    name = "vader"
    calibrated = False
    labels = (Label.INCIVILITY,)
    thresholds: Mapping[Label, float] = {Label.INCIVILITY: 0.525}

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self.analyzer = SentimentIntensityAnalyzer()

    def score(self, texts: Sequence[str]) -> dict[Label, NDArray[np.float64]]:
        compound = np.array([self.analyzer.polarity_scores(text)["compound"] for text in texts], dtype=float)
        return {Label.INCIVILITY: (1.0 - compound) / 2.0}


class BlendPartSystem:
    """One part of the shipped blended incivility component alone: `part` is "ngram" or "encoder".

    Each part is calibrated on its own and has its own validation thresholds (`part_thresholds_`), so the
    side-by-side table shows what the blend adds over either part.
    """

    calibrated = True

    def __init__(self, component: Any, part: str, name: str | None = None,
                 cache: dict[int, tuple[Any, Any]] | None = None) -> None:
        if part not in ("ngram", "encoder"):
            raise ValueError(f"part must be 'ngram' or 'encoder', got {part!r}.")
        self.component = component
        self.part = part
        self.name = name or f"{part}-only"
        self.cache = {} if cache is None else cache

    @property
    def labels(self) -> tuple[Label, ...]:
        return tuple(self.component.labels_)

    @property
    def thresholds(self) -> Mapping[Label, float]:
        chosen = getattr(self.component, "part_thresholds_", {}).get(self.part, {})
        return {label: float(chosen.get(label.value, 0.5)) for label in self.labels}

    def score(self, texts: Sequence[str]) -> dict[Label, NDArray[np.float64]]:
        out: dict[Label, list[NDArray[np.float64]]] = {label: [] for label in self.labels}
        for start in range(0, len(texts), CHUNK):
            chunk = list(texts[start:start + CHUNK])
            key = hash(tuple(chunk))
            if key not in self.cache:
                self.cache[key] = self.component.parts(chunk)
            ngram, encoder = self.cache[key]
            chosen = ngram if self.part == "ngram" else encoder
            for j, label in enumerate(self.labels):
                out[label].append(np.asarray(chosen[:, j], dtype=np.float64))
        return {label: np.concatenate(parts) if parts else np.zeros(0) for label, parts in out.items()}
