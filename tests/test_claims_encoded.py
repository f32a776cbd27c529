"""`EncodedClaimComponent` on a tiny fit: learned claimness and self-support, a swappable encoder.

The encoder here is a stand-in (hashed words projected to 16 dimensions, L2-normalised), so the
tests run in seconds; what they check -- shapes, the noisy-or, that a new encoder refits the heads,
that a shared encoder is pickled once -- does not depend on which encoder it is.
"""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from moderation.claims.corroboration import real_pairs
from moderation.claims.definition import FORM_NAMES, definition_features, is_question
from moderation.claims.encoded import EncodedClaimComponent, alone_in_comment
from moderation.claims.train import training_units
from moderation.claims.train_encoded import (
    FORM_SOURCES,
    NON_CLAIM_FORMS,
    claim_rows,
    comment_form_rows,
    self_support_rows,
    shared_encoder,
)
from moderation.data.ibm_ce import load_ibm_claims, load_ibm_evidence_pairs
from moderation.data.ibm_evidence import load_ibm_evidence
from moderation.data.ukp_am import load_ukp
from moderation.types import CLAIM_LABELS


class HashEncoder:
    """Deterministic stand-in for `OnnxEncoder.embed`: hashed words through a random projection."""

    def __init__(self, seed: int = 0, dim: int = 16) -> None:
        self.projection = np.random.default_rng(seed).normal(size=(512, dim))
        self.model_bytes = np.frombuffer(zlib.compress(self.projection.tobytes()), dtype=np.uint8)
        self.max_len = 128

    def embed(self, texts: list[str]) -> np.ndarray:
        counts = np.zeros((len(texts), 512))
        for row, text in enumerate(texts):
            for word in text.lower().split():
                counts[row, zlib.crc32(word.encode()) % 512] += 1
        x = counts @ self.projection
        return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _fit(data_dir: Path, encoder: object) -> EncodedClaimComponent:
    claims = claim_rows(data_dir).groupby("source").head(600)
    own = self_support_rows(data_dir).groupby("source").head(400)
    units = training_units(data_dir)
    cdcp = units[units.source.str.startswith("cdcp")]
    small = pd.concat([cdcp[cdcp.fold_group.isin(cdcp.fold_group.unique()[:150])],
                       units[units.source == "park_cardie"].head(800)], ignore_index=True)
    component = EncodedClaimComponent(encoder=encoder, n_folds=2)
    component.fit_vocabulary(pd.concat([claims.text, own.text, small.text]).tolist())
    component.fit_claim_head(claims.text.tolist(), claims.is_claim.to_numpy())
    component.fit_self_head(own.text.tolist(), own.self_supported.to_numpy())
    return component.fit(small).set_params(aggregation="mean")


@pytest.fixture(scope="module")
def tiny(data_dir: Path) -> EncodedClaimComponent:
    return _fit(data_dir, HashEncoder(0))


TEXTS = ["The council should ban cars downtown.", "Thanks for the article!", "Why did they vote no?",
         "According to Statistics Canada, rents rose 8 percent in 2023.", ""]


def test_contract_and_claim_none_is_one_minus_the_learned_claim_probability(tiny: EncodedClaimComponent) -> None:
    p = tiny.predict_proba(TEXTS)
    assert tiny.labels_ == CLAIM_LABELS and p.shape == (len(TEXTS), 7)
    assert np.all((p >= 0) & (p <= 1))
    claim, _ = tiny.claim_and_self(TEXTS[:4])
    assert np.allclose(p[:4, -1], 1 - claim)
    assert len(np.unique(np.round(p[:4, -1], 6))) == 4


def test_a_learned_source_can_only_lower_unsupported(tiny: EncodedClaimComponent) -> None:
    texts = TEXTS[:4]
    _, with_self, _ = tiny.score_units(texts, np.arange(4))
    saved = tiny.self_head_.intercept_.copy()
    try:
        tiny.self_head_.intercept_[:] = -50.0
        _, without_self, _ = tiny.score_units(texts, np.arange(4))
    finally:
        tiny.self_head_.intercept_[:] = saved
    assert np.all(with_self <= without_self + 1e-12)


def test_a_new_encoder_refits_the_heads(data_dir: Path, tiny: EncodedClaimComponent) -> None:
    other = _fit(data_dir, HashEncoder(seed=1, dim=24))
    assert other.claim_head_.coef_.shape[1] == tiny.claim_head_.coef_.shape[1] + 8
    assert other.predict_proba(TEXTS).shape == (len(TEXTS), 7)
    assert not np.allclose(other.predict_proba(TEXTS), tiny.predict_proba(TEXTS))


class Holder:
    """Stands in for an incivility component holding the encoder (as `BlendedIncivility.encoder.encoder`)."""

    def __init__(self, encoder: object) -> None:
        self.encoder = encoder


