"""Claim-type and support cues: what a sentence says about itself, and what its neighbours give it.

The cue lists are data, not decisions: each cue becomes one feature column and the weights are
learned (on CDCP and Park & Cardie), never hand-set. They were written from the argumentation
literature (Park & Cardie 2014: speech events, imperatives, tense, person; discourse markers of
reasons and evidence), not from the seed pages, so that they carry over to unseen sites.

Context features exist because support in CDCP is a link *between* propositions of one comment:
whether the next sentence opens with "because" or "for example", or another sentence is
first-hand testimony or a source, says more about support than the sentence alone.
"""

from __future__ import annotations

import re

import numpy as np

CUES: dict[str, str] = {
    "reason": r"\b(because|since|as a result|due to|given that|so that|therefore|thus|hence|that is why"
              r"|which is why|the reason|in order to|otherwise)\b",
    "example": r"\b(for example|for instance|e\.g\.|such as|in my case|in one case|to illustrate)\b",
    "attribution": r"\b(according to|cited|citing|reported by|as reported|stud(y|ies)|survey|statistics"
                   r"|data (show|from|suggest)|research (shows|suggests|found)|found that|shows? that|source:)\b",
    "speech": r"\b(said|says|stated|told|claimed|reported|reports?|announced|evidence|documents?)\b",
    "citation": r"(https?://|www\.|\burl\b|§|\bsection\s+\d|\bcfr\b|\bu\.?s\.?c\.?\b|\bact\b|\(\d{4}\))",
    "number": r"(\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion"
              r"|percent|half|dozens?)\b)",
    "percent_money": r"(%|\$|£|€|\bpercent\b|\bdollars?\b)",
    "hedge": r"\b(probably|maybe|perhaps|might|may|could|guess|seems?|likely|possibly|apparently"
             r"|suppose|presumably|i think|i believe|i suspect|i doubt|i feel)\b",
    "first_person": r"\b(i|me|my|mine|myself)\b",
    "first_plural": r"\b(we|us|our|ours)\b",
    "experience": r"\b(i (was|have been|had|got|received|called|paid|lost|went|told|asked|tried)"
                  r"|my (husband|wife|son|daughter|mother|father|family|account|credit|experience)"
                  r"|happened to me|years ago|last (year|month|week))\b",
    "past": r"\b\w{3,}ed\b",
    "policy_modal": r"\b(should|must|ought|need to|needs to|have to|has to|urge|require|ban|stop|please"
                    r"|let'?s|shall)\b",
    "evaluation": r"\b(good|bad|unfair|fair|wrong|right|ridiculous|absurd|great|terrible|awful|best|worst"
                  r"|important|stupid|credible|foolish|heroic|evil|corrupt|disgusting|abusive|deceptive)\b",
    "negation": r"\b(not|no|never|nothing|none|n't|cannot)\b|n't\b",
    "question": r"\?",
    "exclaim": r"!",
    "quote": r"[\"\u201c\u201d]",
    "named": r"(?<=\w )[A-Z][a-z]+",
    "second_person": r"\b(you|your|yours)\b",
}
CUE_NAMES: tuple[str, ...] = (*CUES, "log_words")
_CASED = ("named",)
_COMPILED = [(re.compile(pattern), name in _CASED) for name, pattern in CUES.items()]
SUPPORT_CUES: tuple[str, ...] = ("reason", "example", "attribution", "speech", "citation", "number",
                                 "experience", "first_person", "hedge", "quote", "named")
_SUPPORT_IDX = np.array([CUE_NAMES.index(name) for name in SUPPORT_CUES])
NON_ASSERTION = re.compile(
    r"^\W*(thanks?( you)?( all| so much| very much)?|thank you for [\w\s]{0,40}|hi|hello|dear \w+"
    r"|good (luck|morning|day)|best( regards)?|regards|sincerely|understood|ok(ay)?|lol|lmao|haha\w*"
    r"|yes|no|yep|nope|wow|agreed?|exactly|indeed|amen|sigh|ugh|hmm+|what\??|really\??)\W*$",
    re.IGNORECASE,
)


def cue_matrix(texts: list[str]) -> np.ndarray:
    """(n, len(CUE_NAMES)) presence of each cue, plus log word count.

    Patterns are matched on the lower-cased text (case-insensitive regexes are about twice as slow);
    the sentence path of scoring runs this on every sentence.
    """
    rows = []
    for text in texts:
        lower = text.lower()
        rows.append([1.0 if pattern.search(text if cased else lower) else 0.0 for pattern, cased in _COMPILED])
    out = np.zeros((len(texts), len(CUE_NAMES)), dtype=np.float32)
    if texts:
        out[:, :-1] = rows
        out[:, -1] = np.log1p([text.count(" ") + 1 for text in texts])
    return out


def non_assertion_mask(texts: list[str]) -> np.ndarray:
    """True for units that assert nothing: greetings, thanks, bare interjections, no letters at all."""
    return np.array([bool(NON_ASSERTION.match(t)) or not any(c.isalpha() for c in t) for t in texts])


def _shift(values: np.ndarray, doc: np.ndarray, step: int) -> np.ndarray:
    """Row i gets row i-step's values when both are in the same comment, else zeros."""
    out = np.zeros_like(values)
    if step > 0:
        same = doc[step:] == doc[:-step]
        out[step:][same] = values[:-step][same]
    else:
        same = doc[:step] == doc[-step:]
        out[:step][same] = values[-step:][same]
    return out


def _others_max(values: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Per row: max over the *other* rows of its comment (comment max, minus itself if it is the max)."""
    starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    top = np.maximum.reduceat(values, starts, axis=0)
    sizes = np.diff(np.r_[starts, len(doc)])
    comment_max = np.repeat(top, sizes, axis=0)
    counts = np.add.reduceat((values >= comment_max) & (values > 0), starts, axis=0)
    unique_max = np.repeat(counts, sizes, axis=0) == 1
    return np.where(unique_max & (values >= comment_max), 0.0, comment_max)


def context_matrix(unit_values: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Neighbour features for units laid out comment by comment (`doc` = comment id per row, sorted).

    Columns: previous unit, next unit, two after, max over the other units (all of `unit_values`),
    then position: is first, is last, relative position, log number of units in the comment.
    """
    starts = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    sizes = np.diff(np.r_[starts, len(doc)])
    index_in_doc = np.arange(len(doc)) - np.repeat(starts, sizes)
    size = np.repeat(sizes, sizes)
    position = np.column_stack([
        index_in_doc == 0, index_in_doc == size - 1, index_in_doc / np.maximum(size - 1, 1), np.log(size),
    ]).astype(np.float32)
    return np.hstack([
        _shift(unit_values, doc, 1), _shift(unit_values, doc, -1), _shift(unit_values, doc, -2),
        _others_max(unit_values, doc), position,
    ])


def support_cues(cues: np.ndarray) -> np.ndarray:
    """The subset of cue columns that can signal support when they occur in a *neighbouring* unit."""
    return cues[:, _SUPPORT_IDX]
