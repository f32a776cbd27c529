"""Classify each line of a text dump: prose, comment header, time stamp, widget, marker or footer.

A text dump loses the page's markup, but comment systems leave recognisable furniture behind:
short lines naming an author and a time, rows of buttons, comment counters, copyright footers.
Finding that furniture line by line is what lets the splitter work on sites it has never seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from moderation.page import patterns as pt

_SPACES_RE = re.compile(r"\s+")
_GLUED_WORDS_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[a-zA-Z])(?=\d)|(?<=\d)(?=[A-Za-z])")
_INITIAL_RE = re.compile(r"(?:\b[A-Z]|\bJr|\bSr)\.\Z")
_NAME_PARTICLES = frozenset(
    {"de", "da", "di", "du", "van", "von", "der", "den", "al", "el", "bin", "le", "la"}
)
_STRONG_WIDGET_WORDS = frozenset(
    {
        "reply",
        "replies",
        "report",
        "share",
        "like",
        "likes",
        "flag",
        "upvote",
        "downvote",
        "vote",
        "votes",
        "point",
        "points",
        "permalink",
        "recommend",
        "recommended",
        "respond",
        "dislike",
        "abuse",
        "load",
        "edited",
        "award",
        *pt.vocab.union("controls"),
    }
)

_TRAILING_FLAGS = _STRONG_WIDGET_WORDS | {"edited", "flag", "flagged", "quote", "permalink"}


class Kind(Enum):
    TEXT = "text"
    HEADER = "header"  # author (and usually time) of a comment or of a quoted comment
    TIME = "time"  # a time stamp alone, or inside a row of widgets
    WIDGET = "widget"  # Reply / Report / Like / vote counts
    MARKER = "marker"  # comment-section furniture: "5 Comments", "Leave a Reply", "Sort by"
    FOOTER = "footer"  # end-of-article boilerplate: copyright, "Reporting by"
    CHROME = "chrome"  # page furniture anywhere: "Advertisement", "Read more: ...", share buttons
    CLOSER = "closer"  # what follows a comment section: a comment form or policy, a rail heading, cookies


@dataclass(frozen=True)
class Line:
    text: str
    gap_before: bool
    kind: Kind = Kind.TEXT
    author: str | None = None
    posted_at: str | None = None
    declared_count: int | None = None
    reply_author: str | None = None  # "Jane replied to Bob · 2h": the author being answered
    answers: bool = False  # "Jane a répondu le ...": a header saying this comment is a reply


def read_lines(text: str) -> list[Line]:
    """Non-blank lines, stripped, each remembering whether a blank line preceded it."""
    lines: list[Line] = []
    gap = False
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            gap = True
            continue
        lines.append(classify(stripped, gap_before=gap or not lines))
        gap = False
    return lines


def is_picture_credit(text: str) -> bool:
    """"© Studio" or "Foto: © Jane Doe" under a photo: who took the picture, not the end of the article.

    A site's copyright footer names a year ("© 2025 Example Media") or reserves rights; a credit is a
    short name or agency alone. Read as a footer, a credit above the article body made the body a
    comment section.
    """
    return (
        pt.PICTURE_CREDIT_RE.fullmatch(text) is not None
        and len(text.split()) <= pt.PICTURE_CREDIT_MAX_WORDS
        and not pt.RIGHTS_RESERVED_RE.match(text)
    )


def classify(text: str, *, gap_before: bool) -> Line:
    """One line's kind; only short lines can be furniture, so long prose is never misread."""
    if len(text) > 2 * pt.MAX_META_LINE_CHARS:
        return Line(text, gap_before)
    collapsed = _SPACES_RE.sub(" ", text)
    if is_picture_credit(collapsed):
        return Line(text, gap_before, Kind.CHROME)
    if pt.FOOTER_RE.match(collapsed):
        return Line(text, gap_before, Kind.FOOTER)
    if pt.CLOSER_RE.match(collapsed):
        return Line(text, gap_before, Kind.CLOSER)
    if len(collapsed) > pt.MAX_META_LINE_CHARS:
        return Line(text, gap_before)
    if (
        pt.CHROME_RE.match(collapsed)
        or pt.SEPARATOR_ONLY_RE.match(collapsed)
        or pt.EMBED_ATTRIBUTION_RE.match(collapsed)
    ):
        return Line(text, gap_before, Kind.CHROME)
    count = pt.COUNT_RE.match(collapsed)
    if count:
        number = pt.count_number(count)
        return Line(text, gap_before, Kind.MARKER, declared_count=number)
    if pt.SECTION_MARKER_RE.match(collapsed):
        return Line(text, gap_before, Kind.MARKER)
    reply_to = pt.REPLY_TO_RE.match(collapsed)
    if reply_to and is_name_like(reply_to.group("author")):
        return Line(text, gap_before, Kind.WIDGET, author=reply_to.group("author").strip())
    header = parse_header(collapsed)
    if header is not None:
        author, posted_at = header
        kind = Kind.HEADER if author else Kind.TIME
        replied = pt.REPLIED_TO_RE.match(author or "")
        if replied and is_name_like(replied.group("author")) and is_name_like(replied.group("target")):
            return Line(
                text,
                gap_before,
                kind,
                replied.group("author"),
                posted_at,
                reply_author=replied.group("target"),
            )
        answers = author is not None and bool(pt.REPLY_VERB_RE.search(collapsed))
        return Line(text, gap_before, kind, author=author, posted_at=posted_at, answers=answers)
    if is_widget_piece(collapsed) or is_glued_button_row(collapsed.replace(" ", "")):
        return Line(text, gap_before, Kind.WIDGET)
    return Line(text, gap_before)


