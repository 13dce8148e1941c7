"""Question -> ``QueryPlan``: the rule-based planner of local mode, and the Bedrock tool-use one.

The rules read the shop's own words for statuses, dates, stock and customers; the model
planner asks Claude to fill the same typed plan through a tool whose JSON schema is
generated from ``QueryPlan``, validates the tool input, and falls back to the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from pydantic import ValidationError

from .directory import Directory
from .inference import InferenceClient, InferenceError, plan_with_model
from .periods import parse_period
from .query_model import Intent, QueryPlan

WORDS_TO_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}

ORDER_ID = re.compile(r"\b(WO|RO)[-\s]?(\d{3,})\b", re.IGNORECASE)
CUSTOMER_ID = re.compile(r"\bC\d{4,}\b")

# Everyday words for each status, most specific first; a phrase maps per order kind.
STATUS_WORDS: list[tuple[str, dict[str, str]]] = [
    (r"cleaning queue|queued (?:up )?for cleaning|waiting to be cleaned|waiting for cleaning|to be cleaned",
     {"work_order": "cleaning_queue"}),
    (r"repair queue|queued for repair|waiting (?:for|on) repairs?|waiting to be repaired",
     {"work_order": "repair_queue"}),
    (r"being cleaned|in cleaning|currently cleaning|cleaning (?:right )?now|in the wash|washing",
     {"work_order": "cleaning"}),
    (r"in repair|being repaired|under repair|repairing", {"repair_order": "in_repair"}),
    (r"quoted|waiting for (?:customer )?approval|awaiting (?:customer )?approval|pending approval|"
     r"need(?:s|ing)? approval|not (?:yet )?approved", {"repair_order": "quoted"}),
    (r"\bapproved\b", {"repair_order": "approved"}),
    (r"ready|awaiting pick ?up|waiting (?:for|to be) pick(?:ed)? ?up|to be picked up",
     {"work_order": "ready", "repair_order": "ready"}),
    (r"received|not (?:yet )?started|just came in|checked in|new arrivals?|haven't started|not begun",
     {"work_order": "received", "repair_order": "received"}),
    (r"cancell?ed", {"work_order": "cancelled", "repair_order": "cancelled"}),
    (r"completed|finished|picked up|closed|\bdone\b", {"work_order": "completed", "repair_order": "completed"}),
    (r"\bqueue\b|\bqueued\b", {"work_order": "cleaning_queue"}),
]
OPEN_WORDS = r"\b(open|still open|outstanding|active|in progress|pending|unfinished|not (?:yet )?(?:done|" \
             r"completed|finished)|in the shop|backlog|current)\b"
OVERDUE_WORDS = r"\b(overdue|past due|late|behind schedule|missed (?:their|the)? ?(?:due|required) date)\b"
DUE_WORDS = r"\b(due|required|promised|deadline)\b"
REVENUE_WORDS = r"\b(revenue|take in|took in|taken in|made|make|earn(?:ed|ings)?|sales|income|billed|" \
                r"turnover|brought in|bring in|money)\b"
TOP_WORDS = r"\b(top|best|biggest|largest|highest|most valuable|leading)\b"
STOCK_WORDS = r"\b(stock|inventory|in store|on hand|on the shelf|yards? of|spools? of|rolls? of|" \
              r"boxes of|stored|shelf|rack|unit price|do we have|have we got|left of|remnants?)\b"
DOC_WORDS = r"\b(polic(?:y|ies)|warranty|warranted|guarantee|price list|prices?|charge|cost to|per square " \
            r"foot|sq ?ft|procedure|sop|instructions for cleaning|guide|sheet|document|pdf|according to|" \
            r"how long|notice|turnaround|deposit|storage fee|abandon|mildew treatment|temperature|psi|" \
            r"dry|fee|minimum)\b"
DOC_STRONG = r"\b(polic(?:y|ies)|warranty|warranted|guarantee|price ?list|sheet|documents?|pdf|according to|" \
             r"procedures?|sop|guide|handbook|manual|terms and conditions)\b"
LISTY = r"\b(which|list|show|how many|number of|count|are there|what (?:orders|work orders|repair orders|jobs))\b"
CONTACT_WORDS = {
    "phone": r"\b(phone|call|number|telephone|cell|mobile)\b",
    "email": r"\b(e-?mail)\b",
    "contact": r"\b(contact person|who is the contact|contact name|who do i talk to|point of contact)\b",
    "address": r"\b(address|located|location|where (?:is|are) (?:they|it))\b",
}
ORDER_FIELD_WORDS = {
    "status": r"\b(status|state|where is|progress)\b",
    "instructions": r"\b(special instructions?|instructions?|notes?)\b",
    "items": r"\b(items?|what(?:'s| is) on|contents|pieces)\b",
    "total": r"\b(total|cost|price|how much|amount|charge)\b",
    "dates": r"\b(due|when|date|required|promised|completed on|came in)\b",
    "repairs": r"\b(repairs? (?:are )?needed|what repairs|what(?:'s| is) wrong|repair description|fix)\b",
    "customer": r"\b(customer|who (?:is|was) it for|whose)\b",
    "summary": r"\b(summar(?:y|ize|ise)|details?|tell me about|everything|overview)\b",
}
FOLLOW_UP = re.compile(r"^\s*(and|also|what about|how about|of those|only|just)\b|\b(those|these|them|that list|"
                       r"of them|same)\b", re.IGNORECASE)
SEARCH_STOPWORDS = frozenset(
    "a an the of for to in on at by with and or is are was were be been what what's whats which who whom "
    "how do does did we our us i me my you your it its this that these those there their they please "
    "can could would should will find show tell give list number job order orders work".split())


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


class Planner(Protocol):
    def plan(self, question: str, previous: QueryPlan | None = None) -> QueryPlan:
        """The plan of ``question``; ``previous`` is the last turn's plan, for follow-ups."""


