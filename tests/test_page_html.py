"""HTML pages: article via trafilatura, comments from real-world comment-system markup.

Each fixture in tests/fixtures/html is hand-written after the markup its system really emits:
WordPress `wp_list_comments` (ol.commentlist), the Disqus thread, Coral Talk's stream classes and a
news CMS `section#comments` with BEM classes and blockquote quotes. Two more have no class name any
selector knows, so their comments must be found by structure (repeated blocks with a name, a time,
prose and a Reply button): ARIA `article` landmarks in a headless CMS, and a hosted widget with
vendor-prefixed classes and header parts printed without spaces. A page whose only repeated blocks
are related-story cards (headline, byline, date, teaser, Share) must show no comments.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from moderation import split_page
from moderation.page.detect import looks_like_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"

CASES = {
    "wordpress_commentlist": {
        "title": "Council approves new cycle lanes on Harbour Road",
        "byline": "By Maria Okafor",
        "declared": 3,
        "comments": [
            ("Dave Whitfield", "March 2, 2025 at 10:01 am", None, 2),
            ("Shopkeeper Sue", "March 2, 2025 at 11:47 am", "c1", 1),
            ("Ian P.", "March 3, 2025 at 9:12 am", None, 1),
        ],
    },
    "disqus_thread": {
        "title": "Heatwave warning extended as reservoirs fall to record low",
        "byline": "By Tomás Lindqvist",
        "declared": 4,
        "comments": [
            ("GreenValleyGardener", "3 hours ago", None, 1),
            ("R. McAlister", "2 hours ago", "c1", 2),
            ("Guest", "an hour ago", None, 1),
        ],
    },
    "coral_talk": {
        "title": "School board delays vote on four-day week",
        "byline": "Priya Raman",
        "declared": 3,
        "comments": [
            ("mom_of_three", "2 days ago", None, 2),
            ("J. Hollis", "2 days ago", "c1", 1),
            ("retired_teacher", "1 day ago", None, 2),
        ],
    },
    "aria_article_comments": {
        "title": "Library opening hours cut to four days",
        "byline": "By Ken Novak",
        "declared": 4,
        "comments": [
            ("Sarah Byrne", "3 June 2025, 08:14", None, 2),
            ("omar_r", "3 June 2025, 09:02", None, 1),
            ("Sarah Byrne", "3 June 2025, 09:30", "c2", 1),
            ("Ruth Ortega", "3 June 2025, 11:45", None, 1),
        ],
    },
    "viafoura_like": {
        "title": "Ferry fares to rise by 9 per cent",
        "byline": "Lucia Mercer",
        "declared": 3,
        "comments": [
            ("IslandDave", "2h", None, 1),
            ("Jin Lindqvist", "1h", None, 2),
            ("harbour_pilot", "45m", None, 1),
        ],
    },
    "cms_section_comments": {
        "title": "Port strike ends after pay deal",
        "byline": "By Hannah Mercer and Luis Ortega",
        "declared": 3,
        "comments": [
            ("Harbourmaster1962", "14 May 2025, 08:12", None, 1),
            ("Aoife K", "14 May 2025, 08:40", "c1", 1),
            ("ferry_commuter", "14 May 2025, 09:05", None, 2),
        ],
    },
}


@pytest.fixture(scope="module", params=sorted(CASES), ids=sorted(CASES))
def case(request: pytest.FixtureRequest):
    name = request.param
    page = split_page((FIXTURES / f"{name}.html").read_bytes())
    return name, page, CASES[name]


def test_detected_as_html(case) -> None:
    _, page, _ = case
    assert page.source_format == "html"


def test_article_metadata_and_body(case) -> None:
    _, page, expected = case
    article = page.article
    assert article.title == expected["title"]
    assert article.byline == expected["byline"]
    assert len(article.paragraphs) >= 4
    body = " ".join(article.paragraphs)
    assert "Reply" not in body and "says:" not in body
    for author, *_ in expected["comments"]:
        assert author not in body


def test_comments_have_author_time_reply_and_paragraphs(case) -> None:
    _, page, expected = case
    got = [(c.author, c.posted_at, c.reply_to, len(c.text.split("\n"))) for c in page.comments]
    assert got == expected["comments"]
    assert page.article.declared_comment_count == expected["declared"]
    for comment in page.comments:
        assert "Reply" not in comment.text and "Report" not in comment.text


def test_quotes_are_kept_out_of_the_comment_text() -> None:
    page = split_page((FIXTURES / "cms_section_comments.html").read_bytes())
    reply = page.comments[1]
    assert reply.quotes is not None
    assert reply.quotes.text == "Nobody won this."
    assert reply.quotes.author == "Harbourmaster1962"
    assert reply.text == "The night-shift payment was not in the first offer. Read the article."


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("wordpress_commentlist", "2025-03-02"),
        ("cms_section_comments", "2025-05-14"),
        ("disqus_thread", None),
    ],
    ids=["wordpress", "cms", "disqus-undated"],
)
def test_article_date_is_never_taken_from_comments_or_footer(name: str, date: str | None) -> None:
    assert split_page((FIXTURES / f"{name}.html").read_bytes()).article.date == date


def test_declared_count_mismatch_is_warned() -> None:
    page = split_page((FIXTURES / "disqus_thread.html").read_bytes())
    assert page.warnings and "4" in page.warnings[0] and "3" in page.warnings[0]


def test_unknown_comment_markup_falls_back_to_line_splitting() -> None:
    html = (
        "<html><body><article><h1>Budget passes</h1>"
        + "".join(
            f"<p>Paragraph {n} of the article about the budget vote and what it means for schools.</p>"
            for n in range(6)
        )
        + "</article><div id='comments'><h3>2 Comments</h3>"
        "<div class='c'><span>Jane Doe • 3 hours ago</span><div>Finally some money for schools.</div></div>"
        "<div class='c'><span>bob_77 • 1 hour ago</span><div>We will see.</div></div></div></body></html>"
    )
    page = split_page(html)
    assert [(c.author, c.text) for c in page.comments] == [
        ("Jane Doe", "Finally some money for schools."),
        ("bob_77", "We will see."),
    ]


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("  <div><p>one</p><p>two</p></div>", True),
        ("A comment that mentions <p> tags once.", False),
        ("Plain text page.\n\nSecond paragraph.", False),
    ],
    ids=["doctype", "fragment", "text-mentioning-tag", "plain"],
)
def test_html_detection(text: str, is_html: bool) -> None:
    assert looks_like_html(text) is is_html


def test_unknown_comment_container_is_found_by_its_name() -> None:
    html = (
        "<html><body><article><h1>Budget passes</h1>"
        + "".join(
            f"<p>Paragraph {n} of the article about the budget vote and what it means for schools.</p>"
            for n in range(6)
        )
        + "</article><aside class='ArticleDiscussion'><h3>Reader views</h3>"
        "<div class='c'><span>Jane Doe • 3 hours ago</span><div>Finally some money for schools.</div></div>"
        "<div class='c'><span>bob_77 • 1 hour ago</span><div>We will see.</div></div></aside></body></html>"
    )
    page = split_page(html)
    assert [c.author for c in page.comments] == ["Jane Doe", "bob_77"]
    assert all("Jane Doe" not in p for p in page.article.paragraphs)


def test_related_story_cards_are_not_comments() -> None:
    """Cards repeat a name, a date and prose too, but carry no reader action (Reply, Like, Report)."""
    page = split_page((FIXTURES / "related_cards_no_comments.html").read_bytes())
    assert page.comments == ()
    assert len(page.article.paragraphs) == 4
    assert not page.has_comment_section


def test_one_comment_with_a_nested_reply_in_unknown_markup() -> None:
    """No run of sibling comments: the template is found where name, time and prose meet."""
    item = (
        "<div class='k1'><div class='k2'><a href='/u/{0}'>{0}</a><span>{1}</span></div>"
        "<div class='k3'><p>{2}</p></div><div><button>Reply</button></div>{3}</div>"
    )
    reply = item.format("bob_77", "5 min ago", "We will see where it goes.", "")
    thread = item.format(
        "Jane Doe", "9 min ago", "Finally some money for schools.", f"<div class='k0'>{reply}</div>"
    )
    html = (
        "<html><body><article><h1>Budget passes</h1>"
        + "".join(
            f"<p>Paragraph {n} of the article about the budget vote and what it means.</p>" for n in range(5)
        )
        + f"</article><div class='k0'>{thread}</div></body></html>"
    )
    page = split_page(html)
    assert [(c.author, c.posted_at, c.text, c.reply_to) for c in page.comments] == [
        ("Jane Doe", "9 min ago", "Finally some money for schools.", None),
        ("bob_77", "5 min ago", "We will see where it goes.", "c1"),
    ]
    assert not any("Jane Doe" in p or "schools." in p for p in page.article.paragraphs)


def test_says_header_inside_a_bare_comment_container_is_not_comment_text() -> None:
    html = (
        "<html><body><article><p>The minister said the plan would be published next week, according to"
        " officials.</p></article><section id='comments'>"
        "<div class='comment'><b>Jane Doe</b> says:<p>I think this is nonsense.</p></div>"
        "<div class='comment'><b>bob_77</b> says:<p>Why does nobody ask who pays for it?</p></div>"
        "</section></body></html>"
    )
    assert [(c.author, c.text) for c in split_page(html).comments] == [
        ("Jane Doe", "I think this is nonsense."),
        ("bob_77", "Why does nobody ask who pays for it?"),
    ]


def test_comments_in_flat_markup_without_any_container() -> None:
    """Headers, texts and buttons as sibling paragraphs: the visible text is split like a text dump."""
    body = "".join(
        f"<p>Paragraph {n} of the article about the budget vote and the schools.</p>" for n in range(6)
    )
    rows = [
        ("Jane Doe", "3 hours ago", "Finally some money for schools."),
        ("bob_77", "1 hour ago", "We will see."),
    ]
    flat = "".join(f"<p>{name} • {when}</p><p>{text}</p><p>Reply</p>" for name, when, text in rows)
    html = f"<html><body><main><article><h1>Budget passes</h1>{body}</article><div><h3>2 Comments</h3>{flat}</div></main></body></html>"
    page = split_page(html)
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == rows
    assert page.article.declared_comment_count == 2
    assert len(page.article.paragraphs) == 6


def test_story_rail_in_flat_markup_is_not_taken_for_comments() -> None:
    """Title-case headlines look like names and carry times, but a rail has no counter and no Reply."""
    body = "".join(
        f"<p>Paragraph {n} of the article about the budget vote and the schools.</p>" for n in range(6)
    )
    rail = "".join(
        f"<li><a href='/a{n}'>{title}</a><span>{n + 1} hours ago</span><p>{teaser}</p></li>"
        for n, (title, teaser) in enumerate(
            [
                ("Council Approves New Budget", "The vote passed narrowly after a long debate."),
                ("Storm Closes Ferry Routes", "Crossings are cancelled until Friday."),
                ("Teachers Plan Strike Vote", "The union will ballot members next week."),
            ]
        )
    )
    html = f"<html><body><main><article><h1>Budget passes</h1>{body}</article><aside><h3>Most Read</h3><ul>{rail}</ul></aside></main></body></html>"
    assert split_page(html).comments == ()


def test_many_flat_comments_taken_for_the_main_text_are_moved_out_of_the_article() -> None:
    """With sixty flat comments trafilatura picks them as the main text; the text splitter corrects it."""
    body = "".join(
        f"<p>Paragraph {n} of the article about the budget vote and the schools.</p>" for n in range(8)
    )
    flat = "".join(
        f"<p>user_{i} • {i % 20 + 1} hours ago</p><p>Comment {i} says the council got this wrong again.</p><p>Reply</p>"
        for i in range(60)
    )
    html = f"<html><body><main><article><h1>Budget passes</h1>{body}</article><div><h3>60 Comments</h3>{flat}</div></main></body></html>"
    page = split_page(html)
    assert len(page.comments) == 60 and page.comments[59].author == "user_59"
    assert [p.split(" of ")[0] for p in page.article.paragraphs] == [f"Paragraph {n}" for n in range(8)]
    assert page.article.declared_comment_count == 60 and not page.warnings


def test_table_forum_posts_with_user_info_cells() -> None:
    """vBulletin-like tables: date row, user cell (rank, join date, post count) beside the message."""
    post = (
        "<table class='tborder' id='post{n}'><tr><td class='thead'>{when}</td><td class='thead'>#{n}</td></tr>"
        "<tr><td class='alt2'><a class='bigusername' href='#'>{name}</a><div>Junior Member</div>"
        "<div>Join Date: Mar 2019<br>Posts: 12</div></td><td class='alt1'><div>{text}</div></td></tr>"
        "<tr><td></td><td><a href='#'>Reply With Quote</a></td></tr></table>"
    )
    rows = [
        ("jdoe", "07-08-2025, 05:02 PM", "Finally some money for schools."),
        ("bob_77", "08-08-2025, 09:15 AM", "We will see."),
    ]
    posts = "".join(
        post.format(n=n, name=name, when=when, text=text) for n, (name, when, text) in enumerate(rows, 1)
    )
    body = "".join(
        f"<p>Paragraph {n} of the article about the budget vote and the schools.</p>" for n in range(6)
    )
    page = split_page(
        f"<html><body><article><h1>Budget passes</h1>{body}</article><div id='posts'>{posts}</div></body></html>"
    )
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == rows
