"""The normalisation the bundled models were trained with (`moderation/text.py` before the vocabulary rules and
the wider character tables), frozen so a test can show that ordinary comments still normalise the same."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_ZERO_WIDTH = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x202A, 0x202B,
               0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}

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
}

LEET: dict[str, str] = {"1": "i", "3": "e", "4": "a", "0": "o", "5": "s", "7": "t", "@": "a", "$": "s",
                        "!": "i", "|": "i"}
_LEET_TOKEN = re.compile(r"(?<![a-z0-9@$!|])(?=[a-z0-9@$!|]*[0-9@$!|])[a-z0-9@$!|]+")
_INNER_ONLY = frozenset("!|")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|s|am|pm|k|m|b|km|kg|mm|cm|x|d|g)")
_SPELLED_OUT = re.compile(r"(?<![a-z0-9@$])[a-z0-9@$]([ .\-_*+~])[a-z0-9@$](?:\1[a-z0-9@$])+(?![a-z0-9@$])")
_SPELLED_SEPARATORS = re.compile(r"[ .\-_*+~]")
_REPEATED_LETTER = re.compile(r"([a-z])\1{2,}")
WORD_PATTERN = re.compile(r"[a-z0-9]+(?:['’*][a-z0-9]+)*")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    if ord(char) in _ZERO_WIDTH or unicodedata.category(char) == "Cf":
        return ""
    lowered = char.lower()
    if lowered in HOMOGLYPHS:
        return HOMOGLYPHS[lowered]
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", char))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "".join(HOMOGLYPHS.get(c, c) for c in stripped)


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def _unleet_token(match: re.Match[str]) -> str:
    token = match.group(0)
    if not any(c.isalpha() for c in token) or _ORDINAL.fullmatch(token):
        return token
    chars = list(token)
    for i in range(len(chars) - 1, -1, -1):
        char = chars[i]
        if char in LEET:
            has_letter_after = any(c.isalpha() for c in chars[i + 1 :])
            has_letter_before = any(c.isalpha() for c in chars[:i])
            if char in _INNER_ONLY:
                mapped = has_letter_after and has_letter_before
            elif char.isdigit():
                mapped = has_letter_after
            else:
                mapped = has_letter_after or has_letter_before
            if mapped:
                chars[i] = LEET[char]
    return "".join(chars)


def _join_spelled_out(match: re.Match[str]) -> str:
    text = match.group(0)
    if not any(c.isalpha() for c in text):
        return text
    return _SPELLED_SEPARATORS.sub("", text)


def _keep_one(match: re.Match[str]) -> str:
    return match.group(1)


RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_SPELLED_OUT, _join_spelled_out),
    (_LEET_TOKEN, _unleet_token),
    (_REPEATED_LETTER, _keep_one),
)


def normalise(text: str) -> str:
    """The text every head featurises: folded, de-obfuscated, lower-case (fast path, no offsets)."""
    out = _fold(text)
    for pattern, replace in RULES:
        out = pattern.sub(replace, out)
    return out
