"""Claim component on a tiny model: output contract, support cues, corroboration, evaluation runs.

The model here is fitted on a small slice of CDCP + Park & Cardie (seconds); golden bounds are loose.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from moderation.claims.aggregation import aggregate
from moderation.claims.component import ClaimComponent, precision_threshold
from moderation.claims.context import ArticleContext, ClaimMatcher
from moderation.claims.links import candidate_pairs, support_from_links
from moderation.claims.pairs import make_pairs
from moderation.claims.train import evaluate_claims, training_units
from moderation.data.c3_claims import load_c3_claims
from moderation.data.claimbuster import load_claimbuster
from moderation.errors import DataUnavailable, InvalidInput
from moderation.evaluation.claim_types import WITHOUT_REFERENCE, claim_type_macro_f1s
from moderation.types import CLAIM_LABELS, Article, ClaimType, Corroboration, Label, Support

ARTICLE = (
    "Ukraine President Volodymyr Zelenskyy said on Tuesday that Ukrainian forces had captured two Chinese "
    "men fighting for Russia in eastern Ukraine. Beijing is a close diplomatic ally of Moscow. "
    "Russia has used Iranian drones as well as North Korean missiles since its invasion. "
    "The weather in Kyiv was cold and grey on Tuesday."
)


@pytest.fixture(scope="module")
def tiny_matcher(data_dir: Path) -> ClaimMatcher:
    sentences = load_claimbuster(data_dir).text.head(1500).tolist()
    pairs = make_pairs(sentences, seed=0)
    return ClaimMatcher().fit(pairs.claim.tolist(), pairs.evidence.tolist(), pairs.cosine.to_numpy(),
                              pairs.label.tolist())


@pytest.fixture(scope="module")
def tiny_component(data_dir: Path, tiny_matcher: ClaimMatcher) -> ClaimComponent:
    units = training_units(data_dir)
    cdcp = units[units.source.str.startswith("cdcp")]
    keep = cdcp.fold_group.isin(cdcp.fold_group.unique()[:250])
    small = pd.concat([cdcp[keep], units[units.source == "park_cardie"].head(1500)], ignore_index=True)
    component = ClaimComponent(type_c=3.0, n_folds=2, matcher=tiny_matcher).fit(small)
    c3 = load_c3_claims(data_dir)
    c3 = c3[(c3.split == "validation") & c3.evidence_proxy.notna()].head(2000)
    unsupported, doc, cues, _ = component.sentence_scores(c3.text.tolist())
    component.fit_aggregator(unsupported, doc, cues, c3.evidence_proxy.to_numpy())
    return component.set_params(aggregation="cue_shift")


def test_predict_proba_contract(tiny_component: ClaimComponent) -> None:
    texts = ["The CFPB should ban robocalls.", "I was called ten times a day. It was awful!", "Thanks!", ""]
    p = tiny_component.predict_proba(texts)
    assert tiny_component.labels_ == CLAIM_LABELS
    assert p.shape == (4, 7)
    assert np.all((p >= 0) & (p <= 1))
    np.testing.assert_allclose(p[:, 1:].sum(axis=1), 1.0, atol=1e-6)
    assert p[2, CLAIM_LABELS.index(CLAIM_LABELS[-1])] > 0.5


def test_sentences_carry_offsets_types_and_support(tiny_component: ClaimComponent) -> None:
    text = "Debt collectors lie all the time.  I was called at work 5 times in 2012\nThey should be fined!"
    sentences = tiny_component.analyse(text)
    assert len(sentences) == 3
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.claim_type in ClaimType
        assert sentence.support in Support
        assert abs(sum(sentence.type_probabilities.values()) - 1) < 1e-6
    assert sentences[2].claim_type is ClaimType.POLICY


def test_attribution_lowers_unsupported(tiny_component: ClaimComponent) -> None:
    bare = "Chinese citizens are fighting for Russia in large numbers."
    sourced = "According to the SBU, Chinese citizens are fighting for Russia in large numbers."
    p_bare, p_sourced = tiny_component.predict_proba([bare, sourced])[:, 0]
    assert p_sourced < p_bare


def test_corroboration_finds_the_paraphrased_article_sentence(tiny_component: ClaimComponent) -> None:
    context = ArticleContext.from_text(ARTICLE)
    claim = "Zelenskyy says Ukraine caught two Chinese men who were fighting for Russia."
    (sentence,) = tiny_component.analyse(claim, context=context)
    assert sentence.corroboration is Corroboration.CORROBORATED
    assert sentence.evidence is not None
    assert sentence.evidence.text.startswith("Ukraine President Volodymyr Zelenskyy said")
    assert 0 < sentence.evidence.probability <= 1


def test_unrelated_sentence_gets_no_evidence(tiny_component: ClaimComponent) -> None:
    context = ArticleContext.from_text(ARTICLE)
    (sentence,) = tiny_component.analyse("My cat prefers tuna to chicken.", context=context)
    assert sentence.corroboration is Corroboration.UNRELATED
    assert sentence.evidence is None


def test_context_from_article_uses_paragraphs_and_related_sources() -> None:
    article = Article(title="Main", paragraphs=("First fact is stated here.", "Second fact follows now."),
                      boilerplate=("Sign up for our newsletter today please.",))
    related = {"Other outlet": Article(paragraphs=("The other outlet reports the same thing.",))}
    context = ArticleContext.from_article(article, related=related)
    assert context.sentences == ("First fact is stated here.", "Second fact follows now.",
                                 "The other outlet reports the same thing.")
    assert context.sources == ("Main", "Main", "Other outlet")


@pytest.mark.parametrize("how", ["max", "mean", "noisy_or"], ids=["max", "mean", "noisy_or"])
def test_aggregate_single_sentence_is_identity(how: str) -> None:
    values = np.array([0.3, 0.8, 0.6])
    np.testing.assert_allclose(aggregate(values, np.array([0, 1, 2]), 4, how), [0.3, 0.8, 0.6, 0.0])


def test_fit_rejects_missing_columns() -> None:
    with pytest.raises(InvalidInput, match="needs columns"):
        ClaimComponent().fit(pd.DataFrame({"text": ["a"]}))


def test_adapters_say_where_data_is_missing(tmp_path: Path) -> None:
    with pytest.raises(DataUnavailable, match="MODERATION_DATA_DIR"):
        training_units(tmp_path)


def test_evaluation_runs_on_a_tiny_sample(tiny_component: ClaimComponent, data_dir: Path) -> None:
    metrics = evaluate_claims(tiny_component, data_dir, sample=120)
    assert set(metrics) == {"cdcp_test", "c3_test_articles", "claim_presence"}
    cdcp = metrics["cdcp_test"]
    assert set(cdcp) == {"n", "ours", "baseline_tfidf_lr"}
    assert 0.0 <= cdcp["ours"]["type_macro_f1"] <= 1.0
    assert 0.5 < cdcp["ours"]["unsupported_claim_auc"] <= 1.0


QUESTIONS = {
    "challenge": "What evidence do you have that he is lying?",
    "rhetorical": "Why should the consumer pay a filing fee at all?",
    "yes_no": "Is this really what the article says?",
    "trailing_quote": "Did he say \"we will win?\"",
}


@pytest.mark.parametrize("question", QUESTIONS.values(), ids=QUESTIONS.keys())
def test_questions_are_not_claims(tiny_component: ClaimComponent, question: str) -> None:
    (sentence,) = tiny_component.analyse(question)
    assert sentence.claim_type is ClaimType.NONE
    assert sentence.support is Support.NOT_A_CLAIM
    assert sentence.unsupported_probability < 0.15


def test_a_question_does_not_make_its_comment_unsupported(tiny_component: ClaimComponent) -> None:
    claim = "Debt collectors lie to consumers all the time."
    p_claim, p_question = tiny_component.predict_proba([claim, QUESTIONS["challenge"]])[:, 0]
    assert p_question < p_claim


def test_link_pairs_stay_inside_a_comment_and_window() -> None:
    doc = np.array([0, 0, 0, 1, 2, 2])
    i, j = candidate_pairs(doc, window=1)
    assert sorted(zip(i.tolist(), j.tolist())) == [(0, 1), (1, 0), (1, 2), (2, 1), (4, 5), (5, 4)]
    support = support_from_links(np.array([0, 0, 1]), np.array([0.5, 0.5, 0.2]), 3)
    np.testing.assert_allclose(support, [[0.75, 0.5], [0.2, 0.2], [0.0, 0.0]])


def test_precision_threshold_reaches_the_target_with_most_recall() -> None:
    scores = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    positives = np.array([0, 1, 0, 0, 1, 1, 0, 1])
    threshold = precision_threshold(scores, positives, 0.75)
    assert threshold == pytest.approx(0.5)
    flagged = scores >= threshold
    assert positives[flagged].mean() >= 0.75


def test_type_macro_f1_without_reference_ignores_the_single_reference_unit() -> None:
    gold = np.array([0, 0, 1, 1, 2])
    truth = {label: (gold == k).astype(float) for k, label in
             enumerate((Label.CLAIM_VALUE, Label.CLAIM_POLICY, Label.CLAIM_REFERENCE))}
    wrong_reference = {label: values.copy() for label, values in truth.items()}
    wrong_reference[Label.CLAIM_VALUE][4], wrong_reference[Label.CLAIM_REFERENCE][4] = 1.0, 0.0
    f1 = claim_type_macro_f1s(truth, wrong_reference)
    assert f1[WITHOUT_REFERENCE] == pytest.approx((0.8 + 1.0) / 2)
    assert f1[""] == pytest.approx((0.8 + 1.0 + 0.0) / 3)
