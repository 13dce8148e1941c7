"""A policy's duration in the unit the question asks for ("In days, how long do cushion covers dry?" and "dry for 48
hours": 2 days). Only exact conversions (hours and days, days and weeks, months and years), and only when the
quote holds one duration to convert."""

from __future__ import annotations

import re
from decimal import Decimal

from awning_assistant.answering.formatting import quantity
from awning_assistant.answering.text_terms import NUMBER_NAMES

UNITS = {"hour": 1, "day": 24, "week": 24 * 7, "month": 1, "year": 12}  # hours apart from months
KIN = {"hour": "hours", "day": "hours", "week": "hours", "month": "months", "year": "months"}
_UNIT = r"(hour|day|week|month|year)s?"
ASKED = re.compile(rf"\b(?:in|how many|number of|as) (?:business |calendar |whole )?{_UNIT}\b", re.IGNORECASE)
SAID = re.compile(rf"\b(\d+(?:\.\d+)?)[\s-]+(?:business |calendar |full )?{_UNIT}\b", re.IGNORECASE)


def converted(question: str, quoted: str) -> str | None:
    """The quote's one duration said in the asked unit, when that unit differs and converts exactly."""
    asked = ASKED.search(question)
    text = re.sub(rf"\b({'|'.join(NUMBER_NAMES)})(?=[\s-]+{_UNIT})", lambda m: str(NUMBER_NAMES[m[1]]), quoted)
    said = {(Decimal(n), u.lower()) for n, u in SAID.findall(text)}
    if not asked or len(said) != 1:
        return None
    (amount, unit), wanted = said.pop(), asked[1].lower()
    if unit == wanted or KIN[unit] != KIN[wanted]:
        return None
    value = amount * UNITS[unit] / UNITS[wanted]
    if value != value.quantize(Decimal("0.01")):  # not exact to the hundredth: no figure rather than a rounded one
        return None
    return f"Worked out: {_said(amount, unit)} is **{_said(value, wanted)}**."


def _said(amount: Decimal, unit: str) -> str:
    return f"{quantity(amount.normalize())} {unit}" + ("" if amount == 1 else "s")
