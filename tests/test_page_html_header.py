"""HTML comment containers: which element inside a container gives its author and its time.

Synthetic markup only. Each case is one comment-system habit: an author selector that hits an avatar
cell first, names and stamps under class names no list knows (`cite`, `*_author`, `*datetime*`), a
date and its clock time in two cells, a date element inside the whole stamp, a comment whose words
sit in a <blockquote>, and a named comment section whose repeated blocks carry no Reply button.
"""

from __future__ import annotations

import pytest

from moderation import split_page

ARTICLE = "".join(
    f"<p>Paragraph {n} of the story about the new harbour bridge and what it costs the town.</p>"
    for n in range(6)
)
WORDS = ("The bridge was needed years ago, glad it is finally built.", "Who pays for the upkeep though?")


def _page(section: str) -> str:
    return f"<html><body><article><h1>Bridge opens</h1>{ARTICLE}</article>{section}</body></html>"


def _avatar_cell_first(name: str, stamp: str, words: str) -> str:
    return (
        "<li class='comment'><div class='comment-author avatar-cell'><img src='a.png' alt=''>"
        "<a href='#'>Profile</a></div><div class='comment-meta'>"
        f"<div class='comment_date'>{stamp}</div><div class='comment_author'>{name}</div>"
        f"<div class='comment-body'><p>{words}</p></div></div></li>"
    )


def _cite_and_datetime(name: str, stamp: str, words: str) -> str:
    return (
        f"<li class='comment'><div class='comment-block'><div class='comment-header'><cite class='user'>"
        f"<a href='/p/1'>{name}</a></cite><span class='datetime'><a href='#c1'>{stamp}</a></span></div>"
        f"<p class='comment-content'>{words}</p><span><a href='#'>Reply</a></span></div></li>"
    )


def _blockquote_body(name: str, stamp: str, words: str) -> str:
    return (
        f"<li class='comment'><h4 class='vcard'><cite class='fn'>{name}</cite> <span>wrote on "
        f"<a href='#c1' rel='bookmark'>{stamp}:</a></span></h4>"
        f"<blockquote class='entry-content'><p>{words}</p></blockquote></li>"
    )


def _date_and_clock_cells(name: str, stamp: str, words: str) -> str:
    date, clock = stamp.rsplit(" ", 2)[0], " ".join(stamp.rsplit(" ", 2)[1:])
    return (
        f"<div class='comment'><div class='comment-content'><h3><span class='username'>{name}</span></h3>"
        f"<div class='body'><p>{words}</p></div></div><ul class='links'><li><a href='#'>reply</a></li>"
        f"<li class='date'><span>{date}</span></li><li class='time'><span>{clock}</span></li></ul></div>"
    )


def _date_inside_stamp(name: str, stamp: str, words: str) -> str:
    date, clock = stamp.split(" at ")
    return (
        f"<li class='comment'><p class='vcard'><cite class='fn'>{name}</cite> <span class='comment-meta'>"
        f"wrote on <a href='#c1'><abbr class='published' title='2025-03-02'>{date}</abbr> at {clock}</a>:"
        f"</span></p><blockquote class='entry-content'><p>{words}</p></blockquote></li>"
    )


@pytest.mark.parametrize(
    ("item", "stamps"),
    [
        (_avatar_cell_first, ("3.2.25 at 9:14 pm", "3.2.25 at 9:52 pm")),
        (_cite_and_datetime, ("March 2, 2025 at 5:39 AM", "March 2, 2025 at 8:55 AM")),
        (_blockquote_body, ("March 2, 2025 at 3:53 am", "March 3, 2025 at 10:16 pm")),
        (_date_and_clock_cells, ("March 2, 2025 6:32 PM", "March 3, 2025 2:20 AM")),
        (_date_inside_stamp, ("March 2, 2025 at 02:57", "March 2, 2025 at 08:00")),
    ],
    ids=["avatar-cell-first", "cite-and-datetime", "blockquote-body", "date-and-clock-cells", "date-inside-stamp"],
)
def test_author_and_time_inside_a_comment_container(item, stamps) -> None:
    names = ("Dana Whitlock", "harbour_watcher")
    items = "".join(item(name, stamp, words) for name, stamp, words in zip(names, stamps, WORDS))
    page = split_page(_page(f"<div id='comments'><h3>2 comments</h3><ol class='commentlist'>{items}</ol></div>"))
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == list(zip(names, stamps, WORDS))
    assert page.comments[0].quotes is None


