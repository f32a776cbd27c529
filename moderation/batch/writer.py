"""Writers for scored rows: every input field kept, plus one column per label (the Label's value).

CSV gets the probabilities only (a flat table); JSONL also carries each comment's sentences (claim
type, support, corroboration) and, with `--explain`, the explaining spans with character offsets
into the row's text. An input column that already bears a label's name is kept as `input_<name>`,
so no input value is ever overwritten. CSV rows end in CRLF (RFC 4180): the csv module then quotes any
field holding a lone carriage return, which it would not do with a bare-LF terminator.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import fields
from typing import Any, TextIO

from moderation.types import Label, Scores, Sentence, Span

DECIMALS = 6


def _renamed(record: dict[str, Any], labels: Sequence[Label]) -> dict[str, Any]:
    names = {label.value for label in labels}
    return {(f"input_{k}" if k in names else k): v for k, v in record.items()}


def _probabilities(scores: Scores, labels: Sequence[Label]) -> dict[str, float | None]:
    values = {label: scores.probabilities.get(label) for label in labels}
    return {label.value: (round(float(p), DECIMALS) if p is not None else None) for label, p in values.items()}


def span_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text, "weight": round(span.weight, DECIMALS)}


_SENTENCE_FIELDS = tuple(f.name for f in fields(Sentence))


def sentence_json(sentence: Sentence) -> dict[str, Any]:
    """A sentence as JSON-ready values (field by field: `dataclasses.asdict` deep-copies every value,
    which cost more than scoring the comment)."""
    data = {name: getattr(sentence, name) for name in _SENTENCE_FIELDS}
    if sentence.evidence is not None:
        data["evidence"] = {f.name: getattr(sentence.evidence, f.name) for f in fields(sentence.evidence)}
    data["type_probabilities"] = {str(k): round(float(v), DECIMALS) for k, v in sentence.type_probabilities.items()}
    data["unsupported_probability"] = round(float(sentence.unsupported_probability), DECIMALS)
    if sentence.evidence is not None:
        data["evidence"] |= {"similarity": round(float(sentence.evidence.similarity), DECIMALS),
                             "probability": round(float(sentence.evidence.probability), DECIMALS)}
    for key in ("claim_type", "support", "corroboration"):
        data[key] = str(data[key])
    return data


class CsvScoresWriter:
    """Writes the header once the input's columns are known (on the first row)."""

    def __init__(self, out: TextIO, labels: Sequence[Label]) -> None:
        self.out = out
        self.labels = tuple(labels)
        self.writer: csv.DictWriter[str] | None = None

    def write(self, record: dict[str, Any], scores: Scores, columns: Sequence[str]) -> None:
        if self.writer is None:
            names = list(_renamed(dict.fromkeys(columns), self.labels))
            self.writer = csv.DictWriter(self.out, fieldnames=[*names, *(l.value for l in self.labels)],
                                         extrasaction="ignore", lineterminator="\r\n")
            self.writer.writeheader()
        self.writer.writerow(_renamed(record, self.labels) | _probabilities(scores, self.labels))


class JsonlScoresWriter:
    def __init__(self, out: TextIO, labels: Sequence[Label]) -> None:
        self.out = out
        self.labels = tuple(labels)

    def write(self, record: dict[str, Any], scores: Scores, columns: Sequence[str]) -> None:
        row = _renamed(record, self.labels) | _probabilities(scores, self.labels)
        if scores.sentences:
            row["sentences"] = [sentence_json(s) for s in scores.sentences]
        if scores.spans:
            row["spans"] = {str(label): [span_json(s) for s in spans] for label, spans in scores.spans.items()}
        self.out.write(json.dumps(row, ensure_ascii=False) + "\n")


def make_writer(output_format: str, out: TextIO, labels: Sequence[Label]) -> CsvScoresWriter | JsonlScoresWriter:
    return CsvScoresWriter(out, labels) if output_format == "csv" else JsonlScoresWriter(out, labels)
