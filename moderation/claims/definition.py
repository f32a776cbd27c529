"""What counts as a claim, and as an unsupported one -- the definition the claims component is
trained and tested against (README "Claims walkthrough"; `tests/test_claims_golden.py`).

- A sentence is a **claim** when it asserts something that could be true or false ("the council
  spent $2 m on the report"), or presents an evaluation or a proposal as fact ("the plan is a
  disaster", "the city should ban it").
- It is **unsupported** when neither it nor the rest of the comment gives a reason, evidence, a
  source or a personal experience for it.
- **Not claims**: questions, greetings, thanks, jokes, pure insults ("What an idiot.") and
  expressions of feeling ("I love this!"). A comment with no claims has a low `unsupported_claim`.

The forms below are *features* of the learned is-a-claim head, not decisions: each is one column
whose weight is fitted on the claim corpora (UKP, IBM, CDCP, Park & Cardie; questions there are
relabelled non-claims, as the definition says). They are data, per language; only English exists.
"""

from __future__ import annotations

import re

import numpy as np

FORMS: dict[str, dict[str, str]] = {
    "en": {
        "question": r"\?[\W_]*$",
        "courtesy": (r"^\W*(?:(?:many |big )?thanks?\b|thank you\b|thx\b|cheers\b|hi\b|hello\b|hey\b|dear \w+|"
                     r"good (?:morning|evening|afternoon|day|luck)\b|(?:i |we )?(?:really |truly )?appreciate\b|well done\b|great (?:job|work|photos?|article|"
                     r"piece|reporting)\b|nice (?:job|work|piece)\b|congrat\w*|kudos\b|bravo\b|best regards\b|regards\b)"),
        "interjection": (r"^\W*(?:lol|lmao|rofl|haha\w*|hah|wow|ugh|sigh|hmm+|meh|yikes|oops|yes|no|yep|nope|ok(?:ay)?|"
                         r"agreed?|exactly|indeed|amen|this|same|true|so true|well said)\W*$"),
        "exclamative": r"^\W*(?:what an? |such an? |you(?:'re| are) (?:an? |such an? )?)\w+(?: \w+){0,2}\W*$",
        "feeling": (r"^\W*(?:i (?:just )?(?:love|hate|adore|miss|enjoyed?|feel)\b|i'm so\b|i am so\b|so (?:sad|happy|"
                    r"angry|sorry)\b|how (?:sad|awful|wonderful|lovely)\b|love (?:this|it|that)\b)"),
        "no_letters": r"^[^A-Za-z]*$",
    },
}
FORM_NAMES: tuple[str, ...] = (*FORMS["en"], "short")
_COMPILED = {lang: [re.compile(p, re.IGNORECASE) for p in forms.values()] for lang, forms in FORMS.items()}


def definition_features(texts: list[str], language: str = "en") -> np.ndarray:
    """(n, len(FORM_NAMES)) 0/1 per non-claim form, plus `short` (at most three words)."""
    patterns = _COMPILED[language]
    out = np.zeros((len(texts), len(FORM_NAMES)))
    for row, text in enumerate(texts):
        stripped = text.strip()
        for col, pattern in enumerate(patterns):
            out[row, col] = pattern.search(stripped) is not None
        out[row, -1] = len(stripped.split()) <= 3
    return out


def is_question(text: str) -> bool:
    return _COMPILED["en"][0].search(text.strip()) is not None
