"""Any OpenAI-compatible ``/chat/completions`` endpoint (base URL and key from settings)."""

from __future__ import annotations

import json
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from awning_assistant.generation.contract import DeltaSink, InferenceError, InferenceRequest, InferenceResult
from awning_assistant.generation.usage import Usage


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
