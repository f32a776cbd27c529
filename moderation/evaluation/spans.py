"""Do explanations point at the words people mark? Character-level span F1 on ToxicSpans (SemEval-2021 Task 5).

The task's metric (Pavlopoulos et al. 2021): per post, F1 between the predicted and the gold *sets of character
offsets*; a post whose gold and prediction are both empty scores 1, one empty and the other not scores 0; the
score is the mean over posts. Gold is the official `semeval2021/tsd_{train,trial,test}.csv` (offsets chosen by
more than half of the raters, untyped). Typed spans (insult, profanity, identity attack, threat) come from the
per-rater release (`comments.csv`, `annotations.csv`, `spans.csv`): a character has a type when more than half
of the post's raters marked it with that type.
"""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from moderation.types import Label, Span

SEMEVAL_DIR = "incivility/civil_comments_toxic_spans/semeval2021"
RAW_DIR = "incivility/civil_comments_toxic_spans"
SPLITS = ("train", "trial", "test")
TYPE_LABELS: dict[str, Label] = {
    "Insult": Label.INSULT, "Insu": Label.INSULT,
    "Profane/Obscene": Label.PROFANITY,
    "Identity based Attack": Label.IDENTITY_ATTACK, "Identity based": Label.IDENTITY_ATTACK,
    "Threat": Label.THREAT,
}
"""ToxicSpans span types that map onto our labels ("Other Toxicity" has no label of its own)."""


@dataclass(frozen=True)
class SpanPost:
    """One ToxicSpans post: its text, the gold toxic character offsets, and per label the typed offsets."""

    text: str
    gold: frozenset[int]
    typed: Mapping[Label, frozenset[int]] = field(default_factory=dict)


def span_f1(predicted: Iterable[int], gold: Iterable[int]) -> float:
    """The SemEval-2021 Task 5 per-post F1 of two sets of character offsets."""
    p, g = set(predicted), set(gold)
    if not g:
        return 1.0 if not p else 0.0
    if not p:
        return 0.0
    hit = len(p & g)
    if hit == 0:
        return 0.0
    precision, recall = hit / len(p), hit / len(g)
    return 2 * precision * recall / (precision + recall)


def mean_span_f1(predicted: Sequence[Iterable[int]], gold: Sequence[Iterable[int]]) -> float:
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} posts; give one per post.")
    if not gold:
        raise ValueError("No posts to score.")
    return float(np.mean([span_f1(p, g) for p, g in zip(predicted, gold)]))


def offsets(spans: Iterable[Span]) -> set[int]:
    """The character offsets a set of explanation spans covers."""
    return {i for span in spans for i in range(span.start, span.end)}


def union_offsets(explanation: Mapping[Label, Sequence[Span]], labels: Iterable[Label] | None = None) -> set[int]:
    """Offsets covered by any span of the given labels (all labels by default)."""
    chosen = set(explanation) if labels is None else set(labels)
    return {i for label, spans in explanation.items() if label in chosen for i in offsets(spans)}


def _typed_offsets(data_dir: Path) -> dict[str, dict[Label, frozenset[int]]]:
    """Per comment text, per label, the offsets more than half of its raters marked with that type."""
    root = Path(data_dir) / RAW_DIR
    comments = pd.read_csv(root / "comments.csv")
    annotations = pd.read_csv(root / "annotations.csv", usecols=["annotation", "comment_id"])
    spans = pd.read_csv(root / "spans.csv", usecols=["annotation", "type", "start", "end"])
    raters = annotations.groupby("comment_id").size()
    spans = spans.merge(annotations, on="annotation")
    spans["label"] = spans["type"].map(TYPE_LABELS)
    spans = spans[spans["label"].notna()]
    texts = dict(zip(comments["comment_id"], comments["comment_text"].astype(str)))
    starts, ends = spans["start"].to_numpy(np.int64), spans["end"].to_numpy(np.int64)
    widths = np.maximum(ends - starts, 0)
    rows = np.repeat(np.arange(len(spans)), widths)
    chars = pd.DataFrame({
        "comment_id": spans["comment_id"].to_numpy()[rows], "label": spans["label"].to_numpy()[rows],
        "annotation": spans["annotation"].to_numpy()[rows],
        "char": np.arange(int(widths.sum())) - np.repeat(np.cumsum(widths) - widths, widths) + starts[rows],
    }).drop_duplicates()
    votes = chars.groupby(["comment_id", "label", "char"]).size().rename("votes").reset_index()
    votes = votes[votes["votes"] > votes["comment_id"].map(raters).to_numpy() / 2]
    marked: dict[tuple[int, str], list[int]] = {}
    for comment_id, label, char in zip(votes["comment_id"].tolist(), votes["label"].tolist(), votes["char"].tolist()):
        marked.setdefault((comment_id, label), []).append(char)
    out: dict[str, dict[Label, frozenset[int]]] = {}
    for (comment_id, label), chars_of in marked.items():
        if comment_id in texts:
            out.setdefault(texts[comment_id], {})[Label(label)] = frozenset(chars_of)
    return out


