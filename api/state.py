"""What one worker process holds: the loaded model with its policy, the feedback store, the API keys.

The model and the policy built from its thresholds travel together in one immutable `Loaded`
value that is swapped in a single assignment, so a request never sees a new model with an old
policy, and in-flight requests finish on the model they started with (no request is dropped on
reload). Each worker polls the `models/current` pointer, so a promotion (issue 6) reaches every
worker, not only the one that answered `POST /v1/admin/reload`.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from api.config import Settings
from api.lane import HeavyLane, LaneModerator
from api.observability import set_model
from api.ratelimit import TokenBuckets
from moderation.feedback import FeedbackStore
from moderation.keys import KeyRing
from moderation.policy import Policy, load_policy
from moderation.queue import QueueStore
from moderation.types import Label, Scores, Span

log = logging.getLogger("moderation.api")


class ModeratorLike(Protocol):
    """The part of `moderation.model.Moderator` the service uses (tests inject a small fake)."""

    @property
    def version(self) -> str: ...

    @property
    def labels(self) -> tuple[Label, ...]: ...

    @property
    def thresholds(self) -> Mapping[Label, float]: ...

    @property
    def card(self) -> Mapping[str, Any]: ...

    def score(self, texts: Sequence[str], *, explain: bool = False, context: Any = None) -> list[Scores]: ...

    def explain(self, text: str) -> Mapping[Label, tuple[Span, ...]]: ...


ModelLoader = Callable[[], ModeratorLike]


@dataclass(frozen=True)
class Loaded:
    moderator: ModeratorLike
    policy: Policy
    pointer: str | None


class ArticleCache:
    """Article contexts remembered by page_id / url (per worker, bounded, least recently used out)."""

    def __init__(self, capacity: int = 1000) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)


class ServiceState:
    def __init__(self, settings: Settings, loader: ModelLoader | None = None) -> None:
        self.settings = settings
        self._loader = loader or _default_loader(settings)
        self.loaded: Loaded | None = None
        self.load_error: str | None = None
        self.store = FeedbackStore(settings.database_url)
        self.keys = KeyRing.load(settings.api_keys_file)
        self.queue = QueueStore(self.store, settings.queue_retention_days)
        self.articles = ArticleCache()
        self.budget = settings.budget()
        self.lane = HeavyLane(settings.heavy_lane_nice) if settings.heavy_lane else None
        self.limiter = TokenBuckets(settings.rate_limit_per_second, settings.rate_limit_burst)
        self._reload_lock = threading.Lock()
        self._stop = threading.Event()
        self._last_attempt: str | None = None

    def start(self) -> None:
        if self.settings.load_in_background:
            threading.Thread(target=self._initial_load, name="model-load", daemon=True).start()
        else:
            self._initial_load()
        if self.settings.model_poll_seconds > 0 and self.settings.model_path is None:
            threading.Thread(target=self._poll, name="model-poll", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        if self.lane is not None:
            self.lane.stop()
        self.store.close()

    def heavy(self, loaded: Loaded) -> Loaded:
        """`loaded` with its scoring sent to the heavy lane (the same model and policy), if there is one."""
        if self.lane is None:
            return loaded
        return Loaded(LaneModerator(loaded.moderator, self.lane), loaded.policy, loaded.pointer)

    def reload(self) -> tuple[str | None, str]:
        """Load the current model (and re-read the policy) and swap them in; returns (old, new) versions."""
        with self._reload_lock:
            previous = self.loaded.moderator.version if self.loaded else None
            loaded = self._load()
            if self.lane is not None:
                self.lane.prepare(loaded.moderator)  # fork the helper now, before traffic
            self.loaded = loaded
            self.load_error = None
            set_model(loaded.moderator.version, previous)
            log.info("model %s loaded (was %s)", self.loaded.moderator.version, previous)
            return previous, self.loaded.moderator.version

    def _load(self) -> Loaded:
        pointer = self._pointer()
        self._last_attempt = pointer
        moderator = self._loader()
        policy = load_policy(self.settings.policy_file, moderator.thresholds)
        return Loaded(moderator, policy, pointer)

    def _initial_load(self) -> None:
        try:
            self.reload()
        except Exception as exc:  # noqa: BLE001 - any failure leaves the service up but not ready
            self.load_error = f"{type(exc).__name__}: {exc}"
            log.error("model not loaded: %s", self.load_error)
        try:
            self.store.ping()  # applies pending migrations now rather than on the first verdict
        except Exception as exc:  # noqa: BLE001 - /v1/feedback answers 503 until the database is back
            log.error("feedback database not ready: %s", exc)

    def _poll(self) -> None:
        while not self._stop.wait(self.settings.model_poll_seconds):
            pointer = self._pointer()
            if pointer is None or pointer == self._last_attempt:
                continue
            log.info("models/current now names %s; reloading", pointer)
            self._initial_load()

    def _pointer(self) -> str | None:
        try:
            return (self.settings.models_dir / "current").read_text(encoding="utf-8").strip() or None
        except OSError:
            return None


WARM_UP_TEXT = "Warm-up: is this comment civil? I think you're wrong, according to the report."


def _default_loader(settings: Settings) -> ModelLoader:
    def load() -> ModeratorLike:
        from moderation.model import Moderator

        moderator = Moderator.load(settings.model_path)
        # The first score loads lazy resources (sentence splitter, lexicons): seconds, not milliseconds.
        # Pay that here, so /readyz says ready only when requests are fast and the model can score at all.
        moderator.score([WARM_UP_TEXT], explain=True)
        return moderator

    return load
