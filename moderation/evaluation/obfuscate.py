"""Seeded programmatic obfuscation, to measure whether scores survive the tricks people use on filters.

Each trick rewrites a word the way evaders do (Hosseini et al. 2017; Gröndahl et al. 2018): leetspeak
("idiot" -> "1d10t"), repeated letters ("idiiiot"), inserted punctuation or spaces ("i.d.i.o.t",
"i d i o t"), Cyrillic/Greek homoglyphs ("іdіot" with U+0456) and zero-width characters; and (issue 13)
misspellings ("idoit"), a word split once ("stu.pid", "mor on"), leetspeak with trailing digits ("1d10t69"),
dotless i (U+0131), small capitals ("ᴍᴏʀᴏɴ"), other Unicode confusables, the combining grapheme joiner
(U+034F) and variation selectors (U+FE00-FE0F) inside a word. A seeded `random.Random` chooses which words
and which trick, so a report can be reproduced exactly. `obfuscate_spans` rewrites only given character
ranges (the words a human marked toxic), which is what an evader disguises.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
HOMOGLYPHS = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "i": "\u0456",
              "x": "\u0445", "y": "\u0443"}
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")
SEPARATORS = (".", "-", " ", "*", "_")
WORD = re.compile(r"[A-Za-z]{3,}")
SMALL_CAPITALS = dict(zip("abcdefghijklmnoprstuvwyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ"))
CONFUSABLES = {"a": "ɑ", "g": "ɡ", "l": "ӏ", "o": "օ", "e": "ҽ", "h": "һ", "n": "ո", "u": "ս", "i": "ɩ",
               "p": "ք", "q": "ԛ", "s": "ꮪ", "w": "ԝ"}
VARIATION_SELECTORS = tuple(chr(c) for c in range(0xFE00, 0xFE10))


def leetspeak(word: str, rng: random.Random) -> str:
    return "".join(LEET.get(ch.lower(), ch) if rng.random() < 0.7 else ch for ch in word)


def repeat_letters(word: str, rng: random.Random) -> str:
    position = rng.randrange(len(word))
    return word[:position] + word[position] * rng.randint(3, 5) + word[position + 1:]


def insert_separators(word: str, rng: random.Random) -> str:
    return rng.choice(SEPARATORS).join(word)


def homoglyphs(word: str, rng: random.Random) -> str:
    return "".join(HOMOGLYPHS.get(ch, ch) if rng.random() < 0.7 else ch for ch in word)


def zero_width(word: str, rng: random.Random) -> str:
    mark = rng.choice(ZERO_WIDTH)
    cut = rng.randrange(1, len(word))
    return word[:cut] + mark + word[cut:]


def misspell(word: str, rng: random.Random) -> str:
    """Two adjacent letters swapped or one dropped, never the first letter ("idoit", "stupd")."""
    if len(word) < 4:
        return word
    cut = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5 and word[cut] != word[cut + 1]:
        return word[:cut] + word[cut + 1] + word[cut] + word[cut + 2:]
    return word[:cut] + word[cut + 1:]


def split_word(word: str, rng: random.Random) -> str:
    """One separator at one point ("stu.pid", "mor on"), each part at least two letters."""
    if len(word) < 4:
        return word
    cut = rng.randrange(2, len(word) - 1)
    return word[:cut] + rng.choice(SEPARATORS) + word[cut:]


def leet_trailing_digits(word: str, rng: random.Random) -> str:
    return leetspeak(word, rng) + str(rng.randint(1, 99))


def _substitute(table: dict[str, str], share: float) -> Callable[[str, random.Random], str]:
    def trick(word: str, rng: random.Random) -> str:
        out = "".join(table.get(ch.lower(), ch) if rng.random() < share else ch for ch in word)
        if out == word:
            hits = [i for i, ch in enumerate(word) if ch.lower() in table]
            if hits:
                i = rng.choice(hits)
                out = word[:i] + table[word[i].lower()] + word[i + 1:]
        return out

    return trick


def _inserted(marks: Sequence[str]) -> Callable[[str, random.Random], str]:
    def trick(word: str, rng: random.Random) -> str:
        cut = rng.randrange(1, len(word))
        return word[:cut] + rng.choice(marks) + word[cut:]

    return trick


TRICKS: dict[str, Callable[[str, random.Random], str]] = {
    "leetspeak": leetspeak,
    "repeated_letters": repeat_letters,
    "inserted_separators": insert_separators,
    "homoglyphs": homoglyphs,
    "zero_width": zero_width,
    "misspelling": misspell,
    "split_word": split_word,
    "leet_trailing_digits": leet_trailing_digits,
    "dotless_i": _substitute({"i": "\u0131"}, 1.0),
    "small_capitals": _substitute(SMALL_CAPITALS, 1.0),
    "confusables": _substitute(CONFUSABLES, 0.7),
    "combining_joiner": _inserted(("\u034f",)),
    "variation_selector": _inserted(VARIATION_SELECTORS),
}


def obfuscate_spans(text: str, ranges: Sequence[tuple[int, int]], trick: str, rng: random.Random) -> str:
    """`text` with every word (three letters or more) that overlaps one of `ranges` rewritten by `trick`."""
    if trick not in TRICKS:
        raise ValueError(f"Unknown obfuscation trick {trick!r}; choose from {sorted(TRICKS)}.")

    def rewrite(match: re.Match[str]) -> str:
        lo, hi = match.span()
        if any(lo < end and start < hi for start, end in ranges):
            return TRICKS[trick](match.group(0), rng)
        return match.group(0)

    return WORD.sub(rewrite, text)


class Obfuscator:
    """Rewrites a share of the words of each text with a randomly chosen trick.

    `word_rate` is the share of words (of three letters or more) rewritten; `tricks` limits the
    tricks used (all by default). Text `i` is rewritten with `Random(seed + i)`, so the result for a
    text does not depend on which other texts are in the batch's prefix order.
    """

    def __init__(self, seed: int = 0, word_rate: float = 0.5, tricks: Sequence[str] | None = None) -> None:
        self.seed = seed
        self.word_rate = word_rate
        self.tricks = tricks

    def _trick_names(self) -> list[str]:
        names = list(self.tricks) if self.tricks is not None else list(TRICKS)
        unknown = sorted(set(names) - set(TRICKS))
        if unknown or not names:
            raise ValueError(f"Unknown or no obfuscation tricks {unknown}; choose from {sorted(TRICKS)}.")
        if not 0.0 <= self.word_rate <= 1.0:
            raise ValueError(f"word_rate must be in [0, 1], got {self.word_rate}.")
        return names

    def obfuscate(self, text: str, rng: random.Random) -> str:
        names = self._trick_names()

        def rewrite(match: re.Match[str]) -> str:
            if rng.random() >= self.word_rate:
                return match.group(0)
            return TRICKS[rng.choice(names)](match.group(0), rng)

        return WORD.sub(rewrite, text)

    def transform(self, texts: Sequence[str]) -> list[str]:
        return [self.obfuscate(text, random.Random(self.seed + i)) for i, text in enumerate(texts)]
