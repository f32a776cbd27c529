"""Would a cheap regex sentence splitter give the claims component the same sentences as Punkt?

Measures, on the fixed corpus of `bench/throughput.py` (real reader comments), the share of comments whose
sentence spans are identical to `moderation.claims.sentences.sentence_spans` (Punkt inside each line), the
sentence-level precision/recall, and both speeds. A candidate splitter is only worth switching to at
inference if it agrees on (nearly) every comment; otherwise the claims scores change.

    .venv/bin/python bench/sentence_split_agreement.py [--n 5000]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import fixed_corpus

from moderation.claims.sentences import _HAS_BOUNDARY, _LINE, _strip, sentence_spans

ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "no", "gov", "sen", "rep", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "gen", "col", "lt", "sgt", "capt", "rev", "hon", "approx", "dept", "est", "fig", "vol"])
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+)$")


def regex_spans(text: str) -> list[tuple[int, int]]:
    """Line breaks as hard boundaries (as `sentence_spans`), then end punctuation before a capital or
    digit, except after a known abbreviation or a single letter."""
    spans = []
    for line in _LINE.finditer(text):
        base, body, start, pieces = line.start(), line.group(), 0, []
        if _HAS_BOUNDARY.search(body):
            for match in _END.finditer(body):
                word = _LAST_WORD.search(body[: match.start()])
                last = word.group(1).lower().rstrip(".") if word else ""
                if body[match.start()] == "." and (last in ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
                    continue
                pieces.append((start, match.end()))
                start = match.end()
        pieces.append((start, len(body)))
        for a, b in pieces:
            a, b = _strip(text, base + a, base + b)
            if b > a:
                spans.append((a, b))
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--out", default=str(ROOT / "reports" / "bench" / "sentence_split_agreement.json"))
    args = parser.parse_args()
    texts = fixed_corpus(args.n)
    start = time.process_time()
    punkt = [sentence_spans(t) for t in texts]
    punkt_rate = len(texts) / (time.process_time() - start)
    start = time.process_time()
    cheap = [regex_spans(t) for t in texts]
    cheap_rate = len(texts) / (time.process_time() - start)
    same = sum(a == b for a, b in zip(punkt, cheap))
    reference = {(i, s) for i, spans in enumerate(punkt) for s in spans}
    candidate = {(i, s) for i, spans in enumerate(cheap) for s in spans}
    result = {"comments": len(texts), "identical_comments": same / len(texts),
              "sentence_precision": len(reference & candidate) / len(candidate),
              "sentence_recall": len(reference & candidate) / len(reference),
              "punkt_per_cpu_second": punkt_rate, "regex_per_cpu_second": cheap_rate}
    print(f"{len(texts)} real comments: identical sentences in {same} ({result['identical_comments']:.1%}); "
          f"sentence precision {result['sentence_precision']:.3f}, recall {result['sentence_recall']:.3f}; "
          f"Punkt {punkt_rate:,.0f}/s, regex {cheap_rate:,.0f}/s (CPU time)")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
