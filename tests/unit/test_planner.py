"""The rule planner turns everyday wording into the typed plan (fixture shop vocabulary, in memory: no moto)."""

from __future__ import annotations

import ast
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import awning_assistant.answering.planner
from awning_assistant.answering.periods import DateRange
from awning_assistant.answering.planner import RulePlanner
from awning_assistant.answering.planner.extraction import last_named, material_word, stock_fields
from awning_assistant.answering.planner.unread import unread_modifiers
from awning_assistant.answering.query_model import Intent
from awning_assistant.answering.scope import decline_reason
from awning_assistant.records.directory import CustomerName, Directory, Vocabulary, vocabulary_of
from tests.conftest import SHOP, TODAY

PLANNER_PACKAGE = Path(awning_assistant.answering.planner.__file__).parent
MAX_FUNCTION_LINES = 60


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def shop_vocabulary() -> Vocabulary:
    """The fixture shop's names, read from its import files as the directory reads them from the tables."""
    return vocabulary_of(rows(SHOP / "customers.jsonl"), rows(SHOP / "inventory.jsonl"))


@pytest.fixture(scope="module")
def planner() -> RulePlanner:
    return RulePlanner(Directory(shop_vocabulary), lambda: date.fromisoformat(TODAY))


def planner_with(*customers: CustomerName) -> RulePlanner:
    """A planner over the fixture shop and these customers besides."""
    shop = shop_vocabulary()
    shop.customers += list(customers)
    return RulePlanner(Directory(lambda: shop), lambda: date.fromisoformat(TODAY))


# Names that begin alike: "conch" alone names none of them.
CONCH_NAMES = (
    CustomerName("C00092", "Conch Beach Resort", "Ethan Ibarra", "Coastal"),
    CustomerName("C00093", "Conch Dental Group", "Brian Ibarra", "North"),
)


