"""Revenue rollups: kept from the order streams, idempotent, equal to a rebuild and to summing
the orders themselves, and safe when two writers recompute the same month."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from awning_assistant import rollups as rollups_module
from awning_assistant.factory import Services
from awning_assistant.models import RecordType
from awning_assistant.periods import DateRange
from awning_assistant.rollups import RevenueRollups
from local.handlers import invoke

from .test_indexing import stream_event

KEYS = {RecordType.work_order: "WorkOrderNo", RecordType.repair_order: "RepairOrderNo"}


def cells(services: Services) -> dict[str, dict[str, Any]]:
    """Every rollup cell that holds revenue, without its change counter (which only guards
    concurrent writers). A day whose last order moved away stays as an empty cell, and its
    month as an empty tally: both read as no revenue, exactly like a missing cell."""
    table = services.dynamodb.Table(services.settings.rollups_table)
    return {i["Cell"]: {k: v for k, v in i.items() if k != "Seq"} for i in table.scan(ConsistentRead=True)["Items"]
            if len(i) > 1 and i.get("Days") != "{}"}


def brute_force(orders: dict[tuple[RecordType, str], dict[str, Any]], period: DateRange, territory: str | None,
                customers: set[str]) -> dict[tuple[str, RecordType], tuple[Decimal, int]]:
    """Revenue per customer and kind by reading every order (data-format.md's definition)."""
    found: dict[tuple[str, RecordType], tuple[Decimal, int]] = {}
    for (rtype, _), item in orders.items():
        day = item.get("DateCompleted")
        if item["Status"] != "completed" or not day or not period.start.isoformat() <= day <= period.end.isoformat():
            continue
        if (territory and item["Territory"] != territory) or (customers and item["CustID"] not in customers):
            continue
        amount, count = found.get((item["CustID"], rtype), (Decimal(0), 0))
        found[(item["CustID"], rtype)] = (amount + Decimal(str(item["Total"])), count + 1)
    return found


def summed(rollups: RevenueRollups, period: DateRange, territory: str | None,
           customers: set[str]) -> dict[tuple[str, RecordType], tuple[Decimal, int]]:
    found: dict[tuple[str, RecordType], tuple[Decimal, int]] = {}
    for row in rollups.completed(period, territory, customers, per_customer=True):
        amount, count = found.get((row.cust_id, row.kind), (Decimal(0), 0))
        found[(row.cust_id, row.kind)] = (amount + row.amount, count + row.orders)
    return found


def random_order(rng: random.Random, rtype: RecordType, number: int) -> dict[str, Any]:
    cust = rng.randrange(6)
    done = date(2026, 9, 1) + timedelta(days=rng.randrange(91))
    item = {KEYS[rtype]: f"{'WO' if rtype is RecordType.work_order else 'RO'}-{number}", "CustID": f"C{cust}",
            "Territory": "North" if cust % 2 else "South", "Total": Decimal(rng.randrange(1, 90000)) / 100,
            "Status": rng.choice(["completed", "completed", "ready", "cancelled"])}
    if item["Status"] == "completed":
        item["DateCompleted"] = done.isoformat()
    return item


@pytest.mark.parametrize("shard_bytes", [rollups_module.SHARD_BYTES, 100])  # one shard a month, or many
def test_changes_in_any_order_equal_a_rebuild_and_the_orders_own_sums(shop: Services, shard_bytes: int,
                                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(rollups_module, "SHARD_BYTES", shard_bytes)
    rng = random.Random(7)
    rollups = shop.rollups
    rollups.rebuild({})
    orders: dict[tuple[RecordType, str], dict[str, Any]] = {}
    for step in range(300):
        rtype = rng.choice([RecordType.work_order, RecordType.repair_order])
        key = (rtype, f"{step % 40}")
        old = orders.get(key)
        new = None if old and rng.random() < 0.2 else random_order(rng, rtype, step % 40)
        rollups.recompute(rollups.apply(rtype, old, new))
        if new:
            orders[key] = new
        else:
            orders.pop(key, None)
    incremental = cells(shop)
    assert shard_bytes > 1000 or any(key.endswith("#2") for key in incremental)  # many shards were written
    rollups.rebuild({t: [o for (rt, _), o in orders.items() if rt is t] for t in KEYS})
    assert cells(shop) == incremental

    for _ in range(60):  # whole months, partial months, filters, one day
        start = date(2026, 8, 25) + timedelta(days=rng.randrange(100))
        period = DateRange(start=start, end=start + timedelta(days=rng.choice([0, 6, 30, 45, 120])))
        territory = rng.choice([None, "North", "South"])
        customers = set(rng.sample([f"C{i}" for i in range(6)], rng.choice([0, 1, 2])))
        assert summed(rollups, period, territory, customers) == brute_force(orders, period, territory, customers)
    year = DateRange(start=date(2026, 1, 1), end=date(2026, 12, 31))
    totals = rollups.completed(year)
    assert sum(r.amount for r in totals) == sum(a for a, _ in brute_force(orders, year, None, set()).values())
    assert {r.cust_id for r in totals} == {""}  # not asked per customer


def test_stream_batches_keep_revenue_current_and_replays_change_nothing(shop: Services):
    november = DateRange(start=date(2026, 11, 1), end=date(2026, 11, 30))
    before = sum(r.amount for r in shop.rollups.completed(november))
    event = stream_event(shop, "dynamodb_stream_work_orders.json")
    completed = next(r for r in event["Records"] if r["eventName"] == "MODIFY")["dynamodb"]["NewImage"]
    assert invoke("indexer", event) == {"batchItemFailures": []}
    after = sum(r.amount for r in shop.rollups.completed(november))
    assert after - before == Decimal(completed["Total"]["N"])
    first = cells(shop)
    assert invoke("indexer", event) == {"batchItemFailures": []}
    assert cells(shop) == first


def test_a_stale_month_write_loses_to_the_later_writer(shop: Services, monkeypatch):
    """Writer A reads the month's days, writer B changes a day and recomputes, then A writes:
    A's write is refused, so the month keeps B's figures, which include both changes."""
    rollups = shop.rollups
    rollups.rebuild({})
    first = {"WorkOrderNo": "WO-1", "CustID": "C1", "Territory": "North", "Status": "completed",
             "DateCompleted": "2026-10-05", "Total": Decimal("100.10")}
    second = {**first, "WorkOrderNo": "WO-2", "DateCompleted": "2026-10-06", "Total": Decimal("0.25")}
    months = rollups.apply(RecordType.work_order, None, first)
    real_get = rollups._get
    interleaved = []

    def stale_read(keys: list[str], consistent: bool = False) -> dict:
        found = real_get(keys, consistent)  # A has read the days ...
        if not interleaved:
            interleaved.append(True)  # ... then B commits its change and its recompute
            rollups.recompute(rollups.apply(RecordType.work_order, None, second))
        return found

    monkeypatch.setattr(rollups, "_get", stale_read)
    rollups.recompute(months)
    monkeypatch.undo()
    (row,) = rollups.completed(DateRange(start=date(2026, 10, 1), end=date(2026, 10, 31)))
    assert (row.amount, row.orders) == (Decimal("100.35"), 2)
