"""Date expressions resolve against a fixed business "today" (Tuesday 2026-11-24)."""

from __future__ import annotations

from datetime import date

import pytest

from awning_assistant.answering.periods import months_between, parse_period

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("what's due today?", "2026-11-24", "2026-11-24"),
        # a month's own dates said day first, and a day of next or last month
        ("revenue from the 10th through the 20th of October", "2026-10-10", "2026-10-20"),
        ("what came in since the 1st of November", "2026-11-01", "2026-11-24"),
        ("what's due on the 8th of next month?", "2026-12-08", "2026-12-08"),
        ("what's promised for Friday the 27th?", "2026-11-27", "2026-11-27"),
        ("due between Monday the 30th and Friday the 4th", "2026-11-30", "2026-12-04"),
        ("due on Tuesday the 5th", "2026-12-05", "2026-12-05"),  # no Tuesday is the 5th: the 5th said
        ("what came in since 9/1?", "2026-09-01", "2026-11-24"),
        ("due nine days from today", "2026-12-03", "2026-12-03"),
        ("due three weeks from yesterday", "2026-12-14", "2026-12-14"),
        ("revenue in september this year", "2026-09-01", "2026-09-30"),
        ("revenue between 10/1 and 10/15 this year", "2026-10-01", "2026-10-15"),
        ("what came in on the 3rd of last month?", "2026-10-03", "2026-10-03"),
        # two periods joined are one span; holidays are their dates; a comparison is no span
        ("due from tomorrow through the end of next week?", "2026-11-25", "2026-12-06"),
        ("anything due today or tomorrow", "2026-11-24", "2026-11-25"),
        ("what's due between today and Friday", "2026-11-24", "2026-11-27"),
        ("orders from 11/2 to 11/20", "2026-11-02", "2026-11-20"),
        ("jobs from the 3rd to the 10th", "2026-11-03", "2026-11-10"),
        ("what of mine is due between now and the 30th?", "2026-11-24", "2026-11-30"),
        ("since Halloween, which jobs are late", "2026-10-31", "2026-11-24"),
        ("revenue since Labor Day", "2026-09-07", "2026-11-24"),
        ("since Thanksgiving", "2025-11-27", "2026-11-24"),
        ("revenue for march or may", "2026-03-01", "2026-03-31"),
        # no months from October on: the month said with its year (the comparison is declined by the planner)
        ("more orders in October or in September this year?", "2026-09-01", "2026-09-30"),
        # days at a month's edge, the rest of this week or month, and a span that says the rest of the week again
        ("which open jobs are due in the first ten days of December?", "2026-12-01", "2026-12-10"),
        ("revenue for the last 5 days of October", "2026-10-27", "2026-10-31"),
        ("what's due later this week", "2026-11-24", "2026-11-29"),
        ("due the rest of this month", "2026-11-24", "2026-11-30"),
        ("which rush orders are due later this week, today through Sunday?", "2026-11-24", "2026-11-29"),
        # months joined by "and" are one span only when said as one, and only when they touch
        ("revenue for September and October together", "2026-09-01", "2026-10-31"),
        ("what did we bring in September and October combined?", "2026-09-01", "2026-10-31"),
        ("revenue September and October", "2026-09-01", "2026-09-30"),
        ("orders from June and August combined", "2026-06-01", "2026-06-30"),
        ("orders from June and August", "2026-06-01", "2026-06-30"),
        ("between June and August how many", "2026-06-01", "2026-08-31"),
        ("list every open job due from today through the end of the month.", "2026-11-24", "2026-11-30"),
        ("which jobs are due on the 3rd?", "2026-12-03", "2026-12-03"),
        # half a month, and the whole months or weeks before this one
        ("revenue for the first half of this month", "2026-11-01", "2026-11-15"),
        ("jobs in during the back half of last month", "2026-10-16", "2026-10-31"),
        ("what did we bring in over the three months before this one?", "2026-08-01", "2026-10-31"),
        ("orders in the 2 weeks before this week", "2026-11-09", "2026-11-22"),
        ("revenue since the Fourth of July", "2026-07-04", "2026-11-24"),
        ("What have repairs alone brought in month to date?", "2026-11-01", "2026-11-24"),
        ("revenue quarter to date", "2026-10-01", "2026-11-24"),
        ("cleanings done week-to-date", "2026-11-23", "2026-11-24"),
        # from the start of a period to today; the same month a year ago; a day somewhere in a week; over a half
        ("revenue since the start of last quarter", "2026-07-01", "2026-11-24"),
        ("anything in since the 1st of the month?", "2026-11-01", "2026-11-24"),
        ("what has she brought in since the start of this month?", "2026-11-01", "2026-11-24"),
        ("everything since January 1st this year", "2026-01-01", "2026-11-24"),
        ("this time last year - November 2025 - how did revenue split?", "2025-11-01", "2025-11-30"),
        ("same time last year?", "2025-11-01", "2025-11-30"),
        ("jobs promised for some day last week", "2026-11-16", "2026-11-22"),
        ("how much over the first half of this year", "2026-01-01", "2026-06-30"),
        ("what's due on 12/03/2026", "2026-12-03", "2026-12-03"),
        ("due on the 3rd of december?", "2026-12-03", "2026-12-03"),
        ("which orders are due on 4 December?", "2026-12-04", "2026-12-04"),
        ("what's due Thu?", "2026-11-26", "2026-11-26"),
        ("top3 by rev 2025", "2025-01-01", "2025-12-31"),
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
        ("revenue August to September", "2026-08-01", "2026-09-30"),
        ("revenue over February-May?", "2026-02-01", "2026-05-31"),
        ("between March and June last year", "2025-03-01", "2025-06-30"),
        ("February-April 2025", "2025-02-01", "2025-04-30"),
        ("December through January", "2025-12-01", "2026-01-31"),
        ("top 3 customers last yr", "2025-01-01", "2025-12-31"),
        ("the third quarter of 2025", "2025-07-01", "2025-09-30"),
        ("in 2025", "2025-01-01", "2025-12-31"),
        ("between 2026-01-05 and 2026-02-10", "2026-01-05", "2026-02-10"),
        ("on 2026-12-06", "2026-12-06", "2026-12-06"),
        ("due on November 27 in my territory", "2026-11-27", "2026-11-27"),
        ("promised for Nov 27th, 2026", "2026-11-27", "2026-11-27"),
        ("due by 12/6", "2026-12-06", "2026-12-06"),
        ("what's due this Friday", "2026-11-27", "2026-11-27"),
        ("due on Saturday", "2026-11-28", "2026-11-28"),
        ("next Monday", "2026-11-30", "2026-11-30"),
        ("due this calendar week", "2026-11-23", "2026-11-29"),
        ("the week of Oct 19, 2026", "2026-10-19", "2026-10-25"),
        ("revenue last quarter", "2026-07-01", "2026-09-30"),
        ("first half of 2025", "2025-01-01", "2025-06-30"),
        ("between June and August 2026", "2026-06-01", "2026-08-31"),
        ("in the next 7 days", "2026-11-24", "2026-12-01"),
        ("2025 revenue by month", "2025-01-01", "2025-12-31"),
        ("revenue in H1 2026", "2026-01-01", "2026-06-30"),
        ("the second quarter of last year", "2025-04-01", "2025-06-30"),
        ("the last quarter of 2025", "2025-10-01", "2025-12-31"),
        ("Q2 of this year", "2026-04-01", "2026-06-30"),
        ("the previous calendar year", "2025-01-01", "2025-12-31"),
        ("revenue for 10/2025", "2025-10-01", "2025-10-31"),
        ("in Oct '25", "2025-10-01", "2025-10-31"),
        ("revenue since September 1", "2026-09-01", "2026-11-24"),
        ("revenue since March", "2026-03-01", "2026-11-24"),
        ("top 5 customers since January", "2026-01-01", "2026-11-24"),
        ("gross sales the month before last?", "2026-09-01", "2026-09-30"),
        ("revenue for the last 3 months", "2026-08-24", "2026-11-24"),
        ("over the past 2 weeks", "2026-11-10", "2026-11-24"),
        ("how much revenue since the start of the year?", "2026-01-01", "2026-11-24"),
        ("jobs due within the next 7 days", "2026-11-24", "2026-12-01"),
        ("what's due Wednesday through Friday?", "2026-11-25", "2026-11-27"),
        ("what has Conch Reef sent us over the years?", "1990-01-01", "2026-11-24"),
        ("between Mar 1 and Mar 15", "2026-03-01", "2026-03-15"),
        ("the day after tomorrow", "2026-11-26", "2026-11-26"),
        ("due on the 27th", "2026-11-27", "2026-11-27"),
        ("what's due back by end of the week?", "2026-11-23", "2026-11-29"),
        ("due by the end of the month", "2026-11-01", "2026-11-30"),
        ("what have they had cleaned since the start of 2025?", "2025-01-01", "2026-11-24"),
        ("orders since 2025", "2025-01-01", "2026-11-24"),
        ("anything due in the next two weeks?", "2026-11-24", "2026-12-08"),
        ("revenue for the back half of last year", "2025-07-01", "2025-12-31"),
        ("the first half of this year", "2026-01-01", "2026-06-30"),
        # a week said with how it is counted; the weekend; from today to a week's end
        ("revenue for the week before last, Monday through Sunday", "2026-11-09", "2026-11-15"),
        ("which jobs are due this coming Saturday or Sunday?", "2026-11-28", "2026-11-29"),
        ("anything due next weekend?", "2026-12-05", "2026-12-06"),
        ("what's due between today and the end of next week?", "2026-11-24", "2026-12-06"),
        ("What's promised for December 1st through the 7th?", "2026-12-01", "2026-12-07"),
    ],
)
def test_expressions(text: str, start: str, end: str):
    period = parse_period(text, TODAY, future="due" in text)  # as the planner reads a due date
    assert period is not None, text
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "sun damage on the valance",
        "we may need more thread",
        "how many work orders are open?",
        "WO-13552 status",
        "the storefront awning with the hand-lettered Est. 1952 script",
        "mix 1/2 cup of bleach per gallon",
        "mix 1/2 to 3/4 cup of bleach per gallon",
        "sizes 10 to 12 feet",
        "the boat cover for a 1968 wooden Chris-Craft",
    ],
)
def test_no_date_in_plain_words(text: str):
    assert parse_period(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "future", "day"),
    [
        ("due Monday", True, "2026-11-30"),  # Monday has passed this week: the coming one
        ("due Friday", True, "2026-11-27"),
        ("what came in Friday", False, "2026-11-20"),  # Friday is still to come: the last one
        ("what came in Monday", False, "2026-11-23"),
        ("the coming Monday", False, "2026-11-30"),
        ("this Monday", True, "2026-11-23"),  # said so: this week's
    ],
)
def test_a_bare_weekday_is_the_next_for_due_dates_and_the_last_otherwise(text, future, day):
    period = parse_period(text, TODAY, future=future)
    assert period is not None and period.start.isoformat() == period.end.isoformat() == day


def test_month_boundaries_across_years():
    assert parse_period("last month", date(2026, 1, 15)).label == "last month (December 2025)"
    assert months_between(date(2025, 11, 20), date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
