"""Borkan et al. (2019) bias AUCs on tiny synthetic sets whose answers are known, and the term matcher."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from moderation.evaluation.fairness import (
    IDENTITY_TERMS,
    bnsp_auc,
    bpsn_auc,
    load_templates,
    subgroup_auc,
    summarise,
    term_biases,
    term_mask,
)

# rows: (text, toxic, score). The "muslim" sentences are scored 0.1 higher than the rest: a term cue.
BIASED = [
    ("I love muslim people", 0, 0.6), ("muslim neighbours are kind", 0, 0.55),
    ("I hate muslim people", 1, 0.9), ("kill all muslim people", 1, 0.95),
    ("I love my neighbours", 0, 0.1), ("you are kind", 0, 0.2),
    ("I hate you idiot", 1, 0.5), ("kill them all", 1, 0.58),
]


def _arrays(rows: list[tuple[str, int, float]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, y, p = zip(*rows, strict=True)
    return list(texts), np.array(y), np.array(p, dtype=float)


def test_a_term_cue_lowers_bpsn_and_leaves_subgroup_auc_perfect() -> None:
    texts, y, p = _arrays(BIASED)
    mask = term_mask(texts, "muslim")
    assert subgroup_auc(y, p, mask) == pytest.approx(1.0)
    # subgroup negatives 0.6, 0.55 vs background positives 0.5, 0.58: only 0.58 > 0.55 is ranked right, 1/4
    assert bpsn_auc(y, p, mask) == pytest.approx(0.25)
    # subgroup positives 0.9, 0.95 vs background negatives 0.1, 0.2: all pairs right
    assert bnsp_auc(y, p, mask) == pytest.approx(1.0)


def test_an_unbiased_scorer_gets_one_everywhere() -> None:
    texts, y, _ = _arrays(BIASED)
    p = y * 0.8 + 0.1
    [bias] = term_biases(texts, y, p, terms=("muslim",))
    assert (bias.subgroup_auc, bias.bpsn_auc, bias.bnsp_auc) == (1.0, 1.0, 1.0)
    assert bias.size == 4


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        pytest.param("You are a great African American", "african american", True, id="multiword"),
        pytest.param("You are a great African American", "american", True, id="part-of-multiword"),
        pytest.param("Being straight is fun", "straight", True, id="plain"),
        pytest.param("I am GAY", "gay", True, id="case-insensitive"),
        pytest.param("transgender people", "trans", False, id="whole-word-only"),
        pytest.param("the elderly", "old", False, id="absent"),
    ],
)
def test_term_mask_matches_whole_words(text: str, term: str, expected: bool) -> None:
    assert bool(term_mask([text], term)[0]) is expected


def test_summary_names_the_worst_term() -> None:
    texts, y, p = _arrays(BIASED + [("I love you", 0, 0.1), ("I hate you", 1, 0.9)])
    summary = summarise(term_biases(texts, y, p, terms=("muslim", "love")))
    assert summary["min_bpsn_auc_term"] == "muslim"
    assert summary["min_bpsn_auc"] == pytest.approx(0.5)  # 3 of 6 (background positive, muslim negative) pairs


def test_load_templates_sample_is_balanced_and_keeps_small_families(tmp_path) -> None:
    folder = tmp_path / "fairness"
    folder.mkdir()
    rows = [("verb_adj", "toxic", "hate gay"), ("verb_adj", "nontoxic", "hug gay")]
    rows += [("name_adj", tox, f"Name{i} is a {adj} muslim") for i in range(50)
             for tox, adj in (("toxic", "disgusting"), ("nontoxic", "nice"))]
    pd.DataFrame(rows, columns=["template", "toxicity", "phrase"]).to_csv(folder / "en_sentence_templates.csv",
                                                                       index=False)
    frame = load_templates(tmp_path, max_rows=22, seed=1)
    assert len(frame) == 22
    assert frame.toxic.sum() == 11
    assert set(frame[frame.template == "verb_adj"].text) == {"hate gay", "hug gay"}


@pytest.mark.shared_data
def test_every_identity_term_occurs_in_the_shared_templates(data_dir) -> None:
    frame = load_templates(data_dir)
    assert len(frame) == 76_564
    missing = [term for term in IDENTITY_TERMS if not term_mask(frame.text.head(5000), term).any()]
    assert missing == []
