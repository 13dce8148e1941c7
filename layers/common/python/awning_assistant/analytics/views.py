"""The analytic views and their columns, documented once as data.

The same tuples render the schema text of the model's prompt, the API docs and the SPA's
column help, and decide what a sandbox holds: a column marked ``revenue`` (order money)
is left out of a staff caller's connection, exactly as revenue figures are kept from staff
elsewhere. Stock prices are not revenue: every role sees them, as in stock answers today.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column of a view: its DuckDB type and what it means, in a line."""

    name: str
    type: str
    meaning: str
    revenue: bool = False  # order money: managers and admins only


@dataclass(frozen=True)
class View:
    """A view a query may name, with the grain of its rows."""

    name: str
    meaning: str
    columns: tuple[Column, ...]

    def visible(self, revenue: bool) -> tuple[Column, ...]:
        """The columns a caller sees (without the revenue ones unless ``revenue``)."""
        return tuple(c for c in self.columns if revenue or not c.revenue)


@dataclass(frozen=True)
class Measure:
    """A business measure, defined once in SQL over the views, so every path means the same."""

    name: str
    sql: str
    meaning: str
    revenue: bool = False


MONEY = "DECIMAL(14,2)"
QUANTITY = "DECIMAL(14,4)"

VIEWS: tuple[View, ...] = (
    View(
        "orders",
        "one row per work order (kind cleaning) or repair order (kind repair)",
        (
            Column("order_no", "VARCHAR", "order id, e.g. WO-10234 or RO-2031"),
            Column("kind", "VARCHAR", "'cleaning' (work order) or 'repair' (repair order)"),
            Column("cust_id", "VARCHAR", "customer id, joins customers.cust_id"),
            Column("customer_name", "VARCHAR", "the customer's name"),
            Column("territory", "VARCHAR", "the customer's territory (North, South, Coastal, Inland, ...)"),
            Column("title", "VARCHAR", "short title of the order"),
            Column(
                "status",
                "VARCHAR",
                "received, cleaning_queue, cleaning, repair_queue, quoted, approved, "
                "in_repair, ready, completed or cancelled",
            ),
            Column("rush", "BOOLEAN", "rush order"),
            Column("date_in", "DATE", "date received"),
            Column("date_required", "DATE", "promised date; NULL when none"),
            Column("date_completed", "DATE", "date finished; NULL while not finished"),
            Column("total", MONEY, "order total in US dollars (sum of qty x price)", revenue=True),
            Column("is_open", "BOOLEAN", "status is neither completed nor cancelled"),
            Column("is_overdue", "BOOLEAN", "open and date_required is before the business today"),
        ),
    ),
    View(
        "order_items",
        "one row per line item of an order",
        (
            Column("order_no", "VARCHAR", "order id, joins orders.order_no"),
            Column("kind", "VARCHAR", "'cleaning' or 'repair', as the order's"),
            Column("line_no", "INTEGER", "position of the line in the order, from 1"),
            Column("description", "VARCHAR", "what the item is"),
            Column("material", "VARCHAR", "e.g. Sunbrella Canvas, Marine Vinyl, PVC Mesh"),
            Column("color", "VARCHAR", "colour (cleaning orders)"),
            Column("qty", QUANTITY, "quantity"),
            Column("condition", "VARCHAR", "condition noted on intake (cleaning orders)"),
            Column("price", MONEY, "price per unit in US dollars", revenue=True),
            Column("labor_hours", QUANTITY, "labour hours (repair orders; NULL for cleaning)"),
            Column("parts_cost", MONEY, "parts cost in US dollars (repair orders; NULL for cleaning)", revenue=True),
        ),
    ),
    View(
        "customers",
        "one row per customer",
        (
            Column("cust_id", "VARCHAR", "customer id, e.g. C00042"),
            Column("name", "VARCHAR", "business or person name"),
            Column("contact", "VARCHAR", "contact person"),
            Column("city", "VARCHAR", "city"),
            Column("state", "VARCHAR", "state"),
            Column("zip", "VARCHAR", "ZIP code"),
            Column("phone", "VARCHAR", "phone number"),
            Column("email", "VARCHAR", "email address"),
            Column("source", "VARCHAR", "how they found us: Referral, Web, Vendor: <name>, ..."),
            Column("territory", "VARCHAR", "sales/service territory"),
        ),
    ),
    View(
        "inventory",
        "one row per stock item (materials and parts)",
        (
            Column("inventory_key", "VARCHAR", "stock id, e.g. INV-0042"),
            Column("description", "VARCHAR", "what it is"),
            Column("material", "VARCHAR", "e.g. Sunbrella Canvas, Marine Vinyl, PVC Mesh, Thread"),
            Column("color", "VARCHAR", "colour"),
            Column("condition", "VARCHAR", "New, Remnant or Used"),
            Column("qty", QUANTITY, "quantity in stock, in unit"),
            Column("unit", "VARCHAR", "yd, ea, roll, spool, ..."),
            Column("unit_price", MONEY, "price per unit in US dollars"),
            Column("location", "VARCHAR", "shelf or rack"),
        ),
    ),
)

MEASURES: tuple[Measure, ...] = (
    Measure(
        "revenue",
        "sum(total) FILTER (WHERE status = 'completed') grouped or filtered by date_completed",
        "money taken in a period: completed orders by completion date (cleaning = kind 'cleaning')",
        revenue=True,
    ),
    Measure("open orders", "count(*) FILTER (WHERE is_open)", "orders still in the shop's hands"),
    Measure("overdue orders", "count(*) FILTER (WHERE is_overdue)", "open orders past their promised date"),
    Measure(
        "turnaround days",
        "avg(date_completed - date_in) FILTER (WHERE status = 'completed')",
        "days from receipt to completion",
    ),
    Measure(
        "on-time rate",
        "avg(CASE WHEN date_completed <= date_required THEN 1 ELSE 0 END) "
        "FILTER (WHERE status = 'completed' AND date_required IS NOT NULL)",
        "share of completed orders finished by their promised date",
    ),
)

VIEW_NAMES = frozenset(v.name for v in VIEWS)
_BY_NAME = {v.name: v for v in VIEWS}


def view(name: str) -> View:
    """The view named ``name`` (KeyError when there is none)."""
    return _BY_NAME[name]


def schema_text(revenue: bool = True, today: str | None = None) -> str:
    """The schema as a prompt states it: views, their columns and meanings, the measures."""
    lines = ["DuckDB views (read-only; one SELECT or WITH ... SELECT over these only):"]
    for v in VIEWS:
        lines.append(f"\n{v.name} -- {v.meaning}")
        lines += [f"  {c.name} {c.type} -- {c.meaning}" for c in v.visible(revenue)]
    lines.append("\nMeasures:")
    lines += [f"  {m.name}: {m.sql} -- {m.meaning}" for m in MEASURES if revenue or not m.revenue]
    if today:
        lines.append(f"\nThe business today is {today}; CURRENT_DATE means that date.")
    return "\n".join(lines)


def schema_doc(revenue: bool = True) -> dict[str, Any]:
    """The schema as the API docs and the SPA read it (JSON-ready)."""
    return {
        "views": [
            {
                "name": v.name,
                "meaning": v.meaning,
                "columns": [{"name": c.name, "type": c.type, "meaning": c.meaning} for c in v.visible(revenue)],
            }
            for v in VIEWS
        ],
        "measures": [
            {"name": m.name, "sql": m.sql, "meaning": m.meaning} for m in MEASURES if revenue or not m.revenue
        ],
    }
