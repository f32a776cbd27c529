"""Comment containers found by structure, for markup no selector list knows (hashed CSS class names).

A comment section is a run of sibling blocks built from one template: each holds a short name (the
author), a time stamp, some prose and usually a button row (Reply, Like). One post-order pass gives
every element the set of those signals found in its subtree; siblings are then grouped by their
template (tag, itemtype and a similar set of classes: "comment even depth-1" and "comment odd
bypostauthor depth-1" are one template once state, parity, depth and author tokens are dropped) and
the largest group whose members carry all the signals is the comment list. Both passes visit each
node once, so the cost is linear in the page size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from moderation.page import html_patterns as hp
from moderation.page import patterns as pt
from moderation.page.lines import Kind, classify, has_action_word, is_name_like

NAME, TIME, PROSE, WIDGET = 1, 2, 4, 8
_REQUIRED = NAME | TIME | PROSE
_ROLE_ITEMS = frozenset({"comment", "article", "listitem"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "nav", "form", "-comment"})


_RECENT_GROUPS = 16
_STATE_CLASS_RE = re.compile(rf"\A{hp.ITEM_STATE_CLASS_RE}|[-_]\d+\Z", re.IGNORECASE)


@dataclass(frozen=True)
class _Template:
    tag: str
    itemtype: str
    classes: frozenset[str]

    def matches(self, other: _Template) -> bool:
        if (self.tag, self.itemtype) != (other.tag, other.itemtype):
            return False
        union = self.classes | other.classes
        return not union or len(self.classes & other.classes) / len(union) >= hp.ITEM_CLASS_SIMILARITY


@dataclass(frozen=True)
class _Group:
    members: tuple[LexborNode, ...]
    signature: _Template


def text_signals(text: str) -> int:
    """Which comment signals one piece of visible text carries."""
    text = " ".join(text.split())
    if not text:
        return 0
    if len(text) > pt.MAX_META_LINE_CHARS:
        return PROSE
    line = classify(text, gap_before=True)
    if line.kind is Kind.HEADER:
        return NAME | TIME if line.author else TIME
    if line.kind is Kind.TIME:
        return TIME
    if line.kind is Kind.WIDGET:
        return WIDGET if has_action_word(text) else 0
    if line.kind is not Kind.TEXT:
        return 0
    if is_name_like(text) and len(text.split()) <= 3:
        return NAME
    return PROSE if len(text.split()) >= 2 or text.endswith((".", "!", "?")) else 0


def _signature(node: LexborNode) -> _Template:
    attributes = node.attributes
    classes = frozenset(
        token.lower() for token in (attributes.get("class") or "").split() if not _STATE_CLASS_RE.search(token)
    )
    return _Template(node.tag or "", attributes.get("itemtype") or "", classes)


def _by_template(nodes: list[LexborNode]) -> list[tuple[_Template, list[LexborNode]]]:
    """Nodes grouped by similar templates (each group keyed by its first member's template).

    An exact template is found by lookup; a near one among the most recent groups only, so that a
    page of thousands of distinct siblings stays linear.
    """
    groups: list[tuple[_Template, list[LexborNode]]] = []
    exact: dict[_Template, list[LexborNode]] = {}
    for node in nodes:
        template = _signature(node)
        group = exact.get(template)
        if group is None:
            recent = groups[-_RECENT_GROUPS:]
            group = next((members for key, members in reversed(recent) if key.matches(template)), None)
        if group is None:
            group = []
            groups.append((template, group))
        exact[template] = group
        group.append(node)
    return groups


def signal_masks(root: LexborNode) -> tuple[dict[int, int], dict[int, int]]:
    """Every element's signals, in one iterative post-order pass: over its whole subtree, and over its
    subtree without the children that carry all of them (nested replies), i.e. where they meet."""
    masks: dict[int, int] = {}
    meets: dict[int, int] = {}
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            mask = meet = TIME if node.tag == "time" else 0
            for child in node.iter(include_text=True):
                if child.is_text_node:
                    signals = text_signals(child.text_content or "")
                    mask, meet = mask | signals, meet | signals
                else:
                    signals = masks.get(child.mem_id, 0)
                    mask |= signals
                    meet |= signals if signals & _REQUIRED != _REQUIRED else 0
            masks[node.mem_id] = mask
            meets[node.mem_id] = meet
            continue
        if node.tag in _SKIP_TAGS:
            masks[node.mem_id] = meets[node.mem_id] = 0
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in node.iter(include_text=False))
    return masks, meets


def find_repeated_items(root: LexborNode, *, named_section: bool = False) -> list[LexborNode]:
    """The comment containers of the page's largest templated run of comment-like blocks, in page order.

    Replies nested inside a comment share its template, so every element with the winning signature
    (not only the siblings that revealed it) is returned; `html_comments.outermost` tells them apart.
    `named_section`: `root` is an element named as the comment section, where a run of blocks with a
    name, a time and prose is comments even without a Reply button (no story rail is named so).
    """
    masks, meets = signal_masks(root)
    best: _Group | None = None
    for parent_id, children in _children_by_parent(root, masks).items():
        del parent_id
        for signature, members in _by_template(children):
            group = _qualify(members, signature, masks, named_section=named_section)
            if group is not None and (best is None or len(group.members) > len(best.members)):
                best = group
    if best is None:
        best = _largest_meeting_group(root, masks, meets, named_section=named_section)
    if best is None:
        return []
    return [node for node in root.traverse() if best.signature.matches(_signature(node)) and _is_item(node, masks)]


def _largest_meeting_group(
    root: LexborNode, masks: dict[int, int], meets: dict[int, int], *, named_section: bool = False
) -> _Group | None:
    """No run of siblings (one comment with a chain of single replies): elements of one template
    anywhere on the page where a name, a time and prose meet (not merely wrap a nested comment)."""
    meeting = [node for node in root.traverse() if meets.get(node.mem_id, 0) & _REQUIRED == _REQUIRED]
    best: _Group | None = None
    for signature, members in _by_template(meeting):
        group = _qualify(members, signature, masks, named_section=named_section)
        if group is not None and (best is None or len(group.members) > len(best.members)):
            best = group
    return best


def _children_by_parent(root: LexborNode, masks: dict[int, int]) -> dict[int, list[LexborNode]]:
    found: dict[int, list[LexborNode]] = {}
    for node in root.traverse():
        if masks.get(node.mem_id, 0) & _REQUIRED == _REQUIRED:
            children = [child for child in node.iter(include_text=False) if masks.get(child.mem_id, 0)]
            if len(children) >= pt.HTML_MIN_REPEATED_ITEMS:
                found[node.mem_id] = children
    return found


def _qualify(
    members: list[LexborNode], signature: _Template, masks: dict[int, int], *, named_section: bool = False
) -> _Group | None:
    items = [node for node in members if _is_item(node, masks)]
    if len(items) < pt.HTML_MIN_REPEATED_ITEMS or len(items) < pt.HTML_REPEATED_SHARE * len(members):
        return None
    with_buttons = sum(1 for node in items if masks[node.mem_id] & WIDGET)
    role = (members[0].attributes.get("role") or "").lower()
    if with_buttons < pt.HTML_REPEATED_SHARE * len(items) and role not in _ROLE_ITEMS and not named_section:
        return None  # cards of related stories also show a title, a date and a teaser, but no Reply
    return _Group(tuple(items), signature)


def _is_item(node: LexborNode, masks: dict[int, int]) -> bool:
    return masks.get(node.mem_id, 0) & _REQUIRED == _REQUIRED
