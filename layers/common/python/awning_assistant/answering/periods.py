"""Date ranges and the everyday date expressions staff use, relative to a business "today".

Weeks run Monday to Sunday; "this week" is the calendar week containing today.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, timedelta

from pydantic import BaseModel, model_validator

from awning_assistant.answering.text_terms import NUMBER_NAMES

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
    return DateRange(
        start=date(year, month, 1), end=date(year, month, last), label=f"{label} ({name})" if label else name
    )


def year_range(year: int, label: str | None = None) -> DateRange:
    return DateRange(start=date(year, 1, 1), end=date(year, 12, 31), label=f"{label} ({year})" if label else str(year))


def quarter_range(year: int, quarter: int, label: str | None = None) -> DateRange:
    start = date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = date(year, end_month, calendar.monthrange(year, end_month)[1])
    name = f"Q{quarter} {year}"
    return DateRange(start=start, end=end, label=f"{label} ({name})" if label else name)


def week_of(day: date, label: str) -> DateRange:
    monday = day - timedelta(days=day.weekday())
    return DateRange(
        start=monday,
        end=monday + timedelta(days=6),
        label=f"{label} ({monday.isoformat()} to {(monday + timedelta(days=6)).isoformat()})",
    )


def _day(day: date, label: str) -> DateRange:
    return DateRange(start=day, end=day, label=f"{label} ({day.isoformat()})")


_YEAR = r"(20\d\d|19\d\d)"
# A year ends the phrase ("revenue in 2025?", "in 2025 vs 2024"); "for 1968 wooden boats" is a description.
_YEAR_ENDS = (
    r"(?=\s*(?:$|[?.!,;:()\-–]|\s(?:and|or|vs\.?|versus|so far|to date|compared|please|"
    r"by|in|for|from|only|alone|total|overall|revenue|sales|income|with|each|combined|including|"
    r"broken|split)\b))"
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))


def parse_period(text: str, today: date, future: bool = False) -> DateRange | None:
    """The first date expression found in ``text``, as a range; None when there is none (``find_period``)."""
    found = find_period(text, today, future)
    return found[0] if found else None


def find_period(text: str, today: date, future: bool = False, spans: bool = True) -> tuple[DateRange, str] | None:
    """The first date expression found in ``text``, as a range with the words it was read from.

    Understands: today, tomorrow, yesterday, weekdays ("this Friday", "next Monday"), the
    next/last N days, this/next/last week (and "the week of <date>"), this/last/next month,
    this/last year, year to date, a named month (with or without a year) or a range of
    them ("February-May", "between March and June last year"), a quarter ("Q3 2026", "third
    quarter", "last quarter"), a half year, a year, dates ("November 27", "Nov 27th, 2026",
    "11/27/2026", ISO) and ISO ranges, holidays ("since Halloween"), and any two of these joined as a span
    ("from tomorrow through the end of next week"). A month named
    without a year is the latest one not in the future, or with ``future`` (due dates) the
    next one not in the past.
    """
    t = _said_plainly(re.sub(r"\s+", " ", text.lower().replace("’", "'")), today)
    iso = re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", t)
    if len(iso) >= 2:
        a, b = sorted(date.fromisoformat(x) for x in iso[:2])
        return DateRange(start=a, end=b, label=f"{a.isoformat()} to {b.isoformat()}"), " ".join(iso[:2])
    if iso:
        return _day(date.fromisoformat(iso[0]), iso[0]), iso[0]
    t = re.sub(rf"\b({_MONTH_NAMES})\.? '(\d\d)\b", r"\1 20\2", t)  # "Oct '25"
    t = _holidays_as_dates(t, today, future)
    t = re.sub(r"\byrs?\b", "year", t)  # "this yr"
    t = re.sub(
        r"\b(due|on|by|for|this|next|until|till|before|after) (mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?",
        lambda m: f"{m[1]} {_SHORT_DAYS[m[2][:3]]}",
        t,
    )  # "due Thu": only where a day is meant, not "sun damage"
    # "the week before last, Monday through Sunday": how the week is counted, read with it
    counted = re.search(WEEK_COUNTED, t)
    if counted and re.search(r"\bweek\b", t):
        t = t.replace(counted[0], " ")
    if spans and (span := _span(t, today, future)):  # and said again otherwise ("next week (Nov 30 - Dec 6)")
        same = find_period(t.replace(span[1], " "), today, future, spans=False)
        # the same days, or a week or month the span runs to the end of ("later this week, today through Sunday")
        alike = same and same[0].start <= span[0].start and same[0].end == span[0].end
        return (span[0], f"{span[1]} {same[1]}") if same and alike else span
    rules: list[tuple[str, object]] = [
        (
            r"\b(?:between|from) (?:today|now) (?:and|to|until|till|through|thru) (?:the end of )?next week\b|"
            r"\b(?:from )?now (?:until|till|through|thru) (?:the end of )?next week\b",
            lambda m: DateRange(
                start=today, end=week_of(today + timedelta(days=7), "").end, label="from today to the end of next week"
            ),
        ),
        (
            r"\b(?:(this|next|last|past|the|this coming|coming) )?weekend\b|"
            r"\b(?:(this|next|last|past|this coming|coming) )?sat(?:urday)? (?:or|and|&|/) sun(?:day)?\b",
            lambda m: _weekend(m[1] or m[2], today),
        ),
        (
            r"\b(?:of )?all[- ]time\b|\bever\b|\bsince (?:we )?(?:started|opened|the beginning)\b|\bover the years\b",
            lambda m: DateRange(start=date(1990, 1, 1), end=today, label="all time"),
        ),
        (r"\bday after tomorrow\b", lambda m: _day(today + timedelta(days=2), "the day after tomorrow")),
        (
            r"\b(?:later|(?:for )?the rest of|the remainder of) this (week|month)\b",
            lambda m: DateRange(
                start=today,
                end=(week_of(today, "") if m[1] == "week" else month_range(today.year, today.month)).end,
                label=f"the rest of this {m[1]}",
            ),
        ),
        # "this time last year - November 2025": the month named; alone, this month a year ago
        (
            rf"\b(?:this time|(?:the )?same (?:month|time|period)) (?:of )?last year"
            rf"\W+({_MONTH_NAMES})\.?,?\s+{_YEAR}\b",
            lambda m: month_range(int(m[2]), MONTHS[m[1]]),
        ),
        (
            r"\b(?:this time|(?:the )?same (?:month|time|period)) (?:of )?last year\b",
            lambda m: month_range(today.year - 1, today.month, "this month last year"),
        ),
        # "since the start of last quarter", "since the beginning of this month": from that start to today
        (
            r"\bsince (?:the (?:start|beginning|1st|first) of )?(this|last|the previous|previous|the) "
            r"(week|month|quarter|year)\b",
            lambda m: _since_start(m[1], m[2], today),
        ),
        (
            rf"\bbetween ({_MONTH_NAMES})\.? (\d{{1,2}})(?:st|nd|rd|th)? and (?:({_MONTH_NAMES})\.? )?(\d{{1,2}})"
            rf"(?:st|nd|rd|th)?,? ?{_YEAR}?",
            lambda m: _day_span(m, today),
        ),
        (  # "December 1st through the 7th", "Dec 1 - Dec 7"
            rf"\b({_MONTH_NAMES})\.? (\d{{1,2}})(?:st|nd|rd|th)? ?(?:through|thru|to|until|till|-|–) ?(?:the )?"
            rf"(?:({_MONTH_NAMES})\.? )?(\d{{1,2}})(?:st|nd|rd|th)?\b,? ?{_YEAR}?",
            lambda m: _day_span(m, today),
        ),
        (
            rf"\bsince ({_MONTH_NAMES})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? ?{_YEAR}|(?: of)? this year)?",
            lambda m: _since(m, today),
        ),
        (rf"\bsince ({_MONTH_NAMES})\b\.?()(?:,? ?{_YEAR})?", lambda m: _since(m, today)),
        (
            rf"\bsince (?:the (?:start|beginning) of )?{_YEAR}\b",
            lambda m: _from(date(int(m[1]), 1, 1), today, f"since {m[1]} ({m[1]}-01-01 to {today})"),
        ),
        (rf"\b({_WEEKDAYS}) (?:through|thru|to|until|till|-|–) ({_WEEKDAYS})\b", lambda m: _weekdays(m, today)),
        (
            r"(?<![\d/])(\d{1,2})/(20\d\d)\b",
            lambda m: month_range(int(m[2]), int(m[1])) if 1 <= int(m[1]) <= 12 else None,
        ),
        (
            rf"\b(?:the )?(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH_NAMES})\b\.?(?:,? ?{_YEAR})?",
            lambda m: _month_day(m, today, day_first=True),
        ),
        (rf"\b(h[12])\s*(?:of\s*)?{_YEAR}?\b", lambda m: _half_of(m[1][1], m[2], today)),
        (
            rf"\b(?:the )?(last|final|fourth|4th|first|1st|second|2nd|third|3rd) quarter of (this year|last year|"
            rf"{_YEAR})",
            lambda m: _quarter_of(m, today),
        ),
        (
            r"\bq([1-4]) (?:of )?(this|last|next) year\b",
            lambda m: quarter_range(today.year + {"this": 0, "last": -1, "next": 1}[m[2]], int(m[1])),
        ),
        (r"\b(?:previous|prior) (?:calendar |fiscal )?year\b", lambda m: year_range(today.year - 1, "last year")),
        (r"\bon the (\d{1,2})(?:st|nd|rd|th)\b", lambda m: _day_of_month(int(m[1]), today, future)),
        (rf"\bweek of ({_MONTH_NAMES})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? ?{_YEAR}?", lambda m: _week_of_date(m, today)),
        (rf"\b({_MONTH_NAMES})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? ?{_YEAR})?", lambda m: _month_day(m, today)),
        (r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b", lambda m: _numeric_date(m, today)),
        (
            r"\b(?:on|by|for|due|until|before|after|due back|due in|back|ready|needed|promised)"
            r" (\d{1,2})/(\d{1,2})()\b",
            lambda m: _numeric_date(m, today),
        ),
        (
            rf"\b(?:between|from) ({_MONTH_NAMES}) (?:and|to|through|thru|until|-|–) ({_MONTH_NAMES})\b,? ?"
            rf"(?:{_YEAR}|(this|last) year)?",
            lambda m: _month_span(m, today),
        ),
        (
            rf"\b({_MONTH_NAMES}) ?(?:to|through|thru|until|-|–) ?({_MONTH_NAMES})\b,? ?(?:{_YEAR}|(this|last) year)?",
            lambda m: _month_span(m, today),
        ),
        (
            rf"\b(?:(?:over|during|in|for|within) )?(?:the )?(first|last) (\d{{1,2}}|{'|'.join(_DAY_COUNTS)}) days "
            rf"(?:of|in) ({_MONTH_NAMES})\b",
            lambda m: _days_of_month(m, today, future),
        ),
        (
            r"\b(?:(?:over|during|in|for|through) )?(?:the )?(first|second|1st|2nd|front|back|latter|last|later) half"
            r" of (?:the |this )?(last |previous )?month\b",
            lambda m: _month_half(m, today),
        ),
        (
            r"\b(?:over |in |for |during )?(?:the )?(\d{1,2}|two|three|four|six|twelve) (months|weeks) "
            r"(?:before|prior to|ahead of) (?:this one|this (?:month|week)|the current (?:one|month|week))\b",
            lambda m: _whole_back(m, today),
        ),
        (
            rf"\b(?:(?:over|during|in|for|through) )?(?:the )?(first|second|1st|2nd|front|back|latter|last|later) half"
            rf"(?: of)?(?: the year)? ?(?:{_YEAR}|(this|last) year)?",
            lambda m: _half(m, today),
        ),
        (
            r"\b(?:within )?(?:the )?(next|coming|last|past) (\d{1,2}|seven|fourteen|thirty) days\b",
            lambda m: _days(m, today),
        ),
        (
            r"\b(?:within |over |in |for |during )?(?:the )?(last|past) (\d{1,2}|two|three|four|six|twelve) "
            r"(months|weeks)\b",
            lambda m: _back(m, today),
        ),
        (
            r"\b(?:within |over |in |for |during )?(?:the )?(next|coming) (\d{1,2}|two|three|four|six|twelve) weeks\b",
            lambda m: _weeks_ahead(m, today),
        ),
        (
            r"\b(year[- ]to[- ]date|ytd|so far this year|since the (?:start|beginning) of (?:the|this) year)\b",
            lambda m: DateRange(start=date(today.year, 1, 1), end=today, label=f"year to date ({today.year})"),
        ),
        (
            r"\b(?:month[- ]to[- ]date|mtd|so far this month)\b",
            lambda m: DateRange(start=today.replace(day=1), end=today, label=f"month to date ({today:%B %Y})"),
        ),
        (
            r"\b(?:quarter[- ]to[- ]date|qtd|so far this quarter)\b",
            lambda m: _since_start("this", "quarter", today),
        ),
        (r"\b(?:week[- ]to[- ]date|wtd|so far this week)\b", lambda m: _since_start("this", "week", today)),
        (r"\btoday\b|\btonight\b", lambda m: _day(today, "today")),
        (r"\btomorrow\b", lambda m: _day(today + timedelta(days=1), "tomorrow")),
        (r"\byesterday\b", lambda m: _day(today - timedelta(days=1), "yesterday")),
        (r"\bweek after next\b", lambda m: week_of(today + timedelta(days=14), "the week after next")),
        (
            r"\b(?:the )?week after (?:this|the current)(?: one| week)?\b|\b(?:the )?following week\b",
            lambda m: week_of(today + timedelta(days=7), "next week"),
        ),
        (
            r"\b(this|current)(?: calendar| work)? week\b|\bweek so far\b|"
            r"\b(?:the )?end of (?:the |this )?(?:work )?week\b",
            lambda m: week_of(today, "this week"),
        ),
        (r"\b(?:the )?end of (?:the |this )month\b", lambda m: month_range(today.year, today.month, "this month")),
        (r"\b(?:(?:some|any|a|one) day )?next week\b", lambda m: week_of(today + timedelta(days=7), "next week")),
        (
            r"\b(?:(?:some|any|a|one) day )?(last|previous|past) week\b",
            lambda m: week_of(today - timedelta(days=7), "last week"),
        ),
        (r"\bmonth before last\b", lambda m: month_range(*_shift_month(today, -2), "the month before last")),
        (r"\bweek before last\b", lambda m: week_of(today - timedelta(days=14), "the week before last")),
        (r"\byear before last\b", lambda m: year_range(today.year - 2, "the year before last")),
        (r"\b(this|current) month\b", lambda m: month_range(today.year, today.month, "this month")),
        (r"\b(last|previous|past) month\b", lambda m: month_range(*_shift_month(today, -1), "last month")),
        (r"\bnext month\b", lambda m: month_range(*_shift_month(today, 1), "next month")),
        (r"\b(this|current) year\b|\bthis year's\b", lambda m: year_range(today.year, "this year")),
        (r"\b(last|previous|past) year\b|\blast year's\b", lambda m: year_range(today.year - 1, "last year")),
        (rf"\bq([1-4])\s*(?:of\s*)?{_YEAR}\b", lambda m: quarter_range(int(m[2]), int(m[1]))),
        (
            rf"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?\s*{_YEAR}?",
            lambda m: quarter_range(int(m[2]) if m[2] else today.year, _ORDINAL[m[1]]),
        ),
        (
            r"\b(this|current) quarter\b",
            lambda m: quarter_range(today.year, (today.month - 1) // 3 + 1, "this quarter"),
        ),
        (r"\b(last|previous|past) quarter\b", lambda m: _last_quarter(today)),
        (rf"\b(?:(this|next|last|coming) )?({_WEEKDAYS})\b", lambda m: _weekday(m, today, future)),
        (r"\bq([1-4])\b", lambda m: quarter_range(today.year, int(m[1]))),
        (rf"\b({_MONTH_NAMES})\.?,?\s+(?:of\s+)?{_YEAR}\b", lambda m: month_range(int(m[2]), MONTHS[m[1]])),
        (rf"\b({_MONTH_NAMES})\b(?!\s+\d{{1,2}}\b)", lambda m: _named_month(m, today, future)),
        (rf"\b(?:calendar |fiscal )?year {_YEAR}\b", lambda m: year_range(int(m[1]))),
        (
            rf"\b(?:revenue|rev|sales|income|takings|earnings)\s+(?:in\s+|for\s+|of\s+)?{_YEAR}\b",
            lambda m: year_range(int(m[1])),
        ),
        (
            rf"\b(?:in|for|during|of|since|from)\s+{_YEAR}{_YEAR_ENDS}|^{_YEAR}\b|\b{_YEAR}(?='s|\s+(?:revenue|"
            rf"sales|income|takings|earnings|figures|numbers|totals?))",
            lambda m: year_range(int(m[1] or m[2] or m[3])),
        ),
    ]
    found = [(r, m[0]) for r, m in _readings(t, rules)]
    if not found:
        return None
    first, words = found[0]
    # the same period said again ("the first half of 2026 (January through June)", "Q2 2026 (April-June)", "year
    # to date ... in 2026"): its words are read too
    again = [w for r, w in found[1:] if r.start <= first.start and r.end >= first.end and w not in words]
    if counted and re.search(r"\bweek\b", words):
        again.append(counted[0])
    return first, " ".join([words, *again])


_FIXED_HOLIDAYS = {
    r"new year'?s eve": "december 31",
    r"new year'?s(?: day)?": "january 1",
    r"valentine'?s(?: day)?": "february 14",
    r"st\.? patrick'?s(?: day)?": "march 17",
    r"independence day|(?:the )?(?:fourth|4th) of july": "july 4",
    r"hallowe'?en": "october 31",
    r"veterans'? day": "november 11",
    r"christmas eve": "december 24",
    r"christmas(?: day)?|xmas": "december 25",
}


_FLOATING_HOLIDAYS = r"memorial day|labor day|thanksgiving|black friday"
# A holiday's name, as said: the words a period was read from when the rules read its date.
HOLIDAY_NAMES = rf"\b(?:{'|'.join(_FIXED_HOLIDAYS)}|{_FLOATING_HOLIDAYS})(?: day)?\b"


def _floating_holiday(name: str, year: int) -> date:
    """US holidays that fall on a weekday of a week of their month."""
    if name == "memorial day":  # the last Monday of May
        last = date(year, 5, 31)
        return last - timedelta(days=last.weekday())
    first = date(year, 9 if name == "labor day" else 11, 1)
    if name == "labor day":  # the first Monday of September
        return first + timedelta(days=-first.weekday() % 7)
    thanksgiving = first + timedelta(days=(3 - first.weekday()) % 7 + 21)  # the fourth Thursday of November
    return thanksgiving + timedelta(days=1) if name == "black friday" else thanksgiving


def _holidays_as_dates(t: str, today: date, future: bool) -> str:
    """Holidays said by name, as the dates the rules read: a fixed one as its month and day; one that moves as
    its date in the year that makes it the last not to come (or with ``future``, the next not past)."""
    for said, day in _FIXED_HOLIDAYS.items():
        t = re.sub(rf"\b(?:{said})\b", day, t)

    def dated(m: re.Match[str]) -> str:
        year, ahead = today.year, future and not m.string[: m.start()].endswith("since ")
        if (_floating_holiday(m[1], year) > today) != ahead:
            year += 1 if ahead else -1
        return _floating_holiday(m[1], year).strftime("%B %-d, %Y").lower()

    return re.sub(rf"\b({_FLOATING_HOLIDAYS})(?: day)?\b", dated, t)


# Two periods joined by "and" are one span only when said as one ("September and October together").
_TOGETHER = re.compile(r"\b(?:together|combined|put together|added up|in total|all told)\b")
_JOINED = re.compile(r"\s(?:through|thru|until|till|up to|to|and|or|-|–)\s")


def _span(t: str, today: date, future: bool) -> tuple[DateRange, str] | None:
    """Two periods joined ("from tomorrow through the end of next week", "between today and Friday",
    "today or tomorrow"): from the first one's start to the second one's end. Comparisons ("October
    compared to November") are no span."""
    if re.search(r"\bcompar|\bversus\b|\bvs\b|\b(?:more|fewer|less|busier|slower|bigger|higher|lower)\b[^?]*\bor\b", t):
        return None
    together = _TOGETHER.search(t) is not None
    for join in _JOINED.finditer(t):
        first = _period_ending(t[: join.start()], today, future)
        if first is None or (join[0].strip() == "and" and not first[1].startswith("between") and not together):
            continue
        dated = re.match(r"from |between ", first[1]) is not None
        second = _period_starting(t[join.end() :], today, future, dated)
        if second and second[0].end < first[0].start:  # "between today and Friday": the Friday to come
            second = _period_starting(t[join.end() :], today, True, dated)
        if second is None or second[0].end < first[0].start:
            continue
        listed = join[0].strip() == "or" or (join[0].strip() == "and" and not first[1].startswith("between"))
        if listed and second[0].start != first[0].end + timedelta(days=1):
            continue  # "today or tomorrow" is both days; "March or May" is not the months between, nor "October
            # or September this year" the months from October on
        start, end = first[0].start, second[0].end
        words = f"{first[1]}{join[0]}{second[1]}"
        return DateRange(start=start, end=end, label=f"{start.isoformat()} to {end.isoformat()}"), words
    return None


def _period_ending(text: str, today: date, future: bool) -> tuple[DateRange, str] | None:
    """The longest period said by the last words of ``text`` (up to five, "from"/"between" before them)."""
    words = [w.rstrip(".") for w in re.findall(r"[\w'/.-]+", text)[-6:]]
    for n in range(len(words), 0, -1):
        said = " ".join(words[-n:])
        bare = re.sub(r"^(?:from|between) ", "", said)
        found = _day_said(bare, today, future, dated=bare != said)
        if found and bare.startswith(found[1].split()[0]) and said.endswith(found[1].split()[-1]):
            return found[0], said
    return None


def _period_starting(text: str, today: date, future: bool, dated: bool) -> tuple[DateRange, str] | None:
    """The longest period said by the first words of ``text`` (up to six)."""
    words = [w.rstrip(".") for w in re.findall(r"[\w'/.-]+", text)[:6]]
    for n in range(len(words), 0, -1):
        said = " ".join(words[:n])
        found = _day_said(said, today, future, dated)
        weekday_lost = re.match(_WEEKDAYS, said) and found and not found[1].startswith(said.split()[0])
        if found and said.endswith(found[1].split()[-1]) and not weekday_lost:  # "friday this week" is that Friday
            return found[0], said
    return None


def _day_said(said: str, today: date, future: bool, dated: bool) -> tuple[DateRange, str] | None:
    """A period in a span's words. "The 15th" is a day there, as after "on"; so is a bare "11/2" in a span
    said "from" or "between" one ("1/2 to 3/4 cup" is no span)."""
    if said in ("now", "right now"):  # "between now and the 30th": from today
        return _day(today, "today"), said
    found = find_period(said, today, future, spans=False)
    if found is None and (dated or re.fullmatch(r"(?:the )?\d{1,2}(?:st|nd|rd|th)", said)):
        found = find_period(f"on {said}", today, future, spans=False)
        return (found[0], said) if found else None
    return found


def _readings(t: str, rules: list[tuple[str, object]]) -> Iterator[tuple[DateRange, re.Match[str]]]:
    """Every period the rules read in ``t``, in the rules' order of precedence."""
    for pattern, build in rules:
        for m in re.finditer(pattern, t):
            found = build(m)  # type: ignore[operator]
            if found is not None:
                yield found, m


_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_SHORT_DAYS = {day[:3]: day for day in _WEEKDAYS.split("|")}
_WORDLIKE_MONTHS = frozenset({"may", "mar", "jun", "dec", "jan", "sept"})
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


_ORDINAL_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_COUNTED = {"a": 1, "an": 1} | NUMBER_NAMES
_FROM_NOW = rf"\b({'|'.join(_COUNTED)}|\d{{1,3}}) (days?|weeks?) from (today|now|tomorrow|yesterday)\b"
_YEAR_SAID = r"(this|last|next) year"
# Dates said in words the rules read another way, each rewritten by ``_said_plainly``: the unread-words check
# reads them as the period's words.
# How a week is counted, said beside it ("next week - the Monday-to-Sunday after this one").
WEEK_COUNTED = (
    r"\bmon(?:day)?\s*[-–]?\s*(?:through|thru|to|till|until|-|–)\s*[-–]?\s*sun(?:day)?\b"
    r"(?: (?:week|one|span))?(?: (?:after|following|before) (?:this|that|the current) (?:one|week))?"
)
SAID_OTHERWISE = (
    rf"\b(?:(?:from|since|between|on|by) )?the {_ORDINAL_DAY}(?: (?:through|thru|to|till|until|and|-|–) "
    rf"the {_ORDINAL_DAY})? of (?:(?:next|last|this) month|[a-z]{{3,9}})\b|{_FROM_NOW}|"
    rf"\b(?:in )?(?:the month of )?[a-z]{{3,9}}(?: {_ORDINAL_DAY})?,? {_YEAR_SAID}\b|"
    rf"\b\d{{1,2}}/\d{{1,2}}(?: (?:and|to|through|thru|-|–) \d{{1,2}}/\d{{1,2}})? {_YEAR_SAID}\b|"
    rf"\b(?:(?:between|from|on|by|for|until|till|through|to|and) )?(?:{_WEEKDAYS}),? the \d{{1,2}}(?:st|nd|rd|th)?\b|"
    rf"\bsince \d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b"
)


def _said_plainly(t: str, today: date) -> str:
    """Dates said in ways the rules don't read, in words they do: "the 10th through the 20th of October" (October 10
    through October 20), "the 8th of next month", "nine days from today", "a week from tomorrow", "September this
    year", "10/1 and 10/15 this year", "the month of May", "Monday the 30th" (the 30th), "since 9/1"."""
    days = rf"(?:the )?{_ORDINAL_DAY} (through|thru|to|till|until|and|-|–) (?:the )?{_ORDINAL_DAY}"
    t = re.sub(rf"\b{days} of ({_MONTH_NAMES})\b", r"\4 \1 \2 \4 \3", t)
    t = re.sub(rf"\bthe {_ORDINAL_DAY} of ({_MONTH_NAMES})\b", r"\2 \1", t)
    t = re.sub(rf"\bthe {_ORDINAL_DAY} of (next|last|this) month\b", lambda m: _of_month(m, today), t)
    t = re.sub(_FROM_NOW, lambda m: _from_now(m, today), t)
    t = re.sub(rf"\bthe month of ({_MONTH_NAMES})\b", r"\1", t)
    years = {"this": today.year, "last": today.year - 1, "next": today.year + 1}
    t = re.sub(
        rf"\b({_MONTH_NAMES})((?: {_ORDINAL_DAY})?),? {_YEAR_SAID}\b", lambda m: f"{m[1]}{m[2]} {years[m[4]]}", t
    )
    t = re.sub(
        rf"\b(\d{{1,2}}/\d{{1,2}})(?: (and|to|through|thru|-|–) (\d{{1,2}}/\d{{1,2}}))? {_YEAR_SAID}\b",
        lambda m: f"{m[1]}/{years[m[4]]}" + (f" {m[2]} {m[3]}/{years[m[4]]}" if m[3] else ""),
        t,
    )
    t = re.sub(r"\bsince (\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b", _since_numeric, t)
    return re.sub(rf"\b({_WEEKDAYS}),? the (\d{{1,2}})(?:st|nd|rd|th)?\b", lambda m: _weekday_the(m, today), t)


def _weekday_the(match: re.Match[str], today: date) -> str:
    """ "Friday the 27th": the day of that number, this month, the one before or the next, that is that weekday and
    nearest today (as an ISO date); the day of the month alone when none is that weekday."""
    weekday, day = _WEEKDAYS.split("|").index(match[1]), int(match[2])
    fits = []
    for delta in (-1, 0, 1):
        year, month = _shift_month(today, delta)
        if day <= calendar.monthrange(year, month)[1] and (when := date(year, month, day)).weekday() == weekday:
            fits.append(when)
    return min(fits, key=lambda d: abs((d - today).days)).isoformat() if fits else match[0].split(" ", 1)[1]


def _since_numeric(match: re.Match[str]) -> str:
    """ "since 9/1", "since 9/1/2026": since that day, in the words the "since September 1" rule reads."""
    month, day, year = int(match[1]), match[2], match[3]
    if not 1 <= month <= 12:
        return match[0]
    return f"since {calendar.month_name[month].lower()} {day}" + (
        f", {year if len(year) == 4 else '20' + year}" if year else ""
    )


def _from_now(match: re.Match[str], today: date) -> str:
    """ "nine days from today", "a week from tomorrow", "three weeks from yesterday": that day, as an ISO date."""
    n = _COUNTED.get(match[1]) or int(match[1])
    days = n * (7 if match[2].startswith("week") else 1) + {"tomorrow": 1, "yesterday": -1}.get(match[3], 0)
    return (today + timedelta(days=days)).isoformat()


def _of_month(match: re.Match[str], today: date) -> str:
    """ "the 8th of next month": that month's date, in words the rules read ("december 8 2026")."""
    year, month = _shift_month(today, {"next": 1, "last": -1, "this": 0}[match[2]])
    return f"{calendar.month_name[month].lower()} {int(match[1])} {year}"


def _shift_month(day: date, delta: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + delta
    return index // 12, index % 12 + 1


def _named_month(match: re.Match[str], today: date, future: bool = False) -> DateRange | None:
    """A month named without a year: the most recent one that is not in the future.

    Abbreviations that are also words ("may", "mar", "dec") count only after a date
    preposition ("in May"), so "we may need" is not a month.
    """
    return _month_said(match[1], match.string[: match.start()], today, future)


def _month_said(name: str, before: str, today: date, future: bool) -> DateRange | None:
    """``_named_month`` of the month ``name`` said after the words ``before``."""
    if name in _WORDLIKE_MONTHS and not re.search(r"\b(in|for|during|of|since|until)\s*$", before):
        return None
    month = MONTHS[name]
    if future:
        year = today.year if month >= today.month else today.year + 1
    else:
        year = today.year if month <= today.month else today.year - 1
    return month_range(year, month)


_DAY_COUNTS = {"three": 3, "five": 5, "seven": 7, "ten": 10, "fifteen": 15, "twenty": 20}


def _days_of_month(match: re.Match[str], today: date, future: bool) -> DateRange | None:
    """ "The first ten days of December" (the 1st to the 10th), "the last 5 days of October"."""
    whole = _month_said(match[3], "of", today, future)
    if whole is None:
        return None
    n = min(_DAY_COUNTS.get(match[2]) or int(match[2]), whole.end.day)
    first = match[1] == "first"
    start, end = (
        (whole.start, whole.start + timedelta(days=n - 1)) if first else (whole.end - timedelta(days=n - 1), whole.end)
    )
    return DateRange(start=start, end=end, label=f"{match[1]} {n} days of {whole.label}")


def _year_or(value: str | None, today: date) -> int:
    return int(value) if value else today.year


def _month_day(match: re.Match[str], today: date, day_first: bool = False) -> DateRange | None:
    """ "November 27" (this year), "Nov 27th, 2026", "the 3rd of December"; a word-like month needs its day."""
    month, number = (match[2], match[1]) if day_first else (match[1], match[2])
    try:
        day = date(_year_or(match[3], today), MONTHS[month], int(number))
    except ValueError:
        return None
    return _day(day, day.strftime("%B %-d, %Y"))


def _numeric_date(match: re.Match[str], today: date) -> DateRange | None:
    """US style month/day[/year]."""
    year = match[3]
    try:
        day = date(_year_or(("20" + year) if year and len(year) == 2 else year, today), int(match[1]), int(match[2]))
    except ValueError:
        return None
    return _day(day, day.isoformat())


def _week_of_date(match: re.Match[str], today: date) -> DateRange | None:
    found = _month_day(match, today)
    return week_of(found.start, f"the week of {found.start.isoformat()}") if found else None


def _month_span(match: re.Match[str], today: date) -> DateRange | None:
    """ "February-May", "between March and June last year": without a year, the latest such
    span that has begun. "From June and August" names two months, not the span between them."""
    if re.match(rf"from {match[1]} and ", match[0]):
        return None
    if match[3]:
        year = int(match[3])
    elif match[4]:
        year = today.year - (match[4] == "last")
    else:
        year = today.year if MONTHS[match[1]] <= today.month else today.year - 1
    first = month_range(year, MONTHS[match[1]])
    last = month_range(year + (MONTHS[match[2]] < MONTHS[match[1]]), MONTHS[match[2]])  # December to January
    return DateRange(start=first.start, end=last.end, label=f"{first.label} to {last.label}")


def _half(match: re.Match[str], today: date) -> DateRange:
    """ "The first half of 2026", "the back half of last year" (this year's when no year is said)."""
    year = today.year - 1 if match[3] == "last" else _year_or(match[2], today)
    second = match[1] in ("second", "2nd", "back", "latter", "last", "later")
    start, end = (date(year, 7, 1), date(year, 12, 31)) if second else (date(year, 1, 1), date(year, 6, 30))
    return DateRange(start=start, end=end, label=f"{'second' if second else 'first'} half of {year}")


def _month_half(match: re.Match[str], today: date) -> DateRange:
    """ "The first half of the month" (the 1st to the 15th), "the back half of last month" (the 16th to its end)."""
    year, month = _shift_month(today, -1) if match[2] else (today.year, today.month)
    second = match[1] in ("second", "2nd", "back", "latter", "last", "later")
    start = date(year, month, 16 if second else 1)
    end = date(year, month, calendar.monthrange(year, month)[1] if second else 15)
    return DateRange(
        start=start, end=end, label=f"{'second' if second else 'first'} half of {calendar.month_name[month]} {year}"
    )


def _whole_back(match: re.Match[str], today: date) -> DateRange:
    """The N whole months or weeks before this one ("the three months before this one": August to October)."""
    n = _COUNTS.get(match[1]) or int(match[1])
    if match[2] == "weeks":
        monday = today - timedelta(days=today.weekday())
        start, end = monday - timedelta(weeks=n), monday - timedelta(days=1)
    else:
        year, month = _shift_month(today, -n)
        start, end = date(year, month, 1), date(today.year, today.month, 1) - timedelta(days=1)
    return DateRange(start=start, end=end, label=f"the {n} {match[2]} before this one ({start} to {end})")


def _days(match: re.Match[str], today: date) -> DateRange:
    n = {"seven": 7, "fourteen": 14, "thirty": 30}.get(match[2]) or int(match[2])
    if match[1] in ("next", "coming"):
        return DateRange(start=today, end=today + timedelta(days=n), label=f"the next {n} days")
    return DateRange(start=today - timedelta(days=n), end=today, label=f"the last {n} days")


_COUNTS = {"two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12}


def _back(match: re.Match[str], today: date) -> DateRange:
    """The last N weeks or months, rolling back from today (as the last N days do)."""
    n = _COUNTS.get(match[2]) or int(match[2])
    start = rolled_back(today, n, match[3])
    return DateRange(
        start=start, end=today, label=f"the last {n} {match[3]} ({start.isoformat()} to {today.isoformat()})"
    )


def rolled_back(today: date, n: int, unit: str) -> date:
    """The day ``n`` days, weeks or months before ``today`` (a month back keeps the day, or its month's last)."""
    if unit.startswith("month"):
        year, month = _shift_month(today, -n)
        return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    return today - timedelta(days=n * (7 if unit.startswith("week") else 1))


def _weeks_ahead(match: re.Match[str], today: date) -> DateRange:
    """The next N weeks from today (as the next N days are)."""
    end = today + timedelta(weeks=_COUNTS.get(match[2]) or int(match[2]))
    return DateRange(
        start=today, end=end, label=f"the next {match[2]} weeks ({today.isoformat()} to {end.isoformat()})"
    )


def _last_quarter(today: date) -> DateRange:
    quarter = (today.month - 1) // 3  # the previous quarter, 0 meaning Q4 of last year
    return (
        quarter_range(today.year - 1, 4, "last quarter")
        if quarter == 0
        else quarter_range(today.year, quarter, "last quarter")
    )


def _weekday(match: re.Match[str], today: date, future: bool = False) -> DateRange:
    """A weekday of this week (Monday to Sunday), or of the next / last week when said so. A bare
    weekday is the next one for a due date ("due Monday" on a Tuesday) and the last one otherwise
    ("what came in Friday")."""
    monday = today - timedelta(days=today.weekday())
    offset = {"next": 7, "last": -7}.get(match[1] or "", 0)
    day = monday + timedelta(days=offset + _WEEKDAYS.split("|").index(match[2]))
    if match[1] in (None, "coming") and (future or match[1] == "coming") and day < today:
        day += timedelta(days=7)
    elif match[1] is None and not future and day > today:
        day -= timedelta(days=7)
    return _day(day, day.strftime("%A %B %-d"))


def _weekend(said: str | None, today: date) -> DateRange:
    """The Saturday and Sunday of this week, or of the next or the last when said so."""
    saturday = today - timedelta(days=today.weekday()) + timedelta(days=5)
    saturday += timedelta(days={"next": 7, "last": -7, "past": -7}.get(said or "", 0))
    label = {"next": "next weekend", "last": "last weekend", "past": "last weekend"}.get(said or "", "this weekend")
    return DateRange(start=saturday, end=saturday + timedelta(days=1), label=label)


def _weekdays(match: re.Match[str], today: date) -> DateRange:
    """ "Wednesday through Friday": from the next of the first day (today included) to the next of the second."""
    days = _WEEKDAYS.split("|")
    start = today + timedelta(days=(days.index(match[1]) - today.weekday()) % 7)
    end = start + timedelta(days=(days.index(match[2]) - start.weekday()) % 7)
    return DateRange(start=start, end=end, label=f"{start.strftime('%A %B %-d')} to {end.strftime('%A %B %-d')}")


def _day_span(match: re.Match[str], today: date) -> DateRange | None:
    """ "between Mar 1 and Mar 15", "between Nov 25 and 30"."""
    year = _year_or(match[5], today)
    try:
        start = date(year, MONTHS[match[1]], int(match[2]))
        end = date(year, MONTHS[match[3] or match[1]], int(match[4]))
    except ValueError:
        return None
    return DateRange(start=start, end=end, label=f"{start.isoformat()} to {end.isoformat()}") if start <= end else None


def _since(match: re.Match[str], today: date) -> DateRange | None:
    """ "since September 1", "since March": from that day (the last one not in the future) to today."""
    try:
        start = date(_year_or(match[3], today), MONTHS[match[1]], int(match[2] or 1))
    except ValueError:
        return None
    if start > today and not match[3]:
        start = start.replace(year=start.year - 1)
    return _from(start, today, f"since {start.isoformat()}")


def _since_start(which: str, unit: str, today: date) -> DateRange | None:
    """From the start of this or the last week, month, quarter or year to today."""
    back = which not in ("this", "the")  # "since the 1st of the month": this one
    if unit == "week":
        start = today - timedelta(days=today.weekday() + (7 if back else 0))
    elif unit == "month":
        start = date(*_shift_month(today, -1 if back else 0), 1)
    elif unit == "quarter":
        start = (_last_quarter(today) if back else quarter_range(today.year, (today.month - 1) // 3 + 1)).start
    else:
        start = date(today.year - (1 if back else 0), 1, 1)
    which = "last" if back else "this"
    return _from(start, today, f"since the start of {which} {unit} ({start.isoformat()} to {today})")


def _from(start: date, today: date, label: str) -> DateRange | None:
    """From ``start`` to today; nothing when ``start`` is still to come ("since 2030")."""
    return DateRange(start=start, end=today, label=label) if start <= today else None


def _half_of(which: str, year: str | None, today: date) -> DateRange:
    y = int(year) if year else today.year
    start, end = (date(y, 1, 1), date(y, 6, 30)) if which == "1" else (date(y, 7, 1), date(y, 12, 31))
    return DateRange(start=start, end=end, label=f"H{which} {y}")


def _quarter_of(match: re.Match[str], today: date) -> DateRange:
    year = {"this year": today.year, "last year": today.year - 1}.get(match[2]) or int(match[2])
    quarter = {
        "last": 4,
        "final": 4,
        "fourth": 4,
        "4th": 4,
        "first": 1,
        "1st": 1,
        "second": 2,
        "2nd": 2,
        "third": 3,
        "3rd": 3,
    }[match[1]]
    return quarter_range(year, quarter)


def _day_of_month(day: int, today: date, future: bool = False) -> DateRange | None:
    """ "on the 27th": that day of this month; of the next one for a due date when this month's is past."""
    year, month = _shift_month(today, 1) if future and day < today.day else (today.year, today.month)
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return _day(found, found.isoformat())
