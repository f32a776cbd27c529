"""Where a comment section starts *and ends*: the best-scoring run of comment-shaped lines.

A comment section is a repetition: header (author, time), a few paragraphs, a button row, again and
again. What follows it (the reply form, "Recent posts", a footer, cookie text) and what precedes it
(the article, a byline with a date) is not. Every line after the candidate start gets a score:
headers, time stamps and Reply/Like rows are evidence for comments; forms, footers and rail headings
are strong evidence against; prose is mildly positive near a header and negative far from any (an
article under a byline, a sidebar after the last comment), and runs of short headline-like lines
(link lists) are negative. The section is the contiguous run with the largest total (one linear
pass, Kadane's algorithm), accepted only when it holds enough comment anchors: a counter or a form
alone never makes a section.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from moderation.page import patterns as pt
from moderation.page.lines import Kind, Line, has_action_word, is_name_like
from moderation.page.plausible import is_prose_line
from moderation.page.register import reader_score
from moderation.page.templates import headers_below

_SENTENCE_END = (".", "!", "?", '"', "”", ")", ":")
_BETWEEN = -1  # after a comment's button row, before the next header
_LEADING_FURNITURE = (Kind.FOOTER, Kind.MARKER, Kind.CLOSER, Kind.CHROME)


@dataclass(frozen=True)
class Section:
    start: int  # first line of the comment section
    end: int  # one past its last line
    anchors: int  # header, time and control lines inside it


def name_lines(lines: list[Line], start: int, *, counted: bool) -> set[int]:
    """Bare name lines that head comments ("Jane Doe", blank line, her comment), when the page
    repeats the pattern often enough to tell them from subheadings: a name that recurs (people
    answer each other) under a comment counter."""
    found = [
        i
        for i in range(start, len(lines) - 1)
        if lines[i].kind is Kind.TEXT
        and lines[i].gap_before
        and len(lines[i].text.split()) <= pt.SECTION_NAME_LINE_MAX_WORDS
        and is_name_like(lines[i].text)
        and lines[i + 1].kind is Kind.TEXT
        and not is_name_like(lines[i + 1].text)
        and is_prose_line(lines[i + 1].text)  # "Subscribe" over "The paper on all your screens": a link list
    ]
    names = [lines[i].text.strip().lower() for i in found]
    recurs = len(set(names)) < len(names)
    return set(found) if len(found) >= pt.SECTION_MIN_NAME_LINES and recurs and counted else set()


def is_anchor(line: Line) -> bool:
    """A line that only a comment's frame prints: its header, its time stamp, its Reply/Like row."""
    if line.kind in (Kind.HEADER, Kind.TIME):
        return True
    return line.kind is Kind.WIDGET and has_action_word(line.text)


def _is_link_like(line: Line) -> bool:
    words = line.text.split()
    return (
        line.kind is Kind.TEXT
        and len(words) <= pt.SECTION_LINK_MAX_WORDS
        and not line.text.endswith(_SENTENCE_END)
    )


def line_scores(lines: list[Line], start: int, *, bare_open: bool, names: set[int]) -> list[float]:
    """Evidence per line of lines[start:] that it belongs to a comment section."""
    weights = pt.SECTION_WEIGHTS
    below = headers_below(lines[start:])
    n = len(lines) - start
    link_run = _link_runs(lines, start)
    since = _words_since_anchor(lines, start, reverse=below, bare_open=bare_open, names=names)
    scores = [0.0] * n
    for k in range(n):
        line = lines[start + k]
        if start + k in names:
            scores[k] = weights["name_line"]
        elif line.kind is Kind.HEADER:
            scores[k] = weights["author_header"] if line.author else weights["time"]
        elif line.kind is Kind.TIME:
            scores[k] = weights["time"]
        elif line.kind is Kind.WIDGET:
            scores[k] = weights["controls"] if has_action_word(line.text) else weights["widget"]
        elif line.kind is Kind.MARKER:
            scores[k] = weights["counter"] if line.declared_count else weights["marker"]
        elif line.kind in (Kind.CLOSER, Kind.FOOTER):
            scores[k] = _closer_score(lines, start + k)
        elif line.kind is Kind.CHROME:
            scores[k] = weights["chrome"]
        elif link_run[k] >= pt.SECTION_LINK_RUN and not _names_next_anchor(lines, start + k):
            scores[k] = weights["link_line"]
        elif since[k] == _BETWEEN:
            scores[k] = weights["between_prose"]
        elif since[k] is None or since[k] > pt.SECTION_MAX_COMMENT_WORDS:
            scores[k] = weights["far_prose"]
        else:
            scores[k] = weights["near_prose"]
    return scores


