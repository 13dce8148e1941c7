"""The business tables in DynamoDB: keys, derived index attributes and typed reads.

One table per entity, keyed by the business id. Orders carry four derived attributes:

- ``Territory`` (copied from the customer) feeds the staff access filter;
- ``DueMonth`` (``YYYY-MM`` of DateRequired) partitions ``ByDue``;
- ``DoneMonth`` (``YYYY-MM`` of DateCompleted) partitions ``ByCompleted``;
- ``IsOpen`` (present only while an order is open) keys the sparse ``OpenByDue`` index.

Orders are counted and listed on the analytics mirror now (``analytics.orders``), so those three
indexes and ``ByStatus`` are not read; they leave the template one deploy at a time (DynamoDB
removes one index per table update). A record by id, a customer's orders for their profile
chunk and stock by material are read here: as raw items for the importer, the indexer and the API's record
view, and as typed rows (``records.rows``) for the answering code.

Attributes that are ``None`` are left out of the item, which keeps the sparse indexes
sparse (DynamoDB refuses a NULL index key).
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from awning_assistant.models import (
    CLOSED_STATUSES,
    REPAIR_ORDER_STATUSES,
    WORK_ORDER_STATUSES,
    Customer,
    InventoryItem,
    NonEmpty,
    Record,
    RecordType,
    RepairOrder,
    Role,
    User,
    WorkOrder,
)
from awning_assistant.records.dynamo import all_pages, batch_get
from awning_assistant.records.rows import ORDER_KEYS, ORDER_TITLES, CustomerRow, OrderLine, OrderRow, StockRow
from awning_assistant.settings import Settings

logger = logging.getLogger(__name__)
DERIVED_ATTRIBUTES = frozenset({"Territory", "DueMonth", "DoneMonth", "IsOpen"})
DERIVED_FROM = ("CustID", "DateRequired", "DateCompleted", "Status")  # the fields they are computed from


@dataclass(frozen=True)
class Entity:
    """How one record type is stored and imported."""

    type: RecordType
    model: builtins.type[Record]  # ``type`` is the field above inside this class
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
        Entity(
            RecordType.work_order,
            WorkOrder,
            "WorkOrderNo",
            "work_orders.jsonl",
            "work_orders_table",
            WORK_ORDER_STATUSES,
        ),
        Entity(
            RecordType.repair_order,
            RepairOrder,
            "RepairOrderNo",
            "repair_orders.jsonl",
            "repair_orders_table",
            REPAIR_ORDER_STATUSES,
        ),
        Entity(RecordType.inventory, InventoryItem, "InventoryKey", "inventory.jsonl", "inventory_table"),
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


def derived_attributes(order: dict[str, Any], territory: str | None) -> dict[str, str]:
    """The derived index attributes an order item must carry (an absent one is left out).

    ``territory`` is the order's customer's: an order of no known customer has none, so staff
    never see it (access fails closed).
    """
    derived = {
        "Territory": territory or "",
        "DueMonth": str(order.get("DateRequired") or "")[:7],
        "DoneMonth": str(order.get("DateCompleted") or "")[:7],
        "IsOpen": "" if order.get("Status") in CLOSED_STATUSES else "yes",
    }
    return {k: v for k, v in derived.items() if v}


def record_to_item(record: Record, territory: str | None = None) -> dict[str, Any]:
    """The DynamoDB item of a record, with the derived index attributes of an order.

    Empty top-level strings are left out like None: DynamoDB refuses an empty index key.
    """
    item = {k: v for k, v in to_dynamo(record.model_dump()).items() if v != ""}
    if isinstance(record, WorkOrder | RepairOrder):
        item |= derived_attributes(item, territory)
    return item


def item_to_record(entity: Entity, item: dict[str, Any]) -> Record:
    """The typed record of an item (derived attributes dropped, except a customer's own)."""
    data = {k: v for k, v in item.items() if k not in DERIVED_ATTRIBUTES or k in entity.model.model_fields}
    return entity.model.model_validate(data)


def row_to_item(row: CustomerRow | OrderRow | StockRow) -> dict[str, Any]:
    """The stored item a typed row was read from, in plain JSON values (what the model's prompt shows of a record):
    ``record_to_item``'s attributes in its order, None and empty text left out, and an order's derived attributes."""
    if isinstance(row, CustomerRow):
        return _present(
            ("CustID", row.cust_id),
            ("Name", row.name),
            ("Contact", row.contact),
            ("Address", row.address),
            ("City", row.city),
            ("State", row.state),
            ("ZipCode", row.zip_code),
            ("Phone", row.phone),
            ("Email", row.email),
            ("Source", row.source),
            ("Territory", row.territory),
            ("Notes", row.notes),
        )
    if isinstance(row, StockRow):
        return _present(
            ("InventoryKey", row.inventory_key),
            ("Description", row.description),
            ("Material", row.material),
            ("Color", row.color),
            ("Condition", row.condition),
            ("Qty", row.qty),
            ("Unit", row.unit),
            ("UnitPrice", row.unit_price),
            ("Location", row.location),
        )
    own = (
        [("RepairsNeeded", row.repairs_needed), ("SpecialInstructions", row.special_instructions)]
        if row.is_work_order
        else [("RepairsDescription", row.repairs_description)]
    )
    item = _present(
        ("CustID", row.cust_id),
        ("DateIn", row.date_in),
        ("DateRequired", row.date_required),
        ("DateCompleted", row.date_completed),
        ("RushOrder", row.rush),
        ("Total", row.total),
        (ORDER_KEYS[row.kind], row.order_no),
        (ORDER_TITLES[row.kind], row.title),
        ("Status", row.status),
        *own,
        ("Items", [_line_item(line, row.is_work_order) for line in row.lines]),
    )
    return item | derived_attributes(item, row.territory)


def _present(*attributes: tuple[str, Any]) -> dict[str, Any]:
    """Top-level attributes as ``record_to_item`` keeps them: not None, not empty text."""
    return {k: v for k, v in attributes if v is not None and v != ""}


def _line_item(line: OrderLine, cleaning: bool) -> dict[str, Any]:
    """An order line as stored: a cleaning line's attributes or a repair line's (None left out, as ``to_dynamo``)."""
    own = (
        [("Color", line.color), ("Qty", line.qty), ("Condition", line.condition), ("SizeWgt", line.size_wgt)]
        if cleaning
        else [("Qty", line.qty), ("LaborHours", line.labor_hours), ("PartsCost", line.parts_cost)]
    )
    attributes = [("Description", line.description), ("Material", line.material), *own, ("Price", line.price)]
    return {k: v for k, v in attributes if v is not None}


def user_of(item: dict[str, Any]) -> User | None:
    """A stored user; attributes the model does not know (audit stamps, notes) are ignored,
    and a row that is not a valid user (say, an unknown role) is nobody: access fails closed."""
    try:
        return User.model_validate({k: v for k, v in plain(item).items() if k in User.model_fields})
    except ValidationError:
        logger.warning("users table row is not a valid user: %s", item.get("username"))
        return None


class Integration(BaseModel):
    """A machine client of ``/integrations/*``: a Cognito app client registered by an administrator
    in the integrations table, which no import writes, so its role cannot be changed by data."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    client_id: NonEmpty
    name: NonEmpty
    role: Role
    territories: list[str] = Field(default_factory=list)


def integration_of(item: dict[str, Any]) -> Integration | None:
    """A stored integration; a row that is not a valid one (no role, a role we do not know) grants nothing."""
    try:
        return Integration.model_validate(plain(item))
    except ValidationError:
        logger.warning("integrations table row is not a valid integration: %s", item.get("client_id"))
        return None


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

    # ---- typed rows: what the answering code reads ------------------------------------

    def customer(self, cust_id: str) -> CustomerRow | None:
        item = self.get_item(RecordType.customer, cust_id)
        return CustomerRow.from_item(item) if item else None

    def customers(self, ids: Iterable[str]) -> dict[str, CustomerRow]:
        """Customers by id; missing ones are left out."""
        return {k: CustomerRow.from_item(v) for k, v in self.get_many(RecordType.customer, ids).items()}

    def order(self, rtype: RecordType, order_no: str) -> OrderRow | None:
        """A work or repair order (``rtype``) by number."""
        item = self.get_item(rtype, order_no)
        return OrderRow.from_item(rtype, item) if item else None

    def stock_items(self, keys: Iterable[str]) -> dict[str, StockRow]:
        """Stock items by key; missing ones are left out."""
        return {k: StockRow.from_item(v) for k, v in self.get_many(RecordType.inventory, keys).items()}

    def get_user(self, username: str) -> User | None:
        item = self.table(None).get_item(Key={"username": username}).get("Item")
        return user_of(item) if item else None

    def get_integration(self, client_id: str) -> Integration | None:
        """The integration registered for a Cognito app client; None when unknown or malformed."""
        table = self._dynamodb.Table(self._settings.integrations_table)
        item = table.get_item(Key={"client_id": client_id}).get("Item")
        return integration_of(item) if item else None

    # ---- writes -----------------------------------------------------------------------

    def put_items(self, rtype: RecordType | None, items: Iterable[dict[str, Any]]) -> int:
        """Batched, idempotent writes (a put replaces the item with the same key)."""
        count = 0
        with self.table(rtype).batch_writer(overwrite_by_pkeys=[self.key_of(rtype)]) as batch:
            for item in items:
                batch.put_item(Item=item)
                count += 1
        return count

    def sync_derived(self, rtype: RecordType, order: dict[str, Any], territory: str | None) -> bool:
        """Give a stored order the derived attributes it should carry; True when it was changed.

        Any writer may put an order (not only the importer), and a customer may move to another
        territory: the indexer calls this for every order it sees, so the index attributes and
        the staff access filter follow the source fields. The write is conditional on those
        fields being unchanged; a newer write brings its own stream record and another sync.
        """
        wanted = derived_attributes(order, territory)
        if all(order.get(k) == wanted.get(k) for k in DERIVED_ATTRIBUTES):
            return False
        key = ENTITIES[rtype].key
        names = {f"#{k}": k for k in (key, *DERIVED_ATTRIBUTES, *DERIVED_FROM)}
        values = {f":{k}": v for k, v in wanted.items()} | {
            f":was{k}": order[k] for k in DERIVED_FROM if order.get(k) is not None
        }
        update = f"SET {', '.join(f'#{k} = :{k}' for k in wanted)}" if wanted else ""
        if removed := [f"#{k}" for k in sorted(DERIVED_ATTRIBUTES) if k not in wanted]:
            update += f" REMOVE {', '.join(removed)}"
        unchanged = [f"attribute_exists(#{key})"] + [
            f"#{k} = :was{k}" if f":was{k}" in values else f"attribute_not_exists(#{k})" for k in DERIVED_FROM
        ]
        try:
            self.table(rtype).update_item(
                Key={key: order[key]},
                UpdateExpression=update.strip(),
                ConditionExpression=" AND ".join(unchanged),
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False  # changed or deleted meanwhile: its own stream record follows
            raise
        return True

    # ---- index queries ----------------------------------------------------------------

    def _query(self, rtype: RecordType, **kwargs: Any) -> Iterator[dict[str, Any]]:
        """All pages of a query."""
        return all_pages(self.table(rtype).query, **kwargs)

    def orders_by_customer(self, rtype: RecordType, cust_id: str) -> Iterator[dict[str, Any]]:
        return self._query(rtype, IndexName="ByCustomer", KeyConditionExpression=Key("CustID").eq(cust_id))

    def inventory_by_material(self, material: str) -> Iterator[StockRow]:
        items = self._query(
            RecordType.inventory, IndexName="ByMaterial", KeyConditionExpression=Key("Material").eq(material)
        )
        return (StockRow.from_item(item) for item in items)

    def scan_page(
        self, rtype: RecordType, start: dict[str, Any] | None, limit: int
    ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to ``limit`` items from ``start`` (a page's ``LastEvaluatedKey``) and where the next page starts."""
        reply = self.table(rtype).scan(Limit=limit, **({"ExclusiveStartKey": start} if start else {}))
        return reply.get("Items", []), reply.get("LastEvaluatedKey")

    def scan_all(self, rtype: RecordType | None, projection: tuple[str, ...] | None = None) -> Iterator[dict[str, Any]]:
        """Every item of a table: for the re-index, and the small cached name directory."""
        return all_pages(self.table(rtype).scan, **(_projection(projection) if projection else {}))
