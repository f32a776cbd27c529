"""Page-splitting heuristics kept as data, so they can be read, reviewed and extended in one place.

Every pattern here describes a *kind* of page furniture seen across many sites (copyright footers,
comment counters, "Name • 3 hours ago" headers, Reply/Report widgets), never the text of a given page.
All regexes are anchored, use only bounded repetition and run on capped-length lines, so matching is
linear in the page size (no catastrophic backtracking).
"""

from __future__ import annotations

import re

from moderation.page import vocabulary as vocab

# --- limits -----------------------------------------------------------------------------------
MAX_META_LINE_CHARS = 160  # header, widget, footer and marker lines are short; longer lines are prose
MAX_AUTHOR_CHARS = 40
MAX_AUTHOR_WORDS = 5
MAX_HEAD_LINES = 40  # navigation, title, byline and caption lines before the first body paragraph
BODY_MIN_WORDS = 15  # a line this long is article prose even without final punctuation
BODY_MIN_WORDS_PUNCTUATED = 8
TOOL_ROW_MIN_LINES = 2  # short links right above an uncounted "Comment" link make it a story tool
TOOL_ROW_MAX_WORDS = 4
HEADING_TO_HEADER_MAX_LINES = 6  # "Comments" / "Have your say" / sort links, then the first header
# a text dump of a page laid out in columns (see `columns`): a text start after at least this many spaces,
# at this offset or more, on this many lines is a column edge
COLUMN_GAP_MIN_SPACES = 3
COLUMN_MIN_OFFSET = 16
COLUMN_MIN_ROWS = 10
COLUMN_EDGE_SLACK = 1
# and most text starts near it start at it (a data table's cells start at many offsets)
COLUMN_EDGE_WINDOW = 8
COLUMN_EDGE_SHARE = 0.6
COLUMN_MAIN_RATIO = 2.0  # another column is the main one only with this many times the first one's text
COLUMN_PADDING_SPACES = 20  # on a page with column edges, a run this long is padding wherever it ends
COLUMN_MAX_LINES = 200_000
QUOTE_MIN_CHARS = 25  # shorter paragraphs are not trusted as quotations of an earlier comment

# --- time expressions as comment systems display them -----------------------------------------
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?: ?[aApP]\.?[mM]\.?)?(?: ?[A-Z]{2,4}\b)?"
_DATE = (
    rf"(?:(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,? )?"
    rf"(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}"
    rf"|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    rf"|\d{{4}}/\d{{1,2}}/\d{{1,2}}|\d{{1,2}}-\d{{1,2}}-\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.(?:\d{{4}}|\d{{2}}(?!\d))))"
)
_UNIT_LONG = r"(?:second|sec|minute|min|hour|hr|day|week|wk|month|year|yr)s?"
_UNIT_SHORT = r"(?:s|m|h|d|w|mo|y|yr|min|hr|hrs|mins)"
_FOREIGN_MONTH = "(?:" + "|".join(m for t in ("de", "es", "fr") for m in vocab.TABLES[t].months) + r")\.?"
_WEEKDAY = "(?:" + "|".join(vocab.union("weekdays")) + ")"
_FOREIGN_CLOCK = r"(?:,? (?:à |a las |um |- |\| )?\d{1,2}[:.h]\d{2}(?: ?uhr| ?h)?)?"
# "12. März 2024", "3 de mayo de 2012", "le lundi 5 mai 2012 à 10h32", "Le 21/04/2013 à 02:20",
# "vor 8 Stunden", "hace 2 horas"
_FOREIGN_TIME = (
    rf"(?i:(?:le |am |el )?(?:{_WEEKDAY},? )?\d{{1,2}}\.?(?: de)? {_FOREIGN_MONTH}(?: de)?,? \d{{4}}"
    rf"{_FOREIGN_CLOCK}"
    rf"|(?:le |am |el )\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}(?:,? (?:à |a las |um )\d{{1,2}}[:.h]\d{{2}}(?: ?uhr| ?h)?)?"
    rf"|(?:{'|'.join(t for n in ('de', 'es', 'fr') for t in vocab.TABLES[n].relative_times)}))"
)
TIME_PATTERN = (
    rf"(?:{_FOREIGN_TIME}|(?:about (?:an?|one) {_UNIT_LONG}\.? ago|(?:\d{{1,3}}|an?|one|a few) {_UNIT_LONG}\.? ago)"
    rf"|\d{{1,3}} ?{_UNIT_SHORT}\.?(?: ago)?"
    rf"|(?:[Tt]oday|[Yy]esterday)(?:,? (?:at )?{_CLOCK})?"
    rf"|[Jj]ust now"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d{{1,6}})?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?"
    rf"|{_CLOCK},? {_DATE}"  # "2:15 pm November 11, 2014"
    rf"|{_DATE}(?:,? (?:at |@ ?|- |\| )?{_CLOCK})?"
    rf"|{_CLOCK})"
)
TIME_RE = re.compile(rf"{TIME_PATTERN}\Z")
# the time at the end of a header line, glued to the author ("NameToday 07:20 am JST") or spaced
TRAILING_TIME_RE = re.compile(rf"(?P<time>{TIME_PATTERN})\Z")
DATE_RE = re.compile(rf"{_DATE}(?:,? (?:at )?{_CLOCK})?\Z")
# "Richard Hart (1 day ago)": the time in brackets after the name
BRACKETED_TIME_RE = re.compile(rf" ?\((?P<time>{TIME_PATTERN})\)\Z")
DATE_ONLY_RE = re.compile(rf"{_DATE}\Z")  # "Post title (2016/07/30)" in a list of posts is no header
CLOCK_ONLY_RE = re.compile(rf"{_CLOCK}\Z")
# header blocks over several lines (see `header_blocks`): "Jane" / "Party: Green" / "Reply #1" / time
PROFILE_FIELD_RE = re.compile(r"[A-Z\u00C0-\u024F][\w'’-]{1,20}(?: [\w'’-]{1,20})?: \S[^:]{0,30}\Z")
NUMBERED_REPLY_RE = re.compile(
    rf"(?:{vocab.alternation('count_nouns')}|{vocab.alternation('controls')})? ?(?:#|no\.? ?)\d{{1,6}}[.:]?\Z",
    re.IGNORECASE,
)
HEADER_BLOCK_MAX_FIELDS = 3
HEADER_BLOCK_MIN = 2  # name-over-fields-over-time blocks a page must repeat
# "December 29, 2014 jdoe:": a date, then the author and a colon (no verb)
TIME_THEN_NAME_RE = re.compile(rf"(?P<time>{TIME_PATTERN}),? (?P<author>[^\s:].{{0,39}}?):\Z")
# "Report this Comment On May 5, 2012, at 2:35 PM, jdoe wrote:": a button row printed before the header
WIDGET_BEFORE_LEADING_TIME_RE = re.compile(r"(?P<widgets>.{1,40}?) (?=(?:on|am|le|el) \S)", re.IGNORECASE)
# "jdoe 5pts", "Jane Doe 12 points": a name with its vote score and no time (Livefyre, Reddit-likes)
SCORED_NAME_RE = re.compile(r"(?P<author>[^\s\d].{0,39}?) [+\-−]?\d{1,6} ?(?:pts|points?)\Z", re.IGNORECASE)
POSTED_BY_PREFIX_RE = re.compile(rf"\A(?:{vocab.alternation('posted_by_phrases')}|by):?\s+", re.IGNORECASE)
TIME_PREPOSITIONS = vocab.alternation("time_prepositions")

