"""Keep deeply nested markup from costing minutes: elements below a fixed depth are flattened.

HTML parsers (lexbor, lxml) slow down sharply with nesting depth: a 1.1 MB page of 100,000 nested
`<div>`s took about a minute, blocking a worker. No real article or comment thread nests anywhere
near `MAX_DEPTH` elements, so before any parse one linear scan over the tags drops the start and end
tags of elements deeper than that. Their text stays where it was (no words are lost); only the
structure below the limit is gone, and the page gets a warning saying so.
"""

from __future__ import annotations

import re

MAX_DEPTH = 400
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})\b[^<>]{0,4000}?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "frame",
        "keygen",
    ]
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noscript", "template"})


def flatten_deep_nesting(html: str, max_depth: int = MAX_DEPTH) -> tuple[str, int]:
    """(html, deepest nesting seen) with tags below `max_depth` removed when the page nests deeper.

    The depth is counted from start and end tags as written (void and self-closing tags do not
    nest), so unclosed markup counts as nested, which is how a parser builds it.
    """
    if html.count("<") <= max_depth:
        return html, 0
    depth = deepest = 0
    pieces: list[str] = []
    last = 0
    for match in _TAG_RE.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            drop = depth > max_depth
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
            drop = depth > max_depth and name not in _RAW_TEXT
        if drop:
            pieces.append(html[last : match.start()])
            pieces.append(" ")
            last = match.end()
    if deepest <= max_depth:
        return html, deepest
    pieces.append(html[last:])
    return "".join(pieces), deepest
