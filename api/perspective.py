"""Perspective's AnalyzeComment on top of our Moderator: attribute names in, Perspective's shape out.

TOXICITY maps to our `incivility` (Perspective: "a rude, disrespectful, or unreasonable comment";
our incivility follows the news-comment definition, which is the closest label we have); INSULT,
PROFANITY, THREAT, IDENTITY_ATTACK map one to one; UNSUPPORTED_CLAIM is ours. SEVERE_TOXICITY is
derived, not trained: P(incivility) x max(P(insult), P(threat), P(identity attack)), the chance the
comment is uncivil *and* of a severe kind if the two were independent. Perspective's definition
("very hateful, aggressive, disrespectful"; less sensitive to mild profanity) is why profanity and
mockery are left out. It ranks comments by severity; it is not calibrated against severity ratings
(see docs/SECURITY.md, "Perspective fidelity", for what that means for thresholds).

An attribute this server does not score (an unknown name, or a label the loaded model lacks), and any
attribute when the request's languages are not English, is an error as on Google's API, unless the
request sets `dropUnsupportedAttributes`: then it is left out of `attributeScores` and the rest is
answered. Span scores are
per sentence, as Perspective's: each sentence scored on its own for the incivility attributes, the
claim model's per-sentence probability for UNSUPPORTED_CLAIM. Our models are English-only, so a
request naming any other language gets Perspective's LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE error; a
request naming no language is scored as English (we do not detect languages) and says so in
`detectedLanguages`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from api.google import PerspectiveError
from api.schemas.perspective import (
    ENGLISH,
    SCORE_TYPES,
    AnalyzeCommentRequest,
    AnalyzeCommentResponse,
    AttributeScore,
    Score,
    SpanScore,
    supported_attribute,
)
from api.state import Loaded
from moderation.types import Label, Scores

log = logging.getLogger("moderation.api")


@dataclass(frozen=True)
class Attribute:
    """A Perspective attribute: the labels it reads and how its value follows from them."""

    needs: tuple[Label, ...]
    value: Callable[[Mapping[Label, float]], float]


def _one(label: Label) -> Attribute:
    return Attribute((label,), lambda p: float(p[label]))


SEVERE_KINDS = (Label.INSULT, Label.THREAT, Label.IDENTITY_ATTACK)


def severe_toxicity(p: Mapping[Label, float]) -> float:
    return float(p[Label.INCIVILITY]) * max(float(p[label]) for label in SEVERE_KINDS)


ATTRIBUTES: dict[str, Attribute] = {
    "TOXICITY": _one(Label.INCIVILITY),
    "SEVERE_TOXICITY": Attribute((Label.INCIVILITY, *SEVERE_KINDS), severe_toxicity),
    "INSULT": _one(Label.INSULT),
    "PROFANITY": _one(Label.PROFANITY),
    "THREAT": _one(Label.THREAT),
    "IDENTITY_ATTACK": _one(Label.IDENTITY_ATTACK),
    "UNSUPPORTED_CLAIM": _one(Label.UNSUPPORTED_CLAIM),
}
SUPPORTED_LANGUAGES = ("en",)


def analyze(loaded: Loaded, request: AnalyzeCommentRequest) -> AnalyzeCommentResponse:
    drop = request.dropUnsupportedAttributes
    attributes = _attributes(request, set(loaded.moderator.labels), loaded.moderator.version, drop)
    languages = [_base_language(code) for code in request.languages or []]
    unsupported = [code for code in request.languages or [] if not ENGLISH.fullmatch(code)]
    if unsupported and not drop and attributes:
        first = next(iter(attributes))
        raise PerspectiveError(
            f"Attribute {first} does not support request languages: {','.join(languages)}",
            "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
            languageNotSupportedByAttributeError={"requestedLanguages": languages, "attribute": first},
        )
    if not request.doNotStore:
        log.debug("analyze clientToken=%s text=%r", request.clientToken, request.comment.text[:200])
    scores: dict[str, AttributeScore] = {}
    if attributes and not unsupported:
        text = request.comment.text
        [summary] = loaded.moderator.score([text], explain=False)
        spans = _sentence_scores(loaded, text, summary, attributes) if request.spanAnnotations else {}
        for name, attribute in attributes.items():
            value = attribute.value(summary.probabilities)
            threshold = request.requestedAttributes[name].scoreThreshold
            if threshold is not None and value < threshold:
                continue
            scores[name] = AttributeScore(summaryScore=Score(value=value), spanScores=spans.get(name))
    return AnalyzeCommentResponse(
        attributeScores=scores,
        languages=languages or list(SUPPORTED_LANGUAGES),
        detectedLanguages=None if languages else list(SUPPORTED_LANGUAGES),
        clientToken=request.clientToken,
    )


def _attributes(
    request: AnalyzeCommentRequest, served: set[Label], version: str, drop: bool
) -> dict[str, Attribute]:
    """The requested attributes this server answers (by the request's spelling); the rest refused or dropped."""
    out: dict[str, Attribute] = {}
    for name, params in request.requestedAttributes.items():
        if params.scoreType is not None and params.scoreType not in SCORE_TYPES:
            raise PerspectiveError(
                f"Unsupported scoreType {params.scoreType!r} for attribute {name}; only PROBABILITY is supported."
            )
        spelled = supported_attribute(name)
        attribute = ATTRIBUTES[spelled] if spelled else None
        if attribute is not None and set(attribute.needs) <= served:
            out[name] = attribute
        elif not drop:
            why = (
                f"Unknown attribute: {name}. This server supports {', '.join(ATTRIBUTES)}."
                if attribute is None
                else f"Attribute {name} is not served by the loaded model {version}."
            )
            raise PerspectiveError(
                why,
                "ATTRIBUTE_NOT_SUPPORTED",
                attributeNotSupportedError={"attribute": name, "supportedAttributes": list(ATTRIBUTES)},
            )
    return out


def _base_language(code: str) -> str:
    return code.strip().replace("_", "-").split("-")[0].lower()


def _sentence_scores(
    loaded: Loaded, text: str, summary: Scores, attributes: dict[str, Attribute]
) -> dict[str, list[SpanScore]]:
    """Per-sentence scores; one extra `score` call covers every sentence for the incivility labels."""
    sentences = [(s.start, s.end) for s in summary.sentences if text[s.start : s.end].strip()]
    sentences = sentences or [(0, len(text))]
    needs_rescoring = any(a.needs != (Label.UNSUPPORTED_CLAIM,) for a in attributes.values())
    per_sentence: list[Scores] = []
    if needs_rescoring:
        per_sentence = loaded.moderator.score([text[b:e] for b, e in sentences], explain=False)
    claim_by_start = {s.start: s.unsupported_probability for s in summary.sentences}
    out: dict[str, list[SpanScore]] = {}
    for name, attribute in attributes.items():
        spans = []
        for i, (begin, end) in enumerate(sentences):
            if attribute.needs == (Label.UNSUPPORTED_CLAIM,):
                value = claim_by_start.get(begin, summary[Label.UNSUPPORTED_CLAIM])
            else:
                value = attribute.value(per_sentence[i].probabilities)
            spans.append(SpanScore(begin=begin, end=end, score=Score(value=float(value))))
        out[name] = spans
    return out