@pytest.mark.parametrize(
    ("question", "intent", "expect"),
    [
        (
            "How many work orders are in the cleaning queue?",
            Intent.count_orders,
            {"statuses": ["cleaning_queue"], "order_kinds": ["work_order"]},
        ),
        (
            "how many jobs are waiting to be cleaned in my territory",
            Intent.count_orders,
            {"statuses": ["cleaning_queue"], "my_territory": True},
        ),
        (
            "How many repair orders are quoted and waiting for customer approval?",
            Intent.count_orders,
            {"statuses": ["quoted"], "order_kinds": ["repair_order"]},
        ),
        ("Which work orders are being cleaned right now?", Intent.list_orders, {"statuses": ["cleaning"]}),
        ("Which orders are past due?", Intent.list_orders, {"overdue": True, "order_kinds": []}),
        (
            "Which rush work orders in the Coastal territory are overdue?",
            Intent.list_orders,
            {"overdue": True, "rush_only": True, "territory": "Coastal"},
        ),
        ("What's due this week?", Intent.list_orders, {}),
        (
            "Which work orders for pelican point inn are still open?",
            Intent.list_orders,
            {"customer_ids": ["C00002"], "open_only": True},
        ),
        ("List all repair orders for Harbour View Marina", Intent.list_orders, {"customer_ids": ["C00001"]}),
        (
            "What is the status of wo 10003?",
            Intent.order_detail,
            {"order_ids": ["WO-10003"], "order_fields": ["status"]},
        ),
        ("What are the special instructions on WO-10002?", Intent.order_detail, {"order_fields": ["instructions"]}),
        (
            "What's the phone number for Gulf Breeze Cafe?",
            Intent.customer_info,
            {"customer_ids": ["C00004"], "contact_fields": ["phone"]},
        ),
        ("who is the contact at maple ridge hoa", Intent.customer_info, {"customer_ids": ["C00003"]}),
        ("What did we take in last month, cleaning vs repairs?", Intent.revenue, {"split_revenue": True}),
        ("What was repair revenue in Q3 2026?", Intent.revenue, {"revenue_kind": "repair"}),
        (
            "Who were our top three customers by cleaning revenue in 2025?",
            Intent.top_customers,
            {"top_n": 3, "revenue_kind": "cleaning"},
        ),
        ("Do we have navy Sunbrella in stock?", Intent.inventory, {"color": "Navy", "material": "Sunbrella Canvas"}),
        ("How many yards of Sunbrella Canvas remnants do we have?", Intent.inventory, {"condition": "Remnant"}),
        ("Where is the black marine vinyl stored?", Intent.inventory, {"material": "Marine Vinyl", "color": "Black"}),
        (
            "Good afternoon. I'm calling customers today. Which work orders are past their due date? thx",
            Intent.list_orders,
            {"overdue": True, "due": None},
        ),
        (
            "Forget the Coastal numbers for a second — overall, how many repair tickets are waiting for collection?",
            Intent.count_orders,
            {"territory": None, "statuses": ["ready"]},
        ),
        ("WOs with status=cleaning: count?", Intent.count_orders, {"statuses": ["cleaning"]}),
        ("Pelican Point Inn's latest WO?", Intent.list_orders, {"latest": 1, "customer_ids": ["C00002"]}),
        ("How many repair orders are approved but not yet started?", Intent.count_orders, {"statuses": ["approved"]}),
        ("How many repair orders have not been started?", Intent.count_orders, {"statuses": ["received"]}),
        ("How many repair orders are still needing a quote?", Intent.count_orders, {"statuses": ["received"]}),
        (
            "How many work orders are in the cleaning queue, and how many are ready for pickup?",
            Intent.count_orders,
            {"statuses": ["cleaning_queue", "ready"]},
        ),
        ("Who does Sam Ortiz work for?", Intent.customer_info, {"customer_ids": ["C00002"]}),
        ("Show the last 2 repair jobs for Harbor View Marina", Intent.list_orders, {"latest": 2}),
        ("How many orders came in last month?", Intent.count_orders, {"latest": None}),
        ("Who was our second biggest customer by revenue in 2025?", Intent.top_customers, {"rank": 2}),
        # statuses told by what happens to the item, in words the status names don't use
        (
            "How many cleaning jobs are all done and just waiting for the customer to come get them?",
            Intent.count_orders,
            {"statuses": ["ready"]},
        ),
        (
            "anything in my area that's sitting washed and waiting for somebody to collect it?",
            Intent.list_orders,
            {"statuses": ["ready"], "my_territory": True},
        ),
        (
            "How many cleaning jobs are stuck waiting on the sewing crew?",
            Intent.count_orders,
            {"statuses": ["repair_queue"]},
        ),
        ("How many repair jobs haven't had a quote put together yet?", Intent.count_orders, {"statuses": ["received"]}),
        (
            "Which repair orders are still open even though their promised date has passed?",
            Intent.list_orders,
            {"overdue": True},
        ),
        (
            "Gulf Breeze Cafe - cleaning orders received this year?",
            Intent.list_orders,
            {"statuses": [], "order_kinds": ["work_order"]},
        ),
        (
            "What has Maple Ridge HOA dropped off for cleaning so far this year?",
            Intent.list_orders,
            {"order_kinds": ["work_order"]},
        ),
        # one order's money is that order's total, not revenue
        ("How much did we bill for WO-10002?", Intent.order_detail, {"order_fields": ["total"]}),
        # whom to talk to, and where to go, at a customer
        ("Who do I ask for at Pelican Point Inn?", Intent.customer_info, {"contact_fields": ["contact"]}),
        ("where do we pick up from Harbor View Marina", Intent.customer_info, {"contact_fields": ["address"]}),
        # what no field of a customer's holds is looked for in their notes, never answered with their orders
        ("Does Harbor View Marina have a dog?", Intent.customer_info, {"customer_asked": "dog"}),
        ("What's Pelican Point Inn's credit score?", Intent.customer_info, {"customer_asked": "credit score"}),
        ("what's the gate code at harbor view marina", Intent.customer_info, {"customer_asked": "gate code"}),
        ("Is Maple Ridge HOA tax exempt?", Intent.customer_info, {"customer_asked": "tax exempt"}),
        ("Any notes on Harbor View Marina?", Intent.customer_info, {"contact_fields": ["notes"]}),
        # ... but their items, their orders' news and anything of theirs are their orders
        ("Does Harbor View Marina have a cushion in?", Intent.list_orders, {"customer_asked": None}),
        ("What's going on with Pelican Point Inn?", Intent.list_orders, {"customer_asked": None}),
        ("Does Maple Ridge HOA have anything ready?", Intent.list_orders, {"customer_asked": None}),
        # a second one of what the record holds one of; a field asked in one sentence of two
        (
            "Does Harbor View Marina have a second location we service too?",
            Intent.customer_info,
            {"customer_asked": "second location"},
        ),
        (
            "What's Pelican Point Inn's credit score - are they good for net 30?",
            Intent.customer_info,
            {"customer_asked": "credit score"},
        ),
        (
            "What's the gate code for the service entrance at Harbor View Marina?",
            Intent.customer_info,
            {"customer_asked": "gate code"},
        ),
        (
            "Where is the Harbor View place? Street and town please.",
            Intent.customer_info,
            {"contact_fields": ["address", "city"]},
        ),
        # closed orders left out of open ones, said again; what we are allowed to do is the policies'
        (
            "How many repair orders are not completed yet - leaving out the cancelled ones?",
            Intent.count_orders,
            {"open_only": True, "unread_words": []},
        ),
        (
            "When rinsing, how far back do we hold the nozzle, and what's the most pressure we're allowed to use?",
            Intent.search,
            {"documents_only": True},
        ),
        # an order's notes are no document's
        (
            "Harbor View Marina's order from March - what did the notes on it say?",
            Intent.list_orders,
            {"customer_ids": ["C00001"], "documents_only": False, "unread_words": ["notes"]},
        ),
        # blowing through a promise date, and still not done; "open or closed" is every state
        (
            "Which South jobs blew through their promise date and still aren't done?",
            Intent.list_orders,
            {"overdue": True, "territory": "South"},
        ),
        (
            "harbor view marina's repair tickets - all of them, open or closed",
            Intent.list_orders,
            {"open_only": False, "statuses": []},
        ),
        # a count and a list of some are two answers
        (
            "How many jobs has Harbor View Marina had with us in total, and which of them are still open?",
            Intent.count_orders,
            {"unread_words": ["and which of them"]},
        ),
        # a bare number whose items are asked; what the customer asked us to do; what the problem is
        ("items on 10002?", Intent.order_detail, {"order_fields": ["items"]}),
        (
            "WO-10002 - besides the payment stuff, what did the customer ask us to do?",
            Intent.order_detail,
            {"order_ids": ["WO-10002"]},
        ),
        (
            "#RO-2001 - what's the problem with it and when was it promised?",
            Intent.order_detail,
            {"order_fields": ["dates", "repairs"]},
        ),
        # the late 60s are no lateness; a date range in brackets is no dash; money today is today's
        (
            "that cover for the old wooden runabout from the late 60s, brass snaps - which ticket?",
            Intent.search,
            {"overdue": False},
        ),
        (
            "I'm lining up the sewing for next week (Nov 30 - Dec 6). Which repair orders come due then?",
            Intent.list_orders,
            {
                "due": DateRange(start=date(2026, 11, 30), end=date(2026, 12, 6), label="2026-11-30 to 2026-12-06"),
                "unread_words": [],
            },
        ),
        (
            "What do I have due Wednesday through Friday this week? Work and repair orders.",
            Intent.list_orders,
            {"due": DateRange(start=date(2026, 11, 25), end=date(2026, 11, 27), label="2026-11-25 to 2026-11-27")},
        ),
        # money taken today is today's, whatever "completed" beside it
        (
            "how much have we billed today from completed jobs?",
            Intent.revenue,
            {"period": DateRange(start=date(2026, 11, 24), end=date(2026, 11, 24), label="today (2026-11-24)")},
        ),
        # a fortnight is two weeks
        ("cleaning revenue for the past fortnight?", Intent.revenue, {"unread_words": []}),
        # a clause before a spaced hyphen is a preamble, unless it is the question the dash explains
        (
            "I'm filling in for Dylan this week - what's overdue in Coastal?",
            Intent.list_orders,
            {"territory": "Coastal", "due": None, "overdue": True},
        ),
        # what is due takes its window from the preamble; a reported question is no preamble
        (
            "The week after Thanksgiving (Mon Nov 30 to Sun Dec 6) - what's due in my territories?",
            Intent.list_orders,
            {"due": DateRange(start=date(2026, 11, 30), end=date(2026, 12, 6), label="2026-11-30 to 2026-12-06")},
        ),
        (
            "Harbor View Marina asked when we finished their most recent job - what date, and which order?",
            Intent.list_orders,
            {"statuses": ["completed"], "latest": 1, "customer_ids": ["C00001"]},
        ),
        # a territory said before the question still narrows it, one set aside or inside a name does not
        (
            "Just for the Coastal group: how many repair tickets are on the bench being worked on?",
            Intent.count_orders,
            {"territory": "Coastal", "statuses": ["in_repair"]},
        ),
        (
            "I'm covering the South territory for Maria this week. What's overdue down there?",
            Intent.list_orders,
            {"territory": "South", "due": None},
        ),
        # the shop's fees and deposits are the policies', whatever status or kind is said beside them
        (
            "For a rush repair job, what's the rush fee, and what deposit do we take when the quote is approved?",
            Intent.search,
            {"documents_only": True},
        ),
        ("best 3 custs last month + $", Intent.top_customers, {"top_n": 3}),
        ("biggest account in Q2 + amount?", Intent.top_customers, {"top_n": 1}),
        ("which customer came #3 by revenue in October 2026?", Intent.top_customers, {"rank": 3}),
        ("Who were our top 3 customers by revenue in 2025?", Intent.top_customers, {"rank": None, "top_n": 3}),
        ("How many repair orders have status: in_repair?", Intent.count_orders, {"statuses": ["in_repair"]}),
        (
            "I'm quoting a job that needs 40 yards of Sunbrella Canvas. How many yards do we have?",
            Intent.inventory,
            {"material": "Sunbrella Canvas"},
        ),
        (
            "How much did we charge for the order with the hand-painted seahorse valance?",
            Intent.search,
            {"documents_only": False},
        ),
        ("Valance drop measurement for WO-10002, in inches?", Intent.search, {"documents_only": True}),
        ("Find the job with the hand-painted seahorse valance", Intent.search, {}),
        ("What's our restitching warranty?", Intent.search, {"documents_only": True}),
        # chat shorthand spelled out
        (
            "due tmrw?",
            Intent.list_orders,
            {"due": DateRange(start=date(2026, 11, 25), end=date(2026, 11, 25), label="tomorrow (2026-11-25)")},
        ),
        ("# in cln q rn", Intent.count_orders, {"statuses": ["cleaning_queue"]}),
        ("what r the ords w/ rush", Intent.list_orders, {"rush_only": True}),
        ("What is the status of r.o. 2396?", Intent.order_detail, {"order_ids": ["RO-2396"]}),
        # "order 2250": either kind, as "order #2250" is; an amount to order is no order's number
        ("what day was order 2250 finished?", Intent.order_detail, {"order_ids": ["WO-2250", "RO-2250"]}),
        ("Do we need to order 200 yards of navy?", Intent.search, {"order_ids": []}),
        ("ros recvd count", Intent.count_orders, {"statuses": ["received"], "order_kinds": ["repair_order"]}),
        ("RO quoted cnt", Intent.count_orders, {"statuses": ["quoted"]}),
        ("wo cleaning queue #", Intent.count_orders, {"statuses": ["cleaning_queue"]}),
        ("how many jobs are in the clening que", Intent.count_orders, {"statuses": ["cleaning_queue"]}),
        ("WOs being cleaned - #?", Intent.count_orders, {"statuses": ["cleaning"]}),
        # typos: a swap or a dropped letter in a short word, never a word put right into another word
        ("how many work ordres are redy for pikcup", Intent.count_orders, {"statuses": ["ready"]}),
        (
            "how many wrok orders are bieng cleaned",
            Intent.count_orders,
            {"statuses": ["cleaning"], "order_kinds": ["work_order"]},
        ),
        ("how mnay repair orders are aproved", Intent.count_orders, {"statuses": ["approved"]}),
        ("what did we bring in in may", Intent.revenue, {}),
        ("top3 by rev 2025?", Intent.top_customers, {"top_n": 3}),
        ("How many repair orders are being worked on right now?", Intent.count_orders, {"statuses": ["in_repair"]}),
        ("How long is a new awning we made guaranteed?", Intent.search, {"documents_only": True}),
        (
            "how many days of free storage do customers get after we tell them it's ready?",
            Intent.search,
            {"statuses": []},
        ),
        ("When's peak season, when rush orders may be declined?", Intent.search, {"documents_only": True}),
        ("How many yards of Linen SB canvas do we have?", Intent.inventory, {"material": "Sunbrella Canvas"}),
        ("Is the navy Sunbrella on Rack A7 new or used?", Intent.inventory, {"condition": None, "location": "Rack A7"}),
        # a service's price is the price list's, not the fabric's stock
        ("how much for a marine vinyl boat cover cleaning?", Intent.search, {"documents_only": True}),
        ("how many rush orders a day max?", Intent.search, {"documents_only": True}),
        ("how much bleach goes in the sunbrella mildew mix?", Intent.search, {"documents_only": True}),
        ("What does a YKK zipper cost installed?", Intent.search, {"documents_only": True}),
        ("Customer asks: how much to put in a new zipper?", Intent.search, {"documents_only": True}),
        # what a customer brought in is their orders; "how many times" counts their visits
        ("Anything Pelican Point Inn brought in during 2026?", Intent.list_orders, {"customer_ids": ["C00002"]}),
        ("How many times has Harbor View Marina used us?", Intent.count_orders, {"customer_ids": ["C00001"]}),
        ("How much came in yesterday?", Intent.revenue, {}),
        ("What did Q1 look like, dollars in?", Intent.revenue, {}),
        # statuses in more of the shop's words
        (
            "Number of repair tickets the customer has okayed but we haven't started",
            Intent.count_orders,
            {"statuses": ["approved"]},
        ),
        (
            "How many work orders came back from the wash and now need sewing?",
            Intent.count_orders,
            {"statuses": ["repair_queue"]},
        ),
        ("How many repairs are on the bench at the moment?", Intent.count_orders, {"statuses": ["in_repair"]}),
        # a colon after the question's own words is no preamble
        (
            "WOs with status=cleaning_queue for the Coastal area: count?",
            Intent.count_orders,
            {"statuses": ["cleaning_queue"], "territory": "Coastal"},
        ),
        ("How many wash jobs are in process right now?", Intent.count_orders, {"statuses": ["cleaning"]}),
        ("How many repair orders did customers cancel?", Intent.count_orders, {"statuses": ["cancelled"]}),
        ("What's the count of repair jobs awaiting customer sign-off?", Intent.count_orders, {"statuses": ["quoted"]}),
        (
            "How many cleaning orders haven't been touched since they came in?",
            Intent.count_orders,
            {"statuses": ["received"]},
        ),
        # lateness in more words, and "should have been ready yesterday" as a due date
        (
            "Cleaning jobs that blew their due date?",
            Intent.list_orders,
            {"overdue": True, "order_kinds": ["work_order"]},
        ),
        ("Repairs running past deadline", Intent.list_orders, {"overdue": True, "order_kinds": ["repair_order"]}),
        (
            "Anything that should have been ready yesterday?",
            Intent.list_orders,
            {
                "statuses": [],
                "due": DateRange(start=date(2026, 11, 23), end=date(2026, 11, 23), label="yesterday (2026-11-23)"),
            },
        ),
        ("Which orders have been completed this week?", Intent.list_orders, {"statuses": ["completed"], "due": None}),
        ("What was the total we collected in December 2025?", Intent.revenue, {}),
        ("How much did we invoice in the last 30 days?", Intent.revenue, {}),
        ("What's the dollar amount from completed cleanings this month?", Intent.revenue, {"revenue_kind": "cleaning"}),
        ("Is sales tax included in our prices?", Intent.search, {"documents_only": True}),  # "sales tax" is no revenue
        ("When do we have to be paid?", Intent.search, {"documents_only": True}),
        # what a customer brought in is their orders; what they paid us is revenue
        ("what was the last thing Gulf Breeze Cafe brought in?", Intent.list_orders, {"latest": 1}),
        ("when did pelican point inn last drop something off?", Intent.list_orders, {"latest": 1}),
        ("anything of maple ridge hoa's still here?", Intent.list_orders, {"open_only": True}),
        ("does pelican point inn have anything with us at the moment?", Intent.list_orders, {"open_only": True}),
        ("what has gulf breeze cafe had repaired?", Intent.list_orders, {"order_kinds": ["repair_order"]}),
        ("just the repairs for maple ridge hoa", Intent.list_orders, {"order_kinds": ["repair_order"]}),
        ("Maple Ridge HOA - repairs only, please.", Intent.list_orders, {"order_kinds": ["repair_order"]}),
        (
            "Which repairs have we missed the deadline on?",
            Intent.list_orders,
            {"overdue": True, "order_kinds": ["repair_order"]},
        ),
        ("what's the last job pelican point inn brought in?", Intent.list_orders, {"latest": 1}),
        ("latest from gulf breeze cafe?", Intent.list_orders, {"latest": 1}),
        ("what did harbor view marina drop off most recently?", Intent.list_orders, {"latest": 1}),
        ("how much has harbor view marina paid us in 2026?", Intent.revenue, {"customer_ids": ["C00001"]}),
        ("How many repair orders are waiting on a quote decision?", Intent.count_orders, {"statuses": ["quoted"]}),
        # what a service would cost is the price list's; what one job cost is that job's record
        ("how much would it run us to get a 9 ft patio umbrella washed", Intent.search, {"documents_only": True}),
        ("what would a customer pay to have a boat cover cleaned?", Intent.search, {"documents_only": True}),
        ("how much did we charge for the seahorse valance job?", Intent.search, {"documents_only": False}),
        # a customer's jobs asked in passing: the kind left out, "in the works", a call about to be made
        ("repair history for gulf breeze cafe", Intent.list_orders, {"order_kinds": ["repair_order"]}),
        (
            "Maple Ridge HOA - just the repair tickets please, not the cleanings",
            Intent.list_orders,
            {"order_kinds": ["repair_order"], "unread_words": []},
        ),
        ("pelican point inn's jobs, not the cleanings", Intent.list_orders, {"order_kinds": ["repair_order"]}),
        ("whats still in the works for Gulf Breeze Cafe", Intent.list_orders, {"open_only": True}),
        (
            "I'm about to ring Pelican Point Inn. What have we got of theirs that isn't finished?",
            Intent.list_orders,
            {"open_only": True},
        ),
        (
            "I'm about to ring Pelican Point Inn. What's their number?",
            Intent.customer_info,
            {"contact_fields": ["phone"]},
        ),
        ('wheres the 54" black marine vinyl kept', Intent.inventory, {"material": "Marine Vinyl", "color": "Black"}),
        ("navy sunbrella location?", Intent.inventory, {"material": "Sunbrella Canvas", "color": "Navy"}),
        # "used" as a verb is no condition
        ("we just used 5 yards of the navy sunbrella", Intent.inventory, {"condition": None}),
        ("how much used navy sunbrella is there", Intent.inventory, {"condition": "Used"}),
        # closed orders let into a count are no status asked for
        ("how many jobs came in during Q3, cancelled ones included?", Intent.count_orders, {"statuses": []}),
        # finishing is a completion ("did we finish last month": by completion date, not by date in)
        ("how many jobs did we finish last month", Intent.count_orders, {"statuses": ["completed"]}),
        ("which of pelican point inn's jobs aren't wrapped up yet?", Intent.list_orders, {"open_only": True}),
        # a name shortened to its first words, possessive, lower case; "bring in to us" is the customer's
        ("harbor view's ros", Intent.list_orders, {"customer_ids": ["C00001"], "order_kinds": ["repair_order"]}),
        ("what did Harbor View Marina last bring in to us?", Intent.list_orders, {"latest": 1}),
        ("how much did Harbor View Marina bring us in 2026?", Intent.revenue, {"customer_ids": ["C00001"]}),
        ("what's the last thing Harbor View Marina brought us", Intent.list_orders, {"latest": 1}),
        ("where's the navy sunbrella?", Intent.inventory, {"material": "Sunbrella Canvas"}),
        # one item described and asked after: found by its description, not a list of every finished order
        ("What happened with the sheer champagne wedding arch curtain, did we ever finish it?", Intent.search, {}),
        # an order's number alone, where one order is asked after (never a year or a gate code's number)
        ("can you check on 10002 for me? status", Intent.order_detail, {"order_ids": ["WO-10002", "RO-10002"]}),
        ("is the job with gate code 7422 done?", Intent.search, {"order_ids": []}),
        ("what's due in 2026", Intent.list_orders, {"order_ids": []}),
        ("top 3 customers for cleaning in 2025 with amounts", Intent.top_customers, {"unread_words": []}),
        ("whats the phone number for Pelcian Point Inn", Intent.customer_info, {"unread_words": []}),
        # a status not yet reached: the ones before it ("come in but haven't been quoted yet" is received)
        (
            "how many repair orders have come in but haven't been quoted yet?",
            Intent.count_orders,
            {"statuses": ["received"]},
        ),
        ("clean q count?", Intent.count_orders, {"statuses": ["cleaning_queue"]}),
        # what follows a dash describes the unfinished ones, it doesn't narrow them
        (
            "Which of Pelican Point Inn's jobs aren't wrapped up yet - still being worked on or waiting for pickup?",
            Intent.list_orders,
            {"open_only": True, "statuses": []},
        ),
        ("which jobs aren't finished but are ready for pickup", Intent.list_orders, {"statuses": ["ready"]}),
        (
            "Is anything for Pelican Point Inn still in progress or waiting on pickup?",
            Intent.list_orders,
            {"statuses": ["ready", "cleaning", "in_repair"]},
        ),
        ("what's due back 12/8", Intent.list_orders, {"unread_words": []}),
        (
            "which cleaning orders have to be done by this Friday - i mean due on friday itself",
            Intent.list_orders,
            {"unread_words": []},
        ),
        ("max rush jobs we take per day?", Intent.search, {"documents_only": True}),
        ("how much did the shop make last month", Intent.revenue, {}),
        ("who spends the most with us this year and how much?", Intent.top_customers, {}),
        (
            "Just the repair tickets for Gulf Breeze Cafe, please - every one we've had.",
            Intent.list_orders,
            {"unread_words": []},
        ),
        (
            "Dana Reyes called earlier, which business is that and what's their email?",
            Intent.customer_info,
            {"unread_words": []},
        ),
        (
            "Before I cut into new stock - how many yards of remnant Sunbrella are there?",
            Intent.inventory,
            {"condition": "Remnant", "unread_words": []},
        ),
        # stock in the shop's words: the end of a roll, full bolts with the scraps ignored, a bare name, a price
        ("just the end-of-roll pieces of forest green sunbrella", Intent.inventory, {"condition": "Remnant"}),
        ("navy sunbrella on full bolts (ignore the scraps)", Intent.inventory, {"condition": "New"}),
        ("how many yards of navy sunbrella have we got, new or leftover?", Intent.inventory, {"condition": None}),
        ("leftover navy sunbrella?", Intent.inventory, {"condition": "Remnant"}),
        # named as included, a condition or a status widens the question rather than filtering it
        (
            "How much navy Sunbrella do we have altogether, leftovers included?",
            Intent.inventory,
            {"condition": None, "keywords": []},
        ),
        ("total every Sunbrella roll and remnant in stock, how many yards?", Intent.inventory, {"condition": None}),
        (
            "what's late in my area, including anything that's ready but still past its date?",
            Intent.list_orders,
            {"statuses": [], "overdue": True},
        ),
        ("how many ready as well as quoted repair orders?", Intent.count_orders, {"statuses": ["quoted", "ready"]}),
        # a second condition the rules can't apply ("that also needed repairs") is not dropped
        (
            "How many cleaning orders completed this year were rush jobs that also needed repairs?",
            Intent.count_orders,
            {"unread_words": ["also", "needed"]},
        ),
        ("callback # for Harbor View Marina?", Intent.customer_info, {"contact_fields": ["phone"]}),
        ("when did we finish #10002?", Intent.order_detail, {"order_ids": ["WO-10002", "RO-10002"]}),
        # a short question pointing back keeps the sentence it points at; "cancel" as a verb is the status
        (
            "Harbor View Marina called asking which of their orders got cancelled. Which ones were they?",
            Intent.list_orders,
            {"statuses": ["cancelled"]},
        ),
        ("which cleaning orders did harbor view marina cancel on us?", Intent.list_orders, {"statuses": ["cancelled"]}),
        (
            "which open jobs are in the north? (ready-for-pickup counts)",
            Intent.list_orders,
            {"statuses": [], "open_only": True},
        ),
        # one job asked after by its description, or by what its notes say, is searched for
        ("Where are we on the cover with the vintage brass fasteners?", Intent.search, {}),
        ("which job said to phone Fiona once it was done?", Intent.search, {}),
        ("Did we ever finish those big-cat spotted curtains from the cabana?", Intent.search, {}),
        (
            "Did we finish those rush jobs last week?",
            Intent.list_orders,
            {"statuses": ["completed"], "rush_only": True},
        ),
        ("forest green sunbrella?", Intent.inventory, {"color": "Forest Green"}),
        ("box of the navy tenara thread priced at?", Intent.inventory, {"material": "Thread"}),
        # stock named by no material, colour or place is looked up by its description, not listed whole
        ("Which shelf is the waterproofing spray stock on?", Intent.search, {}),
        # statuses by what is physically happening; chat shorthand for a count
        ("ROs @ sewing rn - ct", Intent.count_orders, {"statuses": ["in_repair"]}),
        (
            "how many jobs are lined up waiting for a free wash bay",
            Intent.count_orders,
            {"statuses": ["cleaning_queue"]},
        ),
        ("how many are getting scrubbed in the bays", Intent.count_orders, {"statuses": ["cleaning"]}),
        (
            "repair jobs we sent the price on, waiting to hear yes or no - how many?",
            Intent.count_orders,
            {"statuses": ["quoted"]},
        ),
        (
            "how many repair orders came in that we haven't even priced out yet",
            Intent.count_orders,
            {"statuses": ["received"]},
        ),
        # what a work-order sheet says (its intake notes, the valance drop) is the sheet's
        ("anything wrong with the hardware noted at check-in on WO-10002?", Intent.search, {"documents_only": True}),
        ("how far down does the valance hang on WO-10002? inches", Intent.search, {"documents_only": True}),
        # a price asked as a rate ("what's our hourly?") is the price list's; "and" names no hook-and-loop tape
        ("re-sewing a torn seam on a sail - what's our hourly?", Intent.search, {"documents_only": True}),
        (
            "Lady on line 2 says it still looks grimy and wants it redone. How many days after pickup does she have "
            "to get a free redo?",
            Intent.search,
            {"documents_only": True, "material": None},
        ),
        # a question before the dash that what follows only narrows; a short whole question after a preamble
        (
            "Between today and the end of the month, what's due - cleanings and repairs both?",
            Intent.list_orders,
            {"order_kinds": ["work_order", "repair_order"]},
        ),
        ("I'm filling in for Dylan this week - what's overdue?", Intent.list_orders, {"overdue": True, "due": None}),
        # a bracketed remark after the question is no part of it
        (
            "What do I have due Friday? (Thanksgiving week, so I'm planning ahead)",
            Intent.list_orders,
            {"unread_words": []},
        ),
        # a quote waiting on the customer, said in more words
        (
            "How many repair tickets are we still waiting on the customer to give the go-ahead for?",
            Intent.count_orders,
            {"statuses": ["quoted"]},
        ),
        (
            "how many repair orders are still stuck waiting on the customer to accept our quote?",
            Intent.count_orders,
            {"statuses": ["quoted"]},
        ),
        # the shop's terms asked as such: its policies answer
        (
            "Customer just approved a $600 repair quote. How much deposit do we collect?",
            Intent.search,
            {"documents_only": True},
        ),
        (
            "How long do we hold finished items free, and what do we charge per week after that?",
            Intent.search,
            {"documents_only": True},
        ),
        (
            "When someone okays a repair quote, how much do we collect up front?",
            Intent.search,
            {"documents_only": True},
        ),
        ("Who came in second for revenue in Q3 2026, and how much did they spend?", Intent.top_customers, {"rank": 2}),
        (
            "Show me every job on file for the customer behind WO-10002, cleaning and repair.",
            Intent.order_detail,
            {"overdue": False, "unread_words": ["every job"]},
        ),
    ],
)
def test_plans(planner, question, intent, expect):
    plan = planner.plan(question)
    assert plan.intent is intent, plan
    for field, value in expect.items():
        got = getattr(plan, field)
        assert (sorted(got) if isinstance(got, list) else got) == (
            sorted(value) if isinstance(value, list) else value
        ), (field, plan)


