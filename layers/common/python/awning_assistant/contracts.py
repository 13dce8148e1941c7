"""Request and response models of the HTTP API: validated at the edge, documented in OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .models import RecordType, RepairOrderStatus, WorkOrderStatus

QueryText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
SessionId = Annotated[str, StringConstraints(pattern=SESSION_ID_PATTERN)]
# A business id (customer, order, stock key) as the import format writes them: short, printable.
RecordId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64,
                                            pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._#-]*$")]
Territory = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
OrderStatus = Literal[WorkOrderStatus, RepairOrderStatus]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    """Every error response: a stable code to branch on and a sentence to show."""

    error: str = Field(description="bad_request, unauthorized, forbidden, not_found, conflict, invalid_request, "
                                   "internal or unavailable")
    message: str


class DevLoginRequest(Strict):
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class DevLoginResponse(BaseModel):
    token: str
    user: dict[str, Any]


class ChatFilters(Strict):
    """Optional narrowing the caller asks for explicitly (the SPA's filter chips)."""

    record_types: Annotated[list[RecordType], Field(max_length=len(RecordType))] | None = None
    customer_id: RecordId | None = None
    territory: Territory | None = None
    status: OrderStatus | None = None


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
    replace: bool = Field(False, description="Replace a document of the same name (otherwise 409).")


class FeedbackRequest(Strict):
    chat_log_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    rating: Literal["up", "down"]
    comment: Annotated[str, StringConstraints(max_length=2000)] | None = None
