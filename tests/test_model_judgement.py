"""What a newsroom moderator expects of the bundled model, decided by the default policy.

Clear threats, identity attacks and insults must at least reach the review queue (and for their own
label, not only through the broad incivility head); civil comments that name a group, and civil
disagreement, must be approved. Cases are written for the purpose, not taken from any corpus.
"""

from __future__ import annotations

import pytest

from moderation.model import Moderator, get_moderator
from moderation.policy import Policy
from moderation.types import Decision, Label

THREATS = [
    "I will beat him until he bleeds.",
    "I know where you live and I am going to hurt you.",
    "Someone should put a bullet in that judge.",
    "Keep talking and you'll wake up with your house on fire.",
]
IDENTITY_ATTACKS = [
    "Muslims are vermin and should all be deported.",
    "Jews control the banks and are destroying this country.",
    "Gay people are disgusting perverts who should be locked up.",
    "Black people are animals, every last one of them.",
]
INSULTS = [
    "You are a pathetic idiot and a liar.",
    "Only a brain-dead moron could write something this stupid.",
    "Shut up, you ignorant clown.",
]
CIVIL_IDENTITY = [
    "As a Black woman and a Muslim, I found this article about the mosque opening very moving.",
    "My gay son and his husband just adopted a little girl; we are over the moon.",
    "The Jewish community centre is hosting a food drive for refugees this weekend.",
    "Immigrants started a third of the small businesses on our street, according to the council.",
]
CIVIL_DISAGREEMENT = [
    "I disagree with the minister, but the report makes some fair points.",
    "With respect, the figures in the third paragraph don't support the headline.",
    "I think the council is wrong on this one; the bike lanes have made my commute safer.",
    "You are not an idiot, you simply have different priorities than I do.",
]


@pytest.fixture(scope="module")
def moderator() -> Moderator:
    return get_moderator()


@pytest.fixture(scope="module")
def policy(moderator: Moderator) -> Policy:
    return Policy.from_thresholds(moderator.thresholds)


def decide(moderator: Moderator, policy: Policy, text: str) -> tuple[Decision, dict[Label, float]]:
    scores = moderator.score([text])[0]
    return policy.verdict(scores, text, model_version=moderator.version).decision, dict(scores.probabilities)


@pytest.mark.parametrize(("text", "label"), [
    *[(t, Label.THREAT) for t in THREATS],
    *[(t, Label.IDENTITY_ATTACK) for t in IDENTITY_ATTACKS],
    *[(t, Label.INSULT) for t in INSULTS],
], ids=[f"threat-{i}" for i in range(len(THREATS))] + [f"identity-{i}" for i in range(len(IDENTITY_ATTACKS))]
    + [f"insult-{i}" for i in range(len(INSULTS))])
def test_clear_abuse_reaches_review_for_its_own_label(moderator: Moderator, policy: Policy, text: str,
                                                        label: Label) -> None:
    decision, p = decide(moderator, policy, text)
    assert decision in (Decision.REVIEW, Decision.REJECT), p
    assert p[Label.INCIVILITY] >= moderator.thresholds[Label.INCIVILITY], p


@pytest.mark.parametrize("text", THREATS, ids=[f"threat-{i}" for i in range(len(THREATS))])
def test_threat_head_fires_on_threats(moderator: Moderator, text: str) -> None:
    p = moderator.score([text])[0].probabilities
    assert p[Label.THREAT] >= moderator.thresholds[Label.THREAT], p


@pytest.mark.parametrize("text", IDENTITY_ATTACKS, ids=[f"identity-{i}" for i in range(len(IDENTITY_ATTACKS))])
def test_identity_head_fires_on_identity_attacks(moderator: Moderator, text: str) -> None:
    p = moderator.score([text])[0].probabilities
    assert p[Label.IDENTITY_ATTACK] >= moderator.thresholds[Label.IDENTITY_ATTACK], p


@pytest.mark.parametrize("text", CIVIL_IDENTITY + CIVIL_DISAGREEMENT,
                         ids=[f"identity-mention-{i}" for i in range(len(CIVIL_IDENTITY))]
                         + [f"disagreement-{i}" for i in range(len(CIVIL_DISAGREEMENT))])
def test_civil_comments_are_not_flagged_for_incivility(moderator: Moderator, text: str) -> None:
    p = moderator.score([text])[0].probabilities
    for label in (Label.INCIVILITY, Label.INSULT, Label.IDENTITY_ATTACK, Label.THREAT, Label.PROFANITY):
        assert p[label] < moderator.thresholds[label], (label, p)


def test_an_identity_attack_outscores_a_civil_mention_of_the_same_groups(moderator: Moderator) -> None:
    attack, mention = moderator.score([IDENTITY_ATTACKS[0], CIVIL_IDENTITY[0]])
    assert attack[Label.IDENTITY_ATTACK] > mention[Label.IDENTITY_ATTACK] + 0.3
    assert attack[Label.INCIVILITY] > mention[Label.INCIVILITY] + 0.3