# words that introduce a comment's author line ("Jane says:", "posted by Jane")
HEADER_VERBS = vocab.alternation("header_verbs")
SAYS_RE = re.compile(
    rf"(?:posted by |comment by |by )?(?P<author>[^\s:].{{0,39}}?) {HEADER_VERBS}"
    r"(?: on| at| am| el| le)?(?: ?:|\.\.\.|…)?\Z",
    re.IGNORECASE,
)
# "Shea on October 14, 2012 at 6:12 pm said:": WordPress prints the verb after the time
TRAILING_SAYS_RE = re.compile(rf" {HEADER_VERBS}(?: ?:|\.\.\.|…)?\Z", re.IGNORECASE)
SAYS_WORD_RE = re.compile(rf"{HEADER_VERBS}(?: on| at| am| el| le)?(?: ?:|\.\.\.|…)?\Z", re.IGNORECASE)
MIN_TIME_LINES_FOR_SECTION = 2
LONE_NAME_MAX_WORDS = 3
BADGE_MAX_WORDS = 4  # "Top fan", "Works at The Courier" under a name line; longer chrome-like lines are text  # a name printed as its own paragraph above a time stamp  # standalone time stamps mark a comment section only when they recur
POSTED_BY_RE = re.compile(r"(?:posted|comment|reply) by:? (?P<author>\S.{0,39})\Z", re.IGNORECASE)
# "Comment #12", "Kommentar 3": the comment's number printed as a piece of its header
COMMENT_NUMBER_RE = re.compile(
    rf"(?:{vocab.alternation('count_nouns')}) ?(?:#|no\.? ?)?\d{{1,6}}[.:]?\Z", re.IGNORECASE
)
# "On May 5, 2012 at 2:35am, Rosa said...": a time stamp printed before the author and the verb
LEADING_TIME_RE = re.compile(rf"(?:on |am |le |el )?(?P<time>{TIME_PATTERN}),? ", re.IGNORECASE)
REPLY_TO_RE = re.compile(
    rf"{vocab.alternation('reply_to_phrases')} @?(?P<author>[^\s@].{{0,39}}?)[:.]?\Z",
    re.IGNORECASE,
)
REPLIED_TO_RE = re.compile(
    r"(?P<author>[^\s].{0,39}?) (?:replied to|in reply to|replying to|→|▸|►) @?(?P<target>[^\s@].{0,39})\Z",
    re.IGNORECASE,
)
# "Jane a répondu le 30 octobre": a header whose verb says the comment answers the one above
REPLY_VERB_RE = re.compile(rf"\S {vocab.alternation('reply_verbs')}(?![\w-])", re.IGNORECASE)
AUTHOR_LOCATION_RE = re.compile(r" ?\([^()]{1,30}\)\s*\Z")  # "Jane Doe (Toronto)"
NAME_FROM_PLACE_RE = re.compile(
    rf"(?P<name>\S.{{0,39}}?) {vocab.alternation('place_prepositions')} (?P<place>\S.{{0,40}})\Z", re.IGNORECASE
)
AUTHOR_PLACE_RE = re.compile(
    r"(?:, [A-Z][\w.'’-]{0,25}(?: [A-Z][\w.'’-]{0,25}){0,2}){1,2}\Z"
)  # "Jane Doe, Leeds"
# "Name wrote:" under a comment's own header: the start of a quotation, not another comment
QUOTE_ATTRIBUTION_RE = re.compile(
    rf"(?:quote: ?|zitat: ?|cita: ?|citation: ?)?.{{1,40}}? {vocab.alternation('quote_verbs')}(?: (?:on|am|el|le) .{{1,40}}?)?"
    r"(?: ?:|\.\.\.|…)\Z|quote from .{1,40}:?\Z",
    re.IGNORECASE,
)
HEADERS_BELOW_SHARE = 0.6  # headers printed under their comment's text ("— Name, Place, date") on this share
AUTHOR_TRAILING_FLAGS_RE = re.compile(
    r"(?: (?:edited|\(edited\)|verified|op|mod|moderator|staff))+\Z", re.IGNORECASE
)
HEADER_SEPARATORS_RE = re.compile(r" ?[•·|] ?| - | — | – | » ")
SEPARATOR_ONLY_RE = re.compile(r"[•·|/›»‹«–—-]{1,3}\Z")  # a dot printed between inline header items
# vote counts and collapse toggles around a name: "[–]jdoe 12 points", "jdoe ▲ 3", "jdoe*"
AUTHOR_WIDGET_PREFIX_RE = re.compile(r"\A[\[\]–+−↑↓▲▼⬆⬇()-]{1,4}\s*")
AUTHOR_WIDGET_SUFFIX_RE = re.compile(
    r"(?:\s+[+\-−–]?\d[\d,.]{0,9}k?\s*(?:points?|pts|votes?|likes?|karma|score)?|\*)\s*\Z", re.IGNORECASE
)
# lower-case button rows whose words the dump glued together: "permalinkembedsavereportreply"
GLUED_ROW_WORDS = frozenset(
    {
        "permalink",
        "embed",
        "save",
        "report",
        "reply",
        "give",
        "award",
        "parent",
        "share",
        "context",
        "full",
        "comments",
        "source",
        "hide",
        "edit",
        "delete",
        "flag",
        "like",
        "link",
        "block",
        "user",
    }
)
# thread-navigation links printed beside a header ("| parent | next [–]", "(#98082)", "link"): not the author
NAV_WORDS = frozenset(
    {
        "parent",
        "prev",
        "previous",
        "next",
        "context",
        "root",
        "top",
        "thread",
        "link",
        "permalink",
        "hide",
        "collapse",
        "expand",
        "flag",
        "favorite",
        "vote",
        "edit",
        "delete",
        "source",
        "on",
        "web",
        "mobile",
    }
)
PERMALINK_ID_RE = re.compile(r"\(?#\d{1,12}\)?")
NOT_AUTHOR_WORDS = frozenset(
    {
        "read",
        "email",
        "website",
        "follow",
        "advertising",
        "updated",
        "published",
        "posted",
        "last updated",
        "date",
        "time",
        "by",
        "on",
        "at",
        "edited",
        "modified",
        "comments",
        "comment",
        "reply",
        "replies",
        "share",
        "today",
        "yesterday",
    }
)
# one-word reader replies that look like user names
ONE_WORD_REPLIES = frozenset(
    {
        "agreed",
        "exactly",
        "nonsense",
        "true",
        "yes",
        "no",
        "wow",
        "lol",
        "thanks",
        "indeed",
        "correct",
        "absolutely",
        "ridiculous",
        "sad",
        "shameful",
        "disgusting",
        "hilarious",
        "bingo",
        "amen",
        "same",
        "well",
        "nope",
        "sure",
        "right",
        "wrong",
        "rubbish",
        "brilliant",
    }
)

