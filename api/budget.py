"""What one request may cost: a size budget checked before any work, and a cancel point checked during it.

Why: scoring is CPU-bound Python in the worker that accepted the request, so one request of 1,000
comments of 20 KB with explanations (minutes of CPU), or one comment with a 5 MB article, used to
hold a worker while everyone else's single comment waited. The budget has three parts:

- `RequestBudget.check_*` refuses, with a 413 and the numbers, what would cost too much even without
  the optional work (too many bytes of comment text, too long a page), before scoring starts;
- optional work is bounded and the response says what was skipped: explanations only for the first
  `explain_max_comments` comments and `explain_max_bytes` bytes of text; article context from the
  first `article_max_chars` characters;
- `checkpoint()` is called between chunks of work: it raises `RequestCancelled` once the client has
  disconnected or the request's wall-clock deadline passed, so an abandoned request stops burning CPU.

The cancel token travels in a context variable (the thread pool copies the context), so the library's
scoring code never learns about HTTP.
"""

from __future__ import annotations

import contextvars
import threading
import time
from dataclasses import dataclass, field

from fastapi import HTTPException


class RequestCancelled(Exception):
    """The request's client went away or its deadline passed; the work stops at the next checkpoint."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class CancelToken:
    deadline: float
    seconds: float
    _cancelled: threading.Event = field(default_factory=threading.Event)
    reason: str | None = None

    def cancel(self, reason: str) -> None:
        self.reason = self.reason or reason
        self._cancelled.set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise RequestCancelled(self.reason or "cancelled")
        if time.monotonic() > self.deadline:
            self.cancel(f"the request ran past its {self.seconds:g} s budget")
            raise RequestCancelled(self.reason or "deadline")


_current: contextvars.ContextVar[CancelToken | None] = contextvars.ContextVar("cancel_token", default=None)


def start(seconds: float) -> CancelToken:
    token = CancelToken(deadline=time.monotonic() + seconds, seconds=seconds)
    _current.set(token)
    return token


def checkpoint() -> None:
    """Raise `RequestCancelled` if the current request was abandoned; a no-op outside a request."""
    token = _current.get()
    if token is not None:
        token.check()


@dataclass(frozen=True)
class RequestBudget:
    """The limits, from `Settings` (`MODERATION_BUDGET_*`); see docs/SECURITY.md for the measured costs."""

    text_max_bytes: int
    explain_max_comments: int
    explain_max_bytes: int
    article_max_chars: int
    page_max_chars: int
    seconds: float

    def check_comments(self, texts: list[str]) -> None:
        total = sum(len(t.encode("utf-8")) for t in texts)
        if total > self.text_max_bytes:
            raise HTTPException(
                413,
                f"The request carries {total} bytes of comment text; the per-request budget is "
                f"{self.text_max_bytes} bytes. Send the comments in several smaller requests.",
            )

    def check_page(self, chars: int) -> None:
        if chars > self.page_max_chars:
            raise HTTPException(
                413,
                f"The page is {chars} characters; the per-request budget for splitting a page is "
                f"{self.page_max_chars} characters. Send the article and its comments to "
                "/v1/comments:moderate instead.",
            )

    def explained(self, texts: list[str]) -> list[bool]:
        """Which comments get explanations: the first ones, in request order, while both limits hold."""
        out, used = [], 0
        for i, text in enumerate(texts):
            used += len(text.encode("utf-8"))
            out.append(i < self.explain_max_comments and used <= self.explain_max_bytes)
        return out

    def explain_note(self, skipped: int, total: int) -> str:
        return (
            f"explanations skipped for {skipped} of {total} comments: the per-request budget explains the "
            f"first {self.explain_max_comments} comments and at most {self.explain_max_bytes} bytes of "
            "text; send fewer comments per request to get all explanations"
        )

    def article(self, text: str) -> tuple[str, str | None]:
        """(the article text used as context, a note when it was cut)."""
        if len(text) <= self.article_max_chars:
            return text, None
        return text[: self.article_max_chars], (
            f"article context built from the first {self.article_max_chars} of {len(text)} characters "
            "(the per-request budget)"
        )
