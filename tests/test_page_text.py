"""Plain-text pages from other sites: comment headers, widgets, footers, and refusals of bad input."""

from __future__ import annotations

import pytest

from moderation import split_page
from moderation.errors import InvalidInput
from moderation.page.lines import Kind, classify

ARTICLE = (
    "Lawmakers approved the budget on Thursday after a night of negotiations, the speaker said in a statement.\n\n"
    "The plan raises spending on schools and hospitals by four per cent, according to figures released by the "
    "finance ministry.\n\n"
    "Opposition parties said the increase would not keep pace with inflation and vowed to table amendments.\n"
)

STYLES = {
    "wordpress": (
        "Leave a Reply\n\nJane Doe says:\nMarch 3, 2025 at 10:01 am\n\nFinally some money for schools.\n\n"
        "Reply\n\nbob_77 says: March 3, 2025 at 11:15 pm\n\nWe will see where it really goes.\n\n"
        "Second paragraph of Bob.\n\nReply\n"
    ),
    "disqus": (
        "3 Comments\nSort by Best\n\nJane Doe • 3 hours ago\nFinally some money for schools.\nReply • Share ›\n\n"
        "bob_77 • an hour ago\nWe will see where it really goes.\n\nSecond paragraph of Bob.\n−  +4  Reply\n"
    ),
    "reddit": (
        "Jane Doe · 5h · Reply\nFinally some money for schools.\n12 points · Reply · Share\n\n"
        "bob_77 · 2h\nWe will see where it really goes.\nSecond paragraph of Bob.\nReply Share Report\n"
    ),
    "facebook": (
        "© 2025 Daily Ledger\n\nJane Doe\nFinally some money for schools.\nLike · Reply · 3w\n\n"
        "bob_77\nWe will see where it really goes.\nSecond paragraph of Bob.\nLike · Reply · 2 · 1w\n"
    ),
}
EXPECTED = [
    ("Jane Doe", "Finally some money for schools."),
    ("bob_77", "We will see where it really goes.\nSecond paragraph of Bob."),
]


@pytest.mark.parametrize("style", sorted(STYLES), ids=sorted(STYLES))
def test_header_styles_give_author_time_and_text(style: str) -> None:
    page = split_page(ARTICLE + "\n" + STYLES[style])
    assert [(c.author, c.text) for c in page.comments] == EXPECTED
    assert all(c.posted_at for c in page.comments)
    assert len(page.article.paragraphs) == 3


def test_plain_comments_after_a_footer_are_split_on_blank_lines() -> None:
    section = (
        "Copyright 2025 Daily Ledger. All rights reserved.\n\nFirst comment here.\nIts second line.\n\n"
        "Another view.\n\nNot convinced at all."
    )
    page = split_page(ARTICLE + "\n" + section)
    assert [c.text for c in page.comments] == [
        "First comment here.\nIts second line.",
        "Another view.",
        "Not convinced at all.",
    ]
    assert page.article.boilerplate == ("Copyright 2025 Daily Ledger. All rights reserved.",)


@pytest.mark.parametrize(
    "after",
    [
        "© 2025 Daily Ledger\n\nBy using this site you agree to our Terms of Use and Privacy Policy.",
        (
            "Latest Stories\n\n2 hours ago\nCouncil Votes On New Tram Line\n\n3 hours ago\nStorm Closes Coastal Road"
            "\n\n5 hours ago\nLocal Bakery Wins National Prize\n\n6 hours ago\nSchool Reopens After Repairs"
        ),
        (
            "Live\n\n14:32 Minister Resigns Over Expenses\n\n14:10 Markets Close Higher\n\n13:54 Rail Strike Called Off"
            "\n\n13:20 Weather Warning For The North"
        ),
    ],
    ids=["legal-line-under-footer", "story-rail-with-times", "live-ticker"],
)
def test_furniture_shaped_like_comments_is_not_comments(after: str) -> None:
    """Rails, tickers and legal lines have times and short lines but no reader prose or reader action."""
    page = split_page(ARTICLE + "\n" + after)
    assert page.comments == () and not page.has_comment_section
    words = " ".join([*page.article.paragraphs, *page.article.boilerplate])
    assert all(line.strip() in words for line in after.split("\n"))  # nothing lost


