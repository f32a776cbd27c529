"""Property tests: the splitter never crashes, never invents text and never uses a line twice."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation import split_page
from moderation.errors import InvalidInput
from moderation.types import Page

PROSE = st.sampled_from(
    [
        "The minister said the plan would be published next week, according to officials.",
        "Police said two people were arrested after the protest outside parliament on Monday.",
        "I think this is nonsense.",
        "Why does nobody ask who pays for it?",
        "They were probably right",
        "And that is the whole point:",
        "lowercase continuation of a thought",
    ]
)
FURNITURE = st.sampled_from(
    [
        "5 Comments",
        "Comments",
        "Leave a Reply",
        "© 2025 Example News",
        "Reply",
        "Report",
        "Share ›",
        "Like · Reply · 3w",
        "12 points",
        "Load more comments",
        "Jane Doe • 3 hours ago",
        "bob_77 · 5h · Reply",
        "Jane Doe says:",
        "March 3, 2025 at 10:01 am",
        "RichardPearceToday  07:20 am JST",
        "Maria Okafor",
        "By Jane Doe",
        "KYIV",
        "world",
        "date 2025-04-08 Kyiv, Ukraine — The talks resumed today.",
        "> quoted words from someone else",
        "Photo: Reuters/Someone",
    ]
)
SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\n \n"])


def _norm(text: str) -> str:
    return " ".join(text.split())


@st.composite
def structured_pages(draw: st.DrawFn) -> str:
    one_line = st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
    )
    lines = draw(st.lists(st.one_of(PROSE, FURNITURE, one_line), min_size=1, max_size=30))
    marked = [f"{line} [{n}]" if n % 3 == 0 else line for n, line in enumerate(lines)]
    unique = list(dict.fromkeys(" ".join(line.split()) for line in marked if line.strip())) or ["x"]
    out = unique[0]
    for line in unique[1:]:
        out += draw(SEPARATORS) + line
    return out


def _pieces(page: Page) -> dict[str, list[str]]:
    comments = [p for c in page.comments for p in c.text.split("\n")]
    return {
        "article": [_norm(p) for p in page.article.paragraphs],
        "boilerplate": [_norm(p) for p in page.article.boilerplate],
        "comments": [_norm(p) for p in comments],
        # one entry per quoted line: consecutive "> " lines lose their markers when joined
        "quotes": [
            _norm(q) for c in page.comments if c.quotes is not None for q in c.quotes.text.split("\n")
        ],
    }


def _split_or_refuse(text: str) -> Page | None:
    try:
        return split_page(text)
    except InvalidInput:
        assert not text.strip() or "\x00" in text or any(ch < " " for ch in text if ch not in "\n\r\t\f\v")
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_never_raises_anything_but_invalid_input_on_arbitrary_text(text: str) -> None:
    _split_or_refuse(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structured_pages())
def test_pieces_occur_in_input_and_are_disjoint(text: str) -> None:
    page = _split_or_refuse(text)
    if page is None:
        return
    source = _norm(text)
    pieces = _pieces(page)
    for kind, items in pieces.items():
        for item in items:
            assert item in source, (kind, item)
    owned = pieces["article"] + pieces["boilerplate"] + pieces["comments"]
    assert len(set(owned)) == len(owned), "a line was used twice"
    for comment in page.comments:
        assert comment.text.strip() and comment.text == comment.text.strip()
        assert comment.reply_to is None or comment.reply_to in {c.id for c in page.comments}


TAGS = st.sampled_from(
    ["div", "p", "span", "li", "ol", "ul", "article", "section", "blockquote", "time", "b", "a"]
)
CLASSES = st.sampled_from(
    [
        "",
        "comment",
        "comment-content",
        "fn",
        "post",
        "post-message",
        "author",
        "coral-comment",
        "comment__body",
        "comments-area",
        "children",
        "reply",
    ]
)


@st.composite
def tag_soup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag, cls = draw(TAGS), draw(CLASSES)
            ident = draw(st.sampled_from(["", " id='comments'", " id='disqus_thread'"]))
            close = draw(st.sampled_from([f"</{tag}>", "", "</div>"]))
            parts.append(f"<{tag} class='{cls}'{ident}>{draw(tag_soup(depth + 1))}{close}")
        else:
            parts.append(
                draw(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
            )
    return "".join(parts)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_html_never_raises_on_tag_soup(soup: str) -> None:
    page = _split_or_refuse("<html><body>" + soup)
    if page is not None:
        assert page.source_format == "html"
