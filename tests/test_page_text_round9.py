"""Text dumps, round 9: pages laid out in columns (hand-written generic examples)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation import split_page
from moderation.page.columns import split_columns, unfold_columns

WIDTH = 90  # the main column's width in these hand-made dumps

MAIN = [
    "Harbour ferry fares to rise in spring",
    "",
    "The city's ferry operator will raise single fares by ten per cent from March, the council said on Monday.",
    "",
    "Officials said the increase would pay for two new boats and longer evening services on the river.",
    "",
    "Commuter groups said the rise came on top of last year's increase and asked for a cheaper weekly ticket.",
    "",
    "3 Responses to Harbour ferry fares to rise in spring",
    "Jane Holloway says:",
    "March 3, 2025 at 8:14 am",
    "I take the ferry every morning and the boats are always full, so new ones are welcome.",
    "But ten per cent is a lot when wages have not moved at all this year.",
    "Reply",
    "Tom Birch says:",
    "March 3, 2025 at 9:02 am",
    "Would it kill them to publish how much the new boats actually cost before asking us to pay?",
    "Reply",
    "Priya Natarajan says:",
    "March 3, 2025 at 11:47 am",
    "The evening services are the real news here, my shifts end after the last boat now.",
    "Reply",
    "",
    "Leave a Reply",
]

SIDEBAR = [
    "Categories",
    "City Hall",
    "Transport",
    "Harbour News",
    "Weather",
    "Archives",
    "March 2025",
    "February 2025",
    "January 2025",
    "December 2024",
    "November 2024",
    "October 2024",
    "Blogroll",
    "River Watch",
    "The Ferry Log",
    "Tide Tables",
]


def two_column_dump(main: list[str], side: list[str], width: int = WIDTH) -> str:
    """What a text browser prints for a table layout: the main cell padded, the sidebar cell beside it."""
    rows = []
    for k in range(max(len(main), len(side))):
        left = main[k] if k < len(main) else ""
        right = side[k] if k < len(side) else ""
        rows.append((left.ljust(width) + right).rstrip() if right else left)
    return "\n".join(rows)


COMMENT_WORDS = "ferry every morning", "publish how much", "evening services are the real news"


def test_comments_beside_a_sidebar_are_found_and_the_sidebar_is_kept_out() -> None:
    page = split_page(two_column_dump(MAIN, SIDEBAR))
    assert [c.author for c in page.comments] == ["Jane Holloway", "Tom Birch", "Priya Natarajan"]
    assert all(c.posted_at for c in page.comments)
    for comment, words in zip(page.comments, COMMENT_WORDS, strict=True):
        assert words in comment.text
        assert not any(item in comment.text for item in SIDEBAR)
    assert not any("Jane Holloway" in p for p in page.article.paragraphs)
    assert any("ferry operator" in p for p in page.article.paragraphs)


@pytest.mark.parametrize("width", [60, 200, 700], ids=["narrow-main", "wide-main", "very-wide-main"])
def test_column_edge_is_found_at_any_offset(width: int) -> None:
    main, side = split_columns(two_column_dump(MAIN, SIDEBAR, width))
    assert side and side[0].split("\n")[0] == "Categories"
    assert "Jane Holloway says:" in main.split("\n")


def test_a_sidebar_on_the_left_with_the_main_column_indented() -> None:
    """Rows where the sidebar is empty print the main column indented: it is still the main column."""
    left = [*SIDEBAR, *[""] * (len(MAIN) - len(SIDEBAR))]
    rows = [(l.ljust(24) + m).rstrip() if m else l for l, m in zip(left, MAIN, strict=True)]
    main, side = split_columns("\n".join(rows))
    assert "Tom Birch says:" in main.split("\n")
    assert "Categories" in side[0]


FILM_TABLE = "\n".join(
    [
        "Films about repeating days",
        "",
        "Critics have long been drawn to stories in which a character lives the same day again and again.",
        "",
        "Title            Year   Notes",
    ]
    + [
        f"{title}{' ' * (3 + pad)}{year} {note}"
        for title, pad, year, note in [
            ("The Long Morning", 2, 1961, "A clerk relives one morning at the office."),
            ("Loop", 14, 1974, "A student repeats the day of an exam."),
            ("Seven Tuesdays", 6, 1988, "A baker is stuck in the same week."),
            ("Again", 13, 1990, "A short film, shown at festivals."),
            ("The Bell at Noon", 1, 1993, "Villagers hear the same bell each day."),
            ("Restart", 10, 1999, "A game designer lives his own level."),
            ("Second Chance Cafe", 0, 2004, "A waitress serves the same customers."),
            ("Dawn", 15, 2008, "A soldier wakes at the same dawn."),
            ("The Twelfth Hour", 2, 2011, "A detective replays a murder night."),
            ("Echo Day", 9, 2015, "A family repeats a birthday."),
            ("Now and Then", 5, 2019, "A teacher relives a school trip."),
            ("Groundswell", 7, 2021, "A surfer repeats one perfect wave."),
        ]
    ]
    + ["", "The list is not complete; films are added when reviews appear."]
)


@pytest.mark.parametrize(
    "text",
    [
        FILM_TABLE,
        "Prose with two spaces after a full stop.  It goes on.  And on, as typists once did.\n" * 12,
        "    indented code line one\n    indented code line two\n" * 8,
    ],
    ids=["data-table", "double-spaced-prose", "indented-lines"],
)
def test_pages_without_a_column_layout_are_left_as_they_are(text: str) -> None:
    assert unfold_columns(text) is text
    assert split_columns(text) == (text, [])


def test_a_data_table_in_a_page_without_comments_opens_no_section() -> None:
    assert split_page(FILM_TABLE).comments == ()


_CELL = st.text(alphabet=st.sampled_from("abc XYZ.,:"), min_size=0, max_size=30).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(_CELL, min_size=0, max_size=40),
    st.lists(_CELL, min_size=0, max_size=40),
    st.integers(min_value=20, max_value=300),
)
def test_column_split_keeps_every_word(main: list[str], side: list[str], width: int) -> None:
    text = two_column_dump(main, side, width)
    kept, sidebars = split_columns(text)
    assert Counter(text.split()) == Counter(kept.split()) + Counter(w for s in sidebars for w in s.split())
    if not sidebars:
        assert kept is text