# --- the comment section as the best-scoring run of lines (see `section`) -----------------------
SECTION_WEIGHTS = {
    "author_header": 3.0,  # "Jane Doe • 3 hours ago", "Jane says:"
    "time": 1.5,  # a time stamp alone (its name is on the line above)
    "controls": 1.5,  # Reply / Like / Report row
    "widget": 0.2,  # other buttons and counts
    "counter": 0.0,  # "12 Comments": announces a section, proves none
    "marker": 0.0,
    "closer": -4.0,  # reply form, comment policy, rail heading, footer, cookie text
    "closing_block": -100.0,  # a closer with another one close by: the section ends there
    "inline_form": 0.0,  # a reply form under one comment's Reply row, the next comment right after it
    "chrome": -0.2,
    "link_line": -0.4,  # a line of a run of short headline-like lines (a list of links)
    "far_prose": -1.0,  # prose further than a comment's length from any header
    "name_line": 1.5,  # a bare name above a comment, on pages that repeat that pattern
    "near_prose": 0.2,  # prose within a comment's length after a header
    "between_prose": -0.3,  # prose after a comment's button row, before the next header
}
SECTION_MAX_COMMENT_WORDS = 250
CLOSING_BLOCK_REACH = 3  # lines between two closers that end a section together
INLINE_FORM_REACH = 3  # lines from a Reply row, and to the next header, of a per-comment reply form
SECTION_LINK_MAX_WORDS = 8
SECTION_LINK_RUN = 3
SECTION_MIN_SCORE = 3.0
SECTION_MIN_NAME_LINES = 3  # bare name lines count as headers only when a page shows this many ...
SECTION_NAME_LINE_MAX_WORDS = 4  # ... a name recurs (a conversation) and a counter announced them
SECTION_MIN_ANCHORS = 2  # one dated byline is not a comment section
SECTION_BARE_MIN_READER_SHARE = 0.5  # ... after a counter or prompt: share of paragraphs reading as reader prose
SECTION_BARE_LINK_RUN = 6  # headerless sections end at a run of this many headline-like lines
SECTION_BARE_MIN_SENTENCE_SHARE = 0.5  # headerless sections after a footer: share of lines that are sentences

