"""Text embeddings: one interface and its Bedrock (Titan Text Embeddings V2) implementation.

Every embedder returns L2-normalised vectors, so cosine similarity is a plain dot product and
the search index can use an inner-product space. Blank text (empty or whitespace only) is
embedded as the zero vector: it carries no meaning, Titan rejects it, and a zero vector has
similarity 0 with everything, so it never outranks a real match. The local model (MiniLM ONNX)
is a local-mode adapter: ``local/embedder.py``.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from typing import Any, Protocol

from botocore.config import Config
from botocore.exceptions import ClientError

from awning_assistant.generation.usage import count_embedding


class Embedder(Protocol):
    """Turns text into unit-length vectors of a fixed size."""

    dimensions: int

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One vector per text, in the same order."""
        ...

    def embed_query(self, text: str) -> list[float]:
        """The vector of a search query."""
        ...


def is_blank(text: str) -> bool:
    return not text.strip()


def _unit(vector: Sequence[float]) -> list[float]:
    """L2-normalise in pure Python (the Lambda layer has no numpy); zero stays zero."""
    norm = math.sqrt(sum(x * x for x in vector))
    return [x / norm for x in vector] if norm > 0 else [0.0] * len(vector)


# --------------------------------------------------------------------------- Bedrock

TITAN_V2_DIMENSIONS = (256, 512, 1024)
# Titan Text Embeddings V2 takes at most 8,192 tokens or 50,000 characters:
# https://docs.aws.amazon.com/bedrock/latest/userguide/titan-embedding-models.html
TITAN_MAX_CHARS = 50_000
# Error codes worth another try. botocore's standard/adaptive retry mode already retries
# ThrottlingException, ModelNotReadyException (modelled retryable), 500 and 503; this
# list is the last line of defence once botocore gives up, and covers ModelTimeoutException.
RETRYABLE_ERROR_CODES = frozenset(
    {
        "ThrottlingException",
        "ModelNotReadyException",
        "ServiceUnavailableException",
        "ModelTimeoutException",
        "InternalServerException",
    }
)


def bedrock_runtime_config(max_workers: int = 8, max_attempts: int = 6) -> Config:
    """The botocore config the factory should build the ``bedrock-runtime`` client with.

    Adaptive mode adds client-side rate limiting on top of standard mode's exponential
    backoff with jitter, which is what a burst of parallel embedding calls needs; the
    connection pool must be at least as large as the thread pool.
    """
    return Config(
        retries={"mode": "adaptive", "max_attempts": max_attempts},
        max_pool_connections=max(10, max_workers),
        connect_timeout=5,
        read_timeout=30,
    )


class BedrockEmbedder:
    """Amazon Titan Text Embeddings V2 through ``bedrock-runtime`` ``InvokeModel``.

    Titan V2 embeds one text per call, so a batch is a small thread pool over the texts
    (order preserved). Throttling is retried by the client's botocore retry config and,
    after that, by a few explicit attempts with exponential backoff and full jitter.
    """

    def __init__(
        self,
        client: Any,
        model_id: str = "amazon.titan-embed-text-v2:0",
        dimensions: int = 1024,
        *,
        max_workers: int = 8,
        max_attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if dimensions not in TITAN_V2_DIMENSIONS:
            raise ValueError(f"Titan V2 supports dimensions {TITAN_V2_DIMENSIONS}, not {dimensions}")
        self._client = client
        self._model_id = model_id
        self.dimensions = dimensions
        self._max_workers = max_workers
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._sleep = sleep

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if len(texts) <= 1:
            return [self._embed_one(text) for text in texts]
        with ThreadPoolExecutor(max_workers=min(self._max_workers, len(texts))) as pool:
            # each text in a copy of this context, so its tokens count to the turn that asked (usage)
            futures = [pool.submit(copy_context().run, self._embed_one, text) for text in texts]
            return [future.result() for future in futures]

    def embed_query(self, text: str) -> list[float]:
        return self._embed_one(text)

    def _embed_one(self, text: str) -> list[float]:
        if is_blank(text):
            return [0.0] * self.dimensions
        vector = self._invoke_with_retry(text[:TITAN_MAX_CHARS])
        if len(vector) != self.dimensions:
            raise ValueError(f"Titan returned {len(vector)} dimensions, expected {self.dimensions}")
        return _unit(vector)  # Titan normalises already; this guards the index's inner-product space

    def _invoke_with_retry(self, text: str) -> list[float]:
        for attempt in range(1, self._max_attempts + 1):
            try:
                return self._invoke(text)
            except ClientError as error:
                if attempt == self._max_attempts:
                    raise
                if _is_token_limit(error) and len(text) > 1_000:
                    text = text[: len(text) // 2]  # dense text can pass 8,192 tokens under 50k chars
                    continue
                if error.response.get("Error", {}).get("Code") not in RETRYABLE_ERROR_CODES:
                    raise
                self._sleep(random.uniform(0, min(self._max_delay, self._base_delay * 2 ** (attempt - 1))))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _invoke(self, text: str) -> list[float]:
        body = {"inputText": text, "dimensions": self.dimensions, "normalize": True}
        response = self._client.invoke_model(
            modelId=self._model_id,
            body=json.dumps(body),
            contentType="application/json",
            accept="application/json",
        )
        payload = json.loads(response["body"].read())
        count_embedding(self._model_id, int(payload.get("inputTextTokenCount", 0)))
        vector: list[float] = payload.get("embedding") or payload["embeddingsByType"]["float"]
        return vector


def _is_token_limit(error: ClientError) -> bool:
    info = error.response.get("Error", {})
    return info.get("Code") == "ValidationException" and "token" in info.get("Message", "").lower()
