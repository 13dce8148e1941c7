"""A chat turn end to end through the chat_handler Lambda: exact answers, access on every path,
redaction, injection, memory, feedback and graceful degradation."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from awning_assistant.factory import get_services
from awning_assistant.generation.contract import InferenceError
from awning_assistant.models import RecordType
from awning_assistant.records.store import ENTITIES
from tests.integration.conftest import Api


@pytest.fixture
def indexed(api: Api) -> Api:
    get_services().indexer.rebuild()
    return api


def ask(api: Api, query: str, session_id: str | None = None) -> dict:
    status, body = api.call("POST", "/api/chat/query", {"query": query, "session_id": session_id})
    assert status == 200, body
    return body


def test_count_and_list_are_exact(api: Api):
    api.login("manager1")
    body = ask(api, "How many work orders are in the cleaning queue?")
    assert "**1**" in body["response"] and body["data"]["rows"][0][0] == "WO-10002"
    body = ask(api, "Which orders are overdue?")
    ids = {row[0] for row in body["data"]["rows"]}
    assert ids == {"WO-10002", "RO-2002"}
    assert {s["id"] for s in body["sources"]} == ids


def test_a_count_of_two_statuses_gives_each_one_too(api: Api):
    api.login("manager1")
    body = ask(api, "How many work orders are in the cleaning queue, and how many are completed?")
    statuses = [row[3] for row in body["data"]["rows"]]
    for status, words in (("cleaning_queue", "cleaning queue"), ("completed", "completed")):
        assert f"- {words}: **{statuses.count(status)}**" in body["response"], body["response"]


def test_a_count_of_part_of_a_whole_said_first_gives_the_whole_too(api: Api):
    """ "Of everything that's overdue, how many are rush?": the part, and the whole it is taken from."""
    api.login("manager1")
    body = ask(api, "Of everything that's overdue right now, cleaning and repair, how many are rush orders?")
    assert "of the **2** overdue orders (work and repair)" in body["response"], body["response"]
    body = ask(api, "How many rush orders are overdue?")
    assert "of the" not in body["response"], body["response"]


def test_revenue_is_exact_to_the_cent(api: Api):
    api.login("admin1")
    body = ask(api, "What was our revenue in October 2026, cleaning vs repairs?")
    assert "$986.00" in body["response"]  # 820.50 + 165.50
    assert "$820.50" in body["response"] and "$165.50" in body["response"]


def test_latest_order_and_one_place_of_the_ranking(api: Api, shop):
    api.login("admin1")
    body = ask(api, "What's the most recent order from Harbor View Marina?")
    assert [row[0] for row in body["data"]["rows"]] == ["RO-2001"]  # latest DateIn of its three orders
    shop.records.put_items(
        RecordType.work_order,
        [
            {
                "WorkOrderNo": "WO-10090",
                "CustID": "C00002",
                "WOName": "Awning - clean",
                "DateIn": "2026-10-01",
                "DateCompleted": "2026-10-20",
                "Status": "completed",
                "Total": Decimal("500.25"),
                "Territory": "South",
            }
        ],
    )
    shop.mirror.rebuild({t: list(shop.records.scan_all(t)) for t in ENTITIES})
    body = ask(api, "Who was our second biggest customer by revenue in October 2026?")
    assert body["data"]["rows"] == [[2, "Pelican Point Inn", "C00002", 500.25, 1]]  # after C00001's $986.00
    assert "Pelican Point Inn" in body["response"] and "$500.25" in body["response"]


def test_revenue_of_rush_jobs_is_summed_not_declined(api: Api, shop):
    """Money is summed over the analytics mirror, which knows which orders were rush."""
    shop.records.put_items(
        RecordType.work_order,
        [
            {
                "WorkOrderNo": "WO-10091",
                "CustID": "C00002",
                "WOName": "Awning - rush clean",
                "DateIn": "2026-10-01",
                "DateCompleted": "2026-10-20",
                "Status": "completed",
                "RushOrder": True,
                "Total": Decimal("300.10"),
                "Territory": "South",
            }
        ],
    )
    shop.mirror.rebuild({t: list(shop.records.scan_all(t)) for t in ENTITIES})
    api.login("admin1")
    body = ask(api, "How much did we make on rush jobs in October 2026?")
    assert body["outcome"] == "answered" and "$300.10" in body["response"], body["response"]
    assert "Revenue on rush orders for October 2026" in body["response"]  # the figure says what it sums
    assert "(1 work order)" in body["response"]
    assert {"label": "Only", "value": "rush"} in body["interpretation"]
    customer = ask(api, "What did Pelican Point Inn pay us in October 2026?")
    assert "Revenue from Pelican Point Inn for October 2026 was **$300.10**" in customer["response"]
    everything = ask(api, "How much did we make in October 2026?")
    assert "$1,286.10" in everything["response"]  # WO-10001 $820.50 + RO-2001 $165.50 + WO-10091 $300.10


def test_staff_get_polite_refusals_that_reveal_nothing(api: Api):
    api.login("staffnorth")
    body = ask(api, "What was our revenue last month?")
    assert "managers and admins" in body["response"] and "$" not in body["response"] and body["data"] is None
    body = ask(api, "What is the phone number for Harbor View Marina?")
    assert "555-0101" not in json.dumps(body) and "Dana" not in json.dumps(body)
    body = ask(api, "What is the status of WO-10001?")
    assert "Harbor View" not in json.dumps(body) and body["sources"] == []
    body = ask(api, "Which work orders in the Coastal territory are overdue?")
    assert "only see" in body["response"] and body["data"] is None
    body = ask(api, "Which work orders are overdue?")
    assert {s["id"] for s in body["sources"]} <= {"WO-10004"}


def test_redaction_in_answers_and_logs(api: Api):
    api.login("admin1")
    body = ask(api, "What are the special instructions on WO-10002?")
    assert "hand-painted seahorse" in body["response"]
    assert "4111" not in json.dumps(body) and "card number removed" in body["response"]
    body = ask(api, "Show me the notes on WO-10004")
    assert "078-05-1120" not in json.dumps(body)
    services = get_services()
    audit = services.conversations.audit_record(body["chat_log_id"])
    assert "078-05-1120" not in json.dumps(audit, default=str)
    turns = services.conversations.transcript("admin1", body["session_id"])
    assert "078-05-1120" not in json.dumps([t.model_dump() for t in turns])


def test_injection_in_record_text_is_quoted_not_followed(api: Api):
    api.login("admin1")
    body = ask(api, "Summarize work order WO-10003")
    text = json.dumps(body)
    assert "Ignore previous instructions" in body["response"]  # shown as quoted data
    for phone in ("555-0101", "555-0202", "555-0404"):
        assert phone not in text


def test_sessions_are_private_to_their_user(api: Api):
    api.login("admin1")
    first = ask(api, "Which work orders are overdue?")
    sid = first["session_id"]
    assert api.call("GET", f"/api/chat/sessions/{sid}")[0] == 200
    other = Api().login("staffsouth")
    assert other.call("GET", f"/api/chat/sessions/{sid}")[0] == 404
    assert all(s["session_id"] != sid for s in other.call("GET", "/api/chat/sessions")[1])
    # Reusing someone else's session id starts the caller's own conversation; theirs is untouched.
    ask(other, "and which of those are rush orders?", session_id=sid)
    assert [t["question"] for t in other.call("GET", f"/api/chat/sessions/{sid}")[1]] == [
        "and which of those are rush orders?"
    ]
    assert [t["question"] for t in api.call("GET", f"/api/chat/sessions/{sid}")[1]] == [
        "Which work orders are overdue?"
    ]
    status, body = other.call("POST", "/api/chat/feedback", {"chat_log_id": first["chat_log_id"], "rating": "up"})
    assert status == 404


def test_follow_up_uses_the_conversation(api: Api):
    api.login("admin1")
    first = ask(api, "Which work orders are open?")
    assert len(first["data"]["rows"]) == 3
    second = ask(api, "and which of those are rush orders?", session_id=first["session_id"])
    assert [r[0] for r in second["data"]["rows"]] == ["WO-10002"]


def test_feedback_is_stored(api: Api):
    api.login("manager1")
    body = ask(api, "How many repair orders are in repair?")
    status, _ = api.call(
        "POST",
        "/api/chat/feedback",
        {"chat_log_id": body["chat_log_id"], "rating": "down", "comment": "call 4111 1111 1111 1111"},
    )
    assert status == 200
    stored = get_services().conversations.audit_record(body["chat_log_id"])
    assert stored["Feedback"]["Rating"] == "down" and "4111" not in stored["Feedback"]["Comment"]
    assert stored["Username"] == "manager1" and stored["SourceIds"] == ["RO-2002"]


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"query": ""}, "query"),
        ({"query": "x" * 2001}, "query"),
        ({"query": 5}, "query"),
        ({"question": "hi"}, "query"),
        ({"query": "ok", "session_id": "../../etc"}, "session_id"),
        ({"query": "ok", "filters": {"status": "lost_at_sea"}}, "filters.status"),  # was a 500
        ({"query": "ok", "filters": {"customer_id": "C" * 65}}, "filters.customer_id"),
        ({"query": "ok", "filters": {"territory": "x" * 65}}, "filters.territory"),
        ({"query": "ok", "filters": {"record_types": ["work_order"] * 6}}, "filters.record_types"),
    ],
)
def test_bad_input_gets_a_clear_4xx(api: Api, payload, named):
    api.login("admin1")
    status, body = api.call("POST", "/api/chat/query", payload)
    assert status == 422 and body["error"] == "invalid_request" and named in body["message"]


@pytest.mark.parametrize(
    ("path", "query", "named"),
    [
        ("/api/documents/price-list-2026.pdf", {"page": "²"}, "page"),  # str.isdigit() is True for it: was a 500
        ("/api/documents/price-list-2026.pdf", {"page": "0"}, "page"),
        ("/api/documents/price-list-2026.pdf", {"page": "99999"}, "page"),
        ("/api/records/work_order/" + "W" * 65, None, "record_id"),
        ("/api/chat/sessions/" + "s" * 65, None, "session_id"),
    ],
)
def test_bad_parameters_get_a_clear_4xx(api: Api, path, query, named):
    api.login("admin1")
    status, body = api.call("GET", path, query=query)
    assert status == 422 and body["error"] == "invalid_request" and named in body["message"]


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"query": " " + "x" * 2000}, "query"),
        ({"query": " \t\n"}, "query"),
        ({"query": "ok", "filters": {"territory": " " + "N" * 64}}, "filters.territory"),
        ({"query": "ok", "filters": {"customer_id": " C00001"}}, "filters.customer_id"),
    ],
)
def test_text_is_checked_as_sent(api: Api, payload, named):
    """Found by make fuzz: lengths and patterns were checked after stripping blanks, so a query of 2,001 characters
    starting with a space, longer than the documented maxLength, was answered."""
    api.login("admin1")
    status, body = api.call("POST", "/api/chat/query", payload)
    assert status == 422 and body["error"] == "invalid_request" and named in body["message"]


def test_blanks_around_a_query_are_dropped(api: Api):
    api.login("manager1")
    body = ask(api, "  How many work orders are in the cleaning queue?\n")
    status, turns = api.call("GET", f"/api/chat/sessions/{body['session_id']}")
    assert status == 200 and turns[0]["question"] == "How many work orders are in the cleaning queue?"


def test_generation_failure_degrades_to_the_grounded_answer(api: Api, monkeypatch):
    api.login("admin1")
    services = get_services()

    def broken(*args, **kwargs):
        raise InferenceError("model down")

    monkeypatch.setattr(services.inference, "generate", broken)
    body = ask(api, "Which orders are overdue?")
    assert body["notice"] and "WO-10002" in body["response"] and body["data"]


def test_semantic_lookup_and_document_answers(indexed: Api):
    indexed.login("staffsouth")
    body = ask(indexed, "What's the work order number for the valance with a seahorse logo painted by hand?")
    assert "WO-10002" in body["response"]
    body = ask(indexed, "What's our restitching warranty?")
    assert "12 months" in body["response"] and body["sources"][0]["id"] == "warranty-policy.md"
    body = ask(indexed, "How much do we charge per square foot to clean marine vinyl?")
    assert "$2.65" in body["response"] and any(s["id"] == "price-list-2026.pdf" for s in body["sources"])
    body = ask(indexed, "Do we offer helicopter rides to the moon?")
    assert "found nothing" in body["response"] or body["sources"]


def test_a_figure_no_passage_gives_is_declined_not_quoted_around(indexed: Api):
    """ "How hot" finds the price list's marine vinyl row, "how many inches" the restitching warranty;
    neither states the figure asked, so the answer declines plainly instead of quoting them."""
    indexed.login("manager1")
    for question in (
        "How hot can the water be for cleaning marine vinyl?",
        "How many inches of restitching does the warranty cover?",
    ):
        body = ask(indexed, question)
        assert body["outcome"] == "declined" and "$2.65" not in body["response"], question
        assert "12 months" not in body["response"], question
    body = ask(indexed, "How many months is restitching warranted?")
    assert body["outcome"] == "answered" and "12 months" in body["response"]


def test_a_customer_asked_for_by_street_address_gets_their_contact_details(api: Api):
    """The directory reads the customers' addresses from the table (its projection holds them)."""
    api.login("manager1")
    body = ask(api, "Who's the customer at 88 Palm Ave, and what's their phone number?")
    assert "(941) 555-0202" in body["response"] and "Pelican Point Inn" in body["response"]


