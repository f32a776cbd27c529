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
    rich_markup_mode=None,  # plain help: rich's panels tag every flag `<bool>`, even --help
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


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, min=1, help="Worker processes; each loads the model once."),
    access_log: bool = typer.Option(False, help="Log every request line (off: URLs may carry API keys)."),
) -> None:
    """Run the HTTP moderation service (FastAPI under uvicorn)."""
    from api.config import check_settings
    from api.serve import run
    from moderation.inference.jit import ensure_built

    check_settings()  # a bad MODERATION_* variable is one line here, not a traceback in every worker
    ensure_built(wait=False)  # kernels built ahead of time: workers need no numba/LLVM (~100 MB each)
    run(host=host, port=port, workers=workers, access_log=access_log)


@app.command()
def train(
    data_dir: str = typer.Option("", "--data-dir", help="Shared corpora (default: MODERATION_DATA_DIR)."),
    out: str = typer.Option("", "--out", help="Folder for the artifact (default: the models dir)."),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Random seed (default: the configured seed)."),
    set_current: bool | None = typer.Option(None, "--set-current/--no-set-current",
                                            help="Point models/current at the new artifact "
                                                 "(default: on when writing to the models dir)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also fit and measure TF-IDF+LR."),
    identity_balance: bool = typer.Option(True, "--identity-balance/--no-identity-balance",
                                          help="Re-weight civil rows that mention identity terms."),
    fairness_compare: bool = typer.Option(False, "--fairness-compare",
                                          help="Also fit an unmitigated head and record BPSN before/after."),
) -> None:
    """Train the incivility moderator on the fixed splits and write a versioned artifact + model card."""
    from pathlib import Path

    from moderation.train import TrainOptions, train as run_training

    result = run_training(TrainOptions(
        data_dir=Path(data_dir) if data_dir else None, out_dir=Path(out) if out else None,
        seed=seed, set_current=set_current, baseline=baseline,
        identity_balance=identity_balance, fairness_compare=fairness_compare,
    ))
    print(f"{result.out_dir / result.stem}.joblib")


@app.command("train-claims")
def train_claims(
    model: str = typer.Option("", "--model", help="Artifact to extend (default: the one models/current names)."),
    data_dir: str = typer.Option("", "--data-dir", help="Shared corpora (default: MODERATION_DATA_DIR)."),
    out: str = typer.Option("", "--out", help="Folder for the new artifact (default: the models dir)."),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Random seed (default: the configured seed)."),
    set_current: bool = typer.Option(True, "--set-current/--no-set-current", help="Point models/current at it."),
    encoder_onnx: str = typer.Option("", "--encoder-onnx", help="ONNX sentence encoder (default: the artifact's "
                                     "own encoder if a component holds one, else none)."),
    encoder_dir: str = typer.Option("", "--encoder-dir", help="Folder with the encoder's tokenizer.json."),
    encoder_max_len: int = typer.Option(128, "--encoder-max-len", min=8),
    ukp: bool = typer.Option(True, "--ukp/--no-ukp", help="Train on UKP (CC BY-NC: off for commercial use)."),
    evaluate: bool = typer.Option(True, "--evaluate/--no-evaluate", help="Measure new vs previous vs TF-IDF."),
    legacy: bool = typer.Option(False, "--legacy", help="Fit the previous n-gram ClaimComponent instead."),
) -> None:
    """Fit the claims component, add it to an existing artifact, and save a new version (with card)."""
    import json
    from pathlib import Path

    from moderation.config import get_settings
    from moderation.errors import InvalidInput
    from moderation.model import Moderator

    settings = get_settings()
    say = lambda message: print(message, file=sys.stderr)
    base = Moderator.load(model or None)
    corpora = Path(data_dir) if data_dir else settings.data_dir
    seed = settings.seed if seed is None else seed
    if legacy:
        from moderation.claims.train import add_claims

        extended = add_claims(base, corpora, seed, say)
    else:
        from moderation.claims.train_encoded import add_encoded_claims

        encoder = None
        if encoder_onnx:
            if not encoder_dir or not (Path(encoder_dir) / "tokenizer.json").is_file():
                raise InvalidInput("--encoder-onnx needs --encoder-dir, a folder holding tokenizer.json.")
            from moderation.encoder import OnnxEncoder

            encoder = OnnxEncoder(Path(encoder_onnx).read_bytes(),
                                  (Path(encoder_dir) / "tokenizer.json").read_text(), encoder_max_len, 6)
        extended, metrics = add_encoded_claims(base, corpora, encoder, seed, say, ukp, evaluate)
        if metrics:
            from moderation.evaluation.claims_bench import table

            say(table(metrics))
            say(json.dumps(metrics, default=float)[:200])
    out_dir = Path(out) if out else settings.models_dir
    stem = extended.save(out_dir, "moderator", make_current=set_current)
    print(f"{out_dir / stem}.joblib")


