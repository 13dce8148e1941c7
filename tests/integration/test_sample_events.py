"""Every sample event in events/ runs through its function's handler in-process, as ``make invoke``
runs it where Docker (and so ``sam local invoke``) is absent: each trigger of each function has one,
naming the local stack's resources, and each gets the answer its trigger expects."""

from __future__ import annotations

import json
from typing import Any

import pytest

from awning_assistant.factory import Services
from awning_assistant.identity.providers import CognitoIdentity
from local.invoke import EVENTS, env_json, function_of, functions, invoke_sample, main
from tests.builders import DOMAIN, load_event
from tests.integration.conftest import Api, messages
from tests.unit.test_document_extraction import scanned

SAMPLES = sorted(p.name for p in EVENTS.glob("*.json"))


def run(name: str, event: dict[str, Any] | None = None) -> dict[str, Any]:
    return invoke_sample(function_of(name), event or load_event(name))


def test_every_sample_event_belongs_to_a_function_and_every_function_has_one():
    assert {function_of(name) for name in SAMPLES} == set(functions())


@pytest.fixture
def cognito(shop: Services) -> Services:
    """API Gateway's Cognito authorizer has checked the samples' tokens: the claims are read as given."""
    shop.identity = CognitoIdentity(shop.records, "us-east-1_Ab12Cd34E", None, "us-east-1")
    return shop


@pytest.mark.parametrize(
    ("name", "status"), [("api_health.json", 200), ("api_chat_query.json", 200), ("api_get_record.json", 404)]
)
def test_rest_samples_get_their_routes_answer(cognito: Services, name: str, status: int):
    result = run(name)
    body = json.loads(result["body"])
    assert result["statusCode"] == status, body
    if name == "api_chat_query.json":
        assert body["outcome"] == "answered" and body["data"]["rows"]
    if status == 404:  # WO-13552 is the demo data's (make dev), not this test shop's
        assert body["error"] == "not_found"


def test_the_integration_sample_answers_once_its_client_is_registered(cognito: Services):
    claims = load_event("api_integration_query.json")["requestContext"]["authorizer"]["claims"]
    assert run("api_integration_query.json")["statusCode"] == 403  # not registered: refused
    cognito.dynamodb.Table(cognito.settings.integrations_table).put_item(
        Item={"client_id": claims["client_id"], "name": "Harbor ERP", "role": "manager", "territories": []}
    )
    result = run("api_integration_query.json")
    assert result["statusCode"] == 200 and json.loads(result["body"])["outcome"] == "answered"


def test_socket_samples_connect_and_stream_an_answer(api: Api, monkeypatch):
    event = load_event("websocket_connect_authorizer.json")
    assert run("websocket_connect_authorizer.json")["policyDocument"]["Statement"][0]["Effect"] == "Deny"
    event["queryStringParameters"]["token"] = api.login("manager1").token
    decision = run("websocket_connect_authorizer.json", event)
    assert decision["policyDocument"]["Statement"][0]["Effect"] == "Allow"
    granted = {**decision["context"], "principalId": decision["principalId"]}
    assert load_event("websocket_message_query.json")["requestContext"]["authorizer"] == granted
    assert run("websocket_connect.json") == {"statusCode": 200}
    message = load_event("websocket_message_query.json")
    # Posted to moto's management API (which keeps what it is sent), not to make dev's server.
    message["requestContext"].update(connectionId="conn-1", domainName=DOMAIN, stage="prod")
    monkeypatch.setenv("WEBSOCKET_MANAGEMENT_SCHEME", "https")
    from awning_assistant.settings import get_settings

    get_settings.cache_clear()
    assert run("websocket_message_query.json", message) == {"statusCode": 200}
    sent = messages()
    assert sent[0] == {"type": "start", "request_id": "req-7f3a"} and sent[-1]["type"] == "done"


def test_the_inference_sample_is_answered_from_its_grounding(shop: Services):
    result = run("inference_request.json")
    assert "12 months" in result["text"] and "warranty-policy.pdf" in result["text"]


def test_indexer_samples_change_the_index_and_the_catalog(shop: Services):
    for name in ("dynamodb_stream_customers.json", "dynamodb_stream_work_orders.json"):
        assert run(name) == {"batchItemFailures": []}
    shop.s3.put_object(
        Bucket="awning-documents", Key="warranty-policy.pdf", Body=scanned("Restitching is warranted for 12 months.")
    )
    run("s3_object_created.json")
    assert shop.catalog.get("warranty-policy.pdf").status == "indexed"
    assert run("sns_textract_completed.json") == {"finished": ["storage-notice.pdf"]}  # no job waits: nothing
    assert run("sqs_reindex_step.json") == {"reindex": []}  # no such run: nothing (test_reindex runs one)
    shop.s3.delete_object(Bucket="awning-documents", Key="warranty-policy.pdf")
    run("s3_object_removed.json")
    assert shop.catalog.get("warranty-policy.pdf") is None


def test_env_json_names_every_function_and_the_local_resources_from_the_container():
    env = env_json(5005)
    assert set(env) == {
        "ChatHandlerFunction",
        "LlmInferenceFunction",
        "IndexerFunction",
        "IndexerDocumentsFunction",
        "IndexerOcrFunction",
        "IndexerReindexFunction",
        "ChatSocketAuthorizerFunction",
        "ChatSocketFunction",
    }
    chat = env["ChatHandlerFunction"]
    assert chat["STORAGE_ENDPOINT_URL"] == "http://host.docker.internal:5005" and chat["SEARCH_BACKEND"] == "embedded"
    assert not any(key.startswith("AWS_") for key in chat)  # sam local passes the caller's own


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["NoSuchFunction", "events/api_health.json"], "usage: make invoke FUNCTION=<ChatHandlerFunction|"),
        (["IndexerFunction", "events/nope.json"], "no such event file"),
        (
            ["IndexerFunction", "events/api_health.json"],
            "is an event of ChatHandlerFunction, not of IndexerFunction",
        ),
        (
            ["IndexerFunction", "events/s3_object_created.json"],
            "is an event of IndexerDocumentsFunction, not of IndexerFunction",
        ),
    ],
)
def test_make_invoke_refuses_a_wrong_pairing_by_name(argv: list[str], message: str, monkeypatch):
    monkeypatch.chdir(EVENTS.parent)
    with pytest.raises(SystemExit, match=message):
        main(argv)