def test_what_a_customer_record_does_not_hold_is_declined_and_their_notes_answer_what_they_say(api: Api):
    """Asked what no field of a customer's holds, the answer is their notes where they speak of it ("gate code"),
    else a plain decline, never the customer's order list."""
    api.login("manager1")
    body = ask(api, "What's the gate code at Harbor View Marina?")
    assert body["outcome"] == "answered" and "Gate code 4411" in body["response"], body
    body = ask(api, "Does Harbor View Marina have a dog?")
    assert body["outcome"] == "declined" and '"dog"' in body["response"] and body["data"] is None, body
    assert body["sources"] == [] and "WO-" not in body["response"]


def test_words_a_customers_notes_speak_of_are_answered_from_their_notes_not_their_orders(api: Api):
    """ "gate code at Harbor View Marina?" names no field, but their notes hold it: their details and notes
    answer; asked what neither notes nor orders speak of, their orders still do."""
    api.login("manager1")
    body = ask(api, "gate code at Harbor View Marina?")
    assert body["outcome"] == "answered" and "Gate code 4411" in body["response"], body
    assert body["sources"][0]["type"] == "customer"
    body = ask(api, "What's Harbor View Marina got with us?")
    assert "WO-" in body["response"] or "RO-" in body["response"], body


def test_an_order_number_that_is_another_customers_is_not_answered_for(api: Api):
    """A slip of the order number ("Harbor View Marina's valance, WO-10002", which is Pelican Point Inn's) is said,
    not answered with the other customer's order."""
    api.login("manager1")
    body = ask(api, "Harbor View Marina is asking about their valance, WO-10002. Where's it at?")
    assert body["outcome"] == "declined" and "isn't Harbor View Marina's order" in body["response"], body
    assert body["data"] is None and body["sources"] == []
    body = ask(api, "Pelican Point Inn is asking about their valance, WO-10002. Where's it at?")
    assert body["outcome"] == "answered" and "WO-10002" in body["response"]


