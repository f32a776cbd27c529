"""A comment's shown time as a date, parsed by `dateparser` in the page's language first
(then the other languages with a vocabulary table: a comment thread may not share the article's).

Comment systems print dates in every language and layout ("12. März 2024, 10:32 Uhr", "3 de mayo
de 2012 a las 10:32", "le 5 mai 2012 à 10h32", "March 3, 2025 at 10:01 am"); a well-kept parser with
locale data reads them all, where our own patterns would need one more regex per site. Only dates
with a year are turned into ISO 8601: "3 hours ago" or "Today 07:20" mean nothing without the moment
the page was saved, which a page does not tell, so those keep their shown text only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateparser.date import DateDataParser

from moderation.page.vocabulary import TABLES

_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True}
MAX_PARSED_PER_PAGE = 200  # distinct shown times parsed on one page (about 3 ms each): bounded cost


@lru_cache(maxsize=8)
def _parser(language: str) -> DateDataParser:
    languages = [language, *(other for other in TABLES if other != language)]  # the page's first
    return DateDataParser(languages=languages, settings=_SETTINGS)


@lru_cache(maxsize=4096)
def parse_shown_time(shown: str, language: str | None) -> str | None:
    """ISO 8601 for a shown date with a year ("2025-03-03T10:01:00"), else None."""
    if not _YEAR_RE.search(shown) or len(shown) > 80:
        return None
    found = _parser(language if language in TABLES else "en").get_date_data(shown).date_obj
    return found.isoformat() if found is not None else None


def parse_shown_times(shown: list[str | None], language: str | None) -> list[str | None]:
    """`parse_shown_time` for each, up to `MAX_PARSED_PER_PAGE` distinct strings (the rest: None)."""
    distinct: dict[str, str | None] = {}
    result: list[str | None] = []
    for text in shown:
        if text is None:
            result.append(None)
            continue
        if text not in distinct and len(distinct) < MAX_PARSED_PER_PAGE:
            distinct[text] = parse_shown_time(text, language)
        result.append(distinct.get(text))
    return result
