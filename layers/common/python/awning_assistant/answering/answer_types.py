"""What kind of answer a question asks for, and whether a sentence holds one.

"How long" wants a duration, "how much" money, "who" a person, "how often" a frequency: a
document's sentence that holds the kind asked for is likelier the answer than one that only
shares the question's words. More exactly still, "how many days" wants days counted, "which bay"
a bay named, "an 8 foot umbrella" the price tier that holds 8 ft; a form's field that only repeats
the question answers nothing, and a figure no sentence states is no answer at all. Patterns, not
knowledge of any one document.
"""

from __future__ import annotations

import re
from functools import lru_cache

from awning_assistant.answering.text_terms import FIELD_START, covers, sentences, terms
from awning_assistant.answering.thesaurus import same_as

MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
# A year, not a part of an identifier or a number range ("AD 2018–23–51").
YEAR = r"(?<![\d–-])(?:1[6-9]|20)\d\d(?![\d]|[–-]\d)"
ISO_DAY = r"\b(?:1[6-9]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"
NUMBER_WORDS = (
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|dozen)\b"
)
# Expected answer types: a question asking "how long" wants a duration, "how much" money...
DURATION = (
    rf"(?:\b\d+(?:\.\d+)?|{NUMBER_WORDS})\s*(?:\(\d+\)\s*)?(?:-\s*)?(?:business |working |calendar |man )?"
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b"
    r"|\bnet \d+\b"
)  # "invoiced net 30": due in 30 days
PERSON = r"[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+"
MONEY_WORDS = (
    r"(?:costs?|fees?|charges?|prices?|rates?|surcharges?|upcharges?|payments?|deposits?|bills?|invoices?|"
    r"wages?|labou?r)"
)
TIME_UNITS = r"(?:shift|day|night|morning|evening|week|month|year|season|hour|time|use|visit|wash|job|order)s?"
# "When" asking for a time ("when can", "when's", "since when"), not joining a clause ("when an awning
# has mildew", "when someone okays a quote").
WHEN = (
    r"\bwhen(?:'s|\s+(?:is|are|was|were|do|does|did|will|would|can|could|should|must|may|might|has|have|"
    r"had)\b|\s*[?]|$)|\b(?:since|until|till|by) when\b|^\s*when\b(?!\s+(?:a|an|the|someone|somebody|"
    r"customers?|they|we|you|it|i)\b)"
)
PERCENT = r"\d+(?:\.\d+)?\s*(?:%|percent)"
TEMPERATURE = r"\bdegrees?\b|°"
WEIGHT = r"\b\d+(?:\.\d+)?\s*(?:lbs?|pounds?|kg|kilograms?|oz|ounces?|tons?)\b"
DISTANCE = r"\b\d+(?:\.\d+)?\s*(?:inch(?:es)?|in\b|feet|foot|ft\b|miles?|cm\b|meters?|metres?)"
ANSWER_TYPES = [
    (r"\bhow much (?:notice|time|lead time|advance)\b|\bin advance\b|\bhow far ahead\b", DURATION),
    (r"\bpercent|\bpercentage\b|%", PERCENT),
    (
        r"\bhow long\b|\bturnaround\b|\bhow (?:soon|quickly|fast)\b|\bhow many (?:days|hours|minutes|weeks|months|"
        r"years)\b|\b(?:contact|dwell|soak|drying|dry|lead|wait(?:ing)?) time\b|\bwhen can\b|\bafter how\b",
        DURATION,
    ),
    (
        r"\bhow (?:hot|warm|cold)\b|\b(?:most|least) (?:hot|warm|cold)\b|\b(?:hott|warm|cold)est\b|"
        r"\btemp(?:erature)?\b",
        TEMPERATURE,
    ),
    (r"\bhow heavy\b|\bweigh", WEIGHT),
    (r"\bhow far\b|\bdistance\b|\bhow close\b", DISTANCE),
    # "How much bleach", "how much of the soap": an amount of a thing (a number that is no price), not its price.
    (
        r"\bhow much (?:of (?:the |a |an |our |this |that )?)?(?!(?:does|do|did|is|are|was|were|will|would|should|can|"
        r"could|to|for|extra|more|money|cash|we|they|you|it|i|in|on|per|a|an|the|gets?|goes|added|comes)\b)"
        r"(?!(?:[a-z]+[ -]){0,2}"
        rf"{MONEY_WORDS}\b)[a-z]+",
        rf"(?<![$\d.,])\b\d(?![\d.,/]*\s*%)|{NUMBER_WORDS}",
    ),
    (
        # "extra" as money ("what's the extra for rush?", "anything extra?"), not "what extra step"
        rf"\bhow much\b|\b{MONEY_WORDS}\b(?! (?:methods?|types?|options?|terms)\b)|"
        r"\bextra\b(?!\s+(?!for\b|to\b|if\b|on\b|when\b)[a-z])|\badd-?ons?\b",
        rf"\$\s?\d|\d\s*%|(?:\b\d[\d,.]*|{NUMBER_WORDS})\s+(?:dollars?|cents?|euros?)\b",
    ),
    # "Each shift", "every 6 months", "twice a year": how often, not how many.
    (
        r"\bhow often\b|\bhow frequently\b",
        rf"\b(?:every|each|per) (?:\d+ |other |few |single )?{TIME_UNITS}\b"
        r"|\b(?:once|twice|\d+ times) (?:a|an|per|each)\b"
        r"|\b(?:yearly|monthly|weekly|annually|daily|hourly|nightly)\b",
    ),
    # "By what date" wants a day of a month, not a bare month or year.
    (
        r"\b(?:by|on|before) what date\b|\bwhat(?:'s| is) the (?:date|deadline)\b|\bdeadline\b",
        rf"\b{MONTHS}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTHS}\b|{ISO_DAY}|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b",
    ),
    (
        rf"\bwhat day|\bwhich days?\b|{WHEN}|\b(?:what|which|in what) year\b|\bwhat date\b",
        rf"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|{MONTHS})\b|{ISO_DAY}|{YEAR}",
    ),
    # "Which number should I call?" wants a phone number; "what time" a time of day.
    (
        r"\b(?:which|what) (?:phone )?number (?:should|do|can|to|would|shall)\b|\bwhat(?:'s| is) the (?:phone|contact) "
        r"number\b|\bwho (?:do|should|can) (?:i|we) call\b",
        r"\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b|\b\d{3}-\d{4}\b",
    ),
    (r"\b(?:at )?what time\b", r"\b\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|\bnoon\b|\bmidnight\b"),
    # "Who" wants a person: a name as a form's field ("Technician: Kavya Patel") or after "by".
    (
        r"\bwho(?:'s|se)?\b|\bwhich (?:tech|technician|employee|person|staff member|worker)s?\b",
        rf"(?-i:^[A-Z][\w /-]*: {PERSON}$|\bby {PERSON}\b)",
    ),
    # "one" is more often a pronoun ("no one", "one of", "one-to-one") than a count.
    (
        r"\bhow many\b|\bnumber of\b|\btotal\b|\bhow far\b|\bhow (?:high|much pressure)\b|\bpsi\b|\bmax(?:imum)?\b"
        r"|\b(?:top|highest|most|lowest|least|fewest)\b",
        rf"\b\d|{NUMBER_WORDS.replace('one|', '')}",
    ),
]


