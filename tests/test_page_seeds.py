"""The seed pages: what the issue pins for each (003 has comments, the others have none)."""

from __future__ import annotations

import pytest

from moderation import split_page

COMMENT_FREE = ("000", "001", "002", "004")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_003(comment_seed_text: str):
    return split_page(comment_seed_text)


def test_003_has_seven_comments_in_page_order(seed_003) -> None:
    assert len(seed_003.comments) == 7
    assert [c.id for c in seed_003.comments] == [f"c{n}" for n in range(1, 8)]
    assert seed_003.comments[0].text.startswith("Giving credibility")
    assert seed_003.comments[-1].text.startswith("Doesn’t make sense")


def test_003_orwell_comment_is_one_comment_of_two_paragraphs(seed_003) -> None:
    orwell = [c for c in seed_003.comments if "Orwell" in c.text]
    assert len(orwell) == 1
    paragraphs = orwell[0].text.split("\n")
    assert len(paragraphs) == 2 and paragraphs[1].startswith("That that Taipei separatist")


def test_003_quote_replies_point_at_comment_one(seed_003) -> None:
    first = seed_003.comments[0]
    assert (first.author, first.posted_at) == ("RichardPearce", "Today 07:20 am JST")
    replies = [c for c in seed_003.comments if c.quotes is not None]
    assert [c.id for c in replies] == ["c6", "c7"]
    for reply in replies:
        assert reply.reply_to == first.id
        assert reply.quotes.author == "RichardPearce"
        assert reply.quotes.text.startswith("Giving credibility to a Kiev regime claim")
        assert "Giving credibility" not in reply.text and "RichardPearce" not in reply.text
    assert replies[0].text == 'More credible than Vladimir "No North Koreans Here" Putin.'


def test_003_article_fields(seed_003) -> None:
    article = seed_003.article
    assert article.title == "Chinese nationals captured fighting for Russia in Ukraine, Zelenskyy says"
    assert article.byline == "By Yuliia Dysa, Dan Peleschuk"
    assert article.dateline == "KYIV"
    assert article.section == "world"
    assert article.caption is not None and "REUTERS/Thomas Peter" in article.caption
    assert "© Thomson Reuters 2025." in article.boilerplate
    assert "©2025 GPlusMedia Inc." in article.boilerplate
    assert article.paragraphs[0].startswith("Ukraine President Volodymyr Zelenskyy said on Tuesday")
    assert article.paragraphs[-1].startswith("China, which declared a no-limits strategic partnership")
    assert len(article.paragraphs) == 18


def test_003_declared_count_differs_and_is_warned(seed_003) -> None:
    assert seed_003.article.declared_comment_count == 5
    assert seed_003.has_comment_section
    assert any("5" in w and "7" in w for w in seed_003.warnings)


@pytest.mark.parametrize("seed", COMMENT_FREE, ids=[f"seed-{s}" for s in COMMENT_FREE])
def test_comment_free_seeds_keep_every_body_paragraph(seed_texts: dict[str, str], seed: str) -> None:
    page = split_page(seed_texts[seed])
    assert page.comments == () and not page.has_comment_section
    paragraphs = page.article.paragraphs
    lines = [line for line in _lines(seed_texts[seed]) if line != page.article.title]
    assert len(paragraphs) == len(lines)
    assert lines[0].endswith(paragraphs[0])  # a leading date/dateline may be taken off the first one
    assert list(paragraphs[1:]) == lines[1:]
    assert page.warnings == ()


def test_002_leading_date_and_dateline(seed_texts: dict[str, str]) -> None:
    article = split_page(seed_texts["002"]).article
    assert article.date == "2025-04-08"
    assert article.dateline == "Kyiv, Ukraine"
    assert article.paragraphs[0].startswith("The Ukrainian military has captured two Chinese men")
    assert len(article.paragraphs) == len(_lines(seed_texts["002"]))


def test_004_title_and_dateline(seed_texts: dict[str, str]) -> None:
    article = split_page(seed_texts["004"]).article
    assert (
        article.title
        == "Ukraine Captures Chinese Nationals in Russian Army, Demands Explanation from Beijing"
    )
    assert article.dateline == "Kyiv, Ukraine"
    assert article.paragraphs[0].startswith("Tensions are escalating")


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_endings_do_not_change_the_split(comment_seed_text: str, seed_003, ending: str) -> None:
    page = split_page(comment_seed_text.replace("\n", ending).encode("utf-8"))
    assert page == seed_003
