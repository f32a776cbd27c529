"""`claims.attribution`: the claim inside an attributed sentence, and only a source counts as attribution."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.claims.attribution import claim_without_attribution


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("According to the health ministry, flu cases doubled this winter.", "Flu cases doubled this winter."),
        ("Per the province's own figures, the clinic closed 40 beds.", "The clinic closed 40 beds."),
        ("Class sizes grew by a third, according to the school board's annual report.",
         "Class sizes grew by a third."),
        ("The auditor's report shows the arena ran over budget.", "The arena ran over budget."),
        ("A Leger poll of 2,000 residents found most want the bike lanes kept.", "Most want the bike lanes kept."),
        ("Associated Press reported that the plant will close in May.", "The plant will close in May."),
        ("Water bills will rise eight percent, the mayor said on Tuesday.", "Water bills will rise eight percent."),
        ("Court records show the developer was fined twice.", "The developer was fined twice."),
    ],
)
def test_the_attribution_is_cut_off(sentence: str, claim: str) -> None:
    assert claim_without_attribution(sentence) == claim


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor lied about the budget.",  # no source named
        "I said the council wasted money on consultants.",  # the writer is no source
        "They say the new road will never be finished.",  # hearsay
        "People found it hard to park downtown after the change.",
        "History shows that rent control always fails.",
        "According to me, the plan is a disaster.",
        "Taxes went up, but the report says the budget balanced.",  # the writer's own clause stays
        "He found the keys in the car this morning.",
        "Per capita spending on transit is up this year.",  # "per" is not a lead-in here
        "According to the report, yes.",  # nothing left to judge
    ],
)
def test_what_is_not_cut(sentence: str) -> None:
    assert claim_without_attribution(sentence) is None


def test_other_languages_are_left_alone() -> None:
    assert claim_without_attribution("Selon le rapport, les loyers ont doublé.", language="fr") is None


@given(st.text(max_size=300))
def test_never_raises_and_never_grows(text: str) -> None:
    claim = claim_without_attribution(text)
    assert claim is None or len(claim) <= len(text.strip()) + 1