def test_a_name_that_fits_several_customers_is_asked_back():
    """ "Pelican Point" could be the inn or the marina: neither is guessed; the whole name picks one."""
    shop = shop_vocabulary()
    shop.customers.append(CustomerName("C00009", "Pelican Point Marina", "Jo Vance", "Coastal"))
    planner = RulePlanner(Directory(lambda: shop), lambda: date.fromisoformat(TODAY))
    plan = planner.plan("what's pelican point got in the shop right now?")
    assert sorted(plan.customer_choices) == ["Pelican Point Inn", "Pelican Point Marina"] and not plan.customer_ids
    assert plan.intent is Intent.list_orders and plan.open_only
    assert planner.plan("phone number for pelican point").customer_choices
    whole = planner.plan("what's pelican point marina got in the shop right now?")
    assert whole.customer_ids == ["C00009"] and whole.customer_choices == []


def test_a_linking_word_names_no_material():
    materials = ["Hook-and-Loop Tape", "Sunbrella Canvas"]
    assert material_word("she picked it up and says it looks grimy", materials) is None
    assert material_word("any hook tape left?", materials) == "Hook-and-Loop Tape"


def test_a_long_name_is_found_by_its_first_words_when_they_begin_no_other():
    """Staff shorten "Conch Cove Condominium Association" to "conch cove"; "conch" alone begins several names."""
    planner = planner_with(
        CustomerName("C00091", "Conch Cove Condominium Association", "Dale Walsh", "Coastal"), *CONCH_NAMES
    )
    assert planner.plan("conch cove's ros").customer_ids == ["C00091"]
    assert not planner.plan("conch's jobs").customer_ids


