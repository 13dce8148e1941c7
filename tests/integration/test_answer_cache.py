"""The answer cache: an identical question (same plan, scope, day and data version) is worked out once and
replayed after; never across scopes, after an indexed change, for a follow-up whose meaning came from the
conversation, for a degraded answer or for a model's answer that is the asker's own."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from awning_assistant.answering.answer_cache import ENTRY_PREFIX, AnswerCache, DataVersions, ReusableAnswer, answer_key
from awning_assistant.answering.query_model import Intent, QueryPlan
from awning_assistant.answering.retrieval import Retriever
from awning_assistant.answering.structured import StructuredQueries
from awning_assistant.factory import Services
from awning_assistant.generation.contract import InferenceError, InferenceResult
from awning_assistant.generation.local import LocalComposer
from awning_assistant.generation.usage import Usage
from awning_assistant.identity.access import Principal
from awning_assistant.models import RecordType
from awning_assistant.records.directory import Directory, Vocabulary
from local.events import EventPump
from local.handlers import invoke
from tests.builders import load_event, socket_event
from tests.integration.conftest import Api, authorize, drain, invoke_socket, messages, reset_caches
from tests.integration.test_observability import emitted

OVERDUE = "Which orders are overdue?"
QUEUE = "Which work orders are in the cleaning queue?"


@pytest.fixture
def worked(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often an answer was worked out: structured queries, searches and the composer (the model here)."""
    calls = {"structured": 0, "search": 0, "compose": 0}

    def counted(original: Any, counter: str) -> Any:
        def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
            calls[counter] += 1
            return original(self, *args, **kwargs)

        return counting

    for owner, method, counter in (
        (StructuredQueries, "run", "structured"),
        (Retriever, "retrieve", "search"),
        (LocalComposer, "generate", "compose"),
    ):
        monkeypatch.setattr(owner, method, counted(getattr(owner, method), counter))
    return calls