@lru_cache(maxsize=256)  # asked once per candidate sentence
def asked_type(question: str) -> str | None:
    """The pattern of the kind of answer the question asks for (the first of ``ANSWER_TYPES`` it
    reads as), or None when it asks for no particular kind."""
    q = question.lower()
    return next((answers for asks, answers in ANSWER_TYPES if re.search(asks, q)), None)


# What a "how many" question counts: its next word or two, less the verbs and pronouns that follow
# when it counts nothing named ("how many do we have").
NOT_COUNTED = frozenset(
    "do does did are is was were will would can could should have has had we they you i "
    "there of the a an out more times".split()
)
COUNTED = re.compile(
    rf"(?<![$\d.,])(?:\b\d+(?:[.,/]\d+)*|{NUMBER_WORDS})\s*(?:\(\d+\)\s*)?((?:[\s-]+[a-z]+){{1,3}})", re.IGNORECASE
)


@lru_cache(maxsize=256)  # asked once per candidate sentence
def asked_units(question: str) -> frozenset[str]:
    """The stems of what a "how many" question counts ("how many miles", "how many business days"),
    with the words of the same meaning ("hrs" ~ "hours"); empty when it names nothing."""
    found = re.search(r"\bhow many ((?:[a-z]+\s+)?[a-z]+)", question.lower())
    if not found:
        return frozenset()
    words = [w for w in found.group(1).split() if w not in NOT_COUNTED]
    counted = {same for t in terms(" ".join(words)) for same in same_as(t)}
    return frozenset(counted | {kin for t in counted for kin in DURATION_KIN.get(t, ())})


