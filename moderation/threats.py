"""Explicit threats found by the phrase table (`threat_tables`): a policy rule, not a probability.

Why a table beside two learned models: threats are the costliest thing to publish and the rarest thing
labelled (see `threat_tables`); the learned heads, having seen ~70 of them, score "I know where you
live and I am going to hurt you" near 0. Why a rule and not a change to the threat probability: the
label the probability is calibrated to (a majority of ToxicSpans raters marking a "threat" span) is
met by only ~15-40 % of the comments the table matches -- raters mostly marked "should be executed"
or "I'll slap you silly" as insults or not at all -- so folding matches into P(threat) would break its
calibration. A moderator, though, wants every one of them in front of a human, so the policy sends a
match to review with the phrase as its reason (`SitePolicy.threat_phrases`, on by default).
Matching runs on `normalise(text)` (so "k1ll" and "k i l l" match) with offsets mapped back to the
characters the reader wrote. Measured by `bench/threat_phrases.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from moderation.text import normalise_with_offsets
from moderation.threat_tables import TABLES, ThreatTable

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[.!?;:]")
_CLAUSE_END = frozenset(".!?;:")


def _split(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases as word tuples, indexed by their first word, longest first (a lookup per word, not a scan)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted({tuple(_WORD.findall(p)) for p in phrases}, key=len, reverse=True):
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return index


@dataclass(frozen=True)
class ThreatMatch:
    start: int
    end: int


@dataclass
class ThreatRules:
    """One language's table compiled for matching (English; other languages have no table yet)."""

    language: str = "en"

    @cached_property
    def _table(self) -> dict[str, dict[str, list[tuple[str, ...]]]]:
        table: ThreatTable = TABLES[self.language]
        return {"intents": _split(table.intents), "acts": _split(table.acts), "formulas": _split(table.formulas),
                "negations": _split(table.negations), "things": _split(table.things),
                "noun_markers": _split(table.noun_markers)}

    @property
    def window(self) -> int:
        return TABLES[self.language].window

    def _at(self, words: list[str], i: int, kind: str) -> int:
        """Length of the longest phrase of `kind` starting at word i (0 if none)."""
        for phrase in self._table[kind].get(words[i], ()) if i < len(words) else ():
            if tuple(words[i:i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def _act_after(self, words: list[str], lo: int) -> tuple[int, int] | None:
        """(start, end) of the first act in words[lo : lo+window] that is not negated, nominal or figurative."""
        for j in range(lo, min(len(words), lo + self.window + 1)):
            if words[j] in _CLAUSE_END or self._at(words, j, "negations"):
                return None
            n = self._at(words, j, "acts")
            if not n:
                continue
            if n == 1 and j > 0 and self._at(words, j - 1, "noun_markers"):
                continue
            if j + n < len(words) and self._at(words, j + n, "things"):
                continue
            return j, j + n
        return None

    def matches(self, text: str) -> list[ThreatMatch]:
        """Character spans of `text` (original characters) that the table marks as threats."""
        normalised = normalise_with_offsets(text)
        found = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(normalised.text)]
        words = [w.replace("’", "'") for w, _, _ in found]
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            n = self._at(words, i, "formulas")
            if n:
                spans.append((i, i + n))
                i += n
                continue
            n = self._at(words, i, "intents")
            act = self._act_after(words, i + n) if n else None
            if act is not None:
                spans.append((i, act[1]))
                i = act[1]
                continue
            i += 1
        out = []
        for lo, hi in spans:
            start, end = normalised.original_span(found[lo][1], found[hi - 1][2])
            out.append(ThreatMatch(start, end))
        return out

    def phrases(self, text: str) -> tuple[str, ...]:
        """The matched stretches of `text`, as the reader wrote them."""
        return tuple(dict.fromkeys(" ".join(text[m.start:m.end].split()) for m in self.matches(text)))