def test_an_encoder_shared_with_another_component_is_stored_once(tiny: EncodedClaimComponent) -> None:
    class Artifact:
        components: ClassVar[dict[str, object]] = {"incivility": Holder(Holder(tiny.encoder)), "claims": tiny}

    assert shared_encoder(Artifact()) is tiny.encoder
    alone = len(pickle.dumps({"claims": tiny}))
    both = len(pickle.dumps(Artifact.components))
    assert both - alone < 1000


@pytest.mark.parametrize(("text", "form"), [
    ("Thanks for the careful reporting.", "courtesy"), ("Why?", "question"), ("lol", "interjection"),
    ("What an idiot.", "exclamative"), ("I love this!", "feeling"), ("!!!", "no_letters"),
], ids=["thanks", "question", "lol", "insult", "feeling", "letterless"])
def test_definition_forms_are_features(text: str, form: str) -> None:
    row = definition_features([text])[0]
    assert row[FORM_NAMES.index(form)] == 1
    assert definition_features(["The council spent $2 million on the report."])[0][:-1].sum() == 0


def test_a_unit_alone_in_its_comment_gets_no_link_support(tiny: EncodedClaimComponent) -> None:
    assert alone_in_comment(np.array([0, 1, 1, 2])).tolist() == [True, False, False, True]
    saved = tiny.support_model_.intercept_.copy()
    try:
        tiny.support_model_.intercept_[:] = 50.0
        _, alone, _ = tiny.score_units(["Crime is rising."], np.array([0]))
        _, paired, _ = tiny.score_units(["Crime is rising.", "The mayor said so."], np.array([0, 0]))
    finally:
        tiny.support_model_.intercept_[:] = saved
    assert alone[0] > 0.01 and paired[0] < 1e-6


def test_comment_form_rows_are_non_claim_forms_of_train_comments(data_dir: Path) -> None:
    rows = comment_form_rows(data_dir, limit=400)
    assert 100 <= len(rows) <= 400 and set(rows.is_claim) == {0}
    forms = definition_features(rows.text.tolist())
    assert forms[:, [FORM_NAMES.index(f) for f in NON_CLAIM_FORMS]].any(axis=1).all()
    assert "c3" not in FORM_SOURCES and "ucc" not in FORM_SOURCES


def test_question_form_ignores_trailing_quotes_and_spaces() -> None:
    assert is_question('Did he say "we will win?" ') and not is_question("He asked why.")


def test_new_corpus_adapters_follow_their_readmes(data_dir: Path) -> None:
    ukp = load_ukp(data_dir)
    assert set(ukp.split) == {"train", "validation", "test"} and set(ukp.argument) == {0, 1}
    assert len(ukp) > 20000
    evidence = load_ibm_evidence(data_dir)
    assert evidence.groupby("split").evidence.sum().to_dict() == {"test": 683, "train": 1499}
    claims, pairs = load_ibm_claims(data_dir), load_ibm_evidence_pairs(data_dir)
    for frame in (claims, pairs):
        assert not set(frame[frame.split == "train"].topic) & set(frame[frame.split == "test"].topic)
    assert pairs.types.str.contains("STUDY").any() and pairs.types.str.contains("ANECDOTAL").any()


def test_real_corroboration_pairs_are_three_way_and_stay_in_their_split(data_dir: Path) -> None:
    pairs = real_pairs(data_dir, "test")
    assert set(pairs.label) == {"corroborated", "related", "unrelated"}
    test_evidence = set(load_ibm_evidence_pairs(data_dir).query("split == 'test'").evidence)
    own = pairs[pairs.label != "unrelated"]
    assert set(own.evidence) <= test_evidence


def test_a_support_cue_can_only_lower_the_comment_score() -> None:
    from moderation.claims.aggregation import CueShift

    rng = np.random.default_rng(0)
    n = 400
    cues = rng.integers(0, 2, size=(n, 3)).astype(float)
    mean = rng.uniform(0.2, 0.8, n)
    y = (rng.uniform(size=n) < 0.2 + 0.6 * cues[:, 0]).astype(float)
    x = np.column_stack([cues, np.log1p(rng.integers(1, 5, n))])
    free, bounded = CueShift(monotone=False).fit(mean, x, y), CueShift().fit(mean, x, y)
    assert free.coef_[0] > 0.5
    assert np.all(bounded.coef_[:3] <= 0)
    with_cue = bounded.predict_proba(np.array([0.6]), np.array([[1.0, 1.0, 1.0, 0.7]]))
    without = bounded.predict_proba(np.array([0.6]), np.array([[0.0, 0.0, 0.0, 0.7]]))
    assert with_cue[0] <= without[0]
