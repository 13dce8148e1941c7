"""The intent rules: which kind of answer a question needs, decided in a fixed order.

Each rule looks at one kind of cue (a ranking, money, a stock id or place, an order id, a
customer, stock, documents, order filters) and either decides or passes. The first rule that
decides wins, so the order is the rules' priority ("top customers by revenue" is a ranking
before it is revenue; "how much did we bill for WO-13485" is that order's total); a question no rule claims is a search.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from awning_assistant.answering.planner.extraction import (
    attribute_asked,
    has,
    longest_in,
    material_word,
    ranking_place,
    stock_fields,
    without_name,
    words_asked,
)
from awning_assistant.answering.planner.vocabulary import (
    BROUGHT_ITEM,
    BY_SPEND,
    CAME_FROM,
    CONTACT_ANY,
    CONTACT_WORDS,
    COUNTING,
    COUNTING_ANY,
    CUSTOMER_BROUGHT,
    CUSTOMER_NOUNS,
    CUSTOMER_WORDS,
    DOC_REFERENCE,
    DOC_STRONG,
    DOC_WORDS,
    HOW_WE_STAND,
    LISTY,
    LOCATION,
    MONEY,
    ORDER_PROGRESS,
    ORDER_RECORD_WORDS,
    ORDER_WORDS,
    REVENUE_NAMED,
    REVENUE_STRONG,
    REVENUE_WORDS,
    SAID_ON_ORDER,
    SERVICE_PRICE,
    SHEET_FIELDS,
    SHEET_NAMED,
    SPENDING,
    STOCK_ASKS,
    STOCK_ID,
    STOCK_WORDS,
    STORED_AT,
    TIMES_COUNTED,
    TOP_WORDS,
    WE_EARNED,
    WHICH_ONES,
    WORKS_FOR,
)
from awning_assistant.answering.query_model import Intent

if TYPE_CHECKING:
    from awning_assistant.records.directory import Vocabulary


@dataclass(frozen=True)
class Reading:
    """A question as the rules read it, with what was already read of it."""

    question: str  # typos fixed
    q: str  # the question lower-cased
    focus: str  # its asking sentence, lower-cased: filters come from it, not from a preamble
    fields: Mapping[str, Any]  # the plan so far: ids, kinds, filters, due window or period, customer
    statuses: list[str]  # the statuses asked for
    vocabulary: Vocabulary

    @cached_property
    def mentions_orders(self) -> bool:
        """Orders are asked about, by kind or by a word for an order."""
        return bool(self.fields["order_kinds"]) or has(ORDER_WORDS, self.q)

    @property
    def filters_orders(self) -> bool:
        """A filter only orders have is set: open, overdue, a status."""
        return bool(self.fields["open_only"] or self.fields["overdue"] or self.statuses)

    @property
    def has_period(self) -> bool:
        """The question names a due window or a period."""
        return bool(self.fields.get("due") or self.fields.get("period"))

    @cached_property
    def attribute_asked(self) -> str | None:
        """What is asked of the customer named that none of their orders answers ("does X have a dog?")."""
        name = self.fields.get("customer_name")
        if not name or self.mentions_orders or self.filters_orders or self.has_period:
            return None
        names = self.vocabulary.materials + self.vocabulary.stock_words
        sentences = re.split(r"[?!.]+\s*|\s[—–-]\s", without_name(self.q, name))  # "X's credit score - is he ...?"
        return next(filter(None, (attribute_asked(s, names) for s in sentences)), None)

    @property
    def notes_may_say(self) -> str | None:
        """Asked of the customer named in words no order cue reads ("gate code at X?", "what ladder do we bring to
        X's place?"): their notes may say it (``ChatService.ground`` looks), else their orders answer."""
        name = self.fields.get("customer_name")
        if not name or self.mentions_orders or self.filters_orders or self.has_period or has(CUSTOMER_BROUGHT, self.q):
            return None
        return words_asked(without_name(self.focus, name))


def _ranking(r: Reading) -> Intent | None:
    """Customers ranked by what they spent: "top 3 customers by revenue", "second biggest spender",
    "top3 by rev" (what else is ranked by revenue is not among the answers)."""
    spending = has(REVENUE_WORDS, r.q) or has(SPENDING, r.q)
    ranked = has(TOP_WORDS, r.q) or (ranking_place(r.q) is not None and spending)
    whom = has(CUSTOMER_NOUNS, r.q) or has(BY_SPEND, r.q) or has(r"^\W*who\b", r.focus)  # "who spends the most"
    if ranked and whom and (spending or has(CUSTOMER_WORDS, r.q)):
        return Intent.top_customers
    return None


def _revenue(r: Reading) -> Intent | None:
    """Money taken in, unless its words only say which orders to list ("list the orders we billed"),
    what a customer brought in ("the last thing they brought in") or what a policy says."""
    standing = has(HOW_WE_STAND, r.q) and r.has_period and not has(ORDER_WORDS, r.q) and not r.filters_orders
    if not (has(REVENUE_WORDS, r.q) or has(CAME_FROM, r.q) or standing) or (
        has(BROUGHT_ITEM, r.q) and not has(MONEY, r.q)
    ):
        return None
    if r.fields["customer_ids"] and has(CUSTOMER_BROUGHT, r.q) and not has(MONEY, r.q) and not has(WE_EARNED, r.q):
        return None  # "anything Laura Young brought in during 2026?": what the customer brought, not money
    if has(DOC_STRONG, r.q) and not has(REVENUE_NAMED, r.q):  # "how long is an awning we made guaranteed?"
        return None
    if not (r.mentions_orders and has(LISTY, r.q)) or has(REVENUE_STRONG, r.q):
        return Intent.revenue
    return None


def _stock_place(r: Reading) -> Intent | None:
    """A stock id ("INV-0042"), or a storage place ("what's kept on rack A1") when orders are not asked about."""
    if STOCK_ID.search(r.q) or (LOCATION.search(r.q) and has(STORED_AT, r.q) and not r.mentions_orders):
        return Intent.inventory
    return None


def _named_order(r: Reading) -> Intent | None:
    """An order named by id: its fields, or a search of its record for what no field holds."""
    if not r.fields["order_ids"]:
        return None
    if has(DOC_STRONG, r.q) or has(ORDER_RECORD_WORDS, r.q):
        return Intent.search
    return Intent.order_detail


def _named_customer(r: Reading) -> Intent | None:
    """A customer named (or a name that fits several): their contact details, or their orders."""
    if not (r.fields["customer_ids"] or r.fields.get("customer_choices")):
        return None
    if has(SHEET_FIELDS, r.q):  # "which technician has X's cabana curtains?": their orders' sheets answer
        return Intent.search
    # "I'm about to ring X. What have we got of theirs that isn't finished?" asks for orders; "Where is the Happy
    # Pelican place? Street and town please." asks in the request after the question
    f = r.focus + " " + (r.q.split(r.focus, 1)[1] if r.focus in r.q else "")
    contact = _asks_contact(f)
    if contact and not r.mentions_orders and not r.filters_orders:  # "who does Kevin Lindqvist work for?"
        return Intent.customer_info
    # "I'm sending them a photo of the damage on their order. Which e-mail address do we have for them?"
    said = re.split(r"(?<=[.!?])\s+", r.focus)
    last = [s for s in said if "?" in s][-1:]
    if len(said) > 1 and last and _asks_contact(last[0]) and not has(ORDER_WORDS, last[0]) and not r.filters_orders:
        return Intent.customer_info
    if (has(COUNTING, r.q) and r.mentions_orders) or has(TIMES_COUNTED, r.q):  # "how many times has X used us"
        return Intent.count_orders
    return Intent.customer_info if r.attribute_asked else Intent.list_orders  # "X's credit score": their notes


def _asks_contact(text: str) -> bool:
    """A way to reach a customer is asked for, or whom a person works for."""
    return has(CONTACT_ANY, text) or any(has(p, text) for p in CONTACT_WORDS.values()) or has(WORKS_FOR, text)


def _stock(r: Reading) -> Intent | None:
    """Stock asked about in its own words or by a material's name, when orders and documents are not."""
    names = r.vocabulary.materials + r.vocabulary.stock_words
    stock = has(STOCK_WORDS, r.q) or (_names_stock(r.q, names) and not has(DOC_WORDS, r.q)) or _only_stock_named(r)
    # "I'm quoting a job ... how many yards?", "where are we on the cover with the brass fasteners?" ask of orders;
    # stock pulled "for a job" is asked of the stock
    focus = re.sub(r"\b(?:for|on) (?:a|the|this|that) job\b", " ", r.focus)
    asks_orders = bool(r.fields["order_kinds"]) or has(ORDER_WORDS, focus) or has(ORDER_PROGRESS, focus)
    if stock and not asks_orders and not has(DOC_STRONG, r.q) and not has(SERVICE_PRICE, r.q):
        return Intent.inventory
    return None


def _only_stock_named(r: Reading) -> bool:
    """A terse stock check: nothing but a material with its colour, size or condition ("terracotta shade cloth?")."""
    named = stock_fields(r.question, r.vocabulary.materials, r.vocabulary.colors)
    return bool(named["material"]) and not named["keywords"] and not r.mentions_orders


def _names_stock(q: str, materials: list[str]) -> bool:
    """A material or a stock item is named (by its name or a word of it) and asked about as stock."""
    names = longest_in(q, materials) or material_word(q, materials)
    return bool(names) and has(STOCK_ASKS, q)


def _documents(r: Reading) -> Intent | None:
    """The shop's documents: named outright ("warranty policy"), or their words (a service's price
    among them) with no order filter."""
    words = has(DOC_WORDS, r.q) or has(SERVICE_PRICE, r.q)
    if has(DOC_STRONG, r.q) or (
        words and not has(LISTY, r.q) and not r.fields["overdue"] and not r.fields.get("due") and not r.statuses
    ):
        return Intent.search
    return None


def _orders(r: Reading) -> Intent | None:
    """Orders counted or listed by their filters: status, due date, territory, rush, a period."""
    fields = r.fields
    structured = (
        fields["overdue"]
        or fields.get("due")
        or fields["territory"]
        or fields["my_territory"]
        or fields["open_only"]
        or fields["rush_only"]
        or r.statuses
        or r.has_period
    )
    if (r.mentions_orders or r.statuses) and has(COUNTING_ANY, r.q):
        return Intent.count_orders
    if r.mentions_orders and structured:
        return Intent.list_orders
    if fields["overdue"] or fields.get("due"):
        return Intent.list_orders
    if r.statuses and has(WHICH_ONES, r.q):
        return Intent.list_orders
    return None


def _said_on_order(r: Reading) -> Intent | None:
    """An order found by what its notes say: a search of the orders, not a list by the status words it quotes."""
    return Intent.search if has(SAID_ON_ORDER, r.q) and not r.fields["order_ids"] else None


def _document_referred(r: Reading) -> Intent | None:
    """What a document says ("what does the annual report say about revenue?"): never a records answer
    because one of its words names records."""
    # a sheet named as the topic before the question ("The Seagrass Village valance sheet - what couldn't ...?")
    referred = has(DOC_REFERENCE, r.q) or has(SHEET_NAMED, r.focus) or has(rf"{SHEET_NAMED}\s*(?::|\s[—–-]\s)", r.q)
    return Intent.search if referred and not r.fields["order_ids"] else None


RULES: tuple[Callable[[Reading], Intent | None], ...] = (
    _document_referred,
    _said_on_order,
    _ranking,
    _named_order,
    _revenue,
    _stock_place,
    _named_customer,
    _stock,
    _documents,
    _orders,
)


def intent_of(reading: Reading) -> Intent:
    """The intent of the first rule that decides; a search when none does."""
    return next(filter(None, (rule(reading) for rule in RULES)), Intent.search)
