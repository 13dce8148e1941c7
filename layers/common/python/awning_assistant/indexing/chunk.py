"""The unit of retrieval: a piece of a record or document with the metadata filters need."""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel, Field

from awning_assistant.models import RecordType


class Chunk(BaseModel):
    """A searchable piece of text.

    ``chunk_id`` is deterministic (``<type>#<id>#<n>``) so re-indexing a record replaces
    its chunks instead of adding new ones; ``content_hash`` lets the indexer skip
    re-embedding text that did not change.
    """

    chunk_id: str
    record_type: RecordType
    record_id: str
    title: str
    text: str
    customer_id: str | None = None
    territory: str | None = None
    status: str | None = None
    date: dt.date | None = None  # the record's most telling date (completed, else in); recency tie-break
    materials: list[str] = Field(default_factory=list)
    page: int | None = None
    # What the embedding model reads: the descriptive words only (names, items, instructions),
    # not dates, totals and addresses that BM25 and the filters handle. None: title and text.
    embed_text: str | None = None

    @property
    def semantic_text(self) -> str:
        return self.embed_text or f"{self.title}\n{self.text}"

    @property
    def content_hash(self) -> str:
        """Hash of everything that is indexed, so a metadata change also re-indexes."""
        payload = self.model_dump_json(exclude={"chunk_id"})
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


def chunk_id(record_type: RecordType, record_id: str, n: int) -> str:
    return f"{record_type.value}#{record_id}#{n}"
