"""Which words drove the encoder's score: a linear head on the encoder's per-token states, mapped to characters.

The ONNX graph already returns `hidden` (per-token last-layer states) beside the logits, so a linear head on
those states explains the neural score without a second forward pass or occlusion (one matrix product per
comment). The head is trained on ToxicSpans' human spans (`moderation.encoder_training.span_head`); here it is
only applied. Offsets: the encoder reads `normalise(text)`; the tokenizer's offsets point into that normalised
string and `normalise_with_offsets` maps them back to the characters the reader wrote, so "1d10t" or
"i d i o t" highlight exactly those characters.

Classes of the head: index 0 is "not toxic", the others are a typed kind of toxicity (insult, profanity,
identity attack, threat, other). A token is toxic when P(not toxic) < `threshold`; its type is the most likely
of the others. `Label.INCIVILITY` gets every toxic token; a typed label gets the tokens of its type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from moderation.encoder.runtime import OnnxEncoder
from moderation.text import normalise_with_offsets
from moderation.types import Label, Span

CONTEXT = (-1, 1)
"""Neighbour-token offsets whose states are appended to a token's own (the head sees its left/right context)."""


@dataclass(frozen=True)
class TokenStates:
    """Per token of `text` (no [CLS]/[SEP]): its hidden state and the original characters [start, end)."""

    text: str
    hidden: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


def _windows(n_tokens: int, body: int) -> list[tuple[int, int]]:
    """Non-overlapping windows of at most `body` tokens covering [0, n_tokens)."""
    return [(lo, min(n_tokens, lo + body)) for lo in range(0, max(n_tokens, 1), body)]


def token_states(encoder: OnnxEncoder, texts: Sequence[str]) -> list[TokenStates]:
    """Each text's per-token hidden states (windows of `max_len` tokens for long texts) and character offsets.

    Uses the same graph and tokenizer as `OnnxEncoder.run` but fetches `hidden`; like `run`, each window
    runs alone, so an explanation does not depend on which comments share the request (dynamic int8).
    """
    session, tokenizer = encoder._ready()
    normalised = [normalise_with_offsets(text) for text in texts]
    encodings = tokenizer.encode_batch([n.text for n in normalised], add_special_tokens=False)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    body = encoder.max_len - 2
    rows: list[tuple[int, int, int]] = []
    for i, encoding in enumerate(encodings):
        rows.extend((i, lo, hi) for lo, hi in _windows(len(encoding.ids), body))
    per_text: list[list[np.ndarray]] = [[] for _ in texts]
    for i, lo, hi in rows:
        ids = np.asarray([[cls, *encodings[i].ids[lo:hi], sep]], dtype=np.int64)
        (hidden,) = session.run(["hidden"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        per_text[i].append(hidden[0, 1 : hi - lo + 1])
    out = []
    for i, norm in enumerate(normalised):
        spans = np.asarray(encodings[i].offsets, dtype=np.int64).reshape(-1, 2)
        states = np.concatenate(per_text[i]) if spans.size else np.zeros((0, hidden.shape[-1]), np.float32)
        if spans.size:
            starts, ends = norm.starts[spans[:, 0]], norm.ends[np.maximum(spans[:, 1], spans[:, 0] + 1) - 1]
        else:
            starts = ends = np.zeros(0, dtype=np.int64)
        out.append(TokenStates(norm.original, states.astype(np.float32), starts, ends))
    return out


def token_features(hidden: np.ndarray, context: Sequence[int] = CONTEXT) -> np.ndarray:
    """A token's state followed by its neighbours' (zeros beyond the text's ends)."""
    n, d = hidden.shape
    parts = [hidden]
    for shift in context:
        moved = np.zeros_like(hidden)
        if shift < 0 and n > -shift:
            moved[-shift:] = hidden[: n + shift]
        elif shift > 0 and n > shift:
            moved[: n - shift] = hidden[shift:]
        parts.append(moved)
    return np.concatenate(parts, axis=1) if n else np.zeros((0, d * (1 + len(context))), np.float32)


@dataclass(frozen=True)
class TokenSpanHead:
    """A fitted multinomial linear head over token features: plain arrays, so it pickles small (~100 kB).

    `coef` (n_classes, n_features) and `intercept` (n_classes,); `classes[0]` is "none", the others are label
    values or "other"; `threshold` on P(none) and `bridge` (join predicted words separated by at most this many
    non-word characters) were chosen on ToxicSpans trial; `metrics` records the F1 that justified them.
    """

    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]
    context: tuple[int, ...]
    threshold: float
    bridge: int
    metrics: dict[str, float]

    def probabilities(self, hidden: np.ndarray) -> np.ndarray:
        logits = token_features(hidden, self.context) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True) if len(logits) else 0.0
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)