def parse_header(line: str) -> tuple[str | None, str | None] | None:
    """(author, time) of a comment header line, (None, time) for a bare time stamp, else None."""
    pieces = [
        p
        for p in pt.HEADER_SEPARATORS_RE.split(line)
        if p and not is_widget_piece(p) and not is_nav_piece(p) and not pt.COMMENT_NUMBER_RE.match(p)
    ]
    if not pieces or len(pieces) > 4:
        return None
    posted_at: str | None = None
    last = _strip_trailing_widget_words(pieces[-1]).rstrip("*:").rstrip()  # "3 hours ago*": edited; "at 08:00:"
    match = pt.TRAILING_TIME_RE.search(last) or _bracketed_time(last)
    said_after_time = False
    if match is None and (verb := pt.TRAILING_SAYS_RE.search(last)):
        last = last[: verb.start()]
        match = pt.TRAILING_TIME_RE.search(last)
        said_after_time = match is not None
    if match and (match.re is pt.BRACKETED_TIME_RE or _time_boundary_ok(last, match.start())):
        posted_at = _SPACES_RE.sub(" ", match.group("time")).strip()
        pieces[-1] = last[: match.start()]
        if not pieces[-1].strip() and len(pieces) > 1 and pt.DATE_RE.search(pieces[-2]):
            date = pt.TRAILING_TIME_RE.search(pieces[-2].rstrip())  # "Jane, 27 Sep 2011 | 15:22"
            if date and pt.DATE_RE.match(date.group("time")):
                start = line.rfind(date.group("time"))
                posted_at = _SPACES_RE.sub(" ", line[start : line.rindex(posted_at) + len(posted_at)])
                pieces[-2] = pieces[-2].rstrip()[: date.start()]
    elif len(pieces) > 1 and pt.TIME_RE.match(pieces[0]):
        posted_at, pieces = pieces[0], pieces[1:]
    author = clean_author(_strip_author_widgets(" ".join(p.strip() for p in pieces if p.strip())))
    if pt.NOT_AUTHOR_PREFIX_RE.match(author) or pt.BYLINE_RE.match(line):
        return None  # "Cook Time 20 mins", "Author: Jane Doe May 5, 2012": a card field or a byline
    if posted_at is None:
        named = pt.TIME_THEN_NAME_RE.match(line)
        if named and is_name_like(named.group("author")) and not has_action_word(named.group("author")):
            return named.group("author").strip(), named.group("time")
        scored = pt.SCORED_NAME_RE.match(line)
        if scored and is_name_like(scored.group("author")) and not has_action_word(scored.group("author")):
            return scored.group("author").strip(), None
        bare = line.rstrip(" ,:;-–—") + " "
        alone = pt.LEADING_TIME_RE.match(bare)
        if alone and alone.end() == len(bare):  # "On May 5, 2012, at 2:35 PM," printed apart from the name
            return None, alone.group("time")
        leading = pt.LEADING_TIME_RE.match(line) or _leading_time_after_buttons(line)
        if leading:  # "On May 5, 2012 at 2:35am, Jane said...", "Report this On May 5 ..., Jane wrote:"
            line, posted_at = line[leading.end() :], leading.group("time")
        says = pt.SAYS_RE.match(line) or pt.POSTED_BY_RE.match(line)
        said = says.group("author") if says else ""
        said = clean_author(said)
        if said and is_name_like(said):
            return said, posted_at
        return None
    if not author or re.fullmatch(pt.TIME_PREPOSITIONS, author, re.IGNORECASE):
        return None, posted_at  # "on 2 March 2025": the preposition of the time, not a name
    if not is_name_like(author) and not _is_reply_pair(author) and not (said_after_time and _is_handle(author)):
        return None
    return author, posted_at


