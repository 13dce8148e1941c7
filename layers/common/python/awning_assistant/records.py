"""The business tables in DynamoDB: keys, derived index attributes and typed queries.

One table per entity, keyed by the business id. Orders carry four derived attributes
so every question the assistant answers is a Query on an index, never a Scan:

- ``Territory`` (copied from the customer) feeds the staff access filter;
- ``DueMonth`` (``YYYY-MM`` of DateRequired) partitions ``ByDue`` for due windows;
- ``DoneMonth`` (``YYYY-MM`` of DateCompleted) partitions ``ByCompleted`` for lists of
  completed orders (revenue itself is read from the rollups, see ``rollups``);
- ``IsOpen`` (present only while an order is open) keys the sparse ``OpenByDue`` index,
  sorted by DateRequired: the overdue orders are one range of it.

Attributes that are ``None`` are left out of the item, which keeps the sparse indexes
sparse (DynamoDB refuses a NULL index key).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from .dynamo import all_pages, batch_get
from .models import (
    CLOSED_STATUSES,
    REPAIR_ORDER_STATUSES,
    WORK_ORDER_STATUSES,
    Customer,
    InventoryItem,
    Record,
    RecordType,
    RepairOrder,
    User,
    WorkOrder,
)
from .periods import DateRange, months_between
from .settings import Settings

DERIVED_ATTRIBUTES = frozenset({"Territory", "DueMonth", "DoneMonth", "IsOpen"})
# What an order list shows and filters on: reading only these (not the line items and
# notes) keeps a list of hundreds of orders a small response.
ORDER_SUMMARY = ("WorkOrderNo", "RepairOrderNo", "WOName", "ROName", "CustID", "Status", "DateIn", "DateRequired",
                 "DateCompleted", "RushOrder", "Total", "Territory")


@dataclass(frozen=True)
class Entity:
    """How one record type is stored and imported."""

    type: RecordType
    model: type[Record]
    key: str
    file: str
    table_setting: str
    statuses: tuple[str, ...] = ()

    @property
    def is_order(self) -> bool:
        return bool(self.statuses)


ENTITIES: dict[RecordType, Entity] = {
    e.type: e
    for e in (
        Entity(RecordType.customer, Customer, "CustID", "customers.jsonl", "customers_table"),
        Entity(RecordType.work_order, WorkOrder, "WorkOrderNo", "work_orders.jsonl",
               "work_orders_table", WORK_ORDER_STATUSES),
        Entity(RecordType.repair_order, RepairOrder, "RepairOrderNo", "repair_orders.jsonl",
               "repair_orders_table", REPAIR_ORDER_STATUSES),
        Entity(RecordType.inventory, InventoryItem, "InventoryKey", "inventory.jsonl",
               "inventory_table"),
    )
}
ORDER_TYPES = (RecordType.work_order, RecordType.repair_order)


def to_dynamo(value: Any) -> Any:
    """Plain data as DynamoDB stores it: dates as ISO strings, numbers as Decimal, no None."""
    if isinstance(value, dict):
        return {k: to_dynamo(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [to_dynamo(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(str(value))
    return value


def _projection(attributes: Iterable[str]) -> dict[str, Any]:
    names = {f"#p{i}": attr for i, attr in enumerate(attributes)}
    return {"ProjectionExpression": ", ".join(names), "ExpressionAttributeNames": names}


def plain(value: Any) -> Any:
    """An item as plain JSON values: DynamoDB's Decimals become numbers (ints stay ints)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def record_to_item(record: Record, territory: str | None = None) -> dict[str, Any]:
    """The DynamoDB item of a record, with the derived index attributes of an order.

    Empty top-level strings are left out like None: DynamoDB refuses an empty index key.
    """
    item = {k: v for k, v in to_dynamo(record.model_dump()).items() if v != ""}
    if isinstance(record, WorkOrder | RepairOrder):
        if territory:
            item["Territory"] = territory
        if record.DateRequired:
            item["DueMonth"] = record.DateRequired.isoformat()[:7]
        if record.DateCompleted:
            item["DoneMonth"] = record.DateCompleted.isoformat()[:7]
        if record.Status not in CLOSED_STATUSES:
            item["IsOpen"] = "yes"
    return item


def open_statuses(rtype: RecordType) -> tuple[str, ...]:
    """The statuses of an order type that are still in the shop's hands."""
    return tuple(s for s in ENTITIES[rtype].statuses if s not in CLOSED_STATUSES)


@dataclass(frozen=True)
class OrderFilter:
    """What an order query keeps, applied by DynamoDB before it replies (fewer and smaller
    items come back, though the same items are read), and which fields it returns."""

    territories: tuple[str, ...] | None = None  # None: every territory
    due_before: date | None = None
    open_only: bool = False
    rush_only: bool = False
    fields: tuple[str, ...] | None = None  # None: whole items

    def arguments(self, rtype: RecordType) -> dict[str, Any]:
        conditions = []
        if self.territories is not None:
            conditions.append(Attr("Territory").is_in(sorted(self.territories) or ["-"]))
        if self.due_before is not None:
            conditions.append(Attr("DateRequired").lt(self.due_before.isoformat()))
        if self.open_only:
            conditions.append(Attr("Status").is_in(list(open_statuses(rtype))))
        if self.rush_only:
            conditions.append(Attr("RushOrder").eq(True))
        arguments = _projection(self.fields) if self.fields else {}
        if conditions:
            arguments["FilterExpression"] = functools.reduce(operator.and_, conditions)
        return arguments


NO_FILTER = OrderFilter()


def item_to_record(entity: Entity, item: dict[str, Any]) -> Record:
    """The typed record of an item (derived attributes dropped, except a customer's own)."""
    data = {k: v for k, v in item.items() if k not in DERIVED_ATTRIBUTES or k in entity.model.model_fields}
    return entity.model.model_validate(data)


