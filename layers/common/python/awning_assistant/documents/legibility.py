"""How much of a page's text reads as words: a text layer drawn with a font whose characters map
to the wrong letters ("o(hô..i.p3xSTRxtT3xR2tTOR") has text, but no words, and only OCR reads it.

A token reads when it is a word in one case pattern (lower, Capitalised or UPPER; scripts without
case count as read), a number, or either wrapped in punctuation. Mixed case inside a word, digits
among letters and symbols in the middle are what a wrong font mapping produces.
"""

from __future__ import annotations

import re

_LETTERS = r"[^\W\d_]"
_TOKEN = re.compile(
    rf"^[(\"'\[“‘«]*(?:{_LETTERS}+(?:[’'-]{_LETTERS}+)*|[$€£]?\d[\d,]*(?:[.:/-]\d+)*%?)"
    r"[)\"'\].,;:!?”’»，。、；：]*$"
)
_CASELESS = re.compile(r"[\u0590-\u08ff\u0e00-\u0eff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # Hebrew ... Hangul
MIN_TOKENS = 40  # fewer tell too little: a title page, a form
ILLEGIBLE = 0.35  # a page whose share of words is below this is read again by OCR


def _reads(token: str) -> bool:
    if _CASELESS.search(token):
        return True
    if not _TOKEN.match(token):
        return False
    letters = re.sub(r"[\W\d_]", "", token)
    return not letters or letters.islower() or letters.isupper() or letters.istitle()


def word_share(text: str, min_tokens: int = MIN_TOKENS) -> float | None:
    """The share of the text's tokens that read as words or numbers; None for too little text to tell."""
    tokens = text.split()
    if len(tokens) < max(1, min_tokens):
        return None
    return sum(map(_reads, tokens)) / len(tokens)


def illegible(text: str) -> bool:
    """Text enough to judge, and most of it no words: a wrong font mapping, not the page's words."""
    share = word_share(text)
    return share is not None and share < ILLEGIBLE


def reads_better(ocr_text: str, text: str) -> bool:
    """OCR's text replaces an illegible layer only when it reads clearly better (a page of code or of a
    script Tesseract has no model for stays as the layer had it)."""
    before, after = word_share(text) or 0.0, word_share(ocr_text, min_tokens=5)  # a short notice is read too
    return after is not None and after >= 0.7 and after >= before + 0.3
