"""Golden behaviour of the bundled model's claims component, cases a moderator would judge.

These use the real bundled model (`models/current`) and loose bounds. The pairs are written for the
purpose (never taken from a corpus): the same assertion bare, and with a source, figures, a reason
or a personal experience. `bench/claims_behaviour.py` prints the README table from the same cases.
"""

from __future__ import annotations

import pytest
from conftest import SEEDS_DIR

from moderation.model import Moderator, get_moderator
from moderation.types import Label

BARE_VS_SOURCED: list[tuple[str, str]] = [
    ("Measles cases reached 1,274 last year.",
     "Per the CDC's published data, measles cases reached 1,274 last year."),
    ("Chinese citizens are fighting for Russia in large numbers.",
     "According to the SBU, Chinese citizens are fighting for Russia in large numbers."),
    ("The new bridge cost twice what the city promised.",
     "The city's own audit, published in March, shows the new bridge cost twice what was promised."),
    ("Crime in the downtown core has gone up.",
     "Police statistics released last week show crime in the downtown core went up 12 percent."),
    ("The minimum wage increase killed jobs in this province.",
     "A study by the provincial labour office found the minimum wage increase cut 4,000 jobs."),
    ("Most voters oppose the pipeline.",
     "A Nanos poll of 1,000 voters found 58 percent oppose the pipeline."),
    ("The school board wasted money on consultants.",
     "The board's annual report lists $2.3 million paid to consultants, which is money wasted."),
    ("Electric cars are cheaper to run than gas cars.",
     "Electric cars are cheaper to run: I drove one for two years and my fuel costs fell by half."),
    ("The hospital's wait times are the worst in the country.",
     "According to the CIHI report, the hospital's wait times are the worst in the country."),
    ("Rents in this city doubled in ten years.",
     "Rents doubled in ten years, according to CMHC rental market data."),
    ("The mayor lied about the budget.",
     "The mayor lied about the budget: the council minutes from May 3 show he saw the deficit figures."),
    ("This policy will hurt small businesses.",
     "This policy will hurt small businesses because they cannot absorb a 20 percent tax increase."),
    ("Vaccines are safe.",
     "Vaccines are safe, as large studies of millions of children have shown."),
    ("The river is more polluted than ever.",
     "Provincial water testing reported in the Star found record E. coli levels in the river."),
    ("Immigrants commit more crimes.",
     "Statistics Canada data show immigrants are less likely to be charged with crimes, not more."),
    ("The transit line is always late.",
     "I ride the transit line every day and it was late four mornings out of five last week."),
    ("The company paid no taxes last year.",
     "The company's annual filing shows it paid no federal income tax last year."),
    ("The election was stolen.",
     "Reuters reported that the electoral commission found irregularities in three districts."),
    ("Unemployment is at a record low.",
     "The Labour Force Survey released on Friday puts unemployment at 4.9 percent, a record low."),
    ("The new law bans protests near hospitals.",
     "Section 3 of the new law (Bill 12) bans protests within 50 metres of hospitals."),
    ("Housing starts collapsed this year.",
     "Housing starts fell 30 percent this year, according to figures from the national housing agency."),
    ("The senator voted against the bill.",
     "The senate voting record at senate.gov shows the senator voted against the bill."),
]

NOT_CLAIMS: list[str] = [
    "Thanks for the careful reporting on this.",
    "Great photos, thank you.",
    "Hello everyone.",
    "Good morning from Halifax!",
    "Why did the council vote this way?",
    "What an idiot.",
    "You are a moron.",
    "Who paid for the report?",
    "Thank you for writing this.",
    "lol",
]
CLEAR_UNSUPPORTED = [
    "The vaccine rollout was a deliberate scam by the government to control people.",
    "Everyone knows the election was rigged by the media.",
]


@pytest.fixture(scope="module")
def moderator() -> Moderator:
    """The bundled model; these cases are the issue-15 contract, so they need its claims component
    (`moderation train-claims` writes one). An older bundled component is skipped with that reason,
    never silently: its measured failures are what issue 15 reports."""
    from moderation.claims.encoded import EncodedClaimComponent

    bundled = get_moderator()
    if not isinstance(bundled.components.get("claims"), EncodedClaimComponent):
        pytest.skip(f"bundled {bundled.version} has the pre-issue-15 claims component; bundle the one "
                    "`moderation train-claims` writes (e.g. moderator-20261202-e77722dc) to run these")
    return bundled


def _unsupported(moderator: Moderator, texts: list[str]) -> list[float]:
    return [s[Label.UNSUPPORTED_CLAIM] for s in moderator.score(texts)]


