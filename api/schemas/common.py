"""Shared field types: the comment text limit (20 KB, as Perspective) and label-keyed maps."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, StrictBool

MAX_COMMENT_BYTES = 20 * 1024
MAX_BATCH = 1000
MAX_PAGE_CHARS = 5 * 1024 * 1024
MAX_ID_CHARS = 256


def _valid_comment_text(text: str) -> str:
    """Non-blank, encodable (no lone surrogates from `\\ud800` escapes) and at most 20 KB of UTF-8."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValueError("text contains a lone surrogate (\\ud800-\\udfff); send valid Unicode") from None
    if size > MAX_COMMENT_BYTES:
        raise ValueError(f"text is {size} bytes of UTF-8; the limit is {MAX_COMMENT_BYTES} bytes (20 KB)")
    if not text.strip():
        raise ValueError("text is blank; send the comment's words")
    return text


def _valid_unicode(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("value contains a lone surrogate (\\ud800-\\udfff); send valid Unicode") from None
    return text


def _no_nul(text: str) -> str:
    """Stored values only: PostgreSQL text cannot hold U+0000, and no real comment or id contains it."""
    if "\x00" in text:
        raise ValueError("value contains a NUL character (U+0000); remove it before sending")
    return text


# "Not blank" as a pattern: at least one character outside what `str.strip()` removes (tests check the set).
STRIPPED_WHITESPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK_PATTERN = f"[^{STRIPPED_WHITESPACE}]"

CommentText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_COMMENT_BYTES,
        description="The comment, at most 20 KB of UTF-8, not blank.",
        json_schema_extra={"pattern": NOT_BLANK_PATTERN},
    ),
    AfterValidator(_valid_comment_text),
]
Identifier = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS), AfterValidator(_valid_unicode)]
ShortText = Annotated[str, Field(max_length=MAX_ID_CHARS), AfterValidator(_valid_unicode)]
PageText = Annotated[str, Field(min_length=1, max_length=MAX_PAGE_CHARS), AfterValidator(_valid_unicode)]
# Strict: `true`/`false` only, numbers only (no "yes", 0, "0.5"; `false` is not a probability).
Flag = StrictBool
Probability = Annotated[float, Field(strict=True, ge=0.0, le=1.0)]
# What the feedback store keeps: the same limits, and no NUL (refused alike on SQLite and PostgreSQL).
StoredText = Annotated[CommentText, AfterValidator(_no_nul)]
StoredIdentifier = Annotated[Identifier, AfterValidator(_no_nul)]


def exactly_one_of(*fields: str) -> dict[str, Any]:
    """The OpenAPI form of "exactly one of these fields, as a string": `oneOf` over the alternatives.

    A field sent as `null` counts as absent, as in the model validators that enforce the same rule.
    """
    return {
        "oneOf": [
            {"required": [name], "properties": {name: {"type": "string"}}} for name in fields
        ]
    }