# --- does what was found read like reader comments? (see `plausible`) ---------------------------
# Story rails, live tickers, legal footers and tables with dates give the section model anchors
# (times, dated lines) but their "comments" are headlines and labels. Tuned on the pages_dev set:
# on its negatives these rules remove most invented sections at a cost of 0.3 points of token F1.
PLAUSIBLE_PROSE_LINE_WORDS = 2  # a line of this many words ending like a sentence is prose ...
PLAUSIBLE_LONG_LINE_WORDS = 15  # ... and so is any line this long
PLAUSIBLE_MIN_PROSE_SHARE = 0.6  # share of the comments' words on prose lines
PLAUSIBLE_MIN_PROSE_SHARE_WITH_ACTIONS = 0.15  # ... when the region shows Reply/Like rows
SIGNED_THREAD_MIN_COMMENTS = 3  # under a comment heading, this many comments with name and time ...
SIGNED_THREAD_SHARE = 0.8  # ... making up this share of them read as a thread without Reply rows
PLAUSIBLE_FEW_COMMENTS = 2  # this many comments or fewer, none with an author: a stray footer or teaser
# a live blog: entries opened by the clock ("09:20 Leading group pulls away ...", "11.40 The weigh-in has begun ...")
TICKER_ENTRY_RE = re.compile(rf"(?:[01]?\d|2[0-3])[:.h][0-5]\d\s+(?:\S+\s+){{{MAX_AUTHOR_WORDS},}}\S")
TICKER_MIN_ENTRIES = 3  # this many clock-led entries, more than the signed comments: a live ticker

# --- header templates learned from repetition (see `templates`) --------------------------------
TEMPLATE_MAX_CHARS = 160
TEMPLATE_MAX_TOKENS = 24
TEMPLATE_MIN_REPEATS = 3  # a time-stamped line shape seen this often on one page is a header template
TEMPLATE_KEEP_WORDS = frozenset(
    [
        "wrote",
        "writes",
        "said",
        "says",
        "posted",
        "replied",
        "reply",
        "by",
        "on",
        "at",
        "in",
        "to",
        "from",
        "via",
        "ago",
        "edited",
        "commented",
    ]
)
# bare author lines over comments (`templates.induce_name_headers`)
NAME_HEADER_MAX_SPACING = 15  # lines between two author lines of one comment list
NAME_HEADER_MIN_LINES = 4
NAME_HEADER_MIN_LINES_MARKED = 3  # ... right under a comment-section marker ("Comments")
NAME_HEADER_MARKER_LOOKBACK = 3
NAME_HEADER_MIN_DISTINCT = 4
NAME_HEADER_MIN_DISTINCT_SHARE = 0.6  # most authors of a comment list differ
NAME_HEADER_MIN_LINKED = 2  # ... author lines with the author's link, when no name recurs
NAME_HEADER_MAX_WORDS = 4
# "— Jane Doe (@jdoe) December 31, 2014": the signature of an embedded social post quoted in an
# article, not the header of a reader comment
EMBED_ATTRIBUTION_RE = re.compile(rf"[—–-] ?[^()]{{1,60}} \(@\w{{1,30}}\),? {TIME_PATTERN}\Z")
URL_START_RE = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
LINKED_NAME_RE = re.compile(r"(?:https?://|www\.)\S{3,120} (?P<name>\S.{0,39})\Z")
HEADER_PREFIX_MIN = 2  # subject lines above headers: seen at least this often ...
HEADER_PREFIX_SHARE = 0.6  # ... and above this share of the page's headers
TEMPLATE_LEADING_NUMBER_RE = re.compile(r"\A\s*(?:#|No\.? ?)?\d{1,6}[.):]?\s+")