def _closer_score(lines: list[Line], i: int) -> float:
    """A form line or rail heading weighs against the section; several in a row end it outright.

    "Add comment", "Older posts", "Search this blog" one after another are the page's furniture
    after its comments: no run of comment-shaped lines further down (a blog list with a time under
    each entry) may reach back across them.
    """
    if _is_inline_form(lines, i):
        return pt.SECTION_WEIGHTS["inline_form"]
    near = lines[max(0, i - pt.CLOSING_BLOCK_REACH) : i] + lines[i + 1 : i + 1 + pt.CLOSING_BLOCK_REACH]
    if any(line.kind in (Kind.CLOSER, Kind.FOOTER) for line in near):
        return pt.SECTION_WEIGHTS["closing_block"]
    return pt.SECTION_WEIGHTS["closer"]


def _is_inline_form(lines: list[Line], i: int) -> bool:
    """A form line between a comment's Reply row and the next comment's header: the reply form each
    comment carries (hidden in a browser, printed in a dump), not the end of the section."""
    before = lines[max(0, i - pt.INLINE_FORM_REACH) : i]
    after = lines[i + 1 : i + 1 + pt.INLINE_FORM_REACH]
    return (
        lines[i].kind is Kind.CLOSER
        and any(line.kind is Kind.WIDGET and has_action_word(line.text) for line in before)
        and any(line.kind in (Kind.HEADER, Kind.TIME) for line in after)
    )


def _names_next_anchor(lines: list[Line], i: int) -> bool:
    """A bare name right above a time stamp or header is that comment's author line."""
    return (
        i + 1 < len(lines)
        and lines[i + 1].kind in (Kind.TIME, Kind.HEADER, Kind.CHROME)
        and is_name_like(lines[i].text)
    )


def _link_runs(lines: list[Line], start: int) -> list[int]:
    """Length of the run of consecutive headline-like lines each line is part of."""
    n = len(lines) - start
    runs = [0] * n
    k = 0
    while k < n:
        if not _is_link_like(lines[start + k]):
            k += 1
            continue
        j = k
        while j < n and _is_link_like(lines[start + j]):
            j += 1
        for m in range(k, j):
            runs[m] = j - k
        k = j
    return runs


def _words_since_anchor(
    lines: list[Line], start: int, *, reverse: bool, bare_open: bool, names: set[int]
) -> list[int | None]:
    """Prose words between each line and the anchor it hangs from (above it, or below it when the
    page prints headers under their comments); None when there is no anchor on that side.

    After a Reply/Like row the next words belong to no comment until the next header appears, so
    the count is `_BETWEEN` there (a sidebar after the last comment is not its text).
    """
    n = len(lines) - start
    result: list[int | None] = [None] * n
    order = range(n - 1, -1, -1) if reverse else range(n)
    count: int | None = 0 if bare_open and not reverse else None
    for k in order:
        line = lines[start + k]
        if is_anchor(line) or start + k in names:
            closes = line.kind is Kind.WIDGET and not reverse
            count = _BETWEEN if closes else 0
            continue
        if line.kind in (Kind.CLOSER, Kind.FOOTER):
            count = None
            continue
        if line.kind is Kind.TEXT:
            if count is not None and count != _BETWEEN:
                count += len(line.text.split())
            result[k] = count
    return result


def best_run(scores: list[float]) -> tuple[int, int, float]:
    """(start, end, total) of the contiguous run with the largest sum (end exclusive)."""
    best = (0, 0, 0.0)
    run_start, total = 0, 0.0
    for k, score in enumerate(scores):
        if total <= 0:
            run_start, total = k, 0.0
        total += score
        if total > best[2]:
            best = (run_start, k + 1, total)
    return best


