"""Revenue from the analytics mirror: completed orders' totals by kind and month, and customers ranked.

The mirror is the one engine for money: the SQL API, model-written SQL and the planner's revenue
and top-customer answers all sum the same ``orders`` view, in the caller's own sandbox (so a
manager's answer can't include what their scope does not hold). Completion date decides the
period; money stays DECIMAL until it is shown. Each statement returns a few dozen rows at most:
DuckDB sums and ranks, Python only shapes (measured at 100k orders: returning a row per customer
and month to sum in Python cost 100-500 ms; these statements take a few ms).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from awning_assistant.models import RecordType

if TYPE_CHECKING:
    from awning_assistant.analytics.sandbox import Analytics
    from awning_assistant.answering.periods import DateRange
    from awning_assistant.identity.access import Principal

KINDS = {"cleaning": RecordType.work_order, "repair": RecordType.repair_order}


def kind_names(kinds: frozenset[RecordType]) -> list[str]:
    """The ``orders.kind`` values of these record types."""
    return [k for k, t in KINDS.items() if t in kinds]


COMPLETED = """
FROM orders
WHERE status = 'completed' AND date_completed BETWEEN $start AND $end
  AND list_contains($kinds, kind)
  AND ($territory IS NULL OR territory = $territory)
  AND (len($customers) = 0 OR list_contains($customers, cust_id))
  AND (NOT $rush OR rush)
"""

BY_MONTH = f"""
SELECT kind, strftime(date_completed, '%Y-%m') AS month, sum(total) AS amount, count(*) AS orders
{COMPLETED}
GROUP BY ALL
ORDER BY ALL
"""

RANKED = f"""
SELECT cust_id, sum(total) AS amount, count(*) AS orders
{COMPLETED}
GROUP BY cust_id
ORDER BY amount DESC, cust_id
LIMIT $limit
"""


@dataclass(frozen=True)
class Completed:
    """Which completed orders to sum: a period by completion date, kinds, and optional narrowing."""

    period: DateRange
    kinds: frozenset[RecordType]
    territory: str | None = None
    customer_ids: tuple[str, ...] = ()
    rush_only: bool = False

    def parameters(self) -> dict[str, object]:
        return {
            "start": self.period.start,
            "end": self.period.end,
            "kinds": kind_names(self.kinds),
            "territory": self.territory,
            "customers": list(self.customer_ids),
            "rush": self.rush_only,
        }


class MonthRow(NamedTuple):
    """Completed orders of one kind in one month."""

    kind: RecordType
    month: str
    amount: Decimal
    orders: int


class CustomerRow(NamedTuple):
    """One customer's completed orders, in rank order."""

    cust_id: str
    amount: Decimal
    orders: int


class MirrorRevenue:
    """Completed orders' totals, summed and ranked by DuckDB over the mirror in the caller's sandbox."""

    def __init__(self, analytics: Analytics) -> None:
        self._analytics = analytics

    def by_month(self, principal: Principal, which: Completed) -> list[MonthRow]:
        """Per kind and month (months without orders are absent)."""
        rows = self._analytics.measure(principal, BY_MONTH, which.parameters())
        return [MonthRow(KINDS[kind], month, Decimal(amount), int(orders)) for kind, month, amount, orders in rows]

    def top_customers(self, principal: Principal, which: Completed, limit: int) -> list[CustomerRow]:
        """The ``limit`` customers with the most revenue, ties by id (so ranks are stable)."""
        rows = self._analytics.measure(principal, RANKED, {**which.parameters(), "limit": limit})
        return [CustomerRow(cust_id, Decimal(amount), int(orders)) for cust_id, amount, orders in rows]
