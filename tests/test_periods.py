"""Date expressions resolve against a fixed business "today" (Tuesday 2026-11-24)."""

from __future__ import annotations

from datetime import date

import pytest

from awning_assistant.periods import months_between, parse_period

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("what's due today?", "2026-11-24", "2026-11-24"),
    ("due tomorrow", "2026-11-25", "2026-11-25"),
    ("yesterday's pickups", "2026-11-23", "2026-11-23"),
    ("due this week", "2026-11-23", "2026-11-29"),
    ("next week", "2026-11-30", "2026-12-06"),
    ("last week", "2026-11-16", "2026-11-22"),
    ("revenue this month", "2026-11-01", "2026-11-30"),
    ("revenue last month", "2026-10-01", "2026-10-31"),
    ("next month", "2026-12-01", "2026-12-31"),
    ("this year", "2026-01-01", "2026-12-31"),
    ("last year", "2025-01-01", "2025-12-31"),
    ("year to date", "2026-01-01", "2026-11-24"),
    ("YTD revenue", "2026-01-01", "2026-11-24"),
    ("in April 2026", "2026-04-01", "2026-04-30"),
    ("June 2025", "2025-06-01", "2025-06-30"),
    ("in December", "2025-12-01", "2025-12-31"),
    ("in march", "2026-03-01", "2026-03-31"),
    ("Q3 2026", "2026-07-01", "2026-09-30"),
    ("the third quarter of 2025", "2025-07-01", "2025-09-30"),
    ("in 2025", "2025-01-01", "2025-12-31"),
    ("between 2026-01-05 and 2026-02-10", "2026-01-05", "2026-02-10"),
    ("on 2026-12-06", "2026-12-06", "2026-12-06"),
])
def test_expressions(text: str, start: str, end: str):
    period = parse_period(text, TODAY)
    assert period is not None, text
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["we may need more thread", "how many work orders are open?", "WO-13552 status"])
def test_no_date_in_plain_words(text: str):
    assert parse_period(text, TODAY) is None


def test_month_boundaries_across_years():
    assert parse_period("last month", date(2026, 1, 15)).label == "last month (December 2025)"
    assert months_between(date(2025, 11, 20), date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
