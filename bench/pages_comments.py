"""Per-comment scores on pages with per-comment gold: boundaries, authors, times, reply links.

The gold is read from a folder given on the command line (one `<page id>.json` per page, kept
outside the repository: it holds the pages' comment text):

    {"id": "...", "comments": [{"author": str|null, "time": str|null, "text": str,
                                "subject": str (optional), "reply_to": int|null}, ...]}

`reply_to` is the index of the comment replied to in the same list. The page itself is read from
`<MODERATION_DATA_DIR>/pages_dev/pages/<id>.<format>` (or `--pages DIR`) and split in-process.

Matching: a predicted comment and a gold comment match when the Dice overlap of their word tokens
(lowercased `\\w+`, each CJK character one token; gold text plus its subject line) is at least 0.5;
pairs are taken greedily, best overlap first, one to one. P = matched / predicted, R = matched /
gold. Of the matched comments: **author** right when the names agree after case folding and
dropping punctuation (or one is the other followed by more words: "Susan" / "Susan from Toledo");
**time** right when the digits shown agree (the same numbers in the same order), or, for a time
without digits ("about a minute ago", "Hace una hora"), the same words. **reply**: of the matched
gold replies whose parent is matched, the share whose predicted `reply_to` is the predicted parent.

    .venv/bin/python bench/pages_comments.py GOLD_DIR [--formats txt,html] [--json FILE]

Prints one row per page and a total per format; the JSON holds numbers only.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from moderation.config import get_settings

MIN_DICE = 0.5
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]+", re.UNICODE)


def tokens(text: str | None) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text or ""))


def dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def _words(text: str | None) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text or "")]


def author_right(gold: str | None, predicted: str | None) -> bool:
    g, p = _words(gold), _words(predicted)
    if not g or not p:
        return False
    shorter, longer = (g, p) if len(g) <= len(p) else (p, g)
    return longer[: len(shorter)] == shorter


def time_right(gold: str | None, predicted: str | None) -> bool:
    if not gold or not predicted:
        return False
    g_digits = [int(d) for d in re.findall(r"\d+", gold)]
    if g_digits:
        return g_digits == [int(d) for d in re.findall(r"\d+", predicted)]
    return _words(gold) == _words(predicted)


def match(gold: list[dict[str, Any]], predicted: list[Any]) -> dict[int, int]:
    """gold index -> predicted index, greedy on Dice overlap."""
    g_tokens = [tokens(f"{g.get('subject') or ''}\n{g['text']}") for g in gold]
    p_tokens = [tokens(c.text) for c in predicted]
    pairs = sorted(
        ((dice(gt, pt), gi, pi) for gi, gt in enumerate(g_tokens) for pi, pt in enumerate(p_tokens)),
        reverse=True,
    )
    pairs_taken: dict[int, int] = {}
    used: set[int] = set()
    for score, gi, pi in pairs:
        if score < MIN_DICE:
            break
        if gi in pairs_taken or pi in used:
            continue
        pairs_taken[gi] = pi
        used.add(pi)
    return pairs_taken


def score_page(gold: list[dict[str, Any]], comments: list[Any]) -> dict[str, int]:
    pairs = match(gold, comments)
    ids = {c.id: i for i, c in enumerate(comments)}
    row = {"gold": len(gold), "predicted": len(comments), "matched": len(pairs)}
    row["author_gold"] = sum(gold[gi]["author"] is not None for gi in pairs)
    row["author_right"] = sum(
        author_right(gold[gi]["author"], comments[pi].author) for gi, pi in pairs.items()
    )
    row["time_gold"] = sum(gold[gi]["time"] is not None for gi in pairs)
    row["time_right"] = sum(time_right(gold[gi]["time"], comments[pi].posted_at) for gi, pi in pairs.items())
    replies = [(gi, pi) for gi, pi in pairs.items() if gold[gi].get("reply_to") is not None]
    replies = [(gi, pi) for gi, pi in replies if gold[gi]["reply_to"] in pairs]
    row["reply_gold"] = len(replies)
    row["reply_right"] = sum(
        ids.get(comments[pi].reply_to or "") == pairs[gold[gi]["reply_to"]] for gi, pi in replies
    )
    row["reply_predicted"] = sum(c.reply_to is not None for c in comments)
    return row


def _share(num: int, den: int) -> str:
    return "   n/a" if den == 0 else f"{100 * num / den:6.1f}"


def summary(row: dict[str, int]) -> dict[str, float | None]:
    p = row["matched"] / row["predicted"] if row["predicted"] else 0.0
    r = row["matched"] / row["gold"] if row["gold"] else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "author": row["author_right"] / row["author_gold"] if row["author_gold"] else None,
        "time": row["time_right"] / row["time_gold"] if row["time_gold"] else None,
        "reply": row["reply_right"] / row["reply_gold"] if row["reply_gold"] else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", type=Path, help="folder of <page id>.json per-comment gold")
    parser.add_argument("--pages", type=Path, default=get_settings().data_dir / "pages_dev" / "pages")
    parser.add_argument("--formats", default="txt,html")
    parser.add_argument("--only", default=None, help="substring of page ids")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    from moderation.page import split_page

    golds = sorted(args.gold.glob("*.json"))
    golds = [g for g in golds if args.only is None or args.only in g.stem]
    report: dict[str, Any] = {}
    keys = ("gold", "predicted", "matched", "author_gold", "author_right", "time_gold", "time_right")
    keys += ("reply_gold", "reply_right", "reply_predicted")
    for page_format in [f.strip() for f in args.formats.split(",") if f.strip()]:
        total = dict.fromkeys(keys, 0)
        rows = {}
        print(f"\nformat {page_format}")
        print(
            f"{'page':34} {'gold':>4} {'pred':>4} {'match':>5} {'F1':>6} {'author':>6} {'time':>6} {'reply':>6}"
        )
        for path in golds:
            gold = json.loads(path.read_text(encoding="utf-8"))
            page_file = args.pages / f"{gold['id']}.{page_format}"
            try:
                comments = list(split_page(page_file.read_bytes()).comments)
            except Exception:  # noqa: BLE001  # a refused page predicts nothing
                comments = []
            row = score_page(gold["comments"], comments)
            rows[gold["id"]] = row
            for k in keys:
                total[k] += row[k]
            if not args.quiet:
                s = summary(row)
                print(
                    f"{gold['id'][:34]:34} {row['gold']:>4} {row['predicted']:>4} {row['matched']:>5}"
                    f" {100 * s['f1']:6.1f} {_share(row['author_right'], row['author_gold'])}"
                    f" {_share(row['time_right'], row['time_gold'])} {_share(row['reply_right'], row['reply_gold'])}"
                )
        s = summary(total)
        print(
            f"{'TOTAL ' + str(len(golds)) + ' pages':34} {total['gold']:>4} {total['predicted']:>4}"
            f" {total['matched']:>5} {100 * s['f1']:6.1f} {_share(total['author_right'], total['author_gold'])}"
            f" {_share(total['time_right'], total['time_gold'])} {_share(total['reply_right'], total['reply_gold'])}"
        )
        print(
            f"P {100 * s['precision']:.1f}  R {100 * s['recall']:.1f}  replies predicted {total['reply_predicted']}"
            f"  (author/time/reply shares are of matched comments with that gold field)"
        )
        report[page_format] = {"total": total, "summary": s, "pages": rows}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
