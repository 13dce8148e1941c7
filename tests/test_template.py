"""template.yaml: valid, buildable offline, and declaring the system the way we mean it.

`sam validate --lint` and `sam build` run for real (offline; CI installs aws-sam-cli, so a
missing `sam` is a failure, not a skip). `sam build` needs the runtime's interpreter,
python3.12, on PATH: CI provides it with setup-python; on a pyenv machine the test picks
the installed 3.12 through PYENV_VERSION (e.g. ``PYENV_VERSION=3.11.7:3.12.1``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from awning_assistant.infrastructure import load_template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PATH = ROOT / "template.yaml"
BIN = Path(sys.executable).parent
SAM = BIN / "sam"
CFN_LINT = BIN / "cfn-lint"

BUSINESS_TABLES = ("CustomersTable", "WorkOrdersTable", "RepairOrdersTable", "InventoryTable")
ALL_TABLES = (*BUSINESS_TABLES, "UsersTable", "SessionsTable", "AuditTable", "RollupsTable")
FUNCTIONS = {
    "ChatHandlerFunction": "chat_handler",
    "LlmInferenceFunction": "llm_inference",
    "IndexerFunction": "indexer",
}
GLOBAL_VARIABLES = {
    "CUSTOMERS_TABLE",
    "WORK_ORDERS_TABLE",
    "REPAIR_ORDERS_TABLE",
    "INVENTORY_TABLE",
    "USERS_TABLE",
    "SESSIONS_TABLE",
    "AUDIT_TABLE",
    "ROLLUPS_TABLE",
    "DOCUMENTS_BUCKET",
    "SEARCH_BACKEND",
    "EMBEDDING_PROVIDER",
    "LLM_PROVIDER",
    "INFERENCE_TRANSPORT",
    "IDENTITY_PROVIDER",
    "OPENSEARCH_ENDPOINT",
    "OPENSEARCH_INDEX",
    "EMBEDDING_MODEL_ID",
    "EMBEDDING_DIMENSIONS",
    "CHAT_MODEL_ID",
    "POWERTOOLS_SERVICE_NAME",
    "POWERTOOLS_LOG_LEVEL",
    "LOG_LEVEL",
}
# Never in the Lambda layer: local-mode and test-only packages.
LOCAL_ONLY_PACKAGES = ("numpy", "onnxruntime", "moto", "tokenizers", "torch", "lancedb")


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_template(TEMPLATE_PATH)


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def sam_env() -> dict[str, str]:
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0", "SAM_CLI_CONTAINER_CONNECTION_TIMEOUT": "1"}
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    return env


def require_sam() -> Path:
    assert SAM.exists(), f"aws-sam-cli is not installed next to {sys.executable} (pip install aws-sam-cli)"
    return SAM


def run(cmd: list[str | Path], env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def python312_env() -> dict[str, str]:
    """An environment whose PATH has a working ``python3.12`` (pyenv: via PYENV_VERSION)."""
    env = sam_env()

    def works(e: dict[str, str]) -> bool:
        try:
            return (
                subprocess.run(["python3.12", "--version"], env=e, capture_output=True, timeout=60).returncode
                == 0
            )
        except (OSError, subprocess.TimeoutExpired):
            return False

    if not works(env) and shutil.which("pyenv", path=env.get("PATH")):
        bare = subprocess.run(["pyenv", "versions", "--bare"], env=env, capture_output=True, text=True)
        candidates = sorted(
            (v for v in bare.stdout.split() if re.fullmatch(r"3\.12\.\d+", v)),
            key=lambda v: [int(p) for p in v.split(".")],
        )
        if candidates:
            current = subprocess.run(["pyenv", "version-name"], env=env, capture_output=True, text=True)
            names = [n for n in current.stdout.strip().split(":") if n and n != "system"]
            env["PYENV_VERSION"] = ":".join([*names, candidates[-1]])
    assert works(env), (
        "sam build needs python3.12 on PATH (the Lambda runtime); "
        "on pyenv set PYENV_VERSION=<current>:3.12.x, in CI use actions/setup-python"
    )
    return env


# ---- the SAM CLI ------------------------------------------------------------------------


def test_sam_validate_lint_is_clean() -> None:
    result = run([require_sam(), "validate", "--lint", "--template-file", TEMPLATE_PATH], sam_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def _translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The template after the SAM transform, as CloudFormation would receive it."""
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse

    class NoManagedPolicies:
        def load(self) -> dict[str, str]:
            return {}

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    raw = yaml_parse(TEMPLATE_PATH.read_text())
    for resource in raw["Resources"].values():
        for key in ("CodeUri", "ContentUri"):
            if key in resource.get("Properties", {}):
                resource["Properties"][key] = "s3://artifacts/code.zip"
    return transform(raw, {}, NoManagedPolicies())


