"""Data for `moderation.text`: characters to drop, look-alike letters, and the offensive vocabulary whose
misspelt, split and digit-suffixed forms are mapped back to the word.

Kept as data so a reviewer can read what normalisation does and a new evasion is one table row. Everything
here is chosen so that ordinary text is untouched: a test pins that `normalise` leaves >= 99.9 % of real
C3 and ToxicSpans comments exactly as before these tables grew (the trained models depend on that).
"""

from __future__ import annotations

from pathlib import Path

_TABLES = Path(__file__).with_name("tables")


def _word_list(name: str) -> tuple[str, ...]:
    lines = (_TABLES / name).read_text(encoding="utf-8").splitlines()
    return tuple(line for line in lines if line and not line.startswith("#"))

INVISIBLE: frozenset[int] = frozenset({
    0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x202A, 0x202B, 0x202C, 0x202D,
    0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    0x115F, 0x1160, 0x3164, 0xFFA0,  # Hangul fillers, rendered blank
})
"""Code points removed outright (besides every format character, Unicode category Cf)."""

INVISIBLE_IN_WORDS: frozenset[int] = frozenset({
    0x034F,  # combining grapheme joiner (combining class 0, so accent stripping keeps it)
    *range(0xFE00, 0xFE10),  # variation selectors 1-16
    *range(0xE0100, 0xE01F0),  # variation selectors 17-256
})
"""Removed after a letter or digit only: after an emoji, U+FE0F is the ordinary emoji presentation selector."""

HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ɡ": "g", "ո": "n", "ս": "u",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ω": "w", "μ": "u", "ϲ": "c",
    # symbols used as letters
    "€": "e", "£": "l", "¢": "c", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe",
    # Latin letters NFKC leaves alone: dotless i, small capitals, IPA look-alikes (Unicode confusables)
    "ı": "i", "ȷ": "j", "ɩ": "i", "ɑ": "a", "ɒ": "a", "ɋ": "q", "ʋ": "u", "ɵ": "o", "ɛ": "e", "ɾ": "r",
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j",
    "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u",
    "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    # more Cyrillic / Armenian / Cherokee look-alikes
    "ӏ": "l", "ԍ": "g", "ԑ": "e", "ҽ": "e", "ց": "g", "օ": "o", "ք": "p", "հ": "h", "զ": "q",
    "ꭺ": "a", "ꮪ": "s", "ꮃ": "w",
}
"""Look-alike -> Latin letter, applied to the lower-cased character after NFKC (so full-width and
mathematical letters are already plain ASCII)."""

OFFENSIVE_WORDS: tuple[str, ...] = (
    "idiot", "idiots", "idiotic", "moron", "morons", "moronic", "stupid", "stupidity", "imbecile", "imbeciles",
    "cretin", "cretins", "dumbass", "loser", "losers", "retard", "retards", "retarded", "bastard", "bastards",
    "asshole", "assholes", "scumbag", "scumbags", "dimwit", "dimwits", "halfwit", "nitwit", "pathetic",
    "ignorant", "hypocrite", "hypocrites", "clown", "clowns", "garbage", "trash", "pig", "pigs", "bitch",
    "bitches", "whore", "whores", "slut", "sluts", "fuck", "fucking", "fucked", "fucker", "shit", "shitty",
    "bullshit", "crap", "dick", "dickhead", "prick", "pricks", "cunt", "twat", "wanker", "douche", "douchebag",
    "jerk", "jerks", "liar", "liars", "lunatic", "lunatics", "buffoon", "buffoons", "traitor", "traitors",
    "vermin", "scum", "filth", "thug", "thugs", "racist", "racists", "bigot", "bigots", "coward", "cowards",
    "fool", "fools", "foolish", "ass", "asses", "damn", "hell", "kill", "dumb", "sucks", "freak", "nazi",
    "nazis", "fascist", "fascists", "degenerate", "degenerates", "parasite", "parasites", "deplorable",
)
"""The curated vocabulary (lower case, as normalised) whose evasion forms are undone."""

MIN_MISSPELT_LENGTH = 5
"""Misspelling variants (and split forms) are at least five letters: shorter ones collide with ordinary words."""

ORDINARY_WORDS: frozenset[str] = frozenset({
    # misspelling variants of the vocabulary that are words (found against a 22k-word English vocabulary)
    "garage", "lars", "lose", "loses", "moon", "moons", "pick", "picks", "suck", "thus", "tugs", "wore",
    # fragments of a split that read as two ordinary words ("who re-", "a trait or", "bulls hit")
    "who", "re", "res", "trait", "or", "bulls", "hit",
    # fragments of compounds people write apart in earnest ("bull shit", "scum bag", "half wit")
    "bull", "bag", "bags", "hole", "holes", "wit", "wits", "head", "heads", "half", "dim", "nit",
    # ordinary words and slang one edit away from the vocabulary
    "lairs", "morn", "fuckin", "bith",
})
"""Ordinary English words: a misspelling variant that is one of these is left alone ("moran" the surname,
"lover"), and a split whose two fragments are both ordinary words stays split ("who re-elected")."""

ENGLISH_WORDS: tuple[str, ...] = _word_list("en_words.txt")
"""Whole words of the encoder's own vocabulary (`tables/en_words.txt`, roughly most frequent first): what counts
as an English word when a split form is joined back or a leetspeak token decoded (rules 6 and 7 of
`moderation.text`)."""

COMMON_WORDS = 5000
"""A three-character leetspeak token decodes only to one of the commonest English words ("th3" -> "the"), so
"ww3" and "ar5" stay; longer tokens decode to any English word ("plac3" -> "place")."""

SPLIT_WORD_SEPARATORS = "._*"
"""Marks people put inside a word to get it past a filter ("mus_lim", "nati.onal") but not in earnest; a hyphen
("tax-payers") or a space ("a lot") is left alone, and rule 5 still joins the offensive vocabulary across them."""

NEGATED_NAME_CALLING: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "negators": ("not", "never", r"(?:is|are|was|were|be|am)\s+no", r"['’](?:s|re)\s+no", r"\w+n['’]t"),
        "fillers": ("a", "an", "the", "so", "that", "really", "such", "at all", "complete", "total", "an absolute",
                    "calling", "call", "anyone", "anybody", "you", "him", "her", "them", "people"),
        "words": (
            "idiot", "idiots", "idiotic", "moron", "morons", "moronic", "stupid", "imbecile", "imbeciles",
            "cretin", "cretins", "loser", "losers", "dimwit", "dimwits", "halfwit", "nitwit", "pathetic",
            "ignorant", "hypocrite", "hypocrites", "clown", "clowns", "jerk", "jerks", "liar", "liars", "lunatic",
            "lunatics", "buffoon", "buffoons", "traitor", "traitors", "racist", "racists", "bigot", "bigots",
            "coward", "cowards", "foolish", "dumb", "fascist", "fascists", "nazi", "nazis",
        ),
    },
}
"""Name-calling a negation takes back ("You are not an idiot", "he's no coward"), per language.

Only insults whose negation is a denial: profanity stays profanity under "not" ("not fucking around"),
slurs and dehumanising words stay attacks ("they are not vermin" still says the word of them), and
threat verbs are left to the model ("I will not kill you" is not the model's confusion to fix). "fool" is left
out because it is as often the verb ("it doesn't fool anyone")."""

CONCESSIONS: dict[str, tuple[str, ...]] = {"en": ("but", "though", "just", "only")}
"""Words that turn a denial into a concession when they follow it: "not an idiot, but surely mad"."""
