"""The claim inside an attributed sentence: "According to the SBU, X", "X, according to CMHC data",
"Police statistics show X" -> X.

Why: the type and is-a-claim heads read the words of a source ("data", "per cent", "reported") as signs
of a factual claim, CDCP's unsupported kind, so naming a source could *raise* a sentence's
P(unsupported) above the same claim bare (README claims behaviour table). Whether a sentence is a claim,
and of which kind, is a property of what it asserts; the attribution is its support. So the claims
component judges the claim part on the sentence without its attribution, and the support on the whole
sentence (`EncodedClaimComponent.score_units`). Phrases are data (`attribution_tables.py`).
"""

from __future__ import annotations

import re
from functools import cache

from moderation.claims.attribution_tables import ATTRIBUTION

MIN_CLAIM_WORDS = 3
"""What is left after the attribution must still read as a proposition."""
MAX_SOURCE_WORDS = 12
CLAUSE_BREAK = re.compile(r"[;:]|,(?!\d{3})|\b(?:but|because|so|while|although|though|if|when)\b", re.IGNORECASE)
"""A subject with a clause of its own ("Taxes rose, and the report says ...") is not just a source."""


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    table = ATTRIBUTION[language]
    word = r"(?:[^\s,;:]|(?<=\d),(?=\d{3}))+"
    source = rf"(?:{word}\s+){{0,{MAX_SOURCE_WORDS - 1}}}?{word}"
    lead = re.compile(rf"^\W*(?:{_alternatives(table['lead_ins'])})\s+(?P<source>{source})\s*,\s*(?P<claim>.+)$",
                      re.IGNORECASE | re.DOTALL)
    tail = re.compile(rf"^(?P<claim>.+?)\s*[,;(]\s*(?:{_alternatives(table['tail_ins'])})\s+(?P<source>{source})\W*$",
                      re.IGNORECASE | re.DOTALL)
    speech = re.compile(rf"^(?P<claim>.+?)\s*,\s*(?P<subject>{source})\s+(?:{_alternatives(table['speech_tails'])})"
                        rf"(?:\s+[^\s,;:]+){{0,2}}\W*$", re.IGNORECASE | re.DOTALL)
    verb = re.compile(rf"(?<=\s)(?:{_alternatives(table['evidence_verbs'])})\b(?:\s+that\b)?\s*,?\s*",
                      re.IGNORECASE)
    return lead, tail, speech, verb


def _names_a_source(subject: str, language: str) -> bool:
    """A subject introduces evidence when it names a document, a measurement or a name, not the writer."""
    table = ATTRIBUTION[language]
    words = re.findall(r"[\w.'’-]+", subject)
    if not words or words[0].lower() in table["not_sources"]:
        return False
    lowered = {w.lower().strip("'’.").removesuffix("'s").removesuffix("’s") for w in words}
    if not lowered.isdisjoint(table["source_nouns"]):
        return True
    names = [w for i, w in enumerate(words) if w[:1].isupper() and (i > 0 or len(words) == 1 or
                                                                     words[1][:1].isupper())]
    return bool(names)


def claim_without_attribution(sentence: str, language: str = "en") -> str | None:
    """The sentence's claim with its attribution cut off, or None when it names no source that way."""
    if language not in ATTRIBUTION:
        return None
    lead, tail, speech, verb = _patterns(language)
    text = sentence.strip()
    not_sources = ATTRIBUTION[language]["not_sources"]
    candidates = []
    for pattern, needs_subject in ((lead, False), (tail, False), (speech, True)):
        match = pattern.match(text)
        if match is None:
            continue
        if needs_subject and (CLAUSE_BREAK.search(match.group("subject"))
                              or not _names_a_source(match.group("subject"), language)):
            continue
        if not needs_subject and match.group("source").split()[0].lower() in not_sources:
            continue
        candidates.append(match.group("claim"))
    verbs = list(verb.finditer(text))
    for match, following in zip(verbs, [*verbs[1:], None]):
        subject = text[:match.start()].strip()
        if len(subject.split()) > MAX_SOURCE_WORDS or CLAUSE_BREAK.search(subject):
            break
        if following is not None and following.start() == match.end():
            continue  # a noun before the verb ("court records show", "the auditor's report shows")
        if _names_a_source(subject, language):
            candidates.append(text[match.end():])
            break
    for claim in candidates:
        claim = claim.strip(" ,;:")
        if len(re.findall(r"\w+", claim)) >= MIN_CLAIM_WORDS:
            return claim[:1].upper() + claim[1:] + ("" if claim[-1:] in ".!?" else ".")
    return None
