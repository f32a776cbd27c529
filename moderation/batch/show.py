"""The `split-and-score` job: read a page, score its comments with explanations, print the report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console

from moderation.batch.page import score_page_comments
from moderation.batch.present import page_report_json, page_report_text
from moderation.batch.score import require_file
from moderation.config import get_settings
from moderation.errors import InvalidInput
from moderation.policy import load_policy

OUTPUTS = ("text", "json")
NO_COMMENTS = "No reader comments were found on this page; nothing to moderate."


def show_page(moderator: Any, path: Path, output: str = "text", stream: TextIO | None = None,
              markup: bool | None = None, site_id: str | None = None) -> None:
    """Rich markup only when writing to a terminal (unless `markup` says otherwise).

    A page without comments is answered (a line saying so, or an empty `comments` list), not refused.
    Each comment also gets the site policy's decision (the policy file in the settings, or the
    artifact's thresholds when there is none), which is what a newsroom acts on.
    """
    if output not in OUTPUTS:
        raise InvalidInput(f"Unknown --format {output!r}; use text or json.")
    require_file(path)
    stream = stream or sys.stdout
    page, scores = score_page_comments(moderator, path.read_bytes(), explain=True)
    if not page.comments and output == "text":
        title = page.article.title or "(untitled page)"
        print(f"{title}: 0 comments\n\n{NO_COMMENTS}", file=stream)
        return
    thresholds = dict(moderator.thresholds)
    site = load_policy(get_settings().policy_file, thresholds).for_site(site_id)
    decisions = [site.decide(result, comment.text)[0] for comment, result in zip(page.comments, scores, strict=True)]
    if output == "json":
        print(page_report_json(page, scores, thresholds, moderator.version, decisions), file=stream)
        return
    markup = stream.isatty() if markup is None else markup
    report = page_report_text(page, scores, thresholds, markup, decisions)
    if markup:
        Console(file=stream, highlight=False, soft_wrap=True).print(report)
    else:
        print(report, file=stream)