def test_a_question_pointing_back_reads_the_period_of_the_sentence_before(planner: RulePlanner):
    plan = planner.plan("Planning the truck for next week (Mon-Sun). Which of my open jobs are due back then?")
    assert plan.due is not None and (plan.due.start.isoformat(), plan.due.end.isoformat()) == (
        "2026-11-30",
        "2026-12-06",
    )


def test_a_sum_of_money_takes_its_period_from_the_sentence_before_and_an_order_list_does_not(planner: RulePlanner):
    revenue = planner.plan("Accountant's asking for last quarter. What did we bring in?")
    assert revenue.intent is Intent.revenue and revenue.period is not None
    assert (revenue.period.start.isoformat(), revenue.period.end.isoformat()) == ("2026-07-01", "2026-09-30")
    late = planner.plan("I'm calling the customers from last week. Which repair jobs are past due?")
    assert late.overdue and late.period is None and not late.unread_words
    set_aside = planner.plan("Forget last month for a second - overall, how much revenue this year?")
    assert set_aside.period is not None and set_aside.period.label == "this year (2026)"


def test_whose_said_just_before_is_read_with_the_question(planner: RulePlanner):
    """ "Coastal's been slammed. How many of their cleaning jobs ...": their territory; and "Are we? Which
    ones?" point back to what was asked before them."""
    plan = planner.plan(
        "Coastal's been slammed today. How many of their cleaning jobs are still waiting in line to get washed?"
    )
    assert (plan.intent, plan.territory, plan.statuses) == (Intent.count_orders, "Coastal", ["cleaning_queue"])
    behind = planner.plan(
        "Harbor View Marina is on the phone asking if we're behind on any of their stuff. Are we? Which ones?"
    )
    assert behind.overdue and behind.customer_ids == ["C00001"]


@pytest.mark.parametrize(
    ("question", "intent", "expect"),
    [
        ("order 10002 due when", Intent.order_detail, {"order_ids": ["WO-10002", "RO-10002"]}),
        ("#10002 - what stage, and whose is it?", Intent.order_detail, {"order_fields": ["status", "customer"]}),
        ("how much navy Sunbrella do we have, scraps and all?", Intent.inventory, {"condition": None}),
        ("How many cleanings are queued up and haven't hit the wash yet?", Intent.count_orders, {"unread_words": []}),
        ("Harbor View's job sheet - anything flagged when it was checked in?", Intent.search, {"documents_only": True}),
        (
            "WO-10002 - anything I should know before we charge them?",
            Intent.order_detail,
            {"order_fields": ["instructions", "total"]},
        ),
        ("How much have North and Coastal made us this year?", Intent.revenue, {"unread_words": ["North"]}),
        # drying time is the procedure's, whatever fabric is named; what a customer brought is their jobs
        (
            "boat cover is marine vinyl, how many hrs of drying time does it need",
            Intent.search,
            {"documents_only": True},
        ),
        ("Everything Harbor View Marina has brought us since January 1st this year?", Intent.list_orders, {}),
        ("Navy Sunbrella - all widths and the remnant, how many yards?", Intent.inventory, {"condition": None}),
        # two materials apart ("and ... together") are not one read and one dropped
        (
            "Total yards of Sunbrella Canvas and Marine Vinyl together?",
            Intent.inventory,
            {"unread_words": ["Sunbrella Canvas"]},
        ),
        # paperwork that is no sheet: a preamble's loan paperwork, paperwork to send
        (
            "The bank wants last month's sales for the loan paperwork. What did we take in last month?",
            Intent.revenue,
            {},
        ),
        (
            "What e-mail do I send Harbor View Marina's paperwork to?",
            Intent.customer_info,
            {"contact_fields": ["email"]},
        ),
        (
            "the harbor view marina sheet: valance drop measurement?",
            Intent.search,
            {"documents_only": True, "customer_ids": ["C00001"]},
        ),
        # a bare number before a comma or a full stop; a promise date gone past; both kinds said together
        ("What's the total on #10002, and is it a rush?", Intent.order_detail, {"order_ids": ["WO-10002", "RO-10002"]}),
        ("Status of #10002.", Intent.order_detail, {"order_ids": ["WO-10002", "RO-10002"]}),
        (
            "Does Harbor View Marina have anything past its promise date?",
            Intent.list_orders,
            {"overdue": True, "customer_ids": ["C00001"]},
        ),
        (
            "Rush jobs that blew their deadline - cleanings AND repairs?",
            Intent.list_orders,
            {"order_kinds": ["work_order", "repair_order"], "overdue": True, "rush_only": True},
        ),
        # rush asked of the list in a yes/no clause after it is answered by the list's Rush column, no filter
        (
            "Harbor View Marina: which of their jobs are open right now, and is any of them rush?",
            Intent.list_orders,
            {"open_only": True, "rush_only": False},
        ),
        ("Are any of Harbor View Marina's open jobs rush?", Intent.list_orders, {"open_only": True, "rush_only": True}),
    ],
)
def test_ids_stock_statuses_and_sheets_in_other_words(planner, question, intent, expect):
    plan = planner.plan(question)
    assert plan.intent is intent, plan
    for field, value in expect.items():
        assert getattr(plan, field) == value, (field, plan)


