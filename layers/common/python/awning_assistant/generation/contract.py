"""The one contract of text generation: the inference Lambda's event and reply, and what a provider is.

The chat Lambda reaches a provider either by invoking the inference Lambda with an
``InferenceRequest`` (AWS) or in-process (local mode); both carry the same JSON. The providers
(``bedrock``, ``openai``, ``local``) and the two ways of reaching them (``transport``) sit beside this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from awning_assistant.answering.query_model import QueryPlan
from awning_assistant.answering.structured import StructuredResult
from awning_assistant.generation.usage import Usage
from awning_assistant.indexing.chunk import Chunk

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


class InferenceClient(Protocol):
    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        """Run the request on the configured provider."""
