"""The rule planner turns everyday wording into the typed plan (fixture shop vocabulary)."""

from __future__ import annotations

from datetime import date

import pytest

from awning_assistant.planner import RulePlanner
from awning_assistant.query_model import Intent


@pytest.fixture
def planner(shop):
    return RulePlanner(shop.directory, lambda: date(2026, 11, 24))


@pytest.mark.parametrize(("question", "intent", "expect"), [
    ("How many work orders are in the cleaning queue?", Intent.count_orders,
     {"statuses": ["cleaning_queue"], "order_kinds": ["work_order"]}),
    ("how many jobs are waiting to be cleaned in my territory", Intent.count_orders,
     {"statuses": ["cleaning_queue"], "my_territory": True}),
    ("How many repair orders are quoted and waiting for customer approval?", Intent.count_orders,
     {"statuses": ["quoted"], "order_kinds": ["repair_order"]}),
    ("Which work orders are being cleaned right now?", Intent.list_orders, {"statuses": ["cleaning"]}),
    ("Which orders are past due?", Intent.list_orders, {"overdue": True, "order_kinds": []}),
    ("Which rush work orders in the Coastal territory are overdue?", Intent.list_orders,
     {"overdue": True, "rush_only": True, "territory": "Coastal"}),
    ("What's due this week?", Intent.list_orders, {}),
    ("Which work orders for pelican point inn are still open?", Intent.list_orders,
     {"customer_ids": ["C00002"], "open_only": True}),
    ("List all repair orders for Harbour View Marina", Intent.list_orders, {"customer_ids": ["C00001"]}),
    ("What is the status of wo 10003?", Intent.order_detail, {"order_ids": ["WO-10003"],
                                                              "order_fields": ["status"]}),
    ("What are the special instructions on WO-10002?", Intent.order_detail, {"order_fields": ["instructions"]}),
    ("What's the phone number for Gulf Breeze Cafe?", Intent.customer_info,
     {"customer_ids": ["C00004"], "contact_fields": ["phone"]}),
    ("who is the contact at maple ridge hoa", Intent.customer_info, {"customer_ids": ["C00003"]}),
    ("What did we take in last month, cleaning vs repairs?", Intent.revenue, {"split_revenue": True}),
    ("What was repair revenue in Q3 2026?", Intent.revenue, {"revenue_kind": "repair"}),
    ("Who were our top three customers by cleaning revenue in 2025?", Intent.top_customers,
     {"top_n": 3, "revenue_kind": "cleaning"}),
    ("Do we have navy Sunbrella in stock?", Intent.inventory, {"color": "Navy", "material": "Sunbrella Canvas"}),
    ("How many yards of Sunbrella Canvas remnants do we have?", Intent.inventory, {"condition": "Remnant"}),
    ("Where is the black marine vinyl stored?", Intent.inventory, {"material": "Marine Vinyl", "color": "Black"}),
    ("Good afternoon. I'm calling customers today. Which work orders are past their due date? thx",
     Intent.list_orders, {"overdue": True, "due": None}),
    ("Forget the Coastal numbers for a second — overall, how many repair tickets are waiting for collection?",
     Intent.count_orders, {"territory": None, "statuses": ["ready"]}),
    ("WOs with status=cleaning: count?", Intent.count_orders, {"statuses": ["cleaning"]}),
    ("Pelican Point Inn's latest WO?", Intent.list_orders, {"latest": 1, "customer_ids": ["C00002"]}),
    ("How many repair orders are approved but not yet started?", Intent.count_orders, {"statuses": ["approved"]}),
    ("How many repair orders have not been started?", Intent.count_orders, {"statuses": ["received"]}),
    ("How many repair orders are still needing a quote?", Intent.count_orders, {"statuses": ["received"]}),
    ("How many work orders are in the cleaning queue, and how many are ready for pickup?", Intent.count_orders,
     {"statuses": ["cleaning_queue", "ready"]}),
    ("Who does Sam Ortiz work for?", Intent.customer_info, {"customer_ids": ["C00002"]}),
    ("Show the last 2 repair jobs for Harbor View Marina", Intent.list_orders, {"latest": 2}),
    ("How many orders came in last month?", Intent.count_orders, {"latest": None}),
    ("Who was our second biggest customer by revenue in 2025?", Intent.top_customers, {"rank": 2}),
    ("which customer came #3 by revenue in October 2026?", Intent.top_customers, {"rank": 3}),
    ("Who were our top 3 customers by revenue in 2025?", Intent.top_customers, {"rank": None, "top_n": 3}),
    ("How many repair orders have status: in_repair?", Intent.count_orders, {"statuses": ["in_repair"]}),
    ("I'm quoting a job that needs 40 yards of Sunbrella Canvas. How many yards do we have?", Intent.inventory,
     {"material": "Sunbrella Canvas"}),
    ("How much did we charge for the order with the hand-painted seahorse valance?", Intent.search,
     {"documents_only": False}),
    ("Valance drop measurement for WO-10002, in inches?", Intent.search, {"documents_only": True}),
    ("Find the job with the hand-painted seahorse valance", Intent.search, {}),
    ("What's our restitching warranty?", Intent.search, {"documents_only": True}),
])
def test_plans(planner, question, intent, expect):
    plan = planner.plan(question)
    assert plan.intent is intent, plan
    for field, value in expect.items():
        got = getattr(plan, field)
        assert (sorted(got) if isinstance(got, list) else got) == (sorted(value) if isinstance(value, list)
                                                                  else value), (field, plan)


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