def test_a_contact_request_ending_on_a_names_first_word_finds_the_one_name_it_begins():
    """ "address for summerwind?": a word in one name only, beginning it; a word in several names is no name."""
    planner = planner_with(CustomerName("C00211", "Summerwind Boat Basin", "Ana Diaz", "South"), *CONCH_NAMES)
    found = planner.plan("address for summerwind?")
    assert (found.intent, found.customer_ids, found.contact_fields) == (Intent.customer_info, ["C00211"], ["address"])
    assert not planner.plan("phone for conch?").customer_ids
    assert not planner.plan("any jobs for summerwind?").customer_ids  # only a contact request ends on a name


def test_stock_named_by_its_description_is_a_stock_question():
    """Stock is also called by what its description says ("cleaner concentrate"), not only by material."""
    shop = shop_vocabulary()
    assert "tenara" in shop.stock_words and "canvas" not in shop.stock_words
    shop.stock_words.append("concentrate")
    planner = RulePlanner(Directory(lambda: shop), lambda: date.fromisoformat(TODAY))
    plan = planner.plan("how many gallons of cleaner concentrate do we have?")
    assert plan.intent is Intent.inventory and "concentrate" in plan.keywords
    assert planner.plan("where do we keep the tenara?").intent is Intent.inventory
    assert planner.plan("what cleaner do we use on vinyl?").intent is not Intent.inventory


def test_a_slip_of_the_fingers_is_forgiven_in_names_but_common_words_are_not_names():
    shop = shop_vocabulary()
    shop.customers.append(CustomerName("C00010", "Osprey Landing Country Club", "Rob Smith", "North"))
    planner = RulePlanner(Directory(lambda: shop), lambda: date.fromisoformat(TODAY))
    assert planner.plan("cleaning queue count in north territory").customer_ids == []
    assert planner.plan("phone for osprey landnig country club").customer_ids == ["C00010"]
    assert planner.plan("osprey landing phone").customer_ids == ["C00010"]  # half the name, the telling half


def test_the_week_after_this_one_is_next_week(planner):
    next_week = planner.plan("what cleanings are due back the week after this one?").due
    assert (next_week.start.isoformat(), next_week.end.isoformat()) == ("2026-11-30", "2026-12-06")
    after_next = planner.plan("what's due the week after next?").due
    assert after_next.start.isoformat() == "2026-12-07"


def test_due_window_and_period(planner):
    plan = planner.plan("Which work orders are due this week?")
    assert plan.due and (plan.due.start, plan.due.end) == (date(2026, 11, 23), date(2026, 11, 29))
    plan = planner.plan("What was total revenue in April 2026?")
    assert plan.period and plan.period.start == date(2026, 4, 1) and plan.due is None


def test_follow_up_narrows_the_previous_question(planner):
    first = planner.plan("Which work orders are overdue?")
    follow = planner.plan("and which of those are rush orders?", previous=first)
    assert follow.intent is Intent.list_orders and follow.overdue and follow.rush_only
    assert planner.plan("how many of those?", previous=follow).intent is Intent.count_orders