def test_page_without_comment_section_keeps_whole_article() -> None:
    page = split_page(ARTICLE + "\n© 2025 Daily Ledger\n")
    assert page.comments == () and not page.has_comment_section
    assert len(page.article.paragraphs) == 3 and page.article.boilerplate == ("© 2025 Daily Ledger",)


def test_explicit_quote_header_names_the_quoted_author() -> None:
    section = (
        "© 2025 Daily Ledger\n\nThe budget does nothing for rural hospitals at all.\n\nI agree with the plan.\n\n"
        "maria_k\n\nThe budget does nothing for rural hospitals\n\nRural hospitals got a separate fund last year."
    )
    page = split_page(ARTICLE + "\n" + section)
    reply = page.comments[-1]
    assert reply.quotes is not None and reply.quotes.author == "maria_k"
    assert reply.reply_to == "c1" and page.comments[0].author == "maria_k"
    assert reply.text == "Rural hospitals got a separate fund last year."


@pytest.mark.parametrize(
    ("line", "kind", "author", "posted_at"),
    [
        ("NameToday  07:20 am JST", Kind.HEADER, "Name", "Today 07:20 am JST"),
        ("Jane Doe says: March 3, 2025 at 10:01 am", Kind.HEADER, "Jane Doe", "March 3, 2025 at 10:01 am"),
        ("Jane Doe • 3 hours ago", Kind.HEADER, "Jane Doe", "3 hours ago"),
        ("user_1 · 5h · Reply", Kind.HEADER, "user_1", "5h"),
        ("Like · Reply · 3w", Kind.TIME, None, "3w"),
        ("Report abuse", Kind.WIDGET, None, None),
        ("12 points", Kind.WIDGET, None, None),
        ("Load more comments", Kind.MARKER, None, None),
        ("© Example News 2025.", Kind.FOOTER, None, None),
        ("Jane Doe (Toronto) 3 hours ago Edited", Kind.HEADER, "Jane Doe", "3 hours ago"),
        (
            "Posted by Jane Doe on March 3, 2025 at 10:01 am",
            Kind.HEADER,
            "Jane Doe",
            "March 3, 2025 at 10:01 am",
        ),
        ("Jane Doe | 2025-03-03T10:01:00Z", Kind.HEADER, "Jane Doe", "2025-03-03T10:01:00Z"),
        ("Jane Doe · 2h · edited", Kind.HEADER, "Jane Doe", "2h"),
        ("JohnSmith3 hours ago", Kind.HEADER, "JohnSmith", "3 hours ago"),
        ("NameApr. 9 07:20 am JST", Kind.HEADER, "Name", "Apr. 9 07:20 am JST"),
        ("bob23h", Kind.TEXT, None, None),
        ("The meeting is at 10:30", Kind.TEXT, None, None),
        ("No.", Kind.TEXT, None, None),
        ("truenorth_231 33 minutes ago | prev | next [–]", Kind.HEADER, "truenorth_231", "33 minutes ago"),
        (
            "by jdoe ( 12345 ) on Tuesday May 13, 2025 @11:22AM (#65374842)",
            Kind.HEADER,
            "jdoe",
            "Tuesday May 13, 2025 @11:22AM",
        ),
        ("[–]oldsalt_4 1 point 22 hours ago*", Kind.HEADER, "oldsalt_4", "22 hours ago"),
        ("permalinkembedsavereportreply", Kind.WIDGET, None, None),
        ("reportedly", Kind.TEXT, None, None),
        ("•", Kind.CHROME, None, None),
        ("That photo is © Reuters and they never credit it properly.", Kind.TEXT, None, None),
        ("Copyright law is broken.", Kind.TEXT, None, None),
        ("Copyright 2025 Valley Herald Ltd. All rights reserved.", Kind.FOOTER, None, None),
        ("07-08-2025, 05:02 PM", Kind.TIME, None, "07-08-2025, 05:02 PM"),
        ("Reply With Quote", Kind.WIDGET, None, None),
        ("Join Date: Mar 2019", Kind.CHROME, None, None),
        ("Join the conversation", Kind.MARKER, None, None),
        ("12 hr. ago", Kind.TIME, None, "12 hr. ago"),
        ("maple_leaf_100 avatar", Kind.CHROME, None, None),
        ("Award", Kind.WIDGET, None, None),
        ("Top fan", Kind.CHROME, None, None),
    ],
    ids=[
        "glued",
        "wordpress",
        "disqus",
        "reddit",
        "facebook-actions",
        "widget",
        "votes",
        "load-more",
        "copyright",
        "location-and-flag",
        "posted-by",
        "iso-time",
        "edited-piece",
        "glued-relative",
        "glued-date",
        "ambiguous-glued-handle",
        "prose-with-clock",
        "short-comment",
        "hn-navigation-links",
        "slashdot-by-on-at",
        "old-reddit-points-edited",
        "glued-lowercase-buttons",
        "lowercase-word-not-buttons",
        "separator-dot",
        "copyright-sign-in-a-sentence",
        "copyright-as-a-topic",
        "copyright-footer",
        "dashed-date-clock",
        "reply-with-quote",
        "forum-user-info",
        "join-the-conversation",
        "abbreviated-unit",
        "avatar-alt-text",
        "award-button",
        "badge",
    ],
)
def test_line_classification(line: str, kind: Kind, author: str | None, posted_at: str | None) -> None:
    parsed = classify(line, gap_before=True)
    assert (parsed.kind, parsed.author, parsed.posted_at) == (kind, author, posted_at)


