"""The manager's console (admin routes): usage and cost per day and per user, the answers to review
(declined or thumbs-down) a page at a time, marking one reviewed; read from the audit table's ByDay
index, managers read-only, staff refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from awning_assistant.console import Console
from awning_assistant.factory import Services
from tests.integration.conftest import Api, ask_as, audit_actions

ROUTES = [
    ("GET", "/api/admin/usage"),
    ("GET", "/api/admin/reviews"),
    ("POST", "/api/admin/reviews/0123456789abcdef/reviewed"),
]


def test_usage_counts_each_days_questions_by_outcome_user_and_cost(api: Api, services: Services):
    ask_as(api, "manager1", "Which orders are overdue?")
    ask_as(api, "manager1", "Which orders are overdue?")
    ask_as(api, "staffnorth", "Write me a poem about the sea")
    api.login("admin1")
    status, report = api.call("GET", "/api/admin/usage", query={"days": "7"})
    assert status == 200, report
    assert len(report["days"]) == 7 and report["end"] == datetime.now(UTC).date().isoformat()
    today = report["days"][-1]
    assert (today["questions"], today["answered"], today["declined"], today["denied"]) == (3, 2, 1, 0)
    assert sum(d["questions"] for d in report["days"][:-1]) == 0
    assert [(u["username"], u["questions"]) for u in report["users"]] == [("manager1", 2), ("staffnorth", 1)]
    assert report["top_questions"][0] == {"question": "which orders are overdue?", "count": 2}
    assert today["input_tokens"] == sum(u["input_tokens"] for u in report["users"]) > 0
    assert report["latency_p50_ms"] is not None and report["latency_p95_ms"] >= report["latency_p50_ms"]
    assert any(p["model"] == "claude-haiku-4-5" for p in report["prices"])


def test_usage_counts_the_tokens_embedded_to_search_for_a_question(api: Api, services: Services):
    ask_as(api, "manager1", "Which orders are overdue?")  # read from the tables: nothing embedded
    ask_as(api, "staffsouth", "Find the job with the hand-painted seahorse valance")  # searched
    api.login("admin1")
    _, report = api.call("GET", "/api/admin/usage", query={"days": "1"})
    embedded = {u["username"]: u["embedding_tokens"] for u in report["users"]}
    assert embedded["manager1"] == 0 and embedded["staffsouth"] > 0
    assert report["days"][-1]["embedding_tokens"] == embedded["staffsouth"]


def test_usage_shows_each_days_cache_hits_and_hit_rate(api: Api, services: Services):
    ask_as(api, "manager1", "Which orders are overdue?")
    ask_as(api, "manager1", "Which orders are overdue?")  # the same question, scope and data: from the cache
    ask_as(api, "staffnorth", "Which orders are overdue?")  # another scope: worked out
    ask_as(api, "staffnorth", "Write me a poem about the sea")  # a plain decline: the cache is not asked
    api.login("manager1")
    status, report = api.call("GET", "/api/admin/usage", query={"days": "7"})
    assert status == 200, report
    today = report["days"][-1]
    assert (today["questions"], today["cached"], today["cache_lookups"], today["cache_hit_rate"]) == (4, 1, 3, 0.3333)
    assert report["cache_hit_rate"] == 0.3333 and report["days"][0]["cache_hit_rate"] is None
    assert [u["input_tokens"] > 0 for u in report["users"]] == [True, True]


def test_declined_and_thumbs_down_answers_are_listed_until_marked_reviewed(api: Api, services: Services):
    poem = ask_as(api, "staffnorth", "Write me a poem about the sea")
    liked = ask_as(api, "manager1", "Which orders are overdue?")
    disliked = ask_as(api, "manager1", "What's in the cleaning queue?")
    api.call("POST", "/api/chat/feedback", {"chat_log_id": liked["chat_log_id"], "rating": "up"})
    api.call(
        "POST",
        "/api/chat/feedback",
        {"chat_log_id": disliked["chat_log_id"], "rating": "down", "comment": "missed two"},
    )
    api.login("manager1")
    status, page = api.call("GET", "/api/admin/reviews")
    assert status == 200, page
    assert [i["chat_log_id"] for i in page["items"]] == [disliked["chat_log_id"], poem["chat_log_id"]]
    first = page["items"][0]
    assert (first["rating"], first["comment"], first["outcome"]) == ("down", "missed two", "answered")
    assert first["interpretation"] and first["answer"] and first["question"] == "What's in the cleaning queue?"

    assert api.call("POST", f"/api/admin/reviews/{poem['chat_log_id']}/reviewed")[0] == 403  # managers only read
    api.login("admin1")
    status, marked = api.call("POST", f"/api/admin/reviews/{poem['chat_log_id']}/reviewed")
    assert status == 200 and marked["reviewed_by"] == "admin1"
    assert ("admin1", "review.mark", poem["chat_log_id"]) in audit_actions(services)
    _, still_open = api.call("GET", "/api/admin/reviews")
    assert [i["chat_log_id"] for i in still_open["items"]] == [disliked["chat_log_id"]]
    _, everything = api.call("GET", "/api/admin/reviews", query={"state": "all"})
    assert len(everything["items"]) == 2


def test_the_review_list_pages_across_days_with_its_cursor(services: Services):
    table = services.dynamodb.Table(services.settings.audit_table)
    today = datetime.now(UTC).date()
    for n in range(5):  # one declined turn a day, for five days
        day = today - timedelta(days=n)
        table.put_item(
            Item={
                "ChatLogId": f"turn{n}",
                "Username": "staffnorth",
                "Day": day.isoformat(),
                "CreatedAt": f"{day.isoformat()}T10:00:00",
                "Question": f"q{n}",
                "Answer": "a",
                "Outcome": "declined",
            }
        )
    console = Console(services.dynamodb, services.settings.audit_table)
    seen, cursor = [], None
    while True:
        page = console.reviews("open", cursor, 2)
        seen += [i.chat_log_id for i in page.items]
        if page.cursor is None:
            break
        cursor = page.cursor
    assert seen == [f"turn{n}" for n in range(5)]


def test_a_mark_for_no_turn_is_404_and_a_forged_cursor_400(api: Api):
    api.login("admin1")
    status, body = api.call("POST", "/api/admin/reviews/doesnotexist/reviewed")
    assert status == 404 and body["error"] == "not_found"
    status, body = api.call("GET", "/api/admin/reviews", query={"cursor": "not-a-cursor"})
    assert status == 400 and "cursor" in body["message"]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_staff_get_403_on_every_console_route(api: Api, method: str, path: str):
    api.login("staffnorth")
    status, body = api.call(method, path)
    assert status == 403 and body["error"] == "forbidden"
