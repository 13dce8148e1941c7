"""What kind of answer a question asks for, and whether a sentence holds one.

"How long" wants a duration, "how much" money, "who" a person, "how often" a frequency: a
document's sentence that holds the kind asked for is likelier the answer than one that only
shares the question's words. Patterns, not knowledge of any one document.
"""

from __future__ import annotations

import re

MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
# A year, not a part of an identifier or a number range ("AD 2018–23–51").
YEAR = r"(?<![\d–-])(?:1[6-9]|20)\d\d(?![\d]|[–-]\d)"
ISO_DAY = r"\b(?:1[6-9]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"
NUMBER_WORDS = (r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                r"hundred|thousand|million|dozen)\b")
# Expected answer types: a question asking "how long" wants a duration, "how much" money...
DURATION = (rf"(?:\b\d+(?:\.\d+)?|{NUMBER_WORDS})\s*(?:\(\d+\)\s*)?(?:-\s*)?(?:business |working |calendar |man )?"
            r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b")
PERSON = r"[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+"
ANSWER_TYPES = [
    (r"\bhow much (?:notice|time|lead time|advance)\b|\bin advance\b|\bhow far ahead\b", DURATION),
    (r"\bpercent|\bpercentage\b|%", r"\d+(?:\.\d+)?\s*(?:%|percent)"),
    (r"\bhow long\b|\bturnaround\b|\bhow (?:soon|quickly|fast)\b|\bhow many (?:days|hours|minutes|weeks|months|"
     r"years)\b|\b(?:contact|dwell|soak|drying|dry|lead|wait(?:ing)?) time\b|\bwhen can\b|\bafter how\b", DURATION),
    (r"\bhow (?:hot|warm|cold)\b|\btemp(?:erature)?\b", r"\bdegrees?\b|°"),
    (r"\bhow heavy\b|\bweigh", r"\b\d+(?:\.\d+)?\s*(?:lbs?|pounds?|kg|kilograms?|oz|ounces?|tons?)\b"),
    (r"\bhow far\b|\bdistance\b|\bhow close\b", r"\b\d+(?:\.\d+)?\s*(?:inch(?:es)?|in\b|feet|foot|ft\b|miles?|"
                                                   r"cm\b|meters?|metres?)"),
    # "How much bleach", "how much water repellent": an amount of a thing, not its price.
    (r"\bhow much (?!(?:does|do|did|is|are|was|were|will|would|should|can|could|to|for|extra|more|money|cash|of|we|"
     r"they|you|it|i|in|on|per|a|an|the)\b)(?!(?:[a-z]+[ -]){0,2}(?:costs?|fees?|charges?|prices?|rates?|"
     r"surcharges?)\b)[a-z]+",
     rf"\b\d|{NUMBER_WORDS}"),
    (r"\bhow much\b|\bcost\b|\bprice\b|\bcharge\b|\bfee\b|\brate\b|\bextra\b",
     rf"\$\s?\d|\d\s*%|(?:\b\d[\d,.]*|{NUMBER_WORDS})\s+(?:dollars?|cents?|euros?)\b"),
    (r"\bhow often\b|\bhow frequently\b", r"\bevery\b|\b(?:once|twice) a\b|\b(?:yearly|monthly|weekly|annually|"
                                            r"daily)\b"),
    # "By what date" wants a day of a month, not a bare month or year.
    (r"\b(?:by|on|before) what date\b|\bwhat(?:'s| is) the (?:date|deadline)\b|\bdeadline\b",
     rf"\b{MONTHS}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTHS}\b|{ISO_DAY}|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"),
    (r"\bwhat day|\bwhich days?\b|\bwhen\b|\b(?:what|which|in what) year\b|\bwhat date\b",
     rf"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|{MONTHS})\b|{ISO_DAY}|{YEAR}"),
    # "Who" wants a person: a name as a form's field ("Technician: Kavya Patel") or after "by".
    (r"\bwho(?:'s|se)?\b", rf"(?-i:^[A-Z][\w /-]*: {PERSON}$|\bby {PERSON}\b)"),
    # "one" is more often a pronoun ("no one", "one of", "one-to-one") than a count.
    (r"\bhow many\b|\bnumber of\b|\btotal\b|\bhow far\b|\bhow (?:high|much pressure)\b|\bpsi\b|\bmax(?:imum)?\b",
     rf"\b\d|{NUMBER_WORDS.replace('one|', '')}"),
]


def asked_type(question: str) -> str | None:
    """The pattern of the kind of answer the question asks for (the first of ``ANSWER_TYPES`` it
    reads as), or None when it asks for no particular kind."""
    q = question.lower()
    return next((answers for asks, answers in ANSWER_TYPES if re.search(asks, q)), None)
