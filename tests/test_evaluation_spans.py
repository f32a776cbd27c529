"""Span F1 follows the SemEval-2021 Task 5 definition; the token-span head turns token scores into word spans."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from moderation.encoder.spans import (
    TokenSpanHead,
    TokenStates,
    WordStacker,
    spans_from_states,
    token_features,
    word_spans,
)
from moderation.evaluation.spans import SpanPost, WordLexiconBaseline, mean_span_f1, span_f1, union_offsets
from moderation.types import Label, Span


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        pytest.param(set(), set(), 1.0, id="both-empty"),
        pytest.param({1}, set(), 0.0, id="gold-empty"),
        pytest.param(set(), {1}, 0.0, id="prediction-empty"),
        pytest.param({1, 2}, {1, 2}, 1.0, id="exact"),
        pytest.param({1, 2}, {2, 3}, 0.5, id="half"),
        pytest.param({1, 2, 3, 4}, {1, 2}, 2 / 3, id="over-long"),
        pytest.param({5}, {1}, 0.0, id="disjoint"),
    ],
)
def test_span_f1(predicted: set[int], gold: set[int], expected: float) -> None:
    assert span_f1(predicted, gold) == pytest.approx(expected)


def test_mean_span_f1_is_a_mean_over_posts_and_checks_lengths() -> None:
    assert mean_span_f1([set(), {1}], [set(), {2}]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="one per post"):
        mean_span_f1([set()], [set(), set()])


def test_union_offsets_of_chosen_labels() -> None:
    spans = {Label.INSULT: (Span(0, 3, "you", 1.0),), Label.THREAT: (Span(5, 7, "xx", 1.0),)}
    assert union_offsets(spans) == {0, 1, 2, 5, 6}
    assert union_offsets(spans, [Label.INSULT]) == {0, 1, 2}


def test_lexicon_baseline_marks_words_toxic_in_training() -> None:
    posts = [SpanPost("you idiot", frozenset(range(4, 9))), SpanPost("an idiot idea", frozenset(range(3, 8))),
             SpanPost("you know", frozenset())]
    lexicon = WordLexiconBaseline(min_count=2).fit(posts)
    assert lexicon.explain("What an IDIOT you are") == set(range(8, 13))


def _states(text: str, words: list[tuple[int, int]], toxic: list[bool]) -> TokenStates:
    hidden = np.array([[1.0, 0.0] if t else [0.0, 1.0] for t in toxic], dtype=np.float32)
    starts, ends = np.array([w[0] for w in words]), np.array([w[1] for w in words])
    return TokenStates(text, hidden, starts, ends)


def _head(bridge: int = 1) -> TokenSpanHead:
    """Class 0 (none) follows feature 1, class 1 (insult) feature 0; no context."""
    coef = np.array([[-5.0, 5.0], [5.0, -5.0]], dtype=np.float32)
    return TokenSpanHead(coef, np.zeros(2, np.float32), ("none", "insult"), (), 0.5, bridge, {})


def test_head_marks_whole_words_joins_neighbours_and_types_them() -> None:
    text = "you stu pid, 1d10t"
    states = _states(text, [(0, 3), (4, 7), (8, 11), (13, 15), (15, 18)], [False, True, True, False, True])
    spans = spans_from_states(states, _head())
    assert sorted((s.start, s.end) for s in spans[Label.INCIVILITY]) == [(4, 11), (13, 18)]
    assert {(s.start, s.end) for s in spans[Label.INSULT]} == {(4, 11), (13, 18)}
    assert all(text[s.start:s.end] == s.text for s in spans[Label.INCIVILITY])


def test_head_without_bridge_keeps_words_apart_and_handles_empty_text() -> None:
    states = _states("stu pid", [(0, 3), (4, 7)], [True, True])
    assert len(spans_from_states(states, _head(bridge=0))[Label.INCIVILITY]) == 2
    empty = TokenStates("", np.zeros((0, 2), np.float32), np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert spans_from_states(empty, _head()) == {Label.INCIVILITY: (), Label.INSULT: ()}


def test_token_features_append_neighbours_and_head_pickles_small() -> None:
    hidden = np.arange(6, dtype=np.float32).reshape(3, 2)
    features = token_features(hidden, (-1, 1))
    assert features.shape == (3, 6)
    assert features[0, 2:4].tolist() == [0.0, 0.0] and features[1, 2:4].tolist() == [0.0, 1.0]
    assert features[1, 4:6].tolist() == [4.0, 5.0] and features[2, 4:6].tolist() == [0.0, 0.0]
    big = TokenSpanHead(np.zeros((6, 3 * 384), np.float32), np.zeros(6, np.float32), ("none",) * 6, (-1, 1),
                        0.5, 1, {})
    assert len(pickle.dumps(big)) < 100_000


def _stacker(threshold: float = 0.5) -> WordStacker:
    """Weights that trust the head and a word's share of toxic uses equally."""
    return WordStacker({"moron": (10, 9), "stupid": (10, 2)}, np.array([4.0, 0.0, 4.0, 0.0, 0.0]), -3.0, threshold)


def test_word_stacker_lets_the_lexicon_rescue_a_word_the_head_missed() -> None:
    text = "what a moron, stupid idea"
    states = _states(text, [(0, 4), (5, 6), (7, 12), (14, 20), (21, 25)], [False, False, False, True, False])
    # moron: the head says no, but it was inside a span 9 times in 10; stupid: the head says yes
    spans = word_spans(states, _head(), _stacker())
    assert [s.text for s in sorted(spans[Label.INCIVILITY], key=lambda s: s.start)] == ["moron", "stupid"]
    assert all(text[s.start:s.end] == s.text for s in spans[Label.INCIVILITY])
    without_lexicon = WordStacker({}, _stacker().coef, _stacker().intercept, 0.5)
    assert [s.text for s in word_spans(states, _head(), without_lexicon)[Label.INCIVILITY]] == ["stupid"]


def test_word_spans_handle_empty_text_and_type_the_words() -> None:
    empty = TokenStates("", np.zeros((0, 2), np.float32), np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert word_spans(empty, _head(), _stacker()) == {Label.INCIVILITY: (), Label.INSULT: ()}
    states = _states("you 1d10t", [(0, 3), (4, 9)], [False, True])
    spans = word_spans(states, _head(), _stacker(threshold=0.5))
    assert [s.text for s in spans[Label.INSULT]] == ["1d10t"]