# --- widget lines: the buttons and counters around each comment --------------------------------
WIDGET_WORDS = frozenset(
    [
        *vocab.union("controls"),
        "reply",
        "replies",
        "report",
        "share",
        "like",
        "likes",
        "liked",
        "unlike",
        "flag",
        "flagged",
        "edit",
        "edited",
        "delete",
        "permalink",
        "upvote",
        "upvotes",
        "downvote",
        "downvotes",
        "vote",
        "votes",
        "point",
        "points",
        "follow",
        "following",
        "quote",
        "link",
        "hide",
        "show",
        "more",
        "view",
        "load",
        "see",
        "read",
        "recommend",
        "recommended",
        "recommends",
        "helpful",
        "respond",
        "comment",
        "comments",
        "collapse",
        "expand",
        "thread",
        "parent",
        "award",
        "save",
        "block",
        "mute",
        "translate",
        "copy",
        "abuse",
        "inappropriate",
        "as",
        "this",
        "to",
        "repl",
        "report_abuse",
        "dislike",
        "dislikes",
        "thumbs",
        "up",
        "down",
        "yes",
        "no",
        "ago",
        "was",
        "and",
        "favorite",
        "score",
        "karma",
        "level",
        "with",
    ]
)
WIDGET_TOKEN_RE = re.compile(r"[+\-−–]?\d[\d,.]*k?|#\d{1,9}|[↑↓▲▼⬆⬇👍👎❤♥›»‹«+\-−–•·|/()\[\]:#]+")
WIDGET_TOKEN_STRIP = "()[]:›»‹«.,!?"
# several-word controls ("Liked by 3 people", "Gefällt mir", "Me gusta") read as one button word
CONTROL_PHRASE_RE = re.compile(vocab.alternation("control_phrases"), re.IGNORECASE)

# --- comment-section markers and footers -------------------------------------------------------
_COUNT_NOUNS = vocab.alternation("count_nouns")
COUNT_RE = re.compile(
    rf"[{{(\[]? ?(?:(?:{vocab.alternation('count_prefixes')} )?(?P<n1>\d[\d,]{{0,9}}|{'|'.join(vocab.NUMBER_WORDS)}) (?:reader )?{_COUNT_NOUNS}"
    rf"|(?:{_COUNT_NOUNS}|discussion|conversation)[: ]{{0,2}}[(\[]?(?P<n2>\d[\d,]{{0,9}})[)\]]?) ?[}})\]]?\Z",
    re.IGNORECASE,
)
def count_number(match: re.Match[str]) -> int:
    """The number a COUNT_RE match declares ("12", "1,204", "One")."""
    shown = (match.group("n1") or match.group("n2")).replace(",", "").lower()
    return int(shown) if shown.isdigit() else (vocab.NUMBER_WORDS.index(shown) + 1) % 11


