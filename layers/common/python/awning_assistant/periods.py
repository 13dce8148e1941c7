"""Date ranges and the everyday date expressions staff use, relative to a business "today".

Weeks run Monday to Sunday; "this week" is the calendar week containing today.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from pydantic import BaseModel, model_validator

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


class DateRange(BaseModel):
    """An inclusive range of days with a human label ("last month (October 2026)")."""

    start: date
    end: date
    label: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def months_between(start: date, end: date) -> list[str]:
    """``YYYY-MM`` of every month the range touches, in order."""
    months, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def month_range(year: int, month: int, label: str | None = None) -> DateRange:
    last = calendar.monthrange(year, month)[1]
    name = f"{calendar.month_name[month]} {year}"
    return DateRange(start=date(year, month, 1), end=date(year, month, last),
                     label=f"{label} ({name})" if label else name)


def year_range(year: int, label: str | None = None) -> DateRange:
    return DateRange(start=date(year, 1, 1), end=date(year, 12, 31),
                     label=f"{label} ({year})" if label else str(year))


def quarter_range(year: int, quarter: int, label: str | None = None) -> DateRange:
    start = date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = date(year, end_month, calendar.monthrange(year, end_month)[1])
    name = f"Q{quarter} {year}"
    return DateRange(start=start, end=end, label=f"{label} ({name})" if label else name)


def week_of(day: date, label: str) -> DateRange:
    monday = day - timedelta(days=day.weekday())
    return DateRange(start=monday, end=monday + timedelta(days=6),
                     label=f"{label} ({monday.isoformat()} to {(monday + timedelta(days=6)).isoformat()})")


def _day(day: date, label: str) -> DateRange:
    return DateRange(start=day, end=day, label=f"{label} ({day.isoformat()})")


_YEAR = r"(20\d\d|19\d\d)"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))


def parse_period(text: str, today: date) -> DateRange | None:
    """The first date expression found in ``text``, as a range; None when there is none.

    Understands: today, tomorrow, yesterday, this/next/last week, this/last/next month,
    this/last year, year to date, a named month (with or without a year), a quarter
    ("Q3 2026", "third quarter"), a year, and ISO dates or ranges.
    """
    t = text.lower()
    iso = re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", t)
    if len(iso) >= 2:
        a, b = sorted(date.fromisoformat(x) for x in iso[:2])
        return DateRange(start=a, end=b, label=f"{a.isoformat()} to {b.isoformat()}")
    if iso:
        return _day(date.fromisoformat(iso[0]), iso[0])
    rules: list[tuple[str, object]] = [
        (r"\b(year[- ]to[- ]date|ytd|so far this year)\b",
         lambda m: DateRange(start=date(today.year, 1, 1), end=today, label=f"year to date ({today.year})")),
        (r"\btoday\b|\btonight\b", lambda m: _day(today, "today")),
        (r"\btomorrow\b", lambda m: _day(today + timedelta(days=1), "tomorrow")),
        (r"\byesterday\b", lambda m: _day(today - timedelta(days=1), "yesterday")),
        (r"\b(this|current) week\b|\bweek so far\b", lambda m: week_of(today, "this week")),
        (r"\bnext week\b", lambda m: week_of(today + timedelta(days=7), "next week")),
        (r"\b(last|previous|past) week\b", lambda m: week_of(today - timedelta(days=7), "last week")),
        (r"\b(this|current) month\b", lambda m: month_range(today.year, today.month, "this month")),
        (r"\b(last|previous|past) month\b",
         lambda m: month_range(*_shift_month(today, -1), "last month")),
        (r"\bnext month\b", lambda m: month_range(*_shift_month(today, 1), "next month")),
        (r"\b(this|current) year\b|\bthis year's\b", lambda m: year_range(today.year, "this year")),
        (r"\b(last|previous|past) year\b|\blast year's\b", lambda m: year_range(today.year - 1, "last year")),
        (rf"\bq([1-4])\s*(?:of\s*)?{_YEAR}\b", lambda m: quarter_range(int(m[2]), int(m[1]))),
        (rf"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?\s*{_YEAR}?",
         lambda m: quarter_range(int(m[2]) if m[2] else today.year, _ORDINAL[m[1]])),
        (r"\b(this|current) quarter\b", lambda m: quarter_range(today.year, (today.month - 1) // 3 + 1,
                                                                 "this quarter")),
        (r"\bq([1-4])\b", lambda m: quarter_range(today.year, int(m[1]))),
        (rf"\b({_MONTH_NAMES})\.?,?\s+(?:of\s+)?{_YEAR}\b", lambda m: month_range(int(m[2]), MONTHS[m[1]])),
        (rf"\b({_MONTH_NAMES})\b(?!\s+\d{{1,2}}\b)", lambda m: _named_month(m, today)),
        (rf"\b(?:in|for|during|of)\s+{_YEAR}\b|\b{_YEAR}\b", lambda m: year_range(int(m[1] or m[2]))),
    ]
    for pattern, build in rules:
        for m in re.finditer(pattern, t):
            found = build(m)  # type: ignore[operator]
            if found is not None:
                return found
    return None


_WORDLIKE_MONTHS = frozenset({"may", "mar", "jun", "dec", "jan", "sept"})
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _shift_month(day: date, delta: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + delta
    return index // 12, index % 12 + 1


def _named_month(match: re.Match[str], today: date) -> DateRange | None:
    """A month named without a year: the most recent one that is not in the future.

    Abbreviations that are also words ("may", "mar", "dec") count only after a date
    preposition ("in May"), so "we may need" is not a month.
    """
    name = match[1]
    if name in _WORDLIKE_MONTHS and not re.search(r"\b(in|for|during|of|since|until)\s*$",
                                                  match.string[:match.start()]):
        return None
    month = MONTHS[name]
    year = today.year if month <= today.month else today.year - 1
    return month_range(year, month)
