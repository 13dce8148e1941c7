"""How the chat function reaches a provider: in-process (local mode) or by invoking the inference Lambda."""

from __future__ import annotations

import json
from typing import Any

from awning_assistant.generation.contract import (
    DeltaSink,
    InferenceClient,
    InferenceError,
    InferenceRequest,
    InferenceResult,
    Message,
    Provider,
)


class InProcessInference:
    """Calls the provider directly (local mode)."""

    def __init__(self, provider: Provider) -> None:
        self._provider = provider

    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        return self._provider.generate(request, on_delta)


class LambdaInference:
    """Invokes the inference Lambda synchronously with the request as its event."""

    def __init__(self, lambda_client: Any, function_name: str) -> None:
        self._client = lambda_client
        self._function = function_name

    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        """A request with ``stream_to`` (a WebSocket connection) is streamed to by the Lambda itself, so
        ``on_delta`` hears nothing of it; otherwise ``on_delta`` gets the whole text once it is back."""
        try:
            reply = self._client.invoke(
                FunctionName=self._function,
                InvocationType="RequestResponse",
                Payload=request.model_dump_json().encode(),
            )
            payload = json.loads(reply["Payload"].read())
        except Exception as exc:
            raise InferenceError(f"Inference Lambda call failed: {type(exc).__name__}") from exc
        if reply.get("FunctionError") or "error" in payload:
            raise InferenceError(f"Inference Lambda reported an error: {payload.get('error', 'unknown')}")
        result = InferenceResult.model_validate(payload)
        if on_delta and result.text and request.stream_to is None:
            on_delta(result.text)
        return result


def plan_with_model(client: InferenceClient, question: str, context: str, tool: dict[str, Any]) -> InferenceResult:
    """Ask the model to fill the planning tool; the caller validates the tool input that comes back."""
    request = InferenceRequest(
        system="You turn a shop employee's question into a query plan. " + context,
        messages=[Message(role="user", content=question)],
        tool=tool,
        max_tokens=600,
    )
    result = client.generate(request)
    if result.tool_input is None:
        raise InferenceError("The model did not call the planning tool.")
    return result
