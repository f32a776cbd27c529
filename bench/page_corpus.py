"""Generate text-dump pages with known article/comment boundaries, for the splitting benchmark.

Each page joins real article paragraphs (the four comment-free seed pages) with real reader
comments (C3, UCC, SFU CTC from the shared data directory), rendered in one comment-section style
seen on real sites. The truth (body paragraphs, each comment's own text, author, reply target) is
recorded while rendering, so it never depends on the splitter being measured.
"""

from __future__ import annotations

import csv
import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

# (file, comment column, thread column or None): comments on one page come from one real thread
COMMENT_SOURCES: tuple[tuple[str, str, str | None], ...] = (
    ("claims/c3_constructive_comments/C3_anonymized.csv", "comment_text", "article_id"),
    ("incivility/ucc_unhealthy_comments/val.csv", "comment", None),
    ("incivility/sfu_ctc_constructiveness_toxicity/SFU_constructiveness_toxicity.csv", "comment", "title"),
)
_PSEUDO_THREAD = 15  # UCC has no thread ids: random comments are grouped in fixed-size pseudo-threads
_MIN_THREAD = 3
ARTICLE_SEEDS = ("000", "001", "002", "004")
TUNED_STYLES = ("quote_glued", "disqus", "wordpress", "reddit", "plain", "plain_no_footer")
# pages without any comment section: boundary accuracy = article kept whole and no comment invented
NO_COMMENT_STYLES = ("article_only", "html_article_only")
# Held-out history (numbers in the docstring of split_generalisation.py): blogger and facebook were held
# out until their first run; nyt and numbered until theirs. Each group's failures were fixed after its
# run, so those styles count as tuned from then on. hn and slashdot, written before the nyt/numbered
# fixes and never run before the final report, are the held-out styles now.
# Held-out history: each group was written before the fixes for the previous one and run once,
# untouched, on the test split (first-seen numbers in bench/SPLIT.md); its failures were then fixed,
# so it counts as tuned ("tuned*") from then on. Group 1: blogger, facebook; 2: nyt, numbered;
# 3: hn, slashdot; 4: Disqus/Guardian/old-Reddit/Discourse dumps and two HTML pages; 5: phpBB,
# YouTube, forum quotes, signatures below the text, nested HTML threads; 6 (written at 02:50): the
# seed-003 site with its furniture, a dump with blank lines between header items, WordPress block
# theme, a vBulletin table forum.
FIRST_HELD_OUT_STYLES = (
    "blogger",
    "facebook",
    "nyt",
    "numbered",
    "hn",
    "slashdot",
    "disqus_dump",
    "guardian",
    "old_reddit",
    "discourse",
    "html_microdata",
    "html_hashed",
    "phpbb",
    "youtube",
    "forum_quotes",
    "signature_below",
    "html_nested",
    "japan_today_full",
    "wapo_dump",
    "html_wp_block",
    "html_vbulletin",
    "facebook_plugin_dump",
    "reddit_new_dump",
    "html_livefyre",
)
# Group 7 (facebook_plugin_dump, reddit_new_dump, html_livefyre), written at 03:12 before group 6 was
# first run, was run once at 03:33 and then fixed; no style is held out any more (see bench/SPLIT.md).
HELD_OUT_STYLES: tuple[str, ...] = ()
HTML_STYLES = frozenset(
    {
        "html_article_only",
        "html_microdata",
        "html_hashed",
        "html_nested",
        "html_wp_block",
        "html_vbulletin",
        "html_livefyre",
    }
)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
_FIRST = ("Maria", "Dave", "Aoife", "Ian", "Priya", "Tom", "Lucia", "Ken", "Sarah", "Omar", "Jin", "Ruth")
_LAST = (
    "Whitfield",
    "Okafor",
    "Lindqvist",
    "Hollis",
    "Raman",
    "Mercer",
    "Ortega",
    "Pearce",
    "Novak",
    "Byrne",
)
_HANDLES = (
    "TrueNorth",
    "oldsalt",
    "maple_leaf",
    "skeptic",
    "RiverRat",
    "quietobserver",
    "bluenose",
    "Ctizen",
)
_OUTLETS = ("The Daily Ledger", "Northfield Courier", "Globe Media Inc.", "Valley Herald Ltd")