SECTION_MARKER_RE = re.compile(
    r"(?:comments?|reader comments|comments? section|discussion|responses?|conversation"
    r"|join the (?:conversation|discussion)|leave a (?:reply|comment|response)|add a comment"
    r"|post a comment|write a comment|what do you think\??|have your say|show comments|view comments"
    r"|(?:top|all|featured|latest|newest|oldest|best|reader|readers'?) (?:comments|picks|replies)"
    r"|(?:newest|oldest|latest) first"
    r"|(?:load|show|view|see) (?:\d+ )?(?:more|all|previous|older|newer) (?:comments|replies)"
    r"|(?:sort|sorted|order) by\b.{0,60}|(?:newest|oldest|best|top|popular|most (?:recent|popular|voted|liked))"
    r"(?: ?[|•·/] ?(?:newest|oldest|best|top|popular|most (?:recent|popular|voted|liked)))*"
    r"|(?:log ?in|sign ?in|sign up|register|subscribe)\b.{0,80}\b(?:comments?|commenting|discussion|conversation"
    r"|join (?:the |in )?(?:discussion|conversation|debate))\b.{0,40}"  # a site's "Sign in | Join" is no comment form
    r"|comments? (?:are|have been) (?:closed|moderated|open)\b.{0,100}"
    r"|be the first to comment\.?|no comments yet\.?|cancel reply"
    rf"|{vocab.alternation('section_markers')})[.!:]?\Z",
    re.IGNORECASE,
)
# what ends a comment section: a comment form or policy, a rail or widget heading, cookie text
CLOSER_RE = re.compile(
    rf"(?:{vocab.alternation('form_lines')}|{vocab.alternation('closing_headings')})[.!:]?\Z", re.IGNORECASE
)
# header-like lines that are a byline, a recipe card field or a duration ("Cook Time 20 mins")
NOT_AUTHOR_PREFIX_RE = re.compile(
    rf"{vocab.alternation('not_author_prefixes')}(?![\w'’-])", re.IGNORECASE
)
# "© Studio", "Photo: © Jane Doe / Agency": a picture credit under a photo (a name or an agency, no year);
# a site's copyright footer carries a year or reserves rights. Page chrome, not the article's end.
PICTURE_CREDIT_RE = re.compile(r"(?:[^\W\d]{2,12}:? ?)?© ?[^\W\d][^\d©]{0,40}", re.IGNORECASE)
PICTURE_CREDIT_MAX_WORDS = 6
RIGHTS_RESERVED_RE = re.compile(r".*\b(?:all rights|rights reserved)\b", re.IGNORECASE)  # as in FOOTER_RE
# a copyright sign inside a reader's sentence ("That photo is © Reuters and ...") is not a footer: it
# must open the line or come with a year; "Copyright" must open the line with a year or an owner name
FOOTER_RE = re.compile(
    r"(?:©.{0,150}|\(c\) ?\d{4}.{0,150}|all rights reserved"
    r"|copyright\b ?(?:©|\(c\))? ?(?:(?:19|20)\d{2}\b.{0,150}|.{0,100}\b(?:19|20)\d{2}\.?|(?-i:(?:[Tt]he )?[A-Z][\w&'’.-]*(?: [A-Z&][\w&'’.,-]*){0,5}\.?))"
    r"|.{0,120}\ball rights reserved\b.{0,80}"
    r"|.{0,80}©.{0,60}\b(?:19|20)\d{2}\b.{0,40}|.{0,80}\b(?:19|20)\d{2}\b.{0,40}©.{0,80}"
    r"|.{0,120}\bmay not be (?:published|reproduced|broadcast|rewritten|redistributed)\b.{0,120}"
    r"|(?:reporting|writing|editing|additional reporting) by\b.{0,150}"
    r"|our standards:.{0,80})\Z",
    re.IGNORECASE,
)

# page chrome inside or around the article: kept as boilerplate, but not an end-of-article signal
# chrome headings followed by a list of links ("Related stories" / one headline per line)
LINK_LIST_HEADINGS = vocab.alternation("link_list_headings")  # "Czytaj również", "Lesen Sie auch", whole line
LINK_LIST_HEADING_RE = re.compile(
    rf"{vocab.alternation('link_list_prefixes')}\b.{{0,40}}|{LINK_LIST_HEADINGS}[.!:]?\Z",
    re.IGNORECASE,
)
LINK_LIST_MAX_WORDS = 16
TEASER_MIN_ITEMS = 3  # headline-and-date items in a row that make a story rail without a heading
TEASER_HEADLINE_MIN_WORDS = 4  # a headline over a date; an author's name is shorter
RAIL_MAX_LINE_CHARS = 160  # a teaser line of a story rail; a longer line ends the rail
CHROME_RE = re.compile(
    r"(?:advertisement|ad|sponsored(?: content)?|story continues below(?: advertisement)?|continue reading.{0,60}"
    r"|(?:read|see) (?:more|also)\b:?.{0,120}|related(?: articles| stories| coverage| content)?:?.{0,120}"
    r"|recommended(?: for you)?|most (?:read|popular|viewed)|trending(?: now)?|skip to (?:main )?content|menu"
    r"|sign up\b.{0,80}newsletter.{0,40}|subscribe\b.{0,80}|(?:share|tweet|email|print)(?: this)?(?: on \w+)?"
    r"|share on (?:facebook|twitter|x|whatsapp|linkedin|reddit)|click here\b.{0,80}|listen to (?:this )?article"
    r"|(?:follow|like) us on\b.{0,60}|(?:share|print|email) this (?:article|story|page)"
    r"|more (?:from|on|in|about|stories|news|coverage)\b.{0,60}|(?:you )?(?:may|might) also (?:like|enjoy)"
    r"|latest (?:news|stories|headlines)|editor'?s picks|top stories|don't miss"
    r"|privacy(?: policy| notice| settings)?|terms(?: of (?:use|service)| and conditions)?|cookie (?:policy|settings)"
    r"|contact us|about us|advertise(?: with us)?|site ?map|accessibility|careers|back to top|newsletters?"
    r"|\d{1,2} min(?:ute)? read|(?:image|photo|video)(?: \d+ of \d+)?|play video|watch:.{0,120}"
    r"|(?:user |profile )?avatar(?: image)?|profile (?:picture|photo)|(?:view )?profile|\S{1,40}(?: \S{1,40}){0,2}(?:'s)? avatar|avatar (?:for|of) \S{1,40}"
    r"|(?:join date|joined|posts|location|reputation|registered): .{1,40}|member since .{1,40}"
    rf"|{vocab.alternation('badges')}"
    r"|top fan|author|verified(?: (?:user|commenter|subscriber|account))?|subscriber|editor'?s pick"
    r"|(?:works|worked|studied|lives|went to school) (?:at|in) .{1,60}"
    r"|(?:(?:junior|senior|full|new|active|regular|registered|banned|super) )?(?:member|poster|moderator"
    r"|administrator|admin)"
    r"|(?:we|this site) use[s]? cookies\b.{0,150}|accept(?: all)? cookies"
    rf"|{LINK_LIST_HEADINGS})[.!:]?\Z",
    re.IGNORECASE,
)