def _is_handle(author: str) -> bool:
    """ "jean jett": a lower-case display name, accepted only where a time and a verb frame it."""
    words = author.split()
    return (
        0 < len(words) <= pt.LONE_NAME_MAX_WORDS
        and all(w.isalnum() or w.replace("-", "").replace("_", "").isalnum() for w in words)
        and not any(w.lower() in pt.STOPWORDS for w in words)
    )


def _bracketed_time(piece: str) -> re.Match[str] | None:
    """ "Jane Doe (1 day ago)", "Jane (May 5, 2012 10:01)"; a bare date in brackets is a post list's."""
    match = pt.BRACKETED_TIME_RE.search(piece)
    return match if match is not None and not pt.DATE_ONLY_RE.match(match.group("time")) else None


def _leading_time_after_buttons(said: str) -> re.Match[str] | None:
    """ "Report this Comment On May 5, 2012, at 2:35 PM, jdoe": the time after a button row."""
    buttons = pt.WIDGET_BEFORE_LEADING_TIME_RE.match(said)
    if buttons is None or not is_widget_piece(buttons.group("widgets")):
        return None
    return pt.LEADING_TIME_RE.match(said, buttons.end())


def _is_reply_pair(author: str) -> bool:
    replied = pt.REPLIED_TO_RE.match(author)
    return bool(replied) and is_name_like(replied.group("author")) and is_name_like(replied.group("target"))


def _strip_author_widgets(author: str) -> str:
    """ "[–]jdoe 12 points" -> "jdoe": collapse toggles and vote counts printed beside the name."""
    author = pt.AUTHOR_WIDGET_PREFIX_RE.sub("", author)
    for _ in range(2):
        author = pt.AUTHOR_WIDGET_SUFFIX_RE.sub("", author)
    return author


def is_glued_button_row(text: str) -> bool:
    """One lower-case token that splits entirely into button words ("permalinkembedsavereportreply").

    Word-break dynamic programming over at most 80 characters and words of at most 12 letters.
    """
    if not text.isalpha() or not text.islower() or len(text) > 80:
        return False
    ends = [False] * (len(text) + 1)
    ends[0] = True
    for end in range(1, len(text) + 1):
        ends[end] = any(
            ends[start] and text[start:end] in pt.GLUED_ROW_WORDS for start in range(max(0, end - 12), end)
        )
    return ends[-1] and len(text) > max(len(w) for w in pt.GLUED_ROW_WORDS)


def has_action_word(text: str) -> bool:
    """Whether a button row holds a reader action only comments have (Reply, Like, Report)."""
    if pt.CONTROL_PHRASE_RE.search(text):
        return True
    words = (word.strip(pt.WIDGET_TOKEN_STRIP).lower() for word in _GLUED_WORDS_RE.sub(" ", text).split())
    return any(word in pt.COMMENT_ACTION_WORDS for word in words) or is_glued_button_row(text.lower())


def is_nav_piece(text: str) -> bool:
    """A piece made only of thread-navigation links and ids ("prev", "next [–]", "(#98082)")."""
    tokens = text.split()
    return (
        bool(tokens)
        and any(t.strip(pt.WIDGET_TOKEN_STRIP).lower() in pt.NAV_WORDS for t in tokens)
        and all(
            t.strip(pt.WIDGET_TOKEN_STRIP).lower() in pt.NAV_WORDS
            or pt.WIDGET_TOKEN_RE.fullmatch(t)
            or pt.PERMALINK_ID_RE.fullmatch(t)
            for t in tokens
        )
    )


def _strip_trailing_widget_words(piece: str) -> str:
    """ "3 hours ago Edited" -> "3 hours ago": buttons and flags may follow the time on the same piece."""
    words = piece.split()
    while len(words) > 1 and (
        words[-1].strip(pt.WIDGET_TOKEN_STRIP).lower() in _TRAILING_FLAGS
        or pt.PERMALINK_ID_RE.fullmatch(words[-1])
    ):
        words.pop()
    return " ".join(words) if len(words) != len(piece.split()) else piece