def bound_section(lines: list[Line], start: int, *, opener: Kind) -> Section | None:
    """The comment section inside lines[start:], or None when nothing there is comment-shaped.

    `opener`: the kind of line that opened the candidate section (a footer, a counter or prompt, a
    change of register, a header): the prose right after the first three may be comments without
    any header, judged by `_bare_section`.
    """
    bare_open = opener in (Kind.FOOTER, Kind.TEXT, Kind.MARKER)
    form_first = False
    while start < len(lines) and lines[start].kind in _LEADING_FURNITURE:
        form_first = form_first or lines[start].kind is Kind.CLOSER
        start += 1  # the footer or counter that opened the section is not part of it
    if start >= len(lines):
        return None
    counters = [line.declared_count for line in lines[max(0, start - 3) : start] if line.kind is Kind.MARKER]
    counted = any(counters)
    if bare_open and 0 in counters:
        bare_open = False  # "Comments (0)": what follows without a header is not comments
    names = name_lines(lines, start, counted=counted)
    scores = line_scores(lines, start, bare_open=bare_open, names=names)
    if bare_open and not names and not any(is_anchor(line) for line in lines[start:]):
        if opener is Kind.MARKER and form_first:
            return None  # "Comments" / "Leave a Comment", then no header anywhere: an empty thread's form
        return _bare_section(lines, start, scores, opener=opener)
    first, end, total = _best_region(lines, start, scores)
    anchors = sum(1 for i in range(start + first, start + end) if is_anchor(lines[i]) or i in names)
    if total < pt.SECTION_MIN_SCORE or anchors < pt.SECTION_MIN_ANCHORS:
        return _bare_section(lines, start, scores, opener=opener) if bare_open else None
    return Section(_block_start(lines, start + first, start), start + end, anchors)


def _best_region(lines: list[Line], start: int, scores: list[float]) -> tuple[int, int, float]:
    """The best run, within one stretch between closing blocks; a stretch with Reply/Like rows wins.

    After the comments and the furniture that closes them, a blog list or story rail with a name
    and a time on every entry can outscore a short thread; readers' buttons are what it lacks.
    """
    cuts = [k for k, score in enumerate(scores) if score <= pt.SECTION_WEIGHTS["closing_block"]]
    bounds = [-1, *cuts, len(scores)]
    best: tuple[bool, float, int, int] | None = None
    for low, high in pairwise(bounds):
        first, end, total = best_run(scores[low + 1 : high])
        first, end = first + low + 1, end + low + 1
        region = lines[start + first : start + end]
        actions = sum(1 for line in region if is_anchor(line)) >= pt.SECTION_MIN_ANCHORS and any(
            line.kind in (Kind.WIDGET, Kind.TIME, Kind.HEADER) and has_action_word(line.text)
            for line in region
        )
        if total > 0 and (best is None or (actions, total) > best[:2]):
            best = (actions, total, first, end)
    return (best[2], best[3], best[1]) if best is not None else (0, 0, 0.0)


def _bare_section(lines: list[Line], start: int, scores: list[float], *, opener: Kind) -> Section | None:
    """Comments without any header (a dump of bare paragraphs): up to the first closer or link list.

    A register change has already judged the prose; after a footer, the lines must read as
    sentences (a footer followed by a list of links or sidebar labels has no comments); after a
    counter or a prompt, enough of them must also read as reader prose (a "Comments" link above
    the article body is followed by the article).
    """
    end = start
    runs = _link_runs(lines, start)
    while end < len(lines) and scores[end - start] > pt.SECTION_WEIGHTS["closer"]:
        if runs[end - start] >= pt.SECTION_BARE_LINK_RUN and end > start:
            break  # a list of links; readers' short replies ("lol", "so true") come a few at a time
        end += 1
    text = [line.text for line in lines[start:end] if line.kind is Kind.TEXT]
    if not text:
        return None
    if opener is Kind.MARKER:
        prose = [t for t in text if len(t.split()) >= pt.SECTION_LINK_MAX_WORDS // 2]
        readers = sum(1 for t in prose if reader_score(t) >= pt.READER_PARAGRAPH_MIN_SCORE)
        if len(prose) < pt.REGISTER_MIN_COMMENTS or readers < pt.SECTION_BARE_MIN_READER_SHARE * len(prose):
            return None
    if opener is not Kind.TEXT:
        sentences = sum(
            1
            for t in text
            if t.rstrip().endswith(_SENTENCE_END) or len(t.split()) > pt.SECTION_LINK_MAX_WORDS
        )
        if sentences < pt.SECTION_BARE_MIN_SENTENCE_SHARE * len(text):
            return None
    return Section(start, end, 0)


def _block_start(lines: list[Line], begin: int, floor: int) -> int:
    """A run that starts at a time stamp or a Reply row also takes the name line just above it."""
    j = begin
    while (
        j > floor
        and j - begin > -2
        and not lines[j].gap_before
        and lines[j - 1].kind in (Kind.TEXT, Kind.CHROME)
    ):
        if lines[j - 1].kind is Kind.TEXT and not is_name_like(lines[j - 1].text):
            break
        j -= 1
    if j == begin and j > floor and lines[j].kind is Kind.TIME and _names_next_anchor(lines, j - 1):
        j -= 1
    return j
