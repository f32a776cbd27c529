"""`moderation queue import FILE`: queue a CSV/JSONL of comments for the moderators' page."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

queue_app = typer.Typer(help="The moderators' queue (served at / by `moderation serve`).", no_args_is_help=True,
                        rich_markup_mode=None)


@queue_app.command("import")
def queue_import(
    file: Path = typer.Argument(..., help="CSV with a header, or JSON lines; a 'text' column is required."),
    site: str = typer.Option("default", "--site", help="Site for rows without a site_id column."),
    text_col: str = typer.Option("text", "--text-col", help="The column that holds the comment."),
    model: str = typer.Option("", "--model", help="Artifact to score with (default: models/current)."),
    database_url: str = typer.Option("", "--database-url", help="Default: MODERATION_DATABASE_URL."),
) -> None:
    """Score every comment with the model and put it in the pending-review queue."""
    from moderation.config import get_settings
    from moderation.errors import InvalidInput
    from moderation.feedback import FeedbackStore
    from moderation.model import Moderator
    from moderation.policy import load_policy
    from moderation.queue.importer import import_file
    from moderation.queue.store import QueueStore

    if not file.is_file():
        raise InvalidInput(f"{file} does not exist or is not a file.")
    settings = get_settings()
    moderator = Moderator.load(Path(model) if model else None)
    policy = load_policy(settings.policy_file, moderator.thresholds)
    feedback = FeedbackStore(database_url or settings.database_url)
    try:
        store = QueueStore(feedback, settings.queue_retention_days, moderator.thresholds)
        result = import_file(file, store, moderator, policy, site_id=site, text_col=text_col)
    finally:
        feedback.close()
    print(f"queued {result.queued} comments from {file} for review", file=sys.stderr)
