"""Corpus adapters: every shared corpus becomes rows of (text, per-label targets, source, split, group).

Incivility corpora (one module each, label mapping documented in the module and in the model card):
`c3` (Globe and Mail), `toxic_spans` (Civil Comments), `ucc` (Globe and Mail), `kaggle_insults`,
`sfu_ctc` (cross-corpus test only). Claim corpora live beside them (`cdcp`, `park_cardie`, ...).

Use `load_incivility(data_dir)` to get the fixed, de-duplicated splits that training and evaluation share.
"""

from __future__ import annotations

from moderation.data.corpus import Corpus, IncivilityAdapter
from moderation.data.splits import INCIVILITY_ADAPTERS, load_incivility

__all__ = ["Corpus", "INCIVILITY_ADAPTERS", "IncivilityAdapter", "load_incivility"]