@pytest.mark.parametrize(
    "raw",
    [b"", b"   \n\t\n", "  \r\n ", b"\x00\x01\x02binary\x00", b"caf\xe9 au lait", b"\xff\xfe\x00t\x00e"],
    ids=["empty", "whitespace", "whitespace-str", "nul-bytes", "latin-1", "utf-16"],
)
def test_bad_input_raises_invalid_input(raw: str | bytes) -> None:
    with pytest.raises(InvalidInput) as info:
        split_page(raw)
    message = str(info.value)
    assert message.endswith(".") and "\n" not in message


def test_utf8_bom_is_accepted() -> None:
    assert split_page("\ufeff".encode() + ARTICLE.encode()).article.paragraphs[0].startswith("Lawmakers")


@pytest.mark.parametrize("separator", ["\n", "\n\n"], ids=["no-gaps", "blank-lines"])
def test_name_above_time_line_is_a_header(separator: str) -> None:
    section = separator.join(
        [
            "2 Comments",
            "Jane Doe",
            "3 hours ago",
            "Finally some money for schools.",
            "Reply",
            "bob_77",
            "an hour ago",
            "We will see where it really goes.",
            "Reply",
        ]
    )
    page = split_page(ARTICLE + "\n" + section)
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == [
        ("Jane Doe", "3 hours ago", "Finally some money for schools."),
        ("bob_77", "an hour ago", "We will see where it really goes."),
    ]


def test_in_reply_to_lines_and_mentions_set_reply_to() -> None:
    section = (
        "3 Comments\n\nJane Doe • 3 hours ago\nFinally some money for schools.\nReply\n\n"
        "bob_77 • 2 hours ago\nIn reply to Jane Doe\nWe will see where it really goes.\nReply\n\n"
        "Ann Lee • 1 hour ago\n@bob_77 it is all in the published figures.\nReply\n"
    )
    page = split_page(ARTICLE + "\n" + section)
    assert [(c.author, c.reply_to) for c in page.comments] == [
        ("Jane Doe", None),
        ("bob_77", "c1"),
        ("Ann Lee", "c2"),
    ]
    assert page.comments[1].text == "We will see where it really goes."


