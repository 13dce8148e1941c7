"""The integration tests' fixtures: moto in-process with the template's tables, the small shop imported,
its table streams delivered to the indexer, and the API's REST and WebSocket calls through the handlers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from boto3.dynamodb.conditions import Attr
from moto import mock_aws
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends
from moto.core import DEFAULT_ACCOUNT_ID

from awning_assistant.factory import Services, get_services
from awning_assistant.records.store import ENTITIES
from awning_assistant.settings import get_settings
from local import moto_index
from local.environment import TEMPLATE, in_process
from local.events import EventPump
from local.handlers import invoke
from local.infrastructure import create_resources
from local.stack import import_folder
from tests.builders import CONNECTION, connect_event, rest_request
from tests.conftest import SHOP, TODAY

moto_index.install()  # as in the local stack: moto answers a Query from the asked partition


def reset_caches() -> None:
    get_settings.cache_clear()
    get_services.cache_clear()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Local-mode settings, but with moto in-process (no storage endpoint) and a temp index."""
    for key, value in in_process(tmp_path / "index.sqlite3", tmp_path / "embedding-cache.sqlite3", TODAY).items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    # Tests write and ask at once: the mirror's copy is checked on every question, not every 0.5 s.
    monkeypatch.setenv("ANALYTICS_REFRESH_SECONDS", "0")
    reset_caches()
    yield
    reset_caches()


@pytest.fixture
def services(env: None) -> Iterator[Services]:
    with mock_aws():
        services = get_services()
        create_resources(services.settings, services.client("dynamodb"), services.s3, TEMPLATE)
        yield services


@pytest.fixture
def shop(services: Services) -> Services:
    """The services with the small fixture shop imported (and the analytics mirror the indexer
    would derive from the table streams)."""
    report = import_folder(services, SHOP, progress=False)
    assert report.ok, report.summary()
    services.mirror.rebuild({t: list(services.records.scan_all(t)) for t in ENTITIES})
    return services


@pytest.fixture
def pump(shop: Services) -> EventPump:
    """The shop indexed, with every table stream delivered to the indexer on ``drain`` (as
    Lambda's event source mappings would)."""
    shop.indexer.rebuild()
    events = EventPump(shop)
    events.connect()
    return events


def drain(pump: EventPump) -> None:
    """Deliver stream records until none are left (the indexer's own writes make more)."""
    for _ in range(10):
        if not pump.poll_once():
            return
    raise AssertionError("stream records kept coming")


def audit_actions(services: Services) -> list[tuple[str, str, str]]:
    """The audit log's records of actions (not chat turns): (username, action, target), sorted."""
    table = services.dynamodb.Table(services.settings.audit_table)
    items = table.scan(FilterExpression=Attr("Action").exists())["Items"]
    return sorted((i["Username"], i["Action"], i["Target"]) for i in items)


class Api:
    """Calls the chat_handler Lambda with API Gateway proxy events, signed in as a user."""

    def __init__(self) -> None:
        self.token: str | None = None

    def call_raw(
        self, method: str, path: str, body: Any = None, token: str | None = None, query: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """The status and body text of a call."""
        headers = {"Content-Type": "application/json"}
        if token or self.token:
            headers["Authorization"] = f"Bearer {token or self.token}"
        result = invoke("chat_handler", rest_request(method, path, body, headers=headers, query=query))
        return result["statusCode"], result.get("body") or ""

    def call(
        self, method: str, path: str, body: Any = None, token: str | None = None, query: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """The status and JSON body of a call."""
        status, text = self.call_raw(method, path, body, token, query)
        return status, json.loads(text) if text else None

    def login(self, username: str) -> Api:
        status, body = self.call("POST", "/api/auth/dev-login", {"username": username})
        assert status == 200, body
        self.token = body["token"]
        return self


@pytest.fixture
def api(shop: Services) -> Api:
    return Api()


def ask_as(api: Api, user: str, question: str) -> dict:
    """Sign in as ``user`` and ask ``question``; the answer's body."""
    api.login(user)
    status, body = api.call("POST", "/api/chat/query", {"query": question})
    assert status == 200, body
    return body


def invoke_socket(event: dict) -> dict:
    """The WebSocket API's routes (the socket function's handler)."""
    return invoke("chat_handler", event, "socket_handler")


def authorize(token: str) -> dict:
    """The ``$connect`` authorizer's decision on ``token``."""
    return invoke("chat_handler", connect_event(token), "socket_authorizer")


def messages() -> list[dict]:
    """What was posted to the test's WebSocket connection, in order (moto's management API keeps it)."""
    connection = apigatewaymanagementapi_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].connections[CONNECTION]
    data = connection.data.decode()
    decoder, out, at = json.JSONDecoder(), [], 0
    while at < len(data):
        item, at = decoder.raw_decode(data, at)
        out.append(item)
    return out
