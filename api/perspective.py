"""Perspective's AnalyzeComment on top of our Moderator: attribute names in, Perspective's shape out.

TOXICITY maps to our `incivility` (Perspective: "a rude, disrespectful, or unreasonable comment";
our incivility follows the news-comment definition, which is the closest label we have); INSULT,
PROFANITY, THREAT, IDENTITY_ATTACK map one to one; UNSUPPORTED_CLAIM is ours. Span scores are
per sentence, as Perspective's: each sentence scored on its own for the incivility attributes, the
claim model's per-sentence probability for UNSUPPORTED_CLAIM. Our models are English-only, so a
request naming any other language gets Perspective's LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE error; a
request naming no language is scored as English (we do not detect languages) and says so in
`detectedLanguages`.
"""

from __future__ import annotations

import logging

from api.google import PerspectiveError
from api.schemas.perspective import (
    AnalyzeCommentRequest,
    AnalyzeCommentResponse,
    AttributeScore,
    Score,
    SpanScore,
)
from api.state import Loaded
from moderation.types import Label, Scores

log = logging.getLogger("moderation.api")

ATTRIBUTES: dict[str, Label] = {
    "TOXICITY": Label.INCIVILITY,
    "INSULT": Label.INSULT,
    "PROFANITY": Label.PROFANITY,
    "THREAT": Label.THREAT,
    "IDENTITY_ATTACK": Label.IDENTITY_ATTACK,
    "UNSUPPORTED_CLAIM": Label.UNSUPPORTED_CLAIM,
}
SUPPORTED_LANGUAGES = ("en",)


def analyze(loaded: Loaded, request: AnalyzeCommentRequest) -> AnalyzeCommentResponse:
    attributes = _attributes(request)
    served = set(loaded.moderator.labels)
    missing = [name for name, label in attributes.items() if label not in served]
    if missing:
        raise PerspectiveError(
            f"Attribute {missing[0]} is not served by the loaded model {loaded.moderator.version}.",
            "ATTRIBUTE_NOT_SUPPORTED",
            attributeNotSupportedError={"attribute": missing[0]},
        )
    languages = [_base_language(code) for code in request.languages or []]
    unsupported = [code for code in languages if code not in SUPPORTED_LANGUAGES]
    if unsupported and not request.dropUnsupportedAttributes:
        first = next(iter(attributes))
        raise PerspectiveError(
            f"Attribute {first} does not support request languages: {','.join(languages)}",
            "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
            languageNotSupportedByAttributeError={"requestedLanguages": languages, "attribute": first},
        )
    if not request.doNotStore:
        log.debug("analyze clientToken=%s text=%r", request.clientToken, request.comment.text[:200])
    scores: dict[str, AttributeScore] = {}
    if not unsupported:
        text = request.comment.text
        [summary] = loaded.moderator.score([text], explain=False)
        spans = _sentence_scores(loaded, text, summary, attributes) if request.spanAnnotations else {}
        for name, label in attributes.items():
            value = float(summary.probabilities[label])
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


def _attributes(request: AnalyzeCommentRequest) -> dict[str, Label]:
    out: dict[str, Label] = {}
    for name, params in request.requestedAttributes.items():
        key = name.upper()
        if key not in ATTRIBUTES:
            raise PerspectiveError(
                f"Unknown attribute: {name}. This server supports {', '.join(ATTRIBUTES)}.",
                "ATTRIBUTE_NOT_SUPPORTED",
                attributeNotSupportedError={"attribute": name, "supportedAttributes": list(ATTRIBUTES)},
            )
        if params.scoreType not in (None, "", "PROBABILITY"):
            raise PerspectiveError(
                f"Unsupported scoreType {params.scoreType!r}; only PROBABILITY is supported."
            )
        out[name] = ATTRIBUTES[key]
    return out


def _base_language(code: str) -> str:
    return code.strip().replace("_", "-").split("-")[0].lower()


def _sentence_scores(
    loaded: Loaded, text: str, summary: Scores, attributes: dict[str, Label]
) -> dict[str, list[SpanScore]]:
    """Per-sentence scores; one extra `score` call covers every sentence for the incivility labels."""
    sentences = [(s.start, s.end) for s in summary.sentences if text[s.start : s.end].strip()]
    sentences = sentences or [(0, len(text))]
    needs_rescoring = any(label != Label.UNSUPPORTED_CLAIM for label in attributes.values())
    per_sentence: list[Scores] = []
    if needs_rescoring:
        per_sentence = loaded.moderator.score([text[b:e] for b, e in sentences], explain=False)
    claim_by_start = {s.start: s.unsupported_probability for s in summary.sentences}
    out: dict[str, list[SpanScore]] = {}
    for name, label in attributes.items():
        spans = []
        for i, (begin, end) in enumerate(sentences):
            if label == Label.UNSUPPORTED_CLAIM:
                value = claim_by_start.get(begin, summary[label])
            else:
                value = per_sentence[i].probabilities[label]
            spans.append(SpanScore(begin=begin, end=end, score=Score(value=float(value))))
        out[name] = spans
    return out