def _character_runs(text: str, marks: np.ndarray, bridge: int) -> list[tuple[int, int]]:
    """[start, end) runs of marked characters; gaps of at most `bridge` non-alphanumeric characters are joined."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, marked in enumerate(np.append(marks, False)):
        if marked and start is None:
            start = i
        elif not marked and start is not None:
            runs.append((start, i))
            start = None
    merged: list[tuple[int, int]] = []
    for lo, hi in runs:
        if merged and lo - merged[-1][1] <= bridge and not any(c.isalnum() for c in text[merged[-1][1]:lo]):
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _word_marks(states: TokenStates, chosen: np.ndarray) -> np.ndarray:
    """Characters of every word that has a chosen token (a word-piece marks its whole word)."""
    text = states.text
    marks = np.zeros(len(text), dtype=bool)
    for start, end in zip(states.starts[chosen], states.ends[chosen]):
        lo, hi = int(start), int(end)
        while lo > 0 and text[lo - 1].isalnum():
            lo -= 1
        while hi < len(text) and text[hi].isalnum():
            hi += 1
        marks[lo:hi] = True
    return marks


def spans_from_states(states: TokenStates, head: TokenSpanHead) -> dict[Label, tuple[Span, ...]]:
    """`{Label: spans}` for incivility (every toxic token) and each typed label the head knows."""
    text = states.text
    probabilities = head.probabilities(states.hidden)
    toxic = probabilities[:, 0] < head.threshold if len(probabilities) else np.zeros(0, dtype=bool)
    kind = np.argmax(probabilities[:, 1:], axis=1) + 1 if len(probabilities) else np.zeros(0, dtype=np.int64)
    out: dict[Label, tuple[Span, ...]] = {}
    groups = {Label.INCIVILITY: toxic}
    for k, name in enumerate(head.classes):
        if k and name in Label._value2member_map_:
            groups[Label(name)] = toxic & (kind == k)
    for label, chosen in groups.items():
        marks = _word_marks(states, np.flatnonzero(chosen))
        spans = []
        for lo, hi in _character_runs(text, marks, head.bridge):
            inside = (states.starts < hi) & (states.ends > lo) & chosen
            weight = float((1.0 - probabilities[inside, 0]).max()) if inside.any() else 0.0
            spans.append(Span(lo, hi, text[lo:hi], weight))
        out[label] = tuple(sorted(spans, key=lambda s: -s.weight))
    return out


def explain(encoder: OnnxEncoder, head: TokenSpanHead, text: str) -> dict[Label, tuple[Span, ...]]:
    """Like `Moderator.explain`: per label, the spans of `text` the encoder's token states mark as toxic."""
    if not isinstance(text, str):
        raise TypeError("explain() takes one text (str).")
    return spans_from_states(token_states(encoder, [text])[0], head)


