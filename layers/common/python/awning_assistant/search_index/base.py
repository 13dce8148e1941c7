"""What every search index implementation offers, and the filters they all honour."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from pydantic import BaseModel

from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType


class IndexedChunk(BaseModel):
    """A chunk with its embedding and content hash, as stored in the index."""

    chunk: Chunk
    vector: list[float]
    content_hash: str


class Hit(BaseModel):
    """One search result; ``score`` is the engine's own (BM25 or cosine similarity)."""

    chunk: Chunk
    score: float


class SearchFilters(BaseModel):
    """Metadata filters, applied identically by BM25 and k-NN search on every backend.

    ``territories`` is the access filter: when set, chunks of the open record types
    (documents, stock: ``access.OPEN_TYPES``) and chunks of those territories match; a
    customer or order chunk without a territory never does (it fails closed). ``None`` means
    "no restriction".
    """

    record_types: list[RecordType] | None = None
    record_ids: list[str] | None = None
    customer_ids: list[str] | None = None
    territories: list[str] | None = None
    statuses: list[str] | None = None
    materials: list[str] | None = None
    date_from: date | None = None
    date_to: date | None = None


class SearchIndex(Protocol):
    """A chunk store with lexical and vector search."""

    def ensure_index(self) -> None:
        """Create the index if it does not exist (idempotent)."""

    def upsert(self, chunks: list[IndexedChunk]) -> None:
        """Insert chunks, replacing any stored chunk with the same ``chunk_id``."""

    def delete_chunks(self, chunk_ids: list[str]) -> None:
        """Remove chunks by id; unknown ids are ignored."""

    def record_hashes(self, record_type: RecordType, record_id: str) -> dict[str, str]:
        """``chunk_id -> content_hash`` of a record's stored chunks."""

    def search_bm25(self, query: str, filters: SearchFilters, k: int) -> list[Hit]:
        """Best ``k`` chunks by BM25 over title and text."""

    def search_knn(self, vector: list[float], filters: SearchFilters, k: int) -> list[Hit]:
        """Nearest ``k`` chunks by cosine similarity."""

    def count(self) -> int:
        """Number of chunks stored."""

    def clear(self) -> None:
        """Remove every chunk (the index itself stays)."""
