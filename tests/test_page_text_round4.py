"""Text dumps, round 4: header forms, bare author lines over comments, wrapped table cells."""

from __future__ import annotations

import pytest

from moderation import split_page
from moderation.page.lines import Kind, classify, read_lines
from moderation.page.plausible import plausible_comments, unwrap
from moderation.page.templates import induce_headers
from moderation.page.text_dump import find_comment_section
from moderation.types import Comment

ARTICLE = (
    "Lawmakers approved the budget on Thursday after a night of negotiations, the speaker said in a statement.\n\n"
    "The plan raises spending on schools and hospitals by four per cent, according to figures released by the "
    "finance ministry.\n\n"
    "Opposition parties said the increase would not keep pace with inflation and vowed to table amendments.\n\n"
)


@pytest.mark.parametrize(
    ("line", "author", "posted_at"),
    [
        ("Posted by: Jane Doe | March 3, 2025 at 10:01 AM", "Jane Doe", "March 3, 2025 at 10:01 AM"),
        ("Comment #12 - Posted by: bob_77 at March 3, 2025 5:39 PM", "bob_77", "March 3, 2025 5:39 PM"),
        ("On March 3, 2025 at 2:35am, Jane said...", "Jane", "March 3, 2025 at 2:35am"),
        # round 5
        ("Flag this On March 4, 2025, at 9:05 PM, jdoe77 wrote:", "jdoe77", "March 4, 2025, at 9:05 PM"),
        ("Posted by: Ann Lee, 04 Mar 2025 | 09:12", "Ann Lee", "04 Mar 2025 | 09:12"),
        ("Soumis par jean-luc, le mardi 4 mars 2025 à 10h05", "jean-luc", "le mardi 4 mars 2025 à 10h05"),
        ("#7 小明  於 2025/03/04 11:20", "小明", "2025/03/04 11:20"),
        ("March 4, 2025 bobcat:", "bobcat", "March 4, 2025"),
        ("Tom Ray (2 days ago)", "Tom Ray", "2 days ago"),
        ("Eagle 4 (2 days ago)", "Eagle", "2 days ago"),
        ("Sam Fox about a minute ago", "Sam Fox", "about a minute ago"),
        ("catfan77 5pts", "catfan77", None),
        ("Shea on October 14, 2012 at 6:12 pm said:", "Shea", "October 14, 2012 at 6:12 pm"),
        ("jean jett on October 7, 2012 at 7:21 pm said:", "jean jett", "October 7, 2012 at 7:21 pm"),
    ],
    ids=[
        "posted-by-colon",
        "numbered-comment",
        "date-before-author",
        "buttons-then-on-date",
        "posted-by-date-pipe-clock",
        "drupal-soumis-par",
        "pixnet-numbered-yu",
        "date-then-name-colon",
        "bracketed-relative-time",
        "bracketed-time-after-a-digit",
        "hedged-relative-time",
        "name-with-vote-score",
        "wordpress-name-on-date-said",
        "lower-case-name-framed-by-time-and-verb",
    ],
)
def test_header_forms(line: str, author: str, posted_at: str) -> None:
    parsed = classify(line, gap_before=True)
    assert (parsed.kind, parsed.author, parsed.posted_at) == (Kind.HEADER, author, posted_at)


NAMES_THREAD = (
    "http://janedoe.example Jane Doe\n\nFinally some money for schools, and about time too.\n\n"
    "bob_77\n\nWe will see where it really goes. I doubt it.\n\n"
    "http://example.org/carla Carla M\n\nI agree with Jane on this one.\n\n"
    "Jane Doe\n\nThanks Carla, glad someone reads the small print.\n\n"
    "Tom\n\nMy school has waited ten years for a new roof.\n"
)


@pytest.mark.parametrize(
    ("line", "posted_at"),
    [
        ("4:05 pm March 4, 2025", "4:05 pm March 4, 2025"),
        ("03.04.25 at 9:14 pm", "03.04.25 at 9:14 pm"),
        ("Le 04/03/2025 à 02:20", "Le 04/03/2025 à 02:20"),
    ],
    ids=["clock-then-date", "dotted-two-digit-year", "french-numeric-date"],
)
def test_time_stamp_forms(line: str, posted_at: str) -> None:
    parsed = classify(line, gap_before=True)
    assert (parsed.kind, parsed.posted_at) == (Kind.TIME, posted_at)


@pytest.mark.parametrize(
    "line",
    ["Release notes (2025/03/04)", "Version 1.2.34 released", "Abonné", "The final score was 5 points"],
    ids=["post-title-with-bare-date", "version-number", "subscriber-badge", "sentence-ending-in-points"],
)
def test_lines_that_are_not_comment_headers(line: str) -> None:
    assert classify(line, gap_before=True).kind is not Kind.HEADER


