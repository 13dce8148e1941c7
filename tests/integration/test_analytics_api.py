"""The read-only SQL API (``POST /analytics/query``) and its schema (``GET /analytics/schema``), through the chat
function as API Gateway calls it: exact figures for managers, 403 for staff, 422 naming whatever stopped a
statement (never a 5xx), the same routes under /integrations for an integration's client and key."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from awning_assistant.analytics import validation
from awning_assistant.contracts import SQL_MAX_CHARS
from awning_assistant.factory import Services
from awning_assistant.identity.providers import CognitoIdentity
from awning_assistant.records.store import ENTITIES
from local import openapi
from local.handlers import invoke
from tests.builders import rest_request
from tests.conftest import SHOP
from tests.integration.conftest import Api, audit_actions

QUERY = "/api/analytics/query"
CLIENT_ID = "4mq2kd1v9s7e5t3h0b8c6n2r1p"  # the sample integration event's app client
MONEY = {"total", "price", "parts_cost"}


def lines(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (SHOP / name).read_text().splitlines() if line.strip()]


@pytest.fixture
def mirrored(shop: Services) -> Services:
    """The fixture shop with its analytics mirror written (as the indexer's rebuild writes it)."""
    shop.mirror.rebuild({t: list(shop.records.scan_all(t)) for t in ENTITIES})
    return shop


@pytest.fixture
def manager(mirrored: Services) -> Api:
    return Api().login("manager1")


def query(api: Api, sql: str) -> tuple[int, Any]:
    return api.call("POST", QUERY, {"sql": sql})


def test_a_manager_gets_exact_figures(manager: Api):
    """Counts and money per kind, as the fixture files have them; money to the cent, dates as ISO text."""
    expected = []
    for kind, file in (("cleaning", "work_orders.jsonl"), ("repair", "repair_orders.jsonl")):
        orders = lines(file)
        completed = sum(Decimal(str(o["Total"])) for o in orders if o["Status"] == "completed")
        expected.append([kind, len(orders), float(completed)])
    status, reply = query(
        manager,
        "SELECT kind, count(*) AS orders, sum(total) FILTER (WHERE status = 'completed') "
        "AS revenue FROM orders GROUP BY kind ORDER BY kind",
    )
    assert status == 200, reply
    assert reply == {"columns": ["kind", "orders", "revenue"], "rows": expected, "row_count": 2, "truncated": False}

    status, reply = query(
        manager,
        "SELECT order_no, date_in, date_completed, rush FROM orders "
        "WHERE order_no IN ('WO-10001', 'WO-10002') ORDER BY order_no",
    )
    assert status == 200 and reply["rows"] == [
        ["WO-10001", "2026-10-02", "2026-10-15", False],
        ["WO-10002", "2026-11-10", None, True],
    ]


def test_the_row_cap_truncates_and_says_so(mirrored: Services, manager: Api):
    mirrored.settings.analytics_max_rows = 5
    status, reply = query(manager, "SELECT order_no FROM orders ORDER BY order_no")
    orders = len(lines("work_orders.jsonl")) + len(lines("repair_orders.jsonl"))
    assert orders > 5
    assert status == 200 and (reply["row_count"], reply["truncated"], len(reply["rows"])) == (5, True, 5)


def test_staff_may_not_query_but_see_the_schema_without_order_money(mirrored: Services):
    staff = Api().login("staffnorth")
    status, reply = query(staff, "SELECT count(*) FROM customers")
    assert status == 403 and reply["error"] == "forbidden" and "managers and admins" in reply["message"]

    status, schema = staff.call("GET", "/api/analytics/schema")
    assert status == 200
    columns = {c["name"] for v in schema["views"] for c in v["columns"]}
    assert {"order_no", "status", "unit_price"} <= columns and not columns & MONEY  # stock prices are not revenue
    assert "revenue" not in {m["name"] for m in schema["measures"]}

    status, schema = Api().login("manager1").call("GET", "/api/analytics/schema")
    columns = {c["name"] for v in schema["views"] for c in v["columns"]}
    assert status == 200 and columns >= MONEY
    orders = next(v for v in schema["views"] if v["name"] == "orders")
    assert next(c for c in orders["columns"] if c["name"] == "total")["meaning"].startswith("order total")


def test_signing_in_is_required(mirrored: Services):
    for method, path, body in (("POST", QUERY, {"sql": "SELECT 1"}), ("GET", "/api/analytics/schema", None)):
        status, reply = Api().call(method, path, body)
        assert status == 401 and reply["error"] == "unauthorized"


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("ATTACH 'other.duckdb' AS other", "ATTACH"),
        ("COPY orders TO 'orders.csv'", "COPY"),
        ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
        ("SELECT 1; SELECT 2", "exactly one statement"),
        ("SELECT order_no FROM orders; DROP TABLE orders", "exactly one statement"),
        ("SELECT * FROM orders JOIN information_schema.tables ON true", "qualified name"),
        ("SELECT getenv('HOME')", "getenv"),
        ("INSTALL httpfs", "INSTALL"),
        ("SELECT * FROM sessions", "sessions is not one of the views"),
        ("SELEC order_no FROM orders", "not valid SQL"),
        ("SELECT no_such_column FROM orders", "no_such_column"),  # DuckDB's binder, at execution
        ("SELECT CAST(order_no AS INTEGER) FROM orders", "Conversion"),  # DuckDB, while running
    ],
)
def test_refused_statements_get_a_422_naming_why(manager: Api, sql: str, named: str):
    status, reply = query(manager, sql)
    assert status == 422, reply
    assert set(reply) == {"error", "message"} and reply["error"] == "invalid_request"
    assert reply["message"].startswith("sql: ") and named.lower() in reply["message"].lower(), reply