class RulePlanner:
    """Deterministic planner over the shop's vocabulary (local mode, and the model's fallback)."""

    def __init__(self, directory: Directory, today: Callable[[], date]) -> None:
        self.directory = directory
        self._today = today  # a clock: Lambda containers outlive a day

    def plan(self, question: str, previous: QueryPlan | None = None) -> QueryPlan:
        fresh = self._plan(question)
        if previous is not None and FOLLOW_UP.search(question) and not fresh.order_ids:
            return merge_follow_up(previous, fresh, counting=_has(r"\bhow many\b|\bnumber of\b|\bcount\b", question))
        return fresh

    def _plan(self, question: str) -> QueryPlan:
        q = question.lower()
        fields: dict[str, Any] = {"search_text": search_terms(question)}
        fields["order_kinds"] = order_kinds(q)
        ids = [f"{m[1].upper()}-{m[2]}" for m in ORDER_ID.finditer(question)]
        fields["order_ids"] = list(dict.fromkeys(ids))
        fields["customer_ids"] = list(dict.fromkeys(CUSTOMER_ID.findall(question)))
        period = parse_period(question, self._today())
        due_question = _has(DUE_WORDS, q)
        if period and period.start == period.end == self._today() and not due_question and statuses_in(
                q, fields["order_kinds"]):
            period = None  # "what's in the cleaning queue today": the queue as it stands now
        vocab = self.directory.vocabulary()
        fields["territory"] = next((t for t in vocab.territories if _has(rf"\b{re.escape(t)}\b", q)), None)
        fields["my_territory"] = _has(r"\bmy (territor(?:y|ies)|area|region|patch|customers)\b", q)
        fields["rush_only"] = _has(r"\brush\b", q)
        fields["overdue"] = _has(OVERDUE_WORDS, q)
        fields["open_only"] = _has(OPEN_WORDS, q)
        if period and (due_question or fields["overdue"]):
            fields["due"] = period
        elif period:
            fields["period"] = period

        intent = self._intent(q, fields, bool(period))
        fields["intent"] = intent
        if intent in (Intent.revenue, Intent.top_customers):
            fields.update(revenue_fields(q))
        if intent in (Intent.count_orders, Intent.list_orders):
            fields["statuses"] = statuses_in(q, fields["order_kinds"])
        if intent is Intent.inventory:
            fields.update(stock_fields(question, vocab.materials, vocab.colors))
        if intent is Intent.customer_info:
            fields["contact_fields"] = [f for f, p in CONTACT_WORDS.items() if _has(p, q)] or ["all"]
        if intent is Intent.order_detail:
            fields["order_fields"] = [f for f, p in ORDER_FIELD_WORDS.items() if _has(p, q)] or ["summary"]
        if intent in (Intent.customer_info, Intent.list_orders, Intent.count_orders, Intent.revenue,
                      Intent.top_customers, Intent.search) and not fields["customer_ids"]:
            customer = self.directory.find_customer(question)
            if customer:
                fields["customer_ids"] = [customer.cust_id]
                fields["customer_name"] = customer.name
        if intent is Intent.search:
            fields["documents_only"] = _has(DOC_STRONG, q) or (_has(DOC_WORDS, q) and not fields["order_kinds"]) or \
                (_has(DOC_WORDS, q) and not _has(LISTY, q))
        return QueryPlan.model_validate(fields)

    def _intent(self, q: str, fields: dict[str, Any], has_period: bool) -> Intent:
        mentions_orders = bool(fields["order_kinds"]) or _has(r"\b(orders?|jobs?)\b", q)
        if _has(REVENUE_WORDS, q) or (_has(TOP_WORDS, q) and _has(r"\b(customers?|clients?|accounts?)\b", q)):
            if _has(TOP_WORDS, q) and _has(r"\b(customers?|clients?|accounts?)\b", q):
                return Intent.top_customers
            if not mentions_orders or _has(r"\brevenue\b", q):
                return Intent.revenue
        if fields["order_ids"]:
            if _has(DOC_STRONG, q) or _has(r"\b(technician|wash bay|inspection)\b", q):
                return Intent.search
            return Intent.order_detail
        if _has(STOCK_WORDS, q) and not mentions_orders:
            return Intent.inventory
        if self._names_stock(q) and not mentions_orders and not _has(DOC_WORDS, q):
            return Intent.inventory
        if _has(DOC_STRONG, q) or (_has(DOC_WORDS, q) and not _has(LISTY, q) and not fields["overdue"]
                                   and not fields.get("due") and not fields["customer_ids"]):
            return Intent.search
        if any(_has(p, q) for p in CONTACT_WORDS.values()) and not mentions_orders and \
                self.directory.find_customer(q) is not None:
            return Intent.customer_info
        structured = (fields["overdue"] or fields.get("due") or fields["territory"] or fields["my_territory"]
                      or fields["open_only"] or fields["rush_only"] or fields["customer_ids"]
                      or statuses_in(q, fields["order_kinds"]) or has_period)
        if mentions_orders and _has(r"\bhow many\b|\bnumber of\b|\bcount\b", q):
            return Intent.count_orders
        if mentions_orders and (structured or self.directory.find_customer(q) is not None):
            return Intent.list_orders
        if fields["overdue"] or fields.get("due"):
            return Intent.list_orders
        if statuses_in(q, fields["order_kinds"]) and _has(r"\b(what(?:'s| is)?|which|list|show|anything|how many)\b", q):
            return Intent.count_orders if _has(r"\bhow many\b|\bnumber of\b", q) else Intent.list_orders
        return Intent.search

    def _names_stock(self, q: str) -> bool:
        vocab = self.directory.vocabulary()
        return any(_has(rf"\b{re.escape(m.lower())}\b", q) for m in vocab.materials) and \
            _has(r"\b(how (?:many|much)|where|price|have)\b", q)


