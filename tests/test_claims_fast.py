"""The lean claims scoring path computes what the scikit-learn path computes.

Each fast piece is checked against a plain reference: cue bitmasks against the cue definitions read
literally, the numpy TF-IDF against `TfidfVectorizer.transform`, pair cosines against scikit-learn's
`normalize`, and whole `score_units` / `predict_proba` against `MODERATION_FAST_PATH=0`, on the bundled
model and on real comments.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from moderation.claims.features import (
    _NAMED,
    CUES,
    REGEX_NEEDS,
    _tokens,
    context_matrix,
    cue_bits,
    cue_matrix,
)
from moderation.claims.heads import make_vectorizers
from moderation.claims.links import candidate_pairs, csr_arrays, pair_cosine
from moderation.claims.vectorize import supported, transform, transform_arrays
from moderation.model import Moderator

TRICKY = [
    "", " ", "?", "Hi!", "Thanks.", "According to the data from StatCan, 40% of us paid $5 (2019).",
    "Why? Because I said so. e.g. this one, www.x.com § 5 \"quote\" Mr. Smith said.",
    "I was there. My husband lost his job last year! I think it's due to the ban.",
    "Don’t won't can't isn't — naïve café’s U.S.C. 5 u.s.c and the reason is that",
    "In order to: for example, for instance, such as; as a result, which is why we must stop",
    "ÀÉÎ ΣΊΣΥΦΟΣ 日本語 😀 x\ty\nz", "a b " * 40, "Sources: cbc", "the reasons", "studied studies",
]
texts = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
                 | st.sampled_from(TRICKY), min_size=1, max_size=6)


def reference_cues(text: str) -> list[float]:
    """The cue definitions read literally: any word a token, any phrase in the spaced tokens, the regex."""
    lower = text.lower()
    tokens = _tokens(lower)
    joined = f" {' '.join(tokens)} "
    row = []
    for name, (words, phrases, pattern) in CUES.items():
        if name == "named":
            row.append(float(_NAMED.search(text) is not None))
            continue
        hit = (bool(set(words.split()) & set(tokens)) or any(f" {p} " in joined for p in phrases)
               or (pattern is not None and re.search(pattern, lower) is not None))
        row.append(float(hit))
    return row


@pytest.mark.parametrize("text", TRICKY, ids=range(len(TRICKY)))
def test_cue_bits_match_the_cue_definitions(text: str) -> None:
    bits = cue_bits(text)
    assert [float(bits >> k & 1) for k in range(len(CUES))] == reference_cues(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_cue_matrix_matches_the_cue_definitions_fuzzed(batch: list[str]) -> None:
    assert cue_matrix(batch)[:, :-1].tolist() == [reference_cues(t) for t in batch]


@pytest.fixture(scope="module")
def vectorizer(seed_texts: dict[str, str]) -> TfidfVectorizer:
    lines = [line for text in seed_texts.values() for line in text.splitlines() if line.strip()]
    return make_vectorizers(char_ngrams=False)[0].set_params(min_df=1).fit(lines + TRICKY)


def _assert_same_matrix(ours: sp.csr_matrix, theirs: sp.csr_matrix) -> None:
    theirs = sp.csr_matrix(theirs).sorted_indices()
    assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)
    assert np.abs(ours.data - theirs.data).max(initial=0.0) < 1e-6


def test_transform_matches_sklearn_on_seed_lines(vectorizer: TfidfVectorizer, seed_texts: dict[str, str]) -> None:
    lines = [line for text in seed_texts.values() for line in text.splitlines()]
    assert supported(vectorizer)
    _assert_same_matrix(transform(vectorizer, lines), vectorizer.transform(lines))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_transform_matches_sklearn_fuzzed(vectorizer: TfidfVectorizer, batch: list[str]) -> None:
    _assert_same_matrix(transform(vectorizer, batch), vectorizer.transform(batch))


@pytest.mark.parametrize("change", [{"ngram_range": (1, 3)}, {"sublinear_tf": False}, {"lowercase": False},
                                    {"analyzer": "char_wb"}], ids=str)
def test_other_configurations_are_exact_or_left_to_sklearn(change: dict, seed_texts: dict[str, str]) -> None:
    lines = [line for text in seed_texts.values() for line in text.splitlines() if line.strip()]
    fitted = make_vectorizers(char_ngrams=False)[0].set_params(min_df=1, **change).fit(lines)
    _assert_same_matrix(transform(fitted, lines + TRICKY), fitted.transform(lines + TRICKY))


def test_pair_cosine_matches_normalised_dot(vectorizer: TfidfVectorizer) -> None:
    x = sp.hstack([vectorizer.transform(TRICKY), sp.random(len(TRICKY), 7, density=0.3, random_state=0)],
                  format="csr")
    doc = np.repeat(np.arange(4), [4, 1, 6, len(TRICKY) - 11])
    i, j = candidate_pairs(doc)
    unit = normalize(x)
    expected = np.asarray(unit[i].multiply(unit[j]).sum(axis=1)).ravel()
    assert np.allclose(pair_cosine(*csr_arrays(x), i, j), expected, atol=1e-6)


@pytest.fixture(scope="module")
def bundled_claims():  # type: ignore[no-untyped-def]
    return Moderator.load().components["claims"]


def _corpus(seed_texts: dict[str, str]) -> list[str]:
    paragraphs = [p for text in seed_texts.values() for p in text.split("\n\n") if p.strip()]
    return paragraphs[:400] + TRICKY


def test_bundled_vectorizer_is_on_the_fast_path(bundled_claims) -> None:  # type: ignore[no-untyped-def]
    assert supported(bundled_claims.vectorizers_[0])


@pytest.mark.parametrize("method", ["predict_proba", "units"])
def test_fast_scoring_matches_sklearn_path(bundled_claims, seed_texts: dict[str, str], method: str,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    batch = _corpus(seed_texts)

    def run() -> list[np.ndarray]:
        bundled_claims.__dict__.pop("_last_batch", None)
        if method == "predict_proba":
            return [bundled_claims.predict_proba(batch)]
        _, flat, doc = bundled_claims._split(batch)
        return list(bundled_claims.score_units(flat, doc))

    fast = run()
    if type(bundled_claims).__name__ == "ClaimComponent":
        assert bundled_claims.__dict__.get("_heads") is not None
    monkeypatch.setenv("MODERATION_FAST_PATH", "0")
    slow = run()
    for a, b in zip(fast, slow):
        assert a.shape == b.shape
        assert np.abs(a - b).max(initial=0.0) < 1e-5


def test_single_comment_matches_its_batch(bundled_claims, seed_texts: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    batch = _corpus(seed_texts)[:40]
    bundled_claims.__dict__.pop("_last_batch", None)
    together = bundled_claims.predict_proba(batch)
    alone = np.vstack([bundled_claims.predict_proba([t]) for t in batch])
    assert np.abs(together - alone).max() < 1e-6


def test_transform_arrays_of_nothing(vectorizer: TfidfVectorizer) -> None:
    indptr, indices, data = transform_arrays(vectorizer, ["", "   "])
    assert indptr.tolist() == [0, 0, 0] and len(indices) == len(data) == 0


def reference_context(values: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Neighbour and position features written as array operations, one comment at a time."""
    rows = []
    for d in np.unique(doc):
        v = values[doc == d].astype(np.float64)
        size, k = v.shape
        zeros = np.zeros((size, k))
        prev = np.vstack([zeros[:1], v[:-1]])[:size]
        nxt = np.vstack([v[1:], zeros[:1]])[:size]
        two = np.vstack([v[2:], zeros[:2]])[:size]
        top = v.max(axis=0)
        holders = ((v >= top) & (v > 0)).sum(axis=0)
        others = np.where((holders == 1) & (v >= top), 0.0, np.broadcast_to(top, v.shape))
        index = np.arange(size)
        position = np.column_stack([index == 0, index == size - 1, index / max(size - 1, 1),
                                    np.full(size, np.log(size))]).astype(np.float32)
        rows.append(np.hstack([prev, nxt, two, others, position]))
    return np.vstack(rows).astype(np.result_type(values.dtype, np.float32))


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_context_matrix_matches_reference(seed: int, dtype: type) -> None:
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 25)), int(rng.integers(1, 5))
    doc = np.sort(rng.integers(0, 5, n))
    values = (rng.random((n, k)) * (rng.random((n, k)) < 0.5)).astype(dtype)
    if seed % 3 == 0:
        values = np.round(values)
    ours = context_matrix(values, doc)
    assert ours.dtype == values.dtype and np.array_equal(ours, reference_context(values, doc))