KNOWN_PAIR_MISSES = {16: "0.19 vs 0.17", 17: "0.53 vs 0.48"}
"""Pairs the bundled model (moderator-20261203-0c06c2ef) gets wrong, sourced vs bare as measured, with the claim
judged without its attribution (`claims/attribution.py`). In both the sourced sentence asserts more than
the bare one ("federal income tax" for "taxes"; irregularities found by a commission for "the election was
stolen"), and the type head reads it as `fact`; the self-support head gives these sources only 0.2-0.35.
Strict: a model that fixes one makes its test fail until the entry is removed."""


def _pair(i: int, bare: str, sourced: str) -> object:
    if i not in KNOWN_PAIR_MISSES:
        return pytest.param(bare, sourced, id=f"pair{i:02d}")
    return pytest.param(bare, sourced, id=f"pair{i:02d}", marks=pytest.mark.xfail(
        strict=True, reason=f"known miss of the bundled model: sourced vs bare {KNOWN_PAIR_MISSES[i]}"))


@pytest.mark.parametrize(("bare", "sourced"), [_pair(i, b, s) for i, (b, s) in enumerate(BARE_VS_SOURCED)])
def test_a_source_or_reason_lowers_unsupported_claim(moderator: Moderator, bare: str, sourced: str) -> None:
    p_bare, p_sourced = _unsupported(moderator, [bare, sourced])
    assert p_sourced < p_bare, f"sourced {p_sourced:.2f} >= bare {p_bare:.2f}"


@pytest.mark.parametrize("text", NOT_CLAIMS, ids=[t[:24] for t in NOT_CLAIMS])
def test_thanks_greetings_questions_and_insults_are_not_unsupported_claims(moderator: Moderator, text: str) -> None:
    [p] = _unsupported(moderator, [text])
    assert p < 0.3, f"{p:.2f}"


@pytest.mark.parametrize("text", NOT_CLAIMS, ids=[t[:24] for t in NOT_CLAIMS])
def test_claim_none_is_a_probability_not_a_constant(moderator: Moderator, text: str) -> None:
    [scores] = moderator.score([text])
    assert scores[Label.CLAIM_NONE] >= 0.5
    assert scores[Label.CLAIM_NONE] not in (0.0, 0.9)


@pytest.mark.parametrize("text", CLEAR_UNSUPPORTED, ids=["scam", "rigged"])
def test_bare_sweeping_assertions_score_above_the_non_claims(moderator: Moderator, text: str) -> None:
    [p] = _unsupported(moderator, [text])
    assert p > max(_unsupported(moderator, NOT_CLAIMS))


SEED_003 = SEEDS_DIR / "003_00bcb2c85f74b812.txt"
ASSERTIVE = {"c1", "c2", "c5"}
"""Seed 003's comments a moderator would send to review for unsupported claims: sweeping assertions
with nothing behind them (c1 "a Kiev regime claim...", c2 "the Orange Liar...", c5 "worthy of Orwell...").
c3 and c4 are hedged quips ("Guess...", "probably"), c6 a joke, c7 a rebuttal ending in a question."""


@pytest.mark.xfail(strict=True, reason="known miss of the bundled model: no seed-003 comment reaches the 0.74 "
                   "threshold, and its order is wrong: the hedged quips c3 'Guess...' (0.72) and c4 'probably...' "
                   "(0.69) and the joke c6 (0.63) score above the assertive c1, c2, c5 (0.49, 0.58, 0.42); nothing "
                   "in the training corpora marks a hedge as less asserted")
def test_seed_003_flags_only_assertive_comments_and_says_why(moderator: Moderator) -> None:
    from moderation.page import split_page
    from moderation.policy import Policy

    page = split_page(SEED_003.read_bytes())
    scores = moderator.score([c.text for c in page.comments])
    policy = Policy.from_thresholds(moderator.thresholds)
    site = policy.for_site(None)
    site = type(site)(review=site.review, reject=site.reject, review_labels=(Label.UNSUPPORTED_CLAIM,),
                      reject_labels=())
    flagged = {}
    for comment, score in zip(page.comments, scores):
        _, reasons = site.decide(score, comment.text)
        if reasons:
            flagged[comment.id] = reasons
    print({k: v for k, v in flagged.items()})
    assert flagged, "no comment of seed 003 is flagged"
    assert set(flagged) <= ASSERTIVE, f"flagged {sorted(flagged)}"
    assert all("unsupported_claim" in reason for reasons in flagged.values() for reason in reasons)


def test_a_comment_of_only_questions_and_thanks_scores_low(moderator: Moderator) -> None:
    [p] = _unsupported(moderator, ["Thanks for this. Who paid for the report? When will the council vote?"])
    assert p < 0.3
