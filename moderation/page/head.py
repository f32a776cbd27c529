"""The article's head: title, byline, dateline, date, caption and section above the first paragraph.

Text dumps flatten the page's header into a few short lines. What each line is follows from its
shape (a "By ..." line, an all-caps place name, a photo credit, a one-word section label), and the
first long prose line is where the body starts. Datelines and dates written at the start of the first
paragraph ("KYIV (Reuters) - ...", "2025-04-08 Kyiv, Ukraine — ...") are taken off that paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from moderation.page import patterns as pt
from moderation.page.lines import Kind, Line

_SENTENCE_END = tuple('.!?"”’')


@dataclass
class Head:
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    date: str | None = None
    caption: str | None = None
    section: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    declared_count: int | None = None
    body_start: int = 0
    first_paragraph: str | None = None  # the first body line once a leading date/dateline is removed


def is_body_line(line: Line) -> bool:
    """Article prose: long, or a full sentence of some length; never a caption or byline."""
    if line.kind is not Kind.TEXT or pt.BYLINE_RE.match(line.text) or pt.CAPTION_CREDIT_RE.match(line.text):
        return False
    words = len(line.text.split())
    return words >= pt.BODY_MIN_WORDS or (
        words >= pt.BODY_MIN_WORDS_PUNCTUATED and line.text.endswith(_SENTENCE_END)
    )


def parse_head(lines: list[Line]) -> Head:
    head = Head()
    limit = min(len(lines), pt.MAX_HEAD_LINES)
    head.body_start = next((i for i in range(limit) if is_body_line(lines[i])), 0)
    titles: list[str] = []
    caption: list[str] = []
    for i, line in enumerate(lines[: head.body_start]):
        next_line = lines[i + 1] if i + 1 < head.body_start else None
        if next_line is not None and not next_line.gap_before and pt.CAPTION_CREDIT_RE.match(next_line.text):
            caption.append(line.text)
        elif not _assign_field(head, line, caption):
            titles.append(line.text)
    head.caption = "\n".join(caption) or None
    if titles:
        head.title = titles[-1]
        head.boilerplate.extend(titles[:-1])
    if lines and head.body_start < len(lines):
        _take_leading_date_and_dateline(head, lines[head.body_start].text)
    return head


def _assign_field(head: Head, line: Line, caption: list[str]) -> bool:
    """Put one head line into its field; False when it is a title candidate."""
    text = line.text
    if line.kind in (Kind.MARKER, Kind.FOOTER, Kind.WIDGET, Kind.HEADER, Kind.CHROME, Kind.CLOSER):
        head.boilerplate.append(text)
        if line.declared_count is not None and head.declared_count is None:
            head.declared_count = line.declared_count
    elif line.kind is Kind.TIME or (pt.DATE_RE.match(text) and head.date is None):
        head.date = head.date or line.posted_at or text
    elif pt.BYLINE_RE.match(text) and head.byline is None:
        head.byline = text
    elif pt.CAPTION_CREDIT_RE.match(text):
        caption.append(text)
    elif pt.STANDALONE_DATELINE_RE.match(text) and head.dateline is None:
        head.dateline = text
    elif pt.SECTION_LABEL_RE.match(text) and (text.islower() or " " not in text):
        if head.section is not None:  # navigation items come first; the label nearest the title wins
            head.boilerplate.append(head.section)
        head.section = text
    else:
        return False
    return True


def _take_leading_date_and_dateline(head: Head, text: str) -> None:
    rest = text
    date = pt.LEADING_DATE_RE.match(rest)
    if date:
        head.date = head.date or date.group("date")
        rest = rest[date.end() :]
    dateline = pt.LEADING_DATELINE_RE.match(rest)
    if dateline:
        head.dateline = head.dateline or dateline.group("place")
        rest = rest[dateline.end() :]
    if rest is not text:
        head.first_paragraph = rest