# --- HTML comment containers found by structure (see `html_structure`) ------------------------
HTML_MIN_REPEATED_ITEMS = 2  # sibling blocks of one template, each with a name, a time and prose
HTML_REPEATED_SHARE = 0.6  # share of a template's siblings that must look like comments (and have buttons)
# a run of blocks found by structure in a named comment section must hold this share of its text
# (else it is one of two templates, comments without their replies, and the text path reads better)
HTML_SECTION_ITEMS_MIN_SHARE = 0.8
# an element named as the comment section with no more text than this is its heading ("Comments",
# "Add your comment"): the comments are looked for in its parent
HTML_SECTION_HEADING_MAX_CHARS = 120
HTML_LIST_MAX_OTHER_CHARS = 300
# buttons only a reader's comment has (a story card has "Share" or "Save", not "Reply")
COMMENT_ACTION_WORDS = frozenset(
    {
        *vocab.union("controls"),
        "reply",
        "replies",
        "respond",
        "report",
        "flag",
        "like",
        "likes",
        "dislike",
        "upvote",
        "downvote",
        "vote",
        "votes",
        "points",
        "recommend",
        "recommended",
        "quote",
        "permalink",
        "abuse",
    }
)  # a comment list's parent holds little text besides its comments

# --- article head ------------------------------------------------------------------------------
BYLINE_RE = re.compile(r"By [A-Z\u00C0-\u024F][^\n]{1,150}\Z")
CAPTION_CREDIT_RE = re.compile(
    r".{0,400}(?:\b(?:REUTERS|Reuters|AP Photo|AFP|Getty Images|EPA|Bloomberg|Shutterstock)\b/"
    r"|\b(?:Photo|Image|Photograph|Picture|Credit|Caption|Illustration)(?: credit)?: |"
    r"\((?:AP|AFP|Reuters) Photo.{0,40}\)|/(?:AP|AFP|Reuters|Getty|EPA)\b).{0,400}",
)
STANDALONE_DATELINE_RE = re.compile(r"[A-Z][A-Z .'’-]{1,30}(?:, [A-Z][A-Za-z .'’-]{1,30})?\Z")
SECTION_LABEL_RE = re.compile(r"[A-Za-z&][\w&'’-]{1,20}(?: [\w&'’-]{1,20})?\Z")
LEADING_DATE_RE = re.compile(
    rf"(?:date|published|updated|posted)?:? ?(?P<date>{_DATE})(?: ?[|•·,-] ?| )(?=\S)", re.IGNORECASE
)
_PLACE_WORD = r"[A-Z\u00C0-\u024F][\w.'’\u00C0-\u024F-]{0,25}"
LEADING_DATELINE_RE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}}(?:, {_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}})?)"
    r"(?: \([A-Za-z. ]{1,30}\))? [—–-]{1,2} (?=\S)"  # "KYIV —", "KYIV (Reuters) -"; "Anti- war" is a word
)

