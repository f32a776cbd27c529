"""Highlight segments: strongest span wins where labels overlap, unlikely labels stay unmarked,
unsupported sentences are marked, and the text is never altered (the segments join back to it)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.ui.highlight import segments

TEXT = "What an idiot. Everyone knows the mayor lies."


def _analysis(**scores: float) -> dict:
    return {
        "scores": {"incivility": 0.9, "insult": 0.9, "identity_attack": 0.01, **scores},
        "spans": {
            "incivility": [{"start": 5, "end": 13, "text": "an idiot", "weight": 0.4}],
            "insult": [{"start": 8, "end": 13, "text": "idiot", "weight": 0.9}],
            "identity_attack": [{"start": 34, "end": 39, "text": "mayor", "weight": 2.0}],
        },
        "sentences": [
            {"start": 0, "end": 14, "support": "not_a_claim", "unsupported_probability": 0.1},
            {"start": 15, "end": 45, "support": "unsupported", "unsupported_probability": 0.8},
        ],
    }


def test_strongest_label_wins_and_unlikely_labels_are_not_shown():
    parts = segments(TEXT, _analysis(), {"insult": 0.4, "incivility": 0.4, "identity_attack": 0.5})
    marked = [(p.text, p.label) for p in parts if p.label]
    assert marked == [("an ", "incivility"), ("idiot", "insult")]
    assert "".join(p.text for p in parts) == TEXT


def test_unsupported_sentences_are_marked_once():
    parts = segments(TEXT, _analysis())
    claims = [p for p in parts if p.unsupported is not None]
    assert "".join(p.text for p in claims) == TEXT[15:45] and claims[0].unsupported == pytest.approx(0.8)


@pytest.mark.parametrize("insult", [0.19, 0.21], ids=["below-half-threshold", "above-half-threshold"])
def test_a_label_shows_from_half_its_threshold(insult):
    parts = segments(TEXT, _analysis(insult=insult, incivility=0.0), {"insult": 0.4})
    assert any(p.label == "insult" for p in parts) is (insult >= 0.2)


@given(
    text=st.text(max_size=60),
    cuts=st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.floats(0, 3)), max_size=6),
)
def test_segments_always_rejoin_to_the_text(text, cuts):
    analysis = {
        "scores": {"insult": 1.0},
        "spans": {"insult": [{"start": a, "end": b, "text": "", "weight": w} for a, b, w in cuts]},
        "sentences": [{"start": a, "end": b, "support": "unsupported"} for a, b, _ in cuts],
    }
    assert "".join(p.text for p in segments(text, analysis)) == text
