"""The chunk index on Amazon OpenSearch Serverless (a VECTORSEARCH collection).

What the AWS documentation says, and what this module does about it:

* Vector search (and time series) collections accept neither custom document ids nor
  upserts ("you can't index by custom document ID or update by upsert requests"), and
  ``PUT/POST <index>/_create|_update|_doc/<id>`` are listed "for search collection types
  only" (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-overview.html#serverless-usecase,
  https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-genref.html).
  So documents get server-generated ``_id`` s, and the chunk id lives in a ``chunk_id``
  keyword field. Replacing a chunk = find the old documents' ``_id`` s by ``chunk_id``,
  bulk-index the new documents (no ``_id``), and only when that fully succeeded,
  bulk-delete the old ``_id`` s: a search never sees the chunk missing, and a failed
  write leaves the old chunk in place instead of losing it.
* The write operations listed are ``_bulk``, ``_doc`` and ``DELETE _doc/<id>``: no
  ``_refresh`` / ``refresh=true`` (clients that send it report errors) and no
  ``_delete_by_query`` (clients report 404). Writes become searchable after the
  collection's own refresh (seconds), so two replacements of one chunk within that
  window can leave a duplicate: searches de-duplicate hits by ``chunk_id``, and the next
  replacement removes every copy it finds. ``delete_chunks`` and ``clear`` search for
  ``_id`` s and bulk-delete them.
* ``knn_vector`` fields use the faiss engine with HNSW (the engine AOSS converts vector
  mappings to, and the one with efficient filtering inside the ``knn`` query). Vectors
  are unit length, so the ``innerproduct`` space ranks exactly like cosine; its
  OpenSearch score is converted back to a cosine similarity for ``Hit.score``.
* Nothing else creates the index (a fresh deploy has an empty collection), so the first
  read or write of a process creates it (``ensure_index``). The chat handler's data access
  policy only reads (no ``aoss:CreateIndex``): its attempt is refused with 403, and until
  the indexer has created the index, searches find nothing instead of failing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from opensearchpy import OpenSearch, RequestsHttpConnection
from opensearchpy.exceptions import AuthorizationException, NotFoundError, RequestError
from opensearchpy.helpers import streaming_bulk
from requests_aws4auth import AWS4Auth

from ..access import OPEN_TYPES
from ..chunk import Chunk
from ..models import RecordType
from .base import Hit, IndexedChunk, SearchFilters

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger(__name__)
# Keyword fields a filter or a lookup can match exactly.
KEYWORD_FIELDS = (
    "chunk_id",
    "record_type",
    "record_id",
    "customer_id",
    "territory",
    "status",
    "materials",
    "content_hash",
)
VECTOR_FIELD = "vector"
# A terms lookup of this many chunk ids stays far below the 65,536-term limit, and its
# hits (a few copies at most per id) below the 10,000-hit search window.
LOOKUP_BATCH = 500
MAX_HITS = 10_000
# Bulk bodies: a 1,024-float vector is ~20 KB of JSON, so 200 documents are ~4 MB.
BULK_DOCS = 200
BULK_BYTES = 5 * 1024 * 1024
CLEAR_PAGE = 1_000


class IndexWriteError(RuntimeError):
    """Some bulk actions failed; ``errors`` holds OpenSearch's per-item reports."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} bulk action(s) failed, first: {errors[0]}")
        self.errors = errors


