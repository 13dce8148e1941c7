"""Analytic SQL on the dev dataset, checked against figures computed here from its ``.jsonl`` files
with plain Python (json, Decimal, dates): none of the product's code computes the expected side.

The dataset goes the product's way into the sandboxes: imported into the tables (moto), mirrored
to Parquet by the writer, read back by the reader, loaded into DuckDB per principal.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from moto import mock_aws

from awning_assistant.analytics.reader import MirrorReader
from awning_assistant.analytics.sandbox import Analytics, Limits
from awning_assistant.factory import get_services
from awning_assistant.identity.access import Principal
from awning_assistant.records.store import ENTITIES
from local.environment import TEMPLATE, in_process
from local.infrastructure import create_resources
from local.stack import import_folder
from tests.conftest import ROOT, TODAY
from tests.integration.conftest import reset_caches

DEV = ROOT.parent / "shared" / "eval" / "dev" / "data"
BUSINESS_TODAY = date.fromisoformat(TODAY)
MANAGER = Principal(username="elindqvist", role="manager")
NORTH_STAFF = Principal(username="ltaylor", role="staff", territories=["North"])
CLOSED = {"completed", "cancelled"}


def load(name: str) -> list[dict[str, Any]]:
    with (DEV / name).open(encoding="utf-8") as lines:
        return [json.loads(line, parse_float=Decimal) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def analytics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Analytics]:
    if not DEV.is_dir():
        pytest.skip(f"the dev dataset is not at {DEV}")
    tmp = tmp_path_factory.mktemp("dev-figures")
    saved = dict(os.environ)
    with mock_aws():
        for key, value in in_process(tmp / "index.sqlite3", None, TODAY).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        reset_caches()
        services = get_services()
        create_resources(services.settings, services.client("dynamodb"), services.s3, TEMPLATE)
        report = import_folder(services, DEV, progress=False)
        assert report.ok, report.summary()
        services.mirror.rebuild({t: list(services.records.scan_all(t)) for t in ENTITIES})
        analytics = Analytics(
            MirrorReader(services.mirror_store, tmp / "mirror", 0),
            lambda: BUSINESS_TODAY,
            Limits(max_rows=100_000, seconds=30),
        )
        analytics.load()
        yield analytics
    os.environ.clear()
    os.environ.update(saved)
    reset_caches()


# ---- the dataset, read independently -------------------------------------------------------------

CUSTOMERS = {c["CustID"]: c for c in load("customers.jsonl")} if DEV.is_dir() else {}
ORDERS = (
    (
        [("cleaning", o["WorkOrderNo"], o) for o in load("work_orders.jsonl")]
        + [("repair", o["RepairOrderNo"], o) for o in load("repair_orders.jsonl")]
    )
    if DEV.is_dir()
    else []
)
INVENTORY = load("inventory.jsonl") if DEV.is_dir() else []


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def completed_in(o: dict[str, Any], start: date, end: date) -> bool:
    done = day(o.get("DateCompleted"))
    return o["Status"] == "completed" and done is not None and start <= done <= end


def is_open(o: dict[str, Any]) -> bool:
    return o["Status"] not in CLOSED


def money_by(key: Callable[[str, dict[str, Any]], Any], keep: Callable[[str, dict[str, Any]], bool]) -> dict:
    totals: dict[Any, Decimal] = defaultdict(Decimal)
    for kind, _, o in ORDERS:
        if keep(kind, o):
            totals[key(kind, o)] += o["Total"]
    return totals


Y2025 = (date(2025, 1, 1), date(2025, 12, 31))
YTD = (date(2026, 1, 1), BUSINESS_TODAY)


def f_orders_by_kind() -> list[tuple]:
    return sorted(Counter(kind for kind, _, _ in ORDERS).items())


def f_open_by_kind() -> list[tuple]:
    return sorted(Counter(kind for kind, _, o in ORDERS if is_open(o)).items())


def f_overdue() -> list[tuple]:
    return [
        (
            sum(
                1
                for _, _, o in ORDERS
                if is_open(o) and o.get("DateRequired") and day(o["DateRequired"]) < BUSINESS_TODAY
            ),
        )
    ]


def f_revenue_2025_by_kind() -> list[tuple]:
    return sorted(money_by(lambda k, o: k, lambda k, o: completed_in(o, *Y2025)).items())


def f_revenue_2025_by_month() -> list[tuple]:
    return sorted(money_by(lambda k, o: o["DateCompleted"][:7], lambda k, o: completed_in(o, *Y2025)).items())


def f_top_customers() -> list[tuple]:
    totals = money_by(lambda k, o: o["CustID"], lambda k, o: o["Status"] == "completed")
    top = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    return [(c, CUSTOMERS[c]["Name"], amount) for c, amount in top]


def f_revenue_ytd_by_territory() -> list[tuple]:
    return sorted(
        money_by(lambda k, o: CUSTOMERS[o["CustID"]]["Territory"], lambda k, o: completed_in(o, *YTD)).items()
    )


def f_turnaround_cleaning() -> list[tuple]:
    days = [
        (day(o["DateCompleted"]) - day(o["DateIn"])).days
        for kind, _, o in ORDERS
        if kind == "cleaning" and o["Status"] == "completed" and o.get("DateCompleted")
    ]
    return [(sum(days) / len(days),)]


def f_on_time_rate() -> list[tuple]:
    done = [o for _, _, o in ORDERS if o["Status"] == "completed" and o.get("DateCompleted") and o.get("DateRequired")]
    return [(sum(1 for o in done if o["DateCompleted"] <= o["DateRequired"]) / len(done),)]


def f_rush_open() -> list[tuple]:
    return [(sum(1 for _, _, o in ORDERS if is_open(o) and o.get("RushOrder")),)]


def f_repair_status() -> list[tuple]:
    return sorted(Counter(o["Status"] for kind, _, o in ORDERS if kind == "repair").items())


def f_labor_by_material() -> list[tuple]:
    hours: dict[str, Decimal] = defaultdict(Decimal)
    for kind, _, o in ORDERS:
        for line in o["Items"] if kind == "repair" else []:
            hours[line["Material"]] += Decimal(line["LaborHours"])
    return sorted(hours.items())


def f_parts_cost_2025() -> list[tuple]:
    return [
        (
            sum(
                (
                    Decimal(line["PartsCost"])
                    for kind, _, o in ORDERS
                    if kind == "repair" and completed_in(o, *Y2025)
                    for line in o["Items"]
                ),
                Decimal(0),
            ),
        )
    ]


def f_cleaning_qty_by_material() -> list[tuple]:
    qty: dict[str, Decimal] = defaultdict(Decimal)
    for kind, _, o in ORDERS:
        for line in o["Items"] if kind == "cleaning" else []:
            qty[line["Material"]] += Decimal(line["Qty"])
    return sorted(qty.items())


def f_customers_by_territory() -> list[tuple]:
    return sorted(Counter(c["Territory"] for c in CUSTOMERS.values()).items())


def f_top_sources() -> list[tuple]:
    return sorted(Counter(c["Source"] for c in CUSTOMERS.values()).items(), key=lambda kv: (-kv[1], kv[0]))[:3]


def f_stock_value_by_material() -> list[tuple]:
    value: dict[str, Decimal] = defaultdict(Decimal)
    for i in INVENTORY:
        value[i["Material"]] += Decimal(i["Qty"]) * Decimal(i["UnitPrice"])
    return sorted(value.items())


def f_low_stock() -> list[tuple]:
    return [(sum(1 for i in INVENTORY if Decimal(i["Qty"]) < 5),)]


def f_customers_active_2025() -> list[tuple]:
    return [(len({o["CustID"] for _, _, o in ORDERS if o["DateIn"].startswith("2025")}),)]


def f_average_total_by_kind() -> list[tuple]:
    totals: dict[str, list[Decimal]] = defaultdict(list)
    for kind, _, o in ORDERS:
        totals[kind].append(o["Total"])
    return [(k, float(sum(v) / len(v))) for k, v in sorted(totals.items())]


def f_largest_order() -> list[tuple]:
    kind, number, o = min(ORDERS, key=lambda t: (-t[2]["Total"], t[1]))
    return [(number, kind, o["Total"])]


def f_north_open() -> list[tuple]:
    return [(sum(1 for _, _, o in ORDERS if is_open(o) and CUSTOMERS[o["CustID"]]["Territory"] == "North"),)]


def f_north_customers() -> list[tuple]:
    return sorted((c, x["Name"]) for c, x in CUSTOMERS.items() if x["Territory"] == "North")


def f_due_next_week() -> list[tuple]:
    end = BUSINESS_TODAY + timedelta(days=7)
    return [
        (
            sum(
                1
                for _, _, o in ORDERS
                if is_open(o) and o.get("DateRequired") and BUSINESS_TODAY <= day(o["DateRequired"]) <= end
            ),
        )
    ]


def f_busiest_customers() -> list[tuple]:
    counts = Counter(o["CustID"] for _, _, o in ORDERS)
    return [(c, n) for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]


def f_cancelled_2025_by_kind() -> list[tuple]:
    return sorted(Counter(k for k, _, o in ORDERS if o["Status"] == "cancelled" and o["DateIn"][:4] == "2025").items())


def f_repair_revenue_per_labor_hour_2025() -> list[tuple]:
    orders = [o for k, _, o in ORDERS if k == "repair" and completed_in(o, *Y2025)]
    hours = sum((Decimal(line["LaborHours"]) for o in orders for line in o["Items"]), Decimal(0))
    return [(float(sum((o["Total"] for o in orders), Decimal(0)) / hours),)]


FIGURES: dict[str, tuple[str, Callable[[], list[tuple]], Principal]] = {
    "orders by kind": ("SELECT kind, count(*) FROM orders GROUP BY kind ORDER BY kind", f_orders_by_kind, MANAGER),
    "open by kind": (
        "SELECT kind, count(*) FROM orders WHERE is_open GROUP BY kind ORDER BY kind",
        f_open_by_kind,
        MANAGER,
    ),
    "overdue": ("SELECT count(*) FROM orders WHERE is_overdue", f_overdue, MANAGER),
    "revenue 2025 by kind": (
        "SELECT kind, sum(total) FROM orders WHERE status = 'completed' "
        "AND date_completed BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY kind ORDER BY kind",
        f_revenue_2025_by_kind,
        MANAGER,
    ),
    "revenue 2025 by month": (
        "SELECT strftime(date_completed, '%Y-%m') AS month, sum(total) FROM orders WHERE status = 'completed' "
        "AND year(date_completed) = 2025 GROUP BY month ORDER BY month",
        f_revenue_2025_by_month,
        MANAGER,
    ),
    "top customers": (
        "SELECT o.cust_id, c.name, sum(o.total) AS revenue FROM orders o JOIN customers c USING (cust_id) "
        "WHERE o.status = 'completed' GROUP BY ALL ORDER BY revenue DESC, o.cust_id LIMIT 5",
        f_top_customers,
        MANAGER,
    ),
    "revenue ytd by territory": (
        "SELECT territory, sum(total) FROM orders WHERE status = 'completed' "
        "AND date_completed BETWEEN DATE '2026-01-01' AND CURRENT_DATE GROUP BY territory ORDER BY territory",
        f_revenue_ytd_by_territory,
        MANAGER,
    ),
    "turnaround cleaning": (
        "SELECT avg(date_completed - date_in) FROM orders WHERE kind = 'cleaning' AND status = 'completed'",
        f_turnaround_cleaning,
        MANAGER,
    ),
    "on-time rate": (
        "SELECT avg(CASE WHEN date_completed <= date_required THEN 1 ELSE 0 END) FROM orders "
        "WHERE status = 'completed' AND date_required IS NOT NULL AND date_completed IS NOT NULL",
        f_on_time_rate,
        MANAGER,
    ),
    "rush open": ("SELECT count(*) FILTER (WHERE rush AND is_open) FROM orders", f_rush_open, MANAGER),
    "repair statuses": (
        "SELECT status, count(*) FROM orders WHERE kind = 'repair' GROUP BY 1 ORDER BY 1",
        f_repair_status,
        MANAGER,
    ),
    "labor by material": (
        "SELECT material, sum(labor_hours) FROM order_items WHERE kind = 'repair' GROUP BY material ORDER BY material",
        f_labor_by_material,
        MANAGER,
    ),
    "parts cost 2025": (
        "SELECT coalesce(sum(i.parts_cost), 0) FROM order_items i JOIN orders o USING (order_no, kind) "
        "WHERE o.status = 'completed' AND year(o.date_completed) = 2025 AND o.kind = 'repair'",
        f_parts_cost_2025,
        MANAGER,
    ),
    "cleaning qty by material": (
        "SELECT material, sum(qty) FROM order_items WHERE kind = 'cleaning' GROUP BY 1 ORDER BY 1",
        f_cleaning_qty_by_material,
        MANAGER,
    ),
    "customers by territory": (
        "SELECT territory, count(*) FROM customers GROUP BY 1 ORDER BY 1",
        f_customers_by_territory,
        MANAGER,
    ),
    "top sources": (
        "SELECT source, count(*) AS n FROM customers GROUP BY source ORDER BY n DESC, source LIMIT 3",
        f_top_sources,
        MANAGER,
    ),
    "stock value by material": (
        "SELECT material, sum(qty * unit_price) FROM inventory GROUP BY 1 ORDER BY 1",
        f_stock_value_by_material,
        NORTH_STAFF,
    ),
    "low stock": ("SELECT count(*) FROM inventory WHERE qty < 5", f_low_stock, NORTH_STAFF),
    "customers active 2025": (
        "SELECT count(DISTINCT cust_id) FROM orders WHERE year(date_in) = 2025",
        f_customers_active_2025,
        MANAGER,
    ),
    "average total by kind": (
        "SELECT kind, avg(total) FROM orders GROUP BY kind ORDER BY kind",
        f_average_total_by_kind,
        MANAGER,
    ),
    "largest order": (
        "SELECT order_no, kind, total FROM orders ORDER BY total DESC, order_no LIMIT 1",
        f_largest_order,
        MANAGER,
    ),
    "north open (staff)": ("SELECT count(*) FROM orders WHERE is_open", f_north_open, NORTH_STAFF),
    "north customers (staff)": ("SELECT cust_id, name FROM customers ORDER BY cust_id", f_north_customers, NORTH_STAFF),
    "due next week": (
        "SELECT count(*) FROM orders WHERE is_open "
        "AND date_required BETWEEN CURRENT_DATE AND CURRENT_DATE + INTERVAL 7 DAY",
        f_due_next_week,
        MANAGER,
    ),
    "busiest customers": (
        "SELECT cust_id, count(*) AS n FROM orders GROUP BY cust_id ORDER BY n DESC, cust_id LIMIT 3",
        f_busiest_customers,
        MANAGER,
    ),
    "cancelled 2025 by kind": (
        "SELECT kind, count(*) FROM orders WHERE status = 'cancelled' "
        "AND date_in >= DATE '2025-01-01' AND date_in < DATE '2026-01-01' GROUP BY 1 ORDER BY 1",
        f_cancelled_2025_by_kind,
        MANAGER,
    ),
    "repair revenue per labour hour 2025": (
        "WITH done AS (SELECT order_no, total FROM orders WHERE kind = 'repair' AND status = 'completed' "
        "AND year(date_completed) = 2025) "
        "SELECT (SELECT sum(total) FROM done) / (SELECT sum(labor_hours) FROM order_items "
        "WHERE kind = 'repair' AND order_no IN (SELECT order_no FROM done))",
        f_repair_revenue_per_labor_hour_2025,
        MANAGER,
    ),
}


def same(actual: Any, wanted: Any) -> bool:
    if isinstance(wanted, float):
        return float(actual) == pytest.approx(wanted, rel=1e-9)
    if isinstance(actual, date) or isinstance(wanted, str):
        return actual == wanted
    return actual == wanted and type(actual) is not float  # money and counts stay exact


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_sql_figure_equals_the_independent_one(analytics: Analytics, name: str):
    sql, expected, principal = FIGURES[name]
    result = analytics.query(principal, sql)
    wanted = expected()
    assert not result.truncated and len(result.rows) == len(wanted), (result.rows, wanted)
    for row, want in zip(result.rows, wanted, strict=True):
        assert len(row) == len(want) and all(map(same, row, want)), (row, want)


def test_money_comes_back_exact(analytics: Analytics):
    ((total,),) = analytics.query(MANAGER, "SELECT sum(total) FROM orders").rows
    assert isinstance(total, Decimal) and total == sum((o["Total"] for _, _, o in ORDERS), Decimal(0))
