"""The manager's console: how the assistant is used, what it costs, and the answers to review.

Everything is read from the audit table's ``ByDay`` index (one day's turns in time order; only
turns carry ``Day``, so document and review actions stay out of it): a period is a handful of
queries, never a scan, and the review list pages day by day from today backwards.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from boto3.dynamodb.conditions import Attr, ConditionBase, Key
from botocore.exceptions import ClientError
from pydantic import BaseModel, Field

from awning_assistant.errors import BadRequest, Forbidden, NotFound
from awning_assistant.generation.usage import PRICES
from awning_assistant.identity.access import Principal
from awning_assistant.records.dynamo import all_pages
from awning_assistant.records.store import plain

BY_DAY = "ByDay"
MAX_USAGE_DAYS = 31
REVIEW_LOOKBACK_DAYS = 90  # how far back the review list goes
REVIEW_DAYS_PER_PAGE = 14  # days one request walks at most, so a quiet stretch costs a bounded read
TOP_QUESTIONS = 10
OUTCOMES = ("answered", "declined", "denied")
ReviewState = Literal["open", "all"]
USAGE_FIELDS = (
    "ChatLogId, #d, Username, Question, Outcome, Degraded, Cached, LatencyMs, InputTokens, OutputTokens, "
    "EmbeddingTokens, CostUsd"
)


class Spend(BaseModel):
    """Questions and what they cost: a day's and a user's figures alike."""

    questions: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    embedding_tokens: int = Field(0, description="tokens of the question and passages embedded for the search")
    cost_usd: float = Field(0.0, description="model calls (planner, answer, SQL) and embeddings, at `prices`")


class DayUsage(Spend):
    day: str
    answered: int = 0
    declined: int = 0
    denied: int = 0
    degraded: int = Field(0, description="answered by the grounded composer because the model failed")
    cached: int = Field(
        0,
        description="answered from the answer cache (the same question, understood alike, "
        "by a caller of the same scope, over the same data)",
    )
    cache_lookups: int = Field(0, description="questions the answer cache was asked for (all but plain declines)")
    cache_hit_rate: float | None = Field(None, description="cached / cache_lookups; null without lookups")


class UserUsage(Spend):
    username: str


class QuestionCount(BaseModel):
    question: str
    count: int


class ModelPrice(BaseModel):
    model: str
    input_usd_per_million: float
    output_usd_per_million: float


class UsageReport(BaseModel):
    start: str
    end: str
    days: list[DayUsage]
    users: list[UserUsage] = Field(description="most questions first")
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    top_questions: list[QuestionCount]
    cache_hit_rate: float | None = Field(
        description="the period's cached answers / cache lookups; null without lookups"
    )
    prices: list[ModelPrice] = Field(description="the prices the estimated costs use (set in usage.PRICES)")


class ReviewItem(BaseModel):
    chat_log_id: str
    username: str
    created_at: str
    question: str
    answer: str
    outcome: str
    source_ids: list[str] = Field(default_factory=list)
    interpretation: list[dict[str, Any]] = Field(default_factory=list)
    sql: str | None = None
    rating: str | None = None
    comment: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None


class ReviewPage(BaseModel):
    items: list[ReviewItem]
    cursor: str | None = Field(None, description="pass back for the next page; absent at the end")


def may_view(principal: Principal) -> None:
    """Managers read the console; staff and integrations are refused."""
    if not principal.sees_everything:
        raise Forbidden("Only managers and admins can see the console.")


def may_change(principal: Principal) -> None:
    if principal.role != "admin":
        raise Forbidden("Only admins can change what the console shows.")


class Console:
    """Usage, cost and reviews over one deployment's audit table."""

    def __init__(
        self, dynamodb: Any, audit_table: str, today: Callable[[], date] = lambda: datetime.now(UTC).date()
    ) -> None:
        self._audit = dynamodb.Table(audit_table)
        self._today = today  # the audit's days are UTC days, whatever the shop's own calendar says

    def _day(self, day: date, **kwargs: Any) -> Iterator[dict[str, Any]]:
        return all_pages(
            self._audit.query, IndexName=BY_DAY, KeyConditionExpression=Key("Day").eq(day.isoformat()), **kwargs
        )

    def usage(self, days: int) -> UsageReport:
        """Questions, outcomes, answer-cache hits, tokens and cost per day and per user over the last ``days`` days."""
        end = self._today()
        start = end - timedelta(days=days - 1)
        per_day = {start + timedelta(n): DayUsage(day=(start + timedelta(n)).isoformat()) for n in range(days)}
        per_user: dict[str, UserUsage] = {}
        latencies: list[float] = []
        asked: Counter[str] = Counter()
        for day, figures in per_day.items():
            for item in self._day(day, ProjectionExpression=USAGE_FIELDS, ExpressionAttributeNames={"#d": "Day"}):
                user = per_user.setdefault(item["Username"], UserUsage(username=item["Username"]))
                _count(figures, item)
                _count(user, item)
                latencies.append(float(item.get("LatencyMs", 0)))
                asked[" ".join(str(item.get("Question", "")).lower().split())] += 1
            figures.cache_hit_rate = _rate(figures.cached, figures.cache_lookups)
        daily = per_day.values()
        return UsageReport(
            start=start.isoformat(),
            end=end.isoformat(),
            days=list(daily),
            users=sorted(per_user.values(), key=lambda u: (-u.questions, u.username)),
            latency_p50_ms=_percentile(latencies, 50),
            latency_p95_ms=_percentile(latencies, 95),
            top_questions=[
                QuestionCount(question=q, count=n)
                for q, n in sorted(asked.items(), key=lambda qn: (-qn[1], qn[0]))[:TOP_QUESTIONS]
            ],
            cache_hit_rate=_rate(sum(d.cached for d in daily), sum(d.cache_lookups for d in daily)),
            prices=[
                ModelPrice(model=m, input_usd_per_million=i, output_usd_per_million=o) for m, (i, o) in PRICES.items()
            ],
        )

    def reviews(self, state: ReviewState, cursor: str | None, limit: int) -> ReviewPage:
        """Declined and thumbs-down answers, newest first, a page at a time; ``open`` leaves out the
        ones already marked reviewed."""
        today = self._today()
        day, start_key = _position(cursor, today)
        wanted: ConditionBase = Attr("Outcome").eq("declined") | Attr("Feedback.Rating").eq("down")
        if state == "open":
            wanted = wanted & Attr("ReviewedAt").not_exists()
        items: list[ReviewItem] = []
        oldest = today - timedelta(days=REVIEW_LOOKBACK_DAYS - 1)
        for _ in range(REVIEW_DAYS_PER_PAGE):
            if day < oldest:
                return ReviewPage(items=items)
            extra = {"ExclusiveStartKey": start_key} if start_key else {}
            for item in self._day(day, ScanIndexForward=False, FilterExpression=wanted, **extra):
                items.append(_review_item(item))
                if len(items) == limit:
                    key = {"ChatLogId": item["ChatLogId"], "Day": item["Day"], "CreatedAt": item["CreatedAt"]}
                    return ReviewPage(items=items, cursor=_cursor(day, key))
            day, start_key = day - timedelta(days=1), None
        return ReviewPage(items=items, cursor=_cursor(day, None) if day >= oldest else None)

    def mark_reviewed(self, chat_log_id: str, username: str) -> ReviewItem:
        """Mark a turn reviewed (by whom, when); a missing id or one that is no turn is NotFound."""
        try:
            reply = self._audit.update_item(
                Key={"ChatLogId": chat_log_id},
                UpdateExpression="SET ReviewedBy = :u, ReviewedAt = :t",
                ConditionExpression="attribute_exists(#d)",
                ExpressionAttributeNames={"#d": "Day"},
                ExpressionAttributeValues={":u": username, ":t": datetime.now(UTC).isoformat(timespec="seconds")},
                ReturnValues="ALL_NEW",
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise NotFound("No such answer to review.") from exc
            raise
        return _review_item(reply["Attributes"])


def _count(figures: Spend, item: dict[str, Any]) -> None:
    figures.questions += 1
    figures.input_tokens += int(item.get("InputTokens", 0))
    figures.output_tokens += int(item.get("OutputTokens", 0))
    figures.embedding_tokens += int(item.get("EmbeddingTokens", 0))
    figures.cost_usd = round(figures.cost_usd + float(item.get("CostUsd", Decimal(0))), 6)
    if isinstance(figures, DayUsage):
        outcome = str(item.get("Outcome", "answered"))
        if outcome in OUTCOMES:
            setattr(figures, outcome, getattr(figures, outcome) + 1)
        figures.degraded += bool(item.get("Degraded"))
        if "Cached" in item:  # the cache was asked (a plain decline never is)
            figures.cache_lookups += 1
            figures.cached += bool(item["Cached"])


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _percentile(values: list[float], pct: int) -> float | None:
    """Nearest-rank percentile: a value that was measured, never an interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def _review_item(item: dict[str, Any]) -> ReviewItem:
    feedback = item.get("Feedback") or {}
    return ReviewItem(
        chat_log_id=item["ChatLogId"],
        username=item.get("Username", ""),
        created_at=item.get("CreatedAt", ""),
        question=item.get("Question", ""),
        answer=item.get("Answer", ""),
        outcome=item.get("Outcome", "answered"),
        source_ids=list(item.get("SourceIds", [])),
        interpretation=plain(item.get("Interpretation")) or [],
        sql=item.get("Sql"),
        rating=feedback.get("Rating"),
        comment=feedback.get("Comment") or None,
        reviewed_by=item.get("ReviewedBy"),
        reviewed_at=item.get("ReviewedAt"),
    )


def _cursor(day: date, key: dict[str, str] | None) -> str:
    return base64.urlsafe_b64encode(json.dumps({"day": day.isoformat(), "key": key}).encode()).decode()


def _position(cursor: str | None, today: date) -> tuple[date, dict[str, str] | None]:
    """Where a page starts: today, or the day and item a cursor names (a bad cursor is a 400)."""
    if not cursor:
        return today, None
    try:
        position = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        day = date.fromisoformat(position["day"])
        key = position["key"]
        if key is not None and set(key) != {"ChatLogId", "Day", "CreatedAt"}:
            raise ValueError(key)
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise BadRequest("The cursor is not one this list gave.") from exc
    return day, key
