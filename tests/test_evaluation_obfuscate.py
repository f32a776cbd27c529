"""The seeded obfuscator: reproducible, each trick changes a word the way evaders do."""

from __future__ import annotations

import random

import numpy as np
import pytest

from moderation.evaluation.obfuscate import TRICKS, ZERO_WIDTH, Obfuscator, obfuscate_spans
from moderation.evaluation.robustness import evasion_table
from moderation.text import normalise

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


@pytest.mark.parametrize(
    ("trick", "check"),
    [
        pytest.param("misspelling", lambda w: w[0] == "i" and w != "idiot" and len(w) in (4, 5), id="misspelling"),
        pytest.param("split_word", lambda w: len(w) == 6 and w.replace(w[2] if not w[2].isalpha() else w[3], "")
                     == "idiot", id="split"),
        pytest.param("leet_trailing_digits", lambda w: w[-1].isdigit(), id="trailing-digits"),
        pytest.param("dotless_i", lambda w: "\u0131" in w, id="dotless-i"),
        pytest.param("small_capitals", lambda w: w == "ɪᴅɪᴏᴛ", id="small-capitals"),
        pytest.param("confusables", lambda w: any(ord(c) > 127 for c in w), id="confusables"),
        pytest.param("combining_joiner", lambda w: "\u034f" in w, id="cgj"),
        pytest.param("variation_selector", lambda w: any(0xFE00 <= ord(c) <= 0xFE0F for c in w), id="vs"),
    ],
)
def test_issue_13_tricks_rewrite_the_word(trick: str, check) -> None:
    outputs = [TRICKS[trick]("idiot", random.Random(seed)) for seed in range(20)]
    assert all(check(word) for word in outputs)


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_normalisation_undoes_every_trick_on_a_vocabulary_word(trick: str) -> None:
    """("moron" misspelt as "moon" or "morn" stays: those are ordinary words, so it is not among these.)"""
    words = ("idiot", "stupid", "bastard")
    undone = [normalise(TRICKS[trick](word, random.Random(seed))) for seed in range(10) for word in words]
    assert sum(w.removesuffix("s") in words for w in undone) >= 0.9 * len(undone)


def test_obfuscate_spans_rewrites_only_the_marked_words() -> None:
    text = "You are an idiot and a liar"
    out = obfuscate_spans(text, [(11, 16)], "dotless_i", random.Random(0))
    assert out == "You are an \u0131d\u0131ot and a liar"
    with pytest.raises(ValueError, match="Unknown obfuscation trick"):
        obfuscate_spans(text, [], "rot13", random.Random(0))


def test_evasion_table_compares_disguised_with_clean_detection() -> None:
    def score(texts: list[str]) -> np.ndarray:
        return np.array([1.0 if "idiot" in t else 0.0 for t in texts])

    rows = evasion_table(score, 0.5, ["an idiot", "an idiot"], [[(3, 8)], [(3, 8)]], tricks=["dotless_i"])
    assert rows[0].detected_clean == 1.0 and rows[0].detected_obfuscated == 0.0 and not rows[0].meets_goal
    with pytest.raises(ValueError, match="one per text"):
        evasion_table(score, 0.5, ["x"], [], tricks=["dotless_i"])