class OpenSearchIndex:
    """``SearchIndex`` on an OpenSearch Serverless collection (BM25 + faiss k-NN in one index)."""

    def __init__(self, client: OpenSearch, index: str, dimensions: int) -> None:
        self._client = client
        self._index = index
        self._dimensions = dimensions
        self._ready = False  # the index is known to exist
        self._ready_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, credentials: Any, *, timeout: int = 30) -> OpenSearchIndex:
        """A SigV4-signed (service ``aoss``) client for the collection endpoint in settings.

        ``credentials`` are botocore credentials (e.g. ``boto3.Session().get_credentials()``);
        they are re-read on each request, so rotating Lambda credentials keep working.
        """
        if not settings.opensearch_endpoint:
            raise ValueError("opensearch_endpoint is not set")
        auth = AWS4Auth(region=settings.aws_region, service="aoss", refreshable_credentials=credentials)
        client = OpenSearch(
            hosts=[{"host": _host(settings.opensearch_endpoint), "port": 443}],
            http_auth=auth,
            use_ssl=True,
            verify_certs=True,
            connection_class=RequestsHttpConnection,
            timeout=timeout,
            max_retries=3,
            retry_on_timeout=True,
        )
        return cls(client, settings.opensearch_index, settings.embedding_dimensions)

    # ------------------------------------------------------------------ writes

    def ensure_index(self) -> None:
        """Create the index unless it exists: once per process, before its first read or write.

        Other containers may race to create it; the loser's ``resource_already_exists_exception``
        means it is there.
        """
        if self._ready:
            return
        with self._ready_lock:  # threads of one process check (and create) once
            if self._ready:
                return
            if not self._client.indices.exists(index=self._index):
                try:
                    self._client.indices.create(index=self._index, body=index_body(self._dimensions))
                except RequestError as error:
                    if error.error != "resource_already_exists_exception":
                        raise
            self._ready = True

    def upsert(self, chunks: list[IndexedChunk]) -> None:
        latest = {item.chunk.chunk_id: item for item in chunks}  # the last copy of an id wins
        for item in latest.values():
            self._check_vector(item.vector)
        self.ensure_index()
        stale = self._doc_ids(list(latest))
        self._bulk(map(_index_action, latest.values()))  # raises before any delete on failure
        self._bulk(map(_delete_action, stale))

    def delete_chunks(self, chunk_ids: list[str]) -> None:
        self.ensure_index()
        self._bulk(_delete_action(doc_id) for doc_id in self._doc_ids(chunk_ids))

    def clear(self) -> None:
        self.ensure_index()
        for page in self._pages_of_ids():
            self._bulk(_delete_action(doc_id) for doc_id in page)

    # ------------------------------------------------------------------ reads

    def record_hashes(self, record_type: RecordType, record_id: str) -> dict[str, str]:
        query = {"bool": {"filter": [{"term": {"record_type": str(record_type)}}, {"term": {"record_id": record_id}}]}}
        body = {"size": MAX_HITS, "_source": ["chunk_id", "content_hash"], "query": query}
        hits = self._search(body)
        return {hit["_source"]["chunk_id"]: hit["_source"]["content_hash"] for hit in hits}

    def search_bm25(self, query: str, filters: SearchFilters, k: int) -> list[Hit]:
        if not query.strip() or k <= 0:
            return []
        match = {"multi_match": {"query": query, "fields": ["title^2", "text"]}}
        bool_query: dict[str, Any] = {"must": [match]}
        if clauses := filter_clauses(filters):
            bool_query["filter"] = clauses
        return self._hits({"size": k, "query": {"bool": bool_query}}, score=float)

    def search_knn(self, vector: list[float], filters: SearchFilters, k: int) -> list[Hit]:
        if k <= 0:
            return []
        self._check_vector(vector)
        knn: dict[str, Any] = {"vector": vector, "k": k}
        if clauses := filter_clauses(filters):
            knn["filter"] = {"bool": {"filter": clauses}}  # efficient filtering: inside the k-NN search
        return self._hits({"size": k, "query": {"knn": {VECTOR_FIELD: knn}}}, score=cosine_from_score)

    def count(self) -> int:
        """Exact, through the search API (opensearch-py sends ``_count`` as POST; the AOSS list names GET)."""
        body = {"size": 0, "track_total_hits": True, "query": {"match_all": {}}}
        return int(self._search_reply(body)["hits"]["total"]["value"])

    # ------------------------------------------------------------------ helpers

    def _check_vector(self, vector: list[float]) -> None:
        if len(vector) != self._dimensions:
            raise ValueError(f"vector has {len(vector)} dimensions, the index has {self._dimensions}")

    def _search(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        hits: list[dict[str, Any]] = self._search_reply(body)["hits"]["hits"]
        return hits

    def _search_reply(self, body: dict[str, Any]) -> dict[str, Any]:
        """A search that finds nothing, rather than failing, while the index does not exist yet."""
        try:
            self.ensure_index()
        except AuthorizationException:  # a read-only role; the indexer creates the index on its first write
            log.warning("may not create index %s; searching it anyway", self._index)
        try:
            reply: dict[str, Any] = self._client.search(index=self._index, body=body)
        except NotFoundError as error:
            if error.error != "index_not_found_exception":
                raise
            return {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
        return reply

    def _hits(self, body: dict[str, Any], score: Callable[[float], float]) -> list[Hit]:
        """Run a search that never returns vectors, one hit per chunk id (see module docstring)."""
        body["_source"] = {"excludes": [VECTOR_FIELD]}
        seen: set[str] = set()
        hits = []
        for raw in self._search(body):
            chunk = chunk_from_source(raw["_source"])
            if chunk.chunk_id not in seen:
                seen.add(chunk.chunk_id)
                hits.append(Hit(chunk=chunk, score=score(raw["_score"])))
        return hits

    def _doc_ids(self, chunk_ids: list[str]) -> list[str]:
        """Server-generated ``_id`` s of every stored copy of these chunks."""
        doc_ids: list[str] = []
        for start in range(0, len(chunk_ids), LOOKUP_BATCH):
            batch = chunk_ids[start : start + LOOKUP_BATCH]
            body = {"size": MAX_HITS, "_source": False, "query": {"terms": {"chunk_id": batch}}}
            doc_ids.extend(hit["_id"] for hit in self._search(body))
        return doc_ids

    def _pages_of_ids(self) -> Iterator[list[str]]:
        """All ``_id`` s, a page at a time, walking ``chunk_id`` order with ``search_after``.

        Deleting a page does not disturb the walk: later pages only look past the cursor.
        """
        body: dict[str, Any] = {
            "size": CLEAR_PAGE,
            "_source": False,
            "query": {"match_all": {}},
            "sort": [{"chunk_id": "asc"}, {"content_hash": "asc"}],
        }
        while hits := self._search(body):
            yield [hit["_id"] for hit in hits]
            body["search_after"] = hits[-1]["sort"]

    def _bulk(self, actions: Iterable[dict[str, Any]]) -> None:
        """Bulk write without ``refresh``; 429-rejected items are retried with backoff.

        A delete that finds nothing (404) is fine: the document is gone either way.
        """
        results = streaming_bulk(
            self._client,
            actions,
            index=self._index,
            chunk_size=BULK_DOCS,
            max_chunk_bytes=BULK_BYTES,
            max_retries=3,
            initial_backoff=1,
            max_backoff=30,
            raise_on_error=False,
            yield_ok=False,
        )
        errors = [item for ok, item in results if not ok and not _is_missing_delete(item)]
        if errors:
            raise IndexWriteError(errors)


# ---------------------------------------------------------------------- documents and queries


def index_body(dimensions: int) -> dict[str, Any]:
    """Settings and mapping of the chunk index."""
    text = {"type": "text", "analyzer": "english"}
    properties: dict[str, Any] = {field: {"type": "keyword"} for field in KEYWORD_FIELDS}
    properties |= {
        "title": text,
        "text": text,
        "date": {"type": "date"},
        "page": {"type": "integer"},
        VECTOR_FIELD: {
            "type": "knn_vector",
            "dimension": dimensions,
            "method": {
                "name": "hnsw",
                "engine": "faiss",
                "space_type": "innerproduct",
                "parameters": {"m": 16, "ef_construction": 128},
            },
        },
    }
    return {"settings": {"index": {"knn": True}}, "mappings": {"properties": properties}}


def filter_clauses(filters: SearchFilters) -> list[dict[str, Any]]:
    """The filter clauses both searches apply. ``None`` means no restriction; ``[]`` matches nothing.

    ``territories`` is the access filter: chunks of those territories, or of the record types
    everyone may see (documents, stock); a customer or order chunk without a territory matches
    neither (access fails closed).
    """
    clauses: list[dict[str, Any]] = []
    for field, values in (
        ("record_type", filters.record_types),
        ("record_id", filters.record_ids),
        ("customer_id", filters.customer_ids),
        ("status", filters.statuses),
        ("materials", filters.materials),
    ):
        if values is not None:
            clauses.append({"terms": {field: [str(value) for value in values]}})
    if filters.territories is not None:
        visible = [{"terms": {"territory": filters.territories}},
                   {"terms": {"record_type": sorted(str(t) for t in OPEN_TYPES)}}]
        clauses.append({"bool": {"should": visible, "minimum_should_match": 1}})
    if filters.date_from is not None or filters.date_to is not None:
        bounds = {"gte": filters.date_from, "lte": filters.date_to}
        clauses.append({"range": {"date": {op: day.isoformat() for op, day in bounds.items() if day}}})
    return clauses


def document(item: IndexedChunk) -> dict[str, Any]:
    """The stored document: the chunk's fields, its hash and its vector (no ``_id``)."""
    return item.chunk.model_dump(mode="json") | {"content_hash": item.content_hash, VECTOR_FIELD: item.vector}


def chunk_from_source(source: dict[str, Any]) -> Chunk:
    return Chunk.model_validate({key: source[key] for key in Chunk.model_fields if key in source})


def cosine_from_score(score: float) -> float:
    """Undo OpenSearch's innerproduct scoring (dot+1 when dot >= 0, else 1/(1-dot))."""
    return score - 1.0 if score >= 1.0 else 1.0 - 1.0 / score


def _index_action(item: IndexedChunk) -> dict[str, Any]:
    return {"_op_type": "index", "_source": document(item)}


def _delete_action(doc_id: str) -> dict[str, Any]:
    return {"_op_type": "delete", "_id": doc_id}


def _is_missing_delete(item: dict[str, Any]) -> bool:
    return "delete" in item and item["delete"].get("status") == 404


def _host(endpoint: str) -> str:
    """``https://abc.us-east-1.aoss.amazonaws.com/`` -> ``abc.us-east-1.aoss.amazonaws.com``."""
    return urlparse(endpoint if "://" in endpoint else f"https://{endpoint}").hostname or endpoint