# A duration in a unit the asked one converts to exactly ("how many months": "a 2-year warranty" is 24 months).
DURATION_KIN = {"hour": ("day",), "day": ("hour", "week"), "week": ("day",), "month": ("year",), "year": ("month",)}


NET_TERMS = r"\bnet (\d+)\b"  # "invoiced net 30": payment due in 30 days


def counts(sentence: str, units: frozenset[str]) -> bool:
    """The sentence gives a number of the counted thing ("within 20 miles", "2 business days"), not a
    price per one ("$2.25 per mile")."""
    for found in COUNTED.finditer(re.sub(NET_TERMS, r"\1 days", sentence, flags=re.IGNORECASE)):
        words = found.group(1).lower().replace("-", " ").split()
        words = words[: words.index("per")] if "per" in words else words
        if any(covers(t, units) for t in terms(" ".join(words))):
            return True
    return False


@lru_cache(maxsize=256)
def _named(question: str) -> frozenset[str]:
    return frozenset(terms(re.sub(r"'s\b", "", question)))  # "Luis Quinn's job" names Luis Quinn


def echoes(question: str, sentence: str) -> bool:
    """A form's field whose value the question already says ("Customer: Luis Quinn" when asked about
    Luis Quinn's job), or a line the question says whole (the title of the document it names, "Two-Column
    Document with Lorem Ipsum"): it tells the asker nothing they did not know, so it answers nothing."""
    field = FIELD_START.match(sentence)
    if not field and re.search(r"[^\W\da-z_]", sentence.lower()):
        return False  # a word in another script ("habibi حَبيبي") is news however many of its words are asked
    value = terms(sentence[field.end() :]) if field else terms(sentence)
    asked = _named(question)
    shared = sum(t in asked for t in value)
    if field and shared >= 2 and shared * 2 >= len(value) and not re.search(r"\d", sentence[field.end() :]):
        return True  # a name the question says most of: "Customer: The Crabby Mango Bar & Grill"
    return len(value) >= (1 if field else 2) and shared == len(value)


# "Which wash bay is ...", "what bay was it washed in": the thing asked for, before its verb.
WHICH = re.compile(
    r"\b(?:which|what)\s+((?:[a-z]+\s+)?[a-z]+)\s+(?:is|are|was|were|do|does|did|has|have|had|will|"
    r"would|can|should|goes|go|gets|get|holds?|keeps?)\b"
)


@lru_cache(maxsize=256)  # asked once per candidate sentence
def asked_instance(question: str) -> str | None:
    """For "which wash bay is...", a pattern of the thing asked for named by its number or letter
    ("Bay 4", "Shelf E"): the one that answers among those that only mention the kind."""
    found = WHICH.search(question.lower())
    words = [w for w in found.group(1).split() if w not in NOT_COUNTED] if found else []
    if not words:
        return None
    return rf"(?-i:\b(?i:{'|'.join(map(re.escape, words))})s?:?\s+#?\s?(?:\d+|[A-Z]\d?)\b)"


def answer_level(question: str, sentence: str) -> int:
    """How exactly the sentence holds what is asked: 2, the number of the counted thing ("how many
    days": "within 10 days"); 1, the kind of answer ("how long": "12 months"), or the asked thing
    named ("which bay": "Bay 4"); 0, neither (or it only echoes the question)."""
    if echoes(question, sentence):
        return 0
    units = asked_units(question)
    if units and counts(sentence, units):
        return 2
    wanted = asked_type(question) or asked_instance(question)
    return 1 if wanted and re.search(wanted, sentence, re.IGNORECASE) else 0


# "No mildew", "without a zipper", "not our stitching": a thing the question rules out.
NEGATED = re.compile(r"\b(?:no|without|not (?:the|our|your|their|a|an|any))[\s-]+([a-z]+)")


