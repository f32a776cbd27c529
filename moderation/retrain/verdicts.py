"""Moderators' verdicts -> one training row per comment: decisions mapped to labels, conflicts resolved.

Only the incivility labels are retrained (the claims component is carried over unchanged), so only they
are read from a verdict:

- Corrected labels win: a label the moderator set is 1 when its value is >= 0.5, else 0. A positive
  sub-label (insult, threat, ...) implies `incivility` = 1 unless the moderator set `incivility` too.
- Otherwise the decision speaks, about `incivility` only: `reject` -> 1, `approve` -> 0, `review` ->
  nothing (undecided is not a label). A decision says whether, not which: the sub-types stay unknown.
  (Reading `approve` as "every sub-type 0" was tried and dropped: with rejections silent on sub-types it
  gives each sub-type head a one-class source of civil newsroom comments, a "looks like this site" cue;
  in the SFU-CTC demo it cost 0.013 ROC-AUC on C3-test insult and 0.019 on ToxicSpans identity_attack.)
- Labels a verdict does not determine stay unknown (NaN in training: missing is not negative).

One comment = one (site_id, comment_id). Several moderators may judge it (the store keeps one verdict per
moderator); per label, the majority of their votes wins and a tie goes to the latest verdict (the most
recent judgement, e.g. a senior moderator's second look). The text is the latest verdict's. A comment's
time is the last change of any of its verdicts, so a re-judged comment counts as new (`timesplit`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from moderation.feedback import Feedback
from moderation.types import INCIVILITY_LABELS, Decision, Label

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class TrainingRow:
    """One judged comment as training data: 1.0 / 0.0 for the labels its verdicts determine."""

    site_id: str
    comment_id: str
    text: str
    labels: Mapping[Label, float]
    time: datetime
    verdicts: int = 1


@dataclass(frozen=True)
class Resolution:
    """The resolved rows and what happened on the way (for the model card and the CLI)."""

    rows: tuple[TrainingRow, ...]
    stats: dict[str, int] = field(default_factory=dict)


def verdict_labels(feedback: Feedback) -> dict[Label, float]:
    """The incivility labels one verdict determines (see the module docstring for the mapping)."""
    given = {Label(k): (1.0 if float(v) >= 0.5 else 0.0) for k, v in (feedback.labels or {}).items()}
    out = {label: value for label, value in given.items() if label in INCIVILITY_LABELS}
    if Label.INCIVILITY not in out and any(v == 1.0 for v in out.values()):
        out[Label.INCIVILITY] = 1.0
    decision = Decision(feedback.decision)
    if decision is not Decision.REVIEW:
        out.setdefault(Label.INCIVILITY, 1.0 if decision is Decision.REJECT else 0.0)
    return out


def _vote(votes: list[tuple[datetime, str, float]]) -> tuple[float, bool]:
    """(winning value, decided by the tie rule). `votes` are (time, moderator, value)."""
    positive = sum(1 for _, _, value in votes if value == 1.0)
    negative = len(votes) - positive
    if positive != negative:
        return (1.0 if positive > negative else 0.0), False
    return max(votes)[2], True


def resolve(verdicts: Iterable[Feedback]) -> Resolution:
    """Group verdicts by comment and resolve every label by majority, ties to the latest verdict."""
    by_comment: dict[tuple[str, str], list[Feedback]] = defaultdict(list)
    count = 0
    for feedback in verdicts:
        by_comment[(feedback.site_id or "", feedback.comment_id)].append(feedback)
        count += 1
    rows, unlabelled, conflicting, ties = [], 0, 0, 0
    for (site_id, comment_id), group in sorted(by_comment.items()):
        group.sort(key=lambda f: (f.updated_at or _EPOCH, f.moderator_id))
        votes: dict[Label, list[tuple[datetime, str, float]]] = defaultdict(list)
        for feedback in group:
            for label, value in verdict_labels(feedback).items():
                votes[label].append((feedback.updated_at or _EPOCH, feedback.moderator_id, value))
        if not votes:
            unlabelled += 1
            continue
        labels: dict[Label, float] = {}
        disagreed = False
        for label in INCIVILITY_LABELS:
            if label in votes:
                labels[label], tied = _vote(votes[label])
                disagreed |= len({v for _, _, v in votes[label]}) > 1
                ties += tied
        conflicting += disagreed
        latest = group[-1]
        rows.append(TrainingRow(site_id, comment_id, latest.text, labels, latest.updated_at or _EPOCH, len(group)))
    stats = {"verdicts": count, "comments": len(by_comment), "training_rows": len(rows),
             "without_label": unlabelled, "conflicting_comments": conflicting, "labels_decided_by_latest": ties}
    return Resolution(tuple(rows), stats)
