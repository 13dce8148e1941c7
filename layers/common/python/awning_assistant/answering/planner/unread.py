"""The modifiers a plan did not read: what stops a confident answer to a question half understood.

The rules find what they know in a question and ignore the rest. For records and money that is
the danger: "how many orders are not rush", "revenue for October vs last October", "the oldest
open job", "how many cushions are in the queue" would each be answered as if the unread words
were not there. So every word of ``MODIFIERS``, every superlative, every grouping by a field
and every other thing asked about than orders must sit inside a phrase a cue of the chosen
intent read (or the period's own words); what does not is returned, and the question is
declined rather than answered without it. Document searches are not checked (their words all
go to the search); record searches only for what a search can't do: count, rank, compare.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from awning_assistant.answering.periods import HOLIDAY_NAMES, SAID_OTHERWISE, WEEK_COUNTED
from awning_assistant.answering.planner.extraction import without_name
from awning_assistant.answering.planner.vocabulary import (
    ASKED_ABOUT,
    BY_SPEND,
    CAME_FROM,
    CLOSED_LEFT_OUT,
    CONTACT_ANY,
    CONTACT_WORDS,
    COUNTING_ANY,
    CUSTOMER_ID,
    CUSTOMER_NOUNS,
    DROPPED_OFF,
    DUE_WORDS,
    EXCLUSIONS,
    GROUPING,
    IDLE_PHRASES,
    INTAKE,
    KIND_LEFT_OUT,
    KIND_WORDS,
    LAST_BROUGHT,
    LISTY,
    LOCATION,
    MODIFIERS,
    MONEY,
    MY_TERRITORY,
    NEGATED_STATE,
    NEGATION_WORDS,
    NOT_SUPERLATIVES,
    OPEN_WORDS,
    ORDER_HEADS,
    ORDER_ID,
    ORDER_MONEY,
    ORDER_NOUN,
    ORDER_STATES,
    ORDER_WORDS,
    OTHER_MONEY,
    OVERDUE_WORDS,
    RANKING_WORDS,
    REVENUE_STRONG,
    REVENUE_WORDS,
    RUSH,
    SEASON_FALL,
    SPELLED_NUMBER,
    SPENDING,
    SPLIT_WORDS,
    STATES_INCLUDED,
    STATUS_WORDS,
    STOCK_ASKS,
    STOCK_EXCLUDED,
    STOCK_ID,
    STOCK_MOVEMENT,
    STOCK_PER,
    STOCK_WORDS,
    TOP_WORDS,
    UNFILTERED_FILLER,
    WHICH_ONES,
    WORKS_FOR,
)
from awning_assistant.answering.query_model import Intent

# A "no" put to be confirmed ("Sunset Village Shops doesn't have anything late with us, does it?", "X has nothing
# left with us now, right?"): the answer is what there is, so the negation is read.
TAG_QUESTION = (
    r"(?=[^?]*?(?:,\s*(?:do|does|did|is|are|has|have|was|were)(?:n't)?\s+(?:it|they|he|she|we)|,?\s*right)\s*\?)"
)
_EVERY_PLAN = (
    rf"\b(?:(?:doesn't|don't|does not|do not|hasn't|haven't|has not|have not) (?:have |got )?(?:anything|any)|"
    rf"(?:has|have|got) nothing)\b{TAG_QUESTION}",
    # both ends of a span counted ("between 10/1 and 10/15, both days included"): how a span is read anyway
    r"\b(?:both|all) (?:days|ends|dates)(?: (?:included|inclusive|counted|in))?\b|\binclusive\b",
    ORDER_ID.pattern,
    CUSTOMER_ID.pattern,
    ORDER_NOUN,
    ORDER_WORDS,
    KIND_WORDS,
    MY_TERRITORY,
    RUSH,
    IDLE_PHRASES,
    NEGATED_STATE,
    KIND_LEFT_OUT,
    STATES_INCLUDED,
    # a status negated in its own words ("not in repair yet"): the status rules read the negation
    *(NEGATION_WORDS + rf"(?:{pattern})" for pattern, _ in STATUS_WORDS),
)
# "Are there more than twenty work orders in the queue?", "at least fifty yards of white vinyl?": a bound on the
# very thing counted, which its exact count answers (not a filter: "orders over $500" bounds no count).
_BOUND_ON_COUNT = (
    rf"\b(?:more than|fewer than|less than|at least|at most|over|under|below|above)\s+(?:\d+(?:\.\d+)?|"
    rf"{SPELLED_NUMBER})\s+"
    r"(?:[a-z-]+\s+){0,2}?(?:(?:work |repair )?orders?|jobs?|tickets?|cleanings?|repairs?|yards?|yds?|gallons?|"
    r"gal|spools?|rolls?|boxes|units?|pieces?|feet|ft)\b"
)
_ORDERS = (
    *(p for p, _ in STATUS_WORDS),
    OPEN_WORDS,
    OVERDUE_WORDS,
    DUE_WORDS,
    COUNTING_ANY,
    LISTY,
    WHICH_ONES,
    LAST_BROUGHT,
    rf"\b(?:latest|most recent|newest|last|recent)\s+(?:\w+\s+)?{DROPPED_OFF}",
    _BOUND_ON_COUNT,
)
_REVENUE = (REVENUE_WORDS, MONEY, CAME_FROM, REVENUE_STRONG, SPLIT_WORDS)
# The cues each checked intent reads with.
CUES: dict[Intent, tuple[str, ...]] = {
    Intent.count_orders: _ORDERS,
    Intent.list_orders: _ORDERS,
    Intent.revenue: _REVENUE,
    Intent.top_customers: (*_REVENUE, TOP_WORDS, BY_SPEND, SPENDING, CUSTOMER_NOUNS, RANKING_WORDS),
    Intent.inventory: (
        STOCK_WORDS,
        STOCK_ASKS,
        STOCK_ID.pattern,
        LOCATION.pattern,
        STOCK_PER,
        _BOUND_ON_COUNT,
        # every width or colour together, or each of them: the stock's rows are listed, with their total
        r"\b(?:every|all|each|any) (?:widths?|sizes?|conditions?|colou?rs?)\b|\bof each\b",
    ),
    Intent.customer_info: (*CONTACT_WORDS.values(), CONTACT_ANY, WORKS_FOR),
    Intent.search: (),
}
# Words that change each intent's answer besides ``MODIFIERS``, when no cue of it read them.
# Orders not finished ("everything sitting finished waiting for pickup"): revenue is what completed orders took in.
UNFINISHED = frozenset("waiting awaiting queue queued ready sitting stuck parked held unclaimed abandoned".split())
CHANGES: dict[Intent, frozenset[str]] = {
    Intent.count_orders: ORDER_STATES | ORDER_MONEY,
    Intent.list_orders: ORDER_STATES | ORDER_MONEY,
    Intent.revenue: OTHER_MONEY | UNFINISHED,
    Intent.top_customers: OTHER_MONEY,
    Intent.inventory: STOCK_MOVEMENT,
}
# One thing referred back to ("the wedding arch curtain, did we ever finish it?"): no list of orders.
ONE_ITEM = (
    r"\b(?:did|have|has|had|is|was|were)\b[^?.!]*\b(?:it|that one|this one|(?:those|this|these)\s+"
    r"(?![\w'-]*(?:jobs?|orders?|ones?|tickets?|cleanings?|repairs?|day|week(?:end)?|month|quarter|year|"
    r"season|spring|summer|fall|winter|morning|afternoon|evening|time|period)\b)[\w'-]+)\b(?!\s+(?:is|was)\b)"
)
# Orders told by what they held ("repair orders that included a zipper replacement"): no filter reads their items.
HELD_ITEM = (
    r"\b(?:includ(?:e|ed|es|ing)|involv(?:e|ed|es|ing)|contain(?:ed|s|ing)?|that (?:had|needed|got))\s+"
    r"(?:an?|any|some)\b"
)
# The whole asked beside a part ("how many were rush? the count and the total", "out of how many"): a share.
WHOLE_BESIDE = (
    r"\b(?:and|plus|vs\.?|versus|compared (?:to|with)) (?:the )?(?:total|overall|all of them)\b|"
    r"\bout of (?:the )?(?:total|how many|all)\b"
)
WEEKDAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
ORDERS_PLURAL = r"\b(?:jobs|orders|cleanings|repairs|tickets|ros|wos)\b"
# The plan's fields that narrow a count or list of orders.
FILTERS = (
    "statuses",
    "open_only",
    "overdue",
    "due",
    "period",
    "territory",
    "my_territory",
    "rush_only",
    "customer_ids",
    "customer_choices",
    "order_ids",
    "latest",
)
# Intents about things as they stand: a period named is not read by them ("the stock we had last month").
TIMELESS = frozenset({Intent.inventory, Intent.customer_info})


def unread_modifiers(focus: str, intent: Intent, plan: Mapping[str, Any], period_words: str) -> list[str]:
    """The modifiers of ``focus`` (the asking sentence, lower-cased) that no cue of ``intent`` read, in order."""
    if intent not in CUES or plan.get("documents_only"):
        return []
    focus = without_name(focus, plan.get("customer_name") or "")
    read = bytearray(len(focus))
    period = _period_cues(focus, period_words) if intent not in TIMELESS else ()
    for cue in (*_EVERY_PLAN, *CUES[intent], *period, *_left_out(plan)):
        for m in re.finditer(cue, focus, re.IGNORECASE):
            read[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    unread = [m[0] for m in re.finditer(r"[a-z][a-z']*", focus) if not all(read[m.start() : m.end()])]
    phrases = [
        " ".join(m[0].split())  # one space where a name was blanked ("leaving ... out")
        for pattern in (GROUPING, EXCLUSIONS, SEASON_FALL)
        for m in re.finditer(pattern, focus)
        if not all(read[m.start() : m.end()])
    ]
    if intent is Intent.search:  # its other words describe the record, or a document's answer
        return list(dict.fromkeys(phrases + _due_unread(focus, plan)))
    changes = CHANGES.get(intent, frozenset())
    if plan.get("statuses") or plan.get("open_only") or plan.get("overdue"):
        changes -= ORDER_STATES  # a state was read: its other words are the rest of its phrase ("ready for pickup")
    found = [w for w in unread if w in MODIFIERS or w in changes or _superlative(w)] + phrases
    if intent not in TIMELESS:  # a year no period was read from ("top 3 for cleaning in 2025 with amounts")
        found += [m[0] for m in re.finditer(r"\b(?:19|20)\d\d\b", focus) if not all(read[m.start() : m.end()])]
    if intent is Intent.inventory:  # "which bay is vinyl-only and which shelf ...?": a bay is no stock's
        found += re.findall(
            r"\b(?:which|what) (?:bay|step|tech|technician|person|day|document|policy)\b|"
            r"\bhow many (?:feet|foot|ft|inches|meters|metres|square feet|sq ft)\b|"  # stock is counted in its unit
            r"\bsquare (?:yards?|feet|foot|ft|met(?:er|re)s?)\b|"
            r"\b(?:would|will|do|should) (?:i|we|you) need\b",  # what a job needs is no stock figure
            focus,
        )
    if intent in (Intent.count_orders, Intent.list_orders):
        found += _of_order_lists(focus, plan, unread)
    return list(dict.fromkeys(found))


def _of_order_lists(focus: str, plan: Mapping[str, Any], unread: list[str]) -> list[str]:
    """What a count or list of orders leaves unread besides its modifiers: other things asked, a second count,
    notes, a state back then, "overdue or due", and the words describing orders when no filter reads them."""
    found = _other_things_asked(re.sub(SAID_OTHERWISE, " ", focus)) + _second_ask(focus, plan)  # not "nine days"
    found += re.findall(r"\b(?:special instructions|notes)\b", focus)  # a list shows no order's notes
    found += _state_back_then(focus, plan)
    if plan.get("overdue") and plan.get("due"):  # "overdue or due this week": both sets, not the late ones due
        found += re.findall(r"\boverdue\b[^?]*?\b(or)\b[^?]*\bdue\b", focus)[:1]
    if plan.get("rush_only") and (plan.get("statuses") or plan.get("overdue")):  # "rush or cancelled": either set
        found += ["or"] if re.search(r"\brush(?: \w+)? or\b|\bor (?:(?:was|were|is|are|a|the) )?rush\b", focus) else []
    described = [w for w in unread if len(w) > 3 and w not in UNFILTERED_FILLER and w not in ORDER_HEADS]
    one_item = re.search(ONE_ITEM, focus) and len(described) >= 2
    if not any(plan.get(f) for f in FILTERS) or one_item or re.search(HELD_ITEM, focus):
        found += described  # a count of every order, or one item described ("did we finish it?"), asks more
    return found


def _state_back_then(focus: str, plan: Mapping[str, Any]) -> list[str]:
    """A state asked as it stood at a past time ("which work orders were sitting at ready last Friday?"): the records
    keep each order's state now, not its history (when it was completed or cancelled has a date; not so the rest)."""
    states = set(plan.get("statuses") or [])
    if not plan.get("period") or not states or states <= {"completed", "cancelled"} or re.search(INTAKE, focus):
        return []
    return re.findall(r"\b(?:were|was)\b", focus)[:1]