@dataclass
class GoldComment:
    text_paragraphs: list[str]
    author: str | None = None
    reply_to: int | None = None  # index of the quoted comment


@dataclass
class GoldPage:
    style: str
    text: str
    body: list[str]
    comments: list[GoldComment] = field(default_factory=list)


def load_articles(seed_dir: Path) -> list[dict[str, object]]:
    """Body paragraphs of the comment-free seeds; lines carrying a title or dateline prefix are left out."""
    articles = []
    for path in sorted(seed_dir.glob("*.txt")):
        if path.name[:3] not in ARTICLE_SEEDS:
            continue
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        title = None
        if path.name.startswith(("002", "004")):
            if path.name.startswith("004"):
                title = lines[0]
                lines = lines[1:]
            lines = lines[1:]
        articles.append({"title": title, "paragraphs": lines})
    return articles


def load_threads(data_dir: Path, rng: random.Random) -> list[list[list[str]]]:
    """Real reader-comment threads; each comment as 1-4 paragraphs (real breaks, else sentences regrouped)."""
    threads: list[list[list[str]]] = []
    for relative, column, thread_column in COMMENT_SOURCES:
        grouped: dict[str, list[str]] = {}
        with (data_dir / relative).open(encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.DictReader(handle)):
                text = (row.get(column) or "").strip()
                if text:
                    key = row[thread_column] if thread_column else str(n // _PSEUDO_THREAD)
                    grouped.setdefault(key or str(n), []).append(text)
        for key in sorted(grouped):
            if len(grouped[key]) >= _MIN_THREAD:
                threads.append([_paragraphs_of(text, rng) for text in grouped[key]])
    rng.shuffle(threads)
    return threads


def _paragraphs_of(text: str, rng: random.Random) -> list[str]:
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines[:4]
    sentences = _SENTENCE_RE.split(" ".join(text.split()))
    wanted = min(len(sentences), rng.choices((1, 2, 3, 4), weights=(50, 25, 15, 10))[0])
    if wanted <= 1:
        return [" ".join(sentences)]
    cuts = sorted(rng.sample(range(1, len(sentences)), wanted - 1))
    bounds = [0, *cuts, len(sentences)]
    return [" ".join(sentences[a:b]) for a, b in pairwise(bounds)]


def _author(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    return f"{rng.choice(_HANDLES)}{rng.choice(('', str(rng.randint(1, 99))))}"


def _handle(rng: random.Random) -> str:
    return f"{rng.choice(_HANDLES).lower()}_{rng.randint(1, 999)}"


def _clock(rng: random.Random) -> str:
    return f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('am', 'pm'))}"


def _date(rng: random.Random) -> str:
    month = rng.choice(("January", "March", "April", "June", "September", "November"))
    return f"{month} {rng.randint(1, 28)}, 2025"


def _footer(rng: random.Random, n_comments: int, required: bool) -> list[str]:
    options = [
        [f"© {rng.choice(_OUTLETS)} 2025."],
        [f"Copyright 2025 {rng.choice(_OUTLETS)}. All rights reserved."],
        [f"{n_comments} Comments"],
        ["Comments"],
        ["Join the conversation"],
        [f"© 2025 {rng.choice(_OUTLETS)}", f"{n_comments} comments"],
    ]
    if not required:
        options.append([])
    return rng.choice(options)


# --- styles: each renders the comment list as text lines and fills in the truth -----------------


