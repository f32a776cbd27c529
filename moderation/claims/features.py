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

from moderation.inference.jit import kernel

# Each cue: single words (matched as tokens), phrases (matched on token boundaries), and for the
# few cues that are about characters or shapes, a regex. Token sets are far cheaper than regexes.
CUES: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "reason": ("because since therefore thus hence otherwise",
               ("as a result", "due to", "given that", "so that", "that is why", "which is why", "the reason",
                "in order to"), None),
    "example": ("e.g", ("for example", "for instance", "such as", "in my case", "in one case", "to illustrate"),
                None),
    "attribution": ("cited citing study studies survey statistics",
                    ("according to", "reported by", "as reported", "data show", "data from", "data suggest",
                     "research shows", "research suggests", "research found", "found that", "show that",
                     "shows that"), r"\bsources?:"),
    "speech": ("said says stated told claimed reported report reports announced evidence document documents",
               (), None),
    "citation": ("url cfr usc act http https www", ("u.s.c",), r"§|\bsection\s+\d|\(\d{4}\)"),
    "number": (("one two three four five six seven eight nine ten hundred thousand million billion percent "
               "half dozen dozens"), (), r"\d"),
    "percent_money": ("percent dollar dollars", (), r"[%$£€]"),
    "hedge": (("probably maybe perhaps might may could guess seem seems likely possibly apparently suppose "
              "presumably"), ("i think", "i believe", "i suspect", "i doubt", "i feel"), None),
    "first_person": ("i me my mine myself", (), None),
    "first_plural": ("we us our ours", (), None),
    "experience": ("", ("i was", "i have been", "i had", "i got", "i received", "i called", "i paid", "i lost",
                        "i went", "i told", "i asked", "i tried", "my husband", "my wife", "my son",
                        "my daughter", "my mother", "my father", "my family", "my account", "my credit",
                        "my experience", "happened to me", "years ago", "last year", "last month", "last week"),
                   None),
    "past": ("", (), r"\b\w{3,}ed\b"),
    "policy_modal": ("should must ought urge require ban stop please shall let's lets",
                     ("need to", "needs to", "have to", "has to"), None),
    "evaluation": (("good bad unfair fair wrong right ridiculous absurd great terrible awful best worst important "
                   "stupid credible foolish heroic evil corrupt disgusting abusive deceptive"), (), None),
    "negation": ("not no never nothing none cannot n't", (), None),
    "question": ("", (), r"\?"),
    "exclaim": ("", (), r"!"),
    "quote": ("", (), "[\"\u201c\u201d]"),
    "named": ("", (), None),
    "second_person": ("you your yours", (), None),
    # added after the first artifacts: kept last so older artifacts read their columns as a prefix
    "url": ("", (), r"https?://|www\.|\.(?:com|org|gov|net|edu)\b"),
    "wh_start": ("", (), (r"^\W*(?:who|what|when|where|why|how|which|is|are|was|were|do|does|did|can|could|would|"
                         r"will|should|shall|has|have|had|isn't|aren't|don't|doesn't|didn't|won't|wouldn't)\b")),
}
CUE_NAMES: tuple[str, ...] = (*CUES, "log_words")
LEGACY_CUE_NAMES: tuple[str, ...] = tuple(name for name in CUE_NAMES if name not in ("url", "wh_start"))
_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*|n't")
_NAMED = re.compile(r"(?<=\w )[A-Z][a-z]+")
_NAMED_BIT = 1 << list(CUES).index("named")


# A regex cue can only match lowercased text that contains one of these substrings, so the regex is
# tried only then (most sentences have no "?" or "source"); tests check each list against its regex.
REGEX_NEEDS: dict[str, tuple[str, ...]] = {
    "attribution": ("source",), "citation": ("§", "section", "("), "percent_money": ("%", "$", "£", "€"),
    "past": ("ed",), "question": ("?",), "exclaim": ("!",), "quote": ('"', "“", "”"),
    "url": ("http", "www.", ".com", ".org", ".gov", ".net", ".edu"),
}


def _cue_tables() -> tuple[dict[str, int], dict[str, tuple[tuple[int, str], ...]],
                           tuple[tuple[int, re.Pattern, tuple[str, ...]], ...]]:
    """Cue lists as lookups: token -> bitmask of the cues it belongs to; first token of a phrase ->
    (cue bit, " phrase ") pairs; (cue bit, regex, substrings it needs) for the shape cues. Cue k is
    bit k."""
    words: dict[str, int] = {}
    phrases: dict[str, list[tuple[int, str]]] = {}
    regexes = []
    for k, (name, (cue_words, cue_phrases, pattern)) in enumerate(CUES.items()):
        for word in cue_words.split():
            words[word] = words.get(word, 0) | 1 << k
        for phrase in cue_phrases:
            phrases.setdefault(phrase.split()[0], []).append((1 << k, f" {phrase} "))
        if pattern:
            regexes.append((1 << k, re.compile(pattern), REGEX_NEEDS.get(name, ())))
    return words, {w: tuple(v) for w, v in phrases.items()}, tuple(regexes)


_WORD_BITS, _PHRASES_BY_FIRST, _REGEX_BITS = _cue_tables()
SUPPORT_CUES: tuple[str, ...] = ("reason", "example", "attribution", "speech", "citation", "number",
                                 "experience", "first_person", "hedge", "quote", "named")
