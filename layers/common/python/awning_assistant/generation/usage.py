"""What a model call costs (tokens, estimated dollars): a leaf the planner, the inference client,
the SQL tool, the embedders, the audit log and the metrics all share. The prices are set here, once.

A turn's embeddings (the question, the sentences compared with it) are counted by a tally the turn
opens (``counting_embeddings``): the embedders add to whichever tally is open in their context, so
the search code between them needs no changes, and an embedding outside a turn (indexing) is not
charged to anyone's question.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pydantic import BaseModel

# USD per million tokens (input, output), from the Bedrock pricing page; unknown models (and the local
# embedding model) cost 0. Embedding models are charged for input only.
PRICES = {
    "claude-3-5-haiku": (0.80, 4.00),
    "claude-haiku-4-5": (1.00, 5.00),
    "claude-3-haiku": (0.25, 1.25),
    "claude-3-5-sonnet": (3.00, 15.00),
    "claude-sonnet-4": (3.00, 15.00),
    "titan-embed-text-v2": (0.02, 0.0),
}


def estimate_cost(model: str, input_tokens: int, output_tokens: int = 0) -> float:
    price = next((p for key, p in PRICES.items() if key in model), (0.0, 0.0))
    return round((input_tokens * price[0] + output_tokens * price[1]) / 1_000_000, 6)


class Usage(BaseModel):
    """What a call or a whole turn cost (the audit log and the metrics read it)."""

    input_tokens: int = 0
    output_tokens: int = 0
    embedding_tokens: int = 0
    cost_usd: float = 0.0
    provider: str = ""
    model: str = ""

    def plus(self, later: Usage) -> Usage:
        """This call's usage and a later call's as one turn's (the later names the provider and model)."""
        return Usage(
            input_tokens=self.input_tokens + later.input_tokens,
            output_tokens=self.output_tokens + later.output_tokens,
            embedding_tokens=self.embedding_tokens + later.embedding_tokens,
            cost_usd=round(self.cost_usd + later.cost_usd, 6),
            provider=later.provider,
            model=later.model,
        )


class EmbeddingTally:
    """Tokens embedded, per model, added to from any thread of the turn (priced once, at the end: a single
    call's cost rounds to nothing)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, int] = {}

    def add(self, model: str, tokens: int) -> None:
        with self._lock:
            self._tokens[model] = self._tokens.get(model, 0) + tokens

    @property
    def tokens(self) -> int:
        return sum(self._tokens.values())

    def charged_to(self, usage: Usage) -> Usage:
        """``usage`` with these embeddings added (its provider and model kept)."""
        cost = sum(estimate_cost(model, tokens) for model, tokens in self._tokens.items())
        return usage.model_copy(
            update={
                "embedding_tokens": usage.embedding_tokens + self.tokens,
                "cost_usd": round(usage.cost_usd + cost, 6),
            }
        )


_OPEN_TALLY: ContextVar[EmbeddingTally | None] = ContextVar("embedding_tally", default=None)


@contextmanager
def counting_embeddings() -> Iterator[EmbeddingTally]:
    """Count the embeddings made in this context (a turn) until it closes."""
    tally = EmbeddingTally()
    token = _OPEN_TALLY.set(tally)
    try:
        yield tally
    finally:
        _OPEN_TALLY.reset(token)


def count_embedding(model: str, tokens: int) -> None:
    """Charge ``tokens`` embedded with ``model`` to the open tally, if any."""
    tally = _OPEN_TALLY.get()
    if tally is not None:
        tally.add(model, tokens)
