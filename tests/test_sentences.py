"""Sentence spans index the original text exactly, whatever the punctuation and layout."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.claims.punkt import build_punkt_tab, punkt_tokenizer
from moderation.claims.sentences import sentence_spans, split_sentences

TRICKY = {
    "abbreviations": "Dr. Smith met Mr. Jones at 5 p.m. in Washington D.C. yesterday. They talked.",
    "ellipsis": "Well... I don't know. Maybe?? Maybe not!!",
    "url": "See https://www.example.com/a.b?c=1. It says so. Also www.x.org/y.html is cited.",
    "quotes": 'He said "we will win." She replied: \u201cNo.\u201d Then silence.',
    "no_final_punctuation": "Guess they're running out of North Koreans",
    "newlines": "First line without a stop\nSecond line. Third sentence!\n\n  Indented fourth",
    "unicode": "Zelenskyy\u2019s claim\u2026 is it true? \u00c9videmment.\u2028Next",
    "leading_trailing_space": "   Padded sentence.   Another one.   ",
    "numbers": "It costs $3.50 per unit. That is 2.5% more than in 2019.",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_spans_index_the_original_text(text: str) -> None:
    sentences = split_sentences(text)
    assert sentences
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    starts = [s.start for s in sentences]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))


def test_abbreviations_do_not_end_sentences() -> None:
    texts = [s.text for s in split_sentences(TRICKY["abbreviations"])]
    assert texts == ["Dr. Smith met Mr. Jones at 5 p.m. in Washington D.C. yesterday.", "They talked."]


def test_newlines_are_boundaries() -> None:
    texts = [s.text for s in split_sentences(TRICKY["newlines"])]
    assert texts == ["First line without a stop", "Second line.", "Third sentence!", "Indented fourth"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"], ids=["empty", "spaces", "whitespace"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_trained_punkt_model_is_built_locally(tmp_path) -> None:
    lang_dir = build_punkt_tab(tmp_path)
    assert (lang_dir / "abbrev_types.txt").read_text(encoding="utf-8").count("\n") > 50
    assert "dr" in punkt_tokenizer()._params.abbrev_types


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_offsets_hold_for_any_text(text: str) -> None:
    for start, end in sentence_spans(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
