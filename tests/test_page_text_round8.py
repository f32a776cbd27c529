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
    "Live updates\n\n"
    "14:10\nFlooding.\n\n"
    "Rivers burst their banks in the north overnight, and rescue teams evacuated two villages, officials said.\n\n"
    "13:54 Minister resigns over the handling of the rail strike, which has now lasted three weeks.\n\n"
    "13:43 Court delays ruling on the harbour expansion until next month.\n\n"
    "13:24\nWeather.\n\n"
    "Forecasters expect the rain to ease by the weekend, with temperatures rising across the south.\n\n"
    "13:08 Calorie labels will appear on drinks bottles from next year, the health agency announced.\n\n"
    "12:57 Police open an inquiry after the stadium roof partly collapsed\n\n"
)

# the live blog is the story itself, with a "Comments" link under its byline
LIVE_BLOG_DOTS = (
    "Rescue teams resume search at sea: latest\n\n"
    "Search teams are to resume looking for the missing vessel at dawn, as officials say the weather is improving.\n\n"
    "By Ann Writer and Tom Reporter\n\n5:00PM GMT 31 Dec 2024\n\nComments\n\n"
    "2024-12-31 17:13:38.0\n"
    "This page will automatically update every 90 seconds\n\n"
    "17.00 We are going to pause our live coverage here for today, and will be back first thing tomorrow.\n\n"
    "16.06 The search teams say that the weather has improved a little over the last hour.\n\n"
    "15.25 As night falls, the search has been called off until the morning, the coastguard said.\n\n"
    "14.53 These latest images from the rescue mission have just been released by the navy.\n\n"
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
                "13:54 Minister resigns over the handling of the strike",
                "13:43 Court delays ruling on the harbour",
                "12:57 Police open an inquiry after the roof partly collapsed",
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
        ("© PR", Kind.CHROME),
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
        "Home\nFashion\nBeauty\n\n"
        "12 May 2025, 15:53 In the centre of the new spring campaign of the label stands a young actress [...]\n\n"
        "Beauty Blog\n\nFavourite thing: the phone case in nail-polish colours\n\n"
        "© PR\n\n"
        "The phone cases come in the colours of the classic nail-polish bottles and match them tone for tone.\n\n"
        "The polishes cost 24 euros each; the cases are sold online from 45 euros.\n\n"
        "Category: Nail polish\n"
    )
    page = split_page(page_text)
    assert page.comments == ()
    assert any("phone cases come" in p for p in page.article.paragraphs)