@app.command()
def claims(
    page: str = typer.Argument(..., help="A page file with comments: a plain-text dump or HTML (UTF-8)."),
    related: list[str] = typer.Option([], "--related", help="Another outlet's page on the same event (repeat)."),
    model: str = typer.Option("", "--model", help="Artifact path (default: the one models/current names)."),
) -> None:
    """Each comment's sentences: claim type, support status, corroboration by the article or related pages."""
    from pathlib import Path

    from moderation.batch.score import require_file
    from moderation.claims.report import claims_walkthrough
    from moderation.model import Moderator

    for path in [page, *related]:
        require_file(Path(path))
    print(claims_walkthrough(Moderator.load(Path(model) if model else None), Path(page), [Path(p) for p in related]))


@app.command()
def evaluate(
    model: str = typer.Option("", "--model", help="Artifact path (default: the one models/current names)."),
    data_dir: str = typer.Option("", "--data-dir", help="Shared corpora (default: MODERATION_DATA_DIR)."),
    out: str = typer.Option("", "--out", help="Report folder (default: <reports dir>/evaluation)."),
    peers: bool = typer.Option(True, "--peers/--no-peers", help="Include the offline peers when installed."),
    max_rows: int = typer.Option(0, "--max-rows", min=0, help="Seeded sample per test split (0 = all)."),
    fairness_rows: int = typer.Option(10000, "--fairness-rows", min=0, help="Template sentences (0 = all)."),
    max_train_rows: int = typer.Option(0, "--max-train-rows", min=0,
                                       help="Baseline training sample, for quick checks only (0 = all)."),
    robustness_rows: int = typer.Option(300, "--robustness-rows", min=1,
                                        help="Uncivil and civil test comments each for the obfuscation check."),
) -> None:
    """Compare our model, the TF-IDF+LR baseline, VADER and the peers on every test split; write a report."""
    from pathlib import Path

    from moderation.config import get_settings
    from moderation.evaluation.job import EvaluationOptions, run

    settings = get_settings()
    run(EvaluationOptions(
        data_dir=Path(data_dir) if data_dir else settings.data_dir,
        out_dir=Path(out) if out else settings.reports_dir / "evaluation",
        model_path=Path(model) if model else None,
        peers=peers,
        max_rows_per_split=max_rows or None,
        fairness_rows=fairness_rows or None,
        max_train_rows=max_train_rows or None,
        robustness_per_group=robustness_rows,
    ))


