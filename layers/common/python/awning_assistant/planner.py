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
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from .deadline import Deadline, DeadlineExceeded
from .directory import Directory
from .inference import InferenceClient, InferenceError, plan_with_model
from .models import REPAIR_ORDER_STATUSES, WORK_ORDER_STATUSES
from .periods import parse_period
from .query_model import Intent, QueryPlan

WORDS_TO_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}

ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split())}
NUMBER = r"(\d+|" + "|".join(WORDS_TO_NUMBERS) + r")"
ORDER_NOUN = r"(?:(?:cleaning|repair|work)\s+)?(?:orders?|wos?|ros?|jobs?|tickets?)"

# "WO-13552", "wo 13552", "WO#13552", "work order #13552", "repair order no. 2351"
ORDER_ID = re.compile(r"\b(?:(W/?O|R/?O|w\.o\.|r\.o\.)\s*(?:no\.?|number|#)?\s*[-#]?\s*|(work|repair|cleaning)[- ]?"
                      r"orders?\s*(?:no\.?|number|#)?\s*#?\s*|(order|job|ticket)\s*(?:no\.?|number)?\s*#\s*)(\d{3,})\b",
                      re.IGNORECASE)
DOMAIN_WORDS = ("overdue received revenue repair repairs pickup picked cleaning cleaned queue customer customers "
                "email phone address contact warranty policy inventory stock yards order orders invoice approved "
                "quoted cancelled completed finished delivery schedule").split()
CUSTOMER_ID = re.compile(r"\bC\d{4,}\b")
STOCK_ID = re.compile(r"\bINV[-\s#]?(\d{2,})\b", re.IGNORECASE)
LOCATION = re.compile(r"\b(rack|shelf|bin|bay|aisle|cabinet)\s+([a-z]?\d+[a-z]?)\b", re.IGNORECASE)
STOCK_FILLER = frozenset("how many much what which where is are do does we have our in of stock yards yard yd yds "
                         "spools spool rolls roll boxes box qty quantity total on hand left got the a an there any "
                         "stored kept price unit cost per fabric material colour color colors colours all".split())
NEGATION = r"(?:not|n't|never|no longer|yet to be|without being)\s+(?:yet\s+|been\s+|be\s+|got\s+|gotten\s+)*$"

