"""Streaming readers for CSV and JSONL comment files that report bad rows instead of dropping them.

A newsroom export of a million comments must not be loaded at once, and a row that cannot be scored
(no text, empty text, broken JSON, bytes that are not UTF-8) must be reported with its line number,
never silently lost. So the readers yield, in file order, either an `InputRow` or a `BadRow`; the
caller scores the first and reports the second. A file that is unusable as a whole (no text column
at all) raises `InvalidInput` before any row is read.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from moderation.errors import InvalidInput

FORMATS = ("csv", "jsonl")
PROBE_OBJECTS = 100
_BOM = "\ufeff"


@dataclass(frozen=True)
class InputRow:
    """One scorable row: its first line number, its fields (kept for output) and its text."""

    line: int
    record: dict[str, Any]
    text: str


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass
class FieldNames:
    """The columns of the input, known after the header (CSV) or growing as rows arrive (JSONL)."""

    names: list[str] = field(default_factory=list)


def _decoded_lines(stream: BinaryIO, bad_lines: set[int]) -> Iterator[str]:
    """Text lines; a line that is not UTF-8 is decoded with replacement and its number remembered."""
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.add(number)
            line = raw.decode("utf-8", errors="replace")
        yield line.removeprefix(_BOM) if number == 1 else line


def _check_text(line: int, text: object, text_col: str) -> BadRow | None:
    if text is None:
        return BadRow(line, f"no '{text_col}' value")
    if not isinstance(text, str):
        return BadRow(line, f"'{text_col}' is {type(text).__name__}, not a string")
    if not text.strip():
        return BadRow(line, f"'{text_col}' is empty")
    return None


def read_csv_rows(stream: BinaryIO, text_col: str, columns: FieldNames,
                  id_col: str | None = None) -> Iterator[InputRow | BadRow]:
    """CSV with a header row; quoted fields may span lines (a row's line is where it starts)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    bad_lines: set[int] = set()
    reader = csv.reader(_decoded_lines(stream, bad_lines))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InvalidInput(f"The file's first line is not a CSV header ({exc}); is this a CSV file?") from None
    if not header:
        raise InvalidInput("The CSV file is empty: it needs a header row with a text column.")
    if 1 in bad_lines:
        raise InvalidInput("The CSV header (line 1) is not UTF-8 text; is this a CSV file?")
    _require_columns(header, text_col, id_col)
    columns.names[:] = header
    start = reader.line_num + 1
    for values in _csv_records(reader):
        line, end, start = start, reader.line_num, reader.line_num + 1
        if not values:
            continue
        if any(n in bad_lines for n in range(line, end + 1)):
            yield BadRow(line, "not valid UTF-8")
        elif len(values) != len(header):
            yield BadRow(line, f"has {len(values)} fields but the header has {len(header)}")
        else:
            record = dict(zip(header, values, strict=True))
            problem = _check_text(line, record[text_col], text_col)
            yield problem or InputRow(line, record, record[text_col])


def _csv_records(reader: Any) -> Iterator[list[str]]:
    """The csv module's own errors (a bare carriage return inside a field, ...) as one line, not a traceback."""
    try:
        yield from reader
    except csv.Error as exc:
        raise InvalidInput(f"Line {reader.line_num} is not valid CSV ({exc}); fix or quote it.") from None


def _require_columns(header: list[str], text_col: str, id_col: str | None) -> None:
    for wanted, option in ((text_col, "--text-col"), (id_col, "--id-col")):
        if wanted is not None and wanted not in header:
            raise InvalidInput(f"The input has no '{wanted}' column (columns: {_listing(header)}); "
                               f"name the right one with {option}.")


def _listing(names: list[str], most: int = 10, width: int = 40) -> str:
    """Column names for an error line: a few, each cut short (a wrong file can have a 10 KB "header")."""
    shown = [name if len(name) <= width else name[:width] + "..." for name in names[:most]]
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(shown) + more


def read_jsonl_rows(stream: BinaryIO, text_col: str, columns: FieldNames) -> Iterator[InputRow | BadRow]:
    """One JSON object per line; blank lines are not rows.

    When none of the first `PROBE_OBJECTS` objects has the text key, the file is refused as a whole
    (a wrong `--text-col`), instead of reporting every one of its rows as bad.
    """
    rows = _jsonl_rows(stream, text_col, columns)
    held: list[InputRow | BadRow] = []
    without_text, exhausted = 0, True
    for row in rows:
        held.append(row)
        if isinstance(row, InputRow) or text_col in columns.names:
            exhausted = False
            break
        without_text += row.reason == f"no '{text_col}' value"
        if without_text >= PROBE_OBJECTS:
            exhausted = False
            break
    if without_text and text_col not in columns.names and (exhausted or without_text >= PROBE_OBJECTS):
        raise InvalidInput(f"The JSONL objects have no '{text_col}' key (keys: {_listing(columns.names)}); "
                           "name the right one with --text-col.")
    yield from held
    yield from rows


def _jsonl_rows(stream: BinaryIO, text_col: str, columns: FieldNames) -> Iterator[InputRow | BadRow]:
    bad_lines: set[int] = set()
    for number, line in enumerate(_decoded_lines(stream, bad_lines), start=1):
        if not line.strip():
            continue
        if number in bad_lines:
            yield BadRow(number, "not valid UTF-8")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BadRow(number, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield BadRow(number, f"a JSON {type(record).__name__}, not an object")
            continue
        columns.names.extend(k for k in record if k not in columns.names)
        problem = _check_text(number, record.get(text_col), text_col)
        yield problem or InputRow(number, record, record[text_col])


def read_rows(stream: BinaryIO, input_format: str, text_col: str, columns: FieldNames,
              id_col: str | None = None) -> Iterator[InputRow | BadRow]:
    if input_format == "csv":
        return read_csv_rows(stream, text_col, columns, id_col)
    if input_format == "jsonl":
        return read_jsonl_rows(stream, text_col, columns)
    raise InvalidInput(f"Unknown input format {input_format!r}; use one of {', '.join(FORMATS)}.")


def chunked(rows: Iterable[InputRow | BadRow], size: int) -> Iterator[list[InputRow | BadRow]]:
    """Groups of at most `size` rows (good and bad, in file order) so memory stays bounded."""
    chunk: list[InputRow | BadRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
