"""Comment headers printed over several lines: join the author and the time of one header block.

A text dump prints each item of a header on its own line. Three layouts recur across comment systems:

* the date and the clock on two lines ("May 5, 2012" / "6:32 PM"): one time stamp;
* the time above the name ("3 hours ago" / "Jane Doe" or "Jane Doe wrote:"): the name's header;
* the name, profile fields and the comment number, then the time ("Jane Doe" / "Party: Green" /
  "Reply #1" / "May 5, 2012 7:28 AM"): the name heads the comment, the fields are chrome.

A lone weak button word ("Quote") printed between two button lines is a button too.

Each rule looks only at lines with no blank line between them; the third needs the page to repeat
the layout (`pt.HEADER_BLOCK_MIN`), so a name over a dated line inside prose stays prose.
"""

from __future__ import annotations

from moderation.page import patterns as pt
from moderation.page.lines import Kind, Line, has_action_word, is_name_like


def merge_header_blocks(lines: list[Line]) -> list[Line]:
    return _fields_over_time(_time_over_name(_split_stamps(_button_columns(lines))))


def _button_columns(lines: list[Line]) -> list[Line]:
    """ "Reply" / "Quote" / "Report Abuse": a lone weak button word between two button lines."""
    result = list(lines)
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if (
            line.kind is Kind.TEXT
            and not line.gap_before
            and not lines[i + 1].gap_before
            and line.text.strip().lower() in pt.WIDGET_WORDS
            and lines[i - 1].kind is Kind.WIDGET
            and lines[i + 1].kind is Kind.WIDGET
        ):
            result[i] = Line(line.text, line.gap_before, Kind.WIDGET)
    return result


def _is_stamp(line: Line) -> bool:
    return line.kind in (Kind.TIME, Kind.HEADER) and line.author is None and line.posted_at is not None


def _chrome(line: Line) -> Line:
    return Line(line.text, line.gap_before, Kind.CHROME)


def _split_stamps(lines: list[Line]) -> list[Line]:
    """ "May 5, 2012" / "6:32 PM": a date line and a clock line under it are one time stamp."""
    result = list(lines)
    for i in range(len(lines) - 1):
        date, clock = result[i], lines[i + 1]
        if (
            _is_stamp(date)
            and _is_stamp(clock)
            and not clock.gap_before
            and pt.DATE_ONLY_RE.match(date.posted_at or "")
            and pt.CLOCK_ONLY_RE.match(clock.posted_at or "")
        ):
            both = f"{date.posted_at} {clock.posted_at}"  # both lines stay anchors of the comment section
            result[i] = Line(date.text, date.gap_before, Kind.TIME, posted_at=both)
            result[i + 1] = Line(clock.text, clock.gap_before, Kind.TIME, posted_at=both)
    return result


def _time_over_name(lines: list[Line]) -> list[Line]:
    """ "12.29.14 at 9:14 pm" / "jdoe": a time stamp right above a name line (or an undated
    "Name wrote:" header) is that name's header; the comment text follows after a blank line."""
    result = list(lines)
    for i in range(len(lines) - 2):
        stamp, name, after = lines[i], lines[i + 1], lines[i + 2]
        if not _is_stamp(stamp) or name.gap_before or has_action_word(stamp.text):
            continue
        if i > 0 and not stamp.gap_before and lines[i - 1].kind is Kind.TEXT:
            continue  # "jane" / time / "Leeds": the name is above the time, the line under it a place
        if name.kind is Kind.HEADER and name.author and name.posted_at is None:
            author = name.author
        elif (
            name.kind is Kind.TEXT
            and after.gap_before
            and is_name_like(name.text)
            and not pt.PROFILE_FIELD_RE.match(name.text)  # "Score: 0/0" under the time is a field
            and not pt.BYLINE_RE.match(name.text)  # "10.15.15" / "By Jane Doe": the story's dateline and byline
            and not pt.NOT_AUTHOR_PREFIX_RE.match(name.text)
        ):
            author = name.text.strip()
        else:
            continue
        result[i] = _chrome(stamp)
        result[i + 1] = Line(name.text, name.gap_before, Kind.HEADER, author, stamp.posted_at)
    return result


def _is_field(line: Line) -> bool:
    """A profile field or comment number between a name and its time ("Party: Green", "Reply #1")."""
    return (
        line.kind in (Kind.TEXT, Kind.CHROME, Kind.WIDGET)
        and not line.gap_before
        and (pt.PROFILE_FIELD_RE.match(line.text) is not None or pt.NUMBERED_REPLY_RE.match(line.text) is not None)
    )


def _is_block_name(text: str) -> bool:
    """The first line of a name-fields-time block: a name, or any short handle the system printed
    ("reason 1", a long name cut to "Spirit of Seventy Si..."); the block's shape vouches for it."""
    words = text.split()
    return (
        (is_name_like(text) or (len(text) <= pt.MAX_AUTHOR_CHARS and len(words) <= pt.MAX_AUTHOR_WORDS))
        and not pt.PROFILE_FIELD_RE.match(text)
        and (not text.endswith((".", "!", "?", ":")) or text.endswith(("...", "…")))
    )


def _fields_over_time(lines: list[Line]) -> list[Line]:
    blocks: list[tuple[int, int]] = []  # (name line, time line)
    for i in range(len(lines) - 2):
        if lines[i].kind is not Kind.TEXT or not _is_block_name(lines[i].text):
            continue
        j = i + 1
        while j < len(lines) and j - i <= pt.HEADER_BLOCK_MAX_FIELDS and _is_field(lines[j]):
            j += 1
        if j > i + 1 and j < len(lines) and _is_stamp(lines[j]) and not lines[j].gap_before:
            blocks.append((i, j))
    if len(blocks) < pt.HEADER_BLOCK_MIN:
        return lines
    result = list(lines)
    for i, j in blocks:
        name = lines[i]
        result[i] = Line(name.text, name.gap_before, Kind.HEADER, name.text.strip())
        for k in range(i + 1, j):
            result[k] = _chrome(lines[k])
        result[j] = Line(lines[j].text, lines[j].gap_before, Kind.TIME, posted_at=lines[j].posted_at)
    return result
