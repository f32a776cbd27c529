"""`moderation score`: stream a CSV/JSONL file (or a page's comments) through the model, in chunks.

Rows are read, scored and written `CHUNK_ROWS` at a time, so memory does not grow with the file.
Every bad row is reported on the error stream with its line number and counted; the summary says
how many rows were scored and skipped. Nothing scored at all means the input was unusable: that is
an `InvalidInput`, which the CLI turns into one line and a non-zero exit.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from moderation.batch.reader import FORMATS, BadRow, FieldNames, InputRow, chunked, read_rows
from moderation.batch.writer import make_writer
from moderation.errors import InvalidInput
from moderation.types import Label

CHUNK_ROWS = 256
SNIFF_BYTES = 8192
PAGE_COLUMNS = ("id", "author", "posted_at", "reply_to", "text")
NO_COMMENTS = "No reader comments were found on this page; nothing to score."
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class ScoringSummary:
    scored: int
    skipped: int

    def line(self) -> str:
        return f"scored {self.scored} rows, skipped {self.skipped} bad rows"


def require_file(path: Path) -> None:
    """Checked before the model loads, so a typo costs nothing."""
    if not path.is_file():
        raise InvalidInput(f"Input file {path} does not exist.")


def require_text_file(path: Path) -> None:
    """A binary file (an image, a zip, a spreadsheet) is refused whole, instead of its bytes being read as
    a CSV header or a page. NUL bytes never occur in UTF-8 text; they do in UTF-16, which we do not read."""
    require_file(path)
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if b"\0" in head:
        raise InvalidInput(f"{path} is not UTF-8 text (it holds NUL bytes: a binary file, or UTF-16); "
                           "give a CSV, JSONL or page file.")


def check_output(out: Path | None, source_format: str, explain: bool) -> str:
    """The output format, refusing what would surprise: a name we cannot honour, explanations CSV drops."""
    if out is not None and out.suffix and out.suffix.lower() not in _EXTENSIONS:
        raise InvalidInput(f"Cannot write {out.suffix} files; name the output .csv or .jsonl.")
    target = output_format(out, source_format)
    if explain and target != "jsonl":
        raise InvalidInput("--explain adds spans only JSONL output can carry; write to a .jsonl file "
                           "(--out FILE.jsonl) or drop --explain.")
    return target


def input_format(path: Path, explicit: str | None) -> str:
    """csv / jsonl from `--format` or the extension; anything else is a page (text dump or HTML)."""
    if explicit:
        if explicit not in (*FORMATS, "page"):
            raise InvalidInput(f"Unknown --format {explicit!r}; use csv, jsonl or page.")
        return explicit
    return _EXTENSIONS.get(path.suffix.lower(), "page")


def output_format(out: Path | None, source_format: str) -> str:
    """The `--out` extension decides when it names one; else the input's format (a page gives JSONL)."""
    if out is not None and out.suffix.lower() in _EXTENSIONS:
        return _EXTENSIONS[out.suffix.lower()]
    return source_format if source_format in FORMATS else "jsonl"


def progress(description: str) -> tqdm:
    """A row counter on a terminal only: piped or logged runs stay clean."""
    return tqdm(desc=description, unit=" rows", file=sys.stderr, disable=not sys.stderr.isatty())


def _report(bad: BadRow, errors: TextIO) -> None:
    tqdm.write(f"line {bad.line}: skipped, {bad.reason}", file=errors)


def score_rows(moderator: Any, path: Path, out: TextIO, errors: TextIO, *, source_format: str,
               target_format: str, text_col: str = "text", id_col: str | None = None,
               explain: bool = False) -> ScoringSummary:
    """Score a CSV/JSONL file row by row (in chunks), keeping every input field and the row order."""
    labels: Sequence[Label] = tuple(moderator.labels)
    writer = make_writer(target_format, out, labels)
    columns = FieldNames()
    scored = skipped = 0
    with path.open("rb") as stream, progress(f"scoring {path.name}") as bar:
        for chunk in chunked(read_rows(stream, source_format, text_col, columns, id_col), CHUNK_ROWS):
            good = [row for row in chunk if isinstance(row, InputRow)]
            results = iter(moderator.score([row.text for row in good], explain=explain) if good else [])
            for row in chunk:
                if isinstance(row, BadRow):
                    _report(row, errors)
                    skipped += 1
                else:
                    writer.write(row.record, next(results), columns.names)
                    scored += 1
            bar.update(len(chunk))
    return ScoringSummary(scored, skipped)


def score_page(moderator: Any, path: Path, out: TextIO, *, target_format: str,
               explain: bool = False) -> ScoringSummary:
    """Split the page, score its comments with the article as context (for claim corroboration)."""
    from moderation.batch.page import score_page_comments

    page, scores = score_page_comments(moderator, path.read_bytes(), explain=explain)
    writer = make_writer(target_format, out, tuple(moderator.labels))
    for comment, result in zip(page.comments, scores, strict=True):
        record = {name: getattr(comment, name) for name in PAGE_COLUMNS}
        writer.write(record, result, PAGE_COLUMNS)
    return ScoringSummary(len(page.comments), 0)


def score_input(moderator: Any, path: Path, out_path: Path | None, *, explicit_format: str | None = None,
                text_col: str = "text", id_col: str | None = None, explain: bool = False,
                stdout: TextIO | None = None, errors: TextIO | None = None) -> ScoringSummary:
    """The whole `moderation score` job; output goes to `out_path` (written atomically) or stdout."""
    stdout, errors = stdout or sys.stdout, errors or sys.stderr
    require_text_file(path)
    source = input_format(path, explicit_format)
    target = check_output(out_path, source, explain)
    partial = out_path.with_name(f".{out_path.name}.partial") if out_path else None
    try:
        with (partial.open("w", encoding="utf-8", newline="") if partial else nullcontext(stdout)) as out:
            if source == "page":
                summary = score_page(moderator, path, out, target_format=target, explain=explain)
            else:
                summary = score_rows(moderator, path, out, errors, source_format=source, target_format=target,
                                     text_col=text_col, id_col=id_col, explain=explain)
        if summary.scored == 0 and source != "page":
            raise InvalidInput(f"No row of {path} could be scored ({summary.skipped} bad rows, see above).")
        if partial and out_path:
            partial.replace(out_path)
    finally:
        if partial:
            partial.unlink(missing_ok=True)
    print(summary.line() if summary.scored or source != "page" else NO_COMMENTS, file=errors)
    return summary