@lru_cache(maxsize=256)  # asked once per candidate sentence
def asked_terms(question: str) -> frozenset[str]:
    """The question's words, less those it rules out ("regular wash, no mildew" is not about mildew)."""
    ruled_out = terms(" ".join(NEGATED.findall(question.lower())))
    return frozenset(terms(question) - ruled_out)


# A size the question gives ("an 8 foot umbrella", "a 10-ft awning") and a tier's bound in a
# price list ("up to 9 ft", "over 11 ft"): the tier that holds the size is the one that answers.
SIZE = r"(\d+(?:\.\d+)?)\s*-?\s*(ft|foot|feet|inch(?:es)?|lbs?|pounds?|yds?|yards?)\b"
UNIT_OF = {
    "foot": "ft",
    "feet": "ft",
    "inches": "inch",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "yds": "yd",
    "yard": "yd",
    "yards": "yd",
}
BOUND = re.compile(
    rf"\b(up to|under|less than|below|at most|no more than|over|above|more than|at least|larger than|"
    rf"bigger than)\s+{SIZE}",
    re.IGNORECASE,
)
UPPER = ("up to", "under", "less than", "below", "at most", "no more than")


@lru_cache(maxsize=256)  # asked once per candidate sentence
def asked_size(question: str) -> tuple[float, str] | None:
    """The first size the question gives, as (number, unit): "an 8 foot umbrella" is (8.0, "ft"); one given
    as a bound is just past it ("over 11 feet" is more than 11 ft, so no "up to 11 ft" tier holds it)."""
    found = re.search(SIZE, question, re.IGNORECASE)
    if not found:
        return None
    value = float(found.group(1))
    bound = BOUND.search(question)
    if bound and bound.start(2) == found.start(1) and bound.group(1).lower() != "at least":
        value += -0.01 if bound.group(1).lower() in UPPER else 0.01
    return value, UNIT_OF.get(found.group(2).lower(), found.group(2).lower())


def tier_gap(size: tuple[float, str], sentence: str) -> float | None:
    """How far the sentence's tier bound is from the asked size (0 = tightest), -1 when the tier
    excludes it, None when the sentence has no tier in that unit."""
    value, unit = size
    gaps = []
    for bound, number, written in BOUND.findall(sentence):
        if UNIT_OF.get(written.lower(), written.lower()) != unit:
            continue
        limit = float(number)
        upper = bound.lower() in UPPER
        holds = value <= limit if upper else value > limit or (bound.lower() == "at least" and value == limit)
        gaps.append(abs(limit - value) if holds else -1.0)
    return None if not gaps else (-1.0 if min(gaps) < 0 else max(gaps))


MONTH_NAMES = MONTHS[3:-1].split("|")
MONTH_SPAN = re.compile(rf"\b({MONTHS})\s+(?:to|through|thru|until|-|–)\s+({MONTHS})\b", re.IGNORECASE)


def _month_held(question: str, sentence: str) -> bool:
    """The sentence's span of months ("peak season (March to May)") holds a month the question names ("a rush
    job in April")."""
    asked = {MONTH_NAMES.index(m.lower()) for m in re.findall(rf"\b{MONTHS}\b", question, re.IGNORECASE)}
    for first, last in MONTH_SPAN.findall(sentence):
        a, b = MONTH_NAMES.index(first.lower()), MONTH_NAMES.index(last.lower())
        if any((a <= m <= b) if a <= b else (m >= a or m <= b) for m in asked):
            return True
    return False


# Days gone by, told in a scenario ("we called them about 100 days ago", "sitting here for 95 days"): the rule
# that applies is the one whose count of days was passed last ("not collected within 90 days", not "free for 21").
ELAPSED = re.compile(
    r"\b(\d{1,4})\s+days?\s+(?:ago|since|later|now|already|straight|in storage|on the shelf)\b|"
    r"\b(?:for|after|past|over|about|almost|nearly|some)\s+(\d{1,4})\s+days?\b",
    re.IGNORECASE,
)
DAYS = re.compile(r"\b(\d{1,4})\s+days?\b", re.IGNORECASE)


def elapsed_days(question: str) -> int | None:
    """The days a scenario says have gone by, or None."""
    m = ELAPSED.search(question)
    return int(m[1] or m[2]) if m else None


