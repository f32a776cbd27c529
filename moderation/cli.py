"""`moderation` command line: one thin subcommand per job; the library does the work.

Each subcommand only parses arguments, calls the library and prints. Errors the library raises on
purpose become one line on stderr and a non-zero exit (never a traceback), see `main`.
"""

from __future__ import annotations

import sys

import typer

from moderation.errors import ModerationError

app = typer.Typer(
    name="moderation",
    help="Reader-comment moderation and credibility for news publishers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Reader-comment moderation and credibility for news publishers."""


@app.command()
def split(
    page: str = typer.Argument(..., help="A page file: a plain-text dump or HTML (UTF-8)."),
    format: str = typer.Option("text", "--format", help="Output: json (the Page) or text (readable)."),
) -> None:
    """Split a news page into its article and its individual reader comments."""
    from pathlib import Path

    from moderation.errors import InvalidInput
    from moderation.page import split_page
    from moderation.page.render import page_to_json, page_to_text

    if format not in ("json", "text"):
        raise InvalidInput(f"Unknown format {format!r}; use json or text.")
    result = split_page(Path(page).read_bytes())
    print(page_to_json(result) if format == "json" else page_to_text(result))


def main() -> None:
    """Console entry point: turn expected failures into one line on stderr and exit code 2."""
    try:
        app(standalone_mode=True)
    except ModerationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except (OSError, UnicodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
