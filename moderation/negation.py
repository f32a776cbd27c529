"""Name-calling that the comment takes back: "You are not an idiot, you simply see it differently".

The models read "not an idiot" as an insult (bench/SPANS.md: 0.96), because in their training data
the word almost always is one. A moderator reads the denial. The comment is scored again with the
denied insult taken out, and each incivility probability is the lower of the two: a comment that
denies one insult and makes another ("you're not stupid, you're a liar") keeps the other's score; a
concession ("not an idiot, but surely mad") is not a denial; a comment without a denied insult (nearly
all) is scored once, as before. Measured on the test splits by `bench/negation_effect.py`.
"""

from __future__ import annotations

import re

from moderation.text_tables import CONCESSIONS, NEGATED_NAME_CALLING


def _pattern(table: dict[str, tuple[str, ...]]) -> str:
    fillers = "|".join(re.escape(f) for f in table["fillers"])
    return (
        rf"\b(?:{'|'.join(table['negators'])})\s+(?:(?:{fillers})\s+){{0,3}}"
        rf"(?:{'|'.join(re.escape(w) for w in table['words'])})\b"
    )


_CONCESSION = "|".join(w for words in CONCESSIONS.values() for w in words)
_DENIAL_RE = re.compile(
    "(?:" + "|".join(_pattern(t) for t in NEGATED_NAME_CALLING.values()) + rf")(?![\W_]*(?:{_CONCESSION})\b)",
    re.IGNORECASE,
)


def without_denied_insults(text: str) -> str | None:
    """`text` with every denied insult ("not an idiot") cut out, or None when it denies none."""
    if _DENIAL_RE.search(text) is None:
        return None
    return re.sub(r"\s{2,}", " ", _DENIAL_RE.sub("", text)).strip()


def denied_stretches(text: str) -> list[tuple[int, int]]:
    """(start, end) of every denied insult in `text`: an explanation must not point at them."""
    return [match.span() for match in _DENIAL_RE.finditer(text)]
