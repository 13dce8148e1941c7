"""Card numbers and US social security numbers never leave the records they came in.

Applied to chunk text before it is embedded or indexed, to every answer, and to what the
session and audit logs store. Any run of 13-19 digits (spaces or dashes allowed between
groups) counts as a card number, Luhn-valid or not: a mistyped card is still a card.
"""

from __future__ import annotations

import re

CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")
SSN = re.compile(r"(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])")
SSN_WORDED = re.compile(r"(?i)\b(ssn|social security(?: number)?)\s*(?:#|no\.?|number)?\s*:?\s*(\d{9})\b")

CARD_MASK = "[card number removed]"
SSN_MASK = "[SSN removed]"


def redact(text: str) -> str:
    """``text`` with card numbers and SSNs replaced by a visible mask."""
    if not text:
        return text
    text = CARD.sub(CARD_MASK, text)
    text = SSN.sub(SSN_MASK, text)
    return SSN_WORDED.sub(lambda m: f"{m[1]} {SSN_MASK}", text)