@pytest.mark.parametrize("seed", range(8))
def test_candidate_pairs_are_every_neighbour_within_the_window(seed: int) -> None:
    rng = np.random.default_rng(seed)
    doc = np.sort(rng.integers(0, 4, int(rng.integers(0, 30))))
    i, j = candidate_pairs(doc, window=3)
    expected = {(a, b) for a in range(len(doc)) for b in range(len(doc))
                if a != b and abs(a - b) <= 3 and doc[a] == doc[b]}
    assert len(i) == len(expected) and set(zip(i.tolist(), j.tolist())) == expected


@pytest.fixture(scope="module")
def punkt_pair():  # type: ignore[no-untyped-def]
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from moderation.claims.punkt import punkt_tokenizer

    lean = punkt_tokenizer()
    return lean, PunktSentenceTokenizer(lean._params)


PUNKT_CASES = [
    "Mr. Smith went to Washington. He said 'no.' Then...", "J. S. Bach wrote it. 3. Item. e.g. this. U.S. Army",
    "Wow!!! Really?! (Yes.) \"Quote.\" Next", "a.b.c. D.E.F. end... Start", "1. 2. 3. First. Second.",
    "etc. and so on. ETC. Yes", "Dr. No. St. Louis. vs. them. i.e. me.", "“Done.” ‘Next.’ «Fin.» Then",
]


