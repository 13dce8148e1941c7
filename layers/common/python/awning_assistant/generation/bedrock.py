"""Claude on Amazon Bedrock through Converse (tool use for planning and SQL) and ConverseStream
(answers); throttling is retried by botocore's adaptive retry mode."""

from __future__ import annotations

from typing import Any

from awning_assistant.generation.contract import (
    DeltaSink,
    InferenceError,
    InferenceRequest,
    InferenceResult,
    Message,
)
from awning_assistant.generation.usage import Usage, estimate_cost


def converse_content(message: Message) -> list[dict[str, Any]]:
    """A message's Converse content blocks."""
    blocks: list[dict[str, Any]] = []
    if message.content or not (message.tool_call or message.tool_result):
        blocks.append({"text": message.content})
    if message.tool_call:
        call = message.tool_call
        blocks.append({"toolUse": {"toolUseId": call.id, "name": call.name, "input": call.input}})
    if message.tool_result:
        outcome = message.tool_result
        blocks.append(
            {
                "toolResult": {
                    "toolUseId": outcome.tool_use_id,
                    "content": [{"text": outcome.text}],
                    "status": "error" if outcome.error else "success",
                }
            }
        )
    return blocks


class BedrockConverse:
    """Claude on Amazon Bedrock through Converse / ConverseStream."""

    def __init__(self, client: Any, model_id: str) -> None:
        self._client = client
        self._model = model_id

    def _arguments(self, request: InferenceRequest) -> dict[str, Any]:
        args: dict[str, Any] = {
            "modelId": self._model,
            "messages": [{"role": m.role, "content": converse_content(m)} for m in request.messages],
            "inferenceConfig": {"maxTokens": request.max_tokens, "temperature": request.temperature},
        }
        if request.system:
            args["system"] = [{"text": request.system}]
        if request.tool:
            name = request.tool["toolSpec"]["name"]
            choice = {"tool": {"name": name}} if request.tool_choice == "tool" else {"auto": {}}
            args["toolConfig"] = {"tools": [request.tool], "toolChoice": choice}
        return args

    def _usage(self, usage: dict[str, Any]) -> Usage:
        i, o = int(usage.get("inputTokens", 0)), int(usage.get("outputTokens", 0))
        return Usage(
            input_tokens=i,
            output_tokens=o,
            cost_usd=estimate_cost(self._model, i, o),
            provider="bedrock",
            model=self._model,
        )

    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        try:
            if on_delta is None or request.tool:
                return self._converse(request)
            return self._stream(request, on_delta)
        except Exception as exc:  # botocore errors, timeouts, throttling after retries
            raise InferenceError(f"Bedrock call failed: {type(exc).__name__}") from exc

    def _converse(self, request: InferenceRequest) -> InferenceResult:
        reply = self._client.converse(**self._arguments(request))
        text, tool_use = "", None
        for block in reply["output"]["message"]["content"]:
            text += block.get("text", "")
            tool_use = block.get("toolUse", tool_use)
        return InferenceResult(
            text=text,
            tool_input=tool_use["input"] if tool_use else None,
            tool_use_id=tool_use["toolUseId"] if tool_use else None,
            usage=self._usage(reply.get("usage", {})),
        )

    def _stream(self, request: InferenceRequest, on_delta: DeltaSink) -> InferenceResult:
        reply = self._client.converse_stream(**self._arguments(request))
        parts: list[str] = []
        usage: dict[str, Any] = {}
        for event in reply["stream"]:
            delta = event.get("contentBlockDelta", {}).get("delta", {}).get("text")
            if delta:
                parts.append(delta)
                on_delta(delta)
            usage = event.get("metadata", {}).get("usage", usage)
        return InferenceResult(text="".join(parts), usage=self._usage(usage))
