"""Onboarding on a deployed stack, against moto's Cognito, API Gateway and DynamoDB: a person
invited into their role's group with their territories, an integration with its app client, its
own API key on the usage plan and its registration, both idempotent; mistakes are clear errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from awning_assistant.records.store import RecordStore
from awning_assistant.settings import Settings
from local import cli
from local.deployed import StackError, stack_outputs, stack_settings
from local.onboarding import SCOPE, add_integration, add_user
from tests.conftest import SHOP

REGION = "us-east-1"


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """What the template creates that onboarding writes to, and the stack's outputs naming it."""
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        cognito = boto3.client("cognito-idp", region_name=REGION)
        pool = cognito.create_user_pool(
            PoolName="awning", Schema=[{"Name": "territories", "AttributeDataType": "String", "Mutable": True}]
        )["UserPool"]["Id"]
        for group in ("admin", "manager", "staff"):
            cognito.create_group(UserPoolId=pool, GroupName=group)
        cognito.create_resource_server(
            UserPoolId=pool,
            Identifier="awning-api",
            Name="API",
            Scopes=[{"ScopeName": "query", "ScopeDescription": "ask"}],
        )
        apigateway = boto3.client("apigateway", region_name=REGION)
        api = apigateway.create_rest_api(name="awning")["id"]
        plan = apigateway.create_usage_plan(name="plan", apiStages=[])["id"]
        dynamodb = boto3.resource("dynamodb", region_name=REGION)
        dynamodb.create_table(
            TableName="integrations-x1",
            BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "client_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "client_id", "AttributeType": "S"}],
        )
        yield {
            "cognito": cognito,
            "apigateway": apigateway,
            "dynamodb": dynamodb,
            "api": api,
            "outputs": {"UserPoolId": pool, "UsagePlanId": plan, "IntegrationsTableName": "integrations-x1"},
        }


def user(stack: dict[str, Any], username: str) -> tuple[dict[str, str], set[str]]:
    cognito, pool = stack["cognito"], stack["outputs"]["UserPoolId"]
    found = cognito.admin_get_user(UserPoolId=pool, Username=username)
    groups = cognito.admin_list_groups_for_user(UserPoolId=pool, Username=username)["Groups"]
    return {a["Name"]: a["Value"] for a in found["UserAttributes"]}, {g["GroupName"] for g in groups}


def test_a_person_is_invited_into_their_roles_group_and_a_second_run_brings_them_in_line(stack):
    person = add_user(stack["cognito"], stack["outputs"], "rosa", "rosa@example.com", "staff", "North, Coastal")
    assert person.invited
    attributes, groups = user(stack, "rosa")
    assert (attributes["email"], attributes["custom:territories"], groups) == (
        "rosa@example.com",
        "North,Coastal",
        {"staff"},
    )
    again = add_user(stack["cognito"], stack["outputs"], "rosa", "rosa@shop.example", "manager")
    assert not again.invited  # no second invitation
    attributes, groups = user(stack, "rosa")
    assert attributes["email"] == "rosa@shop.example" and "custom:territories" not in attributes
    assert groups == {"manager"}  # one role: the staff group is left


@pytest.mark.parametrize(
    ("role", "territories", "email", "message"),
    [
        ("owner", "North", "a@example.com", "ROLE must be one of admin, manager, staff"),
        ("staff", " , ", "a@example.com", "staff see only their territories"),
        ("staff", "North", "not-an-address", "is not an e-mail address"),
    ],
)
def test_a_mistake_is_named_and_nothing_is_created(stack, role, territories, email, message):
    with pytest.raises(StackError, match=message):
        add_user(stack["cognito"], stack["outputs"], "sam", email, role, territories)
    users = stack["cognito"].list_users(UserPoolId=stack["outputs"]["UserPoolId"])["Users"]
    assert users == []


