"""Access fails closed on every path, whoever wrote the records (security review, must-fix 1 and 2).

The stream path is the real one: items are written to the tables as any writer would, moto's
streams deliver the change records to the indexer handler (as Lambda's event source mapping
would), and what staff can then find is checked through the API.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from awning_assistant.factory import Services
from awning_assistant.models import RecordType
from local.events import EventPump
from tests.integration.conftest import Api, drain

SOUTH_CUSTOMER, NORTH_CUSTOMER = "C00002", "C00004"  # fixture shop territories
STRAY = {
    "WorkOrderNo": "WO-20001",
    "CustID": SOUTH_CUSTOMER,
    "WOName": "Cabana curtains - clean",
    "DateIn": "2026-11-22",
    "DateRequired": "2026-11-30",
    "Status": "received",
    "RushOrder": False,
    "SpecialInstructions": "Zebra-striped cabana curtains from the pool deck.",
    "Total": Decimal("120"),
    "Items": [
        {
            "Description": "Cabana curtain",
            "Material": "Acrylic Canvas",
            "Color": "Zebra",
            "Qty": 2,
            "Price": Decimal("60"),
        }
    ],
}


def ask(api: Api, query: str) -> dict[str, Any]:
    status, body = api.call("POST", "/api/chat/query", {"query": query})
    assert status == 200, body
    return body


def found_ids(body: dict[str, Any]) -> set[str]:
    return {s["id"] for s in body["sources"]}


def test_an_order_written_without_territory_is_never_shown_to_other_territories(
    shop: Services, pump: EventPump, api: Api
):
    """Before: the order's chunk had no territory, so North staff found a South customer's
    order (name and address) by search while the record endpoint said 404."""
    shop.records.table(RecordType.work_order).put_item(Item=STRAY)  # no Territory, DueMonth, IsOpen
    drain(pump)

    stored = shop.records.get_item(RecordType.work_order, "WO-20001")
    assert (stored["Territory"], stored["DueMonth"], stored["IsOpen"]) == ("South", "2026-11", "yes")
    api.login("staffnorth")
    body = ask(api, "find the job with the zebra-striped cabana curtains")
    assert "WO-20001" not in found_ids(body) and "Pelican" not in json.dumps(body)
    assert api.call("GET", "/api/records/work_order/WO-20001")[0] == 404
    api.login("staffsouth")
    assert "WO-20001" in found_ids(ask(api, "find the job with the zebra-striped cabana curtains"))
    assert api.call("GET", "/api/records/work_order/WO-20001")[0] == 200


def test_a_customer_moving_territory_takes_their_orders_and_chunks_along(shop: Services, pump: EventPump, api: Api):
    customer = shop.records.get_item(RecordType.customer, NORTH_CUSTOMER)
    shop.records.table(RecordType.customer).put_item(Item={**customer, "Territory": "South"})
    drain(pump)

    assert shop.records.get_item(RecordType.work_order, "WO-10004")["Territory"] == "South"
    assert shop.records.get_item(RecordType.repair_order, "RO-2002")["Territory"] == "South"
    api.login("staffnorth")
    assert api.call("GET", "/api/records/work_order/WO-10004")[0] == 404
    body = ask(api, "find the window awnings with bird droppings")
    assert "WO-10004" not in found_ids(body) and "Gulf Breeze" not in json.dumps(body)
    assert "WO-10004" not in found_ids(ask(api, "Which orders are still open?"))
    api.login("staffsouth")
    assert api.call("GET", "/api/records/work_order/WO-10004")[0] == 200
    assert "WO-10004" in found_ids(ask(api, "find the window awnings with bird droppings"))


def test_an_orders_customer_contact_needs_the_customers_own_visibility(shop: Services, api: Api):
    """An order left in North whose customer is South: North staff see the order, not the contact."""
    shop.records.table(RecordType.work_order).put_item(Item={**STRAY, "Territory": "North"})
    api.login("staffnorth")
    body = ask(api, "Who is the contact for WO-20001, and their phone number?")
    assert "WO-20001" in found_ids(body)
    assert "555-0202" not in json.dumps(body) and "Sam Ortiz" not in json.dumps(body)


def test_a_users_row_with_unknown_attributes_still_signs_in_and_a_broken_one_is_refused(shop: Services, api: Api):
    users = shop.records.table(None)
    users.put_item(
        Item={
            "username": "integration1",
            "name": "Booking system",
            "role": "staff",
            "territories": ["North"],
            "CreatedBy": "ops",
            "Note": "API key for the booking site",
        }
    )
    users.put_item(Item={"username": "broken1", "name": "Broken", "role": "owner"})
    assert api.call("POST", "/api/auth/dev-login", {"username": "integration1"})[0] == 200
    api.login("integration1")
    assert api.call("GET", "/api/auth/me")[1]["territories"] == ["North"]
    status, body = api.call("POST", "/api/auth/dev-login", {"username": "broken1"})
    assert status == 404 and body["error"] == "not_found"


CARD, SSN = "4111 1111 1111 1111", "078-05-1120"


def test_record_views_redact_every_free_text_field_and_the_title(shop: Services, api: Api):
    shop.records.table(RecordType.repair_order).put_item(
        Item={
            "RepairOrderNo": "RO-2999",
            "CustID": "C00003",
            "ROName": f"Canopy - card {CARD}",
            "DateIn": "2026-11-20",
            "Status": "received",
            "Total": Decimal("10"),
            "Territory": "Inland",
            "RepairsDescription": f"Customer read out SSN {SSN} and card {CARD}.",
            "Items": [{"Description": f"Pay with {CARD}", "Material": "Vinyl", "Qty": 1, "Price": Decimal("10")}],
        }
    )
    customer = shop.records.get_item(RecordType.customer, "C00003")
    shop.records.table(RecordType.customer).put_item(Item={**customer, "Notes": f"Card on file {CARD}"})
    api.login("manager1")
    for path in (
        "/api/records/repair_order/RO-2999",
        "/api/records/customer/C00003",
        "/api/records/work_order/WO-10002",
        "/api/records/work_order/WO-10004",
    ):
        status, body = api.call("GET", path)
        text = json.dumps(body)
        assert status == 200 and "4111" not in text and SSN not in text, path
    body = api.call("GET", "/api/records/repair_order/RO-2999")[1]
    assert body["title"] == "RO-2999 · Canopy - card [card number removed]"
    assert body["record"]["Items"][0]["Description"] == "Pay with [card number removed]"


def test_a_card_in_the_question_is_kept_out_of_the_stored_plan(shop: Services, api: Api):
    api.login("admin1")
    body = ask(api, f"find the order paid with card {CARD}")
    status, turns = api.call("GET", f"/api/chat/sessions/{body['session_id']}")
    assert status == 200 and "4111" not in json.dumps(turns)
    assert "4111" not in json.dumps(shop.conversations.audit_record(body["chat_log_id"]), default=str)


def test_a_record_outside_ones_territory_is_refused_exactly_like_a_missing_one(shop: Services, api: Api):
    """One refusal for both: the wording must not reveal that a record exists elsewhere."""
    api.login("staffnorth")
    hidden, missing = (ask(api, f"What is the status of {order}?") for order in ("WO-10001", "WO-99999"))
    assert hidden["response"].replace("WO-10001", "X") == missing["response"].replace("WO-99999", "X")
    assert hidden["sources"] == missing["sources"] == []
    statuses = {
        api.call("GET", f"/api/records/work_order/{order}")[1]["message"].replace(order, "X")
        for order in ("WO-10001", "WO-99999")
    }
    assert len(statuses) == 1