def test_named_section_blocks_without_reply_buttons_are_comments() -> None:
    """Inside an element named as the comment section, name + time + prose blocks are comments even
    with no Reply button; the time printed before the name stays with its own comment."""
    block = (
        "<div class='Entry'><a class='EntryPic'><img alt='{0}' src='a.png'></a><div class='EntryBox'>"
        "<div class='EntryHead'><a class='EntryWhen' href='#'>{1}</a><a class='EntryWho' href='#'>{0}:</a>"
        "</div><div class='EntryWords'><p>{2}</p></div></div></div>"
    )
    stamps = ("December 29, 2024", "December 30, 2024", "December 31, 2024")
    names = ("isabel_r", "Tom Marsh", "quietreader")
    words = (*WORDS, "Fine by me, the ferry was always late anyway.")
    blocks = "".join(block.format(*row) for row in zip(names, stamps, words))
    page = split_page(_page(f"<div class='Comments'><h3>Comments</h3>{blocks}</div>"))
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == list(zip(names, stamps, words))


def test_blockquote_beside_the_words_is_still_a_quote() -> None:
    item = (
        "<li class='comment'><cite class='fn'>Dana Whitlock</cite><time>March 2, 2025 at 9:00 am</time>"
        "<div class='comment-content'><blockquote>Who pays for the upkeep?</blockquote>"
        "<p>The town does, as the story says.</p></div></li>"
    )
    page = split_page(_page(f"<div id='comments'><ol class='commentlist'>{item}{item}</ol></div>"))
    assert page.comments[0].text == "The town does, as the story says."
    assert page.comments[0].quotes is not None and "upkeep" in page.comments[0].quotes.text


@pytest.mark.parametrize(
    ("line", "time"),
    [
        ("On March 2, 2025, at 10:07 PM,", "March 2, 2025, at 10:07 PM"),
        ("on 2 March 2025, at 9:57 AM", "2 March 2025, at 9:57 AM"),
        ("On the whole, I agree.", None),
        ("On Monday we went to the bridge.", None),
    ],
)
def test_a_time_stamp_with_its_preposition_is_a_time(line: str, time: str | None) -> None:
    from moderation.page.lines import Kind, classify

    found = classify(line, gap_before=True)
    assert (found.kind is Kind.TIME, found.posted_at) == (time is not None, time)


def test_header_with_the_date_apart_from_the_name_in_classless_items() -> None:
    """ "On <date>, <strong>name</strong> wrote:" in list items with no class, a report button first."""
    item = (
        "<li><div class='head'><h6><a href='#' title='Report'><span>Report this Comment</span></a> "
        "On {1}, <a href='/u'><strong>{0}</strong></a> wrote: </h6></div>"
        "<div class='post'><p>{2}</p></div></li>"
    )
    rows = list(zip(("argus_b", "Mia Tran"), ("March 2, 2025, at 10:07 PM", "March 3, 2025, at 9:57 AM"), WORDS))
    items = "".join(item.format(*row) for row in rows)
    page = split_page(_page(f"<div id='comments'><h3>Reader comments</h3><ul>{items}</ul></div>"))
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == rows


def test_livefyre_stream_without_time_stamps() -> None:
    item = (
        "<article class='fyre-comment-article'><div class='fyre-comment-wrapper'><div class='fyre-comment-user'>"
        "<a class='fyre-comment-author'><img alt='{0}' src='a.png'></a></div><header class='fyre-comment-head'>"
        "<a class='fyre-comment-username'>{0}</a><span class='fyre-comment-user-rating'>5pts</span></header>"
        "<section class='fyre-comment-body'><div class='fyre-comment'><p>{1}</p></div></section></div>"
        "<div class='fyre-comment-replies'></div></article>"
    )
    names = ("dana_w", "HarbourFan")
    items = "".join(item.format(name, words) for name, words in zip(names, WORDS))
    chrome = "<div class='fyre-auth'><a>Sign in</a><a>FAQ</a></div><div class='fyre-editor'><a>Link</a></div>"
    page = split_page(_page(f"<div id='comments'>{chrome}<div class='fyre-comment-stream'>{items}</div></div>"))
    assert [(c.author, c.text) for c in page.comments] == list(zip(names, WORDS))


def test_comment_section_named_only_on_its_heading() -> None:
    """`#comments` names a heading with an "Add your comment" button; the comment blocks (no Reply
    button, "Posted by: name, date" under the words) are its siblings."""
    block = (
        "<div class='visitor_note'><h3>{0}</h3><p>{1}</p><p class='note_date'>Posted by: {2}, {3}</p></div>"
    )
    rows = [
        ("Long overdue", WORDS[0], "Harbour Resident", "2 Mar 2025 | 15:22"),
        ("Costs", WORDS[1], "Tom Marsh", "3 Mar 2025 | 08:05"),
        ("Ferry", "Fine by me, the ferry was always late anyway.", "quietreader", "3 Mar 2025 | 09:41"),
    ]
    blocks = "".join(block.format(*row) for row in rows)
    heading = "<div id='comments' class='title_bar'><h2>Visitor comments</h2><a href='#f'>Add your comment</a></div>"
    page = split_page(_page(f"<div class='note_block'>{heading}{blocks}</div>"))
    assert [(c.author, c.posted_at) for c in page.comments] == [(row[2], row[3]) for row in rows]
    assert [c.text.split("\n")[-1] for c in page.comments] == [row[1] for row in rows]