def test_an_orders_items_are_counted(api: Api):
    api.login("manager1")
    body = ask(api, "How many different items are on WO-10002, and what's the order total?")
    assert "- Items (1):" in body["response"], body["response"]


def test_the_latest_finished_order_is_the_one_finished_last(api: Api, shop):
    """ "Which work order did we finish most recently?": by the day it was finished, not the day it came in."""
    shop.records.put_items(
        RecordType.work_order,
        [
            {
                "WorkOrderNo": "WO-10092",
                "CustID": "C00002",
                "WOName": "Awning - slow clean",
                "DateIn": "2026-09-20",
                "DateCompleted": "2026-10-30",
                "Status": "completed",
                "Total": Decimal("75.00"),
                "Territory": "South",
            }
        ],
    )
    shop.mirror.rebuild({t: list(shop.records.scan_all(t)) for t in ENTITIES})
    api.login("admin1")
    body = ask(api, "Which work order did we finish most recently?")
    assert [row[0] for row in body["data"]["rows"]] == ["WO-10092"]  # WO-10001 came in later, finished earlier
    assert "(by date completed)" in body["response"]


def test_a_period_before_the_first_order_on_file_is_declined(api: Api):
    """The records start in September 2026: revenue or intake in 2025 is unknown, not zero."""
    api.login("admin1")
    for question in ("What was our revenue in 2025?", "How many orders came in during 2025?"):
        body = ask(api, question)
        assert body["outcome"] == "declined" and "before the first order on file" in body["response"], question
    assert ask(api, "What was our revenue in September 2026?")["outcome"] == "answered"
