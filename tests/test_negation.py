"""Denied name-calling is cut out before the second scoring; everything else is left alone."""

from __future__ import annotations

import pytest

from moderation.negation import without_denied_insults


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You are not an idiot, you simply see it differently.", "You are , you simply see it differently."),
        ("He is no idiot.", "He ."),
        ("she's no coward", "she"),
        ("You aren't stupid, you are a liar", "You , you are a liar"),
        ("She’s not a complete moron", "She’s"),
        ("I am not calling anyone stupid.", "I am ."),
        ("I'm not calling you a liar", "I'm"),
    ],
)
def test_denials_are_cut(text: str, expected: str) -> None:
    assert without_denied_insults(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "You are an idiot",  # no denial
        "They are not vermin",  # dehumanising words stay attacks
        "I am not fucking around",  # profanity stays profanity
        "I'm not saying you're an idiot, but",  # "not saying ... idiot": the insult is made
        "I will not kill you",  # threats are left to the model
        "Nothing stupid about it",  # "nothing" is not a negator of a name
        "No loser would say that",  # "no" outside "is no ...": not a denial
        "my god you are ignorant, no loser",  # "no, loser": an address
        "Perhaps not an idiot, but surely mad as a March Hare.",  # a concession
        "It doesn't fool anyone",  # "fool" the verb
        "I'm not calling anyone stupid, just the ones who voted for him",  # a concession
    ],
)
def test_what_is_not_a_denial(text: str) -> None:
    assert without_denied_insults(text) is None
