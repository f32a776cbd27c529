"""Which language a page is written in, so the split can report it and readers of the output know
which vocabulary table applied.

A stop-word vote over the article's first few thousand words separates the languages we keep
tables for (en, de, es, fr, and a few more with distinct function words); pages in a script of their
own (Chinese, Japanese, Korean, Arabic, Thai, Cyrillic, Greek, Hebrew) are told by their letters. It
is instant and needs no model file: a statistical detector (py3langid) took over ten seconds to
load on a busy machine, longer than a whole split.
"""

from __future__ import annotations

import re
from collections import Counter

_SAMPLE_CHARS = 20_000
_MIN_VOTES = 5
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "that",
            "for",
            "with",
            "was",
            "are",
            "this",
            "have",
            "from",
            "not",
            "they",
            "you",
            "which",
            "their",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "mit",
            "sich",
            "auf",
            "für",
            "ein",
            "eine",
            "dem",
            "den",
            "von",
            "zu",
            "wir",
            "ich",
            "auch",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "que",
            "del",
            "por",
            "con",
            "una",
            "para",
            "es",
            "su",
            "se",
            "lo",
            "como",
            "más",
            "pero",
            "sus",
            "al",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "est",
            "une",
            "que",
            "pour",
            "dans",
            "qui",
            "sur",
            "pas",
            "par",
            "avec",
            "ce",
            "sont",
            "du",
            "au",
            "nous",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "che",
            "di",
            "della",
            "per",
            "non",
            "sono",
            "gli",
            "una",
            "anche",
            "questo",
            "nel",
            "alla",
            "delle",
        ]
    ),
    "pt": frozenset(
        [
            "que",
            "não",
            "uma",
            "para",
            "com",
            "os",
            "das",
            "dos",
            "pelo",
            "mais",
            "como",
            "foi",
            "são",
            "ao",
            "também",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "van",
            "en",
            "dat",
            "niet",
            "zijn",
            "voor",
            "met",
            "ook",
            "maar",
            "wordt",
            "naar",
        ]
    ),
    "pl": frozenset(
        ["nie", "się", "jest", "na", "że", "do", "to", "jak", "przez", "od", "po", "ale", "dla", "są"]
    ),
    "cs": frozenset(
        ["se", "na", "je", "že", "to", "do", "jako", "ale", "pro", "jsou", "by", "jsem", "také", "nebo"]
    ),
}
_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ja", "\u3040-\u30ff"),  # kana first: Japanese also writes kanji
    ("ko", "\uac00-\ud7af"),
    ("zh", "\u4e00-\u9fff"),
    ("ar", "\u0600-\u06ff"),
    ("th", "\u0e00-\u0e7f"),
    ("ru", "\u0400-\u04ff"),
    ("el", "\u0370-\u03ff"),
    ("he", "\u0590-\u05ff"),
)
_SCRIPT_RES = tuple((code, re.compile(f"[{chars}]")) for code, chars in _SCRIPTS)
_SCRIPT_SHARE = 0.2


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code, or None when the sample is too short or too mixed to say."""
    sample = text[:_SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if not letters:
        return None
    for code, pattern in _SCRIPT_RES:
        if len(pattern.findall(sample)) >= _SCRIPT_SHARE * letters:
            return code
    votes: Counter[str] = Counter()
    for word in _WORD_RE.findall(sample.lower()):
        for code, words in STOPWORDS.items():
            if word in words:
                votes[code] += 1
    if not votes:
        return None
    (best, count), *rest = votes.most_common(2) + [("", 0)]
    return best if count >= _MIN_VOTES and count > rest[0][1] else None
