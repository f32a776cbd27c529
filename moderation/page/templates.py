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
from moderation.page.lines import Kind, Line, clean_author, has_action_word, is_name_like
from moderation.page.plausible import is_prose_line

_TIME_ANYWHERE_RE = re.compile(rf"(?<![\w:/.-]){pt.TIME_PATTERN}(?![\w/])")
_SENTENCE_END = (".", "?", "!", '"', "”")
_TOKEN_RE = re.compile(r"\w[\w'’.-]*|[^\w\s]")
_LINK_WORDS = pt.NAV_WORDS | pt.WIDGET_WORDS


def shape(text: str, time_span: tuple[int, int]) -> str:
    """The line with its time stamp, numbers and capitalised words masked ("#0 C C wrote on T :")."""
    start, end = time_span
    masked = []
    tail = [t for t in _TOKEN_RE.findall(text[end:]) if t.lower() not in _LINK_WORDS]  # "| prev | next"
    for token in _TOKEN_RE.findall(text[:start]) + ["T"] + tail:
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
            or pt.BYLINE_RE.match(line.text)  # "By Jane Doe | May 5": a byline or a teaser's
            or pt.NOT_AUTHOR_PREFIX_RE.match(line.text)
        ):
            continue
        match = _TIME_ANYWHERE_RE.search(line.text)
        if (
            match is not None
            and match.start() == 0
            and len(line.text[match.end() :].split()) > pt.MAX_AUTHOR_WORDS
        ):
            continue  # "14:32 Artist arrested for dyeing a geyser pink": a ticker's entry, not a header
        if match is not None and len(_TOKEN_RE.findall(line.text)) <= pt.TEMPLATE_MAX_TOKENS:
            candidates[i] = (shape(line.text, match.span()), match)
    counts = Counter(found_shape for found_shape, _ in candidates.values())
    result = list(lines)
    for i, (found_shape, match) in candidates.items():
        if counts[found_shape] >= pt.TEMPLATE_MIN_REPEATS:
            result[i] = _as_header(lines[i], match)
    return result


def induce_name_headers(lines: list[Line]) -> list[Line]:
    """Bare author lines ("Jane Doe" or "http://janedoe.example Jane Doe" over her comment) as headers.

    Comment systems without JavaScript often print only the author's name, linked to her site, above
    each comment. One name over a paragraph is a subheading; a page-level repetition is a comment
    list: a run of such lines a few lines apart, with several distinct names of which one recurs
    (people answer each other) or several carry the author's link. A listicle's subheadings ("Paris",
    "London") do not recur and carry no link.
    """
    candidates = [i for i in range(len(lines) - 1) if _is_author_line(lines, i)]
    runs: list[list[int]] = []
    for i in candidates:
        if not runs or i - runs[-1][-1] > pt.NAME_HEADER_MAX_SPACING:
            runs.append([])
        runs[-1].append(i)
    result = list(lines)
    for run in runs:
        if _is_comment_list(lines, run):
            for i in run:
                result[i] = Line(
                    lines[i].text, lines[i].gap_before, Kind.HEADER, author=_author_of_line(lines[i].text)
                )
    return result


def _is_comment_list(lines: list[Line], run: list[int]) -> bool:
    """Whether a run of author-like lines heads comments: a conversation, or a list under a marker."""
    keys = [_author_of_line(lines[i].text).lower() for i in run]
    distinct = len(set(keys))
    linked = sum(1 for i in run if pt.LINKED_NAME_RE.match(lines[i].text))
    conversation = distinct < len(keys) or linked >= pt.NAME_HEADER_MIN_LINKED
    if any(
        line.kind is Kind.MARKER for line in lines[max(0, run[0] - pt.NAME_HEADER_MARKER_LOOKBACK) : run[0]]
    ):
        # "Comments" right above the first name: a short thread is enough
        return len(run) >= pt.NAME_HEADER_MIN_LINES_MARKED and distinct >= 2 and (conversation or linked > 0)
    return (
        len(run) >= pt.NAME_HEADER_MIN_LINES
        and distinct >= pt.NAME_HEADER_MIN_DISTINCT
        and distinct >= pt.NAME_HEADER_MIN_DISTINCT_SHARE * len(keys)  # not a label repeated down a rail
        and conversation
    )