def _time_boundary_ok(piece: str, start: int) -> bool:
    """A time glued to the name ("NameToday 07:20", "Jane3 hours ago") must be unambiguous.

    Extracted text often loses the space between inline elements. A glued time is accepted when it
    starts with a capital ("Today", "Apr. 9") or, after a letter, when it is a long form ("3 hours
    ago", "10:01") whose digits cannot belong to a user name like "bob23h".
    """
    if start == 0 or not piece[start - 1].isalnum():
        return True
    time = piece[start:]
    if time[0].isalpha():
        return time[0].isupper()
    return piece[start - 1].isalpha() and (" ago" in time or ":" in time or "/" in time)


def clean_author(author: str) -> str:
    author = pt.AUTHOR_LOCATION_RE.sub("", author)
    author = pt.AUTHOR_TRAILING_FLAGS_RE.sub("", author)
    author = re.sub(
        rf"(?i)(?:\s+(?:{pt.HEADER_VERBS[3:-1]}|posted)(?:\.\.\.|…|:)?)?(?:,?\s+{pt.TIME_PREPOSITIONS})?[\s:,\-–—|]*\Z",
        "",
        author,
    )
    author = pt.AUTHOR_LOCATION_RE.sub("", author)  # "jdoe (12345) on": the id sits before "on"
    author = pt.AUTHOR_PLACE_RE.sub("", author)
    author = re.sub(r"(?i)\A(?:(?:posted|post|comment|reply) )?by:?\s+", "", author)
    author = pt.POSTED_BY_PREFIX_RE.sub("", pt.TEMPLATE_LEADING_NUMBER_RE.sub("", author))  # "#3 Jane", "Soumis par Jane"
    return author.strip(" \t:,-–—|@")


def is_name_like(text: str) -> bool:
    """A display name or user name: short, no sentence punctuation, capitalised words or one handle."""
    text = text.strip()
    if (
        not text
        or len(text) > pt.MAX_AUTHOR_CHARS
        or text.lower() in pt.NOT_AUTHOR_WORDS
        or text.lower() in pt.ONE_WORD_REPLIES
    ):
        return False
    if (
        any(ch in text for ch in '?!;"“”')
        or text.endswith(",")
        or (text.endswith(".") and not _INITIAL_RE.search(text))
    ):
        return False
    from_place = pt.NAME_FROM_PLACE_RE.match(text)
    if from_place and _is_place(from_place.group("place")):
        return is_name_like(from_place.group("name"))  # "dan from Brazil": the name may be lower-case
    words = text.split()
    if len(words) > pt.MAX_AUTHOR_WORDS or not any(ch.isalpha() for ch in text):
        return False
    if len(words) == 1:
        return words[0].lower() not in pt.STOPWORDS
    return all(_is_name_word(w) for w in words)


def _is_place(place: str) -> bool:
    """ "Toledo, OH", "Los Angeles", "São Paulo": capitalised words, at most three, no digits."""
    words = place.replace(",", " ").split()
    return 0 < len(words) <= pt.LONE_NAME_MAX_WORDS and all(w[0].isupper() and w.isalpha() for w in words)


def _is_name_word(word: str) -> bool:
    return word[0].isupper() or word[0].isdigit() or word.lower() in _NAME_PARTICLES or word.startswith("@")


def is_widget_piece(text: str) -> bool:
    """True for button rows and counters: every token a widget word, a count, an arrow or a time.

    Rows with words need a button word (Reply, Report, Like, points...): "1. Yes 2. No" is a comment.
    """
    text = text.strip()
    if not text or len(text) > 80 or pt.TIME_RE.match(text):
        return False
    words = strong = 0
    spaced = _GLUED_WORDS_RE.sub(
        " ", pt.HEADER_SEPARATORS_RE.sub(" ", text)
    )  # "ReplyReport" -> "Reply Report"
    spaced = pt.CONTROL_PHRASE_RE.sub(" like ", spaced)  # "Liked by 3 people", "Gefällt mir"
    for token in spaced.split():
        word = token.strip(pt.WIDGET_TOKEN_STRIP).lower()
        if word in pt.WIDGET_WORDS:
            words += 1
            strong += word in _STRONG_WIDGET_WORDS
        elif not (
            pt.WIDGET_TOKEN_RE.fullmatch(token)
            or pt.WIDGET_TOKEN_RE.fullmatch(word)
            or not word
            or pt.TIME_RE.match(token)
        ):
            return False
    return (strong > 0 if words else True) and not text.endswith((".", "?", "!"))