@pytest.mark.parametrize(
    ("counter", "reply_line", "button", "ago"),
    [
        ("3 Kommentare", "Antwort an Jane Doe", "Antworten", "vor {n} Stunden"),
        ("3 comentarios", "En respuesta a Jane Doe", "Responder", "hace {n} horas"),
        ("3 commentaires", "En réponse à Jane Doe", "Répondre", "il y a {n} heures"),
    ],
    ids=["de", "es", "fr"],
)
def test_reply_lines_in_other_languages_set_reply_to(counter: str, reply_line: str, button: str, ago: str) -> None:
    section = (
        f"{counter}\n\nJane Doe • {ago.format(n=3)}\nEndlich Geld für Schulen, finally.\n{button}\n\n"
        f"bob_77 • {ago.format(n=2)}\n{reply_line}\nWe will see where it really goes.\n{button}\n\n"
        f"Ann Lee • {ago.format(n=1)}\n@bob_77 it is all in the published figures.\n{button}\n"
    )
    page = split_page(ARTICLE + "\n" + section)
    assert [(c.author, c.reply_to) for c in page.comments] == [
        ("Jane Doe", None),
        ("bob_77", "c1"),
        ("Ann Lee", "c2"),
    ]
    assert page.comments[1].text == "We will see where it really goes."


@pytest.mark.parametrize(
    ("attribution", "author"),
    [("jdoe wrote:", "jdoe"), ("jdoe schrieb:", "jdoe"), ("jdoe escribió:", "jdoe"), ("jdoe a écrit :", "jdoe")],
    ids=["en", "de", "es", "fr"],
)
def test_quote_attribution_in_other_languages_links_the_reply(attribution: str, author: str) -> None:
    section = (
        "Re: Council budget\nPost by jdoe » Thu Mar 19, 2025 7:12 pm\n\nVoting reform.\n\nTop\n\n"
        f"Re: Council budget\nPost by bob_77 » Fri Mar 20, 2025 8:00 am\n\n{attribution}\nVoting reform.\n\n"
        "Not this again.\n\nTop\n"
    )
    first, second = split_page(ARTICLE + "\n2 Comments\n\n" + section).comments
    assert (second.author, second.text, second.reply_to) == ("bob_77", "Not this again.", first.id)
    assert second.quotes is not None and second.quotes.author == author


def test_replied_to_header_links_the_reply() -> None:
    section = (
        "2 Comments\n\nbob_77 · 3h\nThe figures do not add up.\nReply\n\n"
        "Jane Doe replied to bob_77 · 2h\nThey do if you read the annex.\nReply\n"
    )
    page = split_page(ARTICLE + "\n" + section)
    assert [(c.author, c.reply_to) for c in page.comments] == [("bob_77", None), ("Jane Doe", "c1")]


MESSY_DUMP = """Skip to content
Menu
News
World
Business
Sport

Politics

Ministers agree to extend fishing quota talks

By Sarah Novak, Political Correspondent
14 May 2025

Ministers from the five coastal states agreed on Tuesday to extend talks on fishing quotas by two weeks, after negotiators failed to settle a dispute over mackerel stocks.

Advertisement

The fisheries minister said the extension would give scientists time to publish new stock estimates, which are expected to show a further decline.

Environmental groups said the delay risked another year of overfishing, according to a joint statement.

Read more: How the mackerel war began

Share this article

Related stories
Fishing fleet stays in port as prices fall
Quota row threatens trade deal

12 comments

Sort by: Newest

Pete Byrne
2 hours ago
Two more weeks of talking while the boats sit idle. Typical.
Reply
Like (4)

mary_q
3 hours ago
The scientists have been warning about this for years.

Nobody listened.
Reply

Load more comments

© 2025 Coastal News Group. All rights reserved.
Privacy policy
Terms of use
"""


