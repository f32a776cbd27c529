"""A client thread that streams moderators' verdicts to `POST /v1/feedback`: the load of the crash and fault tests.

Each sender posts verdict n until it is acknowledged (2xx), then n + 1: at-least-once delivery, as a CMS
would. What it records of a refusal or a lost connection is the subclass's business
(`tests/test_crash_safety.py` counts them, `tests/test_faults.py` checks every answer it got).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx

DECISIONS = ("approve", "review", "reject")


@dataclass
class VerdictSender:
    """One client: posts verdict n until acknowledged, then n + 1; records what was acknowledged."""

    base_url: str
    key: str
    name: str
    stop: threading.Event
    site: str
    acked: dict[str, str] = field(default_factory=dict)

    timeout: ClassVar[float] = 5.0  # seconds per request
    pause: ClassVar[float] = 0.02  # seconds before retrying a refused or lost verdict

    def run(self) -> None:
        n = 0
        with httpx.Client(base_url=self.base_url, timeout=self.timeout, headers={"X-API-Key": self.key}) as client:
            while not self.stop.is_set():
                comment_id = f"{self.name}-{n}"
                decision = DECISIONS[n % len(DECISIONS)]
                self.attempted()
                try:
                    response = client.post("/v1/feedback", json=self.verdict(comment_id, decision))
                except httpx.HTTPError as exc:
                    self.lost(comment_id, exc)
                    time.sleep(self.pause)
                    continue
                self.answered(response)
                if response.status_code in (200, 201):
                    self.acked[comment_id] = decision
                    n += 1
                    continue
                self.refused(comment_id, response)
                time.sleep(self.pause)

    def verdict(self, comment_id: str, decision: str) -> dict[str, Any]:
        return {"comment_id": comment_id, "text": self.text(comment_id), "decision": decision,
                "moderator_id": "mod-1", "site_id": self.site}

    def text(self, comment_id: str) -> str:
        return f"comment {comment_id}: you are wrong"

    def attempted(self) -> None:
        """Called before every request."""

    def answered(self, response: httpx.Response) -> None:
        """Called with every answer, acknowledged or not."""

    def lost(self, comment_id: str, exc: httpx.HTTPError) -> None:
        """The request got no answer (connection refused or dropped, timeout)."""

    def refused(self, comment_id: str, response: httpx.Response) -> None:
        """The answer was not a 2xx; the verdict is sent again."""
