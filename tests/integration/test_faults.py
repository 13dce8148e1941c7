"""The fault switches ``make load`` uses: each makes its dependency fail the way the real one
does, and the API turns that into a clear answer or a 503, never a 500."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import boto3
import pytest
from botocore.config import Config
from moto.server import ThreadedMotoServer

from awning_assistant.errors import is_unavailable
from awning_assistant.factory import get_services
from local.faults import Faults, FaultyIndex, FaultyProvider, StorageGate
from local.running import free_port
from tests.integration.conftest import Api


@pytest.fixture
def moto_port() -> Iterator[int]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield port
    server.stop()


def test_the_storage_gate_cuts_and_restores_without_losing_data(moto_port: int):
    faults = Faults()
    gate = StorageGate(moto_port, faults)
    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{gate.port}",
        region_name="us-east-1",
        aws_access_key_id="t",
        aws_secret_access_key="t",
        config=Config(retries={"total_max_attempts": 2}, connect_timeout=1, read_timeout=2),
    )
    s3.create_bucket(Bucket="gate-test")
    faults.set(storage=True)
    with pytest.raises(Exception) as cut:
        s3.list_objects_v2(Bucket="gate-test")
    assert is_unavailable(cut.value), type(cut.value)
    faults.set(storage=False)
    assert s3.list_objects_v2(Bucket="gate-test")["KeyCount"] == 0  # the bucket outlived the outage
    gate.close()


def test_faults_reject_what_they_do_not_know():
    with pytest.raises(ValueError):
        Faults().set(model="on fire")
    with pytest.raises(ValueError):
        Faults().set(printer=True)


def test_a_failing_model_or_index_is_an_answer_with_a_notice_or_a_503(api: Api):
    services = get_services()
    faults = Faults()
    services.chat._inference._provider = FaultyProvider(services.chat._inference._provider, faults)
    services.chat._retriever._index = FaultyIndex(services.chat._retriever._index, faults)
    services.indexer.rebuild()
    api.login("admin1")
    for fault in ("fail", "throttle"):
        faults.set(model=fault)
        status, body = api.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})
        assert status == 200 and body["notice"] and "WO-10002" in body["response"]
    faults.set(model=None, index="down")
    status, body = api.call("POST", "/api/chat/query", {"query": "find the job with the seahorse valance"})
    assert status == 503 and body["error"] == "unavailable"
    status, body = api.call("POST", "/api/chat/query", {"query": "Which orders are overdue?"})
    assert status == 200 and body["notice"] is None  # structured answers never touch the index


def test_a_turn_is_stored_through_a_storage_blip_and_only_once(shop):
    """The write's acknowledgement lost, then storage refused for a moment: the turn is waited
    for (the same token makes the retry apply once), not reported as failed."""
    from botocore.exceptions import EndpointConnectionError

    from awning_assistant.answering.conversations import Turn
    from awning_assistant.generation.usage import Usage

    conversations = shop.conversations
    real = conversations._client.transact_write_items
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["ClientRequestToken"])
        if len(calls) == 1:
            real(**kwargs)  # it lands, but the reply is lost
        if len(calls) < 3:
            raise EndpointConnectionError(endpoint_url="http://storage")
        return real(**kwargs)

    conversations._client.transact_write_items = flaky
    try:
        turn = Turn(question="q", answer="a", chat_log_id="blip-1")
        with pytest.raises(EndpointConnectionError):
            conversations.record("staffsouth", "s1", turn, "search", 1.0, Usage())
        calls.clear()
        conversations.record(
            "staffsouth", "s1", turn.model_copy(update={"chat_log_id": "blip-2"}), "search", 1.0, Usage(), retry_for=2.0
        )
    finally:
        conversations._client.transact_write_items = real
    assert len(calls) == 3 and set(calls) == {"blip-2"}
    assert conversations.audit_record("blip-2") is not None
    assert [t.chat_log_id for t in conversations.history("staffsouth", "s1")].count("blip-2") == 1