def _days_passed(days: int, sentences: list[str]) -> list[float]:
    """+2 for the sentences with the latest count of days the scenario has passed (the days told decide more
    than any word), 0 for the others."""
    passed = [max((n for n in map(int, DAYS.findall(s)) if n <= days), default=None) for s in sentences]
    latest = max((n for n in passed if n is not None), default=None)
    return [2.0 if n is not None and n == latest else 0.0 for n in passed]


def tier_scores(question: str, sentences: list[str]) -> list[float]:
    """+1 for the sentences whose tier holds the question's size most tightly, -1 for those whose
    tier excludes it, 0 otherwise; with no size, +1 for those whose span of months holds the month asked."""
    size = asked_size(question)
    if size is None and (days := elapsed_days(question)) is not None:
        return _days_passed(days, sentences)
    if size is None:
        return [1.0 if _month_held(question, s) else 0.0 for s in sentences]
    gaps = [tier_gap(size, s) for s in sentences]
    tightest = min((g for g in gaps if g is not None and g >= 0), default=None)
    return [0.0 if g is None else -1.0 if g < 0 else 1.0 if g == tightest else 0.0 for g in gaps]


# Kinds of answer only a figure gives: a sentence without one ("Mildew grows on dirt") answers no
# "what percentage", "how hot", "how heavy" or "how far"; and "how many days/inches/miles" wants
# that unit counted, not any number ("12 months" answers no "how many inches").
FIGURES = (PERCENT, TEMPERATURE, WEIGHT, DISTANCE)
MEASURES = terms(
    "second minute hour day week month year inch foot feet yard mile pound ounce gallon cup degree percent"
)


def states_figure_asked(question: str, texts: list[str]) -> bool:
    """Some sentence of the texts holds the figure the question asks for, or the question asks for
    none: the bar for documents to answer at all, so that no sentence is quoted for a figure it
    lacks."""
    units = asked_units(question)
    measured = {u for u in units if any(covers(u, {m}) for m in MEASURES)}
    found = [s for text in texts for s in sentences(text)]
    if measured:
        return any(counts(s, units) for s in found)
    if asked_type(question) in FIGURES:
        return any(answer_level(question, s) for s in found)
    return True


# Where a question asks a second thing ("which tech is listed and which bay did it go through?", "how hot can
# the water be, and the max pressure?"): each part has its own answer.
PART_BREAK = re.compile(
    r"\s*,?\s+(?:and|plus|also|&)\s+(?=(?:which|what|who|whose|when|where|how|(?:the )?(?:max(?:imum)?|min(?:imum)?|"
    r"highest|lowest|top)\b))|\?\s+(?=(?:which|what|who|whose|when|where|how)\b)|"
    r",\s+(?:and|plus|also)\s+(?=(?:does|do|is|are|can|will|would|should|did)\b)",  # ", and does mildew change it?"
    re.IGNORECASE,
)


# A part that points back at what the part before it named ("... and what do we charge to replace one?").
# ("the patch that's lifting" is no pointing back; "that work", "this job" are)
POINTS_BACK = re.compile(
    r"\b(?:one|ones|it|them|those|these|(?:that|this) (?:work|job|repair|service|fix|kind|sort|one))\b", re.IGNORECASE
)


def asked_parts(question: str) -> list[str]:
    """The question's parts that each ask something, or the question itself when it asks one thing. A part that
    points back carries the words the part before it named ("how long is the warranty on a zipper, and what do
    we charge to replace one?": the second asks a zipper's price)."""
    parts = [p for p in PART_BREAK.split(question) if len(p.split()) >= 2]
    if len(parts) < 2:
        return [question]
    # what a part names is in its last sentence ("We told a customer ... Are we charging storage yet")
    last = [re.split(r"(?<=[.!?])\s+", p.strip())[-1] for p in parts]
    named = [" ".join(w for w in re.findall(r"[a-z]{4,}", p.lower()) if w not in ASKING_WORDS) for p in last]
    # a part that points back, or says too little to stand alone ("..., and how much?"), carries those words
    return [
        f"{p} ({named[i - 1]})" if i and (POINTS_BACK.search(p) or len(p.split()) <= 3) else p
        for i, p in enumerate(parts)
    ]


# The words that ask rather than name: "how long is", "what do we charge".
ASKING_WORDS = frozenset(
    "what which when where whose does have will would could should long much many often soon about there their "
    "they them that this those these with from your".split()
)