class RecordStore:
    """Typed, read-mostly access to the business tables through their indexes."""

    def __init__(self, dynamodb: Any, settings: Settings) -> None:
        self._dynamodb = dynamodb
        self._settings = settings

    def table(self, rtype: RecordType | None) -> Any:
        """A business table, or the users table for ``None``."""
        name = getattr(self._settings, ENTITIES[rtype].table_setting) if rtype else self._settings.users_table
        return self._dynamodb.Table(name)

    def type_of_stream(self, stream_arn: str) -> RecordType:
        """The record type of a table stream ARN (``arn:...:table/<name>/stream/<label>``)."""
        table = stream_arn.split(":table/", 1)[-1].split("/", 1)[0]
        for rtype, entity in ENTITIES.items():
            if getattr(self._settings, entity.table_setting) == table:
                return rtype
        raise ValueError(f"no business table named {table!r}")

    @staticmethod
    def key_of(rtype: RecordType | None) -> str:
        return ENTITIES[rtype].key if rtype else "username"

    # ---- single records -------------------------------------------------------------

    def get_item(self, rtype: RecordType, record_id: str) -> dict[str, Any] | None:
        """The raw item (with derived attributes such as an order's Territory), or None."""
        entity = ENTITIES[rtype]
        return self.table(rtype).get_item(Key={entity.key: record_id}).get("Item")

    def get(self, rtype: RecordType, record_id: str) -> Record | None:
        item = self.get_item(rtype, record_id)
        return item_to_record(ENTITIES[rtype], item) if item else None

    def get_many(self, rtype: RecordType | None, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Raw items by id (users for ``None``), fetched in BatchGetItem pages of 100."""
        return batch_get(self._dynamodb, self.table(rtype).name, self.key_of(rtype), sorted(set(ids)))

    def get_user(self, username: str) -> User | None:
        item = self.table(None).get_item(Key={"username": username}).get("Item")
        return User.model_validate(item) if item else None

    # ---- writes -----------------------------------------------------------------------

    def put_items(self, rtype: RecordType | None, items: Iterable[dict[str, Any]]) -> int:
        """Batched, idempotent writes (a put replaces the item with the same key)."""
        count = 0
        with self.table(rtype).batch_writer(overwrite_by_pkeys=[self.key_of(rtype)]) as batch:
            for item in items:
                batch.put_item(Item=item)
                count += 1
        return count

    # ---- index queries ----------------------------------------------------------------

    def _query(self, rtype: RecordType, **kwargs: Any) -> Iterator[dict[str, Any]]:
        """All pages of a query."""
        return all_pages(self.table(rtype).query, **kwargs)

    def orders_by_status(self, rtype: RecordType, status: str, where: OrderFilter = NO_FILTER,
                         received: DateRange | None = None) -> Iterator[dict[str, Any]]:
        """Orders in one status, optionally only those that came in during ``received``."""
        key = Key("Status").eq(status)
        if received:
            key &= Key("DateIn").between(received.start.isoformat(), received.end.isoformat())
        return self._query(rtype, IndexName="ByStatus", KeyConditionExpression=key, **where.arguments(rtype))

    def open_orders(self, rtype: RecordType, where: OrderFilter = NO_FILTER) -> Iterator[dict[str, Any]]:
        for status in open_statuses(rtype):
            yield from self.orders_by_status(rtype, status, where)

    def overdue_orders(self, rtype: RecordType, today: date,
                       where: OrderFilter = NO_FILTER) -> Iterator[dict[str, Any]]:
        """Open orders due before ``today``: one range of the sparse ``OpenByDue`` index."""
        return self._query(rtype, IndexName="OpenByDue",
                           KeyConditionExpression=Key("IsOpen").eq("yes") & Key("DateRequired").lt(today.isoformat()),
                           **where.arguments(rtype))

    def orders_by_customer(self, rtype: RecordType, cust_id: str,
                           where: OrderFilter = NO_FILTER) -> Iterator[dict[str, Any]]:
        return self._query(rtype, IndexName="ByCustomer", KeyConditionExpression=Key("CustID").eq(cust_id),
                           **where.arguments(rtype))

    def _by_month(self, rtype: RecordType, index: str, month_attr: str, date_attr: str, period: DateRange,
                  where: OrderFilter) -> Iterator[dict[str, Any]]:
        for month in months_between(period.start, period.end):
            yield from self._query(
                rtype, IndexName=index,
                KeyConditionExpression=Key(month_attr).eq(month)
                & Key(date_attr).between(period.start.isoformat(), period.end.isoformat()),
                **where.arguments(rtype))

    def orders_due(self, rtype: RecordType, period: DateRange,
                   where: OrderFilter = NO_FILTER) -> Iterator[dict[str, Any]]:
        return self._by_month(rtype, "ByDue", "DueMonth", "DateRequired", period, where)

    def orders_completed(self, rtype: RecordType, period: DateRange,
                         where: OrderFilter = NO_FILTER) -> Iterator[dict[str, Any]]:
        return self._by_month(rtype, "ByCompleted", "DoneMonth", "DateCompleted", period, where)

    def inventory_by_material(self, material: str) -> Iterator[dict[str, Any]]:
        return self._query(RecordType.inventory, IndexName="ByMaterial",
                           KeyConditionExpression=Key("Material").eq(material))

    def scan_all(self, rtype: RecordType | None,
                 projection: tuple[str, ...] | None = None) -> Iterator[dict[str, Any]]:
        """Every item of a table: for the re-index, and the small cached name directory."""
        return all_pages(self.table(rtype).scan, **(_projection(projection) if projection else {}))
