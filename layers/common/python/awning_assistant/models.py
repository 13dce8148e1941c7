"""Business records, exactly as the import format defines them.

Field names keep the business system's PascalCase so that an imported line, a
DynamoDB item and an API record all read the same. Money is ``Decimal`` so totals
stay exact to the cent (and DynamoDB accepts it as a number).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Quantity = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=4)]

WorkOrderStatus = Literal["received", "cleaning_queue", "cleaning", "repair_queue", "ready", "completed", "cancelled"]
RepairOrderStatus = Literal["received", "quoted", "approved", "in_repair", "ready", "completed", "cancelled"]
CLOSED_STATUSES = frozenset({"completed", "cancelled"})
WORK_ORDER_STATUSES: tuple[str, ...] = WorkOrderStatus.__args__  # type: ignore[attr-defined]
REPAIR_ORDER_STATUSES: tuple[str, ...] = RepairOrderStatus.__args__  # type: ignore[attr-defined]


class RecordType(StrEnum):
    """The kinds of record the assistant can cite; values appear in URLs and chunk ids."""

    customer = "customer"
    work_order = "work_order"
    repair_order = "repair_order"
    inventory = "inventory"
    document = "document"


class Record(BaseModel):
    """Base of the business records: strict about unknown fields, so typos surface."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Customer(Record):
    CustID: NonEmpty
    Name: NonEmpty
    Contact: str = ""
    Address: str = ""
    City: str = ""
    State: str = ""
    ZipCode: str = ""
    Phone: str = ""
    Email: str = ""
    Source: str = ""
    Territory: NonEmpty
    Notes: str | None = None


class WorkOrderItem(Record):
    Description: NonEmpty
    Material: str = ""
    Color: str = ""
    Qty: Quantity
    Condition: str = ""
    SizeWgt: str = ""
    Price: Money


class _Order(Record):
    """What cleaning and repair orders share: customer, dates, status, rush flag."""

    CustID: NonEmpty
    DateIn: date
    DateRequired: date | None = None
    DateCompleted: date | None = None
    RushOrder: bool = False
    Total: Money

    @model_validator(mode="after")
    def _dates_in_order(self) -> _Order:
        if self.DateCompleted and self.DateCompleted < self.DateIn:
            raise ValueError("DateCompleted: is before DateIn")
        return self


class WorkOrder(_Order):
    WorkOrderNo: NonEmpty
    WOName: NonEmpty
    Status: WorkOrderStatus
    RepairsNeeded: bool = False
    SpecialInstructions: str | None = None
    Items: list[WorkOrderItem] = Field(default_factory=list)


class RepairOrderItem(Record):
    Description: NonEmpty
    Material: str = ""
    Qty: Quantity
    LaborHours: Quantity = Decimal(0)
    PartsCost: Money = Decimal(0)
    Price: Money


class RepairOrder(_Order):
    RepairOrderNo: NonEmpty
    ROName: NonEmpty
    Status: RepairOrderStatus
    RepairsDescription: str = ""
    Items: list[RepairOrderItem] = Field(default_factory=list)


class InventoryItem(Record):
    InventoryKey: NonEmpty
    Description: NonEmpty
    Material: NonEmpty
    Color: str = ""
    Condition: Literal["New", "Remnant", "Used"]
    Qty: Quantity
    Unit: NonEmpty
    UnitPrice: Money
    Location: str = ""


Role = Literal["admin", "manager", "staff"]


class User(BaseModel):
    """A person who may sign in; ``territories`` limit what a staff user sees."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    username: NonEmpty
    name: NonEmpty
    role: Role
    territories: list[str] = Field(default_factory=list)


BusinessRecord = Customer | WorkOrder | RepairOrder | InventoryItem
