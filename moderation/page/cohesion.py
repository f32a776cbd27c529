"""Decide whether the next paragraph continues the current comment or starts a new one.

Where a comment section has no per-comment headers (a plain text dump), blank lines separate both
paragraphs and comments. What tells them apart is how writers continue a thought: they reuse the
words they just used (words the article itself did not put in everyone's mouth), they break a
sentence or a list across lines, they open with "And" or "P.S.". The weights are data in `patterns`.
"""

from __future__ import annotations

from collections.abc import Iterable

from moderation.page import patterns as pt

_FINAL_PUNCTUATION = tuple(".!?\"”’')…]*")


def stems(text: str) -> set[str]:
    """Content-word stems: lower-cased words that are not stop words, cut to a common prefix."""
    return {
        word.lower()[: pt.STEM_CHARS]
        for word in pt.CONTENT_WORD_RE.findall(text)
        if word.lower() not in pt.STOPWORDS
    }


def vocabulary(paragraphs: Iterable[str]) -> frozenset[str]:
    """The article's stems: shared topic words say nothing about which comment a paragraph belongs to."""
    found: set[str] = set()
    for paragraph in paragraphs:
        found |= stems(paragraph)
    return frozenset(found)


def continuation_score(
    group_stems: set[str], previous: str, following: str, article_stems: frozenset[str]
) -> float:
    """How strongly `following` reads as the next paragraph of a comment (with `group_stems`, ending in `previous`)."""
    weights = pt.CONTINUATION_WEIGHTS
    shared = (group_stems & stems(following)) - article_stems
    score = weights["shared_rare_words"] * len(shared)
    if previous.rstrip().endswith((":", ",", ";")):
        score += weights["previous_open"]
    elif not previous.rstrip().endswith(_FINAL_PUNCTUATION):
        score += weights["previous_unpunctuated"]
    first = following.lstrip()
    if first[:1].islower():
        score += weights["starts_lowercase"]
    opener = first.split(maxsplit=1)[0].lower().strip(",") if first else ""
    if opener in pt.CONTINUATION_OPENERS:
        score += weights["continuation_opener"]
    if pt.LIST_ITEM_RE.match(first) and pt.LIST_ITEM_RE.match(previous.lstrip()):
        score += weights["list_item"]
    return score


def group_paragraph_blocks(blocks: list[list[str]], article_stems: frozenset[str]) -> list[list[str]]:
    """Group blank-line-separated blocks into comments; lines inside a block always stay together.

    When some block holds several lines, the page separates a comment's paragraphs with single line
    breaks, so a blank line always ends a comment and no blocks are merged.
    """
    if any(len(block) > 1 for block in blocks):
        return [list(block) for block in blocks]
    groups: list[list[str]] = []
    group_stems: set[str] = set()
    previous = ""
    for block in blocks:
        text = " ".join(block)
        if (
            groups
            and continuation_score(group_stems, previous, text, article_stems) >= pt.CONTINUATION_THRESHOLD
        ):
            groups[-1].extend(block)
        else:
            groups.append(list(block))
            group_stems = set()
        group_stems |= stems(text)
        previous = text
    return groups
