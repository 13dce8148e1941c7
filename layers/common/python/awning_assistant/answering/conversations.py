"""Conversation memory and the audit log, both in DynamoDB.

Sessions live in the caller's own partition (``Username``), so one user can never read
another's history however they guess a session id. Every turn is also written to the
audit table (who, what, which sources, tokens, latency, cost); feedback updates the
turn's audit record, again only the caller's own.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from pydantic import BaseModel, Field

from awning_assistant.errors import NotFound, is_unavailable
from awning_assistant.generation.usage import Usage
from awning_assistant.records.dynamo import all_pages
from awning_assistant.records.redaction import redact
from awning_assistant.records.store import plain

RETENTION = timedelta(days=365)
HISTORY_TURNS = 4


class Turn(BaseModel):
    question: str
    answer: str
    plan: dict[str, Any] | None = None
    source_ids: list[str] = Field(default_factory=list)
    chat_log_id: str = ""
    created_at: str = ""
    sql: str | None = None  # the statement a computed answer ran
    outcome: str = "answered"
    degraded: bool = Field(False, description="the model failed and the grounded composer answered")
    interpretation: list[dict[str, Any]] = Field(default_factory=list, description="what was understood")


class SessionSummary(BaseModel):
    session_id: str
    title: str
    created_at: str
    updated_at: str
    turns: int


def _now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


STORE_RETRY_PAUSE = 0.25  # seconds between attempts to store a turn while storage is unavailable


class Conversations:
    """Sessions, turns, audit records and feedback for one deployment's tables."""

    def __init__(self, dynamodb: Any, sessions_table: str, audit_table: str) -> None:
        self._sessions = dynamodb.Table(sessions_table)
        self._audit = dynamodb.Table(audit_table)
        self._client = dynamodb.meta.client  # the resource's client: plain Python values, like the tables

    # ---- sessions -----------------------------------------------------------------------

    def _items(self, username: str, prefix: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
        """The caller's own items whose sort key starts with ``prefix``, page after page."""
        condition = Key("Username").eq(username) & Key("SK").begins_with(prefix)
        return all_pages(self._sessions.query, KeyConditionExpression=condition, **kwargs)

    def history(self, username: str, session_id: str, turns: int = HISTORY_TURNS) -> list[Turn]:
        """The last ``turns`` turns of the caller's session, oldest first."""
        newest = islice(self._items(username, f"TURN#{session_id}#", ScanIndexForward=False, Limit=turns), turns)
        return [_turn(i) for i in reversed(list(newest))]

    def transcript(self, username: str, session_id: str) -> list[Turn]:
        """Every turn of the caller's session; NotFound for a session that is not theirs."""
        items = list(self._items(username, f"TURN#{session_id}#"))
        if not items:
            raise NotFound("No such conversation.")
        return [_turn(i) for i in items]

    def sessions(self, username: str, limit: int = 50) -> list[SessionSummary]:
        summaries = [
            SessionSummary(
                session_id=i["SK"].split("#", 1)[1],
                title=i.get("Title", ""),
                created_at=i.get("CreatedAt", ""),
                updated_at=i.get("UpdatedAt", ""),
                turns=int(i.get("Turns", 0)),
            )
            for i in self._items(username, "SESSION#")
        ]
        return sorted(summaries, key=lambda s: s.updated_at, reverse=True)[:limit]

    def record(
        self,
        username: str,
        session_id: str,
        turn: Turn,
        intent: str,
        latency_ms: float,
        usage: Usage,
        retry_for: float = 0.0,
        cached: bool | None = None,
    ) -> None:
        """Store a turn (redacted), bump its session's header and write its audit record, in one
        transaction: a failure midway leaves nothing half-written, and a retry adds no twin. A
        storage blip is waited out for up to ``retry_for`` seconds: a write whose acknowledgement
        was lost may have landed, and telling the caller it failed would be wrong. ``cached``: the
        answer cache was asked, and answered (True) or not (False); None when it was not asked."""
        now = _now()
        stamp = now.isoformat(timespec="microseconds")
        expires = int((now + RETENTION).timestamp())
        question, answer = redact(turn.question), redact(turn.answer)
        header = {
            "Update": {
                "TableName": self._sessions.name,
                "Key": {"Username": username, "SK": f"SESSION#{session_id}"},
                "UpdateExpression": "SET Title = if_not_exists(Title, :t), CreatedAt = if_not_exists(CreatedAt, :n), "
                "UpdatedAt = :n, ExpiresAt = :e ADD Turns :one",
                "ExpressionAttributeValues": {":t": question[:120], ":n": stamp, ":e": expires, ":one": 1},
            }
        }
        stored_turn = {
            "Put": {
                "TableName": self._sessions.name,
                "ConditionExpression": "attribute_not_exists(SK)",
                "Item": {
                    "Username": username,
                    "SK": f"TURN#{session_id}#{stamp}#{turn.chat_log_id}",
                    "Question": question,
                    "Answer": answer,
                    "Plan": turn.plan or {},
                    "SourceIds": turn.source_ids,
                    "ChatLogId": turn.chat_log_id,
                    "CreatedAt": stamp,
                    "ExpiresAt": expires,
                },
            }
        }
        audit = {
            "Put": {
                "TableName": self._audit.name,
                "ConditionExpression": "attribute_not_exists(ChatLogId)",
                "Item": {
                    "ChatLogId": turn.chat_log_id,
                    "Username": username,
                    "SessionId": session_id,
                    "CreatedAt": stamp,
                    "Question": question,
                    "Answer": answer,
                    "SourceIds": turn.source_ids,
                    "Intent": intent,
                    "LatencyMs": Decimal(str(round(latency_ms, 1))),
                    "InputTokens": usage.input_tokens,
                    "OutputTokens": usage.output_tokens,
                    "EmbeddingTokens": usage.embedding_tokens,
                    "CostUsd": Decimal(str(round(usage.cost_usd, 6))),
                    "Provider": usage.provider,
                    "Model": usage.model,
                    "Outcome": turn.outcome,
                    "Degraded": turn.degraded,
                    "Interpretation": turn.interpretation,
                    "Day": stamp[:10],  # the console's ByDay index: only turns carry it
                    "ExpiresAt": expires,
                    **({"Sql": turn.sql} if turn.sql else {}),
                    **({"Cached": cached} if cached is not None else {}),
                },
            }
        }
        give_up = time.monotonic() + retry_for
        while True:
            try:  # the token makes DynamoDB apply a retried transaction once
                self._client.transact_write_items(
                    TransactItems=[header, stored_turn, audit], ClientRequestToken=turn.chat_log_id
                )
                return
            except Exception as exc:
                if isinstance(exc, ClientError) and _already_stored(exc):
                    return
                if not is_unavailable(exc) or time.monotonic() + STORE_RETRY_PAUSE > give_up:
                    raise
                time.sleep(STORE_RETRY_PAUSE)

    def record_action(self, username: str, action: str, target: str) -> None:
        """Audit a change someone made (a document uploaded, replaced or deleted)."""
        now = _now()
        self._audit.put_item(
            Item={
                "ChatLogId": new_id(),
                "Username": username,
                "CreatedAt": now.isoformat(timespec="microseconds"),
                "Action": action,
                "Target": target,
                "ExpiresAt": int((now + RETENTION).timestamp()),
            }
        )

    def audit_record(self, chat_log_id: str) -> dict[str, Any] | None:
        return self._audit.get_item(Key={"ChatLogId": chat_log_id}).get("Item")

    def feedback(self, username: str, chat_log_id: str, rating: str, comment: str | None) -> None:
        """Store a rating on the caller's own turn; someone else's turn is reported as missing."""
        try:
            self._audit.update_item(
                Key={"ChatLogId": chat_log_id},
                UpdateExpression="SET Feedback = :f",
                ConditionExpression="Username = :u",
                ExpressionAttributeValues={
                    ":f": {
                        "Rating": rating,
                        "Comment": redact(comment or ""),
                        "At": _now().isoformat(timespec="seconds"),
                    },
                    ":u": username,
                },
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise NotFound("No such answer of yours to rate.") from exc
            raise


def _already_stored(exc: ClientError) -> bool:
    """A transaction refused only because its turn and audit record exist: an earlier attempt of
    this very turn (ids are random) committed, and its reply was lost on the way back."""
    reasons = [r.get("Code") for r in exc.response.get("CancellationReasons", [])]
    return exc.response["Error"]["Code"] == "TransactionCanceledException" and reasons[1:] == [
        "ConditionalCheckFailed",
        "ConditionalCheckFailed",
    ]


def _turn(item: dict[str, Any]) -> Turn:
    return Turn(
        question=item.get("Question", ""),
        answer=item.get("Answer", ""),
        plan=plain(item.get("Plan")) or None,
        source_ids=list(item.get("SourceIds", [])),
        chat_log_id=item.get("ChatLogId", ""),
        created_at=item.get("CreatedAt", ""),
    )