def test_messy_dump_keeps_navigation_ads_links_and_site_footer_out_of_article_and_comments() -> None:
    page = split_page(MESSY_DUMP)
    article = page.article
    assert (article.title, article.section) == ("Ministers agree to extend fishing quota talks", "Politics")
    assert article.byline == "By Sarah Novak, Political Correspondent" and article.date == "14 May 2025"
    assert len(article.paragraphs) == 3 and article.paragraphs[-1].startswith("Environmental groups")
    for furniture in ("Advertisement", "Quota row threatens trade deal", "Privacy policy", "Sort by: Newest"):
        assert furniture in article.boilerplate
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == [
        ("Pete Byrne", "2 hours ago", "Two more weeks of talking while the boats sit idle. Typical."),
        ("mary_q", "3 hours ago", "The scientists have been warning about this for years.\nNobody listened."),
    ]
    assert article.declared_comment_count == 12 and page.warnings


def test_empty_comment_section_is_recognised_without_comments() -> None:
    page = split_page(ARTICLE + "\n0 Comments\n\nBe the first to comment.\n")
    assert page.has_comment_section and page.comments == ()
    assert page.article.declared_comment_count == 0 and len(page.article.paragraphs) == 3


def test_unknown_header_format_is_learned_from_repetition() -> None:
    section = "\n\n".join(
        f"#{n} {name} wrote on 1{n}/05/2025 09:1{n}:\n{text}"
        for n, (name, text) in enumerate(
            [
                ("Jane Doe", "Finally some money for schools."),
                ("bob_77", "We will see where it goes."),
                ("Ann Lee", "The annex has the figures."),
            ],
            start=1,
        )
    )
    page = split_page(ARTICLE + "\n" + section)
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == [
        ("Jane Doe", "11/05/2025 09:11", "Finally some money for schools."),
        ("bob_77", "12/05/2025 09:12", "We will see where it goes."),
        ("Ann Lee", "13/05/2025 09:13", "The annex has the figures."),
    ]


def test_name_place_time_header_blocks() -> None:
    section = "\n\n".join(
        f"{name}\n{place}\n{when}\n\n{text}\n\n12 Recommend    Share    Flag"
        for name, place, when, text in [
            ("Jane Doe", "Toronto", "May 14", "Finally some money for schools."),
            ("bob_77", "Brooklyn, NY", "9h ago", "We will see where it goes."),
        ]
    )
    page = split_page(ARTICLE + "\n" + section)
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == [
        ("Jane Doe", "May 14", "Finally some money for schools."),
        ("bob_77", "9h ago", "We will see where it goes."),
    ]
    assert len(page.article.paragraphs) == 3


def test_headline_links_after_the_footer_are_not_comments() -> None:
    tail = "© 2025 Daily Ledger\n\nMore from Daily Ledger\n\nSchools brace for budget cuts\n\nMayor opens new bridge\n"
    page = split_page(ARTICLE + "\n" + tail)
    assert page.comments == () and not page.has_comment_section
    assert len(page.article.paragraphs) == 3
    assert "Mayor opens new bridge" in page.article.boilerplate


def test_subject_lines_above_most_headers_are_left_out_of_comments() -> None:
    """Forum subjects ("Re: ...") sit directly above each "by Name on Date" header (learned per page)."""
    section = "\n\n".join(
        f"{subject}\nby {name} on Friday May {n}, 2025 @09:1{n}AM (#{n}000)\n{text}"
        for n, (subject, name, text) in enumerate(
            [
                ("Not so fast", "jdoe", "Finally some money for schools."),
                ("Re:Not so fast", "bob_77", "We will see where it goes."),
                ("Interesting (Score:4, Insightful)", "ann_lee", "The annex has the figures."),
            ],
            start=1,
        )
    )
    page = split_page(ARTICLE + "\n\n© Example News 2025\n\n" + section)
    assert [(c.author, c.text) for c in page.comments] == [
        ("jdoe", "Finally some money for schools."),
        ("bob_77", "We will see where it goes."),
        ("ann_lee", "The annex has the figures."),
    ]


