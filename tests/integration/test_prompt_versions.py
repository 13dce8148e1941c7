"""Prompt management: admins save the house rules and suggested questions as versions, preview a draft,
publish it and roll back; each change audited; turns use the published version (the model's system
prompt, the suggestions after a decline, the answer cache's key); managers read, staff are refused."""

from __future__ import annotations

from typing import Any

import pytest

from awning_assistant.answering.prompt_store import PromptDraft, PromptStore
from awning_assistant.answering.prompts import BUILT_IN, HOUSE_RULES, SAFETY_RULES
from awning_assistant.factory import Services
from awning_assistant.generation.contract import InferenceResult
from tests.integration.conftest import Api, ask_as, audit_actions

POEM = "Write me a poem about the sea"
NEW_SUGGESTION = "Which repair orders are waiting for parts?"
DRAFT = {
    "rules": "- Answer only from the CONTEXT.\n- Start every answer with 'From the shop records:'.",
    "suggestions": [
        {"text": NEW_SUGGESTION},
        {"text": "What's the status of {order}?"},
        {"text": "What was our revenue last month?", "managers_only": True},
    ],
    "note": "records first",
}
ROUTES = [
    ("GET", "/api/admin/prompts"),
    ("GET", "/api/admin/prompts/0"),
    ("POST", "/api/admin/prompts"),
    ("POST", "/api/admin/prompts/0/preview"),
    ("POST", "/api/admin/prompts/0/publish"),
]


def test_a_saved_version_is_previewed_then_published_then_rolled_back(api: Api, services: Services):
    api.login("admin1")
    status, page = api.call("GET", "/api/admin/prompts")
    assert status == 200 and page["published"] == 0 and [v["version"] for v in page["versions"]] == [0]
    assert page["versions"][0]["rules"] == HOUSE_RULES and page["versions"][0]["published"]

    status, saved = api.call("POST", "/api/admin/prompts", DRAFT)
    assert status == 200, saved
    assert (saved["version"], saved["author"], saved["published"]) == (1, "admin1", False)

    status, preview = api.call("POST", "/api/admin/prompts/1/preview", {"query": POEM})
    assert status == 200, preview
    assert preview["outcome"] == "declined" and NEW_SUGGESTION in preview["suggestions"]
    assert NEW_SUGGESTION not in ask_as(api, "admin1", POEM)["suggestions"]  # a draft is not used

    api.login("admin1")
    status, published = api.call("POST", "/api/admin/prompts/1/publish")
    assert status == 200 and published["published"] and published["published_by"] == "admin1"
    assert NEW_SUGGESTION in ask_as(api, "staffnorth", POEM)["suggestions"]

    api.login("admin1")
    assert api.call("POST", "/api/admin/prompts/0/publish")[0] == 200  # roll back to the built-in prompt
    assert NEW_SUGGESTION not in ask_as(api, "staffnorth", POEM)["suggestions"]
    assert [a for a in audit_actions(services) if a[1].startswith("prompt.")] == [
        ("admin1", "prompt.publish", "0"),
        ("admin1", "prompt.publish", "1"),
        ("admin1", "prompt.save", "1"),
    ]


def test_the_model_is_given_the_published_rules_and_the_fixed_safety_rules(
    api: Api, services: Services, monkeypatch: pytest.MonkeyPatch
):
    systems: list[str] = []

    def model(request: Any, on_delta: Any = None) -> InferenceResult:
        systems.append(request.system)
        return InferenceResult(text="From the shop records: WO-10002 is overdue.")

    monkeypatch.setattr(services.inference, "generate", model)
    ask_as(api, "manager1", "Which orders are overdue?")
    api.login("admin1")
    api.call("POST", "/api/admin/prompts", DRAFT)
    api.call("POST", "/api/admin/prompts/1/publish")
    ask_as(api, "manager1", "Which orders are overdue?")
    assert HOUSE_RULES in systems[0] and "Start every answer" not in systems[0]
    assert "Start every answer with 'From the shop records:'" in systems[1] and HOUSE_RULES not in systems[1]
    assert all(SAFETY_RULES in s for s in systems)


