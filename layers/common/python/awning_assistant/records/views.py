"""Records as the API shows them: access-checked, titled, linked, with their customer, redacted.

A record the caller may not see is reported exactly like a missing one, so the answer
never reveals that it exists. Every string of a view (notes, instructions, repair
descriptions, item descriptions, the title) is redacted: customers write card numbers
anywhere.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from awning_assistant.errors import NotFound
from awning_assistant.identity.access import Principal
from awning_assistant.models import RecordType
from awning_assistant.records.redaction import redact, redact_deep
from awning_assistant.records.store import ENTITIES, RecordStore, item_to_record

# The record types /records serves (those of ENTITIES; documents have their own routes), as plain strings so the
# OpenAPI document lists them and a wrong one gets a 422 naming them.
BrowsableType = Literal["customer", "work_order", "repair_order", "inventory"]
TYPE_LABELS = {
    RecordType.customer: "customer",
    RecordType.work_order: "work order",
    RecordType.repair_order: "repair order",
    RecordType.inventory: "stock item",
    RecordType.document: "document",
}


def record_url(rtype: RecordType, record_id: str, page: int | None = None) -> str:
    """The API link of a record or document page (the SPA opens it in its side panel)."""
    if rtype is RecordType.document:
        return f"/api/documents/{record_id}" + (f"#page={page}" if page else "")
    return f"/api/records/{rtype.value}/{record_id}"


def title_of(record_id: str, name: str | None) -> str:
    """A short human title: "WO-13552 · Boat cover - clean", "C00110 · Tamara Thomas" (the id alone without a name)."""
    return redact(f"{record_id} · {name or ''}".strip(" ·"))


def record_title(rtype: RecordType, item: dict[str, Any]) -> str:
    """The short human title of a stored item (``title_of`` its id and its name attribute)."""
    key = item.get(ENTITIES[rtype].key, "") if rtype in ENTITIES else ""
    name = {
        RecordType.customer: "Name",
        RecordType.work_order: "WOName",
        RecordType.repair_order: "ROName",
        RecordType.inventory: "Description",
    }.get(rtype)
    return title_of(key, item.get(name)) if name else redact(str(key))


class CustomerSummary(BaseModel):
    CustID: str
    Name: str
    Contact: str
    Phone: str
    Email: str
    Territory: str


class RecordView(BaseModel):
    type: RecordType
    id: str
    title: str
    url: str
    record: dict[str, Any]
    customer: CustomerSummary | None = None


def view_record(records: RecordStore, principal: Principal, rtype: RecordType, record_id: str) -> RecordView:
    """The record if the caller may see it; NotFound otherwise (missing or not theirs)."""
    item = records.get_item(rtype, record_id)
    label = TYPE_LABELS[rtype]
    if item is None or not principal.may_see_item(rtype, item):
        raise NotFound(f"No {label} {record_id} that you can see.")
    record = redact_deep(item_to_record(ENTITIES[rtype], item).model_dump(mode="json"))
    customer = None
    if "CustID" in record and rtype is not RecordType.customer:
        cust = records.get_item(RecordType.customer, record["CustID"])
        if cust and principal.may_see_item(RecordType.customer, cust):
            summary = {k: cust.get(k, "") for k in CustomerSummary.model_fields}
            customer = CustomerSummary.model_validate(redact_deep(summary))
    return RecordView(
        type=rtype,
        id=record_id,
        title=record_title(rtype, item),
        url=record_url(rtype, record_id),
        record=record,
        customer=customer,
    )
