"""Text dumps, round 9: pages laid out in columns, sign-in links, bylines, "read also" rails in other
languages (hand-written generic examples)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation import split_page
from moderation.page.columns import split_columns, unfold_columns
from moderation.page.header_blocks import merge_header_blocks
from moderation.page.lines import Kind, classify, read_lines
from moderation.page.patterns import LINK_LIST_HEADING_RE

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


# --- a site's sign-in links, a story's dateline over its byline -------------------------------

_SITE_MENU_PARAGRAPHS = [
    "Home",
    "Members",
    "Events",
    "Research",
    "Sign up for our weekly newsletter and get the latest research, events and member news in your inbox.",
    "Job Board",
    "Member Directory",
    "Sign In| Join Example",
]
SITE_MENU = "\n\n".join(_SITE_MENU_PARAGRAPHS)

_STORY_PARAGRAPHS = [
    "Why slow pages lose readers",
    "10.15.15\nBy Jane Cartwright",
    "We built pages that took longer and longer to load, and readers noticed before we did.",
    (
        "Ten years ago a news page weighed a few hundred kilobytes. Today many weigh several megabytes, most "
        "of it scripts that readers never asked for and that slow every phone on a weak connection."
    ),
    "That is a choice, and it can be made differently, starting with the way pages are measured.",
    "Publishers who cut their page weight in half report that readers stay longer and come back more often.",
]
STORY = "\n\n".join(_STORY_PARAGRAPHS)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Sign In| Join Example", Kind.TEXT),
        ("Sign in | Join", Kind.TEXT),
        ("Log in | Register", Kind.TEXT),
        ("Log in to join the discussion", Kind.MARKER),
        ("Sign in to comment", Kind.MARKER),
        ("Register to join the conversation.", Kind.MARKER),
    ],
)
def test_a_sites_sign_in_links_are_not_a_comment_prompt(line: str, kind: Kind) -> None:
    assert classify(line, gap_before=True).kind is kind


def test_a_story_under_a_sign_in_link_and_its_byline_has_no_comments() -> None:
    page = split_page(SITE_MENU + "\n\n" + STORY)
    assert page.comments == ()
    assert any("page weight" in p for p in page.article.paragraphs)


@pytest.mark.parametrize(
    ("stamp", "name", "header"),
    [
        ("10.15.15", "By Jane Cartwright", False),  # the story's dateline over its byline
        ("May 5, 2012", "Written by Jane Cartwright", False),
        ("12.29.14 at 9:14 pm", "jdoe", True),  # a comment system's time over the reader's name
        ("March 3, 2025", "Jane Cartwright", True),
    ],
)
def test_a_time_over_a_byline_is_not_a_comment_header(stamp: str, name: str, header: bool) -> None:
    lines = merge_header_blocks(read_lines(f"{stamp}\n{name}\n\nSome text follows here, and it goes on."))
    assert any(line.kind is Kind.HEADER for line in lines) is header


# --- "read also" rails in other languages ------------------------------------------------------

_POLISH_STORY_PARAGRAPHS = [
    "Gospodynie z całego powiatu spotkają się w niedzielę na konkursie kulinarnym w domu kultury.",
    "Anna Kowalska\n2025-05-18 09:41",
    (
        "W niedzielę w domu kultury odbędzie się konkurs kulinarny, w którym wezmą udział koła gospodyń z "
        "całego powiatu. Zgłosiło się już czternaście drużyn z różnych gmin."
    ),
    (
        "Komisja oceni nie tylko smak potrawy, ale też sposób jej podania i to, czy składniki pochodzą z "
        "okolicy, bo w tym konkursie liczy się tradycja."
    ),
    "Czytaj również",
    "Nowy most na rzece otwarty dla pieszych",
    "2025-05-18",
    "Festyn rodzinny w parku miejskim już w sobotę",
    "2025-05-17",
    "Trzy pierwsze miejsca otrzymają nagrody pieniężne, a zwycięzcy pojadą na finał wojewódzki.",
    "Początek rywalizacji o godzinie 14.00.",
]
POLISH_STORY = "\n\n".join(_POLISH_STORY_PARAGRAPHS)


@pytest.mark.parametrize(
    "heading",
    [
        "Czytaj również",
        "CZYTAJ TAKŻE",
        "Lesen Sie auch",
        "Lee también",
        "Lire aussi",
        "Read more",
        "Most read",
    ],
)
def test_read_also_headings_are_chrome_in_each_language(heading: str) -> None:
    assert classify(heading, gap_before=True).kind in (Kind.CHROME, Kind.CLOSER)
    assert LINK_LIST_HEADING_RE.match(heading)


@pytest.mark.parametrize(
    "heading", ["Czytaj również", "Lesen Sie auch", "Lee también", "Voir aussi"], ids=["pl", "de", "es", "fr"]
)
def test_a_rail_of_dated_teasers_under_a_read_also_heading_is_not_comments(heading: str) -> None:
    page = split_page(POLISH_STORY.replace("Czytaj również", heading))
    assert page.comments == ()


@pytest.mark.parametrize(
    "line",
    [
        "Czytaj mi bajkę, proszę",
        "Lesen macht Spaß, sagt meine Tochter.",
        "Polecamy to każdemu, kto lubi góry.",
    ],
)
def test_sentences_that_open_like_a_heading_stay_text(line: str) -> None:
    assert classify(line, gap_before=True).kind is Kind.TEXT


def test_a_long_sidebar_beside_the_main_column_does_not_replace_it() -> None:
    """A blogroll with more characters than the story and its comments is still the sidebar."""
    side = [f"{name} Daily Notes and Long Reads from the Coast, Weekly" for name in ("Harbour", "River", "Tide") * 8]
    text = two_column_dump(MAIN, side)
    main, sidebars = split_columns(text)
    assert sum(len(s) for s in sidebars) > len(main)
    assert "Jane Holloway says:" in main.split("\n")
    page = split_page(text)
    assert [c.author for c in page.comments] == ["Jane Holloway", "Tom Birch", "Priya Natarajan"]
