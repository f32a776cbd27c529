"""The compiled inference path computes what the scikit-learn path computes (same features, same scores)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.utils import murmurhash3_32
from tiny_incivility import tiny_model

from moderation.inference.incivility import CompiledIncivility, _utf8_batch
from moderation.inference.kernel import murmur3
from moderation.inference.normalise import normalise_batch
from moderation.model import Moderator
from moderation.text import normalise
from moderation.types import INCIVILITY_LABELS

TRICKY = [
    "", "   ", "a", "you are an idiot", "YOU ARE AN IDIOT!!! Are you?", "1d10t f.u.c.k idiiiot $hit a$$ 3rd",
    "covid19 in 2020, 1.2.3 and 1 2 3", "héllo wörld ’tis", "日本語 テキスト", "emoji 😀 ok", "x\ty\nz\r\n",
    "a'b’c d*e f**k", "\u2028line\u2029sep\x85x\x1cq\u3000w\xa0v", "Ｉｄｉｏｔ ｙｏｕ", "i d i o t and s-t-u-p-i-d",
    "middle eastern men and African Americans", "w" * 300, "a|b !x! x!y @home te$t", "sooo baaad",
    "ıdıot İstanbul ǅ ß ﬁ", "Ꭿ𝐈𝐝𝐢𝐨𝐭 𝓲𝓭𝓲𝓸𝓽", "zero\u200bwidth\u00adsoft", "  lead and trail  ",
]
texts_strategy = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
                          | st.sampled_from(TRICKY), min_size=1, max_size=8)


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return tiny_model(word_ngrams=(1, 3), char_ngrams=(3, 5))


@pytest.mark.parametrize("length", [0, 1, 2, 3, 4, 5, 7, 8, 13, 64], ids=lambda n: f"{n}-bytes")
def test_murmur_matches_sklearn(length: int) -> None:
    data = np.random.default_rng(length).integers(0, 256, length + 8).astype(np.uint8)
    assert murmur3(data, 3, length) == murmurhash3_32(bytes(data[3 : 3 + length]), seed=0, positive=False)


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_normalise_batch_matches_normalise(text: str) -> None:
    assert normalise_batch([text, text.upper()]) == [normalise(text), normalise(text.upper())]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_strategy)
def test_normalise_batch_matches_normalise_fuzzed(texts: list[str]) -> None:
    assert normalise_batch(texts) == [normalise(t) for t in texts]


@pytest.mark.parametrize("params", [
    {"word_ngrams": (1, 3), "char_ngrams": (3, 5)},
    {"word_ngrams": (1, 2), "char_ngrams": None},
    {"word_ngrams": (1, 1), "char_ngrams": (2, 4), "lexical_cues": False},
    {"word_ngrams": (2, 3), "char_ngrams": (4, 6), "neutral_identity": False},
], ids=["default", "no-char", "no-cues", "bigrams-only"])
def test_compiled_scores_match_sklearn(params: dict[str, object]) -> None:
    reference = tiny_model(**params)
    compiled = CompiledIncivility(reference)
    np.testing.assert_allclose(compiled.decision_function(TRICKY), reference.decision_function(TRICKY),
                               atol=1e-4)
    np.testing.assert_allclose(compiled.predict_proba(TRICKY), reference.predict_proba(TRICKY), atol=1e-3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(texts_strategy)
def test_compiled_scores_match_sklearn_fuzzed(model, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    np.testing.assert_allclose(CompiledIncivility(model).decision_function(texts), model.decision_function(texts),
                               atol=1e-4)


def test_utf8_batch_offsets_index_each_text() -> None:
    buffer, offsets = _utf8_batch(["ab", "", "é"])
    assert offsets.tolist() == [0, 2, 2, 4]
    assert bytes(buffer[2:4]).decode() == "é"


def test_moderator_uses_compiled_path_and_can_turn_it_off(model, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    thresholds = dict.fromkeys(INCIVILITY_LABELS, 0.5)
    fast = Moderator({"incivility": model}, thresholds)
    assert isinstance(fast._scorers()["incivility"], CompiledIncivility)
    monkeypatch.setenv("MODERATION_FAST_PATH", "0")
    slow = Moderator({"incivility": model}, thresholds)
    assert slow._scorers()["incivility"] is model
    np.testing.assert_allclose(fast.probabilities(TRICKY), slow.probabilities(TRICKY), atol=1e-3)


@pytest.mark.parametrize("text", ["you are an idiot and a liar", "1d10t!! shut up", "thanks for the article",
                                  "YOU  f.u.c.k.i.n.g moron, middle eastern men are fine", ""],
                         ids=["insult", "obfuscated", "civil", "mixed", "empty"])
def test_compiled_explanations_match_sklearn(model, text: str) -> None:  # type: ignore[no-untyped-def]
    fast, reference = CompiledIncivility(model).explain(text), model.explain(text)
    assert {k: [(s.start, s.end, s.text) for s in v] for k, v in fast.items()} == \
        {k: [(s.start, s.end, s.text) for s in v] for k, v in reference.items()}
    for label, spans in fast.items():
        np.testing.assert_allclose([s.weight for s in spans], [s.weight for s in reference[label]], atol=1e-4)
