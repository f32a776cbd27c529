"""The threat-phrase table and the policy rule built on it (cases written for the purpose, not from a corpus)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from moderation.errors import InvalidInput
from moderation.policy import Policy
from moderation.threats import ThreatRules
from moderation.types import Decision, Label, Scores

RULES = ThreatRules("en")

THREATS = [
    "I will beat him until he bleeds.",
    "I know where you live and I am going to hurt you.",
    "Someone should put a bullet in that judge.",
    "Keep talking and you'll wake up with your house on fire.",
    "I hope you die in a fire.",
    "He should be hanged for treason.",
    "I’ll k1ll you.",
    "i will k i l l you",
    "Watch your back.",
    "Somebody needs to run him over.",
]
NOT_THREATS = [
    "We should kill this bill before it passes.",
    "The army will shoot down any drone that crosses the border.",
    "I will give it a shot.",
    "I would never hurt anyone.",
    "I will not hurt you.",
    "You will die on this hill.",
    "They will burn through cash by March.",
    "I'd kill for a coffee right now.",
    "Thanks for the careful reporting.",
    "The suspect was shot by police on Tuesday.",
    "Smoking will kill you.",
]


@pytest.mark.parametrize("text", THREATS, ids=[t[:28] for t in THREATS])
def test_explicit_threats_match(text: str) -> None:
    assert RULES.phrases(text), text


@pytest.mark.parametrize("text", NOT_THREATS, ids=[t[:28] for t in NOT_THREATS])
def test_figurative_negated_and_reported_violence_does_not_match(text: str) -> None:
    assert RULES.phrases(text) == (), RULES.phrases(text)


def test_matches_point_at_the_characters_the_reader_wrote() -> None:
    text = "Honestly, I’ll K1LL you tomorrow."
    [match] = RULES.matches(text)
    assert text[match.start:match.end] == "I’ll K1LL"


@given(st.text(max_size=300))
def test_any_text_is_matched_without_error_and_spans_stay_inside(text: str) -> None:
    for match in RULES.matches(text):
        assert 0 <= match.start < match.end <= len(text)


def _scores(**probabilities: float) -> Scores:
    return Scores(probabilities={Label(k): v for k, v in probabilities.items()})


@pytest.fixture()
def thresholds() -> dict[Label, float]:
    return {label: 0.5 for label in Label}


def test_policy_sends_a_threat_phrase_to_review_whatever_the_model_scores(thresholds) -> None:
    site = Policy.from_thresholds(thresholds).for_site(None)
    decision, reasons = site.decide(_scores(threat=0.01, incivility=0.05), "I know where you live.")
    assert decision == Decision.REVIEW
    assert reasons == ("threat phrase: I know where you live",)
    assert site.decide(_scores(threat=0.01), "We should kill this bill.") == (Decision.APPROVE, ())


def test_a_site_can_turn_the_rule_off_and_a_bad_value_is_refused(thresholds) -> None:
    policy = Policy.from_mapping({"sites": {"quiet": {"threat_phrases": False}}}, thresholds)
    assert policy.for_site("quiet").decide(_scores(threat=0.01), "Watch your back.") == (Decision.APPROVE, ())
    assert policy.for_site(None).decide(_scores(threat=0.01), "Watch your back.")[0] == Decision.REVIEW
    with pytest.raises(InvalidInput, match="threat_phrases"):
        Policy.from_mapping({"default": {"threat_phrases": "yes"}}, thresholds)
