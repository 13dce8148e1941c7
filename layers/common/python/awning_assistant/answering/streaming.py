"""Answers streamed token by token over an API Gateway WebSocket API (and its local twin).

Python's managed Lambda runtime has no response streaming, so the chat Lambda answers a
WebSocket ``query`` message by posting ``start``/``delta``/``done`` messages to the
connection through the API Gateway management API (``post_to_connection``). Local mode
serves the same management endpoint, so this code runs unchanged in both.

Protocol (client → server): ``{"action": "query", "request_id", "query", "session_id", "filters"}``.
Server → client: ``{"type": "start"|"delta"|"done"|"error", "request_id", ...}``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Annotated, Any

from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from awning_assistant.answering.deadline import Deadline
from awning_assistant.contracts import ChatFilters, ChatRequest, QueryText, SessionId
from awning_assistant.errors import (
    UNAVAILABLE_MESSAGE,
    AppError,
    BadRequest,
    InternalError,
    ServiceUnavailable,
    is_unavailable,
)
from awning_assistant.generation.contract import DeltaSink, StreamTarget
from awning_assistant.identity.access import Principal
from awning_assistant.records.redaction import StreamRedactor

logger = logging.getLogger(__name__)
RequestId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
MIN_DELTA_CHARS = 12  # coalesce word pieces: fewer posts, still visibly streaming


class WsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: str
    request_id: RequestId
    query: QueryText
    session_id: SessionId | None = None
    filters: ChatFilters | None = None


class Connection:
    """Posts JSON messages to one WebSocket connection; stops quietly once it is gone."""

    def __init__(self, client: Any, connection_id: str, endpoint: str = "") -> None:
        self._client = client
        self._id = connection_id
        self.endpoint = endpoint
        self.open = True

    @property
    def connection_id(self) -> str:
        return self._id

    def send(self, message: dict[str, Any]) -> None:
        if not self.open:
            return
        try:
            self._client.post_to_connection(ConnectionId=self._id, Data=json.dumps(message, default=str).encode())
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("GoneException", "410"):
                self.open = False
            else:
                raise


class DeltaBuffer:
    """Collects pieces and flushes them in small groups as ``delta`` messages.

    Every piece is redacted before it is posted (a card number split over pieces included):
    a tail that may still become a secret waits for the next piece or the final ``flush``.
    """

    def __init__(self, connection: Connection, request_id: str) -> None:
        self._connection = connection
        self._request_id = request_id
        self._redactor = StreamRedactor()
        self._pending = ""

    @property
    def target(self) -> StreamTarget | None:
        """Where another process (the inference Lambda) can post this request's deltas itself."""
        c = self._connection
        return (
            StreamTarget(endpoint=c.endpoint, connection_id=c.connection_id, request_id=self._request_id)
            if c.endpoint
            else None
        )

    def __call__(self, text: str) -> None:
        self._pending += self._redactor.feed(text)
        if len(self._pending) >= MIN_DELTA_CHARS:
            self._send()

    def flush(self) -> None:
        """Post the rest, held-back tail included: call once, when the answer is complete."""
        self._pending += self._redactor.flush()
        self._send()

    def _send(self) -> None:
        if self._pending:
            self._connection.send({"type": "delta", "request_id": self._request_id, "text": self._pending})
            self._pending = ""


class DeltaGate:
    """Passes streamed pieces on until closed, or until its deadline: once the turn stops
    waiting for the model (and answers from the records), a late model's pieces must not follow."""

    def __init__(self, sink: DeltaSink, deadline: Deadline | None = None) -> None:
        self._sink = sink
        self._deadline = deadline
        self._open = True

    def __call__(self, piece: str) -> None:
        if self.open:
            self._sink(piece)

    @property
    def open(self) -> bool:
        return self._open and (self._deadline is None or self._deadline.remaining() > 0)

    def close(self) -> None:
        self._open = False


def management_endpoint(event: dict[str, Any], scheme: str) -> str:
    """The connection-management URL of the API that sent ``event``."""
    context = event["requestContext"]
    return f"{scheme}://{context['domainName']}/{context['stage']}"


def parse_query(body: str | None) -> WsQuery:
    try:
        return WsQuery.model_validate_json(body or "")
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
        raise BadRequest(problems) from exc


def answer_over_socket(
    chat: Any,
    caller: Callable[[], Principal],
    connection: Connection,
    body: str | None,
    deadline: Deadline | None = None,
) -> None:
    """Run one chat turn, streaming it to the connection. The client always hears how it ended:
    ``done``, or ``error`` with a status (4xx for its own mistakes, 503 when a dependency is down,
    500 for a bug), never silence."""
    request_id = ""
    try:
        principal = caller()
        query = parse_query(body)
        request_id = query.request_id
        connection.send({"type": "start", "request_id": request_id})
        buffer = DeltaBuffer(connection, request_id)
        response = chat.ask(
            principal,
            ChatRequest(query=query.query, session_id=query.session_id, filters=query.filters),
            on_delta=buffer,
            stream_to=buffer.target,
            deadline=deadline,
        )
        buffer.flush()
        connection.send({"type": "done", "request_id": request_id, "response": response.model_dump(mode="json")})
    except Exception as exc:  # every failure becomes the client's error message
        error = exc if isinstance(exc, AppError) else _unexpected(exc)
        connection.send(
            {
                "type": "error",
                "request_id": request_id or _request_id_of(body),
                "status": error.status_code,
                "error": error.code,
                "message": error.message,
            }
        )


def _unexpected(exc: Exception) -> AppError:
    if is_unavailable(exc):
        logger.warning("a dependency is unavailable: %s", type(exc).__name__)
        return ServiceUnavailable(UNAVAILABLE_MESSAGE)
    logger.exception("streamed turn failed")
    return InternalError("Something went wrong on our side; please try again.")


def _request_id_of(body: str | None) -> str:
    try:
        value = json.loads(body or "{}").get("request_id", "")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""
