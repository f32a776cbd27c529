"""Normalisation undoes each obfuscation, and the offset map always points at the original characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.text import _fold_char, _fold_with_offsets, normalise, normalise_with_offsets, tokenise

CASES = [
    ("leet digits", "You 1d10t", "you idiot"),
    ("leet symbols", "$hit a$$", "shit ass"),
    ("leet inner bang", "sh!t", "shit"),
    ("bang at word end stays", "idiot!", "idiot!"),
    ("numbers stay", "covid19 in 2020, 3rd wave", "covid19 in 2020, 3rd wave"),
    ("dots inside", "i.d.i.o.t", "idiot"),
    ("spaces inside", "you i d i o t", "you idiot"),
    ("dashes inside", "F-U-C-K off", "fuck off"),
    ("mixed separators are not joined", "a F-U-C-K", "a fuck"),
    ("leet and dots", "1.d.1.0.t", "idiot"),
    ("spaced numbers stay", "1 2 3 and v1.2.3", "1 2 3 and v1.2.3"),
    ("repeated letters", "idiiiiot sooo", "idiot so"),
    ("double letters kept", "good book", "good book"),
    ("cyrillic homoglyphs", "ѕtupid іdiot", "stupid idiot"),
    ("greek homoglyphs", "ιdιοt", "idiot"),
    ("full width", "ｉｄｉｏｔ", "idiot"),
    ("zero width", "id\u200biot mo\u200dron", "idiot moron"),
    ("soft hyphen", "id\u00adiot", "idiot"),
    ("accents", "crétin naïve", "cretin naive"),
    ("rtl override", "\u202eidiot", "idiot"),
    ("swapped letters", "you idoit", "you idiot"),
    ("dropped letter", "so stupd", "so stupid"),
    ("split by a dot", "stu.pid", "stupid"),
    ("split by a space", "what a mor on", "what a moron"),
    ("trailing digits", "idiot69", "idiot"),
    ("leet with trailing digits", "1d10t69 id107", "idiot idiot"),
    ("dotless i", "\u0131d\u0131ot", "idiot"),
    ("small capitals", "ᴍᴏʀᴏɴ", "moron"),
    ("armenian and iota confusables", "ɩdɩօt", "idiot"),
    ("combining grapheme joiner", "id\u034fiot", "idiot"),
    ("variation selector", "stu\ufe0fpid", "stupid"),
    ("negated insult stays", "You are not an idiot", "you are not an idiot"),
    ("surname stays", "Senator Moran spoke", "senator moran spoke"),
    ("two ordinary words stay split", "who re-elected him", "who re-elected him"),
    ("compounds written apart stay", "bull shit, scum bag", "bull shit, scum bag"),
    ("emoji presentation selector stays", "great \u2764\ufe0f", "great \u2764\ufe0f"),
    ("codes with digits stay", "covid19 mp3 g20 b52", "covid19 mp3 g20 b52"),
    ("ordinary near-misses stay", "lose the moon, wore it", "lose the moon, wore it"),
    ("ordinary word split by a dot", "the nati.onal park", "the national park"),
    ("identity term split by an underscore", "mus_lim", "muslim"),
    ("word split by an asterisk", "gover*nment", "government"),
    ("a split whose fragments are words stays", "end.then my_space bulls.hit", "end.then my_space bulls.hit"),
    ("hyphens and spaces are not joined for ordinary words", "tax-payers nati onal", "tax-payers nati onal"),
    ("dotted names and chains stay", "cbc.ca nati.onal.park ph.d", "cbc.ca nati.onal.park ph.d"),
    ("leetspeak ending in a digit", "y0u ar3 n1c3 in th3 plac3", "you are nice in the place"),
    ("codes and rare short words stay", "ww3 ar5 f35 ps4 mike5", "ww3 ar5 f35 ps4 mike5"),
    ("hashtags and paths stay", "#gover_nment /nati.onal", "#gover_nment /nati.onal"),
]


@pytest.mark.parametrize(("original", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_normalise_undoes_obfuscation(original: str, expected: str) -> None:
    assert normalise(original) == expected


@pytest.mark.parametrize("original", ["#bill5 tonight", "thanks @__ricard0", "see plac3.html or /driver5"])
def test_leetspeak_in_handles_hashtags_and_paths_stays(original: str) -> None:
    """Rule 7 reads a token by its neighbours: alone, "bill5" would be "bills"."""
    assert normalise(original) == original.lower()


@pytest.mark.parametrize("original", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_offsets_point_at_original_words(original: str) -> None:
    normalised = normalise_with_offsets(original)
    assert normalised.text == normalise(original)
    for token in tokenise(normalised):
        piece = original[token.original_start : token.original_end]
        assert normalise(piece).strip(" !") == token.text


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [("Hey, you 1d10t!", "idiot", "1d10t"), ("what an i.d.i.o.t.", "idiot", "i.d.i.o.t"),
     ("ｙｏｕ ｍｏｒｏｎ now", "moron", "ｍｏｒｏｎ"), ("so st\u200bupid", "stupid", "st\u200bupid"),
     ("idiiiiot indeed", "idiot", "idiiiiot")],
    ids=["leet", "dotted", "full-width", "zero-width", "repeated"],
)
def test_token_maps_to_obfuscated_original(text: str, word: str, expected: str) -> None:
    tokens = {t.text: t for t in tokenise(normalise_with_offsets(text))}
    token = tokens[word]
    assert text[token.original_start : token.original_end] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_fast_and_offset_modes_agree(text: str) -> None:
    normalised = normalise_with_offsets(text)
    assert normalised.text == normalise(text)
    assert len(normalised.starts) == len(normalised.ends) == len(normalised.text)
    assert all(0 <= s < e <= len(text) for s, e in zip(normalised.starts, normalised.ends))
    assert list(normalised.starts) == sorted(normalised.starts)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghij .-_*1305$@!|", max_size=60))
def test_obfuscation_alphabet_is_stable(text: str) -> None:
    once = normalise(text)
    assert normalise_with_offsets(text).text == once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.text(alphabet="aZ ’é\u200bＩﬁß", max_size=30))
def test_fold_offsets_match_a_character_by_character_fold(text: str) -> None:
    pieces, starts, ends = [], [], []
    for i, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        starts += [i] * len(folded)
        ends += [i + 1] * len(folded)
    assert _fold_with_offsets(text) == ("".join(pieces), starts, ends)
