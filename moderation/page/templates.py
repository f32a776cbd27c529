"""Learn a page's own comment-header format from repetition, for header styles no pattern describes.

A comment system prints every header from one template ("#12 Jane Doe wrote on 14/05/2025 09:12:",
"by jdoe on Tuesday May 14 ..."). Masking the parts that vary (names, numbers, the time stamp) turns
every header of a page into the same *shape*; a short line that carries a time stamp and whose shape
recurs several times on the page is a header even when no pattern in `patterns` knows its format.
"""

from __future__ import annotations

import re
from collections import Counter

from moderation.page import patterns as pt
from moderation.page.lines import Kind, Line, clean_author, is_name_like

_TIME_ANYWHERE_RE = re.compile(rf"(?<![\w:/.-]){pt.TIME_PATTERN}(?![\w/])")
_SENTENCE_END = (".", "?", "!", '"', "”")
_TOKEN_RE = re.compile(r"\w[\w'’.-]*|[^\w\s]")


def shape(text: str, time_span: tuple[int, int]) -> str:
    """The line with its time stamp, numbers and capitalised words masked ("#0 C C wrote on T :")."""
    start, end = time_span
    masked = []
    for token in _TOKEN_RE.findall(text[:start]) + ["T"] + _TOKEN_RE.findall(text[end:]):
        if token == "T" or not token[0].isalnum():
            masked.append(token)
        elif token[0].isdigit():
            masked.append("0")
        elif token[0].isupper() or token.lower() not in pt.TEMPLATE_KEEP_WORDS:
            masked.append("C")
        else:
            masked.append(token.lower())
    collapsed = [token for n, token in enumerate(masked) if not (token == "C" and n and masked[n - 1] == "C")]
    return " ".join(collapsed)


def induce_headers(lines: list[Line]) -> list[Line]:
    """Reclassify prose lines that share a recurring time-stamped shape as comment headers."""
    candidates: dict[int, tuple[str, re.Match[str]]] = {}
    for i, line in enumerate(lines):
        if (
            line.kind is not Kind.TEXT
            or len(line.text) > pt.TEMPLATE_MAX_CHARS
            or line.text.endswith(_SENTENCE_END)
        ):
            continue
        match = _TIME_ANYWHERE_RE.search(line.text)
        if match is not None and len(_TOKEN_RE.findall(line.text)) <= pt.TEMPLATE_MAX_TOKENS:
            candidates[i] = (shape(line.text, match.span()), match)
    counts = Counter(found_shape for found_shape, _ in candidates.values())
    result = list(lines)
    for i, (found_shape, match) in candidates.items():
        if counts[found_shape] >= pt.TEMPLATE_MIN_REPEATS:
            result[i] = _as_header(lines[i], match)
    return result


def _as_header(line: Line, match: re.Match[str]) -> Line:
    author = clean_author(pt.TEMPLATE_LEADING_NUMBER_RE.sub("", line.text[: match.start()]))
    posted_at = " ".join(match.group(0).split())
    return Line(line.text, line.gap_before, Kind.HEADER, author if is_name_like(author) else None, posted_at)
