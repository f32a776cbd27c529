"""Per-site moderation policy: turn a comment's Scores into a Verdict a newsroom can act on.

Why a separate layer: the model's probabilities are calibrated once, but each newsroom draws its own
lines (what is rejected outright, what a human looks at, which words are never allowed). The model
artifact supplies the default review threshold per label (chosen on validation data); a policy file
(TOML) overrides thresholds, the labels that act, and Coral-style banned / suspect word lists per
site. Sites inherit every setting they do not override from the `[default]` table.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from moderation.errors import InvalidInput
from moderation.threats import ThreatRules
from moderation.types import Decision, Label, Scores, Verdict

# Labels that may reject a comment on their own; the others only send it to a human.
DEFAULT_REJECT_LABELS: tuple[Label, ...] = (
    Label.INCIVILITY,
    Label.INSULT,
    Label.PROFANITY,
    Label.IDENTITY_ATTACK,
    Label.THREAT,
)
DEFAULT_REVIEW_LABELS: tuple[Label, ...] = (*DEFAULT_REJECT_LABELS, Label.MOCKERY, Label.UNSUPPORTED_CLAIM)
DEFAULT_REJECT_PROBABILITY = 0.9
DEFAULT_REVIEW_PROBABILITY = 0.5
CORAL_STATUSES = ("NONE", "PREMOD", "SYSTEM_WITHHELD")
CORAL_FLAG_REASONS = (
    "COMMENT_DETECTED_TOXIC",
    "COMMENT_DETECTED_SPAM",
    "COMMENT_DETECTED_BANNED_WORD",
    "COMMENT_DETECTED_SUSPECT_WORD",
    "COMMENT_DETECTED_LINKS",
    "COMMENT_REPORTED_OTHER",
)
"""Flag reasons Coral's external-phase validator accepts (its `GQLCOMMENT_FLAG_REASON` enum, the subset
that fits a model's finding); Coral has no reason for an unsupported claim, so it gets `..._OTHER`
with the finding in `additionalDetails`, unless a site names another."""
_SITE_KEYS = {
    "coral",
    "review_labels",
    "reject_labels",
    "review",
    "reject",
    "banned_words",
    "suspect_words",
    "threat_phrases",
}


_THREATS = ThreatRules("en")


@dataclass(frozen=True)
class WordList:
    """Whole-word, case-insensitive phrases compiled into one regex (as Coral's banned/suspect lists)."""

    words: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, words: Iterable[str]) -> WordList:
        cleaned = tuple(sorted({w.strip().casefold() for w in words if w and w.strip()}))
        if not cleaned:
            return cls()
        alternatives = "|".join(
            r"\s+".join(re.escape(part) for part in w.split()) for w in sorted(cleaned, key=len, reverse=True)
        )
        return cls(cleaned, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE))

    def find(self, text: str) -> tuple[str, ...]:
        """Listed words in the text as written or after undoing obfuscation ("k1ll y0urself")."""
        if self.pattern is None:
            return ()
        found = [" ".join(m.group(0).casefold().split()) for m in self.pattern.finditer(text)]
        found += [" ".join(m.group(0).casefold().split()) for m in self.pattern.finditer(_normalise(text))]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Trigger:
    """One rule that fired: a word list hit, or a label at or above one of its thresholds."""

    rule: str
    subject: str
    decision: Decision
    probability: float | None = None
    threshold: float | None = None

    def __str__(self) -> str:
        if self.rule == "threshold":
            kind = "reject" if self.decision == Decision.REJECT else "review"
            return f"{self.subject} {self.probability:.2f} >= {kind} threshold {self.threshold:.2f}"
        return f"{self.rule.replace('_', ' ')}: {self.subject}"