@pytest.fixture
def settle_minute(env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Answers are stored only a minute after the data's last change (as on AWS)."""
    monkeypatch.setenv("ANSWER_CACHE_SETTLE_SECONDS", "60")
    reset_caches()
    yield


def ask(api: Api, user: str, question: str, session_id: str | None = None) -> dict[str, Any]:
    api.login(user)
    status, body = api.call("POST", "/api/chat/query", {"query": question, "session_id": session_id})
    assert status == 200, body
    return body


def reply(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("chat_log_id", "session_id")}


def cached(services: Services, body: dict[str, Any]) -> bool | None:
    """The audit record's ``Cached``: True a hit, False a miss, None when the cache was not asked."""
    return (services.conversations.audit_record(body["chat_log_id"]) or {}).get("Cached")


def entries(services: Services) -> list[dict[str, Any]]:
    items = services.dynamodb.Table(services.settings.answer_cache_table).scan()["Items"]
    return [i for i in items if i["Key"].startswith(ENTRY_PREFIX)]


def ids(body: dict[str, Any]) -> set[str]:
    return {row[0] for row in (body["data"] or {}).get("rows", [])}


def test_an_identical_question_is_answered_from_the_cache(api: Api, shop: Services, worked: dict[str, int]):
    first = ask(api, "manager1", OVERDUE)
    assert worked == {"structured": 1, "search": 0, "compose": 1}
    second = ask(api, "manager1", f"  {OVERDUE.replace(' ', '   ')} ")  # the same question, spaced out
    assert worked == {"structured": 1, "search": 0, "compose": 1}  # nothing read, searched or written again
    assert reply(second) == reply(first) and ids(second) == {"WO-10002", "RO-2002"}
    assert second["chat_log_id"] != first["chat_log_id"] and second["session_id"] != first["session_id"]

    audits = [shop.conversations.audit_record(b["chat_log_id"]) for b in (first, second)]
    assert [a["Cached"] for a in audits] == [False, True]
    assert audits[0]["InputTokens"] > 0 and audits[1]["Answer"] == audits[0]["Answer"]
    assert (audits[1]["InputTokens"], audits[1]["OutputTokens"], audits[1]["CostUsd"]) == (0, 0, 0)
    assert (audits[0]["Provider"], audits[1]["Provider"]) == ("local", "cache")
    # the replayed turn is remembered as the original was: a follow-up reads the same plan
    (turn,) = shop.conversations.history("manager1", second["session_id"])
    assert turn.plan == shop.conversations.history("manager1", first["session_id"])[0].plan
    (entry,) = entries(shop)
    assert abs(int(entry["ExpiresAt"]) - (time.time() + 86_400)) < 60  # DynamoDB's TTL removes it a day on


def test_the_cache_never_serves_across_scopes(api: Api, shop: Services, worked: dict[str, int]):
    """Staff North, staff South and a manager ask the same: three answers, each replayed to its own scope."""
    question = "Which work orders are open?"
    first = {user: ask(api, user, question) for user in ("staffnorth", "staffsouth", "manager1")}
    assert ids(first["staffnorth"]) == {"WO-10004"} and ids(first["staffsouth"]) == {"WO-10002", "WO-10003"}
    assert ids(first["manager1"]) == {"WO-10002", "WO-10003", "WO-10004"}
    again = {user: ask(api, user, question) for user in first}
    assert {u: reply(b) for u, b in again.items()} == {u: reply(b) for u, b in first.items()}
    assert [cached(shop, b) for b in (*first.values(), *again.values())] == [False] * 3 + [True] * 3
    assert worked["structured"] == 3
    assert cached(shop, ask(api, "admin1", question)) is False  # another role: its own entry


def test_the_key_is_the_scope_not_the_user():
    plan = QueryPlan(intent=Intent.list_orders, overdue=True)

    def key(username: str, role: str, territories: list[str], question: str = OVERDUE) -> str:
        who = Principal(username=username, role=role, territories=territories)
        return answer_key(question, plan, who, date(2026, 11, 24), 7, "local", "r1")

    assert key("rosa", "staff", ["North", "Coastal"]) == key("sam", "staff", ["Coastal", "North"])
    assert key("rosa", "staff", ["North"]) != key("rosa", "staff", ["North", "Coastal"])
    assert key("m1", "manager", ["North"]) == key("m2", "manager", [])  # managers see everything alike
    assert key("m1", "manager", []) != key("m1", "admin", [])
    assert key("m1", "manager", [], OVERDUE) != key("m1", "manager", [], OVERDUE.lower())  # answers may quote it
    who = Principal(username="m1", role="manager")
    assert answer_key(OVERDUE, plan, who, date(2026, 11, 24), 7, "local", "r1") != answer_key(
        OVERDUE, plan, who, date(2026, 11, 25), 7, "local", "r1"
    )  # overdue tomorrow is another list


def test_an_indexed_change_moves_the_version_and_the_question_is_worked_out_again(
    settle_minute: None, pump: EventPump, api: Api, shop: Services, worked: dict[str, int]
):
    version = shop.data_version.current()
    assert ids(ask(api, "manager1", QUEUE)) == {"WO-10002"}
    assert cached(shop, ask(api, "manager1", QUEUE)) is True

    order = shop.records.get_many(RecordType.work_order, ["WO-10002"])["WO-10002"]
    shop.records.put_items(RecordType.work_order, [{**order, "Status": "cleaning"}])
    drain(pump)  # the stream batch reaches the indexer, which moves the version when it is done
    moved = shop.data_version.current()
    assert moved.number > version.number and moved.changed_at > version.changed_at

    after = ask(api, "manager1", QUEUE)
    assert cached(shop, after) is False and ids(after) == set(), after["response"]
    # within a minute of the change nothing is stored (searches and copies may still lag): worked out again
    assert cached(shop, ask(api, "manager1", QUEUE)) is False
    assert len(entries(shop)) == 1 and worked["structured"] == 3


@pytest.mark.parametrize(
    ("sample", "entry"),
    [
        ("s3_object_removed.json", "documents_handler"),
        ("sns_textract_completed.json", "ocr_handler"),
        ("sqs_reindex_step.json", "reindex_handler"),
    ],
)
def test_documents_ocr_and_reindex_steps_move_the_version_too(shop: Services, sample: str, entry: str):
    before = shop.data_version.current().number
    invoke("indexer", load_event(sample), entry)
    assert shop.data_version.current().number == before + 1


def test_a_follow_up_is_never_answered_with_another_conversations_answer(api: Api, shop: Services):
    open_orders = ask(api, "admin1", "Which work orders are open?")
    follow_up = ask(api, "admin1", "and which of those are rush orders?", open_orders["session_id"])
    assert ids(follow_up) == {"WO-10002"}
    alone = ask(api, "admin1", "and which of those are rush orders?")  # nothing to follow: understood otherwise
    assert cached(shop, alone) is not True and reply(alone) != reply(follow_up)
    overdue = ask(api, "admin1", OVERDUE)
    other = ask(api, "admin1", "and which of those are rush orders?", overdue["session_id"])
    assert cached(shop, other) is False  # another conversation's "those": another plan, another key
    # the same conversation again is the same question understood alike: the same answer
    again = ask(
        api,
        "admin1",
        "and which of those are rush orders?",
        ask(api, "admin1", "Which work orders are open?")["session_id"],
    )
    assert cached(shop, again) is True and reply(again) == reply(follow_up)


def as_model(monkeypatch: pytest.MonkeyPatch, prefix: str = "") -> None:
    """The composer stands in for a model: its usage names Bedrock (told who asks, given earlier turns)."""
    compose = LocalComposer.generate

    def model(self: LocalComposer, request: Any, on_delta: Any = None) -> InferenceResult:
        text = prefix + compose(self, request, None).text
        if on_delta:
            on_delta(text)
        return InferenceResult(
            text=text, usage=Usage(input_tokens=400, output_tokens=80, provider="bedrock", model="claude-haiku-4-5")
        )

    monkeypatch.setattr(LocalComposer, "generate", model)


def test_a_models_answer_that_read_the_conversation_is_not_stored(api: Api, shop: Services, monkeypatch):
    as_model(monkeypatch)
    first = ask(api, "manager1", OVERDUE)
    second = ask(api, "manager1", QUEUE, first["session_id"])  # the model was given the first turn
    assert [cached(shop, b) for b in (first, second)] == [False, False] and len(entries(shop)) == 1
    assert cached(shop, ask(api, "manager1", QUEUE)) is False  # not stored before: worked out, now stored
    assert cached(shop, ask(api, "manager1", QUEUE)) is True
    assert cached(shop, ask(api, "manager1", OVERDUE, second["session_id"])) is True  # stored without history


def test_a_models_answer_naming_its_asker_is_not_stored(api: Api, shop: Services, monkeypatch):
    as_model(monkeypatch, prefix="Morgan, here you are. ")
    assert ask(api, "manager1", OVERDUE)["response"].startswith("Morgan")
    assert cached(shop, ask(api, "manager1", OVERDUE)) is False and entries(shop) == []


def test_degraded_declined_and_denied_answers_are_never_stored(api: Api, shop: Services, monkeypatch):
    def down(*_: object, **__: object) -> None:
        raise InferenceError("the model is unavailable")

    with monkeypatch.context() as patched:
        patched.setattr(LocalComposer, "generate", down)
        degraded = [ask(api, "manager1", OVERDUE) for _ in range(2)]
    assert all(b["notice"] for b in degraded) and [cached(shop, b) for b in degraded] == [False, False]
    assert cached(shop, ask(api, "manager1", OVERDUE)) is False  # the model is back: now stored
    poem = [ask(api, "staffnorth", "Write me a poem about the sea") for _ in range(2)]
    assert [b["outcome"] for b in poem] == ["declined"] * 2 and [cached(shop, b) for b in poem] == [None, None]
    revenue = [ask(api, "staffnorth", "What was our revenue last month?") for _ in range(2)]
    assert [b["outcome"] for b in revenue] == ["denied"] * 2 and [cached(shop, b) for b in revenue] == [False] * 2
    assert len(entries(shop)) == 1


def test_a_cached_answer_still_streams_to_the_socket(api: Api, shop: Services, monkeypatch, worked):
    monkeypatch.setenv("WEBSOCKET_MANAGEMENT_SCHEME", "https")
    reset_caches()
    context = authorize(api.login("manager1").token)["context"]
    for request_id in ("q1", "q2"):
        invoke_socket(socket_event("query", {"action": "query", "request_id": request_id, "query": OVERDUE}, context))
    sent = [m for m in messages() if m["request_id"] == "q2"]
    deltas, done = [m for m in sent if m["type"] == "delta"], sent[-1]
    assert sent[0]["type"] == "start" and done["type"] == "done" and worked["compose"] == 1
    assert deltas and "".join(m["text"] for m in deltas) == done["response"]["response"]
    assert "WO-10002" in done["response"]["response"]
    assert cached(shop, done["response"]) is True


def test_hits_and_misses_are_counted(api: Api, monkeypatch, capsys):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    api.login("manager1")
    capsys.readouterr()
    for _ in range(2):
        api.call("POST", "/api/chat/query", {"query": OVERDUE})
    api.call("POST", "/api/chat/query", {"query": "Write me a poem about the sea"})  # no lookup: neither
    figures = [b["metrics"] for b in emitted(capsys.readouterr().out) if "TurnLatency" in b["metrics"]]
    assert [(f.get("CacheMisses"), f.get("CacheHits")) for f in figures] == [(1.0, None), (None, 1.0), (None, None)]
    assert figures[1]["InputTokens"] == 0 and figures[1]["TurnsAnswered"] == 1.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_answers_are_stored_once_the_version_settled_and_expire(services: Services):
    clock = Clock()
    table = services.dynamodb.Table(services.settings.answer_cache_table)
    versions = DataVersions(table, clock)
    fresh: list[float] = []
    cache = AnswerCache(
        table,
        versions,
        "local",
        "r1",
        ttl_seconds=100,
        settle_seconds=10,
        caught_up=lambda moment: bool(fresh.append(moment)) or True,
        clock=clock,
    )
    who, plan, today = Principal(username="m1", role="manager"), QueryPlan(intent=Intent.list_orders), date.today()
    answer = ReusableAnswer(response="two orders", intent="list_orders")
    assert versions.current().number == 0

    changed = versions.bump()
    lookup = cache.lookup(OVERDUE, plan, who, today)
    assert lookup is not None and lookup.hit is None and not lookup.storable  # the change is a moment old
    cache.store(lookup, answer)
    assert cache.lookup(OVERDUE, plan, who, today).hit is None
    clock.now += 10
    lookup = cache.lookup(OVERDUE, plan, who, today)
    assert lookup.storable and fresh == [changed.changed_at + 10]  # the directory is asked to have caught up
    cache.store(lookup, answer)
    assert cache.lookup(OVERDUE, plan, who, today).hit == answer
    clock.now += 101  # past its TTL, whether or not DynamoDB has deleted it yet
    assert cache.lookup(OVERDUE, plan, who, today).hit is None
    versions.bump()
    clock.now += 10
    lookup = cache.lookup(OVERDUE, plan, who, today)
    cache.store(lookup, answer)
    assert cache.lookup(OVERDUE, plan, who, today).hit == answer
    versions.bump()  # a change: the answer stored before it is never served again
    assert cache.lookup(OVERDUE, plan, who, today).hit is None


def test_a_directory_read_before_the_change_is_read_again_before_anything_is_stored():
    loads: list[int] = []
    directory = Directory(lambda: loads.append(1) or Vocabulary())
    directory.vocabulary()
    assert directory.loaded_since(time.time() - 60)
    moment = time.time() + 0.001
    time.sleep(0.01)
    assert not directory.loaded_since(moment)  # the names predate the change: read again on next use
    directory.vocabulary()
    assert len(loads) == 2 and directory.loaded_since(moment)
    directory.vocabulary()
    assert len(loads) == 2  # then kept for its five minutes as before
