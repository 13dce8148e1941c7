"""Business records as the code past the data-access layer reads them: typed rows with snake_case fields.

The tables keep the import format's PascalCase attributes (``models``, ``store``). Each row type is built from a
stored item in one place, its ``from_item``: DynamoDB's Decimals become JSON numbers there (a whole one an int, so it
reads and serialises as the item's did), an absent amount or quantity 0 (as every reader took it), and any other
absent attribute None. Dates stay ISO text (``YYYY-MM-DD``) as stored: they are shown and compared, and ISO text sorts
as the dates do. ``store.row_to_item`` turns a row back into the stored item's attributes (the model's prompt shows
records so).

Rows are frozen, slotted dataclasses: pydantic carries them in a ``StructuredResult`` (the inference event) as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from awning_assistant.models import RecordType

Number = int | float  # a stored amount or quantity: a whole one is an int, so 12 stays 12 (not 12.0) in JSON

# An order's key and title attributes, by kind.
ORDER_KEYS = {RecordType.work_order: "WorkOrderNo", RecordType.repair_order: "RepairOrderNo"}
ORDER_TITLES = {RecordType.work_order: "WOName", RecordType.repair_order: "ROName"}


def number(value: Any) -> Number:
    """A stored number as JSON has it: a Decimal with a whole value an int, any other a float; absent, 0."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value  # an import line's number is a JSON number already


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """A customer (``customers`` table)."""

    cust_id: str
    name: str | None = None
    contact: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: str | None = None
    phone: str | None = None
    email: str | None = None
    source: str | None = None
    territory: str | None = None
    notes: str | None = None

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> CustomerRow:
        return cls(
            cust_id=item["CustID"],
            name=item.get("Name"),
            contact=item.get("Contact"),
            address=item.get("Address"),
            city=item.get("City"),
            state=item.get("State"),
            zip_code=item.get("ZipCode"),
            phone=item.get("Phone"),
            email=item.get("Email"),
            source=item.get("Source"),
            territory=item.get("Territory"),
            notes=item.get("Notes"),
        )


@dataclass(frozen=True, slots=True)
class OrderLine:
    """A line of an order's ``Items``. Cleaning lines have a colour, condition and size; repair lines labour
    hours and parts cost (0 on a cleaning line)."""

    description: str | None = None
    material: str | None = None
    color: str | None = None
    qty: Number = 0
    condition: str | None = None
    size_wgt: str | None = None
    price: Number = 0
    labor_hours: Number = 0
    parts_cost: Number = 0

    @classmethod
    def from_item(cls, line: Mapping[str, Any]) -> OrderLine:
        return cls(
            description=line.get("Description"),
            material=line.get("Material"),
            color=line.get("Color"),
            qty=number(line.get("Qty")),
            condition=line.get("Condition"),
            size_wgt=line.get("SizeWgt"),
            price=number(line.get("Price")),
            labor_hours=number(line.get("LaborHours")),
            parts_cost=number(line.get("PartsCost")),
        )


@dataclass(frozen=True, slots=True)
class OrderSummary:
    """A cleaning (work) or repair order as lists show it; ``kind`` says which. ``territory`` is its customer's,
    copied onto the order (the staff access filter); ``title`` is its WOName or ROName."""

    kind: RecordType
    order_no: str
    title: str | None = None
    cust_id: str | None = None
    territory: str | None = None
    status: str | None = None
    rush: bool = False
    date_in: str | None = None
    date_required: str | None = None
    date_completed: str | None = None
    total: Number = 0

    @property
    def is_work_order(self) -> bool:
        return self.kind is RecordType.work_order


@dataclass(frozen=True, slots=True)
class OrderRow(OrderSummary):
    """A whole stored order: the summary, its flags and free text, and its lines. ``repairs_needed`` and
    ``special_instructions`` are a work order's, ``repairs_description`` a repair order's."""

    repairs_needed: bool = False
    special_instructions: str | None = None
    repairs_description: str | None = None
    lines: tuple[OrderLine, ...] = ()

    @classmethod
    def from_item(cls, kind: RecordType, item: Mapping[str, Any]) -> OrderRow:
        return cls(
            kind=kind,
            order_no=item[ORDER_KEYS[kind]],
            title=item.get(ORDER_TITLES[kind]),
            cust_id=item.get("CustID"),
            territory=item.get("Territory"),
            status=item.get("Status"),
            rush=bool(item.get("RushOrder")),
            date_in=item.get("DateIn"),
            date_required=item.get("DateRequired"),
            date_completed=item.get("DateCompleted"),
            total=number(item.get("Total")),
            repairs_needed=bool(item.get("RepairsNeeded")),
            special_instructions=item.get("SpecialInstructions"),
            repairs_description=item.get("RepairsDescription"),
            lines=tuple(OrderLine.from_item(line) for line in item.get("Items", [])),
        )


@dataclass(frozen=True, slots=True)
class StockRow:
    """A stock item (``inventory`` table): ``qty`` of it in ``unit``, at ``unit_price`` each."""

    inventory_key: str
    description: str | None = None
    material: str | None = None
    color: str | None = None
    condition: str | None = None
    qty: Number = 0
    unit: str | None = None
    unit_price: Number = 0
    location: str | None = None

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> StockRow:
        return cls(
            inventory_key=item["InventoryKey"],
            description=item.get("Description"),
            material=item.get("Material"),
            color=item.get("Color"),
            condition=item.get("Condition"),
            qty=number(item.get("Qty")),
            unit=item.get("Unit"),
            unit_price=number(item.get("UnitPrice")),
            location=item.get("Location"),
        )
