"""What a newsroom moderator expects of the bundled model, decided by the default policy.

Known gaps are marked `xfail(strict=True)` with the reason, so they stay visible and the test fails the
day a model fixes them (then the mark must go): the threat head itself (the corpora hold ~90
majority-threat training posts; no threshold reaching precision 0.5 could be chosen for `threat`), so
explicit threats reach review through the policy's threat-phrase rule (`moderation.threats`), not the
model; and some dehumanising attacks. Denied insults ("not an idiot") are checked too (`moderation.negation`).

Clear threats, identity attacks and insults must at least reach the review queue (and for their own
label, not only through the broad incivility head); civil comments that name a group, and civil
disagreement, must be approved. Cases are written for the purpose, not taken from any corpus.
"""

from __future__ import annotations

import pytest

from moderation.model import Moderator, get_moderator
from moderation.policy import Policy
from moderation.types import INCIVILITY_LABELS, Decision, Label

KNOWN_GAP_THREAT = pytest.mark.xfail(strict=True, reason="threats: too few labelled threats to learn from")
KNOWN_GAP_IDENTITY = pytest.mark.xfail(strict=True, reason="dehumanising attack without slurs scored below threshold")
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
DENIED_INSULTS = [
    "The mayor is no idiot; she knew the budget would not pass.",
    "I'm sure you aren't stupid, so please read the second paragraph again.",
    "I am not calling anyone stupid; I am saying the plan was rushed.",
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
    """The decision the incivility labels and the threat-phrase rule reach (an unsupported-claim review
    does not count here)."""
    scores = moderator.score([text])[0]
    fired = [t for t in policy.for_site(None).triggers(scores, text)
             if t.rule == "threat_phrase" or (t.rule == "threshold" and Label(t.subject) in INCIVILITY_LABELS)]
    decision = fired[0].decision if fired else Decision.APPROVE
    return decision, dict(scores.probabilities)


ABUSE_CASES = [
    *[pytest.param(t, id=f"threat-{i}") for i, t in enumerate(THREATS)],
    *[pytest.param(t, id=f"identity-{i}") for i, t in enumerate(IDENTITY_ATTACKS)],
    *[pytest.param(t, id=f"insult-{i}") for i, t in enumerate(INSULTS)],
]


@pytest.mark.parametrize("text", ABUSE_CASES)
def test_clear_abuse_reaches_review(moderator: Moderator, policy: Policy, text: str) -> None:
    decision, p = decide(moderator, policy, text)
    assert decision in (Decision.REVIEW, Decision.REJECT), p


@pytest.mark.parametrize("text", [pytest.param(t, id=f"threat-{i}", marks=KNOWN_GAP_THREAT)
                                  for i, t in enumerate(THREATS)])
def test_threat_head_fires_on_threats(moderator: Moderator, text: str) -> None:
    p = moderator.score([text])[0].probabilities
    assert p[Label.THREAT] >= moderator.thresholds[Label.THREAT], p


@pytest.mark.parametrize("text", [pytest.param(t, id=f"identity-{i}", marks=KNOWN_GAP_IDENTITY if i == 2 else ())
                                  for i, t in enumerate(IDENTITY_ATTACKS)])
def test_identity_head_fires_on_identity_attacks(moderator: Moderator, text: str) -> None:
    p = moderator.score([text])[0].probabilities
    assert p[Label.IDENTITY_ATTACK] >= moderator.thresholds[Label.IDENTITY_ATTACK], p


@pytest.mark.parametrize("text", [
    *[pytest.param(t, id=f"identity-mention-{i}") for i, t in enumerate(CIVIL_IDENTITY)],
    *[pytest.param(t, id=f"disagreement-{i}") for i, t in enumerate(CIVIL_DISAGREEMENT)],
    *[pytest.param(t, id=f"denial-{i}") for i, t in enumerate(DENIED_INSULTS)],
])
def test_civil_comments_are_not_flagged_for_incivility(moderator: Moderator, text: str) -> None:
    p = moderator.score([text])[0].probabilities
    for label in (Label.INCIVILITY, Label.INSULT, Label.IDENTITY_ATTACK, Label.THREAT, Label.PROFANITY):
        assert p[label] < moderator.thresholds[label], (label, p)


@pytest.mark.parametrize("text", [
    "You're not stupid, you're a lying piece of shit.",
    "Not a racist, but you are a brainless moron and everyone here knows it.",
])
def test_a_denied_insult_does_not_hide_another(moderator: Moderator, policy: Policy, text: str) -> None:
    decision, p = decide(moderator, policy, text)
    assert decision in (Decision.REVIEW, Decision.REJECT), p


def test_an_identity_attack_outscores_a_civil_mention_of_the_same_groups(moderator: Moderator) -> None:
    attack, mention = moderator.score([IDENTITY_ATTACKS[0], CIVIL_IDENTITY[0]])
    assert attack[Label.IDENTITY_ATTACK] > mention[Label.IDENTITY_ATTACK] + 0.3
    assert attack[Label.INCIVILITY] > mention[Label.INCIVILITY] + 0.2


def test_explanations_do_not_point_at_a_denied_insult(moderator: Moderator) -> None:
    text = "You are not an idiot, you simply have different priorities than I do."
    spans = moderator.score([text], explain=True)[0].spans
    assert not any("idiot" in s.text for s in spans.get(Label.INSULT, ()) + spans.get(Label.INCIVILITY, ()))
