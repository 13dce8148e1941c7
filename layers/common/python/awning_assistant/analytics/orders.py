"""Orders counted and listed from the analytics mirror: one statement per question, in the caller's sandbox.

The planner's order questions (a status, the open or overdue ones, those due in a window, those
received or completed in a period, a customer's) are the ``orders`` view filtered, so they run on
the same engine as the SQL API and the money answers: DuckDB scans a few columns of every order
in milliseconds, where paging the same orders out of DynamoDB indexes cost 100-200 ms at 100k
orders locally (moto) and a round trip per page on AWS. Rows come back as ``OrderSummary`` rows, the type a
stored order's header reads as, dates as ISO text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from awning_assistant.analytics.revenue import KINDS, kind_names
from awning_assistant.models import RecordType
from awning_assistant.records.rows import OrderSummary, number

if TYPE_CHECKING:
    from awning_assistant.analytics.sandbox import Analytics
    from awning_assistant.answering.periods import DateRange
    from awning_assistant.identity.access import Principal

ORDERS = """
SELECT kind, order_no, title, cust_id, territory, status, rush, date_in, date_required, date_completed, total
FROM orders
WHERE list_contains($kinds, kind)
  AND ($every_territory OR list_contains($territories, territory))
  AND (len($customers) = 0 OR list_contains($customers, cust_id))
  AND (len($statuses) = 0 OR list_contains($statuses, status))
  AND (NOT $open OR is_open)
  AND (NOT $overdue OR coalesce(date_required < $today, false))
  AND ($due_from IS NULL OR date_required BETWEEN $due_from AND $due_to)
  AND ($period_from IS NULL
       OR (CASE WHEN $by_completion THEN date_completed ELSE date_in END) BETWEEN $period_from AND $period_to)
  AND (NOT $rush OR rush)
ORDER BY coalesce(date_required, DATE '9999-12-31'), order_no
"""


@dataclass(frozen=True)
class OrderQuery:
    """Which orders: kinds, and every condition a plan can put on them (empty or None: no condition).

    ``open_only`` keeps open orders; ``overdue`` those due before ``today``; ``due`` those due in the
    window; ``period`` those received in it, or completed in it with ``by_completion``.
    """

    kinds: frozenset[RecordType]
    today: date
    territories: tuple[str, ...] | None = None
    customer_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    open_only: bool = False
    overdue: bool = False
    due: DateRange | None = None
    period: DateRange | None = None
    by_completion: bool = False
    rush_only: bool = False

    def parameters(self) -> dict[str, object]:
        return {
            "kinds": kind_names(self.kinds),
            "every_territory": self.territories is None,
            "territories": list(self.territories or ()),
            "customers": list(self.customer_ids),
            "statuses": list(self.statuses),
            "open": self.open_only,
            "overdue": self.overdue,
            "today": self.today,
            "due_from": self.due.start if self.due else None,
            "due_to": self.due.end if self.due else None,
            "period_from": self.period.start if self.period else None,
            "period_to": self.period.end if self.period else None,
            "by_completion": self.by_completion,
            "rush": self.rush_only,
        }


class MirrorOrders:
    """The orders a query names, by promised date (none last), then number."""

    def __init__(self, analytics: Analytics) -> None:
        self._analytics = analytics

    def find(self, principal: Principal, which: OrderQuery) -> list[OrderSummary]:
        # Order lists show each order's total to every role, as its record view does: the product's
        # own statement reads it in a sandbox of the caller's territories that keeps order money.
        rows = self._analytics.measure(principal, ORDERS, which.parameters(), order_money=True)
        return [_summary(*row) for row in rows]

    def first_day(self, principal: Principal) -> date | None:
        """The day the records begin for the caller: the first order's date in (None when there is none), from the
        sandbox ``find`` reads (so no second one is built)."""
        rows = self._analytics.measure(principal, "SELECT min(date_in) FROM orders", {}, order_money=True)
        return rows[0][0] if rows else None


def _summary(
    kind: str,
    order_no: str,
    title: str | None,
    cust_id: str | None,
    territory: str | None,
    status: str | None,
    rush: bool,
    date_in: date | None,
    date_required: date | None,
    date_completed: date | None,
    total: Any,
) -> OrderSummary:
    return OrderSummary(
        kind=KINDS[kind],
        order_no=order_no,
        title=title,
        cust_id=cust_id,
        territory=territory,
        status=status,
        rush=bool(rush),
        date_in=_iso(date_in),
        date_required=_iso(date_required),
        date_completed=_iso(date_completed),
        total=number(total),
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
