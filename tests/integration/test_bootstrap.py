"""A fresh stack answers its first requests: nothing imported, no search index written, no
analytics mirror yet. Each is created on first use (the index by the indexer's first write,
the mirror by its first batch), and until then questions get plain answers or declines, never a 5xx."""

from __future__ import annotations

import json
from typing import Any

from awning_assistant.factory import Services
from awning_assistant.identity.providers import CognitoIdentity
from local.handlers import invoke
from tests.builders import rest_request


def call(path: str, body: dict[str, Any] | None, method: str = "POST") -> tuple[int, dict[str, Any]]:
    """The sample manager's request (claims checked by API Gateway's Cognito authorizer) to ``path``."""
    result = invoke("chat_handler", rest_request(method, path, body, sample="api_chat_query.json"))
    return result["statusCode"], json.loads(result["body"])


def test_a_fresh_stack_answers_before_anything_was_indexed_or_mirrored(services: Services):
    services.identity = CognitoIdentity(services.records, "us-east-1_Ab12Cd34E", None, "us-east-1")
    assert services.search_index.count() == 0
    assert not services.s3.list_objects_v2(Bucket=services.settings.analytics_bucket).get("Contents")
    status, overdue = call("/api/chat/query", {"query": "Which work orders are overdue?"})
    assert status == 200 and overdue["outcome"] == "answered" and overdue["data"]["rows"] == []
    status, revenue = call("/api/chat/query", {"query": "What did we take in last month, cleaning vs repairs?"})
    assert status == 200 and "$0.00" in revenue["response"]
    status, warranty = call("/api/chat/query", {"query": "What is our restitching warranty?"})
    assert status == 200 and warranty["outcome"] == "declined" and warranty["suggestions"]
    status, counted = call("/api/analytics/query", {"sql": "SELECT count(*) AS orders FROM orders"})
    assert status == 200 and counted["rows"] == [[0]]
    status, listed = call("/api/documents", None, method="GET")
    assert status == 200 and listed["documents"] == []
