"""The sample events in events/ are what AWS sends, and carry what the handlers read."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from aws_lambda_powertools.utilities.data_classes import (
    APIGatewayProxyEvent,
    DynamoDBStreamEvent,
    S3Event,
    SNSEvent,
    SQSEvent,
)
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecordEventName,
)

from awning_assistant.identity.providers import INTEGRATION_SCOPE
from awning_assistant.models import RecordType
from awning_assistant.records.store import DERIVED_ATTRIBUTES, ENTITIES, item_to_record
from tests.builders import EVENTS

API_EVENTS = {
    "api_health.json",
    "api_get_record.json",
    "api_chat_query.json",
    "api_integration_query.json",
}
STREAM_EVENTS = {"dynamodb_stream_work_orders.json", "dynamodb_stream_customers.json"}
S3_EVENTS = {"s3_object_created.json", "s3_object_removed.json"}
OCR_EVENTS = {"sns_textract_completed.json"}
REINDEX_EVENTS = {"sqs_reindex_step.json"}
SOCKET_EVENTS = {"websocket_connect_authorizer.json", "websocket_connect.json", "websocket_message_query.json"}
INFERENCE_EVENTS = {"inference_request.json"}
ALL_EVENTS = API_EVENTS | STREAM_EVENTS | S3_EVENTS | OCR_EVENTS | SOCKET_EVENTS | INFERENCE_EVENTS | REINDEX_EVENTS


def load(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())


def test_every_sample_event_is_present_and_known() -> None:
    assert {p.name for p in EVENTS.glob("*.json")} == ALL_EVENTS


# ---- API Gateway (REST, Lambda proxy integration) -------------------------------------


@pytest.mark.parametrize("name", sorted(API_EVENTS))
def test_api_events_are_consistent_rest_proxy_events(name: str) -> None:
    raw = load(name)
    event = APIGatewayProxyEvent(raw)
    ctx = event.request_context

    assert event.http_method == ctx.http_method
    assert event.resource == ctx.resource_path
    assert ctx.path == f"/{ctx.stage}{event.path}"
    assert ctx.request_id and ctx.api_id and ctx.stage
    assert raw["multiValueHeaders"] == {k: [v] for k, v in raw["headers"].items()}
    assert event.is_base64_encoded is False
    if event.resource.endswith("{proxy+}"):
        prefix = event.resource.removesuffix("{proxy+}")
        assert event.path_parameters == {"proxy": event.path.removeprefix(prefix)}
    if event.body is not None:
        assert event.headers.get("Content-Type") == "application/json"


def test_api_health_is_an_anonymous_get() -> None:
    event = APIGatewayProxyEvent(load("api_health.json"))
    assert (event.http_method, event.path, event.resource) == ("GET", "/api/health", "/api/health")
    assert event.headers.get("Authorization") is None
    assert "authorizer" not in event.raw_event["requestContext"]
    assert event.body is None


def test_api_get_record_carries_a_staff_users_cognito_claims() -> None:
    event = APIGatewayProxyEvent(load("api_get_record.json"))
    assert (event.http_method, event.path) == ("GET", "/api/records/work_order/WO-13552")
    assert event.resource == "/api/{proxy+}"
    assert event.path_parameters == {"proxy": "records/work_order/WO-13552"}
    assert event.headers.get("Authorization", "").startswith("Bearer ")
    claims = event.request_context.authorizer.claims
    assert claims["cognito:username"] == "ltaylor"
    assert claims["cognito:groups"] == "staff"
    assert claims["custom:territories"] == "North"
    assert claims["token_use"] == "id"


def test_api_chat_query_is_a_managers_json_post() -> None:
    event = APIGatewayProxyEvent(load("api_chat_query.json"))
    assert (event.http_method, event.path) == ("POST", "/api/chat/query")
    assert isinstance(event.body, str)
    assert event.json_body == {"query": "Which work orders are overdue?", "session_id": None}
    claims = event.request_context.authorizer.claims
    assert claims["cognito:username"] == "elindqvist"
    assert claims["cognito:groups"] == "manager"


def test_api_integration_query_carries_a_client_credentials_token_and_an_api_key() -> None:
    """Who: the Cognito authorizer's claims of an app client's access token (no user in it).
    Quota: the API key, which API Gateway checked and names, but which identifies no one."""
    event = APIGatewayProxyEvent(load("api_integration_query.json"))
    assert (event.http_method, event.path) == ("POST", "/integrations/chat/query")
    assert event.resource == "/integrations/{proxy+}"
    identity = event.request_context.identity
    assert identity.api_key_id
    assert identity.api_key == event.headers.get("x-api-key")
    assert event.headers.get("Authorization", "").startswith("Bearer ")
    claims = event.request_context.authorizer.claims
    assert claims["token_use"] == "access"
    assert claims["client_id"] and claims["sub"] == claims["client_id"]
    assert INTEGRATION_SCOPE in claims["scope"].split()
    assert not {"username", "cognito:username", "cognito:groups", "aud"} & set(claims)
    assert all(isinstance(value, str) for value in claims.values())  # the REST authorizer passes strings
    assert event.json_body["query"]
    assert event.json_body["session_id"] is None


# ---- DynamoDB Streams --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(STREAM_EVENTS))
def test_stream_events_are_new_and_old_image_batches(name: str) -> None:
    event = DynamoDBStreamEvent(load(name))
    records = list(event.records)
    assert records
    seen_ids = set()
    for record in records:
        assert record.event_source == "aws:dynamodb"
        assert record.aws_region == "us-east-1"
        assert record.event_id and record.event_id not in seen_ids
        seen_ids.add(record.event_id)
        assert ":table/" in record.event_source_arn and "/stream/" in record.event_source_arn
        ddb = record.dynamodb
        assert ddb is not None
        assert ddb.stream_view_type.name == "NEW_AND_OLD_IMAGES"
        assert ddb.sequence_number and ddb.size_bytes and ddb.size_bytes > 0
        assert ddb.keys
        has_new, has_old = bool(ddb.new_image), bool(ddb.old_image)
        expected = {
            DynamoDBRecordEventName.INSERT: (True, False),
            DynamoDBRecordEventName.MODIFY: (True, True),
            DynamoDBRecordEventName.REMOVE: (False, True),
        }[record.event_name]
        assert (has_new, has_old) == expected
        for image in (ddb.new_image, ddb.old_image):
            if image:
                # The keys are the image's own key attributes.
                assert {k: image[k] for k in ddb.keys} == ddb.keys
    # Sequence numbers increase within a shard.
    sequence = [int(r.dynamodb.sequence_number) for r in records]
    assert sequence == sorted(sequence)


def _check_order_image(image: dict[str, Any]) -> None:
    """An order as stored: the import format plus the derived index attributes."""
    assert image["WorkOrderNo"].startswith("WO-900")
    assert image["CustID"] == "C00110"
    assert image["Territory"] == "South"
    assert image["DueMonth"] == image["DateRequired"][:7]
    if "DateCompleted" in image:
        assert image["DoneMonth"] == image["DateCompleted"][:7]
        assert image["Status"] == "completed"
    else:
        assert "DoneMonth" not in image
    assert None not in image.values()  # nulls are left out of DynamoDB items
    total = sum(Decimal(i["Qty"]) * Decimal(i["Price"]) for i in image["Items"])
    assert Decimal(image["Total"]) == total
    for item in image["Items"]:
        assert set(item) == {"Description", "Material", "Color", "Qty", "Condition", "SizeWgt", "Price"}
    record = item_to_record(ENTITIES[RecordType.work_order], image)
    assert record.model_dump()["WorkOrderNo"] == image["WorkOrderNo"]
    assert DERIVED_ATTRIBUTES - {"DoneMonth", "IsOpen"} <= set(image)
    assert ("IsOpen" in image) == (image["Status"] not in ("completed", "cancelled"))


def test_work_order_stream_has_an_insert_a_modify_and_a_remove() -> None:
    event = DynamoDBStreamEvent(load("dynamodb_stream_work_orders.json"))
    records = list(event.records)
    assert [r.event_name for r in records] == [
        DynamoDBRecordEventName.INSERT,
        DynamoDBRecordEventName.MODIFY,
        DynamoDBRecordEventName.REMOVE,
    ]
    for record in records:
        assert ":table/awning-work-orders/stream/" in record.event_source_arn  # the local table's name
        for image in (record.dynamodb.new_image, record.dynamodb.old_image):
            if image:
                _check_order_image(image)
    modify = records[1].dynamodb
    assert (modify.old_image["Status"], modify.new_image["Status"]) == ("cleaning", "completed")


def test_customer_stream_inserts_a_valid_customer() -> None:
    event = DynamoDBStreamEvent(load("dynamodb_stream_customers.json"))
    (record,) = list(event.records)
    assert record.event_name == DynamoDBRecordEventName.INSERT
    assert ":table/awning-customers/stream/" in record.event_source_arn
    image = record.dynamodb.new_image
    assert set(image) == {
        "CustID",
        "Name",
        "Contact",
        "Address",
        "City",
        "State",
        "ZipCode",
        "Phone",
        "Email",
        "Source",
        "Territory",
        "Notes",
    }
    customer = item_to_record(ENTITIES[RecordType.customer], image)
    assert customer.model_dump()["Territory"] == "South"


# ---- S3 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "event_name"),
    [("s3_object_created.json", "ObjectCreated:Put"), ("s3_object_removed.json", "ObjectRemoved:Delete")],
)
def test_s3_events_name_the_document(name: str, event_name: str) -> None:
    event = S3Event(load(name))
    (record,) = list(event.records)
    assert record.event_source == "aws:s3"
    assert record.event_name == event_name
    assert event.bucket_name == "awning-documents"
    assert event.object_key == "warranty-policy.pdf"
    assert record.s3.bucket.arn == "arn:aws:s3:::awning-documents"
    assert record.s3.get_object.sequencer
    if event_name.startswith("ObjectCreated"):
        assert record.s3.get_object.size > 0
        assert record.s3.get_object.etag


# ---- SNS (Textract's job completions) -----------------------------------------------------


def test_the_ocr_event_is_textracts_completion_message_for_a_document() -> None:
    (record,) = list(SNSEvent(load("sns_textract_completed.json")).records)
    assert record.event_source == "aws:sns"
    assert record.sns.topic_arn.split(":")[-1].startswith("awning-assistant-OcrTopic")
    done = json.loads(record.sns.message)
    assert done["API"] == "StartDocumentTextDetection" and done["Status"] == "SUCCEEDED" and done["JobId"]
    assert done["DocumentLocation"] == {"S3ObjectName": "storage-notice.pdf", "S3Bucket": "awning-documents"}


# ---- SQS (a full reindex's steps) ---------------------------------------------------------


def test_the_reindex_event_is_one_step_message_from_the_reindex_queue() -> None:
    from awning_assistant.indexing.reindex import ReindexStep

    (record,) = list(SQSEvent(load("sqs_reindex_step.json")).records)
    assert record.event_source == "aws:sqs"
    assert record.event_source_arn.split(":")[-1].startswith("awning-assistant-ReindexQueue")
    assert ReindexStep.model_validate_json(record.body).step == 0