@app.command()
def score(
    input: str = typer.Argument(..., help="CSV or JSONL file of comments, or a page (text dump or HTML)."),
    text_col: str = typer.Option("text", "--text-col", help="Column (CSV) or key (JSONL) holding the text."),
    id_col: str = typer.Option("", "--id-col", help="Column that identifies a row (checked to exist)."),
    format: str = typer.Option("", "--format", help="Input format: csv, jsonl or page (default: by extension)."),
    out: str = typer.Option("", "--out", help="Output file (default: stdout); .csv or .jsonl picks the format."),
    explain: bool = typer.Option(False, "--explain", help="Add explaining spans (JSONL output)."),
    model: str = typer.Option("", "--model", help="Artifact path (default: the one models/current names)."),
    engine: str = typer.Option("local", "--engine", help="local (this process) or dask (partitioned, --out DIR)."),
    scheduler: str = typer.Option("", "--scheduler", help="Dask scheduler address (default: a LocalCluster)."),
    partitions: int | None = typer.Option(None, "--partitions", min=1,
                                          help="Dask: number of input partitions (default: one per 10k rows)."),
    workers: int | None = typer.Option(None, "--workers", min=1,
                                       help="Dask LocalCluster worker processes (default: cores)."),
) -> None:
    """Score every comment of a file (one column per label); bad rows are reported on stderr and skipped."""
    from pathlib import Path

    from moderation.batch.score import check_output, input_format, require_text_file, score_input
    from moderation.errors import InvalidInput
    from moderation.model import Moderator

    require_text_file(Path(input))
    if engine not in ("local", "dask"):
        raise InvalidInput(f"Unknown --engine {engine!r}; use local or dask.")
    if engine == "dask" and not out:
        raise InvalidInput("--engine dask writes partitioned output: name a folder with --out DIR.")
    if engine == "local":  # before the model loads: a wrong name or a dropped --explain costs nothing
        check_output(Path(out) if out else None, input_format(Path(input), format or None), explain)
    moderator = Moderator.load(Path(model) if model else None)
    if engine == "dask":
        from moderation.batch.distributed import DaskOptions, score_with_dask

        options = DaskOptions(scheduler or None, partitions, workers)
        score_with_dask(moderator, Path(input), Path(out), options, text_col=text_col, id_col=id_col or None,
                        explain=explain)
        return
    score_input(moderator, Path(input), Path(out) if out else None, explicit_format=format or None,
                text_col=text_col, id_col=id_col or None, explain=explain)


@app.command("split-and-score")
def split_and_score(
    page: str = typer.Argument(..., help="A page file: a plain-text dump or HTML (UTF-8)."),
    format: str = typer.Option("text", "--format", help="Output: text (readable) or json."),
    model: str = typer.Option("", "--model", help="Artifact path (default: the one models/current names)."),
) -> None:
    """Split a page and show every comment with its scores, flagged labels and the words that drove them."""
    from pathlib import Path

    from moderation.batch.score import require_text_file
    from moderation.batch.show import show_page
    from moderation.model import Moderator

    require_text_file(Path(page))
    show_page(Moderator.load(Path(model) if model else None), Path(page), format)


keys_app = typer.Typer(help="API keys for the service (only their sha256 is stored).", no_args_is_help=True,
                       rich_markup_mode=None)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    name: str = typer.Argument(..., help="Who or what uses the key, e.g. coral or newsroom-cms."),
    scope: list[str] = typer.Option(["read"], "--scope", help="read, feedback or admin (repeatable)."),
    file: str = typer.Option("", "--file", help="Key file (default: MODERATION_API_KEYS_FILE or var/api_keys.json)."),
) -> None:
    """Create a key, store its hash, and print the key once."""
    from pathlib import Path

    from moderation.keys import create_key, default_keys_file

    path = Path(file) if file else default_keys_file()
    print(create_key(path, name, scope))
    print(f"stored the key's sha256 in {path}; it is not shown again", file=sys.stderr)


@keys_app.command("list")
def keys_list(
    file: str = typer.Option("", "--file", help="Key file (default: MODERATION_API_KEYS_FILE or var/api_keys.json)."),
) -> None:
    """Every key's name, scopes, creation and revocation time (never the key itself)."""
    from pathlib import Path

    from moderation.keys import default_keys_file, list_keys

    path = Path(file) if file else default_keys_file()
    keys = list_keys(path)
    if not keys:
        print(f"no keys in {path}", file=sys.stderr)
    for key in keys:
        status = f"revoked {key.revoked_at}" if key.revoked_at else "active"
        print(f"{key.name}\t{','.join(key.scopes)}\tcreated {key.created_at}\t{status}")


@keys_app.command("revoke")
def keys_revoke(
    name: str = typer.Argument(..., help="The key's name, as `moderation keys list` shows it."),
    file: str = typer.Option("", "--file", help="Key file (default: MODERATION_API_KEYS_FILE or var/api_keys.json)."),
) -> None:
    """Revoke a key: running servers refuse it from their next request on (no restart)."""
    from pathlib import Path

    from moderation.keys import default_keys_file, revoke_key

    path = Path(file) if file else default_keys_file()
    key = revoke_key(path, name)
    print(f"revoked {key.name} at {key.revoked_at}", file=sys.stderr)


from moderation.queue.cli import queue_app

app.add_typer(queue_app, name="queue")

from moderation.retrain.cli import models_app, retrain_command

app.command("retrain")(retrain_command)
app.add_typer(models_app, name="models")


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
