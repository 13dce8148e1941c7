"""The answer cache: a question asked again, understood the same way, by a caller of the same scope, over the
same data, is answered from the stored answer instead of being worked out (and paid for) again.

The key is a hash of everything the answer is a function of: the question (whitespace collapsed; case is
kept, an answer may quote its words), the plan (what was understood, a follow-up's inherited filters
included), the caller's scope (role and territories, never the username), the business day (relative
dates, "overdue"), the data version, the answering model, the published prompt version's rules and
suggestions, and the release (a hash of this package's code and of the settings, so a deploy or a changed
threshold never serves an older release's answers).

The data version is one item of the cache table that the indexer moves (UpdateItem ADD) after every
stream batch, document event and reindex step; every turn reads it (a consistent GetItem, no in-process
copy), so once the indexer has finished a change no answer stored before it is served. An answer is
stored only when the version has settled (``settle_seconds`` since the last change: OpenSearch
Serverless's refresh, the analytics mirror's copy and eventually consistent reads have caught up) and
this container's customer-name directory was loaded since; so nothing stored under a version was read
from data older than it. Entries expire by DynamoDB TTL, checked on read as well (TTL deletes lazily).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel, Field

from awning_assistant.answering.query_model import QueryPlan
from awning_assistant.contracts import ChatResponse, DataTable, InterpretationPart, Outcome, Source
from awning_assistant.identity.access import Principal

logger = logging.getLogger(__name__)

VERSION_KEY = "DATA-VERSION"  # the data version's item; the indexer may update only this one
ENTRY_PREFIX = "ANSWER#"  # cached answers' items; the chat function may put only these
MAX_ENTRY_BYTES = 350_000  # DynamoDB's item limit is 400 KB: a bigger answer is not cached
SECRET_SETTINGS = frozenset({"openai_api_key", "dev_token_secret"})
REPLY_FIELDS = frozenset({"response", "sources", "data", "outcome", "suggestions", "interpretation", "sql"})


@dataclass(frozen=True)
class DataVersion:
    """How many indexed changes the data has had, and when the last one finished (epoch seconds; 0: never)."""

    number: int
    changed_at: float


class DataVersions:
    """The data version item: moved by the indexer, read by every chat turn."""

    def __init__(self, table: Any, clock: Callable[[], float] = time.time) -> None:
        self._table = table
        self._clock = clock

    def current(self) -> DataVersion:
        """Read consistently: a version the indexer has moved is never seen as the old one."""
        item = self._table.get_item(Key={"Key": VERSION_KEY}, ConsistentRead=True).get("Item") or {}
        return DataVersion(int(item.get("Version", 0)), float(item.get("ChangedAt", 0)))

    def bump(self) -> DataVersion:
        """Move the version (atomically, whichever indexer invocations run at once)."""
        reply = self._table.update_item(
            Key={"Key": VERSION_KEY},
            UpdateExpression="ADD Version :one SET ChangedAt = :now",
            ExpressionAttributeValues={":one": 1, ":now": Decimal(str(round(self._clock(), 3)))},
            ReturnValues="ALL_NEW",
        )
        return DataVersion(int(reply["Attributes"]["Version"]), float(reply["Attributes"]["ChangedAt"]))


class ReusableAnswer(BaseModel):
    """A turn's answer as an identical later turn replays it: the reply without its ids (and without a
    notice: degraded answers are never stored) and what the turn records besides."""

    response: str
    sources: list[Source] = Field(default_factory=list)
    data: DataTable | None = None
    outcome: Outcome = "answered"
    suggestions: list[str] = Field(default_factory=list)
    interpretation: list[InterpretationPart] = Field(default_factory=list)
    sql: str | None = None
    plan: dict[str, Any] = Field(default_factory=dict, description="the plan the turn records (follow-ups read it)")
    intent: str
    source_ids: list[str] = Field(default_factory=list)
    understood: list[InterpretationPart] = Field(
        default_factory=list,
        description="what the audit records as understood (a computed reply shows no interpretation)",
    )

    def reply(self, session_id: str, chat_log_id: str, notice: str | None = None) -> ChatResponse:
        return ChatResponse(
            **self.model_dump(include=set(REPLY_FIELDS)), session_id=session_id, chat_log_id=chat_log_id, notice=notice
        )


@dataclass(frozen=True)
class Lookup:
    """One turn's use of the cache: its key, the stored answer if any, and whether its own may be stored."""

    key: str
    hit: ReusableAnswer | None
    storable: bool


