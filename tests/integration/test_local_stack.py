"""The local stack's moto server: restarts on its port at once, and clients keep their connections.
Also ``make eval``'s verdict, which CI relies on.

Each stack test starts moto in server mode on a free port of 127.0.0.1 in this process.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import boto3
import pytest
from aiohttp.test_utils import TestClient, TestServer

from local.environment import in_process
from local.evaluate import score
from local.events import EventPump
from local.running import free_port
from local.server import build_app
from local.stack import KeepAliveMotoHandler, LocalStack
from tests.conftest import TODAY
from tests.integration.conftest import reset_caches


@pytest.fixture
def port(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[int]:
    """Local-mode settings with the storage endpoint on a free port, where the tests start moto."""
    port = free_port()
    for key, value in in_process(tmp_path / "index.sqlite3", None, TODAY, moto_port=port).items():
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    reset_caches()
    yield port
    reset_caches()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The client address of every connection moto accepts from now on."""
    accepted: list[tuple[str, int]] = []
    setup = KeepAliveMotoHandler.setup

    def counting_setup(handler: KeepAliveMotoHandler) -> None:
        accepted.append(handler.client_address)
        setup(handler)

    monkeypatch.setattr(KeepAliveMotoHandler, "setup", counting_setup)
    return accepted


def test_a_restart_on_the_same_port_starts_at_once(port: int) -> None:
    """A stopped run leaves hundreds of closed connections in TIME_WAIT for a minute; a restart must not care."""
    first = LocalStack(port)
    first.start()
    for _ in range(300):  # each connection closed by moto first, so it waits in TIME_WAIT on moto's port
        with socket.create_connection(("127.0.0.1", port)) as connection:
            connection.sendall(b"GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            while connection.recv(65536):
                pass
    first.stop()

    second = LocalStack(port)
    services = second.start()
    try:
        assert services.settings.work_orders_table in services.dynamodb.meta.client.list_tables()["TableNames"]
    finally:
        second.stop()


def test_a_running_stack_keeps_a_second_one_off_its_port(port: int) -> None:
    stack = LocalStack(port)
    stack.start()
    try:
        with pytest.raises(SystemExit, match=f"Port {port} \\(moto\\) is in use"):
            LocalStack(port).start()
    finally:
        stack.stop()


def test_boto3_clients_and_the_event_pump_reuse_their_connections(
    port: int, connections: list[tuple[str, int]]
) -> None:
    stack = LocalStack(port)
    services = stack.start()
    try:
        pump = EventPump(services)
        pump.connect()
        for _ in range(30):  # polls with nothing to deliver but S3's test event, as the pump makes 5 a second
            pump.poll_once()
        table = services.dynamodb.Table(services.settings.customers_table)
        bucket = services.settings.documents_bucket
        for n in range(30):
            table.put_item(Item={"CustID": f"C{n}", "Name": f"Customer {n}"})
            assert table.get_item(Key={"CustID": f"C{n}"})["Item"]["Name"] == f"Customer {n}"
            services.s3.put_object(Bucket=bucket, Key=f"notes-{n}.txt", Body=b"x" * n)
            assert services.s3.get_object(Bucket=bucket, Key=f"notes-{n}.txt")["Body"].read() == b"x" * n
    finally:
        stack.stop()

    # one connection per client: the table resource, S3 (table and bucket creation included), streams and SQS
    assert len(connections) <= 4, f"{len(connections)} connections for ~400 requests"


def test_the_storage_proxy_forwards_presigned_requests_over_one_connection(
    port: int, connections: list[tuple[str, int]]
) -> None:
    stack = LocalStack(port)
    services = stack.start()
    bucket = services.settings.documents_bucket
    before = len(connections)

    async def upload_and_read() -> list[bytes]:
        async with TestClient(TestServer(build_app(f"http://127.0.0.1:{port}", bucket))) as client:
            presigner = boto3.client("s3", region_name="us-east-1", endpoint_url=str(client.make_url("")))
            bodies = []
            for n in range(20):
                key, body = f"upload-{n}.txt", f"page {n}".encode()
                if n % 2:  # a presigned PUT to the object, or a presigned POST form to the bucket
                    put = presigner.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": key})
                    sent = client.session.put(put, data=body)
                else:
                    post = presigner.generate_presigned_post(bucket, key)
                    form = aiohttp.FormData(post["fields"])
                    form.add_field("file", body, filename=key)
                    sent = client.session.post(post["url"], data=form)
                async with sent as reply:
                    assert reply.status in (200, 204), await reply.text()
                get = presigner.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key})
                async with client.session.get(get) as reply:
                    bodies.append(await reply.read())
            return bodies

    try:
        with ThreadPoolExecutor(1) as thread:  # its own event loop, whatever runs in this thread
            assert thread.submit(asyncio.run, upload_and_read()).result() == [f"page {n}".encode() for n in range(20)]
    finally:
        stack.stop()
    assert len(connections) - before == 1


def test_eval_names_the_questions_the_scorer_failed(tmp_path: Path) -> None:
    """score.py exits 0 even when questions fail; make eval must not."""
    asked = {"q1": (3, "There are 3 work orders in the cleaning queue."), "q2": (5, "There are 4."), "q3": (7, "")}
    questions, responses, details = tmp_path / "questions.jsonl", tmp_path / "responses.jsonl", tmp_path / "d.jsonl"
    questions.write_text(
        "".join(
            json.dumps(
                {
                    "id": qid,
                    "kind": "count_status",
                    "user": "amy",
                    "question": "How many?",
                    "expect": {"numbers": [number]},
                }
            )
            + "\n"
            for qid, (number, _) in asked.items()
        )
    )
    responses.write_text(
        "".join(
            json.dumps({"id": qid, "user": "amy", "status": 200, "latency_ms": 5.0, "body": {"response": answer}})
            + "\n"
            for qid, (_, answer) in asked.items()
        )
    )

    assert score(questions, responses, details) == (3, ["q2", "q3"])


def test_an_oversized_query_string_gets_the_apis_own_json_error(port: int) -> None:
    """aiohttp's own limit (8 KB a line) would answer with a plain-text 400 no operation documents."""
    stack = LocalStack(port)
    services = stack.start()

    async def list_documents() -> tuple[int, str]:
        app = build_app(f"http://127.0.0.1:{port}", services.settings.documents_bucket)
        async with (
            TestClient(TestServer(app)) as client,
            client.get("/api/documents", params=[("cursor", "x" * 200)] * 60) as reply,
        ):
            return reply.status, reply.headers.get("Content-Type", "")

    try:
        with ThreadPoolExecutor(1) as thread:
            status, content_type = thread.submit(asyncio.run, list_documents()).result()
    finally:
        stack.stop()
    assert status in (401, 422) and content_type.startswith("application/json")