def load_posts(data_dir: Path, split: str, typed: bool = False) -> list[SpanPost]:
    """The official SemEval-2021 posts of `split`, with typed offsets from the per-rater files when `typed`."""
    if split not in SPLITS:
        raise ValueError(f"Unknown ToxicSpans split {split!r}; choose from {SPLITS}.")
    path = Path(data_dir) / SEMEVAL_DIR / f"tsd_{split}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; point --data-dir at the shared data folder.")
    frame = pd.read_csv(path)
    kinds = _typed_offsets(data_dir) if typed else {}
    return [SpanPost(str(text), frozenset(ast.literal_eval(spans)), kinds.get(str(text), {}))
            for spans, text in zip(frame["spans"], frame["text"])]


@dataclass(frozen=True)
class SpanResult:
    explainer: str
    f1: float
    posts: int
    ms_per_post: float
    ms_p95: float


def evaluate_explainer(name: str, explain: Callable[[str], set[int]], posts: Sequence[SpanPost]) -> SpanResult:
    """Mean span F1 of `explain(text) -> offsets` on `posts`, and its wall time per post."""
    predicted, times = [], []
    for post in posts:
        start = time.perf_counter()
        predicted.append(explain(post.text))
        times.append(time.perf_counter() - start)
    return SpanResult(name, mean_span_f1(predicted, [p.gold for p in posts]), len(posts),
                      1000 * float(np.mean(times)), 1000 * float(np.percentile(times, 95)))


def typed_f1(explain: Callable[[str], Mapping[Label, Sequence[Span]]], posts: Sequence[SpanPost],
             labels: Sequence[Label]) -> dict[str, float]:
    """Per label, span F1 against the typed offsets, on the posts where that type was marked."""
    out = {}
    for label in labels:
        chosen = [p for p in posts if label in p.typed]
        if chosen:
            predicted = [offsets(explain(p.text).get(label, ())) for p in chosen]
            out[label.value] = mean_span_f1(predicted, [p.typed[label] for p in chosen])
    return out


_WORD = re.compile(r"\w+")


class WordLexiconBaseline:
    """The plain baseline: mark every word that was inside a gold span in most of its training occurrences.

    `min_count` occurrences are needed for a word to count; `min_share` of them must be toxic.
    """

    def __init__(self, min_count: int = 2, min_share: float = 0.5) -> None:
        self.min_count = min_count
        self.min_share = min_share

    def fit(self, posts: Sequence[SpanPost]) -> WordLexiconBaseline:
        if not posts:
            raise ValueError("The lexicon baseline needs training posts.")
        seen: dict[str, int] = {}
        toxic: dict[str, int] = {}
        for post in posts:
            for match in _WORD.finditer(post.text):
                word = match.group(0).lower()
                seen[word] = seen.get(word, 0) + 1
                if any(i in post.gold for i in range(*match.span())):
                    toxic[word] = toxic.get(word, 0) + 1
        self.words_ = frozenset(w for w, n in seen.items()
                                if n >= self.min_count and toxic.get(w, 0) / n >= self.min_share)
        return self

    def explain(self, text: str) -> set[int]:
        return {i for m in _WORD.finditer(text) if m.group(0).lower() in self.words_ for i in range(*m.span())}