def test_planner_functions_stay_short():
    """Every function of the planner fits on a screen (ruff's C901 keeps each one simple)."""
    long = []
    for path in sorted(PLANNER_PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, long


@pytest.mark.parametrize(
    ("question", "unread"),
    [
        ("How many work orders are not rush?", ["not"]),
        ("Which is the oldest open repair order?", ["oldest"]),
        ("Is there any damaged vinyl in stock?", ["damaged"]),  # stock is New, Used or Remnant: not "all vinyl"
        ("How many orders did we finish after their due date?", ["after"]),
        ("How many repair jobs came in each week this month?", ["each", "week"]),
        ("Revenue October 2026 vs October 2025", ["october", "2025"]),  # the second month, not read with the first
        ("What's overdue besides the rush jobs?", ["besides"]),
        ("How many cushions are in the cleaning queue?", ["cushions"]),
        ("Show me open orders but leave out the Harbor View Marina ones", ["leave out"]),
        ("Breakdown of repair orders by status", ["by status"]),
        ("Which work orders other than the rush ones are overdue?", ["other", "than", "other than"]),
        ("What did we make last month compared to the month before?", ["compared", "month", "before"]),
        ("How many jobs came in before the storm?", ["before", "came", "storm"]),
        ("Which orders are due before Friday?", ["before"]),  # read as Friday alone, it would be wrong
        ("How many cleanings are on hold?", ["hold"]),  # no status read: every work order would be counted
        ("How many repair jobs have been paid for?", ["paid"]),
        ("What was our tax revenue last month?", ["tax"]),  # not revenue with "tax" left out
        ("Revenue last month net of refunds", ["refunds"]),
        ("How much Sunbrella did we use last month?", ["use", "last", "month"]),  # stock is what is on hand now
        ("Our sewing revenue in the fall?", ["the fall"]),  # a season of no fixed dates
        # a due date no period was read for: a search would find the closest order, not those due
        ("what cleanings are due back the fortnight after this one?", ["due"]),
        ("top 3 customers for cleaning in 2025 ok thx", ["2025"]),  # a year no period was read from
    ],
)
def test_a_word_that_changes_the_answer_is_never_left_unread(planner, question, unread):
    """Counting every work order for "not rush", or listing all open ones for "the oldest", would be a confident
    wrong answer: the words the rules could not apply are on the plan, and the question is declined."""
    assert planner.plan(question).unread_words == unread


@pytest.mark.parametrize(
    "question",
    [
        "How many work orders have been received but not started?",
        "Which repair orders aren't quoted yet?",
        "What did we take in the month before last?",
        "Anything for Harbor View Marina that hasn't been picked up?",
        "Top 3 customers and how much each spent",
        "Did we make more from cleaning or from repairs in October?",
        "Show every work order in the Coastal territory",
        "What's late over in Coastal?",
        "What's in the cleaning queue today?",
        "Which repair jobs are not in repair yet?",
        "Overdue orders, oldest first",
        "Which jobs should have been ready before today?",
        "Revenue since March",
        "How many yards of new navy Sunbrella do we have, not counting remnants?",
        "Price per yard for Toast Sunbrella",
        "What needs to be finished tomorrow?",
        "How many cleanings are waiting on pickup?",
        "How many repair jobs are waiting on the customer to say yes to the quote?",
        "In my territory, how many repair jobs are ready for pickup?",
        "Doing the sales tax filing and need a sanity check: what was revenue for July 2026?",
        "Look up the jobs under Harbor View Marina",
        "Which Maple Ridge HOA jobs are done?",
        "Which of the Harbor View Marina account's orders were cancelled?",
        "How many yards of navy fabric do we have in total, every material?",
        "Harbor View Marina: what have they had cleaned with us since the start of 2025?",
    ],
)
def test_modifiers_the_rules_apply_are_read(planner, question):
    assert planner.plan(question).unread_words == []


def test_the_stock_asked_about_is_the_last_material_named():
    """In "polyester thread" the thread is the thing; "vinyl" inside "clear vinyl" is no second name."""
    materials = ["Polyester", "Thread", "Clear Vinyl", "Marine Vinyl"]
    assert last_named("how much bonded polyester thread v-92 have we got", materials) == "Thread"
    assert last_named("clear vinyl yards?", materials + ["Vinyl"]) == "Clear Vinyl"
    assert last_named("any webbing?", materials) is None


def test_a_count_of_every_order_holds_no_other_word():
    """Nothing narrowed "how many work orders came back from the wash": counting all 1,200 would be wrong."""
    assert unread_modifiers("how many work orders came back from the wash?", Intent.count_orders, {}, "") == [
        "came",
        "back",
    ]
    assert unread_modifiers("how many work orders do we have in total?", Intent.count_orders, {}, "") == []


def test_money_asked_of_orders_is_no_count_of_them():
    plan = {"statuses": ["completed"]}
    assert unread_modifiers("how many completed cleanings and their dollar value", Intent.count_orders, plan, "") == [
        "dollar",
        "value",
    ]


def test_a_customers_name_asks_about_nothing_and_modifies_nothing():
    """ "Juniper Springs HOA" is no question about springs, "First Coast Marina" no first of anything."""
    plan = {"customer_name": "Juniper Springs HOA", "statuses": ["completed"]}
    assert unread_modifiers("which juniper springs hoa jobs are done?", Intent.list_orders, plan, "") == []
    plan = {"customer_name": "First Coast Marina"}
    assert unread_modifiers("list the jobs under first coast marina", Intent.list_orders, plan, "") == []
    assert unread_modifiers("list the jobs under first coast marina", Intent.list_orders, {}, "") == [
        "under",
        "first",
        "coast",
        "marina",
    ]


def test_late_jobs_that_came_in_within_a_period_are_narrowed_by_when_they_came_in(planner: RulePlanner):
    plan = planner.plan("Of the jobs that came in since the first of this month, which have blown their promised date?")
    assert plan.overdue and plan.period is not None and plan.due is None
    assert plan.period.start.isoformat() == "2026-11-01"


@pytest.mark.parametrize(
    "question",
    [
        "Since Halloween, which of the jobs we took in have gone past their promised date?",
        "which jobs dropped off since Halloween are late?",
    ],
)
def test_when_they_came_in_is_read_wherever_the_intake_is_said(planner: RulePlanner, question: str):
    plan = planner.plan(question)
    assert plan.overdue and plan.due is None
    assert plan.period is not None and plan.period.start.isoformat() == "2026-10-31"


def test_a_date_said_with_due_is_the_due_window_though_the_jobs_came_in(planner: RulePlanner):
    plan = planner.plan("Of the jobs that came in, which are due tomorrow?")
    assert plan.due is not None and plan.due.start.isoformat() == "2026-11-25" and plan.period is None


def test_a_second_count_asked_is_not_read_as_the_first(planner: RulePlanner):
    plan = planner.plan("How many repair orders this year were rush jobs, and how many came in altogether?")
    assert "how many" in plan.unread_words


@pytest.mark.parametrize(
    ("question", "intent", "customer"),
    [
        ("Who's the customer at 88 Palm Ave, and what's their phone number?", Intent.customer_info, "C00002"),
        ("what jobs do we have for 12 dock street?", Intent.list_orders, "C00001"),
    ],
)
def test_a_customer_is_found_by_street_address(planner: RulePlanner, question: str, intent: Intent, customer: str):
    plan = planner.plan(question)
    assert plan.intent is intent and plan.customer_ids == [customer]


def test_a_number_before_a_street_word_is_no_address_without_the_street(planner: RulePlanner):
    assert planner.plan("do we have 88 yards of palm print?").customer_ids == []


def test_jobs_asked_beside_one_order_named_are_not_that_orders_details(planner: RulePlanner):
    assert planner.plan("Which jobs does the customer on WO-10002 have with us?").unread_words == ["jobs"]
    assert planner.plan("What repairs are on RO-2031?").unread_words == []


def test_a_clause_before_a_dash_is_a_preamble(planner: RulePlanner):
    plan = planner.plan(
        "I've got 3 minutes before a call with the fabric rep — how many work orders are in the cleaning queue?"
    )
    assert plan.intent is Intent.count_orders and plan.statuses == ["cleaning_queue"] and plan.unread_words == []


@pytest.mark.parametrize(
    "question",
    [
        "Are there more than twenty work orders waiting in the cleaning queue? What's the actual number?",
        "how many work order are in the cleaning queue in my territories? the customers is calling all day",
    ],
)
def test_a_bound_on_the_count_or_a_remark_after_the_question_asks_the_count(planner: RulePlanner, question: str):
    plan = planner.plan(question)
    assert plan.statuses == ["cleaning_queue"] and plan.unread_words == []


def test_a_bound_on_stock_asks_its_exact_quantity_but_one_on_money_is_unread(planner: RulePlanner):
    plan = planner.plan("Do we have at least fifty yards of navy sunbrella? How much exactly?")
    assert plan.intent is Intent.inventory and plan.keywords == [] and plan.unread_words == []
    assert "over" in planner.plan("how many orders over 500 dollars are open").unread_words


def test_what_a_side_of_the_shop_turned_over_is_its_revenue(planner: RulePlanner):
    plan = planner.plan("What did the repair side turn over in the third quarter of this year?")
    assert plan.intent is Intent.revenue and plan.revenue_kind == "repair" and plan.unread_words == []
    assert plan.period is not None and plan.period.start.isoformat() == "2026-07-01"


def test_a_kind_said_too_adds_to_the_other(planner: RulePlanner):
    plan = planner.plan("What do I have due between today and Sunday? Repairs too.")
    assert plan.order_kinds == ["work_order", "repair_order"]
    assert plan.due is not None and (plan.due.start.isoformat(), plan.due.end.isoformat()) == (
        "2026-11-24",
        "2026-11-29",
    )


def test_new_and_used_together_is_every_condition(planner: RulePlanner):
    plan = planner.plan("Navy sunbrella in the 60 inch width - how many yards, new and used together?")
    assert plan.intent is Intent.inventory and plan.condition is None and plan.keywords == []


def test_a_contact_person_of_two_customers_names_both():
    planner = planner_with(
        CustomerName("C00090", "Coral Boat Rentals", "Diane Pruitt", "Inland"),
        CustomerName("C00091", "Palm Boat Rentals", "Diane Pruitt", "South"),
    )
    plan = planner.plan("Diane Pruitt called. Which customer is she the contact for?")
    assert plan.customer_choices == ["Coral Boat Rentals", "Palm Boat Rentals"] and plan.customer_ids == []


def test_the_whole_asked_beside_a_part_is_not_read_as_the_part(planner: RulePlanner):
    plan = planner.plan("Of the repair orders this year, how many were rush? Give me the count and the total.")
    assert plan.unread_words == ["and the total"]
    assert planner.plan("how many orders are open in total?").unread_words == []


def test_what_the_shop_may_do_is_asked_of_its_policies(planner: RulePlanner):
    plan = planner.plan("A customer wants a rush job in April. Can we always take it?")
    assert plan.intent is Intent.search and plan.documents_only
    assert planner.plan("how many rush jobs did we take in April?").intent is Intent.count_orders


def test_two_colours_of_a_stripe_are_the_stock_colour_that_names_them():
    colours = ["White", "Navy", "Navy/White Stripe"]
    for said in ("navy-and-white striped", "navy and white stripes", "navy/white stripe", "navy & white stripe"):
        found = stock_fields(f"Got any {said} Sunbrella?", ["Sunbrella Canvas"], colours)
        assert found["color"] == "Navy/White Stripe" and not found["keywords"], (said, found)


def test_of_two_customers_of_one_name_the_town_said_picks_one():
    planner = planner_with(
        CustomerName("C00017", "Yolanda Yates", "Yolanda Yates", "North", city="Clearwater"),
        CustomerName("C00140", "Yolanda Yates", "Yolanda Yates", "Coastal", city="St. Pete Beach"),
    )
    plan = planner.plan("need the number for the Yolanda Yates down in St. Pete Beach")
    assert plan.customer_ids == ["C00140"] and not plan.customer_choices, plan
    assert sorted(planner.plan("need the number for Yolanda Yates").customer_choices) == ["Yolanda Yates"] * 2


def test_a_customers_first_words_with_another_kind_of_business_name_no_customer():
    """ "Royal Palm Marina" is not Royal Palm Yacht Club: the shop has no such customer, and the plan says so with
    the customers it is close to, instead of answering for one of them."""
    planner = planner_with(
        CustomerName("C00245", "Royal Palm Yacht Club", "Sharon Walker", "Coastal"),
        CustomerName("C00211", "Summerwind Boat Basin", "Ana Diaz", "South"),
        CustomerName("C00256", "Harbor View Sailing Club", "Tom Nash", "South"),
    )
    for question, said, near in (
        ("What's the phone number for Royal Palm Marina?", "Royal Palm Marina", "Royal Palm Yacht Club"),
        ("what's due for Summerwind Marina this week", "Summerwind Marina", "Summerwind Boat Basin"),
        ("harbor view yacht club - whats open for them rn", "harbor view yacht club", "Harbor View Sailing Club"),
    ):
        plan = planner.plan(question)
        assert (plan.customer_unknown, plan.customer_choices, plan.customer_ids) == (said, [near], []), question
    for question, customer in (
        ("what's open for Royal Palm Yacht Club", "C00245"),
        ("orders for royal palm", "C00245"),  # its first words alone still name it
        ("royal palm's bimini - is it cleaned yet?", "C00245"),  # a word of what they brought, not of a business
    ):
        plan = planner.plan(question)
        assert (plan.customer_ids, plan.customer_unknown) == ([customer], None), question


def test_a_name_mixing_two_customers_names_neither():
    """ "Manatee Bay Yacht Club" when Manatee Yacht Club and Manatee Bay Marina are customers, "Conch Point Inn" when
    Shell Point Inn and Conch Point Marina are: a name no customer has, declined, not answered for the nearest."""
    planner = planner_with(
        CustomerName("C00301", "Manatee Yacht Club", "Ann Lee", "South"),
        CustomerName("C00302", "Manatee Bay Marina", "Bo Diaz", "South"),
        CustomerName("C00303", "Shell Point Inn", "Cy Ward", "South"),
        CustomerName("C00304", "Conch Point Marina", "Di Moss", "South"),
    )
    for question, said in (
        ("What's still in the shop for Manatee Bay Yacht Club?", "Manatee Bay Yacht Club"),
        ("Is the Conch Point Inn order ready to go back?", "Conch Point Inn"),
    ):
        plan = planner.plan(question)
        assert (plan.customer_unknown, plan.customer_ids) == (said, []), question
    hoa = planner_with(CustomerName("C00310", "Sea Oats Homeowners Association", "Gus Poe", "South"))
    assert hoa.plan("Who's our contact person at Sea Oats HOA?").customer_ids == ["C00310"]  # HOA is its name, short
    for question, customer in (
        ("What's still in the shop for Manatee Yacht Club?", "C00301"),
        ("Manatee Bay Marina orders", "C00302"),
        ("Is the Shell Point Inn order ready?", "C00303"),
    ):
        plan = planner.plan(question)
        assert (plan.customer_ids, plan.customer_unknown) == ([customer], None), question


def test_another_customers_name_set_aside_says_which_is_meant_and_nothing_more():
    planner = planner_with(
        CustomerName("C00305", "Magnolia Park Marina", "Eve Ray", "South"),
        CustomerName("C00306", "Magnolia Park Inn", "Fay Roe", "South"),
    )
    plan = planner.plan("phone # for magnolia park marina (the marina, not the inn)")
    assert (plan.intent, plan.customer_ids, plan.unread_words) == (Intent.customer_info, ["C00305"], [])
    # a "not" that sets no name aside is still a word the rules could not apply
    assert planner.plan("Magnolia Park Marina jobs, not the rush ones").unread_words == ["not"]


@pytest.mark.parametrize(
    ("question", "unread"),
    [
        ("excluding rush how many are ready for pickup", "excluding"),
        ("Did we take in more orders in October or in September this year? Give both counts.", "october"),
        ("How many repair orders taken in this year included a zipper replacement?", "zipper"),
        ("What's the total dollar value of everything sitting finished waiting for pickup?", "sitting"),
        ("which bay is vinyl-only and which shelf are the cleaners kept on?", "which bay"),
        ("Which work orders were sitting at ready for pickup last Friday?", "were"),  # a state back then
        ("Harbor View Marina - anything of theirs that's either already overdue or due sometime this week?", "or"),
        ("How many of the open repair orders include a zipper replacement?", "zipper"),
        ("Did we take in more jobs the week before last or last week? Give me both counts.", "week"),
        ("How many feet of navy marine vinyl do we have on the rack?", "how many feet"),
        ("Leaving Harbor View Marina out of it, who are the top three customers by revenue this year?", "leaving out"),
        ("How many marine vinyl cushion covers came through on cleaning orders taken in during October?", "covers"),
    ],
)
def test_what_no_rule_applies_is_declined_not_answered_without_it(planner: RulePlanner, question: str, unread: str):
    plan = planner.plan(question)
    assert unread in plan.unread_words, plan


def test_a_person_asked_by_their_post_at_a_customer_is_asked_of_their_notes(planner: RulePlanner):
    plan = planner.plan("What's the dock master's name at Harbor View Marina?")
    assert (plan.intent, plan.contact_fields, plan.customer_asked) == (Intent.customer_info, ["notes"], "dock master")
    assert planner.plan("Who's the contact at Harbor View Marina?").contact_fields == ["contact"]


def test_two_words_for_one_closed_state_are_that_state(planner: RulePlanner):
    assert planner.plan("How many cleaning tickets are finished and closed out?").statuses == ["completed"]
    assert planner.plan("Are WO-10002 and WO-10003 open or closed?").statuses == []


def test_a_colour_said_again_on_its_own_is_a_second_colour():
    shop = shop_vocabulary()
    shop.colors += ["Navy", "Navy/White Stripe"]
    shop.materials += ["Sunbrella Canvas"]
    planner = RulePlanner(Directory(lambda: shop), lambda: date.fromisoformat(TODAY))
    both = planner.plan(
        "How many yards of Sunbrella do we have in either Navy or the Navy/White Stripe, both together?"
    )
    assert "Navy" in both.unread_words
    one = planner.plan("Got any navy-and-white striped Sunbrella? How many yards in total, remnants included?")
    assert one.unread_words == [] and one.color == "Navy/White Stripe"


def test_my_areas_is_no_other_thing_asked(planner: RulePlanner):
    plan = planner.plan("How many jobs in my areas are finished and waiting on the customer to collect them?")
    assert plan.unread_words == [] and plan.my_territory


def test_include_repairs_adds_them(planner: RulePlanner):
    plan = planner.plan("How many jobs in my area are done and sitting on the pickup shelf? Include repairs.")
    assert plan.order_kinds == ["work_order", "repair_order"]


def test_a_customer_described_by_kind_and_place_is_that_customer_or_none():
    """ "The marina on Pelican Way in Clearwater Beach": the one customer whose kind, street and town fit; a
    description no customer fits is no customer's, declined rather than answered for all."""
    planner = planner_with(
        CustomerName("C00307", "Oak Ridge Marina", "Rob Will", "South", address="1613 Pelican Way", city="Clearwater"),
        CustomerName("C00308", "Sand Dollar Resort", "Don Tor", "South", address="253 Pelican Way", city="Clearwater"),
        CustomerName("C00309", "Dale Mitchell", "Dale Mitchell", "South", address="6901 Citrus Blvd", city="Lakeland"),
    )
    for question, customer in (
        ("How much have we billed the marina on Pelican Way in Clearwater so far this year?", "C00307"),
        ("Is anything overdue for the customer on Citrus Blvd in Lakeland?", "C00309"),
    ):
        assert planner.plan(question).customer_ids == [customer], question
    plan = planner.plan("What does the marina in Lakeland have open?")
    assert (plan.customer_ids, plan.customer_unknown) == ([], "the marina in Lakeland")
    assert planner.plan("Which orders are due in the cleaning queue?").customer_unknown is None


def test_a_town_said_of_a_ranking_or_orders_is_no_filter_the_rules_read():
    planner = planner_with(
        CustomerName(
            "C00311", "Coral Village Shops", "Ivy Lee", "South", address="2067 Causeway Blvd", city="Siesta Key"
        )
    )
    plan = planner.plan("Which customer down in Siesta Key has spent the most with us this year?")
    assert plan.unread_words == ["siesta key"]
    assert planner.plan("What's due this week for Coral Village Shops in Siesta Key?").unread_words == []


def test_what_a_job_would_need_is_no_stock_figure(planner: RulePlanner):
    plan = planner.plan("Roughly how many square yards of navy Sunbrella would I need to recover a 10 ft awning?")
    assert "would i need" in plan.unread_words


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        ("Customer on the phone swears they left 5 covers. How many cushion covers does WO-13542 show?", ["items"]),
        ("How many days late is WO-11104 now?", ["days_late"]),
        ("How many days have we got left on WO-11198 before it's due?", ["days_left"]),
        ("RO-2285 - how many days has it been with us since it came in?", ["days_in"]),
        ("Which territory is the customer on WO-10236 in?", ["territory"]),
        ("How many days past its promised date is RO-2370 as of today?", ["days_late"]),
        ("How many days has WO-13498 been sitting with us since the customer dropped it off?", ["days_in"]),
        ("From drop-off to done, how many days did WO-13446 take?", ["days_in"]),
        (
            "When did WO-13099 get finished, and where were we supposed to pick it up from?",
            ["instructions", "completed"],
        ),
    ],
)
def test_what_is_asked_of_one_order_is_shown(planner: RulePlanner, question: str, fields: list[str]):
    plan = planner.plan(question)
    assert plan.intent is Intent.order_detail
    assert set(fields) <= set(plan.order_fields) and "contact" not in plan.order_fields, plan.order_fields


