"""Systems and splits: grouped units reach a claims component with their neighbours; group sampling."""

from __future__ import annotations

import numpy as np

from moderation.evaluation.splits import EvalSplit
from moderation.evaluation.systems import ModeratorSystem
from moderation.types import CLAIM_LABELS, Label, Scores


class UnitsComponent:
    labels_ = CLAIM_LABELS

    def __init__(self) -> None:
        self.seen_doc: np.ndarray | None = None

    def score_units(self, texts, doc):
        self.seen_doc = np.asarray(doc)
        type_p = np.tile(np.eye(6)[2], (len(texts), 1))  # always "fact"
        return type_p, np.asarray(doc, dtype=float) / 10


class ClaimsModerator:
    version = "claims-fake"

    def __init__(self) -> None:
        self.components = {"claims": UnitsComponent()}
        self.labels = CLAIM_LABELS
        self.thresholds = {label: 0.5 for label in CLAIM_LABELS}

    def score(self, texts, explain=False, context=None):
        return [Scores({label: 0.0 for label in CLAIM_LABELS}) for _ in texts]


def test_grouped_units_are_scored_with_their_comment_ids() -> None:
    moderator = ClaimsModerator()
    scores = ModeratorSystem(moderator).score_grouped(["a", "b", "c"], ["doc9", "doc3", "doc9"])
    assert list(moderator.components["claims"].seen_doc) == [1, 0, 1]
    assert list(scores[Label.UNSUPPORTED_CLAIM]) == [0.1, 0.0, 0.1]
    assert list(scores[Label.CLAIM_FACT]) == [1.0, 1.0, 1.0]
    assert list(scores[Label.CLAIM_VALUE]) == [0.0, 0.0, 0.0]


def test_a_moderator_without_a_units_component_scores_text_by_text() -> None:
    moderator = ClaimsModerator()
    moderator.components = {}
    scores = ModeratorSystem(moderator).score_grouped(["a", "b"], ["d1", "d2"])
    assert list(scores[Label.UNSUPPORTED_CLAIM]) == [0.0, 0.0]


def test_sampling_a_grouped_split_keeps_whole_groups() -> None:
    groups = tuple(f"g{i // 3}" for i in range(30))
    split = EvalSplit("s", "s", tuple(str(i) for i in range(30)), {Label.UNSUPPORTED_CLAIM: np.arange(30.0)}, groups)
    sample = split.sample(10, seed=1)
    assert len(sample) == 9
    for group in set(sample.groups):
        assert sample.groups.count(group) == 3
    assert [int(t) for t in sample.texts] == [int(v) for v in sample.targets[Label.UNSUPPORTED_CLAIM]]
