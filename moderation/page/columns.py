"""Read a text dump of a page laid out in columns one column after another.

A dump of a table layout (w3m, lynx) prints each row of the page as one line: the main column's
text, a long run of padding, then the sidebar's cell ("Mark says:        Archives"). Read as it is,
such a line is too long to be a comment header, and a sidebar's link list is interleaved line by
line with the comments. Where a page repeats a text start at the same character offset after a run
of spaces on many lines, that offset is a column edge; each line is cut there and every column is
read as its own block. The first column is the main one (where a sidebar cell is empty, a dump
with its indents stripped starts the main text at the left margin) unless another one holds far
more text (a left-hand menu beside an indented main column). Pages without such a layout come back
unchanged (the same string), so prose with a double space after a full stop is never cut.
"""

from __future__ import annotations

import re
from collections import Counter

from moderation.page import patterns as pt

_GAP_RE = re.compile(rf" {{{pt.COLUMN_GAP_MIN_SPACES},}}(?=\S)")


def unfold_columns(text: str) -> str:
    """The text with a multi-column layout read column by column; otherwise `text` itself."""
    main, side = split_columns(text)
    return "\n\n".join(block for block in (main, *side) if block)


def split_columns(text: str) -> tuple[str, list[str]]:
    """The main column's text and the other columns' texts (none when the page has one column)."""
    rows = text.split("\n")
    if len(rows) > pt.COLUMN_MAX_LINES:
        return text, []
    edges = _column_edges(rows)
    if not edges:
        return text, []
    columns: list[list[str]] = [[] for _ in range(len(edges) + 1)]
    for row in rows:
        cells = _cells(row.rstrip(), edges)
        for k, column in enumerate(columns):
            column.append(cells.get(k, ""))
    sizes = [sum(len(cell) for cell in column) for column in columns]
    if sum(1 for size in sizes if size) < 2:
        return text, []  # one column with text: an indented page, not a layout
    main = max(range(len(columns)), key=lambda k: sizes[k])
    if sizes[main] < pt.COLUMN_MAIN_RATIO * sizes[0]:
        main = 0  # a dump with its indents stripped starts the main text at the left margin
    order = [main, *(k for k in range(len(columns)) if k != main)]
    blocks = ["\n".join(columns[k]).strip("\n") for k in order]
    return blocks[0], [block for block in blocks[1:] if block]


def _column_edges(rows: list[str]) -> list[int]:
    """Offsets where text starts after a run of padding on enough lines to be a column edge."""
    starts: Counter[int] = Counter()
    for row in rows:
        row = row.rstrip()
        indent = len(row) - len(row.lstrip(" "))
        if indent >= pt.COLUMN_MIN_OFFSET:
            starts[indent] += 1  # a row with text in a right-hand column only
        for gap in _GAP_RE.finditer(row):
            if gap.end() >= pt.COLUMN_MIN_OFFSET and gap.start() > 0:
                starts[gap.end()] += 1
    edges = sorted(c for c, n in starts.items() if n >= pt.COLUMN_MIN_ROWS and _sharp(c, n, starts))
    merged: list[int] = []
    for edge in edges:  # an edge a character or two off is the same column (a cell's own indent)
        if merged and edge - merged[-1] <= pt.COLUMN_EDGE_SLACK:
            continue
        merged.append(edge)
    return merged


def _sharp(edge: int, count: int, starts: Counter[int]) -> bool:
    """A layout column starts every row at one offset; a data table's cells start all over the place
    (a film list's years after titles of every length)."""
    near = sum(n for c, n in starts.items() if abs(c - edge) <= pt.COLUMN_EDGE_WINDOW)
    return count >= pt.COLUMN_EDGE_SHARE * near


def _cells(row: str, edges: list[int]) -> dict[int, str]:
    """The row's text per column: cut where padding ends at (or just past) an edge, or after a run of
    padding no sentence has (a cell of the same column placed further right)."""
    indent = len(row) - len(row.lstrip(" "))
    cuts = [indent if indent and _at_edge(indent, edges) else 0]
    for gap in _GAP_RE.finditer(row):
        if gap.start() > 0 and (_at_edge(gap.end(), edges) or len(gap.group()) >= pt.COLUMN_PADDING_SPACES):
            cuts.append(gap.end())
    cells: dict[int, str] = {}
    row = row.rstrip()
    for a, b in zip(cuts, [*cuts[1:], len(row)], strict=True):
        piece = row[a:b].strip()
        if not piece:
            continue
        k = sum(1 for e in edges if e <= a + pt.COLUMN_EDGE_SLACK) if a else 0
        cells[k] = f"{cells[k]} {piece}" if k in cells else piece
    return cells


def _at_edge(offset: int, edges: list[int]) -> bool:
    return any(0 <= offset - edge <= pt.COLUMN_EDGE_SLACK for edge in edges)
