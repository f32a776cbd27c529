"""`Moderator`: the one object callers use — load a verified artifact, score texts, explain a score.

An artifact holds a dict of named *components* (`"incivility"`, later `"claims"`), each mapping texts to an
(n, k) array of calibrated probabilities for its own `labels_`. A component may also offer
`explain(text) -> {Label: (Span, ...)}`, accept a `context=` keyword in `predict_proba` (article context,
for claim corroboration), and offer `sentences(texts, context=None) -> list[tuple[Sentence, ...]]`.
Adding a component never touches the others: `moderator.with_component("claims", component, thresholds)`
then `moderator.save(models_dir)`.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from moderation.artifact import load_artifact, save_artifact, set_current
from moderation.config import fast_path_enabled
from moderation.errors import InvalidInput
from moderation.negation import denied_stretches, without_denied_insults
from moderation.types import INCIVILITY_LABELS, Label, Scores, Sentence, Span


class Component(Protocol):
    labels_: tuple[Label, ...]

    def predict_proba(self, X: Sequence[str]) -> np.ndarray: ...


def _accepts_context(method: Any) -> bool:
    try:
        return "context" in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False


def _compiled(component: Component) -> Any:
    """The compiled scorer for a component, or None (keep scikit-learn's path).

    Only incivility components have one (the claims component switches its own fast path,
    `ClaimComponent._linear_heads`). `MODERATION_FAST_PATH=0` turns both off, e.g. to compare paths; a
    missing numba or a featurizer the kernel cannot reproduce also falls back.
    """
    if not fast_path_enabled() or not hasattr(component, "featurizer_"):
        return None
    try:
        from moderation.inference.incivility import CompiledIncivility
    except ImportError:
        return None
    try:
        return CompiledIncivility(component)
    except ValueError:
        return None


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str | bytes):
        raise InvalidInput("score() takes a sequence of texts, not a single string; wrap it in a list.")
    out = list(texts)
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise InvalidInput(f"Text {i} is {type(text).__name__}, not str; decode it to UTF-8 text first.")
    return out


class Moderator:
    """Calibrated probabilities for every label of a verified artifact, plus explanations.

    Build one with `Moderator.load()` (the artifact `models/current` names) or from fitted components.
    Attributes: `version` (artifact stem), `labels`, `thresholds` (chosen on validation data), `card`.
    """

    def __init__(self, components: Mapping[str, Component], thresholds: Mapping[Label, float],
                 card: dict[str, Any] | None = None, version: str = "unsaved") -> None:
        self.components = dict(components)
        self.thresholds = {Label(label): float(value) for label, value in thresholds.items()}
        self.card = dict(card or {})
        self.version = version
        self._with_context = {name: _accepts_context(c.predict_proba) for name, c in self.components.items()}
        self._fast: dict[str, Any] | None = None

    def _scorers(self) -> dict[str, Any]:
        """Per component, what computes its probabilities: the compiled scorer when there is one."""
        if self._fast is None:
            self._fast = {name: _compiled(c) or c for name, c in self.components.items()}
        return self._fast

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (e.g. broadcast to Dask workers) without the compiled scorers: each process builds its own."""
        return {**self.__dict__, "_fast": None}

    @property
    def labels(self) -> tuple[Label, ...]:
        return tuple(label for component in self.components.values() for label in component.labels_)

    def probabilities(self, texts: Sequence[str], context: object = None) -> np.ndarray:
        """(n, len(labels)) calibrated probabilities, columns in `labels` order (the fast path).

        Incivility columns are the lower of the text's and the text's without the insults it denies
        (`moderation.negation`); only texts that deny one are scored twice."""
        batch = _check_texts(texts)
        if not batch:
            return np.zeros((0, len(self.labels)))
        columns = []
        for name, component in self._scorers().items():
            if self._with_context[name]:
                columns.append(np.asarray(component.predict_proba(batch, context=context)))  # type: ignore[call-arg]
            else:
                columns.append(np.asarray(component.predict_proba(batch)))
        probabilities = np.clip(np.hstack(columns), 0.0, 1.0)
        denied = [(i, cut) for i, text in enumerate(batch) if (cut := without_denied_insults(text)) is not None]
        if denied:
            self._take_back_denials(probabilities, denied)
        return probabilities

    def _take_back_denials(self, probabilities: np.ndarray, denied: list[tuple[int, str]]) -> None:
        rows = [i for i, _ in denied]
        offset = 0
        for name, component in self._scorers().items():
            labels = self.components[name].labels_
            width = len(labels)
            if any(label in INCIVILITY_LABELS for label in labels) and not self._with_context[name]:
                again = np.clip(np.asarray(component.predict_proba([cut for _, cut in denied])), 0.0, 1.0)
                for k, label in enumerate(labels):
                    if label in INCIVILITY_LABELS:
                        col = offset + k
                        probabilities[rows, col] = np.minimum(probabilities[rows, col], again[:, k])
            offset += width

    def _sentences(self, texts: list[str], context: object) -> list[tuple[Sentence, ...]]:
        found: list[tuple[Sentence, ...]] = [() for _ in texts]
        for component in self.components.values():
            analyse = getattr(component, "sentences", None)
            if analyse is not None:
                found = [tuple(s) for s in analyse(texts, context=context)]
        return found

    def score(self, texts: Sequence[str], *, explain: bool = False, context: object = None) -> list[Scores]:
        """One `Scores` per text: probabilities for every label, spans when `explain`, claim sentences."""
        batch = _check_texts(texts)
        probabilities = self.probabilities(batch, context=context)
        sentences = self._sentences(batch, context)
        labels = self.labels
        out = []
        for i, text in enumerate(batch):
            spans = self._explain_undenied(text) if explain else {}
            values = {label: float(p) for label, p in zip(labels, probabilities[i])}
            out.append(Scores(probabilities=values, spans=spans, sentences=sentences[i]))
        return out

    def _explain_undenied(self, text: str) -> dict[Label, tuple[Span, ...]]:
        """`explain`, without incivility spans inside a denied insult ("not an idiot" drove nothing)."""
        spans = self.explain(text)
        denied = denied_stretches(text)
        if not denied:
            return spans
        return {
            label: tuple(
                s for s in found
                if label not in INCIVILITY_LABELS or not any(a < s.end and s.start < b for a, b in denied)
            )
            for label, found in spans.items()
        }

    def explain(self, text: str) -> dict[Label, tuple[Span, ...]]:
        """Per label, the words/n-grams that drove the score, as spans of the original `text`."""
        if not isinstance(text, str):
            raise InvalidInput("explain() takes one text (str).")
        spans: dict[Label, tuple[Span, ...]] = {}
        for component in self._scorers().values():
            explainer = getattr(component, "explain", None)
            if explainer is not None:
                spans.update(explainer(text))
        return spans

    def with_component(self, name: str, component: Component, thresholds: Mapping[Label, float],
                       card_updates: dict[str, Any] | None = None) -> Moderator:
        """A new Moderator with one more (or one replaced) component and its labels' thresholds."""
        components = {**self.components, name: component}
        card = {**self.card, **(card_updates or {})}
        return Moderator(components, {**self.thresholds, **thresholds}, card, self.version)

    def payload(self) -> dict[str, Any]:
        return {"labels": [label.value for label in self.labels], "components": self.components,
                "thresholds": {label.value: value for label, value in self.thresholds.items()}}

    def save(self, out_dir: Path, name: str = "moderator", *, make_current: bool = False) -> str:
        """Write the artifact + cards into `out_dir`; returns (and adopts) the new version stem."""
        stem = save_artifact(self.payload(), self.card, Path(out_dir), name)
        self.version = stem
        if make_current:
            set_current(Path(out_dir), stem)
        return stem

    @classmethod
    def load(cls, path: str | Path | None = None) -> Moderator:
        """Load a verified artifact (default: the one `models/current` names). Raises `ArtifactError`."""
        loaded = load_artifact(path)
        payload = loaded.payload
        thresholds = {Label(k): v for k, v in payload.get("thresholds", {}).items()}
        return cls(payload["components"], thresholds, loaded.card, loaded.stem)


@lru_cache(maxsize=1)
def get_moderator() -> Moderator:
    """The process-wide default Moderator (loaded once; joblib loading is the slow part)."""
    return Moderator.load()
