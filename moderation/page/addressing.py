"""Whom a comment answers, when a text dump has lost the thread's indentation.

A flat dump keeps only what readers and comment systems *write*: "@Stephane", "Hey Jane", "Jane a
répondu le ...", a cited "Jane: Oct. 9, 2010 - 7:56 AM" line. Readers misspell and shorten the
names they answer ("@ stephane" for "Stephane-Chalangeas"), so a name is matched to the earlier
comment authors loosely: same words after folding case and punctuation, a leading part of the
name, or a near spelling. Only names of authors already seen count, so a salutation to someone who
has not commented links nothing.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import islice

from moderation.page import vocabulary as vocab

_NAME_CHARS_RE = re.compile(r"[\W_]+")
_MIN_PREFIX_CHARS = 4  # "stephane" names "Stephane-Chalangeas"; "jo" names nobody
_NEAR_SPELLING = 0.85
_MAX_NAME_WORDS = 3
_RECENT_AUTHORS = 200  # loose matching looks this far back, so a 10,000-comment page stays linear
_SALUTATION = r"(?:" + "|".join(vocab.union("salutations")) + r")[ ,]+@?"
_SALUTATION_RE = re.compile(_SALUTATION + r"\S", re.IGNORECASE)
_LEAD_RE = re.compile(
    r"\A(?:@ ?|" + _SALUTATION + r")(?P<name>[^\s,:;!?]{1,40}(?: [^\s,:;!?]{1,40}){0,2})",
    re.IGNORECASE,
)


def is_salutation(line: str) -> bool:
    """ "Hey Dread-neck", "Hallo Jana": the opening of a reader's reply, not a name line."""
    return bool(_SALUTATION_RE.match(line.strip()))


def fold(name: str) -> str:
    """ "Stephane-Chalangeas" -> "stephane chalangeas": the comparable form of a display name."""
    return _NAME_CHARS_RE.sub(" ", name.casefold()).strip()


class AuthorIndex:
    """The latest comment id of every author seen so far, found by a loosely written name."""

    def __init__(self) -> None:
        self._latest: dict[str, str] = {}

    def add(self, author: str, comment_id: str) -> None:
        folded = fold(author)
        if folded:
            self._latest.pop(folded, None)
            self._latest[folded] = comment_id  # insertion order = recency, for ties below

    def latest(self, name: str) -> str | None:
        """The latest comment by the author `name` designates, or None when nobody fits well enough."""
        wanted = fold(name)
        if not wanted:
            return None
        if wanted in self._latest:
            return self._latest[wanted]
        best: tuple[float, str] | None = None
        for known, comment_id in islice(reversed(self._latest.items()), _RECENT_AUTHORS):
            if len(wanted) >= _MIN_PREFIX_CHARS and (
                known.startswith(wanted + " ") or wanted.startswith(known + " ")
            ):
                return comment_id
            ratio = SequenceMatcher(None, wanted, known).ratio()
            if ratio >= _NEAR_SPELLING and (best is None or ratio > best[0]):
                best = (ratio, comment_id)
        return best[1] if best else None

    def addressed(self, first_paragraph: str) -> str | None:
        """The comment answered by an opening "@Name" or "Hey Name", trying the longest name first."""
        lead = _LEAD_RE.match(first_paragraph.strip())
        if lead is None:
            return None
        words = lead.group("name").split()[:_MAX_NAME_WORDS]
        for n in range(len(words), 0, -1):
            found = self.latest(" ".join(words[:n]).rstrip(",:.-"))
            if found is not None:
                return found
        return None
