"""Reply links in flat text dumps: "@name", salutations, "replied" headers, cited quote headers."""

from __future__ import annotations

import pytest

from moderation import split_page
from moderation.page.addressing import AuthorIndex, fold, is_salutation
from moderation.page.lines import Kind, read_lines
from moderation.page.text_dump import find_comment_section
from moderation.types import Comment

ARTICLE = (
    "Lawmakers approved the budget on Thursday after a night of negotiations, the speaker said in a statement.\n\n"
    "The plan raises spending on schools and hospitals by four per cent, according to figures released by the "
    "finance ministry.\n\n"
    "Opposition parties said the increase would not keep pace with inflation and vowed to table amendments.\n\n"
)


def _split(section: str) -> list[Comment]:
    return list(split_page((ARTICLE + section).encode()).comments)


def _links(comments: list[Comment]) -> list[tuple[str | None, str | None]]:
    ids = {c.id: c.author for c in comments}
    return [(c.author, ids.get(c.reply_to) if c.reply_to else None) for c in comments]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Stephane-Chalangeas", "c1"),  # exact after folding
        ("stephane", "c1"),  # a leading part of the name
        ("Stephane Chaleangas", "c1"),  # misspelt
        ("Rosa", "c2"),
        ("Bob", None),  # nobody of that name commented
        ("Ste", None),  # too short to be a leading part
    ],
)
def test_author_index_matches_loosely_written_names(name: str, expected: str | None) -> None:
    index = AuthorIndex()
    index.add("Stephane-Chalangeas", "c1")
    index.add("Rosa Lopez", "c2")
    assert index.latest(name) == expected


def test_author_index_prefers_the_latest_comment_by_an_author() -> None:
    index = AuthorIndex()
    index.add("Jane Doe", "c1")
    index.add("Sam", "c2")
    index.add("jane-doe", "c3")
    assert index.latest("Jane Doe") == "c3"


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("@Jane Doe you are wrong about this", "c1"),
        ("@ jane thanks for the link", "c1"),
        ("Hey Jane, read the article again", "c1"),
        ("Hallo Jane, das stimmt nicht", "c1"),
        ("Hola Jane", "c1"),
        ("Bonjour jane, non.", "c1"),
        ("Hey everyone, what a mess", None),
        ("Jane Austen wrote better budgets", None),  # a name in prose is not an address
    ],
)
def test_addressed_openings(opening: str, expected: str | None) -> None:
    index = AuthorIndex()
    index.add("Jane Doe", "c1")
    assert index.addressed(opening) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Hey Dread-neck", True), ("Hallo Jana", True), ("Heyward Smith", False), ("Dear", False), ("Jane Doe", False)],
)
def test_is_salutation(line: str, expected: bool) -> None:
    assert is_salutation(line) is expected


def test_fold() -> None:
    assert fold("  Stephane-Chalangeas ") == fold("stephane_chalangeas") == "stephane chalangeas"


REPLIED_HEADERS = (
    "3 commentaires\n\n"
    "monsieurx a écrit le lundi 29 octobre 2012 à 15h46\n\n"
    "Le budget ne change rien pour les écoles de la ville.\n\n"
    "Xolotl a écrit le lundi 29 octobre 2012 à 17h07\n\n"
    "Les hôpitaux attendent toujours les fonds promis depuis deux ans.\n\n"
    "Stephane-Chalangeas a répondu le mardi 30 octobre 2012 à 11h45\n\n"
    "Tout à fait d'accord, les fonds promis ne sont jamais arrivés.\n\n"
    "Roger-Wielgus a répondu le mardi 30 octobre 2012 à 17h24\n\n"
    "@ stephane\n\nVous rêvez, les fonds sont arrivés en mars.\n\n"
)


def test_replied_headers_and_mentions_link_replies() -> None:
    assert _links(_split(REPLIED_HEADERS)) == [
        ("monsieurx", None),
        ("Xolotl", None),
        ("Stephane-Chalangeas", "Xolotl"),  # "a répondu": the comment above
        ("Roger-Wielgus", "Stephane-Chalangeas"),  # "@ stephane", a leading part of the name
    ]


CITED_HEADERS = (
    "4 Comments\n\n"
    "HalfPastLate\nReply #1\nOct. 9, 2010 - 7:56 AM EST\n\n"
    "If you get a real close election the census could make a difference. Palin sealed it early on.\n\n"
    "Reply\nQuote\n"
    "Mikey123\nReply #2\nOct. 9, 2010 - 7:58 AM EST\n\n"
    "The spending plan looks like it was written on a napkin by the committee.\n\n"
    "Reply\nQuote\n"
    "poorsinner101\nReply #3\nOct. 9, 2010 - 8:09 AM EST\n\n"
    "HalfPastLate: Oct. 9, 2010 - 7:56 AM EST\n\n"
    "Palin sealed it early on.\n\n"
    "Yes, and now she is an ordinary citizen steering the debate.\n\n"
    "Reply\nQuote\n"
    "Juan de la Salsa\nReply #4\nOct. 9, 2010 - 8:14 AM EST\n\n"
    "Hey Mikey123\n\"The spending plan looks like it was written on a napkin\"\n\n"
    "Exactly right, and nobody on the committee read it either.\n\n"
    "Reply\nQuote\n"
)