@dataclass(frozen=True)
class CoralSettings:
    """How a site's review decisions reach Coral: a FLAG per reason (`reasons`: label -> Coral flag
    reason; incivility labels default to `COMMENT_DETECTED_TOXIC`, `unsupported_claim` to
    `COMMENT_REPORTED_OTHER`) and the status that holds the comment (`review_status`: `PREMOD`, the
    pre-moderation queue, by default; `NONE` publishes it and only reports it)."""

    review_status: str = "PREMOD"
    reasons: Mapping[str, str] = field(default_factory=lambda: {"unsupported_claim": "COMMENT_REPORTED_OTHER"})

    def reason_for(self, subject: str) -> str | None:
        return self.reasons.get(subject)


@dataclass(frozen=True)
class SitePolicy:
    """The lines one site draws: per-label review and reject thresholds, its word lists, and whether an
    explicit threat phrase ("I know where you live", "someone should put a bullet in...") goes to review
    whatever the model scores (`threat_phrases`; see `moderation.threats` for why)."""

    review: Mapping[Label, float]
    reject: Mapping[Label, float]
    review_labels: tuple[Label, ...] = DEFAULT_REVIEW_LABELS
    reject_labels: tuple[Label, ...] = DEFAULT_REJECT_LABELS
    banned_words: WordList = WordList()
    suspect_words: WordList = WordList()
    threat_phrases: bool = True
    coral: CoralSettings = CoralSettings()

    def triggers(self, scores: Scores, text: str) -> tuple[Trigger, ...]:
        """Every rule that fires on this comment, rejecting rules first."""
        fired = [Trigger("banned_word", w, Decision.REJECT) for w in self.banned_words.find(text)]
        fired += [Trigger("suspect_word", w, Decision.REVIEW) for w in self.suspect_words.find(text)]
        if self.threat_phrases:
            fired += [Trigger("threat_phrase", p, Decision.REVIEW) for p in _THREATS.phrases(text)]
        for label in dict.fromkeys((*self.reject_labels, *self.review_labels)):
            p = scores.probabilities.get(label)
            if p is None:
                continue
            if label in self.reject_labels and p >= self.reject[label]:
                fired.append(Trigger("threshold", label.value, Decision.REJECT, p, self.reject[label]))
            elif label in self.review_labels and p >= self.review[label]:
                fired.append(Trigger("threshold", label.value, Decision.REVIEW, p, self.review[label]))
        return tuple(sorted(fired, key=lambda t: t.decision != Decision.REJECT))

    def decide(self, scores: Scores, text: str) -> tuple[Decision, tuple[str, ...]]:
        """Reject beats review beats approve; every rule that fired is reported, strongest first."""
        fired = self.triggers(scores, text)
        if not fired:
            return Decision.APPROVE, ()
        return fired[0].decision, tuple(str(t) for t in fired)


@dataclass(frozen=True)
class Policy:
    """Every site's policy; unknown sites get the default one."""

    default: SitePolicy
    sites: Mapping[str, SitePolicy] = field(default_factory=dict)

    def for_site(self, site_id: str | None) -> SitePolicy:
        return self.sites.get(site_id or "", self.default)

    def verdict(
        self,
        scores: Scores,
        text: str,
        *,
        model_version: str,
        comment_id: str | None = None,
        site_id: str | None = None,
    ) -> Verdict:
        decision, reasons = self.for_site(site_id).decide(scores, text)
        return Verdict(comment_id, decision, reasons, scores, model_version)

    @classmethod
    def from_thresholds(cls, thresholds: Mapping[Label, float]) -> Policy:
        """The policy a site gets with no policy file: the artifact's thresholds decide review."""
        return cls(default=_default_site(thresholds))

    @classmethod
    def from_file(cls, path: Path, thresholds: Mapping[Label, float]) -> Policy:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InvalidInput(f"Policy file {path} does not exist; fix MODERATION_POLICY_FILE.") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"Policy file {path} is not valid TOML ({exc}); fix its syntax.") from None
        return cls.from_mapping(data, thresholds, source=str(path))

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], thresholds: Mapping[Label, float], *, source: str = "policy"
    ) -> Policy:
        unknown = set(data) - {"default", "sites"}
        if unknown:
            raise InvalidInput(
                f"{source}: unknown top-level tables {sorted(unknown)}; use [default] and [sites.*]."
            )
        default = _apply(_default_site(thresholds), _table(data.get("default", {}), f"{source} [default]"))
        sites_table = _table(data.get("sites", {}), f"{source} [sites]")
        sites = {
            str(name): _apply(default, _table(table, f"{source} [sites.{name}]"))
            for name, table in sites_table.items()
        }
        return cls(default=default, sites=sites)


