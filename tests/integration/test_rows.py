"""Typed rows at the data-access boundary: built from stored items in one place, turned back into the same items
(what the model's prompt shows), and carried unchanged through the inference event's JSON."""

from __future__ import annotations

from decimal import Decimal

from awning_assistant.answering.query_model import Intent, QueryPlan
from awning_assistant.answering.structured import Contact, OrderDetail, StructuredResult
from awning_assistant.factory import Services
from awning_assistant.models import RecordType
from awning_assistant.records.rows import CustomerRow, OrderLine, OrderRow, StockRow, number
from awning_assistant.records.store import ENTITIES, plain, row_to_item


def rows_of(shop: Services, rtype: RecordType) -> list[tuple[dict, CustomerRow | OrderRow | StockRow]]:
    items = list(shop.records.scan_all(rtype))
    if rtype is RecordType.customer:
        return [(i, CustomerRow.from_item(i)) for i in items]
    if rtype is RecordType.inventory:
        return [(i, StockRow.from_item(i)) for i in items]
    return [(i, OrderRow.from_item(rtype, i)) for i in items]


def test_a_row_turns_back_into_its_stored_item_attribute_for_attribute_in_order(shop: Services):
    for rtype in ENTITIES:
        pairs = rows_of(shop, rtype)
        assert pairs, rtype
        for item, row in pairs:
            assert list(row_to_item(row).items()) == list(plain(item).items()), (rtype, item)


def test_numbers_read_as_json_has_them_and_absent_attributes_as_none():
    assert (number(Decimal("12")), number(Decimal("12.50")), number(Decimal("1E+1")), number(None)) == (12, 12.5, 10, 0)
    assert type(number(Decimal("12.00"))) is int and type(number(Decimal("0.25"))) is float
    order = OrderRow.from_item(
        RecordType.repair_order,
        {"RepairOrderNo": "RO-1", "Total": Decimal("90.00"), "Items": [{"Description": "Seam", "Qty": Decimal(2)}]},
    )
    assert (order.order_no, order.total, order.status, order.date_in, order.rush, order.cust_id) == (
        "RO-1",
        90,
        None,
        None,
        False,
        None,
    )
    assert order.lines == (OrderLine(description="Seam", qty=2),) and not order.is_work_order
    assert CustomerRow.from_item({"CustID": "C1"}) == CustomerRow("C1")
    assert StockRow.from_item({"InventoryKey": "INV-1", "Qty": Decimal("2.5")}).qty == 2.5


def test_a_structured_result_of_rows_survives_the_inference_events_json(shop: Services):
    customer = CustomerRow.from_item(shop.records.get_item(RecordType.customer, "C00001"))
    (order,) = [o for _, o in rows_of(shop, RecordType.work_order) if o.order_no == "WO-10001"]
    (repair, *_) = [o for _, o in rows_of(shop, RecordType.repair_order)]
    stock = [s for _, s in rows_of(shop, RecordType.inventory)]
    result = StructuredResult(
        intent=Intent.order_detail,
        plan=QueryPlan(intent=Intent.order_detail, order_ids=["WO-10001"]),
        orders=[OrderDetail(order, "Harbor", Contact("Sam", "555", "s@x.com")), OrderDetail(repair, "")],
        customers=[customer],
        stock=stock,
    )
    again = StructuredResult.model_validate_json(result.model_dump_json())
    assert again == result and again.record_items() == result.record_items()
    assert isinstance(again.orders[0].order, OrderRow) and again.orders[0].order.kind is RecordType.work_order
    assert [type(s.qty) for s in again.stock] == [type(s.qty) for s in stock]  # 80 stays 80, not 80.0
    first = result.record_items()[0]
    assert list(first)[:5] == ["type", "CustomerName", "CustomerContact", "CustomerPhone", "CustomerEmail"]
    assert first["WorkOrderNo"] == "WO-10001" and first["Territory"] == customer.territory
