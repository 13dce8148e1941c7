"""Local resources come from template.yaml: same tables, keys, indexes, streams, TTL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from awning_assistant.settings import Settings
from local.infrastructure import (
    create_resources,
    load_template,
    local_resources,
)
from tests.conftest import ROOT

TEMPLATE = ROOT / "template.yaml"

TABLE_SETTINGS = {
    "customers_table": "CustomersTable",
    "work_orders_table": "WorkOrdersTable",
    "repair_orders_table": "RepairOrdersTable",
    "inventory_table": "InventoryTable",
    "users_table": "UsersTable",
    "integrations_table": "IntegrationsTable",
    "sessions_table": "SessionsTable",
    "audit_table": "AuditTable",
    "document_catalog_table": "DocumentCatalogTable",
    "chunk_ledger_table": "ChunkLedgerTable",
    "jobs_table": "JobsTable",
    "answer_cache_table": "AnswerCacheTable",
    "prompt_versions_table": "PromptVersionsTable",
}
STREAMED = {"customers_table", "work_orders_table", "repair_orders_table", "inventory_table"}


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Fake credentials and an in-process moto; streams need the account endpoint off."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield boto3.session.Session(region_name="us-east-1")


@pytest.fixture
def settings() -> Settings:
    return Settings(
        customers_table="t-customers",
        work_orders_table="t-work-orders",
        repair_orders_table="t-repair-orders",
        inventory_table="t-inventory",
        users_table="t-users",
        sessions_table="t-sessions",
        audit_table="t-audit",
        documents_bucket="t-documents",
    )


def _gsis(props: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    return {g["IndexName"]: g["KeySchema"] for g in props.get("GlobalSecondaryIndexes", [])}


def test_load_template_understands_short_form_intrinsics(tmp_path: Path) -> None:
    source = tmp_path / "t.yaml"
    source.write_text(
        "Resources:\n"
        "  A:\n"
        "    Type: X\n"
        "    Properties:\n"
        "      R: !Ref Thing\n"
        "      G: !GetAtt Dist.FunctionMetadata.FunctionARN\n"
        "      S: !Sub 'arn:${AWS::Partition}:s3:::x'\n"
        "      I: !If [Cond, !Ref A, !Ref AWS::NoValue]\n"
        "      L: !Select [0, !Split ['/', !Ref Url]]\n"
        "      C: !Condition IsProd\n"
    )
    props = load_template(source)["Resources"]["A"]["Properties"]
    assert props["R"] == {"Ref": "Thing"}
    assert props["G"] == {"Fn::GetAtt": ["Dist", "FunctionMetadata.FunctionARN"]}
    assert props["S"] == {"Fn::Sub": "arn:${AWS::Partition}:s3:::x"}
    assert props["I"] == {"Fn::If": ["Cond", {"Ref": "A"}, {"Ref": "AWS::NoValue"}]}
    assert props["L"] == {"Fn::Select": [0, {"Fn::Split": ["/", {"Ref": "Url"}]}]}
    assert props["C"] == {"Condition": "IsProd"}


def test_local_resources_maps_every_setting_to_its_resource() -> None:
    resources = local_resources(load_template(TEMPLATE))
    assert {t.setting_name: t.logical_id for t in resources.tables} == TABLE_SETTINGS
    assert [(b.setting_name, b.logical_id) for b in resources.buckets] == [
        ("documents_bucket", "DocumentsBucket"),
        ("analytics_bucket", "AnalyticsBucket"),
    ]
    # Every setting the template names exists on Settings.
    for resource in [*resources.tables, *resources.buckets]:
        assert resource.setting_name in Settings.model_fields


def test_local_resources_refuses_intrinsics_in_table_shapes() -> None:
    template = {
        "Globals": {"Function": {"Environment": {"Variables": {"CUSTOMERS_TABLE": {"Ref": "T"}}}}},
        "Resources": {
            "T": {
                "Type": "AWS::DynamoDB::Table",
                "Properties": {
                    "KeySchema": [{"AttributeName": {"Ref": "KeyParam"}, "KeyType": "HASH"}],
                    "AttributeDefinitions": [],
                },
            }
        },
    }
    with pytest.raises(ValueError, match="literal"):
        local_resources(template)


def test_create_resources_builds_the_templates_tables_and_bucket(aws: Any, settings: Settings) -> None:
    dynamodb = aws.client("dynamodb")
    s3 = aws.client("s3")
    template = load_template(TEMPLATE)

    created = create_resources(settings, dynamodb, s3, TEMPLATE)

    buckets = {settings.documents_bucket, settings.analytics_bucket}
    expected_names = {getattr(settings, s) for s in TABLE_SETTINGS} | buckets
    assert set(created) == expected_names
    assert set(dynamodb.list_tables()["TableNames"]) == {getattr(settings, s) for s in TABLE_SETTINGS}
    assert buckets <= {b["Name"] for b in s3.list_buckets()["Buckets"]}

    streams = aws.client("dynamodbstreams")
    for setting, logical_id in TABLE_SETTINGS.items():
        props = template["Resources"][logical_id]["Properties"]
        name = getattr(settings, setting)
        table = dynamodb.describe_table(TableName=name)["Table"]

        assert table["KeySchema"] == props["KeySchema"]
        assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
        assert {a["AttributeName"]: a["AttributeType"] for a in table["AttributeDefinitions"]} == {
            a["AttributeName"]: a["AttributeType"] for a in props["AttributeDefinitions"]
        }
        actual_gsis = {g["IndexName"]: g["KeySchema"] for g in table.get("GlobalSecondaryIndexes", [])}
        assert actual_gsis == _gsis(props)
        for gsi in table.get("GlobalSecondaryIndexes", []):
            assert gsi["Projection"]["ProjectionType"] == "ALL"

        if setting in STREAMED:
            assert table["StreamSpecification"] == {
                "StreamEnabled": True,
                "StreamViewType": "NEW_AND_OLD_IMAGES",
            }
            description = streams.describe_stream(StreamArn=table["LatestStreamArn"])
            assert description["StreamDescription"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        else:
            assert not table.get("StreamSpecification", {}).get("StreamEnabled", False)

        ttl = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        if "TimeToLiveSpecification" in props:
            assert ttl["TimeToLiveStatus"] == "ENABLED"
            assert ttl["AttributeName"] == props["TimeToLiveSpecification"]["AttributeName"]
        else:
            assert ttl["TimeToLiveStatus"] == "DISABLED"


def test_create_resources_is_idempotent(aws: Any, settings: Settings) -> None:
    dynamodb = aws.client("dynamodb")
    s3 = aws.client("s3")
    create_resources(settings, dynamodb, s3, TEMPLATE)
    dynamodb.put_item(TableName=settings.customers_table, Item={"CustID": {"S": "C00110"}})

    assert create_resources(settings, dynamodb, s3, TEMPLATE) == []

    # Nothing was recreated: the item written in between is still there.
    item = dynamodb.get_item(TableName=settings.customers_table, Key={"CustID": {"S": "C00110"}})
    assert item["Item"]["CustID"] == {"S": "C00110"}


def test_create_resources_defaults_to_the_repository_template(aws: Any, settings: Settings) -> None:
    created = create_resources(settings, aws.client("dynamodb"), aws.client("s3"))
    assert settings.work_orders_table in created
