"""`moderation score` machinery: streaming CSV/JSONL with bad rows, pages, explanation spans."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.batch.score import CHUNK_ROWS, input_format, output_format, score_input
from moderation.errors import InvalidInput
from moderation.types import ALL_LABELS, Label, Scores, Span

RUDE = re.compile(r"\b(idiot|liar|stupid|moron)\b", re.IGNORECASE)


class KeywordModerator:
    """Fake with Moderator's interface: rude words raise incivility and are the explaining spans."""

    version = "keyword-fake"
    labels = ALL_LABELS

    def __init__(self) -> None:
        self.thresholds = {label: 0.5 for label in ALL_LABELS}
        self.card: dict[str, object] = {}
        self.calls: list[int] = []

    def score(self, texts, explain=False, context=None):
        self.calls.append(len(texts))
        out = []
        for text in texts:
            hits = list(RUDE.finditer(text))
            p = min(0.1 + 0.45 * len(hits), 0.97)
            probabilities = {label: 0.05 for label in ALL_LABELS} | {Label.INCIVILITY: p, Label.INSULT: p}
            spans = {Label.INCIVILITY: tuple(Span(m.start(), m.end(), m.group(0), 1.0) for m in hits)}
            out.append(Scores(probabilities, spans if explain else {}))
        return out


def _run(path: Path, tmp_path: Path, **options) -> tuple[list[dict], str, object]:
    out, errors = tmp_path / ("out" + options.pop("suffix", path.suffix)), io.StringIO()
    summary = score_input(KeywordModerator(), path, out, errors=errors, **options)
    text = out.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text))) if out.suffix == ".csv" else [
        json.loads(line) for line in text.splitlines()]
    return rows, errors.getvalue(), summary


