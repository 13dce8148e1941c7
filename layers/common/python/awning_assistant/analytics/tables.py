"""The mirror's stored tables: which rows a business record becomes, and in which partition.

Layout (Hive-style keys, so Athena/Glue read the same files)::

    mirror/orders/kind=cleaning/month=2026-05/part.parquet
    mirror/order_items/kind=repair/month=2026-05/part.parquet
    mirror/customers/territory=North/part.parquet
    mirror/inventory/part.parquet

Why these keys: an order is partitioned by kind and the month it came in. That month never
changes in an order's life (its status and dates after intake do), so a change rewrites one
partition; a stream batch is mostly this month's orders, so it touches one or two; and a
month holds a few thousand orders at most, so a rewrite stays small. Items live in their
order's partition and are rewritten with it. Customers are partitioned by territory, the
access boundary; a customer who moves leaves one partition and joins another. Stock is
small and unrestricted: one file.

Orders do not store their customer's name or territory: the sandbox joins them from
``customers`` when it loads, so a renamed or moved customer is one rewritten customer
partition, not a rewrite of every order. Partition columns are also kept inside the files,
so each file reads on its own. Empty strings become NULL: both mean "unknown" in the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from awning_assistant.analytics.views import view
from awning_assistant.models import RecordType

NO_VALUE = "__HIVE_DEFAULT_PARTITION__"  # Hive's (and Athena's) partition value for NULL
KINDS = {RecordType.work_order: "cleaning", RecordType.repair_order: "repair"}
Row = tuple[Any, ...]
Partitioned = dict[str, list[Row]]  # partition path ("kind=cleaning/month=2026-05") -> rows


@dataclass(frozen=True)
class RecordRows:
    """One record's rows in the mirror: its key (the first columns of each of its rows) and its
    rows by table and partition; a partition with no rows still names where the record lives."""

    key: Row
    tables: dict[str, Partitioned]


@dataclass(frozen=True)
class MirrorTable:
    """A stored table: its columns (types from the view of the same name) and the columns that
    name one source record (all of a record's rows are replaced together)."""

    name: str
    columns: tuple[str, ...]
    record_key: tuple[str, ...]

    @property
    def types(self) -> dict[str, str]:
        declared = {c.name: c.type for c in view(self.name).columns}
        return {c: declared[c] for c in self.columns}

    def key_of(self, row: Row) -> Row:
        return row[: len(self.record_key)]  # the record key columns come first


ORDERS = MirrorTable(
    "orders",
    ("order_no", "kind", "cust_id", "title", "status", "rush", "date_in", "date_required", "date_completed", "total"),
    ("order_no", "kind"),
)
ORDER_ITEMS = MirrorTable(
    "order_items",
    (
        "order_no",
        "kind",
        "line_no",
        "description",
        "material",
        "color",
        "qty",
        "condition",
        "price",
        "labor_hours",
        "parts_cost",
    ),
    ("order_no", "kind"),
)
CUSTOMERS = MirrorTable(
    "customers",
    ("cust_id", "name", "contact", "city", "state", "zip", "phone", "email", "source", "territory"),
    ("cust_id",),
)
INVENTORY = MirrorTable(
    "inventory",
    ("inventory_key", "description", "material", "color", "condition", "qty", "unit", "unit_price", "location"),
    ("inventory_key",),
)
TABLES: dict[str, MirrorTable] = {t.name: t for t in (ORDERS, ORDER_ITEMS, CUSTOMERS, INVENTORY)}


def text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def number(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def hive(**keys: str | None) -> str:
    """A Hive partition path; values are percent-encoded, NULL is Hive's default partition."""
    return "/".join(f"{k}={quote(v, safe='') if v else NO_VALUE}" for k, v in keys.items())


def _order_rows(rtype: RecordType, item: dict[str, Any]) -> RecordRows:
    kind = KINDS[rtype]
    number_key = "WorkOrderNo" if rtype is RecordType.work_order else "RepairOrderNo"
    order_no = item[number_key]
    part = hive(kind=kind, month=str(item.get("DateIn") or "")[:7] or None)
    order = (
        order_no,
        kind,
        text(item.get("CustID")),
        text(item.get("WOName") or item.get("ROName")),
        text(item.get("Status")),
        bool(item.get("RushOrder")),
        day(item.get("DateIn")),
        day(item.get("DateRequired")),
        day(item.get("DateCompleted")),
        number(item.get("Total")),
    )
    lines = [
        (
            order_no,
            kind,
            n,
            text(i.get("Description")),
            text(i.get("Material")),
            text(i.get("Color")),
            number(i.get("Qty")),
            text(i.get("Condition")),
            number(i.get("Price")),
            number(i.get("LaborHours")),
            number(i.get("PartsCost")),
        )
        for n, i in enumerate(item.get("Items") or [], start=1)
    ]
    return RecordRows((order_no, kind), {"orders": {part: [order]}, "order_items": {part: lines}})


def _customer_rows(_: RecordType, item: dict[str, Any]) -> RecordRows:
    row = (
        item["CustID"],
        *(
            text(item.get(f))
            for f in ("Name", "Contact", "City", "State", "ZipCode", "Phone", "Email", "Source", "Territory")
        ),
    )
    return RecordRows(row[:1], {"customers": {hive(territory=text(item.get("Territory"))): [row]}})


def _inventory_rows(_: RecordType, item: dict[str, Any]) -> RecordRows:
    row = (
        item["InventoryKey"],
        text(item.get("Description")),
        text(item.get("Material")),
        text(item.get("Color")),
        text(item.get("Condition")),
        number(item.get("Qty")),
        text(item.get("Unit")),
        number(item.get("UnitPrice")),
        text(item.get("Location")),
    )
    return RecordRows(row[:1], {"inventory": {"": [row]}})


ROW_BUILDERS: dict[RecordType, Callable[[RecordType, dict[str, Any]], RecordRows]] = {
    RecordType.work_order: _order_rows,
    RecordType.repair_order: _order_rows,
    RecordType.customer: _customer_rows,
    RecordType.inventory: _inventory_rows,
}


def rows_of(rtype: RecordType, item: dict[str, Any]) -> RecordRows:
    """The mirror rows of one table item (a DynamoDB item or an import line), by table and partition.

    Read from the item itself, not a typed row (``records.rows``): the mirror copies stored attributes column
    for column, with its own NULLs (empty text is NULL, an absent number NULL, not 0)."""
    return ROW_BUILDERS[rtype](rtype, item)
