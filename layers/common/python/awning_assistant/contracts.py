"""Request and response models of the HTTP API: validated at the edge, documented in OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from awning_assistant.documents.store import DOCUMENT_NAME_PATTERN
from awning_assistant.models import RecordType, RepairOrderStatus, WorkOrderStatus

# Free text is checked as sent (its length, and at least one character that is not a blank), which the OpenAPI
# document can state; blanks at the ends are dropped after that. (strip_whitespace would check the length of the
# stripped text, so a query of 2,000 characters and a leading space, which the document forbids, would pass.)
NOT_BLANK = r"[^ \t\n\r]"
_strip_blanks = AfterValidator(lambda text: text.strip(" \t\n\r"))
QueryText = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=NOT_BLANK), _strip_blanks]
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
SessionId = Annotated[str, StringConstraints(pattern=SESSION_ID_PATTERN)]
# A business id (customer, order, stock key) as the import format writes them (C00042, WO-10234, INV-0042):
# short, printable, and a URL path segment as it is (no '/', '#' or '?'), so that every record has a link.
RECORD_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$"
RecordId = Annotated[str, StringConstraints(pattern=RECORD_ID_PATTERN)]
Territory = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NOT_BLANK), _strip_blanks]
OrderStatus = Literal[WorkOrderStatus, RepairOrderStatus]
SQL_MAX_CHARS = 10_000  # as analytics.validation.MAX_SQL_CHARS, which this layer module cannot import (sqlglot)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    """Every error response: a stable code to branch on and a sentence to show."""

    error: str = Field(
        description="bad_request, unauthorized, forbidden, not_found, method_not_allowed, conflict, "
        "unsupported_media_type, invalid_request, internal or unavailable"
    )
    message: str


class DevLoginRequest(Strict):
    username: Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=NOT_BLANK), _strip_blanks]


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


Outcome = Literal["answered", "declined", "denied"]


class InterpretationPart(BaseModel):
    """One labelled piece of what the question was understood to ask ("Status: cleaning queue")."""

    label: str
    value: str


class ChatResponse(BaseModel):
    response: str
    sources: list[Source] = Field(default_factory=list)
    data: DataTable | None = None
    session_id: str
    chat_log_id: str
    notice: str | None = None
    outcome: Outcome = Field(
        "answered",
        description="answered; declined (out of scope, not understood, or "
        "nothing relevant found); denied (not the caller's to see)",
    )
    suggestions: list[str] = Field(
        default_factory=list,
        description="Questions the assistant can answer, close to this one (when it declined or refused)",
    )
    interpretation: list[InterpretationPart] = Field(
        default_factory=list,
        description="What was understood: what is counted or summed, filters, period, territory, measure",
    )
    sql: str | None = Field(
        None,
        description="The SQL statement the figures were computed with, when the "
        "model wrote one (`data` holds its result)",
    )


class PromptPreview(BaseModel):
    """A question answered with a prompt version (a draft, before it is published): not cached or recorded."""

    version: int
    response: str
    sources: list[Source] = Field(default_factory=list)
    data: DataTable | None = None
    notice: str | None = None
    outcome: Outcome = "answered"
    suggestions: list[str] = Field(default_factory=list)
    interpretation: list[InterpretationPart] = Field(default_factory=list)
    sql: str | None = None


class PreviewRequest(Strict):
    query: QueryText


class UploadRequest(Strict):
    filename: Annotated[str, StringConstraints(pattern=DOCUMENT_NAME_PATTERN)] = Field(
        description="A plain file name: letters, digits, spaces and . _ - ( ), ending in .pdf, .txt or .md."
    )
    content_type: Annotated[str, StringConstraints(max_length=100)] | None = None
    replace: StrictBool = Field(False, description="Replace a document of the same name (otherwise 409).")


class FeedbackRequest(Strict):
    chat_log_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    rating: Literal["up", "down"]
    comment: Annotated[str, StringConstraints(max_length=2000)] | None = None


class AnalyticsQueryRequest(Strict):
    sql: Annotated[str, StringConstraints(min_length=1, max_length=SQL_MAX_CHARS, pattern=NOT_BLANK)] = Field(
        description="One DuckDB SELECT (or WITH ... SELECT) over the views of GET /analytics/schema."
    )


class AnalyticsQueryResponse(BaseModel):
    """A query's result: money as numbers in US dollars, dates as ISO text."""

    columns: list[str]
    rows: list[list[Any]]
    row_count: int = Field(description="Rows returned (at most the row cap)")
    truncated: bool = Field(description="The row cap cut the result: add a LIMIT or aggregate")


class SchemaColumn(BaseModel):
    name: str
    type: str = Field(description="DuckDB type")
    meaning: str


class SchemaView(BaseModel):
    name: str
    meaning: str = Field(description="What one row is")
    columns: list[SchemaColumn]


class SchemaMeasure(BaseModel):
    """A business measure as SQL over the views, so every path means the same by it."""

    name: str
    sql: str
    meaning: str


class AnalyticsSchema(BaseModel):
    """The views a query may name and their columns (without order money for staff), and the measures."""

    views: list[SchemaView]
    measures: list[SchemaMeasure]
