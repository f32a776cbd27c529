"""Which words drove each label: occlusion on the normalised words, mapped back to original characters.

For every word we score the comment with that word blanked out; the drop in each head's decision value is
the word's contribution (this accounts for word and character n-grams, IDF and normalisation at once, at
the cost of one extra row per word: fine for the handful of comments a moderator opens; long comments are
explained window by window of `WINDOW_TOKENS` words so the cost stays linear). Adjacent
contributing words merge into one span ("shut up", "lying pieces of"). Offsets come from the offset map of
`moderation.text.normalise_with_offsets`, so "1d10t" or "i d i o t" highlight exactly those characters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from moderation.text import Token, normalise_with_offsets, tokenise
from moderation.types import Label, Span

MAX_SPANS = 5
MIN_CONTRIBUTION = 0.15
WINDOW_TOKENS = 120


def _merge(tokens: list[Token], chosen: list[int], weights: np.ndarray, original: str) -> list[Span]:
    spans: list[Span] = []
    run: list[int] = []
    for index in sorted(chosen) + [-2]:
        if run and index != run[-1] + 1:
            start, end = tokens[run[0]].original_start, tokens[run[-1]].original_end
            spans.append(Span(start, end, original[start:end], float(weights[run].sum())))
            run = []
        run.append(index)
    return sorted(spans, key=lambda span: -span.weight)


def _window_drops(normalised: str, window: list[Token], original: str,
                  decision: Callable[[list[str], list[str]], np.ndarray]) -> np.ndarray:
    """Occlusion inside one window of tokens, so cost stays linear in comment length."""
    lo, hi = window[0].start, window[-1].end
    base = normalised[lo:hi]
    variants = [base] + [base[: t.start - lo] + " " + base[t.end - lo :] for t in window]
    context = original[window[0].original_start : window[-1].original_end]
    values = decision(variants, [context] * len(variants))
    return values[0][None, :] - values[1:]


def explain_by_occlusion(text: str, labels: Sequence[Label],
                         decision: Callable[[list[str], list[str]], np.ndarray]) -> dict[Label, tuple[Span, ...]]:
    """Per label, up to `MAX_SPANS` spans of `text` whose removal lowers the decision value the most.

    `decision(normalised_texts, original_texts) -> (n, len(labels))` are the heads' raw decision values.
    """
    normalised = normalise_with_offsets(text)
    tokens = tokenise(normalised)
    if not tokens:
        return {label: () for label in labels}
    drops = np.vstack([
        _window_drops(normalised.text, tokens[lo : lo + WINDOW_TOKENS], text, decision)
        for lo in range(0, len(tokens), WINDOW_TOKENS)
    ])
    out: dict[Label, tuple[Span, ...]] = {}
    for j, label in enumerate(labels):
        contribution = drops[:, j]
        order = [i for i in np.argsort(-contribution, kind="stable") if contribution[i] >= MIN_CONTRIBUTION]
        out[label] = tuple(_merge(tokens, order[:MAX_SPANS], contribution, text))
    return out
