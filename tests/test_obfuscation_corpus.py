"""Obfuscated real comments score like the clean ones on the default model (issue 8; Hosseini et al. 2017).

Corpus: uncivil comments from the ToxicSpans SemEval-2021 *test* posts (majority of raters: toxic)
and civil comments from SFU-CTC (cross-corpus, never trained on), a seeded sample of each. Every
text is rewritten by the seeded `Obfuscator` (half its words, one trick per word: leetspeak,
repeated letters, inserted punctuation or spaces, homoglyphs, zero-width characters), one trick at
a time and all mixed. Goals: the uncivil mean incivility moves by at most 0.1; obfuscating civil
comments does not push them over the model's incivility threshold (at most 2% newly over it, and
their mean does not rise by more than 0.05). `moderation evaluate` reports the same before/after
on its larger sample (moderation/evaluation/robustness.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from moderation.data import sfu_ctc, toxic_spans
from moderation.evaluation.obfuscate import TRICKS, Obfuscator
from moderation.types import Label

PER_GROUP = 150
SEED = 8
UNCIVIL_DRIFT_GOAL = 0.1
CIVIL_NEWLY_OVER_GOAL = 0.02
CIVIL_MEAN_RISE_GOAL = 0.05


def _sample(texts: list[str], n: int) -> list[str]:
    rng = np.random.default_rng(SEED)
    return [texts[i] for i in sorted(rng.choice(len(texts), size=min(n, len(texts)), replace=False))]


@pytest.fixture(scope="module")
def corpus(data_dir: Path) -> dict[str, list[str]]:
    spans = toxic_spans.load(data_dir)
    uncivil = spans[(spans["official_split"] == "test") & (spans["incivility"] == 1.0)]
    ctc = sfu_ctc.load(data_dir)
    civil = ctc[ctc["incivility"] == 0.0]
    return {
        "uncivil": _sample(list(uncivil["text"]), PER_GROUP),
        "civil": _sample(list(civil["text"]), PER_GROUP),
    }


@pytest.fixture(scope="module")
def moderator():
    try:
        from moderation.model import get_moderator

        return get_moderator()
    except Exception as exc:  # noqa: BLE001 - any reason the bundled model cannot load
        message = f"the committed default model did not load: {type(exc).__name__}: {exc}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)


def incivility(moderator, texts: list[str]) -> np.ndarray:
    return np.array([s.probabilities[Label.INCIVILITY] for s in moderator.score(texts)])


@pytest.fixture(scope="module")
def clean_scores(moderator, corpus: dict[str, list[str]]) -> dict[str, np.ndarray]:
    return {group: incivility(moderator, texts) for group, texts in corpus.items()}


KNOWN_EVASION_GAPS = {None, "inserted_separators", "misspelling", "split_word", "leet_trailing_digits",
                      "dotless_i"}
"""Tricks that move the bundled blend's uncivil mean by more than 0.1 (or push civil texts over). Strict,
now that the encoder computes the same numbers on every CPU: a model that closes one fails its test until
the entry goes. Detection kept per trick is in bench/SPANS.md."""


def _trick(trick: str | None) -> object:
    marks = pytest.mark.xfail(strict=True, reason="known evasion gap of the bundled blend") \
        if trick in KNOWN_EVASION_GAPS else ()
    return pytest.param(trick, id=trick or "all-tricks", marks=marks)


@pytest.mark.slow
@pytest.mark.shared_data
@pytest.mark.parametrize("trick", [_trick(t) for t in (None, *TRICKS)])
def test_obfuscation_keeps_uncivil_uncivil_and_civil_civil(moderator, corpus, clean_scores, trick) -> None:
    obfuscator = Obfuscator(seed=SEED, tricks=None if trick is None else [trick])
    cut = moderator.thresholds[Label.INCIVILITY]
    clean_uncivil, clean_civil = clean_scores["uncivil"], clean_scores["civil"]
    uncivil = incivility(moderator, obfuscator.transform(corpus["uncivil"]))
    civil = incivility(moderator, obfuscator.transform(corpus["civil"]))
    changed = sum(a != b for a, b in zip(obfuscator.transform(corpus["uncivil"]), corpus["uncivil"]))
    assert changed >= 0.9 * len(corpus["uncivil"]), "the obfuscator left most texts unchanged"
    drift = uncivil.mean() - clean_uncivil.mean()
    newly_over = float(np.mean((civil >= cut) & (clean_civil < cut)))
    rise = civil.mean() - clean_civil.mean()
    print(
        f"{trick or 'all'}: uncivil mean {clean_uncivil.mean():.3f} -> {uncivil.mean():.3f} ({drift:+.3f}), "
        f"over threshold {np.mean(clean_uncivil >= cut):.1%} -> {np.mean(uncivil >= cut):.1%}; "
        f"civil mean {clean_civil.mean():.3f} -> {civil.mean():.3f}, newly over {newly_over:.1%}"
    )
    assert abs(drift) <= UNCIVIL_DRIFT_GOAL
    assert newly_over <= CIVIL_NEWLY_OVER_GOAL
    assert rise <= CIVIL_MEAN_RISE_GOAL


@pytest.mark.slow
@pytest.mark.shared_data
def test_corpus_is_what_it_claims(corpus, clean_scores, moderator) -> None:
    """The goals mean something only if the clean uncivil texts do score well above the civil ones."""
    assert len(corpus["uncivil"]) == len(corpus["civil"]) == PER_GROUP
    assert clean_scores["uncivil"].mean() - clean_scores["civil"].mean() >= 0.2
