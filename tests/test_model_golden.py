"""Golden examples for the committed default model (loose bounds: it must get the obvious cases right)."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderation.model import Moderator, get_moderator
from moderation.types import INCIVILITY_LABELS, Label

ABUSIVE = [
    "You are a pathetic idiot and a liar.",
    "Shut up, you stupid moron.",
    "What a disgusting piece of garbage you are, idiot.",
]
CIVIL = [
    "Thanks for the article, I learned a lot about the budget.",
    "I disagree with the minister, but the report makes some fair points.",
    "The council should publish the budget figures before the vote.",
]
SEED_CIVIL = "Doesn't make sense, Zelenskyy is defending his country... What evidence do you have that he is lying?"
OBFUSCATED = [
    ("You are a pathetic idiot.", "You are a pathetic 1d10t."),
    ("You are a pathetic idiot.", "You are a pathetic i.d.i.o.t."),
    ("You are a pathetic idiot.", "You are a pathetic idiiiiot."),
    ("You are a pathetic idiot.", "You are a pathetic іdіot."),
    ("Shut up, you stupid moron.", "Shut up, you stupid m o r o n."),
]


@pytest.fixture(scope="module")
def moderator() -> Moderator:
    return get_moderator()


@pytest.mark.parametrize("text", ABUSIVE, ids=["liar", "moron", "garbage"])
def test_clearly_abusive_is_uncivil(moderator: Moderator, text: str) -> None:
    """Above the review threshold with room to spare, and more likely uncivil than not."""
    p = moderator.score([text])[0][Label.INCIVILITY]
    assert p >= max(0.5, moderator.thresholds[Label.INCIVILITY] + 0.2)


@pytest.mark.parametrize("text", CIVIL, ids=["thanks", "disagree", "budget"])
def test_clearly_civil_is_civil(moderator: Moderator, text: str) -> None:
    assert moderator.score([text])[0][Label.INCIVILITY] <= 0.2


def test_seed_name_calling_is_flagged_and_civil_disagreement_is_not(moderator: Moderator) -> None:
    uncivil, civil = moderator.score(["Orange Liar in Chief", SEED_CIVIL])
    threshold = moderator.thresholds[Label.INCIVILITY]
    assert uncivil[Label.INCIVILITY] >= threshold > civil[Label.INCIVILITY]
    assert uncivil[Label.INCIVILITY] > civil[Label.INCIVILITY] + 0.15


@pytest.mark.parametrize(("clean", "obfuscated"), OBFUSCATED, ids=["leet", "dots", "repeats", "cyrillic", "spaces"])
def test_obfuscation_does_not_hide_incivility(moderator: Moderator, clean: str, obfuscated: str) -> None:
    a, b = moderator.score([clean, obfuscated])
    assert abs(a[Label.INCIVILITY] - b[Label.INCIVILITY]) <= 0.1


def test_default_model_explains_the_insult(moderator: Moderator) -> None:
    text = "Honestly you are a pathetic 1d10t."
    spans = moderator.explain(text)[Label.INCIVILITY]
    assert spans and all(text[s.start : s.end] == s.text for s in spans)
    assert any("1d10t" in s.text or "pathetic" in s.text for s in spans)


def test_default_artifact_is_small_and_described(moderator: Moderator) -> None:
    assert moderator.card["size_bytes"] <= 60_000_000
    assert set(moderator.thresholds) == set(moderator.labels)
    assert moderator.card["data"] and moderator.card["metrics"]


SEED_NAME_CALLING = "Even the Orange Liar in Chief has more credibility than Zelensky and Netanyahu combined"
SEED_DISAGREEMENT = ("Doesn't make sense, Zelenskyy is defending his country from Russian imperialism. "
                     "What evidence do you have that he is lying?")


def test_seed_comments_in_full_fall_on_the_right_side_of_the_threshold(moderator: Moderator) -> None:
    """Seed 003's comments as readers wrote them (c2, c7), not shortened to the insult: the civil
    disagreement stays clear of review; the name-calling of a politician inside an argument ranks above it
    (near the threshold: moderators differ on whether "Orange Liar in Chief" alone needs review)."""
    uncivil, civil = moderator.score([SEED_NAME_CALLING, SEED_DISAGREEMENT])
    threshold = moderator.thresholds[Label.INCIVILITY]
    assert uncivil[Label.INCIVILITY] >= threshold - 0.05
    assert civil[Label.INCIVILITY] <= threshold - 0.05
    assert uncivil[Label.INCIVILITY] > civil[Label.INCIVILITY] + 0.05


def test_review_thresholds_meet_the_precision_floor_or_fall_back(moderator: Moderator) -> None:
    """A label either sends mostly true positives to review (validation precision >= 0.5) or falls back to 0.5."""
    for label, metrics in moderator.card["threshold_metrics"].items():
        if label in {x.value for x in INCIVILITY_LABELS}:
            assert metrics["fallback"] == 1.0 or metrics["precision"] >= 0.5, label
            assert metrics["fallback"] == 0.0 or moderator.thresholds[Label(label)] == 0.5, label


# Regression floors on held-out data, set a little below the committed model's numbers (see its card): a
# retrained default that generalises worse across sites must not pass silently.
QUALITY_FLOORS = {("sfu_ctc", "test"): 0.58, ("c3", "test"): 0.65, ("c3", "validation"): 0.70}


@pytest.mark.slow
def test_default_model_keeps_its_held_out_quality(moderator: Moderator, data_dir: Path) -> None:
    from sklearn.metrics import roc_auc_score

    from moderation.data import load_incivility

    corpus = load_incivility(data_dir, sources=("c3", "sfu_ctc"))
    for (source, split), floor in QUALITY_FLOORS.items():
        rows = corpus.split(split, source)
        scores = [s[Label.INCIVILITY] for s in moderator.score(rows["text"].tolist())]
        assert roc_auc_score(rows["incivility"], scores) >= floor, (source, split)


@pytest.mark.parametrize(("text", "words"), [
    ("You are a pathetic idiot and a liar.", {"idiot"}),
    ("Only a brain-dead moron could write something this stupid.", {"moron"}),
    ("What a f*cking disgrace this council is.", {"f*cking"}),
], ids=["idiot", "moron", "profanity"])
def test_explanations_mark_the_offending_words_not_the_rest(moderator: Moderator, text: str, words: set[str]) -> None:
    """The bundled explainer (encoder token head + word stacker) marks what a moderator would highlight."""
    spans = moderator.explain(text)[Label.INCIVILITY]
    marked = " ".join(s.text for s in spans)
    assert all(w in marked for w in words), marked
    assert sum(s.end - s.start for s in spans) <= len(text) / 2, marked


def test_a_civil_comment_has_no_incivility_spans(moderator: Moderator) -> None:
    assert moderator.explain("Thanks for the careful reporting on the school budget.").get(Label.INCIVILITY, ()) == ()