def _render_quote_glued(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    times: dict[int, str] = {}
    authors = [comment.author for comment in comments]
    for i, comment in enumerate(comments):
        if i > 0 and rng.random() < 0.3:
            target = rng.randrange(i)
            quoted = comments[target]
            if quoted.reply_to is None:
                comment.reply_to = target
                quote = quoted.text_paragraphs[0]
                if rng.random() < 0.5:
                    quote = quote.rstrip(".!?")
                when = times.setdefault(target, f"{rng.choice(('Today', 'Yesterday'))}  {_clock(rng)} JST")
                header = f"{quoted.author}{when}" if rng.random() < 0.6 else str(quoted.author)
                out += [header, "", quote, ""]
        out += _join(comment.text_paragraphs, "\n\n") + [""]
    quoted_targets = {comment.reply_to for comment in comments if comment.reply_to is not None}
    for i, comment in enumerate(comments):
        comment.author = authors[i] if i in quoted_targets else None
    return out


def _render_disqus(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        when = rng.choice(("3 hours ago", "a day ago", "2 days ago", "an hour ago", "5 minutes ago"))
        out += [f"{comment.author} • {when}", *_join(comment.text_paragraphs, rng.choice(("\n", "\n\n")))]
        out += [rng.choice(("Reply • Share ›", "−  +4  Reply", "5  Reply  Share")), ""]
    return out


def _render_wordpress(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        when = f"{_date(rng)} at {_clock(rng)}"
        header = (
            [f"{comment.author} says:", when] if rng.random() < 0.6 else [f"{comment.author} says: {when}"]
        )
        out += [*header, "", *_join(comment.text_paragraphs, "\n\n"), "", "Reply", ""]
    return out


def _render_reddit(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        comment.author = _handle(rng)
        when = f"{rng.randint(1, 23)}{rng.choice(('h', 'd', 'm'))}"
        header = f"{comment.author} · {when}" + rng.choice(("", " · Reply"))
        out += [header, *_join(comment.text_paragraphs, "\n\n")]
        out += [
            rng.choice((f"{rng.randint(1, 300)} points · Reply · Share", "Reply Share Report", "▲ 12 ▼")),
            "",
        ]
    return out


def _render_plain(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        comment.author = None
        out += [*_join(comment.text_paragraphs, "\n"), ""]
    return out


def _render_blogger(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        out += [f"{comment.author} said...", *_join(comment.text_paragraphs, "\n\n")]
        out += [f"{_date(rng)} at {_clock(rng).upper()}", ""]
    return out


def _render_facebook(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        when = f"{rng.randint(1, 52)}{rng.choice(('w', 'd', 'h'))}"
        out += [str(comment.author), *_join(comment.text_paragraphs, "\n")]
        out += [rng.choice((f"Like · Reply · {when}", f"Like · Reply · {rng.randint(1, 40)} · {when}")), ""]
    return out


def _render_nyt(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        place = rng.choice(("Toronto", "Ohio", "Brooklyn, NY", "London", "Vancouver BC"))
        when = rng.choice((f"{_date(rng).split(',')[0]}", f"{rng.randint(1, 11)}h ago", "Yesterday"))
        out += [str(comment.author), place, when, "", *_join(comment.text_paragraphs, "\n\n"), ""]
        out += [f"{rng.randint(1, 300)} Recommend    Share    Flag", ""]
    return out


def _render_numbered(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for number, comment in enumerate(comments, start=1):
        when = f"{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/2025 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        out += [f"#{number} {comment.author} wrote on {when}:", *_join(comment.text_paragraphs, "\n\n"), ""]
    return out


def _render_hn(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        comment.author = _handle(rng)
        when = rng.choice(
            (f"{rng.randint(2, 23)} hours ago", f"{rng.randint(2, 59)} minutes ago", "1 day ago")
        )
        links = rng.choice(("| parent | next [–]", "| next [–]", "| prev | next [–]"))
        out += [
            f"{comment.author} {when} {links}",
            "",
            *_join(comment.text_paragraphs, "\n\n"),
            "",
            "reply",
            "",
        ]
    return out


def _render_slashdot(comments: list[GoldComment], rng: random.Random) -> list[str]:
    out: list[str] = []
    for comment in comments:
        comment.author = _handle(rng)
        subject = rng.choice(("Re: The real story", "Not so fast", "Re:Funny", "Interesting"))
        score = f"(Score:{rng.randint(1, 5)}, {rng.choice(('Insightful', 'Informative', 'Funny'))})"
        day = rng.choice(("Tuesday", "Wednesday", "Friday"))
        when = f"{day} May {rng.randint(1, 28)}, 2025 @{rng.randint(1, 12):02d}:{rng.randint(0, 59):02d}AM"
        out += [f"{subject} {score}", f"by {comment.author} on {when} (#{rng.randint(10000, 99999)})"]
        out += [*_join(comment.text_paragraphs, "\n\n"), ""]
    return out


def _render_disqus_dump(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Disqus copied from the browser: every inline element of the header and the footer on its own line."""
    out: list[str] = []
    for comment in comments:
        when = rng.choice(("3 hours ago", "a day ago", "2 days ago", "an hour ago", "5 minutes ago"))
        out += (["Avatar"] if rng.random() < 0.5 else []) + [str(comment.author), "•", when]
        out += _join(comment.text_paragraphs, rng.choice(("\n", "\n\n")))
        out += [str(rng.randint(0, 40)), "•", "Reply", "•", "Share ›", ""]
    return out


def _render_guardian(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Name line, date line, paragraphs with blank lines, then recommend count and buttons."""
    out: list[str] = []
    for comment in comments:
        comment.author = _handle(rng)
        when = f"{rng.randint(1, 28)} {rng.choice(('Mar', 'Apr', 'May'))} 2025 {rng.randint(0, 23)}:{rng.randint(0, 59):02d}"
        out += [comment.author, when, "", *_join(comment.text_paragraphs, "\n\n"), ""]
        out += [str(rng.randint(0, 300)), "Reply", "Report", ""]
    return out


def _render_old_reddit(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """old.reddit.com: "[–]name 12 points 3 hours ago", text, glued link row."""
    out: list[str] = []
    for comment in comments:
        comment.author = _handle(rng)
        points = rng.randint(-5, 400)
        unit = "point" if abs(points) == 1 else "points"
        when = f"{rng.randint(2, 23)} hours ago"
        out += [f"[–]{comment.author} {points} {unit} {when}{rng.choice(('', '*'))}"]
        out += _join(comment.text_paragraphs, "\n\n")
        out += [
            rng.choice(("permalinkembedsavereportreply", "permalinkembedsaveparentreportgive awardreply")),
            "",
        ]
    return out


def _render_discourse(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Discourse: user name, optional full name, short date, paragraphs, reply count and likes."""
    out: list[str] = []
    for comment in comments:
        full = str(comment.author)
        comment.author = _handle(rng)
        when = rng.choice((f"{rng.randint(1, 30)}d", f"{rng.randint(1, 23)}h", f"Mar {rng.randint(1, 28)}"))
        header = [comment.author, full, when] if rng.random() < 0.5 else [comment.author, when]
        out += header + ["", *_join(comment.text_paragraphs, "\n\n"), ""]
        tail = [f"{rng.randint(1, 9)} Replies"] if rng.random() < 0.3 else []
        out += tail + ([str(rng.randint(1, 30))] if rng.random() < 0.6 else []) + ["Reply", ""]
    return out


def _phpbb_time(rng: random.Random) -> str:
    day = rng.choice(("Mon", "Tue", "Wed", "Thu", "Fri"))
    return f"{day} {rng.choice(('Mar', 'Apr', 'May'))} {rng.randint(1, 28):02d}, 2025 {_clock(rng)}"


def _render_phpbb(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """phpBB topic: "Re: subject", "Post by name » date", paragraphs, optional signature rule, "Top"."""
    out: list[str] = []
    subject = rng.choice(("Council budget", "The new bylaw", "Ferry fares", "Election night"))
    for n, comment in enumerate(comments):
        comment.author = _handle(rng)
        out += [subject if n == 0 else f"Re: {subject}", f"Post by {comment.author} » {_phpbb_time(rng)}"]
        out += ["", *_join(comment.text_paragraphs, "\n\n"), "", "Top", ""]
    return out


def _render_youtube(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """YouTube-like: "@handle 3 days ago (edited)", text, like count, "Reply", sometimes "2 replies"."""
    out: list[str] = []
    for comment in comments:
        comment.author = f"@{_handle(rng).replace('_', '')}"
        when = f"{rng.randint(1, 11)} {rng.choice(('days', 'weeks', 'months'))} ago" + rng.choice(
            ("", " (edited)")
        )
        out += [
            f"{comment.author} {when}",
            *_join(comment.text_paragraphs, "\n"),
            str(rng.randint(1, 900)),
            "Reply",
        ]
        out += ([f"{rng.randint(2, 9)} replies"] if rng.random() < 0.3 else []) + [""]
    return out


def _render_forum_quotes(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Forum posts with "Name » date" headers; some replies open with "Name wrote:" and the quoted post."""
    out: list[str] = []
    for i, comment in enumerate(comments):
        comment.author = _handle(rng)
        out += [f"{comment.author} » {_phpbb_time(rng)}", ""]
        if i > 0 and rng.random() < 0.4:
            target = rng.randrange(i)
            if comments[target].reply_to is None:
                comment.reply_to = target
                out += [f"{comments[target].author} wrote:", comments[target].text_paragraphs[0], ""]
        out += [*_join(comment.text_paragraphs, "\n\n"), "", ""]
    return out


def _render_signature_below(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Letters-page style: the text first, then "— Name, Place, date" below it."""
    out: list[str] = []
    for comment in comments:
        place = rng.choice(("Toronto", "Halifax", "Leeds", "Cork", "Perth"))
        when = rng.choice((_date(rng), f"{rng.randint(2, 23)} hours ago"))
        out += [*_join(comment.text_paragraphs, "\n\n"), f"— {comment.author}, {place}, {when}", ""]
    return out


def _render_html_nested(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Hashed-class threads: replies nested in a list inside the comment they answer."""
    cls = [f"css-{rng.randrange(36**6):06x}" for _ in range(6)]

    def item(n: int) -> str:
        comment = comments[n]
        comment.author = _handle(rng)
        return (
            f'<div class="{cls[2]}"><div class="{cls[3]}"><a href="/u/{comment.author}">{comment.author}</a>'
            f'<span class="{cls[4]}">{rng.randint(1, 59)} min ago</span></div>'
            f'<div class="{cls[5]}">{_html_paragraphs(comment.text_paragraphs)}</div>'
            f"<div><button>Reply</button><button>Report</button></div>"
        )

    out = [f'<section class="{cls[0]}"><h2>{len(comments)} comments</h2><div class="{cls[1]}">']
    n = 0
    while n < len(comments):
        parent = n
        out.append(item(n))
        n += 1
        if n < len(comments) and rng.random() < 0.5:
            out.append(f'<div class="{cls[1]}">')
            while n < len(comments) and rng.random() < 0.6:
                comments[n].reply_to = parent
                out.append(item(n) + "</div>")
                n += 1
            out.append("</div>")
        out.append("</div>")
    return [*out, "</div></section>"]


def _render_japan_today_full(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """The seed-003 site with its furniture kept: name, time, text, vote tally; a login line at the end."""
    out: list[str] = []
    for comment in comments:
        comment.author = f"{rng.choice(_FIRST)}{rng.choice(_LAST)}" if rng.random() < 0.5 else _handle(rng)
        when = f"{rng.choice(('Today', 'Yesterday'))} {_clock(rng)} JST"
        out += [comment.author, when, "", *_join(comment.text_paragraphs, "\n\n"), ""]
        out += [f"+{rng.randint(0, 20)} / -{rng.randint(0, 20)}", ""]
    return [*out, "Login to leave a comment", ""]


def _render_wapo_dump(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Every header item and button on its own line, with blank lines between all of them."""
    out: list[str] = []
    for comment in comments:
        comment.author = _handle(rng)
        when = rng.choice((f"{rng.randint(2, 11)} hours ago", "1 day ago", f"{_date(rng)}"))
        out += [comment.author, "", when, "", *_join(comment.text_paragraphs, "\n\n"), ""]
        out += ["Like", "", "Reply", "", "Share", "", "Report", ""]
    return out


def _render_html_wp_block(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """WordPress block theme (wp-block-comment-template): li.comment > article, nested ol.children."""
    out = [
        f'<div class="wp-block-comments"><h2 class="wp-block-comments-title">{len(comments)} responses</h2>'
    ]
    out.append('<ol class="wp-block-comment-template">')
    for n, comment in enumerate(comments):
        when = f"{_date(rng)} at {_clock(rng)}"
        out.append(
            f'<li id="comment-{n + 100}" class="comment even thread-even depth-1">'
            '<div class="wp-block-columns"><div class="wp-block-column">'
            f'<div class="wp-block-comment-author-name"><a href="/u/{n}" rel="external nofollow ugc">'
            f"{html.escape(str(comment.author))}</a></div>"
            f'<div class="wp-block-comment-date"><time datetime="2025-03-02T10:01:00+00:00"><a href="#comment-{n + 100}">'
            f"{when}</a></time></div>"
            f'<div class="wp-block-comment-content">{_html_paragraphs(comment.text_paragraphs)}</div>'
            f'<div class="wp-block-comment-reply-link"><a rel="nofollow" class="comment-reply-link" href="#">Reply</a></div>'
            "</div></div></li>"
        )
    return [*out, "</ol></div>"]


def _render_html_vbulletin(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """vBulletin 3 thread: one table per post, the user cell beside the message cell."""
    out = ['<div id="posts">']
    for n, comment in enumerate(comments):
        comment.author = _handle(rng)
        when = f"{rng.randint(1, 28):02d}-0{rng.randint(1, 9)}-2025, {rng.randint(1, 12):02d}:{rng.randint(0, 59):02d} PM"
        out.append(
            f'<table class="tborder" id="post{n + 5000}" cellpadding="6" width="100%"><tr>'
            f'<td class="thead">{when}</td><td class="thead" align="right">#{n + 1}</td></tr><tr>'
            f'<td class="alt2" width="175"><a class="bigusername" href="member.php?u={n}">{comment.author}</a>'
            f"<div class='smallfont'>Junior Member</div><div class='smallfont'>Join Date: Mar 2019<br>Posts: {rng.randint(1, 900)}</div></td>"
            f'<td class="alt1" id="td_post_{n + 5000}"><div id="post_message_{n + 5000}">'
            + "<br><br>".join(html.escape(p) for p in comment.text_paragraphs)
            + "</div></td></tr><tr><td class='alt2'></td><td class='alt1' align='right'>"
            "<a href='#'>Reply With Quote</a></td></tr></table>"
        )
    return [*out, "</div>"]


def _render_facebook_plugin_dump(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Facebook comments plugin copied as text: name, an optional profile line, text, "Like · Reply · 2y"."""
    out: list[str] = []
    for comment in comments:
        out.append(str(comment.author))
        if rng.random() < 0.4:
            out.append(rng.choice(("Top fan", "Works at Northfield Courier", "Toronto, Ontario", "Author")))
        out += _join(comment.text_paragraphs, "\n")
        out += [f"Like · Reply · {rng.randint(1, 5)}y" + rng.choice(("", f" · {rng.randint(1, 90)}")), ""]
    return out


def _render_reddit_new_dump(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """New Reddit copied as text: avatar alt, name, "·", "5 hr. ago", text, then one button per line."""
    out: list[str] = []
    for comment in comments:
        comment.author = _handle(rng)
        when = f"{rng.randint(1, 23)} hr. ago" if rng.random() < 0.7 else f"{rng.randint(1, 11)} mo. ago"
        out += [
            f"{comment.author} avatar",
            comment.author,
            "·",
            when,
            *_join(comment.text_paragraphs, "\n\n"),
        ]
        out += ["Upvote", str(rng.randint(1, 999)), "Downvote", "Reply", "Award", "Share", ""]
    return out


def _render_html_livefyre(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """Livefyre (Adobe) StreamHub markup: fyre-* classes, header/body/footer per comment article."""
    out = ['<div id="livefyre-comments" class="fyre"><div class="fyre-stream-stats">']
    out.append(
        f'<span class="fyre-comment-count">{len(comments)} Comments</span></div><div class="fyre-stream-content">'
    )
    for n, comment in enumerate(comments):
        when = rng.choice(("3 hours ago", "2 days ago", "an hour ago"))
        out.append(
            f'<article class="fyre-comment-article" data-message-id="{n + 300}">'
            f'<header class="fyre-comment-head"><span class="fyre-comment-username"><span>{html.escape(str(comment.author))}</span></span>'
            f'<time class="fyre-comment-date">{when}</time></header>'
            f'<section class="fyre-comment-body"><div class="fyre-comment">{_html_paragraphs(comment.text_paragraphs)}</div></section>'
            '<footer class="fyre-comment-footer"><a class="fyre-comment-like">Like</a> '
            '<a class="fyre-comment-reply">Reply</a> <a class="fyre-comment-share">Share</a></footer></article>'
        )
    return [*out, "</div></div>"]


def _html_paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _render_html_microdata(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """schema.org Comment microdata in a section with no comment class names."""
    out = [f'<section class="user-feedback" aria-label="Reader responses"><h2>{len(comments)} Comments</h2>']
    for comment in comments:
        when = rng.choice(("3 hours ago", "2 days ago", f"{_date(rng)} at {_clock(rng)}"))
        out.append(
            '<div itemprop="comment" itemscope itemtype="https://schema.org/Comment" class="fb-item">'
            '<div class="fb-meta"><span itemprop="author" itemscope itemtype="https://schema.org/Person">'
            f'<span itemprop="name">{html.escape(str(comment.author))}</span></span> '
            f'<time itemprop="dateCreated" datetime="2025-03-02T10:01:00Z">{when}</time></div>'
            f'<div itemprop="text">{_html_paragraphs(comment.text_paragraphs)}</div>'
            '<div class="fb-actions"><button type="button">Reply</button> <button type="button">Report</button></div>'
            "</div>"
        )
    return [*out, "</section>"]


def _render_html_hashed(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """CSS-in-JS markup: hashed class names, a list of identical blocks, author link, time, text, buttons."""
    cls = [f"sc-{rng.randrange(16**6):06x}" for _ in range(6)]
    out = [f'<div class="{cls[0]}"><h3>Conversation</h3><ul class="{cls[1]}">']
    for comment in comments:
        comment.author = _handle(rng)
        when = f"{rng.randint(1, 23)}h"
        out.append(
            f'<li class="{cls[2]}"><div class="{cls[3]}"><a href="/profile/{comment.author}">{comment.author}</a>'
            f' <span class="{cls[4]}">{when}</span></div>'
            f'<div class="{cls[5]}">{_html_paragraphs(comment.text_paragraphs)}</div>'
            f"<div><button>Like</button><button>Reply</button><span>{rng.randint(0, 40)}</span></div></li>"
        )
    return [*out, "</ul></div>"]


def _html_page(title: str | None, body: list[str], section: list[str], rng: random.Random) -> str:
    head = f"<title>{html.escape(title or 'News')}</title>"
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body><header><nav><a href='/'>Home</a> <a href='/world'>World</a>"
        f"</nav></header><main><article>{heading}<p class='byline'>By Staff Reporter</p>"
        f"{_html_paragraphs(body)}</article>{''.join(section)}</main>"
        f"<footer><p>© {rng.choice(_OUTLETS)} 2025</p></footer></body></html>"
    )


def _render_article_only(comments: list[GoldComment], rng: random.Random) -> list[str]:
    """No comment section at all (most news pages): measures comments invented from article prose."""
    comments.clear()
    return []


def _join(paragraphs: list[str], separator: str) -> list[str]:
    return separator.join(paragraphs).split("\n")


RENDERERS: dict[str, Callable[[list[GoldComment], random.Random], list[str]]] = {
    "quote_glued": _render_quote_glued,
    "disqus": _render_disqus,
    "wordpress": _render_wordpress,
    "reddit": _render_reddit,
    "plain": _render_plain,
    "plain_no_footer": _render_plain,  # nothing marks the section: only the change of register can
    "blogger": _render_blogger,
    "facebook": _render_facebook,
    "nyt": _render_nyt,
    "numbered": _render_numbered,
    "hn": _render_hn,
    "slashdot": _render_slashdot,
    "disqus_dump": _render_disqus_dump,
    "guardian": _render_guardian,
    "old_reddit": _render_old_reddit,
    "discourse": _render_discourse,
    "html_microdata": _render_html_microdata,
    "html_hashed": _render_html_hashed,
    "article_only": _render_article_only,
    "html_article_only": _render_article_only,
    "japan_today_full": _render_japan_today_full,
    "wapo_dump": _render_wapo_dump,
    "html_wp_block": _render_html_wp_block,
    "html_vbulletin": _render_html_vbulletin,
    "facebook_plugin_dump": _render_facebook_plugin_dump,
    "reddit_new_dump": _render_reddit_new_dump,
    "html_livefyre": _render_html_livefyre,
    "phpbb": _render_phpbb,
    "youtube": _render_youtube,
    "forum_quotes": _render_forum_quotes,
    "signature_below": _render_signature_below,
    "html_nested": _render_html_nested,
}
_NEEDS_FOOTER = {"quote_glued", "plain"}


def make_page(
    style: str, article: dict[str, object], thread: list[list[str]], rng: random.Random
) -> GoldPage:
    paragraphs = list(article["paragraphs"])  # type: ignore[call-overload]
    start = rng.randrange(0, max(1, len(paragraphs) - 3))
    body = paragraphs[start : start + rng.randint(3, 12)]
    picked = rng.sample(thread, min(len(thread), rng.randint(3, 12)))
    comments = [GoldComment(list(paragraphs_), _author(rng)) for paragraphs_ in picked]
    section = RENDERERS[style](comments, rng)
    if style in HTML_STYLES:
        title = str(article["title"]) if article["title"] else None
        return GoldPage(style, _html_page(title, body, section, rng), body, comments)
    lines: list[str] = []
    if article["title"] and rng.random() < 0.5:
        lines += [str(article["title"]), ""]
    lines += _join(body, rng.choice(("\n", "\n\n"))) + [""]
    if style != "plain_no_footer":
        lines += [line for item in _footer(rng, len(comments), style in _NEEDS_FOOTER) for line in (item, "")]
    text = "\n".join(lines + section)
    return GoldPage(
        style, rng.choice(("", "\n")) + text.replace("\n", rng.choice(("\n", "\r\n"))), body, comments
    )


def make_corpus(
    styles: tuple[str, ...], pages_per_style: int, seed: int, seed_dir: Path, data_dir: Path
) -> list[GoldPage]:
    rng = random.Random(seed)
    articles = load_articles(seed_dir)
    threads = load_threads(data_dir, rng)
    return [
        make_page(style, rng.choice(articles), rng.choice(threads), rng)
        for style in styles
        for _ in range(pages_per_style)
    ]
