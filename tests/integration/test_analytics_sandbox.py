"""DuckDB sandboxes: a staff caller's connection holds their territories' rows and no order money;
hostile SQL is refused or sees nothing more; the connection itself is locked; row cap and time limit."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from awning_assistant.analytics.errors import SqlRejected
from awning_assistant.analytics.mirror import Change
from awning_assistant.analytics.reader import MirrorReader
from awning_assistant.analytics.sandbox import Analytics, Limits
from awning_assistant.analytics.validation import validate
from awning_assistant.analytics.views import VIEWS, schema_doc, schema_text
from awning_assistant.factory import Services
from awning_assistant.identity.access import Principal
from awning_assistant.models import RecordType
from awning_assistant.records.store import ENTITIES
from tests.conftest import SHOP, TODAY

STAFF = Principal(username="staffnorth", role="staff", territories=["North"])
MANAGER = Principal(username="manager1", role="manager")
MONEY = {"total", "price", "parts_cost"}


def lines(name: str) -> list[dict]:
    return [json.loads(line) for line in (SHOP / name).read_text().splitlines() if line.strip()]


def north() -> tuple[set[str], set[str]]:
    """The fixture shop's North customers and their orders, read from the files."""
    customers = {c["CustID"] for c in lines("customers.jsonl") if c["Territory"] == "North"}
    orders = {
        o.get("WorkOrderNo") or o["RepairOrderNo"]
        for f in ("work_orders.jsonl", "repair_orders.jsonl")
        for o in lines(f)
        if o["CustID"] in customers
    }
    return customers, orders


def make_analytics(services: Services, tmp_path: Path, limits: Limits | None = None) -> Analytics:
    services.mirror.rebuild({t: list(services.records.scan_all(t)) for t in ENTITIES})
    reader = MirrorReader(services.mirror_store, tmp_path / "mirror", min_interval=0)
    return Analytics(reader, lambda: date.fromisoformat(TODAY), limits or Limits())


@pytest.fixture
def analytics(shop: Services, tmp_path: Path) -> Analytics:
    return make_analytics(shop, tmp_path)


def ids(analytics: Analytics, principal: Principal, sql: str) -> set:
    return {row[0] for row in analytics.query(principal, sql).rows}


def test_staff_hold_only_their_territories_rows(analytics: Analytics):
    customers, orders = north()
    assert orders and customers
    assert ids(analytics, STAFF, "SELECT cust_id FROM customers") == customers
    assert ids(analytics, STAFF, "SELECT order_no FROM orders") == orders
    assert ids(analytics, STAFF, "SELECT DISTINCT order_no FROM order_items") <= orders
    assert ids(analytics, STAFF, "SELECT DISTINCT territory FROM orders") == {"North"}
    every = {c["CustID"] for c in lines("customers.jsonl")}
    assert ids(analytics, MANAGER, "SELECT cust_id FROM customers") == every
    assert len(ids(analytics, STAFF, "SELECT inventory_key FROM inventory")) == len(lines("inventory.jsonl"))


def test_staff_have_no_money_columns_and_are_told_why(analytics: Analytics):
    for view in ("orders", "order_items"):
        staff_columns = set(analytics.query(STAFF, f"SELECT * FROM {view}").columns)
        manager_columns = set(analytics.query(MANAGER, f"SELECT * FROM {view}").columns)
        assert not staff_columns & MONEY and manager_columns & MONEY
    assert "unit_price" in analytics.query(STAFF, "SELECT * FROM inventory").columns  # stock prices are not revenue
    for sql in (
        "SELECT sum(total) FROM orders",
        "SELECT sum(qty * price) FROM order_items",
        "SELECT o.order_no FROM orders o ORDER BY o.total DESC",
        "SELECT sum(parts_cost) FROM order_items",
    ):
        with pytest.raises(SqlRejected, match="only managers and admins"):
            analytics.query(STAFF, sql)
    total = analytics.query(MANAGER, "SELECT sum(total) FROM orders").rows[0][0]
    assert isinstance(total, Decimal) and total == sum(
        Decimal(str(o["Total"])) for f in ("work_orders.jsonl", "repair_orders.jsonl") for o in lines(f)
    )


