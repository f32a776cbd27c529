"""`split-and-score` output: flagged labels, highlighted spans, sentence details, JSON form."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_scoring import KeywordModerator  # same folder: pytest puts it on sys.path

from moderation.batch.present import flagged_labels, highlight, merged_ranges
from moderation.batch.show import show_page
from moderation.errors import InvalidInput
from moderation.types import (
    ALL_LABELS,
    ClaimType,
    Corroboration,
    Evidence,
    Label,
    Scores,
    Sentence,
    Span,
    Support,
)


def _span(text: str, word: str) -> Span:
    start = text.index(word)
    return Span(start, start + len(word), word, 1.0)


@pytest.mark.parametrize(
    ("words", "markup", "expected"),
    [
        pytest.param(["idiot"], False, "you [idiot] and liar", id="plain"),
        pytest.param(["idiot", "liar"], False, "you [idiot] and [liar]", id="two"),
        pytest.param(["idiot"], True, "you [bold red]idiot[/bold red] and liar", id="rich"),
        pytest.param([], False, "you idiot and liar", id="none"),
    ],
)
def test_highlight_marks_exactly_the_spans(words: list[str], markup: bool, expected: str) -> None:
    text = "you idiot and liar"
    assert highlight(text, [_span(text, w) for w in words], markup) == expected


def test_overlapping_spans_are_merged() -> None:
    spans = [Span(0, 5, "", 1), Span(3, 8, "", 1), Span(10, 12, "", 1), Span(4, 4, "", 1)]
    assert merged_ranges(spans) == [(0, 8), (10, 12)]


def test_rich_markup_in_comment_text_is_escaped() -> None:
    assert highlight("[bold]x[/bold] idiot", [Span(15, 20, "idiot", 1)], True).startswith("\\[bold]")


def test_flagged_labels_use_the_artifact_thresholds() -> None:
    scores = Scores({Label.INCIVILITY: 0.7, Label.INSULT: 0.4, Label.THREAT: 0.9})
    thresholds = {Label.INCIVILITY: 0.6, Label.INSULT: 0.3, Label.THREAT: 0.95}
    assert flagged_labels(scores, thresholds) == [Label.INCIVILITY, Label.INSULT]


def _page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_003_plain_report_flags_the_insult_and_not_the_civil_reply(tmp_path, comment_seed_text) -> None:
    out = io.StringIO()
    show_page(KeywordModerator(), _page(tmp_path, comment_seed_text), "text", stream=out)
    blocks = out.getvalue().split("\n\n")
    orange = next(b for b in blocks if "Orange" in b)
    civil = next(b for b in blocks if "Zelenskyy is defending his country" in b)
    assert "Orange [Liar] in Chief" in orange and "*incivility" in orange and "flagged: incivility 0.55 >= 0.50" in orange
    assert "nothing flagged" in civil and "[" not in civil.split("\n")[1]
    assert "site policy: review" in orange and "site policy: approve" in civil
    assert "reply_to=c1" in civil


class SentenceModerator(KeywordModerator):
    def score(self, texts, explain=False, context=None):
        base = super().score(texts, explain, context)
        out = []
        for text, scores in zip(texts, base, strict=True):
            sentence = Sentence(0, len(text), text, ClaimType.FACT, {ClaimType.FACT: 0.8}, Support.UNSUPPORTED,
                                0.77, Corroboration.CORROBORATED, Evidence("North Korean troops", "article", 0.6, 0.7))
            out.append(Scores(scores.probabilities, scores.spans, (sentence,)))
        return out


def test_sentences_show_type_support_and_corroboration(tmp_path, comment_seed_text) -> None:
    out = io.StringIO()
    show_page(SentenceModerator(), _page(tmp_path, comment_seed_text), "text", stream=out)
    assert "fact, unsupported, p(unsupported)=0.77, corroborated" in out.getvalue()
    assert 'matches article: "North Korean troops"' in out.getvalue()


def test_json_report_carries_scores_flags_spans_and_sentences(tmp_path, comment_seed_text) -> None:
    out = io.StringIO()
    show_page(SentenceModerator(), _page(tmp_path, comment_seed_text), "json", stream=out)
    data = json.loads(out.getvalue())
    orange = next(c for c in data["comments"] if "Orange" in c["text"])
    assert set(orange["scores"]) == {label.value for label in ALL_LABELS}
    assert "incivility" in orange["flagged"]
    span = orange["spans"]["incivility"][0]
    assert orange["text"][span["start"]:span["end"]] == "Liar"
    assert orange["sentences"][0]["claim_type"] == "fact"


@pytest.mark.parametrize(
    ("content", "output", "message"),
    [
        pytest.param("x", "yaml", "Unknown --format", id="bad-format"),
    ],
)
def test_bad_pages_and_options_are_clear_errors(tmp_path, content, output, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        show_page(KeywordModerator(), _page(tmp_path, content), output, stream=io.StringIO())


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_page_without_comments_is_answered(tmp_path, output) -> None:
    """Most articles have no comments yet: that is an answer (issue 17), not an error."""
    out = io.StringIO()
    show_page(KeywordModerator(), _page(tmp_path, "Just an article.\n\nNo comments here at all."), output, stream=out)
    if output == "text":
        assert "No reader comments were found on this page; nothing to moderate." in out.getvalue()
    else:
        assert json.loads(out.getvalue())["comments"] == []


@pytest.fixture(scope="module")
def default_moderator():
    """The committed default model (models/current): what `scripts/demo` and a fresh clone use."""
    from moderation.model import Moderator

    return Moderator.load()


def test_seed_003_with_the_default_model(tmp_path, comment_seed_text, default_moderator) -> None:
    out = io.StringIO()
    show_page(default_moderator, _page(tmp_path, comment_seed_text), "json", stream=out)
    comments = json.loads(out.getvalue())["comments"]
    orange = next(c for c in comments if "Orange Liar in Chief" in c["text"])
    civil = next(c for c in comments if c["text"].startswith("Doesn\u2019t make sense, Zelenskyy"))
    assert "incivility" in orange["flagged"] and "incivility" not in civil["flagged"]
    assert orange["scores"]["incivility"] > civil["scores"]["incivility"] + 0.05  # as in test_model_golden: the blend ranks them, by less
    assert orange["decision"] in {"review", "reject"}
    highlighted = " ".join(s["text"] for s in orange["spans"].get("incivility", []))
    assert "Liar" in highlighted
