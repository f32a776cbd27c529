"""CSS selectors for comment systems' markup, kept as data (ordered: most specific first).

Covers WordPress (`ol.commentlist` / `ol.comment-list`, `li.comment`, `.comment-author .fn`), Disqus
(`#disqus_thread`, `li.post`, `.author`, `.post-meta`, `.post-message`), Coral Talk (`.coral-comment`,
`.coral-comment-username`, `.coral-comment-timestamp`, `.coral-comment-content`), Livefyre
(`.fyre-comment-article`, `.fyre-comment-username`, `.fyre-comment-date`, `.fyre-comment-body`), schema.org
`Comment` microdata, and the BEM-style news CMS markup (`.comment__author`, `.comment__body`).
"""

from __future__ import annotations

SECTION_SELECTORS: tuple[str, ...] = (
    "#disqus_thread",
    ".coral-stream",
    ".fyre-comment-stream",
    "#coral_thread",
    "#comments",
    "section#comments",
    ".comments-area",
    "#comment-section",
    ".comment-section",
    ".comments-section",
    "section.comments",
    "div.comments",
    ".commentlist",
    ".comment-list",
)
# a selector match of these tags is a heading or a link target, never the section itself
NOT_A_SECTION_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "b", "strong", "em", "p"})
# class tokens that say which state, parity, depth or author a comment item has, not which template
# ("even", "depth-2", "bypostauthor", "comment-author-jane"): dropped before items are compared
ITEM_STATE_CLASS_RE = r"(?:even|odd|alt|first|last|depth|level|thread|parent|child|byuser|bypostauthor|author-|comment-author|user-|highlight|active|selected|new|unread|read|collapsed|expanded|deleted|hidden|is-|has-|js-|reply-|children)"
# sibling items whose class sets overlap this much (Jaccard) share a template
ITEM_CLASS_SIMILARITY = 0.5
# last resort for unknown systems: the largest block element whose id or class mentions comments
GENERIC_SECTION_SELECTOR = (
    '[id*="comment" i], [class*="comment" i], [id*="discussion" i], [class*="discussion" i]'
)
GENERIC_SECTION_TAGS = frozenset({"div", "section", "aside", "ol", "ul", "article"})
GENERIC_SECTION_MIN_CHARS = 40
ITEM_SELECTORS: tuple[str, ...] = (
    "li.comment",
    ".coral-comment",
    ".fyre-comment-article",
    "li.post",
    "[itemtype*='schema.org/Comment']",
    "article.comment",
    "div.comment",
    "li.comment-item",
    "div.comment-item",
    ".c-comment",
)
AUTHOR_SELECTORS: tuple[str, ...] = (
    ".comment-author .fn",
    ".fn",
    ".coral-comment-username",
    ".fyre-comment-username",
    ".comment__author",
    ".comment-author",
    "[itemprop='author']",
    "[rel='author']",
    ".post-byline .author",
    ".author",
    ".username",
    ".user-name",
    ".commenter",
    ".comment-username",
    # last: any element named like an author or a user, a <cite> outside quotations (each candidate
    # must read as a name: an avatar cell or a "Profile" link is passed over)
    "cite",
    '[class*="author" i]',
    '[class*="user" i]',
    '[class*="poster" i]',
    '[class*="nick" i]',
    "[itemprop='name']",
)
TIME_SELECTORS: tuple[str, ...] = (
    "time",
    ".coral-comment-timestamp",
    ".fyre-comment-date",
    ".time-ago",
    ".comment-date",
    ".comment__date",
    ".comment-metadata a",
    "[itemprop='dateCreated']",
    ".timestamp",
    ".post-meta",
    ".date",
    # last: any element named like a date or a time, machine-readable stamps (each must read as a time)
    '[class*="date" i]',
    '[class*="time" i]',
    '[class*="stamp" i]',
    "abbr[title]",
    "[datetime]",
)
TEXT_SELECTORS: tuple[str, ...] = (
    ".comment-content",
    ".post-message",
    ".coral-comment-content",
    ".fyre-comment-body",
    ".comment__body",
    ".comment__text",
    ".comment-text",
    "[itemprop='text']",
    ".comment-body",
    ".message",
)
IN_REPLY_TO_SELECTORS: tuple[str, ...] = (".coral-comment-inReplyToUsername", ".in-reply-to", ".reply-to")
QUOTE_AUTHOR_SELECTORS: tuple[str, ...] = ("cite", ".quote-author", ".bbcode_quote_head")
# buttons, avatars and meta rows that are never part of a comment's words
NOISE_SELECTORS: tuple[str, ...] = (
    ".reply",
    ".comment-reply-link",
    ".comment-meta",
    ".comment-metadata",
    ".comment-author",
    ".says",
    ".avatar",
    "footer",
    "menu",
    "button",
    "form",
    "script",
    "style",
    ".coral-comment-actionBar",
    ".comment__actions",
    ".comment-actions",
    ".post-meta",
    ".post-byline",
    "header",
    "time",
)
# what is never a comment's header, footer or words (a header scan reads everything else)
NEVER_TEXT_SELECTORS: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    "textarea",
    "select",
    "menu",
    "img",
)
COUNT_SELECTORS: tuple[str, ...] = (
    ".comments-title",
    ".comment-count",
    ".comments-count",
    ".coral-counter",
    "#comments h2",
    "#comments h3",
    ".comments-area h2",
    "h2",
    "h3",
)
CAPTION_SELECTORS: tuple[str, ...] = ("figcaption", ".caption", ".wp-caption-text")
SECTION_META: tuple[str, ...] = ("meta[property='article:section']", "meta[name='section']")
BYLINE_SELECTORS: tuple[str, ...] = (".byline", "[rel='author']", ".author-name", "[itemprop='author']")