HOSTILE = {
    "SELECT * FROM read_csv('/etc/passwd')": "table function",
    "SELECT * FROM read_csv_auto('/etc/passwd')": "table function",
    "SELECT * FROM '/etc/passwd'": "not one of the views",
    "SELECT * FROM read_parquet('/tmp/*.parquet')": "table function",
    "SELECT read_text('/etc/passwd')": "function",
    "SELECT * FROM glob('/*')": "function",
    "ATTACH '/tmp/evil.db' AS evil": "not ATTACH",
    "ATTACH ':memory:' AS evil": "not ATTACH",
    "COPY orders TO '/tmp/orders.csv'": "not COPY",
    "COPY (SELECT * FROM customers) TO '/tmp/c.parquet' (FORMAT parquet)": "not COPY",
    "EXPORT DATABASE '/tmp/dump'": "not",
    "INSTALL httpfs": "not",
    "LOAD httpfs": "not",
    "PRAGMA database_list": "not PRAGMA",
    "SET enable_external_access = true": "not SET",
    "SET lock_configuration = false": "not SET",
    "RESET lock_configuration": "not",
    "CALL pragma_version()": "not",
    "SELECT 1; SELECT 2": "exactly one statement",
    "SELECT cust_id FROM customers; DROP TABLE customers": "exactly one statement",
    "SELECT 1 -- harmless\n; ATTACH '/tmp/x.db' AS x": "exactly one statement",
    "SELECT 1 /* ; */ ; COPY orders TO '/tmp/x.csv'": "exactly one statement",
    "DROP TABLE orders": "not DROP",
    "DELETE FROM orders": "not DELETE",
    "UPDATE orders SET status = 'completed'": "not UPDATE",
    "INSERT INTO customers SELECT * FROM customers": "not INSERT",
    "CREATE TABLE copy AS SELECT * FROM orders": "not CREATE",
    "SELECT * INTO stolen FROM orders": "INTO",
    "WITH orders AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM orders": "table function",
    "WITH x AS (SELECT * FROM main.orders) SELECT * FROM x": "qualified name",
    "SELECT * FROM memory.main.customers": "qualified name",
    "SELECT * FROM information_schema.tables": "qualified name",
    "SELECT * FROM duckdb_tables()": "table function",
    "SELECT * FROM duckdb_settings()": "table function",
    "SELECT * FROM orders WHERE cust_id IN (SELECT cust_id FROM other_customers)": "not one of the views",
    "SELECT (SELECT count(*) FROM query('SELECT 1'))": "table function",
    "SELECT query('SELECT 42')": "function query",
    "SELECT current_setting('enable_external_access')": "function current_setting",
    "SELECT getenv('HOME')": "function getenv",
    "SELECT getvariable('secret')": "function getvariable",
    "SELECT * FROM range(1000000000)": "table function",
    "DESCRIBE orders": "not DESCRIBE",
    "SHOW TABLES": "not",
    "SUMMARIZE orders": "not",
    "EXPLAIN ANALYZE SELECT 1": "not",
    "SELECT order_no FROM orders LIMIT (SELECT 5)": "LIMIT",
    "": "exactly one statement",
    "SELECT * FROM": "not valid SQL",
}


@pytest.mark.parametrize("sql", sorted(HOSTILE))
def test_hostile_statements_are_refused_with_the_construct_named(analytics: Analytics, sql: str):
    with pytest.raises(SqlRejected, match=HOSTILE[sql]):
        analytics.query(STAFF, sql)


SEES_NOTHING_MORE = (
    "SELECT cust_id FROM customers WHERE territory <> 'North'",
    "SELECT order_no FROM orders WHERE territory IS DISTINCT FROM 'North'",
    "SELECT order_no FROM orders WHERE cust_id NOT IN (SELECT cust_id FROM customers)",
    "WITH everything AS (SELECT * FROM orders UNION ALL SELECT * FROM orders) "
    "SELECT order_no FROM everything WHERE territory <> 'North'",
    "SELECT o.order_no FROM orders o LEFT JOIN customers c USING (cust_id) WHERE c.cust_id IS NULL",
    "SELECT order_no FROM order_items WHERE order_no NOT IN (SELECT order_no FROM orders)",
    "SELECT x.cust_id FROM (SELECT * FROM customers) x WHERE x.territory <> 'North' /* comment */",
)


@pytest.mark.parametrize("sql", SEES_NOTHING_MORE)
def test_tricks_that_run_see_nothing_beyond_the_callers_rows(analytics: Analytics, sql: str):
    assert analytics.query(STAFF, sql).rows == []


def test_the_connection_itself_refuses_files_network_and_settings(analytics: Analytics):
    """Defence in depth: even SQL that skipped validation cannot leave the sandbox."""
    raw = analytics.for_principal(STAFF)._db  # the locked connection, reached past validation on purpose
    for sql in (
        "SELECT * FROM read_csv('/etc/passwd')",
        "ATTACH '/tmp/evil.db' AS evil",
        "COPY customers TO '/tmp/leak.csv'",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "SET memory_limit = '64GB'",
        "SELECT total FROM orders",
        "SELECT * FROM glob('/tmp/*')",
    ):
        with pytest.raises(duckdb.Error):
            raw.execute(sql).fetchall()
    assert raw.execute("SELECT current_setting('enable_external_access')").fetchone() == (False,)


