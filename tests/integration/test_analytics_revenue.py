"""Money over the analytics mirror: DuckDB sums by kind and month and ranks customers, each statement
returning a handful of rows; the figures match the shop's files to the cent; a sum the sandbox stops is
a clear refusal, not a server error."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from awning_assistant.analytics.errors import SqlRejected
from awning_assistant.analytics.revenue import Completed, CustomerRow, MirrorRevenue, MonthRow
from awning_assistant.analytics.sandbox import Limits
from awning_assistant.answering.periods import DateRange
from awning_assistant.factory import Services
from awning_assistant.identity.access import Principal
from awning_assistant.models import RecordType
from tests.integration.test_analytics_sandbox import lines, make_analytics

MANAGER = Principal(username="manager1", role="manager")
ALL_TIME = DateRange(start=date(2000, 1, 1), end=date(2030, 12, 31), label="all time")
BOTH = frozenset({RecordType.work_order, RecordType.repair_order})


MORE = (("C00003", "700.10"), ("C00002", "700.10"), ("C00004", "55.00"), ("C00004", "90.45"))


def completed() -> list[tuple[RecordType, str, str, Decimal]]:
    """(kind, customer, month completed, total) of the completed orders: the files' and ``MORE``."""
    files = [
        (kind, o["CustID"], o["DateCompleted"][:7], Decimal(str(o["Total"])))
        for kind, name in (
            (RecordType.work_order, "work_orders.jsonl"),
            (RecordType.repair_order, "repair_orders.jsonl"),
        )
        for o in lines(name)
        if o["Status"] == "completed"
    ]
    return files + [(RecordType.work_order, cust, files[0][2], Decimal(total)) for cust, total in MORE]


@pytest.fixture
def revenue(shop: Services, tmp_path: Path) -> MirrorRevenue:
    """The fixture shop plus completed cleaning orders of other customers (two tied), so there is
    something to rank."""
    kind, _, month, _ = completed()[0]
    first = next(
        o for o in shop.records.scan_all(kind) if o["Status"] == "completed" and o["DateCompleted"].startswith(month)
    )
    key = "WorkOrderNo" if kind is RecordType.work_order else "RepairOrderNo"
    shop.records.put_items(
        kind,
        [{**first, key: f"X-{n}", "CustID": cust, "Total": Decimal(total)} for n, (cust, total) in enumerate(MORE)],
    )
    return MirrorRevenue(make_analytics(shop, tmp_path))


def test_by_month_sums_each_kind_and_month_as_the_files_do(revenue: MirrorRevenue):
    expected: dict[tuple[RecordType, str], list] = defaultdict(lambda: [Decimal(0), 0])
    for kind, _, month, total in completed():
        expected[kind, month][0] += total
        expected[kind, month][1] += 1
    assert len(expected) >= 2
    found = revenue.by_month(MANAGER, Completed(ALL_TIME, BOTH))
    assert found == [
        MonthRow(k, m, a, n)
        for (k, m), (a, n) in sorted(
            expected.items(),
            key=lambda kv: ({RecordType.work_order: "cleaning", RecordType.repair_order: "repair"}[kv[0][0]], kv[0][1]),
        )
    ]
    repairs = revenue.by_month(MANAGER, Completed(ALL_TIME, frozenset({RecordType.repair_order})))
    assert repairs and {r.kind for r in repairs} == {RecordType.repair_order}


def test_top_customers_are_ranked_by_duckdb_ties_by_id_and_limited(revenue: MirrorRevenue):
    per_customer: dict[str, list] = defaultdict(lambda: [Decimal(0), 0])
    for _, cust, _, total in completed():
        per_customer[cust][0] += total
        per_customer[cust][1] += 1
    ranked = [CustomerRow(c, a, n) for c, (a, n) in sorted(per_customer.items(), key=lambda kv: (-kv[1][0], kv[0]))]
    assert len(ranked) == 4 and ranked[1].amount == ranked[2].amount  # a tie, ranked by id
    assert revenue.top_customers(MANAGER, Completed(ALL_TIME, BOTH), limit=10) == ranked
    assert revenue.top_customers(MANAGER, Completed(ALL_TIME, BOTH), limit=1) == ranked[:1]
    one = ranked[-1].cust_id
    assert revenue.top_customers(MANAGER, Completed(ALL_TIME, BOTH, customer_ids=(one,)), limit=10) == [ranked[-1]]


def test_a_product_statement_past_the_time_limit_is_a_rejection_not_an_interrupt(shop: Services, tmp_path: Path):
    analytics = make_analytics(shop, tmp_path, Limits(seconds=0.5))
    huge = "SELECT count(*) FROM " + ", ".join(f"inventory i{i}" for i in range(20))  # 4^20 rows
    with pytest.raises(SqlRejected, match="ran longer than 0.5 s"):
        analytics.measure(MANAGER, huge, {})