def test_csv_bad_rows_are_reported_with_line_numbers_and_good_rows_kept_in_order(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_bytes(
        b'id,text,site\n'
        b'1,You idiot,a\n'
        b'2,,a\n'                                    # line 3: empty text
        b'3,"A thoughtful,\nmultiline comment",b\n'  # lines 4-5: one row
        b'4,only two fields\n'                       # line 6: wrong field count
        b'5,caf\xe9 latin-1 bytes,c\n'               # line 7: not UTF-8
        b'6,Thanks for the article,c\n'
    )
    rows, errors, summary = _run(path, tmp_path)
    assert [r["id"] for r in rows] == ["1", "3", "6"]
    assert rows[1]["text"] == "A thoughtful,\nmultiline comment"
    assert (summary.scored, summary.skipped) == (3, 3)
    assert "line 3: skipped, 'text' is empty" in errors
    assert "line 6: skipped, has 2 fields but the header has 3" in errors
    assert "line 7: skipped, not valid UTF-8" in errors
    assert errors.strip().endswith("scored 3 rows, skipped 3 bad rows")


def test_csv_output_has_every_input_column_and_one_probability_column_per_label(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    path.write_text("id,text,incivility\n1,You idiot,human-said-yes\n2,Nice piece,no\n", encoding="utf-8")
    rows, _, _ = _run(path, tmp_path)
    assert list(rows[0]) == ["id", "text", "input_incivility", *(label.value for label in ALL_LABELS)]
    assert rows[0]["input_incivility"] == "human-said-yes"
    for row in rows:
        assert all(0.0 <= float(row[label.value]) <= 1.0 for label in ALL_LABELS)
    assert float(rows[0]["incivility"]) > float(rows[1]["incivility"])


def test_jsonl_bad_rows_are_reported_and_good_rows_kept_in_order(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    lines = [
        b'{"id": 1, "text": "You are a liar"}',
        b'{"id": 2, "text": ',                 # 2: invalid JSON
        b'',                                   # 3: blank, not a row
        b'{"id": 4, "body": "no text key"}',   # 4: missing text
        b'{"id": 5, "text": "   "}',           # 5: empty
        b'{"id": 6, "text": 42}',              # 6: not a string
        b'["not", "an", "object"]',            # 7
        b'{"id": 8, "text": "caf\xe9"}',       # 8: not UTF-8
        b'{"id": 9, "text": "Good reporting", "meta": {"k": [1, 2]}}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    rows, errors, summary = _run(path, tmp_path)
    assert [r["id"] for r in rows] == [1, 9]
    assert rows[1]["meta"] == {"k": [1, 2]}
    assert (summary.scored, summary.skipped) == (2, 6)
    for line, reason in [(2, "invalid JSON"), (4, "no 'text' value"), (5, "'text' is empty"),
                         (6, "'text' is int"), (7, "a JSON list"), (8, "not valid UTF-8")]:
        assert f"line {line}: skipped, {reason}" in errors
    assert "line 3" not in errors


def test_explanation_spans_in_jsonl_point_at_the_right_words(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    text = "Well, you stupid liar: read it again, moron."
    path.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    [row], _, _ = _run(path, tmp_path, explain=True)
    spans = row["spans"]["incivility"]
    assert [text[s["start"]:s["end"]] for s in spans] == ["stupid", "liar", "moron"]
    assert all(s["text"] == text[s["start"]:s["end"]] for s in spans)


def test_rows_are_scored_in_bounded_chunks(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("text\n" + "".join(f"comment number {i}\n" for i in range(CHUNK_ROWS * 2 + 3)))
    moderator, errors = KeywordModerator(), io.StringIO()
    summary = score_input(moderator, path, tmp_path / "o.csv", errors=errors)
    assert summary.scored == CHUNK_ROWS * 2 + 3
    assert max(moderator.calls) <= CHUNK_ROWS


@pytest.mark.parametrize(
    ("content", "name", "options", "message"),
    [
        pytest.param(None, "absent.csv", {}, "does not exist", id="missing-file"),
        pytest.param("id,body\n1,hello\n", "c.csv", {}, "no 'text' column", id="csv-no-text-column"),
        pytest.param("text\nhello\n", "c.csv", {"id_col": "cid"}, "no 'cid' column", id="csv-no-id-column"),
        pytest.param("", "c.csv", {}, "CSV file is empty", id="csv-empty"),
        pytest.param('{"body": "a"}\n{"body": "b"}\n', "c.jsonl", {}, "no 'text' key", id="jsonl-no-text-key"),
        pytest.param("{broken\n[1]\n", "c.jsonl", {}, "No row of", id="jsonl-nothing-usable"),
        pytest.param("text\n\n", "c.csv", {}, "No row of", id="csv-no-rows"),
    ],
)
def test_unusable_input_is_one_clear_error(tmp_path: Path, content, name, options, message) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(InvalidInput, match=message):
        score_input(KeywordModerator(), path, out, errors=io.StringIO(), **options)
    assert not out.exists()


def test_a_page_is_split_and_its_comments_scored(tmp_path: Path, comment_seed_text: str) -> None:
    path = tmp_path / "page.txt"
    path.write_text(comment_seed_text, encoding="utf-8")
    rows, errors, summary = _run(path, tmp_path, suffix=".jsonl")
    assert summary.scored == len(rows) >= 5
    orange = next(r for r in rows if "Orange Liar in Chief" in r["text"])
    assert orange["incivility"] > 0.5
    assert {"id", "author", "posted_at", "reply_to", "text"} <= set(orange)
    assert errors.strip() == f"scored {len(rows)} rows, skipped 0 bad rows"


@pytest.mark.parametrize(
    ("name", "explicit", "expected"),
    [
        pytest.param("a.csv", None, "csv", id="csv-ext"),
        pytest.param("a.JSONL", None, "jsonl", id="jsonl-ext"),
        pytest.param("a.ndjson", None, "jsonl", id="ndjson-ext"),
        pytest.param("page.html", None, "page", id="html-page"),
        pytest.param("dump.txt", None, "page", id="text-page"),
        pytest.param("export.dat", "csv", "csv", id="explicit"),
    ],
)
def test_input_format(name: str, explicit: str | None, expected: str) -> None:
    assert input_format(Path(name), explicit) == expected


def test_output_format_follows_out_extension_then_input() -> None:
    assert output_format(Path("x.csv"), "jsonl") == "csv"
    assert output_format(None, "csv") == "csv"
    assert output_format(None, "page") == "jsonl"


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(CELL, min_size=1, max_size=20))
def test_every_csv_row_is_either_scored_or_reported(tmp_path: Path, texts: list[str]) -> None:
    path = tmp_path / "prop.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["n", "text"])
        writer.writerows([i, t] for i, t in enumerate(texts))
    errors = io.StringIO()
    usable = [i for i, t in enumerate(texts) if t.strip()]
    if not usable:
        with pytest.raises(InvalidInput):
            score_input(KeywordModerator(), path, tmp_path / "o.csv", errors=errors)
        return
    summary = score_input(KeywordModerator(), path, tmp_path / "o.csv", errors=errors)
    scored = list(csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8", newline="")))
    assert [int(r["n"]) for r in scored] == usable
    assert [r["text"] for r in scored] == [texts[i] for i in usable]
    assert summary.scored + summary.skipped == len(texts)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["score", "no-such-file.csv"], id="score"),
        pytest.param(["split-and-score", "no-such-page.txt"], id="split-and-score"),
    ],
)
def test_cli_missing_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "moderation.cli", *args], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "does not exist" in done.stderr


def test_jsonl_carries_per_sentence_claim_details(tmp_path: Path) -> None:
    from moderation.types import ClaimType, Corroboration, Evidence, Sentence, Support

    class SentenceModerator(KeywordModerator):
        def score(self, texts, explain=False, context=None):
            out = []
            for text, scores in zip(texts, super().score(texts, explain, context), strict=True):
                end = text.index(".") + 1
                sentence = Sentence(0, end, text[:end], ClaimType.FACT, {ClaimType.FACT: 0.9, ClaimType.VALUE: 0.1},
                                    Support.UNSUPPORTED, 0.8, Corroboration.CONTRADICTED,
                                    Evidence("No troops were sent.", "article", 0.7, 0.6))
                out.append(Scores(scores.probabilities, scores.spans, (sentence,)))
            return out

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "Troops were sent. I think so."}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    score_input(SentenceModerator(), path, out, errors=io.StringIO())
    [sentence] = json.loads(out.read_text())["sentences"]
    assert (sentence["start"], sentence["end"], sentence["text"]) == (0, 17, "Troops were sent.")
    assert (sentence["claim_type"], sentence["support"], sentence["corroboration"]) == (
        "fact", "unsupported", "contradicted")
    assert sentence["type_probabilities"] == {"fact": 0.9, "value": 0.1}
    assert sentence["evidence"]["text"] == "No troops were sent."


def test_a_page_passes_its_article_as_context(tmp_path: Path, comment_seed_text: str) -> None:
    context_module = pytest.importorskip("moderation.claims.context", reason="claims component not installed")

    class Recording(KeywordModerator):
        def __init__(self) -> None:
            super().__init__()
            self.contexts: list[object] = []

        def score(self, texts, explain=False, context=None):
            self.contexts.append(context)
            return super().score(texts, explain, context)

    moderator = Recording()
    path = tmp_path / "page.txt"
    path.write_text(comment_seed_text, encoding="utf-8")
    score_input(moderator, path, tmp_path / "o.jsonl", errors=io.StringIO())
    [context] = moderator.contexts
    assert isinstance(context, context_module.ArticleContext)
