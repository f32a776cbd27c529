"""Obfuscation-robust normalisation with an offset map back to the original text, and tokenisation.

People who want abuse past a filter write "1d10t", "i.d.i.o.t", "i d i o t", "idiiiot", Cyrillic look-alikes,
full-width letters or zero-width joiners (Hosseini et al. 2017). Every head sees text after `normalise`, so
one pass undoes these tricks for all labels. Explanations must highlight the *original* characters, so the
same transformations can also run in a slower mode that records, for every normalised character, which
stretch of the original produced it (`normalise_with_offsets`). Both modes apply the *same* rules, defined
once below, and a property test pins that they always produce the same string.

Rules, in order:
1. fold characters: NFKC (full-width -> ASCII), homoglyphs (Cyrillic/Greek look-alikes -> Latin), accents
   stripped, zero-width/format characters and soft hyphens removed, lower-cased;
2. characters spelled out with the same one-character separator between them ("i.d.i.o.t", "i d i o t",
   "f-u-c-k", "1.d.1.0.t") are joined when at least one is a letter (so "1 2 3" and "1.2.3" stay);
3. leetspeak inside words: 1->i, 3->e, 4->a, 0->o, 5->s, 7->t, @->a, $->s, ! and | -> i, only when the token
   also holds letters: a digit only when a letter follows it (so "2020", "covid19", "3rd" stay), "!"/"|"
   only between letters (so "idiot!" stays), "$"/"@" next to letters ("$hit", "a$$");
4. a letter repeated three or more times is kept once ("idiiiot" -> "idiot", "sooo" -> "so");
5. words of the curated offensive vocabulary (`text_tables.OFFENSIVE_WORDS`) written with two adjacent letters
   swapped or one dropped ("idoit", "stupd"), split in two by one separator ("stu.pid", "mor on") or followed by
   digits ("idiot69") become the word, unless the form is an ordinary word ("moran", "who re");
6. any other word split in two by a mark people do not put inside words in earnest ("nati.onal", "mus_lim",
   "pu*ssy"; `text_tables.SPLIT_WORD_SEPARATORS`) is joined when the joined form is an English word of the
   encoder's vocabulary and its fragments are not both words ("end.then" stays); dotted names ("cbc.ca") and
   chains ("www.google.com") stay;
7. a letters-and-digits token that rule 3 left alone because its digits end it ("th3", "plac3", "driver5")
   becomes the English word its leetspeak spells, when it holds two letters or more and the word is common
   enough (`text_tables.COMMON_WORDS`); "covid19", "ww3" and "mp3" spell no such word and stay.

Characters and vocabularies are data (`moderation.text_tables`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from moderation.text_tables import (
    COMMON_WORDS,
    ENGLISH_WORDS,
    HOMOGLYPHS,
    INVISIBLE,
    INVISIBLE_IN_WORDS,
    MIN_MISSPELT_LENGTH,
    OFFENSIVE_WORDS,
    ORDINARY_WORDS,
    SPLIT_WORD_SEPARATORS,
)

_ZERO_WIDTH = INVISIBLE

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
"""Character rules; `moderation.inference.normalise` runs them only on texts a kernel flags."""

_SPLIT_SEPARATORS = " .-_*"


def _misspellings(word: str) -> set[str]:
    """Two adjacent letters swapped (not the first) or one letter dropped (not the first)."""
    if len(word) < MIN_MISSPELT_LENGTH:
        return set()
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}
    dropped = {word[:i] + word[i + 1:] for i in range(1, len(word))}
    return (swapped | dropped) - {word}


def _evasion_forms() -> dict[str, str]:
    """Surface form (after rules 1-4) -> the vocabulary word it stands for."""
    words = set(OFFENSIVE_WORDS)
    forms: dict[str, str] = {}
    for word in sorted(OFFENSIVE_WORDS):
        for variant in sorted(_misspellings(word)):
            if variant not in words and variant not in ORDINARY_WORDS:
                forms.setdefault(variant, word)
        for cut in range(2, len(word) - 1) if len(word) >= MIN_MISSPELT_LENGTH else ():
            left, right = word[:cut], word[cut:]
            if {left, right} <= ORDINARY_WORDS | words:
                continue
            for separator in _SPLIT_SEPARATORS:
                forms.setdefault(left + separator + right, word)
    return forms


EVASION_FORMS: dict[str, str] = _evasion_forms()
_OFFENSIVE = frozenset(OFFENSIVE_WORDS)


def _trie_pattern(forms: list[str]) -> str:
    """A regex alternation factored by common prefixes, so matching costs the depth, not the number of forms."""
    trie: dict[str, dict] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        optional = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    return emit(trie)


_VOCABULARY = sorted({*EVASION_FORMS, *OFFENSIVE_WORDS})
_EVASION = re.compile(r"(?<![a-z0-9'’*.\-_])(" + _trie_pattern(_VOCABULARY) + r")[0-9]*(?![a-z0-9]|[.\-_*'’][a-z0-9])")


def _undo_evasion(match: re.Match[str]) -> str:
    form = match.group(1)
    return EVASION_FORMS.get(form, form)


_INVISIBLE_IN_WORD = re.compile("(?<=[a-z0-9])[" + "".join(f"\\U{c:08x}" for c in sorted(INVISIBLE_IN_WORDS)) + "]+")


def _drop(match: re.Match[str]) -> str:
    return ""


_LEET_WORD = re.compile(r"(?<![a-z0-9@$])(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[0-9@$])[a-z0-9@$]{3,}(?![a-z0-9@$])")
_ENGLISH = frozenset(ENGLISH_WORDS)
_COMMON_SHORT = frozenset(word for word in ENGLISH_WORDS[:COMMON_WORDS] if len(word) <= 3)
_LEET_ALL = str.maketrans({k: v for k, v in LEET.items() if k not in _INNER_ONLY})


def _unleet_vocabulary_word(match: re.Match[str]) -> str:
    """A letters-and-digits token that decodes to a vocabulary word, even with digits at its end ("id107",
    "1d10t69"); rule 3 leaves final digits alone because "covid19" and "g20" must stay."""
    token = match.group(0)
    for cut in range(len(token), 2, -1):
        if cut < len(token) and not token[cut:].isdigit():
            break
        decoded = token[:cut].translate(_LEET_ALL)
        word = EVASION_FORMS.get(decoded, decoded)
        if word in _OFFENSIVE:
            return word
    return token


_MARKS = re.escape(SPLIT_WORD_SEPARATORS)
_SPLIT_WORD = re.compile(rf"(?<![a-z0-9'’@#/{_MARKS}\-])([a-z]{{2,}})[{_MARKS}]"
                         rf"(?=([a-z]{{2,}})(?![a-z0-9'’]|[{_MARKS}\-][a-z0-9]))")
_JOINABLE = _ENGLISH | _OFFENSIVE
_FRAGMENT_WORDS = _ENGLISH | ORDINARY_WORDS | _OFFENSIVE


def _join_split_word(match: re.Match[str]) -> str:
    """The left fragment without its mark when the two fragments make a word (the right one is only looked at,
    so it can still start the next split)."""
    left, right = match.group(1), match.group(2)
    if left + right in _JOINABLE and not (left in _FRAGMENT_WORDS and right in _FRAGMENT_WORDS):
        return left
    return match.group(0)


def _unleet_english_word(match: re.Match[str]) -> str:
    """The English word a whole letters-and-digits token spells ("plac3"), if it is common enough."""
    token = match.group(0)
    decoded = token.translate(_LEET_ALL)
    if sum(char.isalpha() for char in token) >= 2 and (decoded in _COMMON_SHORT if len(decoded) <= 3
                                                       else decoded in _ENGLISH):
        return decoded
    return token


_LEET_ENGLISH = re.compile(r"(?<![a-z0-9@$#_/.])(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[0-9@$])[a-z0-9@$]{3,}"
                           r"(?![a-z0-9@$_]|[./][a-z0-9])")
"""A token of `_LEET_WORD` that is not part of a handle, hashtag, path or dotted name."""

ENGLISH_WORD_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_SPLIT_WORD, _join_split_word),
    (_LEET_ENGLISH, _unleet_english_word),
)
"""Rules 6 and 7: disguised ordinary words, which would otherwise reach the models as odd word pieces."""

WORD_RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_INVISIBLE_IN_WORD, _drop),
    (_LEET_WORD, _unleet_vocabulary_word),
    (_EVASION, _undo_evasion),
    *ENGLISH_WORD_RULES,
)
"""Vocabulary rules, run on every text after `RULES`."""


def normalise(text: str) -> str:
    """The text every head featurises: folded, de-obfuscated, lower-case (fast path, no offsets)."""
    out = _fold(text)
    for pattern, replace in (*RULES, *WORD_RULES):
        out = pattern.sub(replace, out)
    return out


@dataclass(frozen=True)
class NormalisedText:
    """`text` plus, per normalised character i, the original stretch `original[starts[i]:ends[i]]`."""

    original: str
    text: str
    starts: np.ndarray
    ends: np.ndarray

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised [start, end) to the original characters that produced it."""
        if end <= start:
            raise ValueError("A span must cover at least one character.")
        return int(self.starts[start]), int(self.ends[end - 1])


