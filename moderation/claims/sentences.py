"""Sentence spans with exact character offsets into the original comment.

Offsets matter more than boundaries: a moderator UI highlights `text[start:end]`, so every span
must index the text we were given, untouched (no normalisation before splitting). Line breaks are
hard boundaries (commenters use them as sentence ends far more often than typesetters do); inside
a line, nltk's Punkt (trained English model, see `punkt.py`) decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from moderation.claims.punkt import punkt_tokenizer

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_HAS_BOUNDARY = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s")


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int
    text: str


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_spans(line: str) -> Iterator[tuple[int, int]]:
    if not _HAS_BOUNDARY.search(line):
        yield 0, len(line)
        return
    yield from punkt_tokenizer().span_tokenize(line)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank sentence, in order; `text[start:end]` has no outer spaces."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        base = line.start()
        for start, end in _line_spans(line.group()):
            start, end = _strip(text, base + start, base + end)
            if end > start:
                spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[SentenceSpan]:
    """Sentences of `text` as spans; an all-blank text has none."""
    return [SentenceSpan(start, end, text[start:end]) for start, end in sentence_spans(text)]
