"""Text generation behind one event contract, with three providers chosen by settings.

- ``BedrockConverse``: Claude through the Converse API (tool use for planning and SQL, streaming
  for answers), throttling retried by botocore's adaptive retry mode.
- ``OpenAICompatible``: any ``/chat/completions`` endpoint (base URL and key from settings).
- ``LocalComposer``: the deterministic grounded composer of local mode.

The chat Lambda reaches a provider either by invoking the inference Lambda with an
``InferenceRequest`` (AWS) or in-process (local mode); both carry the same JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal, Protocol

import requests
from pydantic import BaseModel, Field
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .chunk import Chunk
from .composer import Composer
from .query_model import QueryPlan
from .structured import StructuredResult
from .usage import Usage, estimate_cost

DeltaSink = Callable[[str], None]


class InferenceError(RuntimeError):
    """Generation failed; the caller answers from the structured result instead."""


class ToolCall(BaseModel):
    """A tool the model called, with what it passed."""

    id: str
    name: str
    input: dict[str, Any]


class ToolOutcome(BaseModel):
    """What a tool call returned, sent back to the model (``error``: it failed, the text says why)."""

    tool_use_id: str
    text: str
    error: bool = False


class Message(BaseModel):
    """One turn of a conversation: text, or in a tool conversation the model's call (assistant)
    or the call's outcome (user)."""

    role: Literal["user", "assistant"]
    content: str = ""
    tool_call: ToolCall | None = None
    tool_result: ToolOutcome | None = None


class Grounding(BaseModel):
    """What the answer must rest on; the local composer writes from this alone."""

    question: str
    plan: QueryPlan
    structured: StructuredResult | None = None
    passages: list[Chunk] = Field(default_factory=list)


class StreamTarget(BaseModel):
    """A WebSocket connection the inference Lambda posts its deltas to itself (Lambda returns
    its result only at the end, so the chat Lambda cannot relay them as they come)."""

    endpoint: str = Field(pattern=r"^https?://")  # the WebSocket API's connection-management URL
    connection_id: str = Field(min_length=1, max_length=128)
    request_id: str = Field(min_length=1, max_length=64)


class InferenceRequest(BaseModel):
    """The inference Lambda's event."""

    system: str = ""
    stream_to: StreamTarget | None = None
    messages: list[Message]
    grounding: Grounding | None = None
    tool: dict[str, Any] | None = None
    # "tool": the model must call ``tool``; "auto": it may answer in text instead (after a tool's outcome).
    tool_choice: Literal["tool", "auto"] = "tool"
    max_tokens: int = 800
    temperature: float = 0.0
    # How long the caller will wait; pieces streamed later are not posted (the caller has
    # answered from the records by then).
    timeout_seconds: float | None = None


class InferenceResult(BaseModel):
    """The inference Lambda's reply."""

    text: str = ""
    tool_input: dict[str, Any] | None = None
    tool_use_id: str | None = None  # names the call when its outcome is sent back
    usage: Usage = Field(default_factory=Usage)


class Provider(Protocol):
    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        """Generate, calling ``on_delta`` with each piece of text as it arrives."""


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


class OpenAICompatible:
    """Any OpenAI-compatible ``/chat/completions`` endpoint."""

    def __init__(self, base_url: str, api_key: str | None, model: str, timeout: float) -> None:
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._timeout = timeout
        self._session = requests.Session()
        retry = Retry(
            total=4, backoff_factor=0.5, status_forcelist=(429, 500, 502, 503, 504), allowed_methods=frozenset({"POST"})
        )
        self._session.mount("http://", HTTPAdapter(max_retries=retry))
        self._session.mount("https://", HTTPAdapter(max_retries=retry))
        if api_key:
            self._session.headers["Authorization"] = f"Bearer {api_key}"

    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        messages = ([{"role": "system", "content": request.system}] if request.system else []) + [
            {"role": m.role, "content": m.content} for m in request.messages
        ]
        body: dict[str, Any] = {
            "model": self._model,
            "messages": messages,
            "max_tokens": request.max_tokens,
            "temperature": request.temperature,
        }
        if request.tool:
            spec = request.tool["toolSpec"]
            body["tools"] = [
                {
                    "type": "function",
                    "function": {
                        "name": spec["name"],
                        "description": spec["description"],
                        "parameters": spec["inputSchema"]["json"],
                    },
                }
            ]
            body["tool_choice"] = (
                {"type": "function", "function": {"name": spec["name"]}} if request.tool_choice == "tool" else "auto"
            )
        try:
            reply = self._session.post(self._url, json=body, timeout=self._timeout)
            reply.raise_for_status()
            data = reply.json()
            message = data["choices"][0]["message"]
        except (requests.RequestException, ValueError, KeyError, IndexError) as exc:
            raise InferenceError(f"OpenAI-compatible call failed: {type(exc).__name__}") from exc
        calls = message.get("tool_calls") or []
        tool_input = json.loads(calls[0]["function"]["arguments"]) if calls else None
        text = message.get("content") or ""
        if on_delta and text:
            on_delta(text)
        usage = data.get("usage", {})
        return InferenceResult(
            text=text,
            tool_input=tool_input,
            usage=Usage(
                input_tokens=usage.get("prompt_tokens", 0),
                output_tokens=usage.get("completion_tokens", 0),
                provider="openai",
                model=self._model,
            ),
        )


class LocalComposer:
    """The grounded composer behind the provider interface (local mode)."""

    def __init__(self, composer: Composer | None = None) -> None:
        self._composer = composer or Composer()

    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        if request.tool is not None or request.grounding is None:
            raise InferenceError("The local composer writes answers from grounding only; it does not plan.")
        g = request.grounding
        text = self._composer.compose(g.question, g.plan, g.structured, g.passages)
        if on_delta:
            for piece in self._composer.stream(text):
                on_delta(piece)
        return InferenceResult(text=text, usage=Usage(provider="local", model="grounded-composer"))


class InferenceClient(Protocol):
    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        """Run the request on the configured provider."""


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
        """A sink with a ``target`` (a WebSocket connection) is streamed to by the Lambda itself."""
        target = getattr(on_delta, "target", None)
        if isinstance(target, StreamTarget) and not request.tool:
            request = request.model_copy(update={"stream_to": target})
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