_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass(frozen=True)
class WordStacker:
    """Word-level decision on top of the token head: P(word inside a human span) from the head's token
    probability and how often the word was inside a span in ToxicSpans *train* (`lexicon`: word ->
    (times seen, times inside a span), words seen at least twice).

    Why: the token head alone (test span F1 0.616) and the plain word lexicon (0.638) fail on different
    posts -- the head misses stock insults it saw in context only, the lexicon misses disguised or
    unseen words ("1d10t") and marks "stupid" in "not stupid". A five-weight logistic stacker fitted on
    ToxicSpans *trial* words takes the better of both (`moderation.encoder_training.span_head`)."""

    lexicon: dict[str, tuple[int, int]]
    coef: np.ndarray
    intercept: float
    threshold: float
    type_share: float = 0.0
    """A chosen word counts for a typed label when the head gives that type at least this share of the
    word's toxicity. 0 (every chosen word counts for every typed label) was best on ToxicSpans trial for
    all four types (insult 0.82, profanity 0.59, identity 0.19, threat 0.43 vs 0.68 / 0.16 / 0.00 / 0.24 for
    the head's most likely type): the head ranks toxic words well but types them poorly."""

    def features(self, head_p: np.ndarray, words: Sequence[str]) -> np.ndarray:
        seen = np.array([self.lexicon.get(w.lower(), (0, 0)) for w in words], dtype=np.float64).reshape(-1, 2)
        share = np.where(seen[:, 0] >= 2, (seen[:, 1] + 0.5) / (seen[:, 0] + 1), 0.0)
        return np.column_stack([head_p, np.log1p(seen[:, 0]), share, seen[:, 0] >= 2, head_p * share])

    def probabilities(self, head_p: np.ndarray, words: Sequence[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.features(head_p, words) @ self.coef + self.intercept)))


def word_probabilities(states: TokenStates, head: TokenSpanHead) -> tuple[list[tuple[int, int, str]], np.ndarray, np.ndarray]:
    """Each word of `states.text` ((start, end, word)), its highest token P(toxic), and the token-type
    probabilities of that token (for typed labels)."""
    probabilities = head.probabilities(states.hidden) if len(states.hidden) else np.zeros((0, len(head.classes)))
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(states.text)]
    head_p = np.zeros(len(words))
    kinds = np.zeros((len(words), len(head.classes)))
    for k, (lo, hi, _) in enumerate(words):
        inside = np.flatnonzero((states.starts < hi) & (states.ends > lo))
        if len(inside):
            best = inside[np.argmin(probabilities[inside, 0])]
            head_p[k] = 1.0 - probabilities[best, 0]
            kinds[k] = probabilities[best]
    return words, head_p, kinds


def word_spans(states: TokenStates, head: TokenSpanHead, stacker: WordStacker) -> dict[Label, tuple[Span, ...]]:
    """Like `spans_from_states`, deciding per word with `stacker`; a typed label gets the chosen words
    to which the head gives at least `stacker.type_share` of their toxicity for that type."""
    text = states.text
    words, head_p, kinds = word_probabilities(states, head)
    p = stacker.probabilities(head_p, [w for _, _, w in words]) if words else np.zeros(0)
    chosen = p >= stacker.threshold
    toxicity = 1.0 - kinds[:, 0]
    groups = {Label.INCIVILITY: chosen}
    for k, name in enumerate(head.classes):
        if k and name in Label._value2member_map_:
            groups[Label(name)] = chosen & (kinds[:, k] >= stacker.type_share * toxicity)
    out: dict[Label, tuple[Span, ...]] = {}
    for label, mask in groups.items():
        marks = np.zeros(len(text), dtype=bool)
        for (lo, hi, _), on in zip(words, mask):
            marks[lo:hi] |= bool(on)
        spans = []
        for lo, hi in _character_runs(text, marks, head.bridge):
            inside = [float(p[k]) for k, (a, b, _) in enumerate(words) if mask[k] and a < hi and b > lo]
            spans.append(Span(lo, hi, text[lo:hi], max(inside) if inside else 0.0))
        out[label] = tuple(sorted(spans, key=lambda s: -s.weight))
    return out


@dataclass(frozen=True)
class TokenSpanExplainer:
    """What `BlendedIncivility.explainer` holds: the shared encoder, a fitted token head and (optionally)
    the word stacker, so the blend's explanations come from the same network that drives most of its
    score (one forward pass per comment), not from occluding the n-gram part. Pickled inside the
    artifact; the encoder object is the blend's own, so the graph is stored once."""

    encoder: OnnxEncoder
    head: TokenSpanHead
    stacker: WordStacker | None = None

    def explain(self, text: str) -> dict[Label, tuple[Span, ...]]:
        if not isinstance(text, str):
            raise TypeError("explain() takes one text (str).")
        states = token_states(self.encoder, [text])[0]
        if self.stacker is None:
            return spans_from_states(states, self.head)
        return word_spans(states, self.head, self.stacker)