def test_stock_pulled_for_a_job_is_asked_of_the_stock(planner: RulePlanner):
    plan = planner.plan("If I pull 10 yards of the navy Sunbrella for a job, what's the per-yard price on it?")
    assert (plan.intent, plan.material, plan.color) == (Intent.inventory, "Sunbrella Canvas", "Navy")


def test_a_sheet_named_before_the_question_is_searched(planner: RulePlanner):
    plan = planner.plan("The Harbor View Marina valance sheet - what couldn't we get off, and was the customer told?")
    assert (plan.intent, plan.documents_only) == (Intent.search, True)


def test_how_the_shop_stands_over_a_period_is_its_revenue(planner: RulePlanner):
    plan = planner.plan("Where are we for November so far? Give me cleaning and repair separately.")
    assert (plan.intent, plan.split_revenue) == (Intent.revenue, True)
    assert planner.plan("Where are we on WO-13542?").intent is Intent.order_detail
    assert planner.plan("How are we doing on the overdue jobs this week?").intent is not Intent.revenue


def test_today_left_out_of_a_window_starts_it_tomorrow(planner: RulePlanner):
    plan = planner.plan("Which open orders are due within the next 7 days? Not counting today.")
    assert plan.due is not None and plan.due.start == date.fromisoformat(TODAY) + timedelta(days=1)
    assert planner.plan("Which open orders are due within the next 7 days?").due.start == date.fromisoformat(TODAY)


def test_rush_or_a_status_is_either_set_so_declined(planner: RulePlanner):
    assert planner.plan("List Harbor View Marina's orders that were either rush jobs or got cancelled.").unread_words
    assert planner.plan("Which rush orders are ready or in the cleaning queue?").unread_words == []


def test_the_lead_source_is_how_a_customer_found_us(planner: RulePlanner):
    plan = planner.plan("How did Harbor View Marina originally find out about us?")
    assert (plan.intent, plan.contact_fields) == (Intent.customer_info, ["source"])


def test_a_closed_state_left_out_is_every_other_status(planner: RulePlanner):
    plan = planner.plan("Counting every status except cancelled - finished ones included - how many repair orders?")
    assert (plan.unread_words, plan.statuses) == (
        [],
        ["received", "quoted", "approved", "in_repair", "ready", "completed"],
    )
    plan = planner.plan(
        "Every order Harbor View Marina has had with us, cleaning or repair - but skip the cancelled ones."
    )
    assert plan.unread_words == [] and "cancelled" not in plan.statuses and "completed" in plan.statuses
    assert planner.plan("Which orders are open, leaving out the cancelled ones?").statuses == []  # open says it
    plan = planner.plan("Harbor View Marina's repair tickets - leave off the ones that got cancelled.")
    assert plan.unread_words == [] and plan.statuses == [
        "received",
        "quoted",
        "approved",
        "in_repair",
        "ready",
        "completed",
    ]


def test_my_orders_are_not_narrowed_by_a_territory_a_preamble_names(planner: RulePlanner):
    plan = planner.plan("Inland's got nothing ready, I think - so how many of my cleaning orders are ready, then?")
    assert plan.territory is None and plan.statuses == ["ready"]
    assert planner.plan("Just for the Coastal group: how many orders are ready?").territory == "Coastal"


def test_one_orders_state_at_a_past_time_is_not_read_from_its_state_now(planner: RulePlanner):
    assert planner.plan("Was WO-11190 still sitting in the queue yesterday morning?").unread_words == ["yesterday"]
    assert planner.plan("Was WO-11190 completed yesterday?").unread_words == []
    assert planner.plan("What's the status of WO-11190 today?").unread_words == []


