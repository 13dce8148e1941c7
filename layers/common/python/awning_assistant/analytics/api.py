"""The read-only SQL API and the schema it queries: who may call, refusals as 422s, JSON-ready results.

Statements run in the caller's sandbox (``services.analytics``), so the API sees exactly the rows and
columns the chat does. Whatever stops a statement, the validator or DuckDB itself (a binder error, the
time limit, memory), arrives as ``SqlRejected`` naming the cause, and leaves here as a 422 saying so.
Imported by the chat function only (it ships DuckDB and sqlglot).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from awning_assistant.analytics.errors import SqlRejected
from awning_assistant.analytics.views import schema_doc
from awning_assistant.contracts import AnalyticsQueryResponse, AnalyticsSchema, DataTable
from awning_assistant.errors import Forbidden, InvalidRequest
from awning_assistant.identity.access import Principal
from awning_assistant.records.redaction import redact

if TYPE_CHECKING:
    from awning_assistant.analytics.sandbox import Analytics, QueryResult


def schema_for(principal: Principal) -> AnalyticsSchema:
    """The views and measures as the caller's sandbox has them (staff: without order money)."""
    return AnalyticsSchema.model_validate(schema_doc(principal.may_see_revenue))


Audit = Callable[[str, str, str], None]  # (username, action, target), as ``Conversations.record_action``
AUDITED_SQL_CHARS = 4000


def run_query(analytics: Analytics, principal: Principal, sql: str, audit: Audit) -> AnalyticsQueryResponse:
    """The statement's result, or Forbidden (staff) or InvalidRequest naming why it did not run. Every
    statement a permitted caller sends is audited, refused ones too: a probe of the sandbox shows."""
    if not principal.may_run_sql:
        raise Forbidden("The SQL API is for managers and admins; ask your question in the chat instead.")
    try:
        result = analytics.query(principal, sql)
    except SqlRejected as exc:
        audit(principal.username, "analytics.refused", redact(sql)[:AUDITED_SQL_CHARS])
        raise InvalidRequest(f"sql: {exc}") from None
    audit(principal.username, "analytics.query", redact(sql)[:AUDITED_SQL_CHARS])
    table = result_table(result)
    return AnalyticsQueryResponse(
        columns=table.columns, rows=table.rows, row_count=result.row_count, truncated=result.truncated
    )


def result_table(result: QueryResult) -> DataTable:
    """A query's rows as JSON holds them."""
    return DataTable(columns=list(result.columns), rows=[[json_cell(v) for v in row] for row in result.rows])


def json_cell(value: Any) -> Any:
    """A DuckDB value as JSON: text redacted as in every answer (card numbers); a decimal (money) as a number
    when a double holds it exactly (always, at DECIMAL(14,2)) and as text otherwise; dates and times as ISO
    text; NaN and infinities as null."""
    if isinstance(value, str):
        return redact(value)
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal):
        number = float(value)
        return number if Decimal(repr(number)) == value else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [json_cell(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_cell(v) for k, v in value.items()}
    isoformat = getattr(value, "isoformat", None)  # date, datetime, time
    return isoformat() if callable(isoformat) else str(value)