def order_kinds(q: str) -> list[str]:
    kinds = []
    if _has(r"\b(work[- ]?orders?|cleaning (?:orders?|jobs?)|wos?)\b", q):
        kinds.append("work_order")
    if _has(r"\b(repair[- ]?orders?|repair jobs?|ros?)\b", q):
        kinds.append("repair_order")
    return kinds


def statuses_in(q: str, kinds: list[str]) -> list[str]:
    """Statuses named in everyday words, for the order kinds in question (both when none)."""
    wanted = kinds or ["work_order", "repair_order"]
    found: list[str] = []
    text = q
    for pattern, by_kind in STATUS_WORDS:
        if re.search(pattern, text):
            found.extend(s for k, s in by_kind.items() if k in wanted and s not in found)
            text = re.sub(pattern, " ", text)
    return found


def revenue_fields(q: str) -> dict[str, Any]:
    cleaning = _has(r"\bclean(?:ing|ed)?\b|\bwork orders?\b", q)
    repair = _has(r"\brepairs?\b|\brepair orders?\b", q)
    split = (cleaning and repair) or _has(r"\b(split|break(?: it)? down|breakdown|vs\.?|versus|by type|each)\b", q)
    top = re.search(r"\b(?:top|best|biggest|largest)\s+(\d+|" + "|".join(WORDS_TO_NUMBERS) + r")\b", q)
    n = 5 if not top else int(top[1]) if top[1].isdigit() else WORDS_TO_NUMBERS[top[1]]
    kind = "all" if split or cleaning == repair else ("cleaning" if cleaning else "repair")
    return {"split_revenue": split, "revenue_kind": kind, "top_n": max(1, min(n, 50))}


