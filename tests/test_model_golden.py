"""Golden examples for the committed default model (loose bounds: it must get the obvious cases right)."""

from __future__ import annotations

import pytest

from moderation.model import Moderator, get_moderator
from moderation.types import Label

ABUSIVE = [
    "You are a pathetic idiot and a liar.",
    "Shut up, you stupid moron.",
    "What a disgusting piece of garbage you are, idiot.",
]
CIVIL = [
    "Thanks for the article, I learned a lot about the budget.",
    "I disagree with the minister, but the report makes some fair points.",
    "The council should publish the budget figures before the vote.",
]
SEED_CIVIL = "Doesn't make sense, Zelenskyy is defending his country... What evidence do you have that he is lying?"
OBFUSCATED = [
    ("You are a pathetic idiot.", "You are a pathetic 1d10t."),
    ("You are a pathetic idiot.", "You are a pathetic i.d.i.o.t."),
    ("You are a pathetic idiot.", "You are a pathetic idiiiiot."),
    ("You are a pathetic idiot.", "You are a pathetic іdіot."),
    ("Shut up, you stupid moron.", "Shut up, you stupid m o r o n."),
]


@pytest.fixture(scope="module")
def moderator() -> Moderator:
    return get_moderator()


@pytest.mark.parametrize("text", ABUSIVE, ids=["liar", "moron", "garbage"])
def test_clearly_abusive_is_uncivil(moderator: Moderator, text: str) -> None:
    assert moderator.score([text])[0][Label.INCIVILITY] >= 0.8


@pytest.mark.parametrize("text", CIVIL, ids=["thanks", "disagree", "budget"])
def test_clearly_civil_is_civil(moderator: Moderator, text: str) -> None:
    assert moderator.score([text])[0][Label.INCIVILITY] <= 0.2


def test_seed_name_calling_is_flagged_and_civil_disagreement_is_not(moderator: Moderator) -> None:
    uncivil, civil = moderator.score(["Orange Liar in Chief", SEED_CIVIL])
    threshold = moderator.thresholds[Label.INCIVILITY]
    assert uncivil[Label.INCIVILITY] >= threshold > civil[Label.INCIVILITY]
    assert uncivil[Label.INCIVILITY] > civil[Label.INCIVILITY] + 0.3


@pytest.mark.parametrize(("clean", "obfuscated"), OBFUSCATED, ids=["leet", "dots", "repeats", "cyrillic", "spaces"])
def test_obfuscation_does_not_hide_incivility(moderator: Moderator, clean: str, obfuscated: str) -> None:
    a, b = moderator.score([clean, obfuscated])
    assert abs(a[Label.INCIVILITY] - b[Label.INCIVILITY]) <= 0.1


def test_default_model_explains_the_insult(moderator: Moderator) -> None:
    text = "Honestly you are a pathetic 1d10t."
    spans = moderator.explain(text)[Label.INCIVILITY]
    assert spans and all(text[s.start : s.end] == s.text for s in spans)
    assert any("1d10t" in s.text or "pathetic" in s.text for s in spans)


def test_default_artifact_is_small_and_described(moderator: Moderator) -> None:
    assert moderator.card["size_bytes"] <= 30_000_000
    assert set(moderator.thresholds) == set(moderator.labels)
    assert moderator.card["data"] and moderator.card["metrics"]