def test_transformed_template_lints_clean_without_dependency_cycles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sam validate --lint` does not see cycles SAM's own resources create (e.g. a function
    that references the bucket notifying it); cfn-lint on the transformed template does."""
    transformed = _translated(tmp_path, monkeypatch)
    out = tmp_path / "transformed.json"
    out.write_text(json.dumps(transformed))
    assert CFN_LINT.exists(), "cfn-lint comes with aws-sam-cli"
    result = run([CFN_LINT, "--format", "parseable", out], sam_env(), timeout=300)
    errors = [line for line in result.stdout.splitlines() if ":E" in line]
    assert not errors, "\n".join(errors)
    assert result.returncode & 2 == 0, result.stdout + result.stderr


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_function_roles_are_least_privilege(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No wildcard action and no ``*`` resource in any inline statement of the function roles."""
    transformed = _translated(tmp_path, monkeypatch)
    roles = {f"{name}Role" for name in FUNCTIONS}
    assert roles <= set(transformed["Resources"])
    for role in roles:
        props = transformed["Resources"][role]["Properties"]
        for policy in props.get("Policies", []):
            if "Fn::If" in policy:  # optional statements (e.g. the OpenAI key) are checked too
                policy = policy["Fn::If"][1]
            for statement in policy["PolicyDocument"]["Statement"]:
                actions = as_list(statement["Action"])
                targets = as_list(statement["Resource"])
                assert statement["Effect"] == "Allow"
                for action in actions:
                    assert action != "*" and not action.endswith(":*"), f"{role}: {action}"
                assert "*" not in targets, f"{role}: {actions} on *"
        managed = {str(arn).rsplit("/", 1)[-1] for arn in props.get("ManagedPolicyArns", [])}
        assert managed <= {
            "AWSLambdaBasicExecutionRole",
            "AWSXrayWriteOnlyAccess",
            "AWSLambdaDynamoDBExecutionRole",
        }, f"{role}: {managed}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sam build` of the whole template into a temporary build directory."""
    sam = require_sam()
    build_dir = tmp_path_factory.mktemp("sam") / "build"
    result = run(
        [sam, "build", "--template-file", TEMPLATE_PATH, "--build-dir", build_dir, "--no-cached"],
        python312_env(),
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return build_dir


def test_sam_build_builds_every_function_and_the_layer(built: Path) -> None:
    assert (built / "template.yaml").exists()
    for logical_id, directory in FUNCTIONS.items():
        assert (built / logical_id).is_dir(), logical_id
        if (ROOT / "functions" / directory / "app.py").exists():
            assert (built / logical_id / "app.py").exists()
    assert (built / "CommonLayer" / "python").is_dir()


def test_built_layer_holds_the_package_and_its_dependencies(built: Path) -> None:
    python = built / "CommonLayer" / "python"
    assert (python / "awning_assistant" / "__init__.py").exists()
    assert (python / "awning_assistant" / "settings.py").exists()
    for package in (
        "pydantic",
        "pydantic_settings",
        "aws_lambda_powertools",
        "opensearchpy",
        "requests_aws4auth",
        "pypdf",
        "rapidfuzz",
    ):
        assert (python / package).is_dir(), package
    # Compiled for the Lambda runtime (CPython 3.12, x86_64), not for the host interpreter.
    assert list((python / "pydantic_core").glob("*.cpython-312-x86_64-linux-gnu.so"))
    for package in LOCAL_ONLY_PACKAGES:
        assert not (python / package).exists(), f"{package} must not ship in the layer"
    assert not list(python.rglob("__pycache__/*.cpython-311.pyc"))


def test_built_layer_imports_on_python312_in_isolation(built: Path) -> None:
    """The layer alone (no venv, no PYTHONPATH) provides the package's runtime imports."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import pydantic, pydantic_settings, opensearchpy, requests_aws4auth, pypdf, rapidfuzz;"
        "from aws_lambda_powertools import Logger, Tracer;"
        "from aws_lambda_powertools.utilities.data_classes import DynamoDBStreamEvent, S3Event;"
        "import awning_assistant.settings as s; s.Settings(); print('ok')"
    )
    env = {**python312_env(), "AWS_REGION": "us-east-1"}
    env.pop("PYTHONPATH", None)
    result = run(["python3.12", "-I", "-c", code, built / "CommonLayer" / "python"], env, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


def deployed_environment(template: dict[str, Any], logical_id: str) -> dict[str, str]:
    """The function's environment as deployed: parameters at their defaults, resources faked."""
    parameters = template["Parameters"]
    variables = {
        **template["Globals"]["Function"]["Environment"]["Variables"],
        **template["Resources"][logical_id]["Properties"].get("Environment", {}).get("Variables", {}),
    }
    env: dict[str, str] = {}
    for name, value in variables.items():
        if isinstance(value, str):
            env[name] = value
        elif isinstance(value, dict) and value.get("Ref") in parameters:
            env[name] = str(parameters[value["Ref"]].get("Default", ""))
        elif isinstance(value, dict) and "Fn::If" in value:
            continue  # optional (e.g. OpenAI settings, off by default)
        elif name == "OPENSEARCH_ENDPOINT":
            env[name] = "https://abcdefghij0123456789.us-east-1.aoss.amazonaws.com"
        else:
            env[name] = f"awning-{name.lower().replace('_', '-')}-fake"
    return env


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_built_functions_import_cold(built: Path, template: dict[str, Any], logical_id: str) -> None:
    """Each handler module imports on python3.12 with only its code and the layer, as on Lambda."""
    source = ROOT / "functions" / FUNCTIONS[logical_id] / "app.py"
    assert source.exists(), f"{source.relative_to(ROOT)} is missing (Handler: app.lambda_handler)"
    env = {
        **python312_env(),
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_LAMBDA_FUNCTION_NAME": logical_id,
    }
    env.pop("PYTHONPATH", None)
    env.update(deployed_environment(template, logical_id))
    code = (
        "import sys; sys.path[:0] = sys.argv[1:3];"
        "import app; assert callable(app.lambda_handler); print('ok')"
    )
    result = run(
        ["python3.12", "-I", "-c", code, built / logical_id, built / "CommonLayer" / "python"],
        env,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stdout + result.stderr


# ---- structure ------------------------------------------------------------------------------


def test_globals_name_every_setting_and_the_resources_behind_them(template: dict[str, Any]) -> None:
    function_globals = template["Globals"]["Function"]
    assert function_globals["Runtime"] == "python3.12"
    assert function_globals["Architectures"] == ["x86_64"]
    assert function_globals["Tracing"] == "Active"
    assert function_globals["Layers"] == [{"Ref": "CommonLayer"}]
    variables = function_globals["Environment"]["Variables"]
    assert set(variables) == GLOBAL_VARIABLES
    for name in (
        "CUSTOMERS_TABLE",
        "WORK_ORDERS_TABLE",
        "REPAIR_ORDERS_TABLE",
        "INVENTORY_TABLE",
        "USERS_TABLE",
        "SESSIONS_TABLE",
        "AUDIT_TABLE",
        "ROLLUPS_TABLE",
        "DOCUMENTS_BUCKET",
    ):
        logical_id = variables[name]["Ref"]
        assert template["Resources"][logical_id]["Type"] in ("AWS::DynamoDB::Table", "AWS::S3::Bucket")
    assert variables["OPENSEARCH_ENDPOINT"] == {"Fn::GetAtt": ["SearchCollection", "CollectionEndpoint"]}
    chat_variables = template["Resources"]["ChatHandlerFunction"]["Properties"]["Environment"]["Variables"]
    assert chat_variables["LLM_FUNCTION_NAME"] == {"Ref": "LlmInferenceFunction"}


def test_tables_are_on_demand_recoverable_encrypted_and_streamed(template: dict[str, Any]) -> None:
    tables = resources(template, "AWS::DynamoDB::Table")
    assert set(tables) == set(ALL_TABLES)
    for logical_id, table in tables.items():
        props = table["Properties"]
        assert "TableName" not in props
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"] == {"SSEEnabled": True}
        for gsi in props.get("GlobalSecondaryIndexes", []):
            assert gsi["Projection"] == {"ProjectionType": "ALL"}
        if logical_id in BUSINESS_TABLES:
            assert props["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
        else:
            assert "StreamSpecification" not in props
    orders_gsis = {"ByCustomer", "ByStatus", "ByDue", "ByCompleted", "OpenByDue"}
    for logical_id in ("WorkOrdersTable", "RepairOrdersTable"):
        names = {g["IndexName"] for g in tables[logical_id]["Properties"]["GlobalSecondaryIndexes"]}
        assert names == orders_gsis
    for logical_id in ("SessionsTable", "AuditTable"):
        assert tables[logical_id]["Properties"]["TimeToLiveSpecification"] == {
            "AttributeName": "ExpiresAt",
            "Enabled": True,
        }


def test_indexer_is_fed_by_streams_and_uploads_with_partial_failures_and_a_dlq(
    template: dict[str, Any],
) -> None:
    indexer = template["Resources"]["IndexerFunction"]["Properties"]
    dlq = {"Fn::GetAtt": ["IndexerDeadLetterQueue", "Arn"]}
    streams = {
        e["Properties"]["Stream"]["Fn::GetAtt"][0]: e["Properties"]
        for e in indexer["Events"].values()
        if e["Type"] == "DynamoDB"
    }
    assert set(streams) == set(BUSINESS_TABLES)
    for props in streams.values():
        assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert props["DestinationConfig"]["OnFailure"]["Destination"] == dlq
        assert props["BisectBatchOnFunctionError"] is True
        assert props["MaximumRetryAttempts"] == 3
        assert props["StartingPosition"] == "LATEST"
        assert props["BatchSize"] == 100
        assert props["MaximumBatchingWindowInSeconds"] == 1
    s3_events = {e["Properties"]["Events"] for e in indexer["Events"].values() if e["Type"] == "S3"}
    assert s3_events == {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}
    assert all(
        e["Properties"]["Bucket"] == {"Ref": "DocumentsBucket"}
        for e in indexer["Events"].values()
        if e["Type"] == "S3"
    )
    assert indexer["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]["Destination"] == dlq
    # The indexer gets the bucket's name without a !Ref (which would be a dependency cycle).
    bucket_name = template["Resources"]["DocumentsBucket"]["Properties"]["BucketName"]
    assert indexer["Environment"]["Variables"]["DOCUMENTS_BUCKET"] == bucket_name


def test_api_routes_and_auth(template: dict[str, Any]) -> None:
    api = template["Resources"]["ChatApi"]["Properties"]
    assert api["Auth"]["DefaultAuthorizer"] == "CognitoAuthorizer"
    assert api["Auth"]["UsagePlan"]["CreateUsagePlan"] == "PER_API"
    events = template["Resources"]["ChatHandlerFunction"]["Properties"]["Events"]
    routes = {
        (e["Properties"]["Path"], e["Properties"]["Method"]): e["Properties"].get("Auth", {})
        for e in events.values()
    }
    assert routes == {
        ("/api/{proxy+}", "ANY"): {},
        ("/api/health", "GET"): {"Authorizer": "NONE"},
        ("/integrations/{proxy+}", "ANY"): {"Authorizer": "NONE", "ApiKeyRequired": True},
    }


def test_search_collection_is_a_vector_collection_behind_its_policies(template: dict[str, Any]) -> None:
    collection = template["Resources"]["SearchCollection"]
    assert collection["Properties"]["Type"] == "VECTORSEARCH"
    assert collection["Properties"]["StandbyReplicas"] == {"Ref": "StandbyReplicas"}
    assert set(collection["DependsOn"]) == {"SearchEncryptionPolicy", "SearchNetworkPolicy"}
    policies = template["Resources"]
    assert policies["SearchEncryptionPolicy"]["Properties"]["Type"] == "encryption"
    assert '"AWSOwnedKey":true' in policies["SearchEncryptionPolicy"]["Properties"]["Policy"]["Fn::Sub"]
    assert policies["SearchNetworkPolicy"]["Properties"]["Type"] == "network"
    access = policies["SearchAccessPolicy"]["Properties"]
    assert access["Type"] == "data"
    # The policy is JSON once the roles' ARNs are substituted.
    document = json.loads(re.sub(r"\$\{[^}]+\}", "x", access["Policy"]["Fn::Sub"]))
    assert len(document) == 2
    text = access["Policy"]["Fn::Sub"]
    assert "${IndexerFunctionRole.Arn}" in text and "${ChatHandlerFunctionRole.Arn}" in text


def test_layer_layout_and_requirements(template: dict[str, Any]) -> None:
    layer = template["Resources"]["CommonLayer"]
    assert layer["Properties"]["ContentUri"] == "layers/common/python/"
    assert layer["Metadata"]["BuildMethod"] == "python3.12"
    requirements = (ROOT / "layers/common/python/requirements.txt").read_text().lower()
    names = {
        re.split(r"[\[=<>~! ]", line.strip())[0]
        for line in requirements.splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {
        "aws-lambda-powertools",
        "pydantic",
        "pydantic-settings",
        "opensearch-py",
        "requests-aws4auth",
        "pypdf",
        "rapidfuzz",
    } <= names
    assert not names & set(LOCAL_ONLY_PACKAGES)


def test_site_is_private_behind_cloudfront_with_the_api_same_origin(template: dict[str, Any]) -> None:
    res = template["Resources"]
    config = res["SiteDistribution"]["Properties"]["DistributionConfig"]
    origins = {o["Id"]: o for o in config["Origins"]}
    assert origins["site"]["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    assert "execute-api" in origins["api"]["DomainName"]["Fn::Sub"]
    (api_behaviour,) = config["CacheBehaviors"]
    assert api_behaviour["PathPattern"] == "/api/*" and api_behaviour["TargetOriginId"] == "api"
    assert len(api_behaviour["AllowedMethods"]) == 7
    assert config["DefaultRootObject"] == "index.html"
    oac = res["SiteOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert (oac["SigningProtocol"], oac["SigningBehavior"]) == ("sigv4", "always")
    statement = res["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert "AWS:SourceArn" in statement["Condition"]["StringEquals"]
    for bucket in ("SiteBucket", "DocumentsBucket"):
        block = res[bucket]["Properties"]["PublicAccessBlockConfiguration"]
        assert all(block.values())


def test_outputs(template: dict[str, Any]) -> None:
    assert {
        "ApiUrl",
        "SiteUrl",
        "SiteBucketName",
        "DistributionId",
        "UserPoolId",
        "UserPoolClientId",
        "CognitoDomain",
        "CollectionEndpoint",
        "DocumentsBucketName",
        "DeadLetterQueueUrl",
        "ApiKeyId",
    } <= set(template["Outputs"])


def test_chat_handler_cannot_delete_audit_records(template: dict[str, Any]) -> None:
    policies = template["Resources"]["ChatHandlerFunction"]["Properties"]["Policies"]
    crud_tables = {p["DynamoDBCrudPolicy"]["TableName"]["Ref"] for p in policies if "DynamoDBCrudPolicy" in p}
    assert crud_tables == {"SessionsTable"}
    statements = [s for p in policies if "Statement" in p for s in p["Statement"]]
    audit = [s for s in statements if {"Fn::GetAtt": ["AuditTable", "Arn"]} in as_list(s["Resource"])]
    assert audit
    for statement in audit:
        assert not {"dynamodb:DeleteItem", "dynamodb:BatchWriteItem"} & set(as_list(statement["Action"]))
