"""Local resources, read from the deployment template.

``template.yaml`` is the one source of truth for the tables and the bucket: local mode
creates exactly what CloudFormation creates (keys, indexes, streams, TTL), so a key or
index added to the template cannot be forgotten locally. Which setting names which
resource comes from the template too: every ``NAME: !Ref <LogicalId>`` among the
functions' global environment variables pointing at a table or bucket means
``Settings.<name.lower()>`` holds that resource's name.

Used only by the local stack and the tests; nothing on Lambda imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from botocore.exceptions import ClientError

TABLE_TYPE = "AWS::DynamoDB::Table"
BUCKET_TYPE = "AWS::S3::Bucket"
TABLE_PROPERTIES = (
    "KeySchema",
    "AttributeDefinitions",
    "GlobalSecondaryIndexes",
    "StreamSpecification",
    "TimeToLiveSpecification",
)


# ---- reading the template ------------------------------------------------------------


def default_template_path() -> Path:
    """``template.yaml`` at the repository root (this module is local/infrastructure.py)."""
    return Path(__file__).resolve().parents[1] / "template.yaml"


class _TemplateLoader(yaml.SafeLoader):
    """A safe YAML loader that understands CloudFormation's short-form tags."""


def _construct_intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    """Long form of a short-form tag.

    ``!Ref X`` -> ``{"Ref": X}``, ``!GetAtt A.B`` -> ``{"Fn::GetAtt": [A, B]}``,
    any other ``!Tag v`` -> ``{"Fn::Tag": v}``.
    """
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "Condition":
        return {"Condition": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_TemplateLoader.add_multi_constructor("!", _construct_intrinsic)


def load_template(path: Path | None = None) -> dict[str, Any]:
    """The template as plain data (short-form intrinsics become their long form)."""
    path = Path(path) if path is not None else default_template_path()
    with path.open(encoding="utf-8") as handle:
        template = yaml.load(handle, Loader=_TemplateLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(template, dict) or "Resources" not in template:
        raise ValueError(f"{path} is not a CloudFormation template")
    return template


# ---- what local mode needs ----------------------------------------------------------


@dataclass(frozen=True)
class LocalResource:
    """A table or bucket, the setting that names it and its (literal) properties."""

    setting_name: str
    logical_id: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LocalResources:
    """Every table and bucket the functions are configured with."""

    tables: list[LocalResource]
    buckets: list[LocalResource]


def _has_intrinsic(value: Any) -> bool:
    if isinstance(value, dict):
        return any(k == "Ref" or k.startswith("Fn::") or _has_intrinsic(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_intrinsic(v) for v in value)
    return False


def local_resources(template: dict[str, Any]) -> LocalResources:
    """Tables and buckets referenced (``NAME: !Ref Id``) by Globals.Function.Environment."""
    variables = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    resources = template.get("Resources", {})
    tables: list[LocalResource] = []
    buckets: list[LocalResource] = []
    for name, value in variables.items():
        if not (isinstance(value, dict) and set(value) == {"Ref"}):
            continue
        logical_id = value["Ref"]
        resource = resources.get(logical_id)
        if resource is None:
            continue  # a parameter, not a resource
        kind = resource.get("Type")
        props = resource.get("Properties", {})
        if kind == TABLE_TYPE:
            picked = {k: props[k] for k in TABLE_PROPERTIES if k in props}
            if _has_intrinsic(picked):
                raise ValueError(f"{logical_id}: key schema, indexes, stream and TTL must be literal")
            tables.append(LocalResource(name.lower(), logical_id, picked))
        elif kind == BUCKET_TYPE:
            buckets.append(LocalResource(name.lower(), logical_id))
    return LocalResources(tables=tables, buckets=buckets)


# ---- creating them --------------------------------------------------------------------


def _create_table_request(name: str, props: dict[str, Any]) -> dict[str, Any]:
    request: dict[str, Any] = {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": props["KeySchema"],
        "AttributeDefinitions": props["AttributeDefinitions"],
    }
    if props.get("GlobalSecondaryIndexes"):
        request["GlobalSecondaryIndexes"] = [
            {"IndexName": g["IndexName"], "KeySchema": g["KeySchema"], "Projection": g["Projection"]}
            for g in props["GlobalSecondaryIndexes"]
        ]
    stream = props.get("StreamSpecification")
    if stream:
        request["StreamSpecification"] = {
            "StreamEnabled": True,
            "StreamViewType": stream["StreamViewType"],
        }
    return request


def _ensure_table(dynamodb_client: Any, name: str, props: dict[str, Any]) -> bool:
    """Create the table unless it exists; (re)apply its TTL. True when created."""
    created = True
    try:
        dynamodb_client.create_table(**_create_table_request(name, props))
    except dynamodb_client.exceptions.ResourceInUseException:
        created = False
    dynamodb_client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    ttl = props.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled", False):
        current = dynamodb_client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        if current.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
            dynamodb_client.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
            )
    return created


def _ensure_bucket(s3_client: Any, name: str) -> bool:
    """Create the bucket unless it exists. True when created."""
    # Asked first: in us-east-1 CreateBucket on a bucket you own succeeds silently.
    try:
        s3_client.head_bucket(Bucket=name)
        return False
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
            raise
    request: dict[str, Any] = {"Bucket": name}
    region = s3_client.meta.region_name
    if region and region != "us-east-1":
        request["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        s3_client.create_bucket(**request)
    except (s3_client.exceptions.BucketAlreadyOwnedByYou, s3_client.exceptions.BucketAlreadyExists):
        return False
    return True


def create_resources(
    settings: Any,
    dynamodb_client: Any,
    s3_client: Any,
    template_path: Path | None = None,
) -> list[str]:
    """Create the template's tables and buckets under the names in ``settings``.

    Idempotent: existing tables and buckets are left alone. Returns the names created.
    """
    resources = local_resources(load_template(template_path))
    created: list[str] = []
    for table in resources.tables:
        name = getattr(settings, table.setting_name)
        if _ensure_table(dynamodb_client, name, table.properties):
            created.append(name)
    for bucket in resources.buckets:
        name = getattr(settings, bucket.setting_name)
        if _ensure_bucket(s3_client, name):
            created.append(name)
    return created