def test_bare_author_lines_over_comments_head_the_comments() -> None:
    page = split_page(ARTICLE + "Share\n\n" + NAMES_THREAD)
    assert [c.author for c in page.comments] == ["Jane Doe", "bob_77", "Carla M", "Jane Doe", "Tom"]
    assert page.comments[0].text == "Finally some money for schools, and about time too."
    assert not any("Finally some money" in p or "Jane Doe" in p for p in page.article.paragraphs)


def test_listicle_subheadings_are_not_authors() -> None:
    listicle = (
        "Paris\n\nThe city has more bakeries per person than any other in the country.\n\n"
        "London\n\nMuseums there are free to enter, which keeps visitors coming back.\n\n"
        "Berlin\n\nRents have risen sharply over the past decade, officials said.\n\n"
        "Madrid\n\nThe summer heat drives residents to the coast in August.\n\n"
        "Rome\n\nTraffic in the historic centre is limited to residents.\n"
    )
    page = split_page(ARTICLE + listicle)
    assert page.comments == ()


def test_wrapped_cell_lines_are_joined_into_sentences() -> None:
    assert unwrap("A difficult day for many. In my books this\nis very fitting.\nNew line") == [
        "A difficult day for many. In my books this is very fitting.",
        "New line",
    ]


def test_headlines_over_dates_without_a_heading_are_a_rail_not_comments() -> None:
    rail = (
        "Council votes to close the old bridge\n05 Oct 2011\n\n"
        "Storm damage repaired across the harbour\n25 Sep 2011\n\n"
        "New school opens its doors to pupils\n21 Sep 2011\n\n"
        "Museum reopens after two years of works\n19 Sep 2011\n\n"
    )
    rest = (
        "The council will meet again next month to discuss the budget, officials said.\n\n"
        "A spokesman for the ministry said the figures would be published in full on Friday.\n\n"
        "Unions said they would study the plan before deciding whether to call a strike.\n"
    )
    page = split_page(ARTICLE + rail + rest)
    assert page.comments == ()


def test_comments_with_short_author_lines_over_dates_are_not_a_rail() -> None:
    thread = (
        "Comments\n\nJane Doe\n05 Oct 2011\nFinally some money for schools.\n\n"
        "bob_77\n05 Oct 2011\nWe will see where it really goes.\n\n"
        "Carla M\n06 Oct 2011\nI agree with Jane on this one.\n"
    )
    page = split_page(ARTICLE + thread)
    assert [c.author for c in page.comments] == ["Jane Doe", "bob_77", "Carla M"]


def test_a_like_button_under_each_headline_does_not_make_comments() -> None:
    headlines = [
        "Storm Nears Coast As Residents Leave",
        "Council Approves New Bridge Plan",
        "Markets Fall For Third Day In A Row",
        "Museum Reopens After Two Years",
    ]
    rail = [Comment(f"c{n}", text) for n, text in enumerate(headlines)]
    replies = [Comment("c0", "Great piece, thanks."), Comment("c1", "lol"), Comment("c2", "So true!")]
    assert not plausible_comments(rail, reader_actions=True)
    assert plausible_comments(replies, reader_actions=True)


def test_a_reply_form_under_every_comment_does_not_end_the_section() -> None:
    thread = "12 Responses\n\n" + "".join(
        f"{name}\n{date}\n{text}\n\nreply to this comment\nName (required)\n\nEmail (will not be published) (required)\n\n"
        for name, date, text in [
            ("john", "10/12/2012", "How do I save the project file?"),
            ("Mark", "10/03/2012", "The ad on this page is covering the video player."),
            ("Mike", "09/24/2012", "A good mask is better than the automatic tool."),
        ]
    )
    page = split_page(ARTICLE + thread)
    assert [c.author for c in page.comments] == ["john", "Mark", "Mike"]
    assert not any("Email" in c.text for c in page.comments)


def test_a_blog_list_with_times_after_the_closing_furniture_is_not_comments() -> None:
    thread = (
        "2 comments:\n\nJane Doe said...\n\nLovely recipe, I will try it this weekend.\n\nReplyDelete\n\n"
        "bob_77 said...\n\nToo much butter for me, but it looks great.\n\nReplyDelete\n\n"
        "Add comment\nLoad more...\n\nOlder Post Home\n\nSearch This Blog\n\nMy Blog List\n\n"
    )
    blogs = "".join(
        f"Blog {n}\nPost title {n} - A summary sentence of post number {n} goes here for readers.\n{n} hours ago\n"
        for n in range(1, 16)
    )
    page = split_page(ARTICLE + thread + blogs)
    assert [c.author for c in page.comments] == ["Jane Doe", "bob_77"]


