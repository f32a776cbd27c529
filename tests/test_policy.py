"""Per-site policy: artifact thresholds by default, TOML overrides per site, Coral-style word lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderation.config import PROJECT_ROOT
from moderation.errors import InvalidInput
from moderation.policy import Policy, WordList, load_policy
from moderation.types import ALL_LABELS, Decision, Label, Scores

THRESHOLDS = {label: 0.5 for label in ALL_LABELS} | {Label.INCIVILITY: 0.35}


def scores(**probabilities: float) -> Scores:
    base = {label: 0.01 for label in ALL_LABELS}
    return Scores(base | {Label(k): v for k, v in probabilities.items()})


def decide(policy: Policy, text: str = "a comment", site: str | None = None, **p: float):
    verdict = policy.verdict(scores(**p), text, model_version="m", comment_id="c", site_id=site)
    return verdict.decision, verdict.reasons


@pytest.mark.parametrize(
    ("probabilities", "decision"),
    [
        ({}, Decision.APPROVE),
        ({"incivility": 0.34}, Decision.APPROVE),
        ({"incivility": 0.35}, Decision.REVIEW),
        ({"incivility": 0.9}, Decision.REJECT),
        ({"mockery": 0.99}, Decision.REVIEW),
        ({"unsupported_claim": 0.99}, Decision.REVIEW),
        ({"claim_fact": 0.99}, Decision.APPROVE),
        ({"threat": 0.95, "unsupported_claim": 0.6}, Decision.REJECT),
    ],
    ids=[
        "clean",
        "below-review",
        "at-review",
        "at-reject",
        "mockery-reviews-only",
        "claims-review-only",
        "claim-types-never-act",
        "reject-wins",
    ],
)
def test_default_policy_comes_from_the_artifact_thresholds(probabilities, decision):
    assert decide(Policy.from_thresholds(THRESHOLDS), **probabilities)[0] == decision


def test_reasons_name_every_rule_that_fired_strongest_first():
    _, reasons = decide(Policy.from_thresholds(THRESHOLDS), threat=0.95, unsupported_claim=0.6)
    assert reasons == (
        "threat 0.95 >= reject threshold 0.90",
        "unsupported_claim 0.60 >= review threshold 0.50",
    )


def test_reject_threshold_never_below_review_threshold():
    policy = Policy.from_thresholds({label: 0.95 for label in ALL_LABELS})
    assert policy.default.reject[Label.INSULT] == 0.95
    assert decide(policy, insult=0.94)[0] == Decision.APPROVE


def test_example_policy_file_loads_and_sites_inherit_defaults():
    policy = Policy.from_file(PROJECT_ROOT / "config" / "policy.example.toml", THRESHOLDS)
    daily = policy.for_site("example-daily")
    assert policy.default.reject[Label.THREAT] == 0.8
    assert daily.reject[Label.THREAT] == 0.8
    assert daily.review[Label.INCIVILITY] == 0.4 and policy.default.review[Label.INCIVILITY] == 0.35
    assert policy.for_site("unknown-site") is policy.default
    assert decide(policy, "You are a shill", site="example-daily")[0] == Decision.REVIEW
    assert decide(policy, "You are a shill")[0] == Decision.APPROVE


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Kill Yourself now", ("kill yourself",)),
        ("killyourself", ()),
        ("a SHILL, a shill!", ("shill",)),
        ("shilling for them", ()),
        ("", ()),
    ],
    ids=["phrase-case-insensitive", "no-partial-phrase", "dedup", "whole-words-only", "empty"],
)
def test_word_lists_match_whole_words_case_insensitively(text, found):
    words = WordList.of(["kill yourself", "Shill", " ", ""])
    assert words.find(text) == found


def test_banned_word_rejects_and_suspect_word_reviews(tmp_path: Path):
    path = tmp_path / "policy.toml"
    path.write_text('[default]\nbanned_words = ["scum"]\nsuspect_words = ["traitor"]\n')
    policy = load_policy(path, THRESHOLDS)
    assert decide(policy, "You scum") == (Decision.REJECT, ("banned word: scum",))
    assert decide(policy, "Traitor!") == (Decision.REVIEW, ("suspect word: traitor",))


def test_sites_can_change_which_labels_act(tmp_path: Path):
    path = tmp_path / "policy.toml"
    path.write_text('[sites.lenient]\nreview_labels = ["threat"]\nreject_labels = []\n')
    policy = load_policy(path, THRESHOLDS)
    assert decide(policy, site="lenient", insult=0.99)[0] == Decision.APPROVE
    assert decide(policy, site="lenient", threat=0.99)[0] == Decision.REVIEW


def test_no_policy_file_means_artifact_defaults():
    assert load_policy(None, THRESHOLDS).default.review[Label.INCIVILITY] == 0.35


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[default\n", "not valid TOML"),
        ("[default.review]\nincivility = 1.5\n", "between 0 and 1"),
        ("[default.review]\nincivility = true\n", "between 0 and 1"),
        ("[default.review]\nrudeness = 0.5\n", "Unknown label"),
        ('[default]\nbanned_words = "scum"\n', "list of strings"),
        ("[default]\nthreshold = 0.5\n", "Unknown policy settings"),
        ("[site.x]\n", "unknown top-level"),
        ("sites = 3\n", "must be a table"),
    ],
    ids=[
        "syntax",
        "out-of-range",
        "bool",
        "unknown-label",
        "words-not-list",
        "unknown-setting",
        "typo-table",
        "sites-not-table",
    ],
)
def test_bad_policy_files_raise_invalid_input_with_a_sentence(tmp_path: Path, toml, message):
    path = tmp_path / "policy.toml"
    path.write_text(toml)
    with pytest.raises(InvalidInput, match=message):
        Policy.from_file(path, THRESHOLDS)


def test_missing_policy_file_is_invalid_input(tmp_path: Path):
    with pytest.raises(InvalidInput, match="does not exist"):
        Policy.from_file(tmp_path / "nope.toml", THRESHOLDS)


@pytest.mark.parametrize(
    "text", ["k1ll y0urself", "KILL   yourself", "k.i.l.l yourself"], ids=["leet", "spaces-case", "dotted"]
)
def test_word_lists_see_through_obfuscation(text):
    pytest.importorskip("moderation.text")
    assert WordList.of(["kill yourself"]).find(text) == ("kill yourself",)
