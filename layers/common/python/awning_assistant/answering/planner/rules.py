"""``RulePlanner``: the deterministic planner of local mode, and the model planner's fallback.

A question is read in steps: what it names outright (ids, order kinds), its filters and its
due window or period, the customer, the intent (``intents``), then the fields that intent
needs. Every step but the customer look-up is a pure function of the text. A follow-up
("and which of those are rush?") narrows the previous question's plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from awning_assistant.answering.periods import DateRange, find_period, rolled_back
from awning_assistant.answering.planner.extraction import (
    fix_typos,
    has,
    latest_orders,
    named_apart,
    number,
    order_ids,
    order_kinds,
    question_sentence,
    ranking_place,
    revenue_fields,
    search_terms,
    spell_out,
    states_of_other_kinds,
    statuses_in,
    stock_fields,
    without_name,
    without_set_aside,
)
from awning_assistant.answering.planner.intents import Reading, intent_of
from awning_assistant.answering.planner.unread import ONE_ITEM, WHOLE_BESIDE, unread_modifiers
from awning_assistant.answering.planner.vocabulary import (
    CLOSED_LEFT_OUT,
    CONTACT_WORDS,
    COUNTING,
    CUSTOMER_ID,
    DOC_REFERENCE,
    DOC_STRONG,
    DOC_WORDS,
    DUE_WORDS,
    EXCLUSIONS,
    INTAKE,
    LATE_BY,
    LISTY,
    LOCATION,
    MORE_THAN_ONE,
    MY_TERRITORY,
    ONE_ORDER,
    OPEN_WORDS,
    ORDER_FIELD_WORDS,
    OVERDUE_WORDS,
    PAST_ORDER_PRICE,
    RUSH,
    RUSH_CHECKED,
    SERVICE_PRICE,
    SERVICE_QUOTE,
    SHEET_ASKED,
    SHEET_FIELDS,
    STATES_INCLUDED,
    STOCK_ID,
    WIDENING,
)
from awning_assistant.answering.query_model import KIND_STATUSES, Intent, QueryPlan, statuses_of
from awning_assistant.generation.usage import Usage

if TYPE_CHECKING:
    from awning_assistant.answering.planner.interfaces import ShopNames
    from awning_assistant.records.directory import CustomerName

FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|of those|only|just)\b|\b(those|these|them|that list|"
    r"of them|same)\b",
    re.IGNORECASE,
)
CLOSED = frozenset({"completed", "cancelled"})


class RulePlanner:
    """Deterministic planner over the shop's vocabulary (local mode, and the model's fallback)."""

    def __init__(self, names: ShopNames, today: Callable[[], date]) -> None:
        self.names = names
        self._today = today  # a clock: Lambda containers outlive a day

    def plan_with_usage(self, question: str, previous: QueryPlan | None = None) -> tuple[QueryPlan, Usage]:
        """``plan``, which costs no model call."""
        return self.plan(question, previous), Usage()

    def plan(self, question: str, previous: QueryPlan | None = None) -> QueryPlan:
        """The plan of ``question``; a follow-up of ``previous`` narrows that plan instead."""
        fresh = self._plan(question)
        if previous is not None and FOLLOW_UP.search(question) and not fresh.order_ids:
            return merge_follow_up(previous, fresh, counting=has(COUNTING, question))
        return fresh

    def _plan(self, question: str) -> QueryPlan:
        question = fix_typos(spell_out(question.replace("_", " ")))
        q = question.lower()
        focus = _asking(question)
        vocab = self.names.vocabulary()
        fields = _named(question, q)
        statuses, negated = _statuses(focus, fields["order_kinds"])
        fields |= _filters(q, focus, vocab.territories, negated)
        if not (fields["open_only"] or fields["overdue"]):  # open orders leave the closed ones out anyway
            statuses, focus = _closed_left_out(q, focus, statuses, fields["order_kinds"])
        statuses, focus = _status_left_out(
            focus, statuses, fields["order_kinds"], fields["open_only"] or fields["overdue"]
        )
        when, period_words = _when(focus, self._today(), fields["overdue"], statuses)
        when = _today_left_out(q, when or _due_before(q, focus, self._today(), fields["overdue"]), self._today())
        focus = _late_left_out(focus, when, self._today())
        fields |= when | self._customer(question, fields)
        for words in self.names.set_aside(focus, fields.get("customer_name") or ""):
            focus = focus.replace(words, " ")  # "(the marina, not the inn)": which name is meant, nothing more
        fields |= _name_no_territory(q, fields)
        reading = Reading(question, q, focus, fields, statuses, vocab)
        intent = intent_of(reading)
        plan = {**fields, "intent": intent, **INTENT_FIELDS[intent](reading)}
        unread = unread_modifiers(focus, intent, plan, period_words)
        one_item = (unread and has(ONE_ITEM, focus)) or _described_before(q)
        if (intent in ORDER_LISTS and one_item and not _names_whose(plan)) or _stock_unnamed(
            intent, plan, vocab.stock_words
        ):
            intent = Intent.search  # an order or a stock item found by its description, not listed with all others
            plan = {**fields, "intent": intent, **INTENT_FIELDS[intent](reading)}
            unread = unread_modifiers(focus, intent, plan, period_words)
        plan = self._money_period(q, plan) | self._whose_order(question, plan)
        plan, unread = self._second_customer(question, plan, unread)
        unread += self._other_territories(focus, plan, vocab.territories) + _other_orders(focus, plan)
        unread += self._towns(focus, plan) + _state_then(focus, plan, period_words, self._today())
        # the whole beside a part, said in the asking sentence or after it ("Give me the count and the total.")
        if intent in ORDER_LISTS:
            unread += re.findall(WHOLE_BESIDE, q)[:1]
        if intent in (*ORDER_LISTS, Intent.search):  # "repair orders being cleaned": no list or search reads it
            unread += states_of_other_kinds(focus, plan.get("order_kinds") or [])
        if intent is Intent.inventory:  # "PTFE and polyester together": two materials, one read
            unread += [m for m in named_apart(q, vocab.materials) if m != plan.get("material")]
            unread += _other_colours(q, named_apart(q, vocab.colors), plan.get("color") or "")
        return QueryPlan.model_validate(plan | {"unread_words": unread})

    def _money_period(self, q: str, plan: dict[str, Any]) -> dict[str, Any]:
        """A sum of money needs a period: one said only before the asking sentence ("Accountant's asking for
        last quarter. What did we bring in?"), or a "today" read as things stand ("billed today from completed
        jobs"), is its period. Orders listed are not narrowed by one ("I'm calling the customers from last week.
        Which jobs are past due?")."""
        money = plan["intent"] in (Intent.revenue, Intent.top_customers)
        if not money or plan.get("period"):
            return plan
        found = find_period(without_set_aside(q), self._today())
        return plan | {"period": found[0]} if found else plan

    @staticmethod
    def _other_territories(focus: str, plan: dict[str, Any], territories: list[str]) -> list[str]:
        """One territory is read; the others named beside it ("Inland and Coastal") are not. A customer's
        name is no territory ("South Beach Grill")."""
        name = (plan.get("customer_name") or "").lower()
        said = focus.replace(name, " ") if name else focus
        named = [t for t in territories if has(rf"\b{re.escape(t)}\b", said)]
        return [t for t in named if t != plan.get("territory")][: max(0, len(named) - 1)]

    def _towns(self, focus: str, plan: dict[str, Any]) -> list[str]:
        """A town said of orders, money or a ranking ("which customer down in Siesta Key spent the most?"): no plan
        reads a town, so the answer would be every town's. A named customer's own town only says which one."""
        if plan["intent"] not in (*ORDER_LISTS, Intent.revenue, Intent.top_customers) or plan.get("customer_ids"):
            return []
        return self.names.towns_said(focus)

    def _whose_order(self, question: str, plan: dict[str, Any]) -> dict[str, Any]:
        """The customer said beside the one order asked about ("Magnolia Park Marina's bimini, WO-13557"): the
        order must be theirs, or the number is a slip (``ChatService.ground`` checks)."""
        if plan["intent"] is not Intent.order_detail or len(plan["order_ids"]) != 1 or plan.get("customer_ids"):
            return {}
        found = self.names.find_customers(question)
        return customer_fields(found) if len(found) == 1 else {}

    def _customer(self, question: str, fields: dict[str, Any]) -> dict[str, Any]:
        """The customer named by name, email or phone, when no customer or order id is."""
        if fields["customer_ids"] or fields["order_ids"]:
            return {}
        by_contact = self.names.find_by_contact(question)
        named = customer_fields([by_contact]) if by_contact else named_customer(self.names, question)
        asks_contact = any(has(CONTACT_WORDS[f], question.lower()) for f in ("phone", "email", "address"))
        if not named and asks_contact and (span := NAME_AT_END.search(question)):
            named = customer_fields(self.names.find_customers(span[1], is_name=True))  # "address for summerwind?"
        if not named and (described := self.names.described(question)):  # "the marina on Pelican Way"
            named = customer_fields(described.fits) or {"customer_unknown": described.said}
        return named

    def _second_customer(
        self, question: str, plan: dict[str, Any], unread: list[str]
    ) -> tuple[dict[str, Any], list[str]]:
        """A second customer named beside the first ("phone numbers for both Whispering Pines Marina and Summerwind
        Boat Basin"): both customers' details, or both customers' orders listed; any other answer (a count, a sum,
        "which of them has more") would be the first one's alone, so the second name is left unread."""
        name = plan.get("customer_name")
        if not name or len(plan.get("customer_ids") or []) != 1:
            return plan, unread
        text = without_name(question.lower(), name)
        for words in self.names.set_aside(question.lower(), name):  # "(the inn, not the fish house)"
            text = text.replace(words, " ")
        found = [c for c in self.names.find_customers(text) if c.name != name]
        if len(found) != 1:
            return plan, unread
        if plan["intent"] in (Intent.customer_info, Intent.list_orders):
            both = {
                "customer_ids": [*plan["customer_ids"], found[0].cust_id],
                "customer_name": f"{name} and {found[0].name}",
            }
            return plan | both, unread
        return plan, [*unread, found[0].name.lower()]


ORDER_LISTS = (Intent.list_orders, Intent.count_orders)


def _other_colours(q: str, named: list[str], colour: str) -> list[str]:
    """Colours said besides the one read ("Navy or the Navy/White Stripe"): a colour that is a word of the one read
    counts only when said again on its own ("navy-and-white striped" is one colour)."""
    return [
        c
        for c in named
        if c != colour and len(re.findall(rf"\b{re.escape(c.lower())}\b", q)) > int(c.lower() in colour.lower())
    ]


def _other_orders(focus: str, plan: dict[str, Any]) -> list[str]:
    """Jobs asked about beside the one order named ("which jobs does the customer on WO-13069 have?"): the
    order's own details don't answer."""
    if plan["intent"] is not Intent.order_detail or len(plan.get("order_ids") or []) != 1:
        return []
    return re.findall(r"\b(?:jobs|orders|tickets)\b|\b(?:every|each|all) (?:job|order|ticket)\b", focus)[:1]


# The one word a contact request ends on ("address for summerwind?"): a name, shortened to its first word.
NAME_AT_END = re.compile(r"\b(?:for|at|of)\s+(?:the\s+)?([a-z][\w'&-]*)\s*[?.!]*\s*$", re.IGNORECASE)
IN_PROGRESS = r"\b(?:in progress|underway|under way|on the go)\b"
# A dash or "i.e." after "aren't finished": what follows describes the open orders, it doesn't narrow them.
ELABORATION = re.compile(r"\s[-–—]\s|\s*\b(?:i\.?e\.?|e\.?g\.?|like|such as)\b[:,]?\s")


# Both states said as one ("all of them, open or closed"): no status is asked for.
# "open or closed", "finished or not": either state, so none; "finished and closed out" is one
EITHER_STATE = (
    r"\bopen\s*(?:or|and|/|&)\s*(?:not|closed|finished|done|completed)\b|"
    r"\b(?:closed|finished|done|completed)\s*(?:or|and|/|&)\s*(?:not|open)\b"
)


def _statuses(focus: str, kinds: list[str]) -> tuple[list[str], set[str]]:
    """The statuses asked for, and those negated. A status named only as included ("what's late, including
    anything that's ready") widens the question, so none is asked for; named beside another ("ready plus
    quoted"), both are."""
    cleared = re.sub(f"{OVERDUE_WORDS}|{STATES_INCLUDED}|{EITHER_STATE}", " ", focus)  # "ready by now", "open or not"
    statuses, negated = statuses_in(cleared, kinds)
    if statuses and not statuses_in(re.sub(WIDENING, " ", cleared), kinds)[0]:
        statuses = []
    statuses = statuses or not_yet(negated, kinds)
    if negated & CLOSED and ELABORATION.search(focus):  # "aren't wrapped up yet - still being worked on or ..."
        statuses = statuses_in(ELABORATION.split(focus)[0], kinds)[0]
    elif statuses and has(IN_PROGRESS, focus):  # "still in progress or waiting on pickup": the working ones too
        statuses += [s for s in statuses_in("being worked on", kinds)[0] if s not in statuses]
    return statuses, negated


def not_yet(negated: set[str], kinds: list[str]) -> list[str]:
    """The statuses an order has not yet reached a negated one in ("come in but haven't been quoted yet" is
    received): those before it in its kind's pipeline. A closed status negated is "open" instead."""
    found: list[str] = []
    for kind in kinds or list(KIND_STATUSES):
        pipeline = KIND_STATUSES[kind]
        reached = [pipeline.index(s) for s in negated - CLOSED if s in pipeline]
        found += [s for s in pipeline[: min(reached)] if s not in found] if reached else []
    return found


def _stock_unnamed(intent: Intent, plan: dict[str, Any], stock_words: list[str]) -> bool:
    """Stock asked about by words that name no material, colour, condition, size, id, place or word of a
    description ("which shelf is the waterproofing spray on?"): found by its description, not answered
    with every item."""
    named = ("material", "color", "condition", "size", "stock_ids", "location")
    keywords = plan.get("keywords") or []
    return (
        intent is Intent.inventory
        and bool(keywords)
        and not any(plan.get(f) for f in named)
        and not set(keywords) & set(stock_words)
    )


def _name_no_territory(q: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A territory read only from the customer's name is none ("what does South Beach Grill have in?")."""
    territory, name = fields.get("territory"), fields.get("customer_name")
    if territory and name and not has(rf"\b{re.escape(territory)}\b", without_name(q, name)):
        return {"territory": None}
    return {}


def _names_whose(plan: dict[str, Any]) -> bool:
    """The plan names whose orders: an order or a customer."""
    return bool(plan.get("order_ids") or plan.get("customer_ids") or plan.get("customer_choices"))


def customer_fields(found: list[CustomerName]) -> dict[str, Any]:
    """The plan's customer: the one named, or the names to ask back between when it could be several."""
    if len(found) > 1:
        return {"customer_choices": [c.name for c in found]}
    return {"customer_ids": [found[0].cust_id], "customer_name": found[0].name} if found else {}


def named_customer(names: ShopNames, text: str, is_name: bool = False) -> dict[str, Any]:
    """``customer_fields`` of the customers the text names; when it names none but calls one by another kind of
    business ("Royal Palm Marina"), that name, and the customers it is close to, to decline with."""
    found = names.find_customers(text, is_name=is_name)
    if found or not (misnamed := names.misnamed(text)):
        return customer_fields(found)
    return {"customer_unknown": misnamed.said, "customer_choices": list(dict.fromkeys(c.name for c in misnamed.near))}


def _asking(question: str) -> str:
    """The asking sentence, with "(has) to be finished" and "should have been ready" read as a due date
    ("to be done by Friday", "should have been ready yesterday")."""
    return re.sub(
        r"\b(to be|be|(?:should|ought to|was supposed to|were supposed to) have been) "
        r"(finished|done|completed|ready)\b",
        r"\1 due",
        question_sentence(question),
    )


def _named(question: str, q: str) -> dict[str, Any]:
    """What the question names outright: its search words, order kinds, order ids and customer ids."""
    return {
        "search_text": search_terms(question),
        "order_kinds": order_kinds(q),
        "order_ids": order_ids(question),
        "customer_ids": list(dict.fromkeys(CUSTOMER_ID.findall(question))),
    }


def _filters(q: str, focus: str, territories: list[str], negated: set[str]) -> dict[str, Any]:
    """The order filters: a territory, "my territory", rush, overdue, open ("aren't finished" included)."""
    return {
        # the territory asked of, or one a preamble sets ("Just for the Coastal group: how many ...?")
        # (not when the question asks of "my" territories: "Inland's got nothing ready, I think - so how many of my
        # cleaning orders are ready?")
        "territory": next((t for t in territories if has(rf"\b{re.escape(t)}\b", focus)), None)
        or next(
            (t for t in territories if has(rf"\b{re.escape(t)}\b", without_set_aside(q)) and not has(r"\bmy\b", focus)),
            None,
        ),
        "my_territory": has(MY_TERRITORY, q),
        "rush_only": has(RUSH, re.sub(RUSH_CHECKED, " ", q)),
        # not "skip anything already late"; "more than two weeks past the date we promised" is
        "overdue": has(OVERDUE_WORDS, re.sub(LATE_LEFT_OUT, " ", focus)) or any(has(p, focus) for p in LATE_BY),
        "open_only": has(OPEN_WORDS, q) or bool(negated & CLOSED),
    }


def _when(focus: str, today: date, overdue: bool, statuses: list[str]) -> tuple[dict[str, DateRange], str]:
    """The due window or the period named, and the words it was read from. "Today" alone is no filter
    where it means things as they stand ("what's in the cleaning queue today") or where overdue is
    already relative to it."""
    if late := late_by(focus, today):  # "more than two weeks past the date we promised": due before a day
        return {"due": late[0]}, late[1]
    due_question = has(DUE_WORDS, focus)
    found = find_period(focus, today, future=due_question)
    if found is None:
        return {}, ""
    period, words = found
    if period.start == period.end == today and (overdue or (statuses and not due_question)):
        return {}, words
    came_in = has(INTAKE, focus) and not has(rf"\b(?:due|promised|expected)\b(?:\s+\w+)?\s+{re.escape(words)}", focus)
    if came_in:  # "of the jobs that came in since the 1st, which are late?", "since Halloween, which we took in":
        # when they came in
        return {"period": period}, words
    return ({"due": period} if due_question or overdue else {"period": period}), words


def _described_before(q: str) -> bool:
    """A thing described before the question that points back at it ("The boat in slip A-5 - did we ever finish that
    job?"): one order found by its description."""
    said = re.match(r"\W*(?:the|that|our|a|an) [^?:—–]+?(?::|\s[—–-]\s)(?P<asked>[^?]*\?)", q)
    return bool(said) and has(r"\b(?:that|this) (?:job|order|ticket|one)\b", said["asked"] if said else "")


DATED = frozenset({"completed", "dates", "days_late", "days_left", "days_in"})  # an order's fields that have a date


def _state_then(focus: str, plan: dict[str, Any], period_words: str, today: date) -> list[str]:
    """One order's state asked as it was at a past time, not a field with a date ("was WO-11190 still sitting in the
    queue yesterday morning?"): its state then is not kept ("RO-2294, the enclosure job from 2026 - what's the
    price?" only says which order)."""
    period = plan.get("period")
    if plan["intent"] is not Intent.order_detail or period is None or set(plan.get("order_fields") or ()) & DATED:
        return []
    return [period_words] if period.start < today and has(r"\b(?:was|were|still)\b", focus) else []


def _closed_left_out(q: str, focus: str, statuses: list[str], kinds: list[str]) -> tuple[list[str], str]:
    """A closed state left out ("every order they've had, but skip the cancelled ones", "counting every status
    except cancelled"): every other status of the kinds asked, and the asking sentence without the words that said
    it (read now)."""
    said = re.search(CLOSED_LEFT_OUT, q)
    if said is None:
        return statuses, focus
    left = {"cancelled"} if re.search(r"cancel", said[0]) else {"completed"}
    kept = [s for s in dict.fromkeys(statuses if set(statuses) - left else statuses_of(kinds)) if s not in left]
    return kept, re.sub(CLOSED_LEFT_OUT, " ", focus)


def late_by(focus: str, today: date) -> tuple[DateRange, str] | None:
    """The promised dates of orders late by a bounded span ("more than two weeks past the date we promised": due
    before today less 14 days; "late by no more than 3 days": due in the 3 days before today), and the words."""
    said = next((m for pattern in LATE_BY if (m := re.search(pattern, focus))), None)
    if said is None:
        return None
    edge = rolled_back(today, 1 if said["n"] in ("a", "an") else number(said["n"]), said["unit"])
    bound, yesterday = said["bound"], today - timedelta(days=1)
    start, end = {
        "more than": (date.min, edge - timedelta(days=1)),
        "over": (date.min, edge - timedelta(days=1)),
        "at least": (date.min, edge),
        "less than": (edge + timedelta(days=1), yesterday),
        "under": (edge + timedelta(days=1), yesterday),
        "fewer than": (edge + timedelta(days=1), yesterday),
    }.get(bound, (edge, yesterday))  # no more than, not more than, up to, within
    if end < start:
        return None
    return DateRange(start=start, end=end, label=f"late by {bound} {said['n']} {said['unit']}"), said[0]


# An exclusion and what follows it up to a stop or a question word ("skip the ones already sitting at ready",
# "leaving the cleaning queue out"; not "excluding rush how many are ready").
EXCLUDED_CLAUSE = rf"(?:{EXCLUSIONS})(?:\s+(?!(?:how|what|which|who|whose|when|where)\b)[\w'-]+){{0,10}}"


def _status_left_out(focus: str, statuses: list[str], kinds: list[str], open_only: bool) -> tuple[list[str], str]:
    """A status left out ("late ones - skip the ones already sitting at ready", "leaving the cleaning queue out of
    it, how many are being cleaned?"): the statuses asked for without it, or every other status of the kinds (the
    open ones when open work is asked) when it was the only one named; and the asking sentence without the words
    that said it (read now)."""
    for said in re.finditer(EXCLUDED_CLAUSE, focus):
        left = set(statuses_in(said[0], kinds)[0])
        if not left:
            continue
        if open_only and left <= CLOSED:  # "open, leaving out the cancelled ones": open says it already
            return statuses, focus.replace(said[0], " ")
        kept = [s for s in statuses if s not in left] or [
            s for s in statuses_of(kinds) if s not in left and not (open_only and s in CLOSED)
        ]
        return kept, focus.replace(said[0], " ")
    return statuses, focus


# Late orders left out ("skip anything that's already late").
LATE_LEFT_OUT = (
    rf"(?:{EXCLUSIONS})\s+(?:(?:anything|any|the ones?|those|ones|orders|jobs)\s+)?"
    r"(?:(?:that|which)(?:'s| is| are)?\s+)?(?:already\s+)?(?:late|overdue|past due)\b"
)


def _late_left_out(focus: str, when: dict[str, DateRange], today: date) -> str:
    """ "Between today and the end of next week, what's coming due? Skip anything already late": a due window from
    today on holds no late order, so the words change nothing (read now)."""
    due = when.get("due")
    return re.sub(LATE_LEFT_OUT, " ", focus) if due is not None and due.start >= today else focus


NOT_TODAY = r"\b(?:not counting|excluding|not including|leaving out|other than|apart from|except|besides) today\b"


def _today_left_out(q: str, when: dict[str, DateRange], today: date) -> dict[str, DateRange]:
    """ "Due within the next 7 days? Not counting today": the window starts tomorrow."""
    if not has(NOT_TODAY, q):
        return when
    return {
        key: span.model_copy(update={"start": today + timedelta(days=1), "label": f"{span.label}, not counting today"})
        if span.start == today < span.end
        else span
        for key, span in when.items()
    }


def _due_before(q: str, focus: str, today: date, overdue: bool) -> dict[str, DateRange]:
    """What is due takes its window from a clause before the question when the question has none ("The week
    after Thanksgiving - what's due in my territories?")."""
    if overdue or not has(DUE_WORDS, focus) or focus == q or focus not in q:
        return {}
    found = find_period(q.replace(focus, " "), today, future=True)
    return {"due": found[0]} if found else {}


def _for_revenue(r: Reading) -> dict[str, Any]:
    return revenue_fields(r.q)


def _for_top_customers(r: Reading) -> dict[str, Any]:
    return revenue_fields(r.q) | {"rank": ranking_place(r.q)}


def _for_orders(r: Reading) -> dict[str, Any]:
    """The latest N, the statuses asked for (closed ones dropped when only open or overdue orders are), and what
    the customer's notes may say instead."""
    open_only = r.fields["overdue"] or r.fields["open_only"]
    return {
        "latest": latest_orders(r.q),
        "statuses": [s for s in r.statuses if not (s in CLOSED and open_only)],
        "customer_asked": r.notes_may_say,
    }


def _for_inventory(r: Reading) -> dict[str, Any]:
    """The stock's words, ids and place; stock belongs to no customer."""
    place = LOCATION.search(r.question)
    return stock_fields(r.question, r.vocabulary.materials, r.vocabulary.colors) | {
        "stock_ids": [f"INV-{n}" for n in STOCK_ID.findall(r.question)],
        "location": f"{place[1].title()} {place[2].upper()}" if place else None,
        "customer_ids": [],
        "customer_name": None,
        "customer_choices": [],
    }


def _for_customer_info(r: Reading) -> dict[str, Any]:
    """The details asked; what no field holds is looked for in the customer's notes."""
    asked = [f for f, p in CONTACT_WORDS.items() if has(p, r.q)]
    if asked and not has(MORE_THAN_ONE, r.attribute_asked or ""):  # "a second location": the record holds one
        return {"contact_fields": asked}
    if r.attribute_asked:
        return {"contact_fields": ["notes"], "customer_asked": r.attribute_asked}
    return {"contact_fields": ["all"]}


def _for_order_detail(r: Reading) -> dict[str, Any]:
    return {"order_fields": [f for f, p in ORDER_FIELD_WORDS.items() if has(p, r.q)] or ["summary"]}


def _for_search(r: Reading) -> dict[str, Any]:
    """Documents only, unless the words describe orders ("the order with the seahorse valance"); no customer."""
    q, fields = r.q, r.fields
    documents = (
        has(DOC_STRONG, q)
        or has(DOC_REFERENCE, q)
        or has(SHEET_FIELDS, q)
        or bool(fields["order_ids"])
        or (
            (has(DOC_WORDS, q) or has(SERVICE_PRICE, q) or has(SERVICE_QUOTE, q))
            and not (has(LISTY, q) and fields["order_kinds"])
            and not has(ONE_ORDER, q)
            and not has(PAST_ORDER_PRICE, q)
        )
    )
    if documents and has(SHEET_ASKED, q) and len(fields["customer_ids"]) == 1:
        return {"documents_only": True}  # a customer's order sheet: their orders' sheets answer (chat)
    return {"documents_only": documents, "customer_ids": [], "customer_name": None, "customer_choices": []}


# The fields each intent needs besides those every plan has.
INTENT_FIELDS: dict[Intent, Callable[[Reading], dict[str, Any]]] = {
    Intent.revenue: _for_revenue,
    Intent.top_customers: _for_top_customers,
    Intent.count_orders: _for_orders,
    Intent.list_orders: _for_orders,
    Intent.inventory: _for_inventory,
    Intent.customer_info: _for_customer_info,
    Intent.order_detail: _for_order_detail,
    Intent.search: _for_search,
}


def merge_follow_up(previous: QueryPlan, fresh: QueryPlan, counting: bool = False) -> QueryPlan:
    """A follow-up ("and which of those are rush orders?") narrows the previous question."""
    defaults = QueryPlan(intent=fresh.intent)
    changes = {
        name: getattr(fresh, name)
        for name in QueryPlan.model_fields
        if name not in ("intent", "search_text") and getattr(fresh, name) != getattr(defaults, name)
    }
    merged = previous.model_copy(update=changes)
    if previous.intent in (Intent.list_orders, Intent.count_orders):
        merged = merged.model_copy(update={"intent": Intent.count_orders if counting else Intent.list_orders})
    return merged