def test_embedded_posts_quoted_in_an_article_are_not_comment_headers() -> None:
    assert classify("— Jane Doe (@jdoe) December 31, 2014", gap_before=True).kind is Kind.CHROME
    assert classify("Jane Doe (@jdoe) • 3 hours ago", gap_before=True).kind is Kind.HEADER


@pytest.mark.parametrize(
    "line",
    [
        "You must be logged in to leave a comment. Log in or create an account.",
        "The opinions expressed in reader comments are those of the author only, and not ours.",
        "Can't see comments?",
    ],
    ids=["login-to-leave", "opinions-policy", "cant-see"],
)
def test_comment_policy_and_login_lines_close_a_section(line: str) -> None:
    assert classify(line, gap_before=True).kind is Kind.CLOSER


def test_a_live_ticker_of_timed_headlines_is_not_comment_headers() -> None:
    ticker = "".join(
        f"{clock} {headline}\n\n"
        for clock, headline in [
            ("14:32", "Artist arrested for dyeing a famous geyser bright pink"),
            ("14:10", "Earthquake of magnitude six strikes off the coast overnight"),
            ("13:54", "Parliament votes to repeal a law from the seventeenth century"),
            ("13:43", "Ministers promise sanctions if the accusations are confirmed"),
        ]
    )
    assert {line.kind for line in induce_headers(read_lines(ticker))} == {Kind.TEXT}


def test_a_picture_credit_above_the_article_does_not_open_a_comment_section() -> None:
    lines = read_lines("Nail designs for the holidays\n\nCredit: Jane Doe/Agency © 2014 Studio\n\n" + ARTICLE)
    assert lines[1].kind is Kind.FOOTER
    assert find_comment_section(lines, 0) is None


# --- round 5: header blocks printed over several lines (synthetic strings) ---

_ARTICLE = (
    "City council votes on the new bridge\n\n"
    "The city council voted on Tuesday to approve the construction of a new bridge across the river, "
    "a project that officials said would take four years and cost far more than first planned.\n\n"
    "The mayor said the bridge would ease traffic in the centre and open new routes for buses.\n\n"
)
_TIME_OVER_NAME = (
    "3 Comments\n\nProfile\n03.04.25 at 9:14 pm\ncatlover\n\nNope, I do not think this bridge will ever get built.\n\n"
    "Profile\n03.04.25 at 9:20 pm\ndogfan\n\nI agree with you, they said the same thing ten years ago.\n\n"
    "Profile\n03.05.25 at 8:02 am\nbirdwatch\n\nWhy does nobody ask what the river people think?\n"
)
_FIELDS_OVER_TIME = (
    "Readers' Comments (3)\n\nAnn Lee\nCity: Leeds\nReply #1\nMar. 4, 2025 - 7:28 AM EST\n\n"
    "I really hope they build it, my commute is awful every single day.\n\nReply\nQuote\nReport Abuse\n"
    "lone wolf 2\nCity: York\nReply #2\nMar. 4, 2025 - 7:40 AM EST\n\nNo way, this is a waste of our money.\n\n"
    "Reply\nQuote\nReport Abuse\n"
    "Ann Lee\nCity: Leeds\nReply #3\nMar. 4, 2025 - 7:52 AM EST\n\nWe pay for roads anyway, why not a bridge?\n\n"
    "Reply\nQuote\nReport Abuse\n"
)
_TIME_BELOW = (
    "Comments\n\nAnn Lee\n\nI really hope they build it, my commute is awful every single day.\n\n"
    "reply\nMarch 4, 2025\n6:32 PM\n\nbobcat\n\nNo way, this is a waste of our money and time.\n\n"
    "reply\nMarch 5, 2025\n2:20 AM\n\nAnn Lee\n\nWe pay for roads anyway, so why not for a bridge?\n\n"
    "reply\nMarch 5, 2025\n9:10 AM\n"
)
_SIGNATURES_BELOW = (
    "Visitor comments\n\nA fair point\n\nI really hope they build it, my commute is awful every single day.\n\n"
    "Posted by: Ann Lee, 04 Mar 2025 | 09:12\n\nToo costly\n\nNo way, this is a waste of our money and time.\n\n"
    "Posted by: Bob Cat, 04 Mar 2025 | 10:30\n\nWhy not\n\nWe pay for roads anyway, so why not for a bridge?\n\n"
    "Posted by: Ann Lee, 05 Mar 2025 | 08:45\n\nAdd your comment\n"
)

