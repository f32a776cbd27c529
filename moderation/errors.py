"""Typed exceptions, so callers (CLI, API) can map each to a clear message without parsing text.

Every message is a full sentence that says what went wrong and what to do about it.
"""

from __future__ import annotations


class ModerationError(Exception):
    """Base class for every error this library raises on purpose."""


class InvalidInput(ModerationError, ValueError):
    """The caller gave us something we cannot use (empty, binary, not UTF-8, malformed rows...)."""


class ArtifactError(ModerationError):
    """A model artifact is missing, corrupt, tampered with, or incompatible with this installation."""


class DataUnavailable(ModerationError):
    """A corpus needed for training or evaluation is not where the configuration says it is."""