def test_an_integration_gets_an_app_client_its_own_key_on_the_plan_and_a_registration(stack):
    made = add_integration(
        stack["cognito"], stack["apigateway"], stack["dynamodb"], stack["outputs"], "Harbor ERP", "staff", "South"
    )
    assert made.created and made.client_secret and made.api_key
    client = stack["cognito"].describe_user_pool_client(
        UserPoolId=stack["outputs"]["UserPoolId"], ClientId=made.client_id
    )["UserPoolClient"]
    assert client["AllowedOAuthFlows"] == ["client_credentials"] and client["AllowedOAuthScopes"] == [SCOPE]
    keys = stack["apigateway"].get_usage_plan_keys(usagePlanId=stack["outputs"]["UsagePlanId"])["items"]
    assert [k["value"] for k in keys] == [made.api_key]
    # The registration is what the chat function reads to decide the integration's role and territories.
    store = RecordStore(stack["dynamodb"], Settings(integrations_table="integrations-x1"))
    registered = store.get_integration(made.client_id)
    assert (registered.name, registered.role, registered.territories) == ("Harbor ERP", "staff", ["South"])

    again = add_integration(
        stack["cognito"], stack["apigateway"], stack["dynamodb"], stack["outputs"], "Harbor ERP", "manager"
    )
    assert (again.created, again.client_id, again.api_key) == (False, made.client_id, made.api_key)
    assert len(stack["apigateway"].get_usage_plan_keys(usagePlanId=stack["outputs"]["UsagePlanId"])["items"]) == 1
    assert store.get_integration(made.client_id).role == "manager"


def test_stack_outputs_are_read_from_cloudformation_and_a_missing_one_is_named():
    cloudformation = boto3.client(
        "cloudformation", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(cloudformation) as stub:
        stub.add_response(
            "describe_stacks",
            {
                "Stacks": [
                    {
                        "StackName": "awning",
                        "CreationTime": "2026-11-01T00:00:00Z",
                        "StackStatus": "CREATE_COMPLETE",
                        "Outputs": [{"OutputKey": "UserPoolId", "OutputValue": "us-east-1_abc"}],
                    }
                ]
            },
            {"StackName": "awning"},
        )
        stub.add_client_error("describe_stacks", "ValidationError", "Stack with id nope does not exist")
        outputs = stack_outputs(cloudformation, "awning")
        assert outputs == {"UserPoolId": "us-east-1_abc"}
        with pytest.raises(StackError, match="stack 'nope' not found"):
            stack_outputs(cloudformation, "nope")
    with pytest.raises(StackError, match="no output UsagePlanId, IntegrationsTableName: deploy the current"):
        add_integration(None, None, None, outputs, "ERP", "staff", "North")


def test_the_command_line_reports_a_mistake_without_a_stack_trace(stack, monkeypatch, capsys):
    monkeypatch.setattr("local.deployed.stack_outputs", lambda client, name: stack["outputs"])
    with pytest.raises(SystemExit, match="error: ROLE must be one of"):
        cli.main(["add-user", "--stack", "awning", "--username", "x", "--email", "x@example.com", "--role", "boss"])
    assert (
        cli.main(["add-user", "--stack", "awning", "--username", "x", "--email", "x@example.com", "--role", "admin"])
        == 0
    )
    assert "x: invited by e-mail" in capsys.readouterr().out


def _stack_template() -> str:
    """What an import writes to, as the real template declares it (keys only; CloudFormation names them)."""
    keys = {
        "CustomersTable": "CustID",
        "WorkOrdersTable": "WorkOrderNo",
        "RepairOrdersTable": "RepairOrderNo",
        "InventoryTable": "InventoryKey",
        "UsersTable": "username",
    }
    resources: dict[str, Any] = {
        name: {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": key, "AttributeType": "S"}],
            },
        }
        for name, key in keys.items()
    }
    resources["DocumentsBucket"] = {"Type": "AWS::S3::Bucket"}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources})


def test_make_import_with_a_stack_loads_its_tables_and_bucket_and_again_changes_nothing(monkeypatch, capsys):
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(key, value)
    with mock_aws():
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(StackName="shop", TemplateBody=_stack_template())
        settings = stack_settings(cloudformation, "shop", REGION)
        assert settings.work_orders_table.startswith("shop-WorkOrdersTable")  # CloudFormation's own name
        for _ in range(2):  # the second run rewrites the same items: nothing more, nothing lost
            assert cli.main(["import", str(SHOP), "--stack", "shop"]) == 0
        orders = boto3.resource("dynamodb", region_name=REGION).Table(settings.work_orders_table).scan()["Items"]
        assert sorted(o["WorkOrderNo"] for o in orders) == sorted(
            json.loads(line)["WorkOrderNo"] for line in (SHOP / "work_orders.jsonl").read_text().splitlines() if line
        )
        assert all(o["Territory"] for o in orders)  # derived attributes written, as locally
        stored = boto3.client("s3", region_name=REGION).list_objects_v2(Bucket=settings.documents_bucket)
        assert {o["Key"] for o in stored["Contents"]} == {p.name for p in (SHOP / "documents").iterdir()}
        assert "indexer picks the changes up" in capsys.readouterr().out
        with pytest.raises(SystemExit, match="error: stack 'nope' not found"):
            cli.main(["import", str(SHOP), "--stack", "nope"])