@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (_TIME_OVER_NAME, [("catlover", "03.04.25 at 9:14 pm"), ("dogfan", "03.04.25 at 9:20 pm"), ("birdwatch", "03.05.25 at 8:02 am")]),
        (_FIELDS_OVER_TIME, [("Ann Lee", "Mar. 4, 2025 - 7:28 AM EST"), ("lone wolf 2", "Mar. 4, 2025 - 7:40 AM EST"), ("Ann Lee", "Mar. 4, 2025 - 7:52 AM EST")]),
        (_TIME_BELOW, [("Ann Lee", "March 4, 2025 6:32 PM"), ("bobcat", "March 5, 2025 2:20 AM"), ("Ann Lee", "March 5, 2025 9:10 AM")]),
        (_SIGNATURES_BELOW, [("Ann Lee", "04 Mar 2025 | 09:12"), ("Bob Cat", "04 Mar 2025 | 10:30"), ("Ann Lee", "05 Mar 2025 | 08:45")]),
    ],
    ids=["time-over-name", "name-fields-number-time", "text-reply-date-clock-below", "signatures-below-blank-line"],
)
def test_header_blocks_over_several_lines(section: str, expected: list[tuple[str, str]]) -> None:
    page = split_page(_ARTICLE + section)
    assert [(c.author, c.posted_at) for c in page.comments] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jo smith\n03/05/2025\nFrom Leeds\n\nGreat tutorial, thanks a lot!\n", []),
        ("\n03/05/2025\nbobcat\n\nGreat tutorial, thanks a lot!\n", [("bobcat", "03/05/2025")]),
        ("Ann Lee\n\nMarch 4, 2025\n6:32 PM\n\nGreat tutorial, thanks a lot!\n", []),
        ("Great tutorial, thanks a lot!\n\nMarch 4, 2025 02:47 PM\nScore: 0/0\n\nFlag this\n", []),
    ],
    ids=[
        "name-time-place-is-not-time-over-name",
        "time-over-name",
        "date-and-clock-lines-stay-two-anchors",
        "field-under-the-time-is-no-name",
    ],
)
def test_header_block_rules_on_lines(text: str, expected: list[tuple[str, str]]) -> None:
    from moderation.page.header_blocks import merge_header_blocks

    lines = merge_header_blocks(read_lines(text))
    assert [(ln.author, ln.posted_at) for ln in lines if ln.kind is Kind.HEADER and ln.author] == expected
    if "6:32 PM" in text:
        assert [ln.posted_at for ln in lines if ln.kind is Kind.TIME] == ["March 4, 2025 6:32 PM"] * 2


@pytest.mark.parametrize(
    "after_marker",
    [
        "Leave a Comment\nThe council is out of control. We can stop them!\n\nTAKE ACTION NOW AND SIGN THE PETITION!\n\n"
        "Why wait? Every signature counts, so do it today.\n",
    ],
    ids=["form-right-under-the-marker"],
)
def test_a_comment_form_right_under_the_marker_without_headers_is_no_comments(after_marker: str) -> None:
    page = split_page(_ARTICLE + "Comments\n" + after_marker)
    assert page.comments == ()


@pytest.mark.parametrize(
    ("line", "kind", "count"),
    [("留言列表 (12)", Kind.MARKER, 12), ("發表留言", Kind.CLOSER, None)],
    ids=["zh-comment-list-counter", "zh-post-a-comment-form"],
)
def test_chinese_comment_section_furniture(line: str, kind: Kind, count: int | None) -> None:
    parsed = classify(line, gap_before=True)
    assert (parsed.kind, parsed.declared_count) == (kind, count)


@pytest.mark.parametrize(
    "text",
    [
        "Discover\n\nThe paper on every screen\n\nExplore\n\nOur news in real time\n\nDiscover\n\n"
        "The best of the press every morning\n\nDownload\n\nAll our mobile apps\n",
    ],
    ids=["site-links-under-the-comments"],
)
def test_short_links_over_taglines_are_not_bare_name_lines(text: str) -> None:
    from moderation.page.section import name_lines

    assert name_lines(read_lines(text), 0, counted=True) == set()


@pytest.mark.parametrize(("line", "kind"), [("about a minute ago", Kind.TIME), ("about an hour ago", Kind.TIME),
                                            ("3 hours ago", Kind.TIME), ("about 3 hours ago", Kind.TEXT)])
def test_hedged_times_with_a_number_are_the_tweet_widgets(line: str, kind: Kind) -> None:
    """Yahoo-style comments say 'about a minute ago'; Twitter's embedded timeline stamps every tweet 'about
    3 hours ago'. Read as times, those stamps made a sidebar feed outscore the real comment section on two
    real blog pages (pages_dev html), so a hedged time with a number is not a comment time."""
    assert classify(line, gap_before=True).kind is kind
