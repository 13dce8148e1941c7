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

from awning_assistant.identity.providers import INTEGRATION_SCOPE
from awning_assistant.observability import NAMESPACE, STAGES
from local.infrastructure import load_template
from tests.conftest import ROOT

TEMPLATE_PATH = ROOT / "template.yaml"
BIN = Path(sys.executable).parent
SAM = BIN / "sam"
CFN_LINT = BIN / "cfn-lint"

BUSINESS_TABLES = ("CustomersTable", "WorkOrdersTable", "RepairOrdersTable", "InventoryTable")
ALL_TABLES = (
    *BUSINESS_TABLES,
    "UsersTable",
    "IntegrationsTable",
    "SessionsTable",
    "AuditTable",
    "DocumentCatalogTable",
    "ChunkLedgerTable",
    "JobsTable",
    "AnswerCacheTable",
    "PromptVersionsTable",
)
FUNCTIONS = {
    "ChatHandlerFunction": "chat_handler",
    "ChatSocketAuthorizerFunction": "chat_handler",
    "ChatSocketFunction": "chat_handler",
    "LlmInferenceFunction": "llm_inference",
    "IndexerFunction": "indexer",
    "IndexerDocumentsFunction": "indexer",
    "IndexerOcrFunction": "indexer",
    "IndexerReindexFunction": "indexer",
}
# The indexer's functions: the entry of functions/indexer/app.py each runs and the one event type it is fed.
INDEXER_FUNCTIONS = {
    "IndexerFunction": ("app.stream_handler", "DynamoDB"),
    "IndexerDocumentsFunction": ("app.documents_handler", "S3"),
    "IndexerOcrFunction": ("app.ocr_handler", "SNS"),
    "IndexerReindexFunction": ("app.reindex_handler", "SQS"),
}
GLOBAL_VARIABLES = {
    "CUSTOMERS_TABLE",
    "WORK_ORDERS_TABLE",
    "REPAIR_ORDERS_TABLE",
    "INVENTORY_TABLE",
    "USERS_TABLE",
    "INTEGRATIONS_TABLE",
    "SESSIONS_TABLE",
    "AUDIT_TABLE",
    "DOCUMENT_CATALOG_TABLE",
    "CHUNK_LEDGER_TABLE",
    "JOBS_TABLE",
    "ANSWER_CACHE_TABLE",
    "PROMPT_VERSIONS_TABLE",
    "DOCUMENTS_BUCKET",
    "ANALYTICS_BUCKET",
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
    "POWERTOOLS_TRACER_CAPTURE_RESPONSE",
    "POWERTOOLS_TRACER_CAPTURE_ERROR",
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
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def python312_env() -> dict[str, str]:
    """An environment whose PATH has a working ``python3.12`` (pyenv: via PYENV_VERSION)."""
    env = sam_env()

    def works(e: dict[str, str]) -> bool:
        try:
            return subprocess.run(["python3.12", "--version"], env=e, capture_output=True, timeout=60).returncode == 0
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


# Actions IAM defines no resource type for, so ``*`` is the only resource they can name
# (Service Authorization Reference, "Actions, resources, and condition keys for Amazon Textract").
NO_RESOURCE_TYPES = {
    "textract:DetectDocumentText",
    "textract:StartDocumentTextDetection",
    "textract:GetDocumentTextDetection",
}


def test_function_roles_are_least_privilege(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No wildcard action and no ``*`` resource in any inline statement of the function roles, except
    for the actions that have no resource type at all."""
    transformed = _translated(tmp_path, monkeypatch)
    # The WebSocket routes run with the chat function's role, the indexer's functions with the stream one's.
    shared = {
        "ChatSocketFunction": "ChatHandlerFunctionRole",
        **{name: "IndexerFunctionRole" for name in INDEXER_FUNCTIONS if name != "IndexerFunction"},
    }
    roles = {f"{name}Role" for name in FUNCTIONS if name not in shared}
    assert roles <= set(transformed["Resources"])
    for name, role in shared.items():
        assert transformed["Resources"][name]["Properties"]["Role"] == {"Fn::GetAtt": [role, "Arn"]}, name
        assert f"{name}Role" not in transformed["Resources"], name
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
                assert "*" not in targets or set(actions) <= NO_RESOURCE_TYPES, f"{role}: {actions} on *"
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
    """Each handler module imports on python3.12 with only its code and the layer, as on Lambda, and has the
    entry the function's ``Handler`` names."""
    handler = template["Resources"][logical_id]["Properties"].get("Handler", template["Globals"]["Function"]["Handler"])
    source = ROOT / "functions" / FUNCTIONS[logical_id] / "app.py"
    assert source.exists(), f"{source.relative_to(ROOT)} is missing (Handler: {handler})"
    env = {
        **python312_env(),
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_LAMBDA_FUNCTION_NAME": logical_id,
    }
    env.pop("PYTHONPATH", None)
    env.update(deployed_environment(template, logical_id))
    assert handler.startswith("app."), handler
    code = f"import sys; sys.path[:0] = sys.argv[1:3];import app; assert callable({handler}); print('ok')"
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
        "INTEGRATIONS_TABLE",
        "SESSIONS_TABLE",
        "AUDIT_TABLE",
        "CHUNK_LEDGER_TABLE",
        "JOBS_TABLE",
        "ANSWER_CACHE_TABLE",
        "DOCUMENTS_BUCKET",
        "ANALYTICS_BUCKET",
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
    for logical_id in ("SessionsTable", "AuditTable", "AnswerCacheTable"):
        assert tables[logical_id]["Properties"]["TimeToLiveSpecification"] == {
            "AttributeName": "ExpiresAt",
            "Enabled": True,
        }


def test_each_indexer_function_runs_its_entry_on_exactly_the_event_sources_of_its_type(
    template: dict[str, Any],
) -> None:
    """One function per event type over the same code, timeout, log group, environment and role."""
    functions = {name: template["Resources"][name]["Properties"] for name in INDEXER_FUNCTIONS}
    stream = functions["IndexerFunction"]
    for name, props in functions.items():
        handler, event_type = INDEXER_FUNCTIONS[name]
        assert props["Handler"] == handler, name
        assert {e["Type"] for e in props["Events"].values()} == {event_type}, name
        for key in ("CodeUri", "Timeout", "LoggingConfig", "Environment"):
            assert props[key] == stream[key], (name, key)
        if props is not stream:
            assert props["Role"] == {"Fn::GetAtt": ["IndexerFunctionRole", "Arn"]} and "Policies" not in props


def test_indexer_is_fed_by_streams_uploads_ocr_and_reindex_steps_with_partial_failures_and_a_dlq(
    template: dict[str, Any],
) -> None:
    resources = template["Resources"]
    indexer, documents, ocr, reindex = (resources[name]["Properties"] for name in INDEXER_FUNCTIONS)
    dlq = {"Fn::GetAtt": ["IndexerDeadLetterQueue", "Arn"]}
    streams = {e["Properties"]["Stream"]["Fn::GetAtt"][0]: e["Properties"] for e in indexer["Events"].values()}
    assert set(streams) == set(BUSINESS_TABLES)
    for props in streams.values():
        assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert props["DestinationConfig"]["OnFailure"]["Destination"] == dlq
        assert props["BisectBatchOnFunctionError"] is True
        assert props["MaximumRetryAttempts"] == 3
        assert props["StartingPosition"] == "LATEST"
        assert props["BatchSize"] == 100
        assert props["MaximumBatchingWindowInSeconds"] == 1
    assert {e["Properties"]["Events"] for e in documents["Events"].values()} == {
        "s3:ObjectCreated:*",
        "s3:ObjectRemoved:*",
    }
    assert all(e["Properties"]["Bucket"] == {"Ref": "DocumentsBucket"} for e in documents["Events"].values())
    assert ocr["Events"] == {"OcrDone": {"Type": "SNS", "Properties": {"Topic": {"Ref": "OcrTopic"}}}}
    assert reindex["Events"] == {
        "ReindexSteps": {
            "Type": "SQS",
            "Properties": {"Queue": {"Fn::GetAtt": ["ReindexQueue", "Arn"]}, "BatchSize": 1},
        }
    }
    # Asynchronous events (the bucket's, the topic's) go to the dead-letter queue after their retries; stream
    # records after theirs (above), reindex steps by the queue's redrive policy.
    for props in (documents, ocr):
        assert props["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]["Destination"] == dlq
    assert "EventInvokeConfig" not in indexer and "EventInvokeConfig" not in reindex
    assert resources["ReindexQueue"]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"] == dlq
    # The function the bucket notifies gets its name without a !Ref (which would be a dependency cycle).
    bucket_name = resources["DocumentsBucket"]["Properties"]["BucketName"]
    assert documents["Environment"]["Variables"]["DOCUMENTS_BUCKET"] == bucket_name


def test_api_routes_and_auth(template: dict[str, Any]) -> None:
    api = template["Resources"]["ChatApi"]["Properties"]
    assert api["Auth"]["DefaultAuthorizer"] == "CognitoAuthorizer"
    assert api["Auth"]["UsagePlan"]["CreateUsagePlan"] == "PER_API"
    events = template["Resources"]["ChatHandlerFunction"]["Properties"]["Events"]
    routes = {
        (e["Properties"]["Path"], e["Properties"]["Method"]): e["Properties"].get("Auth", {}) for e in events.values()
    }
    assert routes == {
        ("/api/{proxy+}", "ANY"): {},
        ("/api/health", "GET"): {"Authorizer": "NONE"},
        ("/api/openapi.json", "GET"): {"Authorizer": "NONE"},
        ("/api/docs", "GET"): {"Authorizer": "NONE"},
        ("/integrations/{proxy+}", "ANY"): {
            "Authorizer": "CognitoAuthorizer",
            "AuthorizationScopes": [INTEGRATION_SCOPE],
            "ApiKeyRequired": True,
        },
    }


def test_the_user_pool_defines_the_scope_integrations_need(template: dict[str, Any]) -> None:
    """The scope the identity code requires is one the pool's resource server issues."""
    (server,) = resources(template, "AWS::Cognito::UserPoolResourceServer").values()
    props = server["Properties"]
    assert props["UserPoolId"] == {"Ref": "UserPool"}
    assert {f"{props['Identifier']}/{s['ScopeName']}" for s in props["Scopes"]} == {INTEGRATION_SCOPE}


def test_integrations_need_a_scoped_access_token_and_an_api_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As API Gateway receives it: /integrations/* requires both the API key and the Cognito authorizer
    with the scope (so an access token; a key alone or an ID token is refused at the gateway), while
    /api/* keeps the authorizer without scopes (people's ID tokens)."""
    body = _translated(tmp_path, monkeypatch)["Resources"]["ChatApi"]["Properties"]["Body"]
    any_method = "x-amazon-apigateway-any-method"
    integrations = body["paths"]["/integrations/{proxy+}"][any_method]["security"]
    assert sorted(integrations, key=json.dumps) == [{"CognitoAuthorizer": [INTEGRATION_SCOPE]}, {"api_key": []}]
    assert body["paths"]["/api/{proxy+}"][any_method]["security"] == [{"CognitoAuthorizer": []}]
    schemes = body["components"]["securitySchemes"]
    assert schemes["api_key"] == {"type": "apiKey", "name": "x-api-key", "in": "header"}
    authorizer = schemes["CognitoAuthorizer"]["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "cognito_user_pools"
    assert authorizer["providerARNs"] == [{"Fn::GetAtt": ["UserPool", "Arn"]}]


def grants(transformed: dict[str, Any], resource: str) -> dict[str, set[str]]:
    """The actions each IAM role of the deployed stack may take on ``resource``."""
    granted: dict[str, set[str]] = {}
    for logical_id, role in transformed["Resources"].items():
        if role["Type"] != "AWS::IAM::Role":
            continue
        for policy in role["Properties"].get("Policies", []):
            if "Fn::If" in policy:
                policy = policy["Fn::If"][1]
            for statement in policy["PolicyDocument"]["Statement"]:
                if resource in json.dumps(statement["Resource"]):
                    granted.setdefault(logical_id, set()).update(as_list(statement["Action"]))
    return granted


def test_integrations_table_is_kept_and_only_read_by_the_chat_function(
    template: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Integrations' roles live where no import and no function writes: the chat function may only get
    an item (by client id); no other role may touch the table at all."""
    table = template["Resources"]["IntegrationsTable"]
    assert (table["DeletionPolicy"], table["UpdateReplacePolicy"]) == ("Retain", "Retain")
    assert table["Properties"]["KeySchema"] == [{"AttributeName": "client_id", "KeyType": "HASH"}]

    granted = grants(_translated(tmp_path, monkeypatch), "IntegrationsTable")
    assert granted == {"ChatHandlerFunctionRole": {"dynamodb:GetItem"}}


def test_chunk_ledger_is_rebuildable_and_only_the_indexer_may_touch_it(
    template: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The OpenSearch index's record of document ids: written by the indexer, never by the chat
    function (its searches don't need it); a reindex rebuilds it, so it goes with the stack."""
    table = template["Resources"]["ChunkLedgerTable"]
    assert "DeletionPolicy" not in table and "UpdateReplacePolicy" not in table
    assert table["Properties"]["KeySchema"] == [
        {"AttributeName": "Record", "KeyType": "HASH"},
        {"AttributeName": "Chunk", "KeyType": "RANGE"},
    ]

    granted = grants(_translated(tmp_path, monkeypatch), "ChunkLedgerTable")
    assert set(granted) == {"IndexerFunctionRole"}
    assert {"dynamodb:Query", "dynamodb:Scan", "dynamodb:UpdateItem", "dynamodb:DeleteItem"} <= granted[
        "IndexerFunctionRole"
    ]


def test_answer_cache_expires_and_only_the_indexer_moves_the_data_version(
    template: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached answers are read and put by the chat function, never updated there (no way to set the data
    version); the indexer may only update, and only the version item; a cache goes with the stack."""
    table = template["Resources"]["AnswerCacheTable"]
    assert "DeletionPolicy" not in table
    assert table["Properties"]["KeySchema"] == [{"AttributeName": "Key", "KeyType": "HASH"}]

    transformed = _translated(tmp_path, monkeypatch)
    assert grants(transformed, "AnswerCacheTable") == {
        "ChatHandlerFunctionRole": {"dynamodb:GetItem", "dynamodb:PutItem"},
        "IndexerFunctionRole": {"dynamodb:UpdateItem"},
    }
    policies = [
        p.get("Fn::If", [None, p])[1]
        for role in ("ChatHandlerFunctionRole", "IndexerFunctionRole")
        for p in transformed["Resources"][role]["Properties"]["Policies"]
    ]
    conditions = {
        s["Sid"]: s.get("Condition")
        for p in policies
        for s in p["PolicyDocument"]["Statement"]
        if "AnswerCacheTable" in json.dumps(s["Resource"])
    }
    assert conditions["StoreCachedAnswers"] == {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["ANSWER#*"]}}
    assert conditions["MoveDataVersion"] == {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["DATA-VERSION"]}}


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
    api_behaviour, docs_behaviour = config["CacheBehaviors"]
    assert api_behaviour["PathPattern"] == "/api/*" and api_behaviour["TargetOriginId"] == "api"
    assert docs_behaviour["PathPattern"] == "/api/docs" and docs_behaviour["TargetOriginId"] == "api"
    assert len(api_behaviour["AllowedMethods"]) == 7
    assert config["DefaultRootObject"] == "index.html"
    oac = res["SiteOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert (oac["SigningProtocol"], oac["SigningBehavior"]) == ("sigv4", "always")
    statement = res["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert "AWS:SourceArn" in statement["Condition"]["StringEquals"]
    for bucket in ("SiteBucket", "DocumentsBucket", "AnalyticsBucket"):
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


def statements_of(template: dict[str, Any], function: str) -> list[dict[str, Any]]:
    policies = template["Resources"][function]["Properties"]["Policies"]
    return [s for p in policies if "Statement" in p for s in p["Statement"]]


def test_documents_and_derived_attributes_have_exactly_the_rights_they_need(template: dict[str, Any]) -> None:
    """Managers delete documents through the chat function; the indexer keeps orders' derived
    attributes (UpdateItem only) and the document catalog, and reads scans with Textract; the chat
    function only reads the catalog."""
    chat = statements_of(template, "ChatHandlerFunction")
    documents = next(s for s in chat if s["Resource"] == {"Fn::Sub": "${DocumentsBucket.Arn}/*"})
    assert set(documents["Action"]) == {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}
    indexer = statements_of(template, "IndexerFunction")
    orders = next(s for s in indexer if s.get("Sid") == "KeepOrdersDerivedAttributes")
    assert orders["Action"] == "dynamodb:UpdateItem"
    assert orders["Resource"] == [
        {"Fn::GetAtt": ["WorkOrdersTable", "Arn"]},
        {"Fn::GetAtt": ["RepairOrdersTable", "Arn"]},
    ]

    def tables(function: str, policy: str) -> set[str]:
        return {
            p[policy]["TableName"]["Ref"]
            for p in template["Resources"][function]["Properties"]["Policies"]
            if policy in p
        }

    assert "DocumentCatalogTable" in tables("IndexerFunction", "DynamoDBCrudPolicy")
    ocr = next(s for s in indexer if s.get("Sid") == "ReadScannedPages")
    assert set(ocr["Action"]) == NO_RESOURCE_TYPES
    # Textract's jobs publish their end to the OCR topic as a role only Textract may take, which
    # only the indexer may pass, and which may only publish there; the indexer hears that topic.
    passing = next(s for s in indexer if s.get("Sid") == "LetTextractReportToOcrTopic")
    assert passing["Action"] == "iam:PassRole" and passing["Resource"] == {"Fn::GetAtt": ["TextractPublishRole", "Arn"]}
    assert passing["Condition"] == {"StringEquals": {"iam:PassedToService": "textract.amazonaws.com"}}
    role = template["Resources"]["TextractPublishRole"]["Properties"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": "textract.amazonaws.com"}
    (publish,) = role["Policies"][0]["PolicyDocument"]["Statement"]
    assert (publish["Action"], publish["Resource"]) == ("sns:Publish", {"Ref": "OcrTopic"})
    done = template["Resources"]["IndexerOcrFunction"]["Properties"]["Events"]["OcrDone"]
    assert done == {"Type": "SNS", "Properties": {"Topic": {"Ref": "OcrTopic"}}}
    assert not any("textract" in str(s["Action"]) for s in chat)
    assert "DocumentCatalogTable" in tables("ChatHandlerFunction", "DynamoDBReadPolicy")
    cors = template["Resources"]["DocumentsBucket"]["Properties"]["CorsConfiguration"]["CorsRules"][0]
    assert "POST" in cors["AllowedMethods"] and "PUT" not in cors["AllowedMethods"]


def test_swagger_ui_gets_its_own_content_security_policy(template: dict[str, Any]) -> None:
    behaviours = template["Resources"]["SiteDistribution"]["Properties"]["DistributionConfig"]["CacheBehaviors"]
    docs = next(b for b in behaviours if b["PathPattern"] == "/api/docs")
    assert docs["ResponseHeadersPolicyId"] == {"Ref": "ApiDocsResponseHeadersPolicy"}
    policy = template["Resources"]["ApiDocsResponseHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    directives = csp_directives(policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    assert directives["default-src"] == ["'none'"] and directives["connect-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


# ---- security ---------------------------------------------------------------------------------

NO_VALUE = object()


def deployed(template: dict[str, Any], region: str = "us-east-1", **parameters: str) -> dict[str, Any]:
    """Resources and Outputs as CloudFormation would deploy them with these parameters (defaults
    otherwise): resources whose condition is false left out, Fn::If decided, AWS::NoValue dropped,
    parameters put into Ref, Sub, Join, Select and Split. Other intrinsics stay as written."""
    values = {name: str(p.get("Default", "")) for name, p in template["Parameters"].items()}
    values.update(parameters, **{"AWS::Region": region})

    def condition(name: str) -> bool:
        return evaluate(template["Conditions"][name])

    def evaluate(expression: dict[str, Any]) -> bool:
        ((fn, args),) = expression.items()
        if fn == "Condition":
            return condition(args)
        if fn == "Fn::Equals":
            return resolve(args[0]) == resolve(args[1])
        if fn == "Fn::Not":
            return not evaluate(args[0])
        if fn == "Fn::And":
            return all(evaluate(a) for a in args)
        if fn == "Fn::Or":
            return any(evaluate(a) for a in args)
        raise AssertionError(f"unknown condition function {fn}")

    def substitute(text: str, variables: dict[str, Any]) -> str:
        def value(match: re.Match[str]) -> str:
            known = variables.get(match[1], values.get(match[1]))
            return known if isinstance(known, str) else match[0]

        return re.sub(r"\$\{([^}]+)\}", value, text)

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [r for r in map(resolve, value) if r is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((fn, args),) = value.items()
            if fn == "Fn::If":
                return resolve(args[1] if condition(args[0]) else args[2])
            if fn == "Ref" and args == "AWS::NoValue":
                return NO_VALUE
            if fn == "Ref" and args in values:
                return values[args]
            if fn == "Fn::Sub":
                text, variables = (args, {}) if isinstance(args, str) else (args[0], resolve(args[1]))
                return substitute(text, variables)
            if fn in ("Fn::Join", "Fn::Split", "Fn::Select"):
                first, second = resolve(args)
                if fn == "Fn::Join" and isinstance(second, list) and all(isinstance(p, str) for p in second):
                    return first.join(second)
                if fn == "Fn::Split" and isinstance(second, str):
                    return second.split(first)
                if fn == "Fn::Select" and isinstance(second, list):
                    return second[int(first)]
                return {fn: [first, second]}
        return {k: r for k, v in value.items() if (r := resolve(v)) is not NO_VALUE}

    resources = {k: v for k, v in template["Resources"].items() if "Condition" not in v or condition(v["Condition"])}
    return {"Resources": resolve(resources), "Outputs": resolve(template["Outputs"])}


def test_traces_never_record_handler_results_or_errors(template: dict[str, Any]) -> None:
    """Answers and error messages can quote records; X-Ray is no place for them."""
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["POWERTOOLS_TRACER_CAPTURE_RESPONSE"] == "false"
    assert variables["POWERTOOLS_TRACER_CAPTURE_ERROR"] == "false"
    for logical_id in FUNCTIONS:
        own = template["Resources"][logical_id]["Properties"].get("Environment", {}).get("Variables", {})
        assert not {"POWERTOOLS_TRACER_CAPTURE_RESPONSE", "POWERTOOLS_TRACER_CAPTURE_ERROR"} & set(own)


def test_functions_post_only_to_this_stacks_websocket_connections(template: dict[str, Any]) -> None:
    """No wildcard API id: the inference and chat functions may post to ChatSocketApi's connections of
    this stage and nothing else (there is no dependency cycle; the transformed-template lint proves it)."""
    found = set()
    for logical_id in FUNCTIONS:
        for policy in template["Resources"][logical_id]["Properties"].get("Policies", []):
            for statement in (policy.get("Statement") or []) if isinstance(policy, dict) else []:
                if "execute-api:ManageConnections" in as_list(statement["Action"]):
                    found.add(logical_id)
                    arn = statement["Resource"]["Fn::Sub"]
                    assert arn.endswith(":${ChatSocketApi}/${Stage}/POST/@connections/*"), f"{logical_id}: {arn}"
    assert found == {"ChatHandlerFunction", "LlmInferenceFunction"}


def test_websocket_authorizer_checks_the_tokens_audience(
    template: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The $connect authorizer's function knows the SPA client, and with its deployed environment an ID
    token issued by the pool for another client is refused."""
    import time

    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    from awning_assistant.errors import Unauthorized
    from awning_assistant.factory import Services
    from awning_assistant.settings import Settings

    uri = template["Resources"]["ChatSocketAuthorizer"]["Properties"]["AuthorizerUri"]["Fn::Sub"]
    (function,) = re.findall(r"\$\{(\w+)\.Arn\}", uri)
    variables = template["Resources"][function]["Properties"]["Environment"]["Variables"]
    assert variables["COGNITO_USER_POOL_ID"] == {"Ref": "UserPool"}
    assert variables["COGNITO_CLIENT_ID"] == {"Ref": "UserPoolClient"}

    environment = deployed_environment(template, function)
    for name, value in {**environment, "AWS_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    monkeypatch.setattr(
        jwt.PyJWKClient, "get_signing_key_from_jwt", lambda self, token: type("Key", (), {"key": key.public_key()})()
    )
    identity = Services(settings).identity
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{settings.cognito_user_pool_id}"

    def token(audience: str) -> str:
        claims = {
            "iss": issuer,
            "aud": audience,
            "token_use": "id",
            "exp": int(time.time()) + 300,
            "cognito:username": "dwilliams",
            "cognito:groups": ["staff"],
            "custom:territories": "Coastal",
        }
        return jwt.encode(claims, key, algorithm="RS256")

    assert identity.authorize_token(token(environment["COGNITO_CLIENT_ID"])).username == "dwilliams"
    with pytest.raises(Unauthorized):
        identity.authorize_token(token("some-other-app-client"))


def test_api_and_cloudfront_access_logs(template: dict[str, Any]) -> None:
    res = template["Resources"]
    formats = {
        "rest": res["ChatApi"]["Properties"]["AccessLogSetting"],
        "websocket": res["ChatSocketStage"]["Properties"]["AccessLogSettings"],
    }
    for kind, setting in formats.items():
        fields = json.loads(setting["Format"])  # one JSON object per request
        assert {"requestId", "ip", "caller", "status", "latency"} <= set(fields), kind
        assert {"path", "route"} & set(fields), kind
        assert all(v.startswith("$context.") for v in fields.values()), kind
        (log_group, attribute) = setting["DestinationArn"]["Fn::GetAtt"]
        assert attribute == "Arn" and res[log_group]["Type"] == "AWS::Logs::LogGroup"
        assert res[log_group]["Properties"]["RetentionInDays"] > 0
    # API Gateway needs the account's CloudWatch role before a stage may log.
    assert res["ApiGatewayAccount"]["Properties"]["CloudWatchRoleArn"] == {"Fn::GetAtt": ["ApiGatewayLogsRole", "Arn"]}
    assert "ApiGatewayAccount" in as_list(res["ChatApi"]["DependsOn"])
    assert "ApiGatewayAccount" in as_list(res["ChatSocketStage"]["DependsOn"])

    logging = res["SiteDistribution"]["Properties"]["DistributionConfig"]["Logging"]
    (bucket, _) = logging["Bucket"]["Fn::GetAtt"]
    props = res[bucket]["Properties"]
    # CloudFront's standard logs arrive with an ACL for the log delivery account.
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert all(props["PublicAccessBlockConfiguration"].values()) and len(props["PublicAccessBlockConfiguration"]) == 4
    (rule,) = props["LifecycleConfiguration"]["Rules"]
    assert rule["Status"] == "Enabled" and rule["ExpirationInDays"] > 0


MANAGED_RULE_GROUPS = {
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
}


def assert_web_acl(acl: dict[str, Any], scope: str) -> None:
    props = acl["Properties"]
    assert props["Scope"] == scope and props["DefaultAction"] == {"Allow": {}}
    statements = [rule["Statement"] for rule in props["Rules"]]
    managed = {s["ManagedRuleGroupStatement"]["Name"] for s in statements if "ManagedRuleGroupStatement" in s}
    assert managed == MANAGED_RULE_GROUPS
    (rate,) = [r for r in props["Rules"] if "RateBasedStatement" in r["Statement"]]
    assert rate["Action"] == {"Block": {}} and rate["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    assert len({rule["Priority"] for rule in props["Rules"]}) == len(props["Rules"])


def test_web_acls_guard_the_api_and_the_site(template: dict[str, Any]) -> None:
    res = template["Resources"]
    assert_web_acl(res["ApiWebAcl"], "REGIONAL")
    association = res["ApiWebAclAssociation"]["Properties"]
    assert association["WebACLArn"] == {"Fn::GetAtt": ["ApiWebAcl", "Arn"]}
    assert association["ResourceArn"]["Fn::Sub"].endswith("::/restapis/${ChatApi}/stages/${ChatApi.Stage}")
    assert_web_acl(res["SiteWebAcl"], "CLOUDFRONT")

    def edge_acl(**parameters: str) -> tuple[Any, bool]:
        view = deployed(template, **parameters)["Resources"]
        return view["SiteDistribution"]["Properties"]["DistributionConfig"].get("WebACLId"), "SiteWebAcl" in view

    existing = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/abc"
    assert edge_acl() == ({"Fn::GetAtt": ["SiteWebAcl", "Arn"]}, True)
    assert edge_acl(region="eu-west-1") == (None, False)  # CLOUDFRONT-scope ACLs exist in us-east-1 only
    assert edge_acl(region="eu-west-1", CloudFrontWebAclArn=existing) == (existing, False)
    assert edge_acl(CloudFrontWebAclArn=existing) == (existing, False)


def test_tls_1_2_is_the_minimum_wherever_it_can_be_set(template: dict[str, Any]) -> None:
    res = template["Resources"]
    for policy in ("DocumentsBucketPolicy", "SiteBucketPolicy", "LogsBucketPolicy"):
        statements = res[policy]["Properties"]["PolicyDocument"]["Statement"]
        (deny,) = [s for s in statements if "NumericLessThan" in s.get("Condition", {})]
        assert deny["Effect"] == "Deny" and deny["Principal"] == "*" and deny["Action"] == "s3:*"
        assert deny["Condition"] == {"NumericLessThan": {"s3:TlsVersion": "1.2"}}
        assert len(deny["Resource"]) == 2  # the bucket and its objects
    assert res["ChatApi"]["Properties"]["SecurityPolicy"] == "TLS_1_2"

    def viewer(**parameters: str) -> dict[str, Any]:
        view = deployed(template, **parameters)
        config = view["Resources"]["SiteDistribution"]["Properties"]["DistributionConfig"]
        client = view["Resources"]["UserPoolClient"]["Properties"]
        return {
            "certificate": config["ViewerCertificate"],
            "aliases": config.get("Aliases"),
            "callbacks": client["CallbackURLs"],
            "site": view["Outputs"]["SiteUrl"]["Value"],
        }

    assert viewer()["certificate"] == {"CloudFrontDefaultCertificate": True}
    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab"
    custom = viewer(SiteDomainName="assistant.example.com", SiteCertificateArn=certificate)
    assert custom == {
        "certificate": {
            "AcmCertificateArn": certificate,
            "SslSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021",
        },
        "aliases": ["assistant.example.com"],
        "callbacks": ["https://assistant.example.com/"],
        "site": "https://assistant.example.com",
    }
    # A domain without a certificate changes nothing (CloudFront could not serve it).
    assert viewer(SiteDomainName="assistant.example.com")["certificate"] == {"CloudFrontDefaultCertificate": True}


def test_mfa_is_required(template: dict[str, Any]) -> None:
    pool = template["Resources"]["UserPool"]["Properties"]
    assert pool["MfaConfiguration"] == "ON"
    assert pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]


def trusted_local_origins(template: dict[str, Any], **parameters: str) -> set[str]:
    """Where the deployed stack would name LocalCallbackUrl's host."""
    resources = deployed(template, **parameters)["Resources"]
    return {logical_id for logical_id, resource in resources.items() if "localhost" in json.dumps(resource)}


def test_localhost_is_trusted_only_outside_production_and_only_when_asked(template: dict[str, Any]) -> None:
    assert template["Parameters"]["LocalCallbackUrl"]["Default"].startswith("http://localhost")
    assert trusted_local_origins(template) == set()
    assert trusted_local_origins(template, Stage="prod", AllowLocalOrigins="true") == set()
    assert trusted_local_origins(template, Stage="dev") == set()
    assert trusted_local_origins(template, Stage="dev", AllowLocalOrigins="true") == {
        "UserPoolClient",
        "ChatApi",
        "DocumentsBucket",
    }
    api = deployed(template, Stage="dev", AllowLocalOrigins="true")["Resources"]["ChatApi"]["Properties"]
    assert api["Cors"]["AllowOrigin"] == "'http://localhost:3000'"
    for response in api["GatewayResponses"].values():
        assert response["ResponseParameters"]["Headers"] == {"Access-Control-Allow-Origin": "'http://localhost:3000'"}


def test_documents_are_versioned_and_old_versions_expire(template: dict[str, Any]) -> None:
    props = template["Resources"]["DocumentsBucket"]["Properties"]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    expiring = [r for r in props["LifecycleConfiguration"]["Rules"] if "NoncurrentVersionExpiration" in r]
    assert [(r["Status"], r["NoncurrentVersionExpiration"]["NoncurrentDays"]) for r in expiring] == [("Enabled", 90)]


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_site_sends_the_dev_servers_csp_with_the_stacks_hosts(template: dict[str, Any]) -> None:
    """One policy: the template's CSP is local/server.py's SPA_CSP plus this stack's hosts."""
    from local.server import SPA_CSP, SPA_HEADERS

    res = template["Resources"]
    config = res["SiteResponseHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    assert config["ContentSecurityPolicy"]["Override"] is True
    directives = csp_directives(config["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"])
    hosts = {name: [s for s in sources if "://" in s] for name, sources in directives.items()}
    without_hosts = {name: tuple(s for s in sources if "://" not in s) for name, sources in directives.items()}
    assert without_hosts == SPA_CSP
    cognito = "https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com"
    assert hosts["connect-src"] == [
        "wss://${ChatSocketApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}",
        cognito,
        "https://${DocumentsBucket.DomainName}",
        "https://${DocumentsBucket.RegionalDomainName}",
    ]
    assert hosts["form-action"] == [cognito]
    assert all(not found for name, found in hosts.items() if name not in ("connect-src", "form-action"))
    # The same WebSocket URL as the SPA is given.
    assert template["Outputs"]["WebSocketUrl"]["Value"]["Fn::Sub"].startswith(hosts["connect-src"][0] + "/")

    assert config["FrameOptions"]["FrameOption"] == SPA_HEADERS["X-Frame-Options"]
    assert config["ReferrerPolicy"]["ReferrerPolicy"] == SPA_HEADERS["Referrer-Policy"]
    assert config["ContentTypeOptions"] == {"Override": True} and SPA_HEADERS["X-Content-Type-Options"] == "nosniff"
    assert config["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 365 * 24 * 3600
    distribution = res["SiteDistribution"]["Properties"]["DistributionConfig"]
    behaviours = [distribution["DefaultCacheBehavior"], *distribution["CacheBehaviors"]]
    assert all(
        b["ResponseHeadersPolicyId"] == {"Ref": "SiteResponseHeadersPolicy"}
        for b in behaviours
        if b.get("PathPattern") != "/api/docs"
    )  # Swagger UI has its own (see below)


def test_dev_server_csp_allows_its_own_websocket_and_storage(monkeypatch: pytest.MonkeyPatch) -> None:
    from aiohttp.test_utils import make_mocked_request

    from local.server import SPA_CSP, SPA_HEADERS, spa_headers

    monkeypatch.setenv("PUBLIC_STORAGE_ENDPOINT_URL", "http://127.0.0.1:3100")
    headers = spa_headers(make_mocked_request("GET", "/", headers={"Host": "127.0.0.1:3100"}))
    directives = csp_directives(headers.pop("Content-Security-Policy"))
    assert directives == {
        **{k: list(v) for k, v in SPA_CSP.items()},
        "connect-src": ["'self'", "ws://127.0.0.1:3100", "http://127.0.0.1:3100"],
    }
    assert headers == SPA_HEADERS


def test_every_alarm_reaches_the_alarm_topic_and_email_is_optional(template: dict[str, Any]) -> None:
    alarms = resources(template, "AWS::CloudWatch::Alarm")
    assert {
        "ApiServerErrorsAlarm",
        "TurnLatencyAlarm",
        "ChatThrottlesAlarm",
        "InferenceThrottlesAlarm",
        "IndexerErrorsAlarm",
        "IndexerDeadLetterAlarm",
    } <= set(alarms)
    for name, alarm in alarms.items():
        assert {"Ref": "AlarmTopic"} in alarm["Properties"]["AlarmActions"], name
    subscription = template["Resources"]["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail" and subscription["Properties"]["Protocol"] == "email"
    assert template["Parameters"]["AlarmEmail"]["Default"] == ""
    latency = alarms["TurnLatencyAlarm"]["Properties"]
    assert (latency["Namespace"], latency["MetricName"], latency["ExtendedStatistic"]) == (
        NAMESPACE,
        "TurnLatency",
        "p95",
    )


def test_the_indexer_errors_alarm_and_the_dashboard_cover_every_indexer_function(template: dict[str, Any]) -> None:
    alarm = template["Resources"]["IndexerErrorsAlarm"]["Properties"]
    (total,) = (m for m in alarm["Metrics"] if m.get("ReturnData", True))
    summed = {m["Id"]: m["MetricStat"]["Metric"] for m in alarm["Metrics"] if m is not total}
    assert set(re.findall(r"\w+", total["Expression"])) >= set(summed)
    assert {m["Dimensions"][0]["Value"]["Ref"] for m in summed.values()} == set(INDEXER_FUNCTIONS)
    assert {(m["Namespace"], m["MetricName"]) for m in summed.values()} == {("AWS/Lambda", "Errors")}
    body, _ = template["Resources"]["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    assert all(f"${{{name}}}" in body for name in INDEXER_FUNCTIONS)


def test_the_dashboard_shows_the_metrics_the_chat_path_emits(template: dict[str, Any]) -> None:
    body, _ = template["Resources"]["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    widgets = json.loads(re.sub(r"\$\{[^}]+\}", "x", body))["widgets"]
    shown = {m for w in widgets for row in w["properties"]["metrics"] for m in row if isinstance(m, str)}
    emitted = {
        "TurnLatency",
        "TurnsAnswered",
        "TurnsDeclined",
        "TurnsDenied",
        "ModelFallbacks",
        "InputTokens",
        "OutputTokens",
        "EstimatedCostUsd",
        "CacheHits",
        "CacheMisses",
        *STAGES.values(),
    }
    assert emitted <= shown and NAMESPACE in shown
    assert {'MetricName="Turns"', 'MetricName="Ratings"'} <= {
        part
        for w in widgets
        for row in w["properties"]["metrics"]
        for m in row
        if isinstance(m, dict)
        for part in re.findall(r'MetricName="\w+"', m.get("expression", ""))
    }