# Everyday words for each status, most specific first; a phrase maps per order kind.
STATUS_WORDS: list[tuple[str, dict[str, str]]] = [
    (r"cleaning queue|queued (?:up )?for (?:cleaning|washing)|waiting to be (?:cleaned|washed)|waiting for "
     r"(?:cleaning|a wash)|to be (?:cleaned|washed)|wash queue|not (?:yet )?(?:been )?(?:cleaned|washed) yet|"
     r"lined up for (?:cleaning|washing)|in line for (?:cleaning|a wash)",
     {"work_order": "cleaning_queue"}),
    (r"repair queue|queued for repairs?|waiting (?:for|on) repairs?|waiting to be repaired|needs? repairs? first",
     {"work_order": "repair_queue"}),
    (r"being (?:cleaned|washed)|in (?:cleaning|the wash(?:er)?)|currently (?:cleaning|washing)|"
     r"(?:cleaning|washing) (?:right )?now|getting (?:cleaned|washed)|in progress in the wash|on the wash floor|"
     r"mid-?(?:clean|wash)|status cleaning",
     {"work_order": "cleaning"}),
    (r"in repair|being (?:repaired|fixed)|under repair|getting (?:repaired|fixed)|on the (?:repair|sewing) "
     r"(?:bench|table)|being sewn",
     {"repair_order": "in_repair"}),
    (r"need(?:s|ing|ed)? (?:a )?quote|awaiting (?:a )?quote|waiting (?:for|on) (?:a )?quote|to be quoted|"
     r"yet to be quoted|not (?:yet )?(?:been )?quoted|no quote yet",
     {"repair_order": "received"}),
    (r"quoted|quotes? (?:sent|out|pending)|waiting (?:for|on) (?:the )?(?:customer(?:'s)? )?(?:approval|sign-?off|"
     r"go-?ahead|ok|okay)|awaiting (?:customer )?approval|pending approval|need(?:s|ing)? approval|not (?:yet )?"
     r"approved|to ok the quote|waiting on the customer to (?:ok|approve)",
     {"repair_order": "quoted"}),
    (r"\bapproved\b", {"repair_order": "approved"}),
    (r"\bready\b|awaiting pick ?-?up|waiting (?:for|to be) (?:pick(?:ed)? ?-?up|collected)|to be (?:picked up|"
     r"collected)|ready to go|(?:finished|done|fixed|repaired|cleaned) and waiting|waiting on the customer to "
     r"(?:collect|pick)|waiting for collection",
     {"work_order": "ready", "repair_order": "ready"}),
    # "approved but not yet started" describes the approved ones; alone it means received
    (r"\breceived\b|(?<!but )not (?:yet )?(?:been )?started|just (?:came|come) in|checked in|new arrivals?|"
     r"(?<!but )haven't (?:been )?started|"
     r"not begun|untouched|nobody has touched|dropped off and waiting",
     {"work_order": "received", "repair_order": "received"}),
    (r"cancell?ed|called off", {"work_order": "cancelled", "repair_order": "cancelled"}),
    (r"\bcompleted\b|\bfinished\b|picked up|\bclosed\b|(?:are|is|were|was|been|got|all|get) done\b|\bdone yet\b",
     {"work_order": "completed", "repair_order": "completed"}),
    (r"\bqueue\b|\bqueued\b", {"work_order": "cleaning_queue"}),
]
OPEN_WORDS = r"\b(open|still open|outstanding|active|in progress|pending|unfinished|not (?:yet )?(?:done|" \
             r"completed|finished|closed)|in the shop|in house|backlog|current(?:ly)?|work in progress|wip)\b"
OVERDUE_WORDS = r"\b(overdue|past[- ]due|late|running late|behind(?: schedule)?|missed (?:their|its|the)? ?" \
                r"(?:due|required|promised) dates?|past (?:their|its|the) (?:(?:due|required|promised) )?(?:dates?|" \
                r"deadlines?)|blown (?:past|through) (?:their|its|the) (?:deadlines?|dates?)|should have been " \
                r"(?:finished|done|completed|ready) by now|due before today)\b"
DUE_WORDS = r"\b(due|required|promised|promise|deadline|scheduled|expected back|needed by|need(?:s|ed)? to be " \
            r"(?:done|finished|completed|ready)|ha(?:s|ve) to be (?:done|finished|completed|ready))\b"
REVENUE_WORDS = r"\b(revenue|take in|took in|taken in|takings|(?:we|we've|we have|did we|you|i) (?:made|make)|" \
                r"made (?:in|during|last|this|so far)|earn(?:ed|ings)?|sales|income|billed|" \
                r"bill(?:ing)?|turnover|brought in|bring in|money|invoiced|rev|generated?|spen[dt])\b"
TOP_WORDS = r"\b(top\s*\d+|top (?:\w+ )?(?:customers?|custs?|clients?|accounts?|spenders?)|(?:the )?most money|" \
            r"the most (?:revenue|sales|business)|top (?:three|five|ten)|" \
            r"best|biggest|largest|highest|most valuable|leading|spent the most|spend the most|" \
            r"spending the most|biggest spenders?|paid (?:us )?the most)\b"
CUSTOMER_NOUNS = r"\b(customers?|custs?|clients?|accounts?|who)\b"
STOCK_WORDS = r"\b(stock|inventory|in store|on hand|on the shelf|yards?|yds?|qty|quantity|spools?|rolls? of|" \
              r"boxes of|stored|shelf|rack|bin|unit price|have we got|left of|remnants?|offcuts?|scraps?)\b"
