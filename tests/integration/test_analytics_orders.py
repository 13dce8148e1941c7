"""Orders counted and listed over the analytics mirror: every kind of condition a plan puts on
orders gives exactly the orders the shop's files say, within the caller's territories, in
promised-date order; staff see each order's total in lists (as in its record view)."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from awning_assistant.analytics.orders import MirrorOrders, OrderQuery
from awning_assistant.answering.periods import DateRange
from awning_assistant.factory import Services
from awning_assistant.identity.access import Principal
from awning_assistant.models import CLOSED_STATUSES, REPAIR_ORDER_STATUSES, WORK_ORDER_STATUSES, RecordType
from awning_assistant.records.rows import OrderSummary
from tests.conftest import TODAY
from tests.integration.test_analytics_sandbox import lines, make_analytics

MANAGER = Principal(username="manager1", role="manager")
STAFF_NORTH = Principal(username="staffnorth", role="staff", territories=["North"])
STATUSES = sorted({*WORK_ORDER_STATUSES, *REPAIR_ORDER_STATUSES})
KINDS = {RecordType.work_order: "work_orders.jsonl", RecordType.repair_order: "repair_orders.jsonl"}


@pytest.fixture
def orders(shop: Services, tmp_path: Path) -> MirrorOrders:
    return MirrorOrders(make_analytics(shop, tmp_path))


def expected(which: OrderQuery) -> list[str]:
    """The orders the files hold for ``which``, by independent code over the .jsonl files."""
    territory = {c["CustID"]: c["Territory"] for c in lines("customers.jsonl")}

    def within(day: str | None, window: DateRange | None) -> bool:
        return window is None or bool(day) and window.start.isoformat() <= day <= window.end.isoformat()

    found = []
    for kind in which.kinds:
        for o in lines(KINDS[kind]):
            is_open = o["Status"] not in CLOSED_STATUSES
            due = o.get("DateRequired")
            if (
                (which.territories is None or territory.get(o["CustID"]) in which.territories)
                and (not which.customer_ids or o["CustID"] in which.customer_ids)
                and (not which.statuses or o["Status"] in which.statuses)
                and (not which.open_only or is_open)
                and (not which.overdue or bool(due) and due < which.today.isoformat())
                and within(due, which.due)
                and within(o.get("DateCompleted") if which.by_completion else o.get("DateIn"), which.period)
                and (not which.rush_only or o.get("RushOrder"))
            ):
                found.append((due or "9999-12-31", o.get("WorkOrderNo") or o["RepairOrderNo"]))
    return [number for _, number in sorted(found)]


def numbers(found: list[OrderSummary]) -> list[str]:
    return [order.order_no for order in found]


def test_every_condition_and_their_combinations_give_the_files_orders(orders: MirrorOrders):
    today = date.fromisoformat(TODAY)
    rng = random.Random(11)
    customers = sorted({o["CustID"] for name in KINDS.values() for o in lines(name)})
    windows = [
        None,
        None,
        None,
        DateRange(start=today - timedelta(days=60), end=today),
        DateRange(start=today, end=today + timedelta(days=14)),
        DateRange(start=date(2025, 1, 1), end=date(2025, 12, 31)),
    ]
    checked = nonempty = 0
    for kinds in ({RecordType.work_order}, {RecordType.repair_order}, set(KINDS)):
        for _ in range(40):
            which = OrderQuery(
                kinds=frozenset(kinds),
                today=today,
                territories=rng.choice([None, ("North",), ("South", "Coastal"), ()]),
                customer_ids=tuple(rng.sample(customers, rng.choice([0, 0, 0, 3]))),
                statuses=tuple(rng.sample(STATUSES, rng.choice([0, 0, 0, 1, 3]))),
                open_only=rng.random() < 0.3,
                overdue=rng.random() < 0.2,
                due=rng.choice(windows),
                period=rng.choice(windows),
                by_completion=rng.random() < 0.5,
                rush_only=rng.random() < 0.2,
            )
            assert numbers(orders.find(MANAGER, which)) == expected(which), which
            checked += 1
            nonempty += bool(expected(which))
    assert checked == 120 and nonempty >= 20  # the combinations found orders, not only empty lists


@pytest.mark.parametrize(("flag", "value"), list(itertools.product(["open_only", "overdue", "rush_only"], [True])))
def test_each_condition_alone_narrows_the_list(orders: MirrorOrders, flag: str, value: bool):
    every = OrderQuery(kinds=frozenset(KINDS), today=date.fromisoformat(TODAY))
    narrowed = OrderQuery(kinds=frozenset(KINDS), today=date.fromisoformat(TODAY), **{flag: value})
    assert 0 < len(numbers(orders.find(MANAGER, narrowed))) < len(numbers(orders.find(MANAGER, every)))
    assert numbers(orders.find(MANAGER, narrowed)) == expected(narrowed)


def test_staff_get_their_territories_orders_only_with_each_orders_total(orders: MirrorOrders):
    every = OrderQuery(kinds=frozenset(KINDS), today=date.fromisoformat(TODAY))
    found = orders.find(STAFF_NORTH, every)
    assert numbers(found) == expected(OrderQuery(kinds=frozenset(KINDS), today=every.today, territories=("North",)))
    assert found and all(order.territory == "North" for order in found)
    totals = {o.get("WorkOrderNo") or o["RepairOrderNo"]: o["Total"] for name in KINDS.values() for o in lines(name)}
    assert all(order.total == pytest.approx(totals[order.order_no]) for order in found)
    # Asking for another territory than theirs gives nothing: the sandbox holds none of its rows.
    assert orders.find(STAFF_NORTH, OrderQuery(kinds=frozenset(KINDS), today=every.today, territories=("South",))) == []