def test_header_items_on_separate_lines_with_dots_and_avatar() -> None:
    """Disqus copied from a browser: "Avatar", name, "•", time each on a line; buttons likewise."""
    section = "\n".join(
        f"Avatar\n{name}\n•\n{when}\n{text}\n3\n•\nReply\n•\nShare ›"
        for name, when, text in [
            ("Jane Doe", "3 hours ago", "Finally some money for schools."),
            ("bob_77", "an hour ago", "We will see where it goes."),
        ]
    )
    page = split_page(ARTICLE + "\n\n" + section)
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == [
        ("Jane Doe", "3 hours ago", "Finally some money for schools."),
        ("bob_77", "an hour ago", "We will see where it goes."),
    ]
    assert all("Jane Doe" not in p for p in page.article.paragraphs)


def test_headers_under_the_text_close_their_comment() -> None:
    """Letters-page style: "— Name, Place, date" under each comment (most headers sit like that)."""
    section = "\n\n".join(
        f"{text}\n— {name}, {place}, {when}"
        for text, name, place, when in [
            ("Finally some money for schools.\n\nAbout time too.", "Jane Doe", "Leeds", "3 hours ago"),
            ("We will see where it goes.", "Bob Byrne", "Cork", "March 3, 2025"),
            ("The annex has the figures.", "Ann Lee", "Perth", "2 hours ago"),
        ]
    )
    page = split_page(ARTICLE + "\n© Example News 2025\n\n" + section)
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == [
        ("Jane Doe", "3 hours ago", "Finally some money for schools.\nAbout time too."),
        ("Bob Byrne", "March 3, 2025", "We will see where it goes."),
        ("Ann Lee", "2 hours ago", "The annex has the figures."),
    ]


def test_forum_post_quoting_an_earlier_post_under_its_own_header() -> None:
    """phpBB-like "Post by name » date" headers; "name wrote:" opens a quotation, not a comment."""
    section = (
        "Re: Council budget\nPost by jdoe » Thu Mar 19, 2025 7:12 pm\n\nVoting reform.\n\nTop\n\n"
        "Re: Council budget\nPost by bob_77 » Fri Mar 20, 2025 8:00 am\n\njdoe wrote:\nVoting reform.\n\n"
        "Not this again.\n\nTop\n"
    )
    page = split_page(ARTICLE + "\n2 Comments\n\n" + section)
    first, second = page.comments
    assert (first.author, first.posted_at, first.text) == (
        "jdoe",
        "Thu Mar 19, 2025 7:12 pm",
        "Voting reform.",
    )
    assert (second.author, second.text, second.reply_to) == ("bob_77", "Not this again.", first.id)
    assert second.quotes is not None and (second.quotes.author, second.quotes.text) == (
        "jdoe",
        "Voting reform.",
    )


