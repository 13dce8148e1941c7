"""Shared fixtures: moto in-process with the template's tables, a small shop dataset, API calls."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from boto3.dynamodb.conditions import Attr
from fpdf import FPDF
from moto import mock_aws
from pypdf import PdfWriter

from awning_assistant.factory import Services, get_services
from awning_assistant.records.store import ENTITIES
from awning_assistant.settings import get_settings
from local import moto_index
from local.api_events import rest_event
from local.environment import TEMPLATE, in_process
from local.events import EventPump
from local.handlers import invoke
from local.infrastructure import create_resources
from local.stack import import_folder

FIXTURES = Path(__file__).parent / "fixtures"
SHOP = FIXTURES / "shop"
EVENTS = Path(__file__).resolve().parents[1] / "events"
TODAY = "2026-11-24"

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


def pdf_bytes(*pages: str, encrypt: bool = False) -> bytes:
    """A PDF with one page of text per argument (encrypted with a password if asked)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    data = bytes(pdf.output())
    if encrypt:
        writer = PdfWriter(clone_from=io.BytesIO(data))
        writer.encrypt("secret")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


def audit_actions(services: Services) -> list[tuple[str, str, str]]:
    """The audit log's records of actions (not chat turns): (username, action, target), sorted."""
    table = services.dynamodb.Table(services.settings.audit_table)
    items = table.scan(FilterExpression=Attr("Action").exists())["Items"]
    return sorted((i["Username"], i["Action"], i["Target"]) for i in items)


def load_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())


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
        event = rest_event(
            method,
            path,
            headers={k: [v] for k, v in headers.items()},
            query={k: [v] for k, v in (query or {}).items()},
            body=None if body is None else (body if isinstance(body, str) else json.dumps(body)),
        )
        result = invoke("chat_handler", event)
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
