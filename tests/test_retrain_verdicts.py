"""Verdicts -> training rows (decision/label mapping, conflict resolution) and the time split."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tiny_retrain import at

from moderation.feedback import Feedback
from moderation.retrain.timesplit import split_by_time
from moderation.retrain.verdicts import TrainingRow, resolve, verdict_labels
from moderation.types import Decision, Label


def verdict(decision: str, moderator: str = "alice", when: int = 1, comment: str = "c1", labels=None,
            text: str = "some text", site: str = "daily") -> Feedback:
    return Feedback(comment_id=comment, moderator_id=moderator, text=text, decision=Decision(decision),
                    site_id=site, labels=labels, updated_at=at(when), created_at=at(when))


@pytest.mark.parametrize(("decision", "labels", "expected"), [
    ("reject", None, {Label.INCIVILITY: 1.0}),
    ("approve", None, {Label.INCIVILITY: 0.0}),
    ("review", None, {}),
    ("approve", {Label.INSULT: 1.0, Label.THREAT: 0.0}, {Label.INSULT: 1.0, Label.THREAT: 0.0,
                                                         Label.INCIVILITY: 1.0}),
    ("reject", {Label.INCIVILITY: 0.0}, {Label.INCIVILITY: 0.0}),
    ("review", {Label.THREAT: 0.8, Label.MOCKERY: 0.2}, {Label.THREAT: 1.0, Label.MOCKERY: 0.0,
                                                         Label.INCIVILITY: 1.0}),
    ("reject", {Label.UNSUPPORTED_CLAIM: 1.0}, {Label.INCIVILITY: 1.0}),
], ids=["reject", "approve", "review-undecided", "approve-corrected-insult", "reject-for-other-reason",
        "review-with-labels", "claim-labels-ignored"])
def test_decisions_and_corrected_labels_map_to_training_labels(decision, labels, expected):
    assert verdict_labels(verdict(decision, labels=labels)) == expected


@pytest.mark.parametrize(("votes", "expected"), [
    ([("reject", "a", 1), ("reject", "b", 2), ("approve", "c", 3)], 1.0),
    ([("approve", "a", 1), ("approve", "b", 2), ("reject", "c", 3)], 0.0),
    ([("reject", "a", 1), ("approve", "b", 2)], 0.0),
    ([("approve", "a", 1), ("reject", "b", 2)], 1.0),
    ([("approve", "b", 2), ("reject", "a", 1)], 0.0),
], ids=["majority-reject", "majority-approve", "tie-latest-approve", "tie-latest-reject", "tie-order-independent"])
def test_majority_wins_and_a_tie_goes_to_the_latest_verdict(votes, expected):
    resolution = resolve([verdict(d, moderator=m, when=t) for d, m, t in votes])
    (row,) = resolution.rows
    assert row.labels[Label.INCIVILITY] == expected
    assert row.verdicts == len(votes)
    assert resolution.stats["conflicting_comments"] == 1
    assert resolution.stats["labels_decided_by_latest"] == (1 if len(votes) == 2 else 0)


def test_each_label_resolves_separately_and_the_latest_text_and_time_are_kept():
    rows = resolve([
        verdict("approve", "a", 1, text="old text"),
        verdict("review", "b", 3, labels={Label.INSULT: 1.0}, text="edited text"),
        verdict("approve", "c", 2, labels={Label.INSULT: 0.0}),
    ]).rows
    (row,) = rows
    assert row.labels[Label.INSULT] == 1.0  # 1 vote each: the latest (b, day 3) wins
    assert row.labels[Label.INCIVILITY] == 0.0  # a and c (0) outvote b (1)
    assert Label.THREAT not in row.labels
    assert row.text == "edited text" and row.time == at(3)


def test_comments_are_keyed_by_site_and_undecided_comments_are_dropped():
    resolution = resolve([verdict("reject", site="a"), verdict("approve", site="b"), verdict("review", comment="c2")])
    assert [(r.site_id, r.labels[Label.INCIVILITY]) for r in resolution.rows] == [("a", 1.0), ("b", 0.0)]
    assert resolution.stats == {"verdicts": 3, "comments": 3, "training_rows": 2, "without_label": 1,
                                "conflicting_comments": 0, "labels_decided_by_latest": 0}


def _row(i: int, day: int, text: str | None = None) -> TrainingRow:
    return TrainingRow("s", f"c{i}", text or f"comment number {i}", {Label.INCIVILITY: float(i % 2)}, at(day))


def test_time_split_holds_out_the_latest_slice_and_trains_only_before_it():
    rows = [_row(i, day=1 + i) for i in range(10)]
    split = split_by_time(list(reversed(rows)), holdout_fraction=0.3)
    assert [r.comment_id for r in split.train] == [f"c{i}" for i in range(7)]
    assert [r.comment_id for r in split.held_out] == ["c7", "c8", "c9"]
    assert split.cutoff == at(8)
    assert max(r.time for r in split.train) < split.cutoff <= min(r.time for r in split.held_out)


def test_comments_judged_at_the_same_instant_never_straddle_the_cutoff():
    rows = [_row(i, day=1) for i in range(6)] + [_row(6 + i, day=2) for i in range(4)]
    split = split_by_time(rows, holdout_fraction=0.5)
    assert split.cutoff == at(2)
    assert len(split.train) == 6 and len(split.held_out) == 4
    assert split_by_time(rows[:6], holdout_fraction=0.5) == split_by_time(rows[:6], 0.5)
    everything_at_once = split_by_time(rows[:6], holdout_fraction=0.5)
    assert len(everything_at_once.train) == 6 and everything_at_once.held_out == ()


def test_a_fixed_cutoff_and_reposts_of_trained_texts():
    rows = [_row(0, 1, "same words"), _row(1, 2), _row(2, 5, "Same words!"), _row(3, 6)]
    split = split_by_time(rows, holdout_fraction=0.9, cutoff=at(5) - timedelta(hours=1))
    assert [r.comment_id for r in split.train] == ["c0", "c1"]
    assert [r.comment_id for r in split.held_out] == ["c3"]
    assert split.dropped_repeats == 1


def test_time_split_of_nothing_is_empty():
    split = split_by_time([], holdout_fraction=0.3)
    assert split.train == () and split.held_out == () and split.cutoff is None