@pytest.mark.parametrize(
    "furniture_like",
    [
        "That photo is © Reuters and they never credit it properly.",
        "© 2025 me. Every word of this is mine.",
        "Read more: the council never reads these anyway",
        "Advertisement",
        "Comments are closed. Funny, they never listen.",
        "Subscribe to my channel for the real story",
    ],
    ids=["copyright-in-sentence", "copyright-opening", "read-more", "advertisement", "closed", "subscribe"],
)
def test_furniture_like_comment_under_its_header_is_kept(furniture_like: str) -> None:
    """Moderation must see every comment: a reader's line that reads like page furniture stays."""
    section = "\n\n".join(
        f"{name} • {n + 1} hours ago\n{text}\nReply"
        for n, (name, text) in enumerate(
            [
                ("Jane Doe", "Finally some money for schools."),
                ("bob_77", furniture_like),
                ("Ann Lee", "We will see."),
            ]
        )
    )
    page = split_page(ARTICLE + "\n3 Comments\n\n" + section)
    assert [c.text for c in page.comments] == [
        "Finally some money for schools.",
        furniture_like,
        "We will see.",
    ]


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("", []),
        ("\n\n© Example News 2025", []),
        (
            "\n\n2 Comments\n\nJane Doe • 3 hours ago\nFinally.\nReply\n\nbob_77 • 1 hour ago\nWe will see.\nReply",
            [("Jane Doe", "Finally."), ("bob_77", "We will see.")],
        ),
    ],
    ids=["rail-last", "rail-then-footer", "rail-then-comments"],
)
def test_story_rail_with_times_is_not_a_comment_section(tail: str, expected: list[tuple[str, str]]) -> None:
    """Title-case headlines with times under "Most Read" look like headers but have no Reply or counter."""
    rail = "Most Read\n\n" + "\n\n".join(
        f"{title}\n{n + 1} hours ago\n{teaser}"
        for n, (title, teaser) in enumerate(
            [
                ("Council Approves New Budget", "The vote passed narrowly after a long debate."),
                ("Storm Closes Ferry Routes", "Crossings are cancelled until Friday."),
            ]
        )
    )
    page = split_page(ARTICLE + "\n" + rail + tail)
    assert [(c.author, c.text) for c in page.comments] == expected
    assert len(page.article.paragraphs) == 3


def test_name_time_and_text_as_separate_paragraphs_without_a_footer() -> None:
    """Every header item printed as its own paragraph: the first name still belongs to the comments."""
    section = "\n\n".join(
        f"{name}\n\n{when}\n\n{text}\n\nLike\n\nReply"
        for name, when, text in [
            ("jdoe_12", "3 hours ago", "Finally some money."),
            ("bob_77", "1 day ago", "We will see."),
        ]
    )
    page = split_page(ARTICLE + "\n" + section)
    assert [(c.author, c.posted_at, c.text) for c in page.comments] == [
        ("jdoe_12", "3 hours ago", "Finally some money."),
        ("bob_77", "1 day ago", "We will see."),
    ]
    assert len(page.article.paragraphs) == 3


def test_badge_under_a_name_line_is_not_comment_text() -> None:
    """Facebook's plugin prints "Top fan" or "Works at ..." between the name and the comment."""
    section = "\n\n".join(
        f"{name}\n{badge}{text}\nLike · Reply · 3y"
        for name, badge, text in [
            ("Maria Novak", "", "Why wait for the Globe to act?"),
            ("Jin Mercer", "Top fan\n", "They never listen."),
            ("Aoife Hollis", "Works at Northfield Courier\n", "Why does nobody care?"),
        ]
    )
    page = split_page(ARTICLE + "\n© Example News 2025\n\n" + section)
    assert [(c.author, c.text) for c in page.comments] == [
        ("Maria Novak", "Why wait for the Globe to act?"),
        ("Jin Mercer", "They never listen."),
        ("Aoife Hollis", "Why does nobody care?"),
    ]


@pytest.mark.parametrize(
    ("header", "iso"),
    [
        ("Jane Doe • March 3, 2025 at 10:01 am", "2025-03-03T10:01:00"),
        ("Jane Doe • 12. März 2024, 10:32 Uhr", "2024-03-12T10:32:00"),
        ("Jane Doe • 3 de mayo de 2012 a las 10:32", "2012-05-03T10:32:00"),
        ("Jane Doe • le 5 mai 2012 à 10h32", "2012-05-05T10:32:00"),
        ("Jane Doe • 3 hours ago", None),  # relative: the page does not say when it was saved
    ],
    ids=["en", "de", "es", "fr", "relative"],
)
def test_shown_dates_are_parsed_in_the_page_language(header: str, iso: str | None) -> None:
    section = f"2 Comments\n\n{header}\nFinally some money for schools.\nReply\n\nbob_77 • {header.split(' • ')[1]}\n"
    page = split_page(ARTICLE + "\n" + section + "We will see where it really goes.\nReply\n")
    assert page.comments and page.comments[0].author == "Jane Doe"
    assert page.comments[0].posted_iso == iso