def stock_fields(question: str, materials: list[str], colors: list[str]) -> dict[str, Any]:
    """Material, colour, condition and size of a stock question, from the stock's own words."""
    q = question.lower()
    material = _longest_in(q, materials) or _material_word(q, materials)
    color = _longest_in(q, colors)
    condition = "Remnant" if _has(r"\bremnants?\b", q) else "Used" if _has(r"\bused\b", q) else None
    size = re.search(r"\b(\d+(?:\.\d+)?)\s*(?:-| )?(?:inch(?:es)?|in\b|\")", q)
    return {"material": material, "color": color, "condition": condition,
            "size": f"{size[1]} in" if size else None}


def _material_word(q: str, materials: list[str]) -> str | None:
    """A material named by one of its words: "sunbrella" is Sunbrella Canvas; "vinyl" (several
    materials) stays "vinyl", which the stock query matches as part of a material name."""
    for word in re.findall(r"[a-z]+", q):
        stem = word[:-1] if word.endswith("s") and len(word) > 4 else word
        owners = [m for m in materials if stem in re.findall(r"[a-z]+", m.lower())]
        if len(owners) == 1:
            return owners[0]
        if owners:
            return stem
    return None


def _longest_in(q: str, names: list[str]) -> str | None:
    hits = [n for n in names if _has(rf"(?<![\w/]){re.escape(n.lower())}(?![\w/])", q)]
    return max(hits, key=len) if hits else None


def search_terms(question: str) -> str:
    """The question without function words, for BM25 (the embedding uses the full question)."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'&/-]*", question)
    kept = [w for w in words if w.lower() not in SEARCH_STOPWORDS]
    return " ".join(kept) or question


def merge_follow_up(previous: QueryPlan, fresh: QueryPlan, counting: bool = False) -> QueryPlan:
    """A follow-up ("and which of those are rush orders?") narrows the previous question."""
    defaults = QueryPlan(intent=fresh.intent)
    changes = {name: getattr(fresh, name) for name in QueryPlan.model_fields
               if name not in ("intent", "search_text") and getattr(fresh, name) != getattr(defaults, name)}
    merged = previous.model_copy(update=changes)
    if previous.intent in (Intent.list_orders, Intent.count_orders):
        merged = merged.model_copy(update={"intent": Intent.count_orders if counting else Intent.list_orders})
    return merged


class ModelPlanner:
    """Claude fills ``QueryPlan`` through Converse tool use; invalid input falls back to the rules."""

    TOOL_NAME = "plan_query"

    def __init__(self, inference: InferenceClient, fallback: RulePlanner, today: Callable[[], date]) -> None:
        self._inference = inference
        self._fallback = fallback
        self._today = today  # a clock: Lambda containers outlive a day

    def tool_spec(self) -> dict[str, Any]:
        return {"toolSpec": {
            "name": self.TOOL_NAME,
            "description": "Record what the staff member's question asks for, as a structured plan.",
            "inputSchema": {"json": QueryPlan.model_json_schema()},
        }}

    def plan(self, question: str, previous: QueryPlan | None = None) -> QueryPlan:
        context = f"Today is {self._today().isoformat()} ({self._today().strftime('%A')})."
        if previous is not None:
            context += f" The previous question's plan was: {previous.model_dump_json(exclude_defaults=True)}"
        try:
            reply = plan_with_model(self._inference, question, context, self.tool_spec())
            plan = QueryPlan.model_validate(reply)
        except (InferenceError, ValidationError):
            return self._fallback.plan(question, previous)
        return self._resolve_customer(plan, question)

    def _resolve_customer(self, plan: QueryPlan, question: str) -> QueryPlan:
        """A model names customers by text; the directory turns the text into an id."""
        if plan.customer_name and not plan.customer_ids:
            directory = self._fallback.directory
            hit = directory.find_customer(plan.customer_name, is_name=True) or directory.find_customer(question)
            if hit:
                return plan.model_copy(update={"customer_ids": [hit.cust_id], "customer_name": hit.name})
        return plan
