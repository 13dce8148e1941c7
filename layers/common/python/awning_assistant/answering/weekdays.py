"""The weekday a policy's turnaround or notice gives, from a weekday the question names ("a rush job gets dropped
off on a Friday: by what weekday is it done?" and "completed within 2 business days": Tuesday). Worked out only
when the question asks for a day and the policy holds one figure of the kind; the quote it comes from is shown
beside it."""

from __future__ import annotations

import math
import re

from awning_assistant.answering.text_terms import NUMBER_NAMES

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
NAMED_DAY = re.compile(rf"\b({_DAY})\b", re.IGNORECASE)
ASKS_A_DAY = re.compile(
    r"\b(?:what|which) (?:week)?day\b|\bby when\b|\bsoonest\b|\bearliest\b|\bby what (?:week)?day\b|"
    r"\bwhen (?:is|will|would|could|can|should|do|does)\b",
    re.IGNORECASE,
)
_COUNT = rf"(\d+|{'|'.join(NUMBER_NAMES)})"
BUSINESS_DAYS = re.compile(rf"\b{_COUNT}\s+(?:business|working) days?\b", re.IGNORECASE)
NOTICE_HOURS = re.compile(rf"\b{_COUNT}\s+hours?(?:'|’)?\s+(?:in advance|notice|ahead)\b", re.IGNORECASE)
SERVICE_DAYS = re.compile(rf"\bon ({_DAY}(?:(?:,\s*|,?\s+(?:and|or)\s+){_DAY})*)", re.IGNORECASE)


def worked_day(question: str, quoted: str, page: str) -> str | None:
    """The day the policy gives, counted from the one weekday the question names; None unless it is clear which
    figure applies (the quote's own, or the page's only one)."""
    named = {_day_index(d) for d in NAMED_DAY.findall(question)}
    if len(named) != 1 or not ASKS_A_DAY.search(question):
        return None
    start = named.pop()
    if (days := _one(BUSINESS_DAYS, quoted, page)) is not None:
        done = DAYS[_business(start, days)].title()
        return f"Worked out: {days} business days from a {DAYS[start].title()} is **{done}**."
    if (hours := _one(NOTICE_HOURS, quoted, page)) is None:
        return None
    earliest = (start + math.ceil(hours / 24)) % 7
    served = [_day_index(d) for m in SERVICE_DAYS.finditer(f"{quoted} {page}") for d in NAMED_DAY.findall(m[1])]
    if not served:
        return f"Worked out: {hours} hours from a {DAYS[start].title()} is **{DAYS[earliest].title()}**."
    first = min(served, key=lambda d: (d - earliest) % 7)
    runs = " and ".join(DAYS[d].title() for d in sorted(set(served)))
    return (
        f"Worked out: with {hours} hours' notice from a {DAYS[start].title()}, the earliest is "
        f"{DAYS[earliest].title()}; of the days it runs ({runs}), the first from then is **{DAYS[first].title()}**."
    )


def _one(pattern: re.Pattern[str], quoted: str, page: str) -> int | None:
    """The figure the quote holds, or else the page's one figure of the kind."""
    for text in (quoted, page):
        found = {_number(n) for n in pattern.findall(text)}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _number(said: str) -> int:
    return int(said) if said.isdigit() else NUMBER_NAMES[said.lower()]


def _day_index(said: str) -> int:
    return next(i for i, d in enumerate(DAYS) if said.lower().startswith(d[:3]))


def _business(start: int, days: int) -> int:
    """The weekday ``days`` business days (Monday to Friday) after ``start``."""
    day = start
    while days:
        day = (day + 1) % 7
        days -= day < 5
    return day