def test_lean_punkt_splits_like_nltk_on_seed_lines(punkt_pair, seed_texts: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    lean, stock = punkt_pair
    lines = [line for text in seed_texts.values() for line in text.splitlines()] + PUNKT_CASES
    assert [list(lean.span_tokenize(x)) for x in lines] == [list(stock.span_tokenize(x)) for x in lines]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("aZé1 .!?\"')(-,;:…’”MJ") + ["Dr.", "U.S.", " No.", "...", "e.g.", " The"]),
                max_size=40).map("".join))
def test_lean_punkt_splits_like_nltk_fuzzed(punkt_pair, text: str) -> None:  # type: ignore[no-untyped-def]
    lean, stock = punkt_pair
    assert list(lean.span_tokenize(text)) == list(stock.span_tokenize(text))


@pytest.mark.parametrize("name", sorted(REGEX_NEEDS))
def test_regex_cue_needs_are_necessary(name: str, seed_texts: dict[str, str]) -> None:
    pattern = re.compile(CUES[name][2])
    samples = [line.lower() for text in seed_texts.values() for line in text.splitlines()] + [t.lower() for t in TRICKY]
    samples += ["see section 5", "(2019)", "§ 12", "sources: cbc", "www.x.ca", "http://a", "a.gov b.edu",
                "wanted", "“hi”", "€5", "50%", "£", "what?!", 'say "x"']
    for text in samples:
        if pattern.search(text):
            assert any(need in text for need in REGEX_NEEDS[name]), (name, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("ab1(2019)§%$£€?!\"“” ed.:") + ["section ", "source", "www.", "http", ".com",
                                                                     ".edu", "wanted "]), max_size=30).map("".join))
def test_regex_cue_needs_are_necessary_fuzzed(text: str) -> None:
    for name, needs in REGEX_NEEDS.items():
        if re.search(CUES[name][2], text):
            assert any(need in text for need in needs), (name, text)
