"""The claims cross-encoder: the context it reads, and how its outputs enter the component's scores."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.claims.cross import TARGET_MARK, target_contexts
from moderation.claims.cross_encoded import CrossEncodedClaimComponent
from moderation.claims.encoded import EncodedClaimComponent


@pytest.mark.parametrize(("texts", "doc", "expected"), [
    (["A.", "B.", "C."], [0, 0, 0], ["[TARGET] B. C.", "A. [TARGET] C.", "A. B. [TARGET]"]),
    (["A.", "B.", "C."], [0, 1, 1], ["[TARGET]", "[TARGET] C.", "B. [TARGET]"]),
    (["Only one."], [3], ["[TARGET]"]),
    ([], [], []),
])
def test_each_unit_reads_the_rest_of_its_own_comment(texts, doc, expected) -> None:
    assert target_contexts(texts, doc) == expected


@given(st.lists(st.tuples(st.text(alphabet="abc .", max_size=6), st.integers(0, 3)), max_size=12))
def test_one_mark_per_context_and_nothing_from_other_comments(rows) -> None:
    rows = sorted(rows, key=lambda r: r[1])
    texts, doc = [r[0] for r in rows], [r[1] for r in rows]
    for i, context in enumerate(target_contexts(texts, doc)):
        assert context.count(TARGET_MARK) == 1 + sum(TARGET_MARK in t for t in texts)
        mates = [t for t, d in zip(texts, doc) if d == doc[i]]
        assert len(context) == len(" ".join(mates)) - len(texts[i]) + len(TARGET_MARK)


class FixedCross:
    """Stands in for the ONNX graph: every unit 'fact' and P(unsupported | claim) = 0.9."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def logits(self, targets, contexts):  # type: ignore[no-untyped-def]
        self.seen += list(zip(targets, contexts))
        out = np.full((len(targets), 6), -5.0, dtype=np.float32)
        out[:, 2] = 5.0
        out[:, 5] = np.log(0.9 / 0.1)
        return out


@pytest.fixture(scope="module")
def fitted() -> EncodedClaimComponent:
    from moderation.model import Moderator

    return Moderator.load().components["claims"]


TEXTS = ["Thanks for writing this.", "The mayor took the money.", "Crime doubled last year.", "Hi all!"]
DOC = np.array([0, 0, 1, 2])


def test_units_below_the_gate_keep_the_frozen_heads_scores(fitted) -> None:
    base_full, base_unsupported, _ = EncodedClaimComponent.score_units(fitted, TEXTS, DOC)
    cross = FixedCross()
    component = CrossEncodedClaimComponent.from_encoded(fitted, cross, gate=0.5)
    full, unsupported, _ = component.score_units(TEXTS, DOC)
    claim = 1 - base_full[:, -1]
    low = claim < 0.5
    assert low.any() and (~low).any()
    np.testing.assert_allclose(unsupported[low], base_unsupported[low])
    np.testing.assert_allclose(full[:, -1], base_full[:, -1])
    assert {t for t, _ in cross.seen} == {t for t, keep in zip(TEXTS, ~low) if keep}


def test_gated_units_take_the_cross_encoders_type_and_support(fitted) -> None:
    _, claim, _, own, _ = fitted.unit_parts(TEXTS, DOC)
    component = CrossEncodedClaimComponent.from_encoded(fitted, FixedCross(), gate=0.0)
    full, unsupported, _ = component.score_units(TEXTS, DOC)
    np.testing.assert_allclose(unsupported, claim * 0.9 * (1 - own), rtol=1e-5)
    assert (full[:, :5].argmax(axis=1) == 2).all()
    np.testing.assert_allclose(full.sum(axis=1), 1.0, rtol=1e-5)


def test_the_cross_encoder_reads_the_comment_around_each_sentence(fitted) -> None:
    cross = FixedCross()
    CrossEncodedClaimComponent.from_encoded(fitted, cross, gate=0.0).score_units(TEXTS, DOC)
    assert ("The mayor took the money.", "Thanks for writing this. [TARGET]") in cross.seen
    assert ("Crime doubled last year.", "[TARGET]") in cross.seen


def test_whole_texts_are_not_sent_through_the_cross_encoder(fitted) -> None:
    """Whole multi-sentence texts are scored for their whole-text type only: the frozen heads suffice."""
    cross = FixedCross()
    whole = "The mayor took the money. Crime doubled last year."
    CrossEncodedClaimComponent.from_encoded(fitted, cross, gate=0.0).score_units(
        [*TEXTS, whole], np.array([*DOC, 9]), first_whole=len(TEXTS))
    assert whole not in {t for t, _ in cross.seen} and len(cross.seen) == len(TEXTS)