def test_a_thing_described_before_a_question_that_points_back_is_searched(planner: RulePlanner):
    assert planner.plan("The boat in slip A-5 - did we ever finish that job?").intent is Intent.search
    assert planner.plan("The Coastal group - how many orders are ready?").intent is Intent.count_orders


@pytest.mark.parametrize(
    ("question", "intent", "expect"),
    [
        (
            "How many cleaning jobs are sat on the shelf waiting for the customer to come and collect them?",
            Intent.count_orders,
            {"statuses": ["ready"]},
        ),
        (
            "which orders of my clients are pass the promise date and still not finish? cleaning and repair",
            Intent.list_orders,
            {"overdue": True, "unread_words": []},
        ),
        (
            "the order WO-11190, in what part of the process it is now?",
            Intent.order_detail,
            {"order_fields": ["status"]},
        ),
        (
            "What of mine is due between Monday the 30th and Friday the 4th? Repairs too.",
            Intent.list_orders,
            {"due": DateRange(start=date(2026, 11, 30), end=date(2026, 12, 4)), "unread_words": []},
        ),
        (
            "What comes due nine days from today? Any kind of order.",
            Intent.list_orders,
            {"due": DateRange(start=date(2026, 12, 3), end=date(2026, 12, 3)), "unread_words": []},
        ),
        (
            "Revenue between 10/1 and 10/15 this year, both days included?",
            Intent.revenue,
            {"period": DateRange(start=date(2026, 10, 1), end=date(2026, 10, 15)), "unread_words": []},
        ),
        (
            "What has Harbor View Marina brought in since 9/1? Both kinds of order.",
            Intent.list_orders,
            {"period": DateRange(start=date(2026, 9, 1), end=date(2026, 11, 24)), "unread_words": []},
        ),
        (
            "Harbor View Marina doesn't have anything late with us, does it? Dana's coming by.",
            Intent.list_orders,
            {"overdue": True, "unread_words": []},
        ),
        (
            "Harbor View Marina has nothing left with us now, right? About to close out their folder.",
            Intent.list_orders,
            {"open_only": True, "unread_words": []},
        ),
        (
            "How much of the navy Sunbrella have we got in, every width together?",
            Intent.inventory,
            {"color": "Navy", "keywords": [], "unread_words": []},
        ),
        ("Which job's note says to ring Wesley once it's done?", Intent.search, {}),
        (
            "how much we make in repairs in the month of september this year?",
            Intent.revenue,
            {"period": DateRange(start=date(2026, 9, 1), end=date(2026, 9, 30)), "unread_words": []},
        ),
    ],
)
def test_wordings_met_in_probe_sixteen(planner: RulePlanner, question: str, intent: Intent, expect: dict[str, Any]):
    plan = planner.plan(question)
    assert plan.intent is intent, plan
    for field, value in expect.items():
        got = getattr(plan, field)
        if isinstance(value, DateRange):
            assert got is not None and (got.start, got.end) == (value.start, value.end), got
        else:
            assert got == value, (field, got)


def test_a_second_customer_named_is_answered_for_or_left_unread(planner: RulePlanner):
    plan = planner.plan("Can I get phone numbers for both Harbor View Marina and Pelican Point Inn?")
    assert (plan.intent, plan.customer_ids) == (Intent.customer_info, ["C00001", "C00002"])
    plan = planner.plan("Is anything running late for either Harbor View Marina or Pelican Point Inn?")
    assert (plan.intent, plan.customer_ids, plan.overdue) == (Intent.list_orders, ["C00001", "C00002"], True)
    plan = planner.plan("How many open orders do Harbor View Marina and Pelican Point Inn have?")
    assert plan.unread_words == ["pelican point inn"]  # one count for two customers would be the first one's


def test_a_document_pointed_at_by_its_kind_is_searched_whatever_record_word_it_holds(planner: RulePlanner):
    plan = planner.plan("In the GeoTopo script, what is a closed Jordan curve in R3 called?")
    assert (plan.intent, plan.documents_only) == (Intent.search, True)  # "closed" is no order's status here
    assert planner.plan("which orders are closed in the North territory?").intent is Intent.list_orders


@pytest.mark.parametrize(
    ("question", "unread"),
    [
        ("which repair orders are being cleaned?", "being cleaned"),
        ("which work orders are being repaired?", "being repaired"),
        ("how many repair orders are in the cleaning queue or quoted?", "cleaning queue"),
    ],
)
def test_a_state_only_another_kind_of_order_has_is_left_unread_not_dropped(
    planner: RulePlanner, question: str, unread: str
):
    assert unread in planner.plan(question).unread_words


def test_a_sentence_after_the_question_that_narrows_it_is_read_with_it(planner: RulePlanner):
    plan = planner.plan("Which of my cleaning orders are late and not finished yet? Skip the ones already at ready.")
    assert plan.overdue and plan.unread_words == [] and "ready" not in plan.statuses  # never with the ready ones in
    plan = planner.plan("What's overdue? Just the repairs.")
    assert (plan.overdue, plan.order_kinds, plan.unread_words) == (True, ["repair_order"], [])
    plan = planner.plan("What's overdue? Dylan asked me this morning.")
    assert plan.order_kinds == [] and plan.unread_words == []


def test_gross_and_the_take_are_revenue(planner: RulePlanner):
    for question in ("What did the shop gross in Q3?", "Total take for Q4 last year - one figure."):
        plan = planner.plan(question)
        assert plan.intent is Intent.revenue and plan.period is not None, question


def test_non_rush_is_no_rush_filter_and_declined(planner: RulePlanner):
    plan = planner.plan("How many non-rush cleaning orders did we complete in October?")
    assert not plan.rush_only and plan.unread_words == ["non"]
    assert planner.plan("list the non rush repairs that are overdue").unread_words == ["non"]
    assert planner.plan("any rush jobs late?").rush_only


def test_a_status_left_out_is_every_other_one(planner: RulePlanner):
    plan = planner.plan("Leaving the cleaning queue out of it, how many cleaning orders are being cleaned right now?")
    assert (plan.statuses, plan.unread_words) == (["cleaning"], [])
    plan = planner.plan("Which late work orders are still not finished - ignore the ones done and waiting for pickup.")
    assert plan.overdue and "ready" not in plan.statuses and plan.statuses and plan.unread_words == []
    plan = planner.plan("How many repair orders are open, except the ones waiting on approval?")
    assert plan.statuses == ["received", "approved", "in_repair", "ready"] and plan.unread_words == []
    plan = planner.plan("tarpon surf's repair orders - skip any that got cancelled")
    assert "cancelled" not in plan.statuses and "completed" in plan.statuses and plan.unread_words == []


def test_everything_on_file_and_still_with_us_are_read(planner: RulePlanner):
    plan = planner.plan("Harbor View Marina - just their repair tickets, every one we've got on file.")
    assert (plan.order_kinds, plan.statuses, plan.unread_words) == (["repair_order"], [], [])
    assert (
        planner.plan("Just the repair tickets for Harbor View Marina - every one we have, any year.").unread_words == []
    )
    plan = planner.plan("What's Harbor View Marina still got sitting with us? Cleaning and repair.")
    assert plan.open_only and plan.unread_words == []
    assert planner.plan("how many of my work orders are bein cleand rite now").statuses == ["cleaning"]


def test_a_week_said_as_monday_to_sunday_is_that_week(planner: RulePlanner):
    plan = planner.plan("Which work orders come due next week - the Monday-to-Sunday after this one?")
    assert plan.due is not None and plan.due.label.startswith("next week") and plan.unread_words == []


def test_a_bare_number_asked_to_be_filled_in_on_is_an_order(planner: RulePlanner):
    plan = planner.plan("fill me in on 10002 - the cleaning order")
    assert plan.intent is Intent.order_detail and "WO-10002" in plan.order_ids


def test_late_orders_left_out_of_a_window_from_today_change_nothing(planner: RulePlanner):
    plan = planner.plan("Between today and the end of next week, what's coming due? Skip anything that's already late.")
    assert not plan.overdue and plan.due is not None and plan.unread_words == []
    # this week began on Monday: its late orders are in the window, and no filter leaves them out
    assert planner.plan("What's due this week? Skip anything that's already late.").unread_words == ["skip"]
    plan = planner.plan(
        "Which open orders are due within the next 7 days? Not counting today, and nothing already late."
    )
    assert plan.unread_words == [] and not plan.overdue


def test_contact_asked_after_a_sentence_about_an_order_is_the_contact(planner: RulePlanner):
    plan = planner.plan(
        "I'm sending Harbor View Marina a photo of the damage on their order. Which e-mail address do we have for them?"
    )
    assert (plan.intent, plan.contact_fields) == (Intent.customer_info, ["email"])


def test_a_past_tense_with_its_e_dropped_is_read(planner: RulePlanner):
    plan = planner.plan("how mny repair ordrs are bein repaird right now")
    assert plan.statuses == ["in_repair"] and plan.unread_words == []


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Which jobs are more than two weeks past the date we promised?", date.min, date(2026, 11, 9)),
        ("Which open jobs are at least two weeks past their promised date?", date.min, date(2026, 11, 10)),
        ("Which late jobs are late by no more than 3 days?", date(2026, 11, 21), date(2026, 11, 23)),
        ("Which jobs are more than a month past the date we promised?", date.min, date(2026, 10, 23)),
        ("which jobs are more than 10 days overdue", date.min, date(2026, 11, 13)),
    ],
)
def test_how_late_an_order_is_bounds_its_promised_date(planner: RulePlanner, question: str, start: date, end: date):
    plan = planner.plan(question)
    assert plan.overdue and plan.due is not None and (plan.due.start, plan.due.end) == (start, end), plan
    assert plan.unread_words == [] and decline_reason(question, asks_records=True) is None  # no measure to decline
