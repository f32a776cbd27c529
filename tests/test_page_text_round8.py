"""Text dumps, round 8: live tickers and picture credits (hand-written generic examples)."""

from __future__ import annotations

import pytest

from moderation import split_page
from moderation.page.lines import Kind, classify
from moderation.page.plausible import is_live_ticker
from moderation.types import Comment

ARTICLE = (
    "Lawmakers approved the budget on Thursday after a night of negotiations, the speaker said in a statement.\n\n"
    "The plan raises spending on schools and hospitals by four per cent, according to figures released by the "
    "finance ministry.\n\n"
    "Opposition parties said the increase would not keep pace with inflation and vowed to table amendments.\n\n"
)

LIVE_BLOG = (
    "Marathon day: as it happened\n\n"
    "09:05\nStart line.\n\n"
    "The elite runners set off under a clear sky, and the first kilometre passed in just under three minutes.\n\n"
    "09:20 Leading group of six pulls away from the chasing pack on the river road.\n\n"
    "09:41 Organisers report that all water stations are open after an early delay.\n\n"
    "10:02\nHalfway.\n\n"
    "The leaders went through halfway together, with the defending champion tucked in at the back.\n\n"
    "10:18 A late surge on the bridge splits the leading group into two of three runners.\n\n"
    "10:36 The wheelchair race has been won in a course record, the organisers announced.\n\n"
)

# the live blog is the story itself, with a "Comments" link under its byline
LIVE_BLOG_DOTS = (
    "Harvest festival in the valley: live\n\n"
    "Thousands of visitors are expected in the valley today, and organisers say parking is already filling up.\n\n"
    "By Sam Editor and Lee Writer\n\n7:30AM 12 Sep 2025\n\nComments\n\n"
    "2025-09-12 07:31:02.0\n"
    "Refresh for the newest posts at the top\n\n"
    "11.40 The pumpkin weigh-in has begun, and the first entry is already heavier than last year's winner.\n\n"
    "11.15 Queues at the cider tent are the longest of the morning, our reporter says.\n\n"
    "10.50 The brass band has started its first set on the main lawn beside the old mill.\n\n"
    "10.20 Gates opened twenty minutes early because of the crowds waiting on the lane.\n\n"
)


@pytest.mark.parametrize("ticker", [LIVE_BLOG, LIVE_BLOG_DOTS], ids=["clock-colon", "clock-dot"])
def test_a_live_ticker_after_the_article_is_not_a_comment_section(ticker: str) -> None:
    page = split_page(ticker if ticker is LIVE_BLOG_DOTS else ARTICLE + ticker)
    assert page.comments == ()


@pytest.mark.parametrize(
    ("texts", "authors", "ticker"),
    [
        (
            [
                "09:20 Leading group of six pulls away on the river road",
                "09:41 All water stations are open after an early delay",
                "10:18 A late surge on the bridge splits the leading group",
            ],
            [None, None, None],
            True,
        ),
        # readers who mention a time now and then, each comment signed: a thread
        (
            [
                "10:30 is far too early for a school run, honestly.",
                "Agreed with the above.",
                "I take the 8.15 train every day and it is always late.",
            ],
            ["Jane", "Bob", "Carla"],
            False,
        ),
        # a comment that opens with a time, once: not enough for a ticker
        (["18:00 sharp and the doors were still closed, what a mess.", "Same here."], [None, "Bob"], False),
    ],
)
def test_live_ticker_needs_several_clock_led_entries_outnumbering_signed_comments(
    texts: list[str], authors: list[str | None], ticker: bool
) -> None:
    comments = [
        Comment(f"c{n}", text, author=a) for n, (text, a) in enumerate(zip(texts, authors, strict=True))
    ]
    assert is_live_ticker(comments) is ticker


def test_a_signed_thread_after_the_article_still_splits() -> None:
    thread = (
        "3 Comments\n\n"
        "Jane Doe says:\nMarch 3, 2025 at 10:01 am\nI think this budget is a mistake, frankly.\nReply\n\n"
        "bob_77 says:\nMarch 3, 2025 at 11:15 am\n12:30 is when the vote happened, not earlier, for what it is worth.\nReply\n\n"
        "Carla M says:\nMarch 3, 2025 at 12:40 pm\nThanks for the clear write-up.\nReply\n"
    )
    page = split_page(ARTICLE + thread)
    assert [c.author for c in page.comments] == ["Jane Doe", "bob_77", "Carla M"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("© Studio", Kind.CHROME),
        ("Foto: © dpa", Kind.CHROME),
        ("Photo: © Jane Doe / Agency", Kind.CHROME),
        ("© Getty Images", Kind.CHROME),
        ("© 2025 Example Media", Kind.FOOTER),
        ("Copyright © 2025 Example Media Ltd.", Kind.FOOTER),
        ("© Example Media. All rights reserved.", Kind.FOOTER),
    ],
)
def test_a_picture_credit_is_chrome_and_a_copyright_footer_is_a_footer(line: str, kind: Kind) -> None:
    assert classify(line, gap_before=True).kind is kind


def test_a_picture_credit_above_the_body_does_not_open_a_comment_section() -> None:
    page_text = (
        "Home\nTravel\nCities\n\n"
        "3 June 2025, 08:10 A weekend guide to the harbour town with markets, walks and where to eat well [...]\n\n"
        "City guides\n\nThree bakeries worth the early start\n\n"
        "© Studio\n\n"
        "The first bakery opens at six and sells out of its rye loaves well before nine on most Saturdays.\n\n"
        "The second, near the station, is known for its cardamom buns and a small courtyard with tables.\n\n"
        "Filed under: Food\n"
    )
    page = split_page(page_text)
    assert page.comments == ()
    assert any("rye loaves" in p for p in page.article.paragraphs)