# --- reader-prose register: continuation of one comment across paragraphs -----------------------
CONTINUATION_OPENERS = frozenset(
    [
        "and",
        "also",
        "moreover",
        "furthermore",
        "besides",
        "plus",
        "then",
        "secondly",
        "thirdly",
        "finally",
        "lastly",
        "additionally",
        "p.s.",
        "ps",
        "edit:",
        "edit",
        "update:",
        "addendum",
    ]
)
STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "if",
        "then",
        "than",
        "that",
        "this",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "its",
        "it's",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "not",
        "no",
        "nor",
        "so",
        "too",
        "very",
        "just",
        "also",
        "only",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "any",
        "because",
        "before",
        "below",
        "between",
        "both",
        "by",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "here",
        "how",
        "into",
        "more",
        "most",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "some",
        "such",
        "through",
        "to",
        "under",
        "until",
        "up",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "must",
        "shall",
        "you",
        "your",
        "yours",
        "we",
        "us",
        "he",
        "him",
        "his",
        "she",
        "her",
        "i",
        "me",
        "my",
        "mine",
        "of",
        "on",
        "in",
        "at",
        "as",
        "what's",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "won't",
        "can't",
        "cannot",
        "i'm",
        "you're",
        "we're",
        "they're",
        "it's",
        "that's",
        "there's",
        "here's",
        "let's",
        "who's",
        "i've",
        "you've",
        "we've",
        "they've",
        "i'd",
        "you'd",
        "he'd",
        "she'd",
        "we'd",
        "they'd",
        "i'll",
        "you'll",
        "he'll",
        "she'll",
        "we'll",
        "they'll",
        "one",
        "two",
        "like",
        "get",
        "got",
        "make",
        "made",
        "even",
        "still",
        "much",
        "many",
        "well",
        "really",
        "think",
        "know",
        "people",
        "said",
        "says",
        "say",
        "going",
        "want",
        "way",
        "time",
        "year",
        "years",
        "now",
        "new",
    ]
)
CONTENT_WORD_RE = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]{2,}")
STEM_CHARS = 6
# scored continuation: merge the next paragraph into the current comment when score >= threshold
CONTINUATION_WEIGHTS = {
    "shared_rare_words": 1.0,  # per shared content stem absent from the article
    "previous_open": 3.0,  # previous paragraph ends with ':' ',' ';' (a sentence or list goes on)
    "previous_unpunctuated": 0.5,  # no final punctuation: weak, many readers never type a full stop
    "starts_lowercase": 3.0,
    "continuation_opener": 1.0,
    "list_item": 3.0,
}
CONTINUATION_THRESHOLD = 4.0
LIST_ITEM_RE = re.compile(r"(?:[-*•]|\d{1,2}[.)]|[a-z][.)]) \S")
QUOTE_LINE_RE = re.compile(r"> ?(?P<text>.*)\Z")

# --- register: news prose vs reader prose (used only when a page shows no other signal) ---------
QUOTED_SPAN_RE = re.compile(r"[\"“][^\"“”]{0,600}[\"”]")
REGISTER_FEATURES: dict[str, tuple[str, float]] = {
    # name: (pattern searched in the paragraph with quotations removed, weight)
    "first_person": (r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|me|my|mine|myself|we|us|our)\b", 1.5),
    "second_person": (r"\b(?:[Yy]ou|[Yy]our|[Yy]ou're|[Yy]ou’re|[Yy]ourself)\b", 1.5),
    "question": (r"\?", 1.0),
    "exclamation": (r"!", 1.0),
    "informal": (
        (r"(?i:\b(?:lol|lmao|imo|imho|wtf|haha+|yeah|nope|gonna|wanna|dunno|btw)\b)|\.\.\.|\b[A-Z]{5,}\b"),
        1.0,
    ),
    "opinion": (
        (
            r"(?i:\b(?:should|shouldn't|must|think|believe|agree|disagree|hope|maybe|probably|guess|stupid"
            r"|idiot\w*|ridiculous|shame|pathetic|nonsense|typical|obviously|clearly|nobody|everyone|anyone"
            r"|why)\b)"
        ),
        1.0,
    ),
    # typed, not edited: a lower-case start, "dont"/"im", a lower-case "i", no space after a full stop
    "unedited": (
        r"\A[a-z][a-z]|\b(?:i|im|ive|dont|cant|wont|isnt|doesnt|didnt|wasnt|thats|youre|theyre)\b|[a-z]{2}[.!?][A-Z][a-z]",
        1.0,
    ),
    # readers talk about the piece and each other: "this article", "the author", "commenters"
    "meta": (r"(?i:\b(?:this|the) (?:article|story|piece|author|writer|columnist)\b|\bcommenters?\b)", 1.0),
    # a reply's first word: "@name", "Exactly", "Yes", "Gee", "Really"
    "reply_opener": (
        (
            r"\A(?:@\w|(?i:yes|no|nope|yep|yeah|exactly|agreed|wow|well|ok|okay|gee|lol|oh|hmm|really|right|true"
            r"|sorry|thanks|nonsense|rubbish|seriously|finally|funny|sad|typical|amen|bingo)\b)"
        ),
        1.0,
    ),
    "attribution": (
        (
            r"\b(?:said|says|told|according to|reported|announced|added|stated|confirmed|spokesperson"
            r"|spokesman|spokeswoman|officials?)\b"
        ),
        -1.5,
    ),
    "news_time": (
        (
            r"\b(?:on|last|this|next) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
            r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
            r" \d{1,2}\b"
        ),
        -1.0,
    ),
}
REGISTER_CENTRE = 0.5  # paragraph scores are centred on this before the best reader tail is chosen
REGISTER_MIN_TAIL_GAIN = 2.0  # the tail must beat the centre by this much in total
REGISTER_MIN_COMMENTS = 2  # a register change needs at least this many reader paragraphs after the article
READER_PARAGRAPH_MIN_SCORE = 1.0  # a paragraph scoring this much reads as reader prose
REGISTER_MIN_ARTICLE = 2
REGISTER_ARTICLE_MAX_MEAN = 0.0  # the article part must read as news prose on average