def test_cited_quote_header_keeps_the_replys_own_author_and_time() -> None:
    comments = _split(CITED_HEADERS)
    assert _links(comments) == [
        ("HalfPastLate", None),
        ("Mikey123", None),
        ("poorsinner101", "HalfPastLate"),
        ("Juan de la Salsa", "Mikey123"),  # "Hey Mikey123" is a salutation, not the author
    ]
    reply = comments[2]
    assert reply.posted_at == "Oct. 9, 2010 - 8:09 AM EST"
    assert reply.text.startswith("Yes, and now she")
    assert reply.quotes is not None and reply.quotes.author == "HalfPastLate"


def test_an_unknown_cited_author_is_still_a_new_comment() -> None:
    """Only a header naming an earlier comment's author and time is a citation."""
    section = CITED_HEADERS.replace("HalfPastLate: Oct. 9, 2010 - 7:56 AM EST", "Newcomer: Oct. 9, 2010 - 8:10 AM EST")
    authors = [c.author for c in _split(section)]
    assert "Newcomer" in authors


BODY = (
    "At the plant, we first realised we needed to talk to our customers back in 2007, after a blogger wrote "
    "about a broken dishwasher and thousands of readers agreed with him.\n\n"
    "We have since used our own staff to answer questions, and I think it has made us a better company.\n\n"
    "You can't control the conversation. You have to learn to be comfortable being uncomfortable, I'd say.\n\n"
    "Be authentic, and don't try to be someone else online, because honestly people can tell right away.\n\n"
)


HEAD = (
    "Five Lessons for Business\n\nA plant manager discusses the company's strategy for talking to customers on "
    "social networks, relying on its own staff.\n\nBy Brad Shaw\n\nRelated Items\n\n"
    "What to Expect at the Launch\nWhy Costs Rise\n\n"
)


def test_a_comment_link_in_a_tool_row_does_not_make_the_article_comments() -> None:
    page = split_page((HEAD + "Story Tools\n\nadd to favourites\nE-mail\nPrint\nComment\n\n" + BODY).encode())
    assert page.comments == ()
    assert "comfortable being uncomfortable" in " ".join(page.article.paragraphs)


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("Courtesy of the company\nBy Brad Shaw\n", None),  # no article prose yet: a link above the body
        (BODY, 0),  # after the article: the heading of a bare comment section
    ],
    ids=["above-the-body", "after-the-body"],
)
def test_an_uncounted_comments_line_above_the_body_is_a_link(before: str, expected: int | None) -> None:
    lines = read_lines("Five Lessons\n\n" + before + "\nComments\n\n" + BODY)
    marker = next(i for i, line in enumerate(lines) if line.kind is Kind.MARKER)
    found = find_comment_section(lines, 0)
    assert found == (None if expected is None else marker)


def test_headed_comments_after_a_comments_link_are_still_found() -> None:
    section = "Comments\n\n" + BODY + "2 Comments\n\nJane Doe says:\nMarch 3, 2025 at 10:01 am\n\nWhat a load of rubbish.\n\nReply\n\n"
    section += "Sam Fox says:\nMarch 3, 2025 at 11:15 am\n\nI agree with every word of this.\n\nReply\n"
    comments = split_page(("Five Lessons for Business\n\nBy Brad Shaw\n\n" + section).encode()).comments
    assert [c.author for c in comments] == ["Jane Doe", "Sam Fox"]


RAIL_THEN_THREAD = (
    "Related\n\n"
    "Survey Results Show the Budget Is Trending Up\n\nThe ministry published the results of its survey.\n\n"
    "March 17, 2016\n\nIn \"News\"\n\n"
    "Hospitals Ranked Among the Most Dreaded Waits\n\nA new report covers a wide range of topics.\n\n"
    "April 8, 2015\n\nIn \"News\"\n\n"
    "There are 3 comments\n\n"
    "collizo4sky · December 21, 2014 at 10:01 AM\n\nAwesome tutorial, period.\n\n"
    "wesley · December 24, 2014 at 11:15 AM\n\nDoes it work with the new rules\n\n"
    "Sam Fox · December 24, 2014 at 1:40 PM\n\nIt works with everything.\n\n"
)


def test_a_dated_rail_before_the_comment_heading_is_not_comments() -> None:
    comments = _split(RAIL_THEN_THREAD)
    assert [c.author for c in comments] == ["collizo4sky", "wesley", "Sam Fox"]
    assert comments[1].text == "Does it work with the new rules"  # short and unpunctuated, still kept


@pytest.mark.parametrize(
    ("line", "count"),
    [("There are 13 comments", 13), ("Es gibt 3 Kommentare", 3), ("Hay 4 comentarios", 4), ("Il y a 2 commentaires", 2)],
)
def test_counts_with_a_leading_phrase(line: str, count: int) -> None:
    parsed = read_lines(line)[0]
    assert (parsed.kind, parsed.declared_count) == (Kind.MARKER, count)


@pytest.mark.parametrize(
    ("line", "kind", "count"),
    [
        ("Comments [3]", Kind.MARKER, 3),
        ("Score: 0/0", Kind.WIDGET, None),
        ("Feature this Comment Moderate", Kind.WIDGET, None),
        ("Report this comment", Kind.WIDGET, None),
    ],
)
def test_counter_and_moderation_rows(line: str, kind: Kind, count: int | None) -> None:
    parsed = read_lines(line)[0]
    assert (parsed.kind, parsed.declared_count) == (kind, count)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dan from Brazil", True),
        ("Susan from Toledo, OH", True),
        ("Jana aus Köln", True),
        ("news from the front", False),
        ("I am from Texas", False),
        ("Jane from 1984", False),
    ],
)
def test_names_with_a_place(text: str, expected: bool) -> None:
    from moderation.page.lines import is_name_like

    assert is_name_like(text) is expected
