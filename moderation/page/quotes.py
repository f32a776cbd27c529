"""Find the earlier comment a paragraph quotes, in constant time per lookup.

Readers quote whole comments or a sentence from them, sometimes without the final full stop. Keys are
the normalised opening characters of each comment paragraph and sentence; a hit is confirmed by
checking that the whole quoted text occurs in the candidate.
"""

from __future__ import annotations

import re
from typing import Generic, Protocol, TypeVar

from moderation.page import patterns as pt

_SPACES_RE = re.compile(r"\s+")
_TRAILING_PUNCT = " .,;:!?…\"'”’"
_KEY_CHARS = 40
_MAX_SENTENCE_KEYS = 20
_SENTENCE_START_RE = re.compile(r"(?<=[.!?])\s+")


class HasParagraphs(Protocol):
    paragraphs: list[str]


T = TypeVar("T", bound=HasParagraphs)


def norm(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip(_TRAILING_PUNCT).lower()


def unquote(line: str) -> str:
    """The text of a '>'-marked quote line (other lines unchanged)."""
    match = pt.QUOTE_LINE_RE.match(line)
    return match.group("text").strip() if match else line


class QuoteIndex(Generic[T]):
    def __init__(self) -> None:
        self._by_key: dict[str, T] = {}

    def add(self, comment: T) -> None:
        for paragraph in comment.paragraphs:
            for sentence in _SENTENCE_START_RE.split(paragraph)[:_MAX_SENTENCE_KEYS]:
                self._key(sentence, comment)
            self._key(paragraph, comment)

    def _key(self, text: str, comment: T) -> None:
        key = norm(text)
        if len(key) >= pt.QUOTE_MIN_CHARS:
            self._by_key.setdefault(key[:_KEY_CHARS], comment)

    def find(self, text: str) -> T | None:
        quoted = norm(text.lstrip("> "))
        if len(quoted) < pt.QUOTE_MIN_CHARS:
            return None
        found = self._by_key.get(quoted[:_KEY_CHARS])
        if found is None and len(quoted) < _KEY_CHARS:
            found = self._by_key.get(quoted)
        if found is not None and quoted in norm(" ".join(found.paragraphs)):
            return found
        return None