def test_every_statement_is_audited_refused_ones_too(mirrored: Services, manager: Api):
    """Who ran what is on the record; a refused statement too, so a probe of the sandbox shows."""
    assert query(manager, "SELECT count(*) FROM orders")[0] == 200
    assert query(manager, "SELECT * FROM read_csv('/etc/passwd')")[0] == 422
    assert audit_actions(mirrored) == [
        ("manager1", "analytics.query", "SELECT count(*) FROM orders"),
        ("manager1", "analytics.refused", "SELECT * FROM read_csv('/etc/passwd')"),
    ]


def test_a_query_past_its_time_limit_is_a_422(mirrored: Services, manager: Api):
    mirrored.settings.analytics_query_seconds = 0.2
    status, reply = query(
        manager, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"
    )
    assert status == 422 and "ran longer than 0.2 s" in reply["message"], reply


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"sql": ""},
        {"sql": "   "},
        {"sql": 42},
        {"sql": "SELECT 1", "limit": 5},
        {"sql": "x" * (SQL_MAX_CHARS + 1)},
    ],
)
def test_a_malformed_body_is_a_422_naming_the_field(manager: Api, body: dict[str, Any]):
    status, reply = manager.call("POST", QUERY, body)
    assert status == 422 and reply["error"] == "invalid_request", reply
    assert "sql" in reply["message"] or "limit" in reply["message"], reply


