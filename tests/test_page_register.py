"""The register change from news prose to reader prose, used when a page shows no other signal."""

from __future__ import annotations

import pytest

from moderation import split_page
from moderation.page.register import reader_score, register_change

NEWS = [
    "The central bank raised its main interest rate by a quarter point on Wednesday, officials said.",
    "The decision was expected by most economists, according to a Reuters poll published last week.",
    "Inflation rose to 3.4 per cent in March, the statistics office reported.",
]
READERS = [
    "I think they should have done this a year ago. Why wait?",
    "You clearly have never tried to pay a mortgage on one income!",
    "Nobody in my family can afford a house anymore...",
]


@pytest.mark.parametrize(
    ("paragraph", "reader"),
    [
        (NEWS[0], False),
        (NEWS[2], False),
        (READERS[0], True),
        (READERS[1], True),
        ('"I will not resign," the minister told reporters.', False),
        ("once again the council proves it isnt fit to run a bus service", True),
        ("Exactly right, and the majority of the caucus agree.", True),
        ("iPhone sales fell in the first quarter, the company reported.", False),
    ],
    ids=[
        "attribution",
        "reported",
        "first-person-question",
        "second-person",
        "quoted-first-person",
        "unedited-typing",
        "reply-opener",
        "lowercase-brand-name",
    ],
)
def test_reader_score_sign(paragraph: str, reader: bool) -> None:
    assert (reader_score(paragraph) > 0) is reader


def test_change_is_found_after_the_news_paragraphs() -> None:
    assert register_change(NEWS + READERS) == len(NEWS)


def test_no_change_in_news_only_text() -> None:
    assert register_change(NEWS * 3) is None


def test_page_without_furniture_is_split_by_register() -> None:
    page = split_page("\n\n".join(NEWS + READERS))
    assert page.has_comment_section
    assert list(page.article.paragraphs) == NEWS
    assert [c.text for c in page.comments] == READERS


def test_one_opinionated_closing_paragraph_is_not_a_comment_section() -> None:
    closing = "We should all be asking why nobody saw this coming. Isn't it time we did more?"
    assert register_change(NEWS + [closing]) is None
    assert not split_page("\n\n".join(NEWS + [closing])).has_comment_section
