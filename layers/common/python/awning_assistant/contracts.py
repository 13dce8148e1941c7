"""Request and response models of the HTTP API: validated at the edge, documented in OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .models import RecordType

QueryText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
SessionId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DevLoginRequest(Strict):
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class DevLoginResponse(BaseModel):
    token: str
    user: dict[str, Any]


class ChatFilters(Strict):
    """Optional narrowing the caller asks for explicitly (the SPA's filter chips)."""

    record_types: list[RecordType] | None = None
    customer_id: str | None = None
    territory: str | None = None
    status: str | None = None


class ChatRequest(Strict):
    query: QueryText
    session_id: SessionId | None = None
    filters: ChatFilters | None = None


class Source(BaseModel):
    type: RecordType
    id: str
    title: str
    url: str
    page: int | None = None
    score: float = 0.0


class DataTable(BaseModel):
    columns: list[str]
    rows: list[list[Any]]


class ChatResponse(BaseModel):
    response: str
    sources: list[Source] = Field(default_factory=list)
    data: DataTable | None = None
    session_id: str
    chat_log_id: str
    notice: str | None = None


class UploadRequest(Strict):
    filename: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
    content_type: Annotated[str, StringConstraints(max_length=100)] | None = None


class FeedbackRequest(Strict):
    chat_log_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    rating: Literal["up", "down"]
    comment: Annotated[str, StringConstraints(max_length=2000)] | None = None
