"""Turn raw input into text we can trust, and tell HTML from a plain-text dump.

Decoding lives here (not in the CLI) so every caller gets the same refusal of empty, binary and
non-UTF-8 input, with a message that says what to do.
"""

from __future__ import annotations

import re

from moderation.errors import InvalidInput

_SNIFF_CHARS = 65_536
_MAX_CONTROL_SHARE = 0.01
_HTML_TAG_RE = re.compile(
    r"<(?:!doctype html|html|head|body|div|p|article|section|span|a|br|li|ul|ol|h[1-6]|table|main"
    r"|header|footer|nav|script|style|meta|link|time|blockquote|figure|img)\b",
    re.IGNORECASE,
)
_HTML_MIN_TAGS = 3
_HTML_MANY_TAGS = 20
_ALLOWED_CONTROLS = frozenset("\n\r\t\f\v")


def decode_page(raw: str | bytes) -> str:
    """Decode bytes as UTF-8 (BOM tolerated) and refuse input that is not a readable page."""
    if isinstance(raw, bytes | bytearray):
        if b"\x00" in raw:
            raise InvalidInput("The page looks binary (it contains NUL bytes); give a text or HTML page.")
        try:
            text = bytes(raw).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"The page is not valid UTF-8 (bad byte at offset {exc.start}); re-encode it as UTF-8."
            ) from None
    elif isinstance(raw, str):
        text = raw.removeprefix("\ufeff")
    else:
        raise InvalidInput(f"A page must be str or bytes, not {type(raw).__name__}.")
    _refuse_unreadable(text)
    return normalise_newlines(text)


def _refuse_unreadable(text: str) -> None:
    if not text.strip():
        raise InvalidInput("The page is empty; give a text or HTML page with an article.")
    if "\x00" in text:
        raise InvalidInput("The page looks binary (it contains NUL characters); give a text or HTML page.")
    sample = text[:_SNIFF_CHARS]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise InvalidInput("The page looks binary (too many control characters); give a text or HTML page.")


def normalise_newlines(text: str) -> str:
    """Any line ending (\\r\\n, \\r, \\n) becomes \\n so every later step sees one convention."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    """HTML if it starts with a tag or carries several structural tags near the top."""
    head = text[:_SNIFF_CHARS].lstrip()
    if re.match(r"<(?:!doctype html|html|\?xml)", head, re.IGNORECASE):
        return True
    tags = len(_HTML_TAG_RE.findall(head))
    return (tags >= _HTML_MIN_TAGS and head.startswith("<")) or tags >= _HTML_MANY_TAGS