_SUPPORT_IDX = np.array([CUE_NAMES.index(name) for name in SUPPORT_CUES])
assert all(LEGACY_CUE_NAMES.index(name) == CUE_NAMES.index(name) for name in SUPPORT_CUES)
NON_ASSERTION = re.compile(
    r"^\W*(thanks?( you)?( all| so much| very much)?|thank you for [\w\s]{0,40}|hi|hello|dear \w+"
    r"|good (luck|morning|day)|best( regards)?|regards|sincerely|understood|ok(ay)?|lol|lmao|haha\w*"
    r"|yes|no|yep|nope|wow|agreed?|exactly|indeed|amen|sigh|ugh|hmm+|what\??|really\??)\W*$",
    re.IGNORECASE,
)


QUESTION = re.compile(r"\?[\W_]*$")


def _tokens(lower: str) -> list[str]:
    tokens = _TOKEN.findall(lower.replace("\u2019", "'"))
    return tokens + ["n't" for t in tokens if t.endswith("n't")]


def cue_bits(text: str) -> int:
    """Bitmask of the cues present in `text` (bit k = k-th cue of `CUES`).

    A cue is present when one of its words is a token, one of its phrases occurs on token boundaries,
    or its regex matches the lowercased text; `named` looks for a capitalised word after a word. Each
    token is looked up once, and a phrase or regex is tried only when it could still add a cue: the
    sentence path of scoring runs this on every sentence, so it must stay cheap.
    """
    lower = text.lower()
    tokens = _tokens(lower)
    bits = 0
    phrase_heads = []
    for token in set(tokens):
        bits |= _WORD_BITS.get(token, 0)
        if token in _PHRASES_BY_FIRST:
            phrase_heads.append(token)
    if phrase_heads:
        joined = f" {' '.join(tokens)} "
        for head in phrase_heads:
            for bit, phrase in _PHRASES_BY_FIRST[head]:
                if not bits & bit and phrase in joined:
                    bits |= bit
    for bit, regex, needs in _REGEX_BITS:
        if not bits & bit and (not needs or any(n in lower for n in needs)) and regex.search(lower) is not None:
            bits |= bit
    if _NAMED.search(text):
        bits |= _NAMED_BIT
    return bits


_BIT_SHIFTS = np.arange(len(CUES), dtype=np.int64)


def cue_matrix(texts: list[str], names: tuple[str, ...] = CUE_NAMES) -> np.ndarray:
    """(n, len(names)) presence of each cue, plus log word count (`names`: the columns a fitted
    component was trained on, in its order; `SUPPORT_CUES` sit at the same place in every version)."""
    out = np.zeros((len(texts), len(CUE_NAMES)), dtype=np.float32)
    if texts:
        bits = np.fromiter((cue_bits(text) for text in texts), dtype=np.int64, count=len(texts))
        out[:, :-1] = (bits[:, None] >> _BIT_SHIFTS) & 1
        out[:, -1] = np.log1p([text.count(" ") + 1 for text in texts])
    return out if names == CUE_NAMES else out[:, [CUE_NAMES.index(name) for name in names]]


def non_assertion_mask(texts: list[str]) -> np.ndarray:
    """True for units that assert nothing: greetings, thanks, bare interjections, no letters at all,
    and questions (a unit that ends in "?"). CDCP types its 70 rhetorical questions (1.4 % of the
    propositions) as value claims; a newsroom does not: "What evidence do you have that he is lying?"
    asks for support, it does not assert anything that needs it. The cost on CDCP test is measured
    (model card, `questions_as_none`)."""
    return np.array([bool(NON_ASSERTION.match(t)) or not any(c.isalpha() for c in t) or bool(QUESTION.search(t))
                     for t in texts])


@kernel("f8[:, ::1](f8[:, ::1], i8[::1])")
def _context_kernel(values: np.ndarray, doc: np.ndarray) -> np.ndarray:
    n, k = values.shape
    out = np.zeros((n, 4 * k + 4))
    start = 0
    while start < n:
        end = start + 1
        while end < n and doc[end] == doc[start]:
            end += 1
        size = end - start
        for c in range(k):
            top = -np.inf
            for r in range(start, end):
                top = max(top, values[r, c])
            holders = 0
            for r in range(start, end):
                if values[r, c] >= top and values[r, c] > 0:
                    holders += 1
            for r in range(start, end):
                out[r, 3 * k + c] = 0.0 if holders == 1 and values[r, c] >= top else top
        for r in range(start, end):
            index = r - start
            for c in range(k):
                if index >= 1:
                    out[r, c] = values[r - 1, c]
                if index + 1 < size:
                    out[r, k + c] = values[r + 1, c]
                if index + 2 < size:
                    out[r, 2 * k + c] = values[r + 2, c]
            out[r, 4 * k] = 1.0 if index == 0 else 0.0
            out[r, 4 * k + 1] = 1.0 if index == size - 1 else 0.0
            out[r, 4 * k + 2] = np.float32(index / max(size - 1, 1))
            out[r, 4 * k + 3] = np.float32(np.log(size))
        start = end
    return out


def context_matrix(unit_values: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Neighbour features for units laid out comment by comment (`doc` = comment id per row, sorted).

    Columns: previous unit, next unit, two after (zeros past the comment's ends), max over the *other*
    units of the comment (the comment max, or 0 for the unit that alone holds it), all of
    `unit_values`; then position: is first, is last, relative position, log number of units in the
    comment. One compiled pass: the numpy version was a dozen array calls, most of the cost of
    scoring a single comment.
    """
    out = _context_kernel(np.ascontiguousarray(unit_values, dtype=np.float64), np.ascontiguousarray(doc, dtype=np.int64))
    return out.astype(np.result_type(unit_values.dtype, np.float32))


def support_cues(cues: np.ndarray) -> np.ndarray:
    """The subset of cue columns that can signal support when they occur in a *neighbouring* unit."""
    return cues[:, _SUPPORT_IDX]