@cache
def code_version() -> str:
    """A hash of this package's source, read once per process."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def release_of(settings: BaseModel) -> str:
    """The code and the settings answers are computed with (secrets left out of the hash)."""
    configured = settings.model_dump_json(exclude=set(SECRET_SETTINGS))
    return hashlib.sha256(f"{code_version()}\n{configured}".encode()).hexdigest()


def answer_key(
    question: str,
    plan: QueryPlan,
    principal: Principal,
    today: date,
    version: int,
    model: str,
    release: str,
    prompt: str = "",
) -> str:
    """The item key of an answer: what it is a function of, hashed."""
    material = {
        "question": " ".join(question.split()),
        "plan": plan.model_dump(mode="json"),
        "role": principal.role,
        "territories": sorted(principal.territory_scope() or []),
        "today": today.isoformat(),
        "version": version,
        "model": model,
        "release": release,
        "prompt": prompt,
    }
    return ENTRY_PREFIX + hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def names_asker(text: str, principal: Principal) -> bool:
    """The answer names the person asking (a model is told who asks): not another caller's to reuse."""
    words = {w for w in re.findall(r"\w{3,}", f"{principal.name} {principal.username}".lower())}
    return any(w in words for w in re.findall(r"\w{3,}", text.lower()))


class AnswerCache:
    """Stored answers in DynamoDB, keyed by ``answer_key``, living ``ttl_seconds``."""

    def __init__(
        self,
        table: Any,
        versions: DataVersions,
        model: str,
        release: str,
        ttl_seconds: int,
        settle_seconds: float,
        caught_up: Callable[[float], bool] = lambda _: True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._table = table
        self._versions = versions
        self._model = model
        self._release = release
        self._ttl = ttl_seconds
        self._settle = settle_seconds
        self._caught_up = caught_up  # this container's own copies (the directory) read since a moment
        self._clock = clock

    def lookup(
        self, question: str, plan: QueryPlan, principal: Principal, today: date, prompt: str = ""
    ) -> Lookup | None:
        """The stored answer for this turn, if any; None when the cache can't be read (the turn goes on
        without it: nothing served, nothing stored)."""
        try:
            version = self._versions.current()
            key = answer_key(question, plan, principal, today, version.number, self._model, self._release, prompt)
            item = self._table.get_item(Key={"Key": key}).get("Item")
        except (ClientError, BotoCoreError) as exc:
            logger.warning("answer cache unavailable: %s", type(exc).__name__)
            return None
        now = self._clock()
        hit = ReusableAnswer.model_validate_json(item["Answer"]) if item and item["ExpiresAt"] > now else None
        settled = now - version.changed_at >= self._settle and self._caught_up(version.changed_at + self._settle)
        return Lookup(key, hit, settled)

    def store(self, lookup: Lookup, answer: ReusableAnswer) -> None:
        """Keep the answer for identical turns; best effort (a failed write costs a later turn a miss)."""
        blob = answer.model_dump_json()
        if not lookup.storable or len(blob.encode()) > MAX_ENTRY_BYTES:
            return
        try:
            self._table.put_item(Item={"Key": lookup.key, "Answer": blob, "ExpiresAt": int(self._clock() + self._ttl)})
        except (ClientError, BotoCoreError) as exc:
            logger.warning("answer not cached: %s", type(exc).__name__)