def test_hostile_and_odd_statements_never_get_a_5xx(manager: Api):
    """Whatever the text, a statement runs (200) or is refused with a reason (422)."""
    statements = [
        ";",
        "SELECT",
        "FROM orders",
        "VALUES (1)",
        "SELECT ?",
        "SELECT $1",
        "PRAGMA version",
        "SET threads = 64",
        "LOAD httpfs",
        "CALL pragma_version()",
        "EXPORT DATABASE '/tmp/x'",
        "DESCRIBE orders",
        "SUMMARIZE orders",
        "SHOW TABLES",
        "SELECT * FROM 'orders.parquet'",
        "SELECT * FROM duckdb_settings()",
        "SELECT current_setting('threads')",
        "SELECT * FROM orders LIMIT 'x'",
        "SELECT * FROM orders LIMIT -1",
        "SELECT 1/0",
        "SELECT 'é☂' AS ünï",
        "SELECT " + "(" * 3000 + "1" + ")" * 3000,
        "SELECT '\x00'",
        "CREATE TABLE t AS SELECT 1",
        "SELECT 1 INTO t",
        "UPDATE orders SET total = 0",
        "SELECT * FROM orders -- x",
        "/* */ SELECT 1",
        "SELECT {'a': 1} AS s",
        "SELECT 'x'::BLOB AS b",
        "SELECT TIME '10:00' AS t",
        "SELECT avg(date_completed - date_in) FROM orders",
        "WITH x AS (SELECT * FROM orders) SELECT count(*) FROM x",
    ]
    for sql in statements:
        status, reply = query(manager, sql)
        assert status in (200, 422), (sql, status, reply)
        assert status == 200 or reply["message"].startswith("sql: "), (sql, reply)


def test_values_arrive_as_json_has_them(manager: Api):
    """Lists as arrays; non-finite doubles as null (JSON has no NaN); a decimal a double cannot hold exactly as
    text (and not mistaken for a card number); text redacted as in every answer."""
    status, reply = query(
        manager,
        "SELECT [1, 2] AS l, 'nan'::DOUBLE AS n, 1e308 * 10 AS i, "
        "12345678901234567.25::DECIMAL(38,2) AS big, TIMESTAMP '2026-01-01 10:00' AS t, "
        "'card 4111 1111 1111 1111' AS note",
    )
    assert status == 200, reply
    assert reply["rows"][0][:5] == [[1, 2], None, None, "12345678901234567.25", "2026-01-01T10:00:00"]
    assert "4111" not in reply["rows"][0][5]


def test_the_sql_length_limit_is_the_validators():
    assert SQL_MAX_CHARS == validation.MAX_SQL_CHARS


def integration_call(method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """The sample integration request (client-credentials token and API key) sent to ``path``."""
    result = invoke("chat_handler", rest_request(method, path, body, sample="api_integration_query.json"))
    return result["statusCode"], json.loads(result["body"])


@pytest.mark.parametrize(("role", "expected"), [("manager", 200), ("admin", 200), ("staff", 403)])
def test_an_integration_queries_with_its_role(mirrored: Services, role: str, expected: int):
    mirrored.identity = CognitoIdentity(mirrored.records, "us-east-1_Ab12Cd34E", None, "us-east-1")
    mirrored.dynamodb.Table(mirrored.settings.integrations_table).put_item(
        Item={"client_id": CLIENT_ID, "name": "Reporting", "role": role, "territories": ["North"]}
    )
    status, reply = integration_call(
        "POST", "/integrations/analytics/query", {"sql": "SELECT count(*) AS customers FROM customers"}
    )
    assert status == expected, reply
    if expected == 200:
        assert reply["rows"] == [[len(lines("customers.jsonl"))]]
    status, schema = integration_call("GET", "/integrations/analytics/schema")
    columns = {c["name"] for v in schema["views"] for c in v["columns"]}
    assert status == 200 and bool(columns & MONEY) == (role != "staff")


def test_the_openapi_document_describes_both_routes():
    paths = openapi.document()["paths"]
    post = paths["/analytics/query"]["post"]
    assert {"403", "415", "422"} <= set(post["responses"])
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/AnalyticsQueryRequest"}
    assert "200" in paths["/analytics/schema"]["get"]["responses"]
    schemas = openapi.document()["components"]["schemas"]
    assert set(schemas["AnalyticsQueryResponse"]["properties"]) == {"columns", "rows", "row_count", "truncated"}
    assert schemas["AnalyticsQueryRequest"]["properties"]["sql"]["maxLength"] == SQL_MAX_CHARS
