"""Normalisation of ordinary comments must not move: the trained models read `normalise(text)`.

The vocabulary rules and wider character tables (issue 13) may change only evasions. On every C3 comment and
every ToxicSpans post (28,100 real news comments, toxic-flagged ones included) at least 99.9 % normalise exactly
as they did with the frozen normalisation the bundled models were trained with (`tests/normalise_v1.py`).
"""

from __future__ import annotations

from pathlib import Path

import normalise_v1
import pytest

from moderation.data import c3, toxic_spans
from moderation.text import normalise

UNCHANGED_GOAL = 0.999


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_comments_normalise_as_before(data_dir: Path) -> None:
    texts = [t for corpus in (c3, toxic_spans) for t in corpus.load(data_dir)["text"].astype(str)]
    changed = [(normalise_v1.normalise(t), normalise(t)) for t in texts if normalise(t) != normalise_v1.normalise(t)]
    share = 1 - len(changed) / len(texts)
    print(f"{len(texts)} texts, {len(changed)} changed ({share:.4%} unchanged)")
    for before, after in changed:
        print(f"  {before[:80]!r} -> {after[:80]!r}")
    assert len(texts) > 20_000
    assert share >= UNCHANGED_GOAL