def test_row_cap_and_time_limit(shop: Services, tmp_path: Path):
    analytics = make_analytics(shop, tmp_path, Limits(max_rows=5, seconds=0.5))
    capped = analytics.query(MANAGER, "SELECT a.order_no, b.order_no FROM orders a, orders b")
    assert (capped.row_count, len(capped.rows), capped.truncated) == (5, 5, True)
    small = analytics.query(MANAGER, "SELECT order_no FROM orders ORDER BY order_no LIMIT 2")
    assert (small.row_count, small.truncated) == (2, False)
    huge = "SELECT count(*) FROM " + ", ".join(f"inventory i{i}" for i in range(20))  # 4^20 rows
    with pytest.raises(SqlRejected, match="ran longer than 0.5 s"):
        analytics.query(STAFF, huge)
    endless = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"
    with pytest.raises(SqlRejected):
        analytics.query(STAFF, endless)
    assert analytics.query(STAFF, "SELECT count(*) FROM customers").rows == [(1,)]  # the sandbox still answers


ALLOWED = (
    "SELECT kind, count(*) FILTER (WHERE is_open) AS open FROM orders GROUP BY ALL ORDER BY 1",
    "WITH m AS (SELECT date_trunc('month', date_in) AS month, count(*) AS n FROM orders GROUP BY 1) "
    "SELECT month, n, rank() OVER (ORDER BY n DESC) FROM m",
    "SELECT strftime(date_in, '%Y-%m'), avg(date_completed - date_in) FROM orders GROUP BY 1",
    "SELECT order_no FROM orders QUALIFY row_number() OVER (PARTITION BY kind ORDER BY date_in) = 1",
    "SELECT material FROM inventory UNION SELECT material FROM order_items ORDER BY 1",
    "SELECT CASE WHEN rush THEN 'rush' ELSE 'normal' END, count(*) FROM orders GROUP BY 1",
    "SELECT extract(year FROM date_in), date_part('month', date_in), date_diff('day', date_in, date_required) "
    "FROM orders",
    "SELECT upper(name), lower(city), coalesce(email, '-') FROM customers WHERE name ILIKE '%a%'",
    "SELECT round(avg(qty), 2), median(qty), max(qty) FROM inventory",
)


@pytest.mark.parametrize("sql", ALLOWED)
def test_ordinary_analytic_sql_runs(analytics: Analytics, sql: str):
    analytics.query(STAFF, sql)


def test_current_date_is_the_business_today_and_the_cap_is_in_the_statement():
    assert "CAST('2026-11-24' AS DATE)" in validate("SELECT CURRENT_DATE", date(2026, 11, 24))
    assert validate("SELECT 1 -- note", max_rows=10).endswith("LIMIT 11")
    assert validate("SELECT 1 LIMIT 3", max_rows=10).endswith("LIMIT 3")


def test_deeply_nested_and_overlong_statements_are_refused():
    with pytest.raises(SqlRejected, match="nested too deeply"):
        validate("SELECT " + "(" * 3000 + "1" + ")" * 3000)
    with pytest.raises(SqlRejected, match="longer than"):
        validate("SELECT " + " + ".join(["1"] * 4000))


def test_sandboxes_follow_the_mirror(shop: Services, analytics: Analytics):
    before = analytics.query(MANAGER, "SELECT count(*) FROM inventory").rows[0][0]
    item = {
        "InventoryKey": "INV-NEW",
        "Description": "Zipper",
        "Material": "Zip",
        "Condition": "New",
        "Qty": 3,
        "Unit": "ea",
        "UnitPrice": Decimal("1.25"),
    }
    shop.mirror.apply([Change(RecordType.inventory, None, item)])
    assert analytics.query(MANAGER, "SELECT count(*) FROM inventory").rows[0][0] == before + 1
    assert analytics.query(STAFF, "SELECT unit_price FROM inventory WHERE inventory_key = 'INV-NEW'").rows == [
        (Decimal("1.25"),)
    ]


def test_schema_text_and_docs_come_from_the_views_data():
    staff, manager = schema_text(revenue=False, today=TODAY), schema_text()
    for v in VIEWS:
        assert f"\n{v.name} -- " in staff
    assert " total DECIMAL(14,2)" in manager and " total " not in staff and "revenue:" not in staff
    assert TODAY in staff
    doc = schema_doc(revenue=False)
    orders = next(v for v in doc["views"] if v["name"] == "orders")
    assert {"order_no", "is_overdue", "customer_name"} <= {c["name"] for c in orders["columns"]}
    assert "total" not in {c["name"] for c in orders["columns"]}