def _fold_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """`_fold(text)` and, per output character, the input character it came from. ASCII folds to
    itself lowercased, one character each, so only the non-ASCII characters go one by one."""
    if text.isascii():
        return text.lower(), list(range(len(text))), list(range(1, len(text) + 1))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cursor = 0
    for match in _NON_ASCII.finditer(text):
        i = match.start()
        if i > cursor:
            pieces.append(text[cursor:i].lower())
            starts.extend(range(cursor, i))
            ends.extend(range(cursor + 1, i + 1))
        folded = _fold_char(match.group())
        pieces.append(folded)
        starts.extend([i] * len(folded))
        ends.extend([i + 1] * len(folded))
        cursor = i + 1
    pieces.append(text[cursor:].lower())
    starts.extend(range(cursor, len(text)))
    ends.extend(range(cursor + 1, len(text) + 1))
    return "".join(pieces), starts, ends


def _apply_with_offsets(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], text: str,
                        starts: list[int], ends: list[int]) -> tuple[str, list[int], list[int]]:
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    cursor = 0
    for match in pattern.finditer(text):
        lo, hi = match.span()
        pieces.append(text[cursor:lo])
        new_starts.extend(starts[cursor:lo])
        new_ends.extend(ends[cursor:lo])
        replacement = replace(match)
        pieces.append(replacement)
        width, n_out = hi - lo, len(replacement)
        for k in range(n_out):
            first = lo + (k * width) // n_out
            last = max(first + 1, lo + ((k + 1) * width) // n_out)
            new_starts.append(starts[first])
            new_ends.append(ends[last - 1])
        cursor = hi
    pieces.append(text[cursor:])
    new_starts.extend(starts[cursor:])
    new_ends.extend(ends[cursor:])
    return "".join(pieces), new_starts, new_ends


def normalise_with_offsets(text: str) -> NormalisedText:
    """Same string as `normalise(text)`, plus the offset map that explanations need (slower)."""
    out, starts, ends = _fold_with_offsets(text)
    for pattern, replace in (*RULES, *WORD_RULES):
        out, starts, ends = _apply_with_offsets(pattern, replace, out, starts, ends)
    return NormalisedText(text, out, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64))


@dataclass(frozen=True)
class Token:
    """A word of the normalised text and the original characters it came from."""

    text: str
    start: int
    end: int
    original_start: int
    original_end: int


def tokenise(normalised: NormalisedText) -> list[Token]:
    """Words of a normalised text (the same pattern the word features use), mapped to the original.
    The offset map is read for all words at once (numpy scalars one by one cost more than the regex)."""
    matches = list(WORD_PATTERN.finditer(normalised.text))
    if not matches:
        return []
    spans = np.array([m.span() for m in matches], dtype=np.int64)
    o_starts = normalised.starts[spans[:, 0]].tolist()
    o_ends = normalised.ends[spans[:, 1] - 1].tolist()
    return [Token(m.group(0), start, end, o_start, o_end)
            for m, (start, end), o_start, o_end in zip(matches, spans.tolist(), o_starts, o_ends)]