def test_a_cached_answer_is_not_served_under_another_published_version(api: Api, services: Services):
    ask_as(api, "manager1", "Which orders are overdue?")
    ask_as(api, "manager1", "Which orders are overdue?")  # from the cache
    api.login("admin1")
    api.call("POST", "/api/admin/prompts", DRAFT)
    api.call("POST", "/api/admin/prompts/1/publish")
    ask_as(api, "manager1", "Which orders are overdue?")  # other rules: worked out again
    api.login("admin1")
    _, report = api.call("GET", "/api/admin/usage", query={"days": "1"})
    assert (report["days"][-1]["cache_lookups"], report["days"][-1]["cached"]) == (3, 1)


def test_versions_are_listed_newest_first_a_page_at_a_time(api: Api):
    api.login("admin1")
    for note in ("one", "two", "three"):
        assert api.call("POST", "/api/admin/prompts", {**DRAFT, "note": note})[0] == 200
    _, first = api.call("GET", "/api/admin/prompts", query={"limit": "2"})
    assert [v["version"] for v in first["versions"]] == [3, 2] and first["before"] == 2
    _, rest = api.call("GET", "/api/admin/prompts", query={"limit": "2", "before": "2"})
    assert [v["version"] for v in rest["versions"]] == [1, 0] and rest["before"] is None
    assert rest["versions"][0]["note"] == "one"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"suggestions": [{"text": "Where is {invoice}?"}]}, "suggestions"),
        ({"suggestions": []}, "suggestions"),
        ({"rules": "short"}, "rules"),
        ({"temperature": 2}, "temperature"),
    ],
)
def test_a_bad_draft_is_refused_naming_the_problem_and_nothing_is_saved(api: Api, change: dict, named: str):
    api.login("admin1")
    status, body = api.call("POST", "/api/admin/prompts", {**DRAFT, **change})
    assert status == 422 and named in body["message"], body
    assert [v["version"] for v in api.call("GET", "/api/admin/prompts")[1]["versions"]] == [0]


def test_an_unknown_version_is_404(api: Api):
    api.login("admin1")
    for method, path in (("GET", "/api/admin/prompts/7"), ("POST", "/api/admin/prompts/7/publish")):
        status, body = api.call(method, path)
        assert status == 404 and "version 7" in body["message"]
    assert api.call("POST", "/api/admin/prompts/7/preview", {"query": POEM})[0] == 404


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_staff_are_refused_every_prompt_route(api: Api, method: str, path: str):
    api.login("staffnorth")
    body = {"query": POEM} if path.endswith("preview") else DRAFT if method == "POST" else None
    status, reply = api.call(method, path, body)
    assert status == 403 and reply["error"] == "forbidden"


def test_managers_read_versions_but_change_nothing(api: Api):
    api.login("manager1")
    assert api.call("GET", "/api/admin/prompts")[0] == 200
    assert api.call("GET", "/api/admin/prompts/0")[0] == 200
    assert api.call("POST", "/api/admin/prompts", DRAFT)[0] == 403
    assert api.call("POST", "/api/admin/prompts/0/publish")[0] == 403


def test_containers_use_a_publish_within_the_cache_time_and_the_publisher_at_once(services: Services):
    table = services.dynamodb.Table(services.settings.prompt_versions_table)
    now = [0.0]
    publisher, other = (PromptStore(table, cache_seconds=30, clock=lambda: now[0]) for _ in range(2))
    assert other.published() == BUILT_IN
    saved = publisher.save(PromptDraft.model_validate(DRAFT), "admin1")
    publisher.publish(saved.version, "admin1")
    assert publisher.published().rules == DRAFT["rules"]
    now[0] = 29.0
    assert other.published() == BUILT_IN  # read 29 s ago: still used
    now[0] = 31.0
    assert other.published().rules == DRAFT["rules"]


def test_an_unreadable_table_leaves_turns_on_the_last_prompt_read(services: Services):
    missing = PromptStore(services.dynamodb.Table("no-such-table"), cache_seconds=0)
    assert missing.published() == BUILT_IN
