"""Revenue from the analytics mirror: completed orders' totals by kind, month and customer.

The mirror is the one engine for money: the SQL API, model-written SQL and the planner's revenue
and top-customer answers all sum the same ``orders`` view, in the caller's own sandbox (so a
manager's answer can't include what their scope does not hold). Completion date decides the
period; money stays DECIMAL until it is shown.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ..models import RecordType

if TYPE_CHECKING:
    from ..access import Principal
    from ..periods import DateRange
    from .sandbox import Analytics

KINDS = {"cleaning": RecordType.work_order, "repair": RecordType.repair_order}

COMPLETED = """
SELECT kind, strftime(date_completed, '%Y-%m') AS month, cust_id, sum(total) AS amount, count(*) AS orders
FROM orders
WHERE status = 'completed' AND date_completed BETWEEN $start AND $end
  AND ($territory IS NULL OR territory = $territory)
  AND (len($customers) = 0 OR list_contains($customers, cust_id))
  AND (NOT $rush OR rush)
GROUP BY ALL
ORDER BY ALL
"""


class RevenueRow(NamedTuple):
    """Completed orders of one kind, one month and one customer."""

    month: str
    cust_id: str
    kind: RecordType
    amount: Decimal
    orders: int


class MirrorRevenue:
    """Completed orders' totals, summed by DuckDB over the mirror in the caller's sandbox."""

    def __init__(self, analytics: Analytics) -> None:
        self._analytics = analytics

    def completed(self, principal: Principal, period: DateRange, territory: str | None = None,
                  customer_ids: list[str] | None = None, rush_only: bool = False) -> list[RevenueRow]:
        """Per kind, month and customer: the orders completed in ``period`` (a territory's, some customers',
        rush orders only)."""
        rows = self._analytics.measure(principal, COMPLETED, {
            "start": period.start, "end": period.end, "territory": territory,
            "customers": list(customer_ids or []), "rush": rush_only})
        return [RevenueRow(month, cust_id, KINDS[kind], Decimal(amount), int(orders))
                for kind, month, cust_id, amount, orders in rows]
