"""The seeded obfuscator: reproducible, each trick changes a word the way evaders do."""

from __future__ import annotations

import random

import pytest

from moderation.evaluation.obfuscate import TRICKS, ZERO_WIDTH, Obfuscator

TEXTS = ["You are a stupid idiot and a liar", "Thanks for the thoughtful reporting on this story"]


def test_same_seed_same_output_and_other_seed_differs() -> None:
    assert Obfuscator(seed=3).transform(TEXTS) == Obfuscator(seed=3).transform(TEXTS)
    assert Obfuscator(seed=3).transform(TEXTS) != Obfuscator(seed=4).transform(TEXTS)


def test_rate_zero_keeps_text_and_rate_one_changes_every_long_word() -> None:
    assert Obfuscator(word_rate=0.0).transform(TEXTS) == TEXTS
    [changed] = Obfuscator(word_rate=1.0, tricks=["inserted_separators"]).transform(["idiot liar"])
    assert changed.count("idiot") == 0 and changed.count("liar") == 0


@pytest.mark.parametrize(
    ("trick", "check"),
    [
        pytest.param("leetspeak", lambda w: any(c.isdigit() for c in w), id="leetspeak"),
        pytest.param("repeated_letters", lambda w: len(w) >= len("idiot") + 2, id="repeated"),
        pytest.param("inserted_separators", lambda w: len(w) == 2 * len("idiot") - 1, id="separators"),
        pytest.param("homoglyphs", lambda w: any(ord(c) > 127 for c in w), id="homoglyphs"),
        pytest.param("zero_width", lambda w: any(z in w for z in ZERO_WIDTH), id="zero-width"),
    ],
)
def test_each_trick_rewrites_the_word(trick: str, check) -> None:
    outputs = [TRICKS[trick]("idiot", random.Random(seed)) for seed in range(20)]
    assert all(check(word) for word in outputs if word != "idiot")
    assert any(word != "idiot" for word in outputs)


def test_unknown_trick_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="Unknown or no obfuscation tricks"):
        Obfuscator(tricks=["rot13"]).transform(TEXTS)