def _author_of_line(text: str) -> str:
    linked = pt.LINKED_NAME_RE.match(text)
    return (linked.group("name") if linked else text).strip()


def _is_author_line(lines: list[Line], i: int) -> bool:
    line, below = lines[i], lines[i + 1]
    if (
        line.kind is not Kind.TEXT
        or below.kind is not Kind.TEXT
        or (i > 0 and lines[i - 1].kind is Kind.HEADER)
    ):
        return False
    name = _author_of_line(line.text)
    return (
        len(name.split()) <= pt.NAME_HEADER_MAX_WORDS
        and is_name_like(name)
        and not name.endswith(":")
        and not pt.URL_START_RE.match(name)  # a bare link is a reference, not an author
        and below.gap_before
        and is_prose_line(below.text)  # a reader's sentence, not a headline under a columnist's name
        and not is_name_like(below.text)
        and not has_action_word(name)
    )


def attach_header_prefixes(lines: list[Line]) -> list[Line]:
    """Lines printed just above most headers (a subject, "Re: ...", a rank) belong to the header.

    Forum-like systems put a subject line directly above the "by Name on Date" line. A short,
    unpunctuated line with a blank line before it and a header right under it is taken as part of
    the header only when the page does this above most of its headers (a page-level repetition).
    """
    headers = [i for i, line in enumerate(lines) if line.kind is Kind.HEADER and line.author]
    prefixed = [i for i in headers if i > 0 and _is_header_prefix(lines[i - 1], lines[i])]
    if len(prefixed) < pt.HEADER_PREFIX_MIN or len(prefixed) < pt.HEADER_PREFIX_SHARE * len(headers):
        return lines
    result = list(lines)
    for i in prefixed:
        result[i - 1] = Line(lines[i - 1].text, lines[i - 1].gap_before, Kind.CHROME)
    return result


def _is_header_prefix(line: Line, header: Line) -> bool:
    return (
        line.kind is Kind.TEXT
        and line.gap_before
        and not header.gap_before
        and len(line.text) <= pt.MAX_META_LINE_CHARS // 2
        and not line.text.endswith(_SENTENCE_END)
    )


def headers_below(lines: list[Line]) -> bool:
    """Whether this page prints each comment's header *under* its text ("— Jane Doe, Leeds, 3 hours ago").

    Such a header follows a text line with no blank line between and is followed by a blank line
    (or the end); when most of the page's headers sit like that, a header closes a comment.
    """
    authored = [i for i, line in enumerate(lines) if line.kind is Kind.HEADER and line.author]
    below = [
        i
        for i in authored
        if i > 0
        and not lines[i].gap_before
        and lines[i - 1].kind is Kind.TEXT
        and (i + 1 == len(lines) or lines[i + 1].gap_before)
    ]
    if len(below) >= pt.HEADER_PREFIX_MIN and len(below) >= pt.HEADERS_BELOW_SHARE * len(authored):
        return True
    return _signatures_below(lines, authored)


def _signatures_below(lines: list[Line], authored: list[int]) -> bool:
    """Headers set off by blank lines ("text" / blank / "Posted by: Jane, 5 May 2012") close their
    comments when reader prose comes before the first header and nothing but furniture after the
    last: a header over its comment is followed by that comment, the last one too."""
    if len(authored) < pt.HEADER_PREFIX_MIN:
        return False
    before = next((ln for ln in reversed(lines[: authored[0]]) if ln.kind is not Kind.CHROME), None)
    after = next((ln for ln in lines[authored[-1] + 1 :] if ln.kind is not Kind.CHROME), None)
    after_prose = sum(
        1 for i in authored if i > 0 and lines[i - 1].kind is Kind.TEXT and is_prose_line(lines[i - 1].text)
    )
    return (
        before is not None
        and before.kind is Kind.TEXT
        and is_prose_line(before.text)
        and (after is None or after.kind in (Kind.CLOSER, Kind.FOOTER, Kind.MARKER))
        and after_prose >= pt.HEADERS_BELOW_SHARE * len(authored)
    )


def _as_header(line: Line, match: re.Match[str]) -> Line:
    author = clean_author(pt.TEMPLATE_LEADING_NUMBER_RE.sub("", line.text[: match.start()]))
    posted_at = " ".join(match.group(0).split())
    return Line(line.text, line.gap_before, Kind.HEADER, author if is_name_like(author) else None, posted_at)