def _second_ask(focus: str, plan: Mapping[str, Any]) -> list[str]:
    """A second count asked, not one per status ("how many ... and how many are completed?" is counted by status),
    or a count and a list of some ("how many in total, and which of them are open?"): one answer can't give both."""
    counts = re.findall(r"\bhow many\b", focus)
    found = counts[1:] if len(plan.get("statuses") or []) < 2 else []
    return found + (re.findall(r"\band (?:which|what) (?:of them|of those|ones)\b", focus) if counts else [])


def _left_out(plan: Mapping[str, Any]) -> tuple[str, ...]:
    """What the plan leaves out, said again: "new, not counting remnants", "not completed yet - leaving out the
    cancelled ones"."""
    new_only = (STOCK_EXCLUDED,) if plan.get("condition") == "New" else ()
    return new_only + ((CLOSED_LEFT_OUT,) if plan.get("open_only") or plan.get("overdue") else ())


def _period_cues(focus: str, period_words: str) -> tuple[str, ...]:
    """The period as it was read: its phrase where the question has it as such (so a second month is
    not read with the first), else its words ("oct '25" was read as "oct 2025")."""
    if not period_words:
        return ()
    if re.search(HOLIDAY_NAMES, focus):  # "since Labor Day" was read as "since september 7, 2026"
        focus = re.sub(HOLIDAY_NAMES, lambda m: " " * len(m[0]), focus)
        return (HOLIDAY_NAMES, *_period_cues(focus, period_words))
    for said in (SAID_OTHERWISE, WEEK_COUNTED):  # "the 10th through the 20th of october" was read as "october 10
        if re.search(said, focus):  # ...", "next week, monday to sunday" as next week
            focus = re.sub(said, lambda m: " " * len(m[0]), focus)
            return (said, *_period_cues(focus, period_words))
    phrase = r"(?:\b(?:over|during|across|throughout|within|in|for|from|since|between)\s+)?" + r"\s+".join(
        re.escape(w) for w in period_words.split()
    )
    if re.search(phrase, focus):  # and the same weekday said again ("by this Friday - I mean due on Friday")
        return (phrase, *(rf"\b{w}\b" for w in period_words.split() if w in WEEKDAY_NAMES))
    return tuple(rf"\b{re.escape(w)}\b" for w in re.findall(r"[a-z0-9']+", period_words))


def _superlative(word: str) -> bool:
    return len(word) > 5 and word.endswith("est") and word not in NOT_SUPERLATIVES


def _other_things_asked(focus: str) -> list[str]:
    """Plurals asked about that are not orders: "how many cushions", "which customers", "what materials"."""
    return [
        word
        for m in re.finditer(ASKED_ABOUT, focus)
        for word in re.split(r"\s(?:in|of|for|at|on|from|with|by|that|which|are|is|do|did|were|was)\s", f" {m[1]} ")[
            0
        ].split()[:4]
        if len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "'s"))
        and word not in ORDER_HEADS
        and not re.fullmatch(f"{KIND_WORDS}|{ORDER_NOUN}", word)
    ]


def _due_unread(focus: str, plan: Mapping[str, Any]) -> list[str]:
    """A due date asked of orders that no period was read for ("cleanings due back the week after
    this one"): a search would return whichever order reads closest, not those due."""
    if plan.get("order_ids") or not re.search(ORDERS_PLURAL, focus):  # "the job with the seahorse, when's it due?"
        return []
    return [m[0] for m in re.finditer(DUE_WORDS, focus)]