DOC_WORDS = r"\b(polic(?:y|ies)|warranty|warranted|guarantee|price list|prices?|charge|cost to|per square " \
            r"foot|sq ?ft|procedure|sop|instructions for cleaning|guide|sheet|document|pdf|according to|" \
            r"how long|how quickly|how fast|how soon|notice|turnaround|deposit|storage fee|abandon(?:ed)?|" \
            r"mildew treatment|temperature|temp|psi|dry|fee|minimum|surcharge|percent|extra|" \
            r"contact time|dwell|get rid of|in advance|free of charge|mileage|per mile|square (?:feet|foot)|coverage)\b"
DOC_STRONG = r"\b(polic(?:y|ies)|warranty|warranted|guarantee|price ?list|sheet|documents?|pdf|according to|" \
             r"procedures?|sop|guide|handbook|manual|terms and conditions)\b"
ORDER_WORDS = r"\b(orders?|jobs?|wos?|ros?)\b"
# "the order with the seahorse valance": one order described, so records, not the price list
ONE_ORDER = r"\b(?:order|job|work order|repair order|ticket)s? (?:with|for) (?:the|a|an|that|those)\b"
LISTY = r"\b(which|list|show|how many|number of|count|are there|what (?:orders|work orders|repair orders|jobs))\b"
CONTACT_ANY = r"\b(contact|reach|get (?:in )?touch|on file|details for)\b"
CONTACT_WORDS = {
    "phone": r"\b(phone|fone|call|number|telephone|tel|cell|mobile|ring|ph ?#|ph\.?)(?=\W|$)",
    "email": r"\b(e-?mail)\b",
    "contact": r"\b(contact (?:person|name)|who(?:'s| is) (?:the|our|their) (?:main )?contact|contact (?:at|for)|"
               r"who do (?:i|we) (?:talk|speak) to|point of contact|person we deal with|who should i ask for|"
               r"who runs)\b",
    "address": r"\b(address|located|location|where (?:is|are) (?:they|it)|mailing|street)\b",
    "city": r"\b(city|town|which city)\b",
    "zip": r"\b(zip|zip ?code|postal code|postcode)\b",
    "territory": r"\b(territory|region|area|zone)\b",
    "source": r"\b(source|lead source|find us|found us|hear about us|heard about us|referr(?:al|ed))\b",
}
ORDER_FIELD_WORDS = {
    "status": r"\b(status|state|where is|progress|stage|done yet|ready yet|finished yet)\b",
    "instructions": r"\b(special instructions?|instructions?|notes?|handled?|handling|wants?|requests?|asked|"
                    r"preferences?|wishes|write|wrote|written|said|say)\b",
    "items": r"\b(items?|what(?:'s| is) on|contents|pieces|what's in|shape|condition|"
             r"how many \w+(?: \w+)? came)\b",
    "total": r"\b(total|cost|price|how much|amount|charge|bill)\b",
    "dates": r"\b(due|when|date|required|promised|came in)\b",
    "completed": r"\b(complet(?:ed|ion)|finished|closed out|picked up)\b",
    "repairs": r"\b(repairs? (?:are )?needed|what repairs|what(?:'s| is) wrong|repair description|fix)\b",
    "customer": r"\b(customer|who (?:is|was) it for|whose|who owns)\b",
    "contact": r"\b(phone|e-?mail|contact|call|reach)\b",
    "summary": r"\b(summar(?:y|ize|ise)|details?|tell me about|everything|overview|look up|pull up)\b",
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
        question = fix_typos(question.replace("_", " "))
        q = question.lower()
        fields: dict[str, Any] = {"search_text": search_terms(question)}
        fields["order_kinds"] = order_kinds(q)
        fields["order_ids"] = order_ids(question)
        fields["customer_ids"] = list(dict.fromkeys(CUSTOMER_ID.findall(question)))
        focus = question_sentence(question)  # filters come from the question itself, not its preamble
        focus = re.sub(r"\b(to be|be) (finished|done|completed|ready)\b", r"\1 due", focus)
        wanted, negated = statuses_in(focus, fields["order_kinds"])
        due_question = _has(DUE_WORDS, focus)
        period = parse_period(focus, self._today(), future=due_question)
        if period and period.start == period.end == self._today() and not due_question and wanted:
            period = None  # "what's in the cleaning queue today": the queue as it stands now
        vocab = self.directory.vocabulary()
        fields["territory"] = next((t for t in vocab.territories if _has(rf"\b{re.escape(t)}\b", focus)), None)
        fields["my_territory"] = _has(r"\bmy (territor(?:y|ies)|area|region|patch|customers|route)\b", q)
        fields["rush_only"] = _has(r"\brush\b", q)
        fields["overdue"] = _has(OVERDUE_WORDS, focus)
        fields["open_only"] = _has(OPEN_WORDS, q) or bool(negated & {"completed", "cancelled"})
        if fields["overdue"] and period and period.start == period.end == self._today():
            period = None  # "due before today", "calling customers today": overdue is already relative
        if period and (due_question or fields["overdue"]):
            fields["due"] = period
        elif period:
            fields["period"] = period
        customer = None if fields["customer_ids"] or fields["order_ids"] else (
            self.directory.find_by_contact(question) or self.directory.find_customer(question))
        if customer:
            fields["customer_ids"], fields["customer_name"] = [customer.cust_id], customer.name

        intent = self._intent(q, focus, fields, wanted, bool(period))
        fields["intent"] = intent
        if intent in (Intent.revenue, Intent.top_customers):
            fields.update(revenue_fields(q))
        if intent is Intent.top_customers:
            fields["rank"] = ranking_place(q)
        if intent in (Intent.count_orders, Intent.list_orders):
            fields["latest"] = latest_orders(q)
        if intent in (Intent.count_orders, Intent.list_orders):
            closed = {"completed", "cancelled"}
            fields["statuses"] = [s for s in wanted if not (s in closed and (fields["overdue"] or fields["open_only"]))]
        if intent is Intent.inventory:
            fields.update(stock_fields(question, vocab.materials, vocab.colors))
            fields["stock_ids"] = [f"INV-{n}" for n in STOCK_ID.findall(question)]
            place = LOCATION.search(question)
            fields["location"] = f"{place[1].title()} {place[2].upper()}" if place else None
        if intent is Intent.customer_info:
            fields["contact_fields"] = [f for f, p in CONTACT_WORDS.items() if _has(p, q)] or ["all"]
        if intent is Intent.order_detail:
            fields["order_fields"] = [f for f, p in ORDER_FIELD_WORDS.items() if _has(p, q)] or ["summary"]
        if intent is Intent.search:
            fields["documents_only"] = _has(DOC_STRONG, q) or bool(fields["order_ids"]) or (
                _has(DOC_WORDS, q) and not (_has(LISTY, q) and fields["order_kinds"]) and not _has(ONE_ORDER, q))
            fields["customer_ids"], fields["customer_name"] = [], None
        if intent is Intent.inventory:
            fields["customer_ids"], fields["customer_name"] = [], None
        return QueryPlan.model_validate(fields)

    def _intent(self, q: str, focus: str, fields: dict[str, Any], statuses: list[str], has_period: bool) -> Intent:
        mentions_orders = bool(fields["order_kinds"]) or _has(ORDER_WORDS, q)
        customer = bool(fields["customer_ids"])
        spending = _has(REVENUE_WORDS, q) or _has(r"\b(spent|spend|paid|revenue)\b", q)
        ranked = _has(TOP_WORDS, q) or (ranking_place(q) is not None and spending)
        if ranked and _has(CUSTOMER_NOUNS, q) and (spending or _has(r"\b(customers?|clients?)\b", q)):
            return Intent.top_customers
        if _has(REVENUE_WORDS, q) or _has(r"\bhow much (?:came|comes|come|did we get|was) (?:in )?from\b", q):
            strong = _has(r"\b(revenue|takings|sales|income|earn(?:ed|ings)?|money|brought in|took in|turnover|"
                          r"billed|how much)\b", q)
            if not (mentions_orders and _has(LISTY, q)) or strong:
                return Intent.revenue
        if STOCK_ID.search(q) or (LOCATION.search(q) and _has(r"\b(stored|kept|at|on|in)\b", q)
                                  and not mentions_orders):
            return Intent.inventory
        if fields["order_ids"]:
            if _has(DOC_STRONG, q) or _has(r"\b(technician|tech|wash bay|bay|inspection|inspected|measured|"
                                           r"measurements?|dimensions?)\b", q):
                return Intent.search
            return Intent.order_detail
        if customer:
            contact = _has(CONTACT_ANY, q) or any(_has(p, q) for p in CONTACT_WORDS.values()) or _has(
                r"\bwork(?:s|ing)? (?:for|at|with)\b|\bemployer\b|\bwhich (?:customer|company|business|account)\b", q)
            if contact and not mentions_orders:  # "who does Kevin Lindqvist work for?"
                return Intent.customer_info
            if _has(r"\bhow many\b|\bnumber of\b|\bcount\b", q) and mentions_orders:
                return Intent.count_orders
            return Intent.list_orders
        stock = _has(STOCK_WORDS, q) or (self._names_stock(q) and not _has(DOC_WORDS, q))
        asks_orders = bool(fields["order_kinds"]) or _has(ORDER_WORDS, focus)  # "I'm quoting a job ... how many yards?"
        if stock and not asks_orders and not _has(DOC_STRONG, q):
            return Intent.inventory
        if _has(DOC_STRONG, q) or (_has(DOC_WORDS, q) and not _has(LISTY, q) and not fields["overdue"]
                                   and not fields.get("due") and not statuses):
            return Intent.search
        structured = (fields["overdue"] or fields.get("due") or fields["territory"] or fields["my_territory"]
                      or fields["open_only"] or fields["rush_only"] or statuses or has_period)
        counting = _has(r"\bhow many\b|\bnumber of\b|\bcount\b|\bsize of\b|\bhow big\b|\btotal number\b", q)
        if (mentions_orders or statuses) and counting:
            return Intent.count_orders
        if mentions_orders and structured:
            return Intent.list_orders
        if fields["overdue"] or fields.get("due"):
            return Intent.list_orders
        if statuses and _has(r"\b(what(?:'s| is)?|which|list|show|anything|any)\b", q):
            return Intent.list_orders
        return Intent.search

    def _names_stock(self, q: str) -> bool:
        """A material is named (by its name or a word of it) and asked about as stock."""
        materials = self.directory.vocabulary().materials
        names = _longest_in(q, materials) or _material_word(q, materials)
        return bool(names) and _has(r"\b(how (?:many|much)|where|price|have|stock|left|got|count|total)\b", q)


def order_ids(question: str) -> list[str]:
    """Order ids in any of the ways staff write them, as stored ("WO-13552"). A bare "order #2396"
    could be either kind: both ids are tried, and only one can exist."""
    ids = []
    for m in ORDER_ID.finditer(question):
        if m[3]:
            ids += [f"WO-{m[4]}", f"RO-{m[4]}"]
            continue
        letters = re.sub(r"[^a-z]", "", (m[1] or "").lower())
        prefix = letters.upper() if letters else ("RO" if m[2].lower() == "repair" else "WO")
        ids.append(f"{prefix}-{m[4]}")
    return list(dict.fromkeys(ids))


def question_sentence(question: str) -> str:
    """The asking sentences, lower-cased, when a question comes with a preamble ("I'm calling
    customers today. Which repair jobs are past due?"); the whole text otherwise."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+(?=[A-Z])", question) if p.strip()]
    asking = [p for p in parts if "?" in p]  # "... past their due date? thx"
    focus = " ".join(asking if len(parts) > 1 and asking else parts).lower()
    # "Forget the Coastal numbers for a second — overall, how many ...": a set-aside clause is not a filter.
    return re.sub(r"\b(?:forget|ignore|never mind|leav(?:e|ing) aside|set(?:ting)? aside)\b[^—–,;:?]*[—–,;:]", " ",
                  focus)


def fix_typos(question: str) -> str:
    """Domain words mistyped by a slip of the keyboard ("overdeu", "recieved", "emial") spelled right.

    Only a single edit counts (a swap of two letters included), and never for an inflection of a
    domain word ("queued", "repaired" stay as they are)."""
    def fix(match: re.Match[str]) -> str:
        word = match[0].lower()
        if len(word) < 5 or word in DOMAIN_WORDS or any(word.startswith(d) for d in DOMAIN_WORDS):
            return match[0]
        hit = process.extractOne(word, DOMAIN_WORDS, scorer=DamerauLevenshtein.distance, score_cutoff=1)
        return hit[0] if hit and hit[0][0] == word[0] else match[0]
    return re.sub(r"[A-Za-z]+", fix, question)


def order_kinds(q: str) -> list[str]:
    if _has(r"\bwork (?:and|&|or|/) repair (?:orders?|jobs?)\b|\b(?:both|either) kinds?\b", q):
        return ["work_order", "repair_order"]
    kinds = []
    if _has(r"\b(work[- ]?orders?|cleaning (?:orders?|jobs?|tickets?)|work tickets?|wos?)\b", q):
        kinds.append("work_order")
    if _has(r"\b(repair[- ]?orders?|repair (?:jobs?|tickets?)|ros?)\b", q):
        kinds.append("repair_order")
    return kinds


def statuses_in(q: str, kinds: list[str]) -> tuple[list[str], set[str]]:
    """Statuses named in everyday words for the order kinds in question (both when none),
    and those the question negates ("received but not quoted", "aren't finished")."""
    wanted = kinds or ["work_order", "repair_order"]
    found: list[str] = []
    negated: set[str] = set()
    text = q.replace("’", "'")
    codes = {s for k in wanted for s in {"work_order": WORK_ORDER_STATUSES, "repair_order": REPAIR_ORDER_STATUSES}[k]}
    for m in re.finditer(r"\bstatus(?:es)?\s*(?:=|==|:|is|of)\s*['\"]?([a-z][a-z_ ]*[a-z])", text):
        code = next((c for c in sorted(codes, key=len, reverse=True) if m[1].startswith(c.replace("_", " "))
                     or m[1].startswith(c)), None)  # the raw code: "status=cleaning", "status: in_repair"
        if code:
            found.append(code)
            text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    for pattern, by_kind in STATUS_WORDS:
        for m in re.finditer(pattern, text):
            names = [s for k, s in by_kind.items() if k in wanted]
            if re.search(NEGATION, text[:m.start()]) and not m[0].startswith("not "):
                negated.update(names)
            else:
                found.extend(s for s in names if s not in found)
        text = re.sub(pattern, lambda m: " " * len(m[0]), text)
    return [s for s in found if s not in negated], negated


def number(word: str) -> int:
    """A count written in digits or in words ("3", "three"), as ``NUMBER`` matches it."""
    return int(word) if word.isdigit() else WORDS_TO_NUMBERS[word]


def ranking_place(q: str) -> int | None:
    """The one place of a ranking asked for: "second biggest", "3rd best", "#2", "runner-up"."""
    m = re.search(rf"\b(?:({'|'.join(ORDINALS)})|(\d+)(?:st|nd|rd|th))[- ](?:biggest|largest|best|highest|top|"
                  rf"most|place)\b|#\s*(\d+)\b|\bnumber {NUMBER}\b(?= (?:by|in|on|for)\b)|\b(runner[- ]up)\b", q)
    if not m:
        return None
    word = next(g for g in m.groups() if g)
    place = 2 if word.startswith("runner") else ORDINALS[word] if word in ORDINALS else number(word)
    return place if 1 <= place <= 50 else None


def latest_orders(q: str) -> int | None:
    """How many of the most recent orders are asked for: "latest WO" = 1, "last 3 repair jobs" = 3."""
    m = re.search(rf"\b(?:latest|most recent|newest|last)\s+(?:{NUMBER}\s+)?{ORDER_NOUN}\b", q)
    if not m:
        return None
    return max(1, number(m[1])) if m[1] else 1


def revenue_fields(q: str) -> dict[str, Any]:
    cleaning = _has(r"\bclean(?:ing|ed)?\b|\bwork orders?\b|\bwash(?:ing)?\b", q)
    repair = _has(r"\brepairs?\b|\brepair orders?\b|\bsewing\b", q)
    split = (cleaning and repair) or _has(r"\b(split|break(?: it)? down|breakdown|vs\.?|versus|by type)\b", q)
    top = re.search(rf"\b(?:top|best|biggest|largest)\s*{NUMBER}\b|\b{NUMBER}\s+(?:\w+\s+)?(?:customers|clients)\b", q)
    word = top and (top[1] or top[2])
    n = number(word) if word else 5
    kind = "all" if split or cleaning == repair else ("cleaning" if cleaning else "repair")
    return {"split_revenue": split, "revenue_kind": kind, "top_n": max(1, min(n, 50))}


def stock_fields(question: str, materials: list[str], colors: list[str]) -> dict[str, Any]:
    """Material, colour, condition and size of a stock question, from the stock's own words."""
    q = re.sub(r"\bgr[ae]y\b", "gray", question.lower())
    material = _longest_in(q, materials) or _material_word(q, materials)
    rest = q.replace(material.lower(), " ") if material else q  # "clear vinyl" is a material, not a colour
    color = _longest_in(rest, colors) or _longest_in(rest.replace("gray", "grey"), colors)
    condition = ("New" if _has(r"\bnew\b", q) else
                 "Remnant" if _has(r"\b(remnants?|offcuts?|scraps?|leftover pieces?|ends? of rolls?)\b", q)
                 else "Used" if _has(r"\bused\b", q) else None)
    size = re.search(r"\b(\d+(?:\.\d+)?)\s*(?:-|\s)?(?:inch(?:es)?|in\b|\"|”)", q)
    known = set(re.findall(r"[a-z0-9]+", " ".join(x for x in (material, color, condition) if x).lower()))
    extra = [w for w in re.findall(r"[a-z][a-z0-9]+", rest) if w not in STOCK_FILLER and w not in known
             and len(w) > 2 and not w.startswith(("remnant", "offcut", "scrap", "used", "new"))]
    return {"material": material, "color": color, "condition": condition,
            "size": f"{size[1]} in" if size else None, "keywords": extra}


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
    hits = [n for n in names if _has(rf"(?<![\w/]){re.escape(n.lower())}s?(?![\w/])", q)]
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

    def __init__(self, inference: InferenceClient, fallback: RulePlanner, today: Callable[[], date],
                 timeout_seconds: float) -> None:
        self._inference = inference
        self._fallback = fallback
        self._today = today  # a clock: Lambda containers outlive a day
        self._timeout = timeout_seconds  # a slow model must not eat the answer's time: then the rules plan

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
            reply = Deadline.after(self._timeout).run(
                lambda: plan_with_model(self._inference, question, context, self.tool_spec()))
            plan = QueryPlan.model_validate(reply)
        except (InferenceError, ValidationError, DeadlineExceeded):
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