def _normalise(text: str) -> str:
    """The same obfuscation-undoing normalisation every model head sees (identity if unavailable)."""
    try:
        from moderation.text import normalise
    except ImportError:
        return text
    return normalise(text)


def load_policy(path: Path | None, thresholds: Mapping[Label, float]) -> Policy:
    """The policy file when one is configured, otherwise the artifact's thresholds."""
    return Policy.from_file(path, thresholds) if path else Policy.from_thresholds(thresholds)


def _default_site(thresholds: Mapping[Label, float]) -> SitePolicy:
    review = {label: float(thresholds.get(label, DEFAULT_REVIEW_PROBABILITY)) for label in Label}
    reject = {label: max(DEFAULT_REJECT_PROBABILITY, review[label]) for label in Label}
    return SitePolicy(review=review, reject=reject)


def _apply(base: SitePolicy, table: Mapping[str, Any]) -> SitePolicy:
    """`base` with the settings `table` gives; the rest is inherited."""
    unknown = set(table) - _SITE_KEYS
    if unknown:
        raise InvalidInput(f"Unknown policy settings {sorted(unknown)}; allowed: {sorted(_SITE_KEYS)}.")
    changes: dict[str, Any] = {}
    for key in ("review", "reject"):
        if key in table:
            changes[key] = {**getattr(base, key), **_thresholds(table[key], key)}
    for key in ("review_labels", "reject_labels"):
        if key in table:
            changes[key] = tuple(_label(name) for name in _strings(table[key], key))
    for key in ("banned_words", "suspect_words"):
        if key in table:
            changes[key] = WordList.of(_strings(table[key], key))
    if "threat_phrases" in table:
        if not isinstance(table["threat_phrases"], bool):
            raise InvalidInput("Policy setting 'threat_phrases' must be true or false.")
        changes["threat_phrases"] = table["threat_phrases"]
    if "coral" in table:
        changes["coral"] = _coral(base.coral, _table(table["coral"], "coral"))
    return replace(base, **changes)


def _coral(base: CoralSettings, table: Mapping[str, Any]) -> CoralSettings:
    """`[sites.X.coral]`: `review_status = "PREMOD" | "NONE" | "SYSTEM_WITHHELD"`, and per label the
    Coral flag reason its review trigger sends (`unsupported_claim = "COMMENT_REPORTED_OTHER"`)."""
    status = table.get("review_status", base.review_status)
    if status not in CORAL_STATUSES:
        raise InvalidInput(f"Policy coral.review_status must be one of {list(CORAL_STATUSES)}, got {status!r}.")
    reasons = dict(base.reasons)
    for name, reason in table.items():
        if name == "review_status":
            continue
        if reason not in CORAL_FLAG_REASONS:
            raise InvalidInput(f"Policy coral.{name} must be a Coral flag reason {list(CORAL_FLAG_REASONS)}, "
                               f"got {reason!r}.")
        reasons[_label(name).value] = reason
    return CoralSettings(review_status=status, reasons=reasons)


def _thresholds(value: Any, key: str) -> dict[Label, float]:
    out: dict[Label, float] = {}
    for name, threshold in _table(value, key).items():
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
            raise InvalidInput(
                f"Policy {key}.{name} must be a probability between 0 and 1, got {threshold!r}."
            )
        out[_label(name)] = float(threshold)
    return out


def _label(name: str) -> Label:
    try:
        return Label(str(name).lower())
    except ValueError:
        raise InvalidInput(
            f"Unknown label {name!r} in the policy; use one of {[label.value for label in Label]}."
        ) from None


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidInput(f"{where} must be a table, got {type(value).__name__}.")
    return value


def _strings(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"Policy setting {key} must be a list of strings.")
    return value
