"""A tiny, fast incivility component for tests that need a fitted model but not the corpora."""

from __future__ import annotations

import numpy as np

from moderation.incivility import IncivilityModel

UNCIVIL = [
    "you are an idiot", "what a stupid moron", "shut up you fool", "you pathetic loser", "idiot liar",
    "you are a disgusting pig", "stupid idiot go away", "moron", "you fucking idiot", "what a liar and a fool",
    "crap article by a moron", "go to hell you loser", "i will kill you", "these people are scum", "pathetic",
    "damn idiots everywhere", "you shit", "loser liar fool", "stupid stupid stupid", "you clown",
]
CIVIL = [
    "i disagree with the minister", "thanks for the thoughtful article", "the budget numbers look right",
    "what evidence supports this", "good point about housing", "i read the report yesterday",
    "the council meets on tuesday", "interesting perspective on trade", "i respectfully disagree",
    "the data shows a decline", "please cite your source", "we should fund more schools",
    "the vote was close", "nice reporting", "the policy has costs and benefits", "i support this plan",
    "well written piece", "the election is next year", "this is a fair summary", "good questions raised",
]


def tiny_training_set() -> tuple[list[str], np.ndarray]:
    texts = UNCIVIL + CIVIL
    n_labels = 6
    targets = np.full((len(texts), n_labels), np.nan)
    targets[:, 0] = [1.0] * len(UNCIVIL) + [0.0] * len(CIVIL)
    targets[:, 1] = targets[:, 0]
    for j in range(2, n_labels):
        targets[:, j] = [1.0 if i % 4 == 0 else 0.0 for i in range(len(texts))]
    return texts, targets


def tiny_model(**params: object) -> IncivilityModel:
    texts, targets = tiny_training_set()
    settings = {"n_word_features": 2**12, "n_char_features": 2**12, "folds": 2, "C": 10.0, "head_params": {},
                **params}
    return IncivilityModel(**settings).fit(texts, targets)  # type: ignore[arg-type]
