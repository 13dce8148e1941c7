"""Generation providers and the planner's Bedrock tool-use round trip (botocore Stubber: moto has no Bedrock)."""

from __future__ import annotations

import io
import json
from datetime import date

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from awning_assistant.answering.planner import ModelPlanner, RulePlanner
from awning_assistant.answering.query_model import Intent
from awning_assistant.generation.bedrock import BedrockConverse
from awning_assistant.generation.contract import InferenceError, InferenceRequest, Message, StreamTarget
from awning_assistant.generation.transport import InProcessInference, LambdaInference
from local.handlers import invoke

MODEL = "us.anthropic.claude-haiku-4-5-20251001-v1:0"


def bedrock():
    return boto3.client("bedrock-runtime", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


def tool_reply(tool_input: dict) -> dict:
    return {
        "output": {
            "message": {
                "role": "assistant",
                "content": [{"toolUse": {"toolUseId": "t1", "name": "plan_query", "input": tool_input}}],
            }
        },
        "stopReason": "tool_use",
        "usage": {"inputTokens": 900, "outputTokens": 60, "totalTokens": 960},
        "metrics": {"latencyMs": 300},
    }


@pytest.fixture
def rules(shop):
    return RulePlanner(shop.directory, lambda: date(2026, 11, 24))


def test_bedrock_tool_use_round_trip(rules):
    client = bedrock()
    planner = ModelPlanner(InProcessInference(BedrockConverse(client, MODEL)), rules, lambda: date(2026, 11, 24), 5.0)
    with Stubber(client) as stub:
        stub.add_response(
            "converse",
            tool_reply(
                {
                    "intent": "list_orders",
                    "order_kinds": ["work_order"],
                    "overdue": True,
                    "customer_name": "pelican point",
                }
            ),
            {
                "modelId": MODEL,
                "messages": ANY,
                "system": ANY,
                "inferenceConfig": ANY,
                "toolConfig": {"tools": [planner.tool_spec()], "toolChoice": {"tool": {"name": "plan_query"}}},
            },
        )
        plan = planner.plan("which of pelican point's work orders are late?")
        stub.assert_no_pending_responses()
    assert plan.intent is Intent.list_orders and plan.overdue
    assert plan.customer_ids == ["C00002"]  # the model's name text resolved through the directory
    schema = planner.tool_spec()["toolSpec"]["inputSchema"]["json"]
    assert "intent" in schema["properties"] and schema["required"] == ["intent"]


def test_invalid_tool_input_falls_back_to_the_rules(rules):
    client = bedrock()
    planner = ModelPlanner(InProcessInference(BedrockConverse(client, MODEL)), rules, lambda: date(2026, 11, 24), 5.0)
    with Stubber(client) as stub:
        stub.add_response("converse", tool_reply({"intent": "drop_tables", "statuses": ["gone"]}))
        plan = planner.plan("How many work orders are in the cleaning queue?")
    assert plan.intent is Intent.count_orders and plan.statuses == ["cleaning_queue"]
    with Stubber(client) as stub:
        stub.add_client_error("converse", "ThrottlingException", "slow down", 429)
        assert planner.plan("Which orders are overdue?").overdue


def test_bedrock_answer_usage_and_cost():
    client = bedrock()
    provider = BedrockConverse(client, MODEL)
    with Stubber(client) as stub:
        stub.add_response(
            "converse",
            {
                "output": {
                    "message": {"role": "assistant", "content": [{"text": "Two orders are overdue: WO-1, WO-2."}]}
                },
                "stopReason": "end_turn",
                "usage": {"inputTokens": 1000, "outputTokens": 100, "totalTokens": 1100},
                "metrics": {"latencyMs": 200},
            },
        )
        result = provider.generate(InferenceRequest(system="rules", messages=[Message(role="user", content="q")]))
    assert result.text.startswith("Two orders") and result.usage.input_tokens == 1000
    assert result.usage.cost_usd == pytest.approx(0.0015)  # 1000 x $1/M + 100 x $5/M
    with Stubber(client) as stub:
        stub.add_client_error("converse", "ModelTimeoutException", "timeout", 408)
        with pytest.raises(InferenceError):
            provider.generate(InferenceRequest(messages=[Message(role="user", content="q")]))


def test_lambda_transport_round_trip():
    client = boto3.client("lambda", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    reply = {
        "text": "ok",
        "tool_input": None,
        "usage": {"input_tokens": 5, "output_tokens": 1, "cost_usd": 0.0, "provider": "bedrock", "model": MODEL},
    }
    transport = LambdaInference(client, "awning-llm")
    request = InferenceRequest(messages=[Message(role="user", content="q")])
    with Stubber(client) as stub:
        stub.add_response(
            "invoke",
            {
                "StatusCode": 200,
                "Payload": StreamingBody(io.BytesIO(json.dumps(reply).encode()), len(json.dumps(reply))),
            },
            {"FunctionName": "awning-llm", "InvocationType": "RequestResponse", "Payload": ANY},
        )
        assert transport.generate(request).text == "ok"
        body = json.dumps({"error": "Bedrock call failed"}).encode()
        stub.add_response(
            "invoke",
            {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": StreamingBody(io.BytesIO(body), len(body))},
        )
        with pytest.raises(InferenceError):
            transport.generate(request)


def test_lambda_transport_lets_the_lambda_stream_to_a_socket():
    client = boto3.client("lambda", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    sent: list[dict] = []
    client.meta.events.register(
        "before-parameter-build.lambda.Invoke", lambda params, **_: sent.append(json.loads(params["Payload"]))
    )
    target = StreamTarget(
        endpoint="https://abc.execute-api.us-east-1.amazonaws.com/prod", connection_id="c1", request_id="q1"
    )
    pieces: list[str] = []
    reply = json.dumps({"text": "streamed by the Lambda"}).encode()
    with Stubber(client) as stub:
        stub.add_response("invoke", {"StatusCode": 200, "Payload": StreamingBody(io.BytesIO(reply), len(reply))})
        result = LambdaInference(client, "awning-llm").generate(
            InferenceRequest(messages=[Message(role="user", content="q")], stream_to=target), pieces.append
        )
    assert result.text == "streamed by the Lambda" and pieces == []  # the Lambda posted them itself
    assert sent[0]["stream_to"] == target.model_dump()


def test_inference_lambda_handler(env):
    grounded = {
        "messages": [{"role": "user", "content": "How many?"}],
        "grounding": {
            "question": "How many repair orders are quoted?",
            "plan": {"intent": "count_orders", "order_kinds": ["repair_order"]},
            "structured": {
                "intent": "count_orders",
                "plan": {"intent": "count_orders", "order_kinds": ["repair_order"], "statuses": ["quoted"]},
                "facts": {"count": 1, "by_kind": {"repair_order": 1}},
            },
            "passages": [],
        },
    }
    result = invoke("llm_inference", grounded)
    assert "**1** repair order" in result["text"] and result["usage"]["provider"] == "local"
    assert "error" in invoke("llm_inference", {"messages": "nope"})
