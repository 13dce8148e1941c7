"""The chunk index on Amazon OpenSearch Serverless (a VECTORSEARCH collection).

What the AWS documentation says, and what this module does about it:

* Vector search (and time series) collections accept neither custom document ids nor
  upserts ("you can't index by custom document ID or update by upsert requests"), and
  ``PUT/POST <index>/_create|_update|_doc/<id>`` are listed "for search collection types
  only" (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-overview.html#serverless-usecase,
  https://docs.aws.amazon.com/opensearch-service/latest/developerguide/serverless-genref.html).
  So documents get server-generated ``_id`` s, and the chunk id lives in a ``chunk_id``
  keyword field.
* The write operations listed are ``_bulk``, ``_doc`` and ``DELETE _doc/<id>``: no
  ``_refresh`` / ``refresh=true`` (clients that send it report errors) and no
  ``_delete_by_query`` (clients report 404). Writes become searchable only after the
  collection's own refresh (seconds), so a search for a chunk's ``_id`` s misses copies
  written just before: replacing by search-then-delete left duplicates when a record changed
  twice within that window, and orphans when it was deleted right after a write. So every
  ``_id`` a bulk index returns is recorded in the chunk ledger (``ledger.py``, DynamoDB,
  consistent reads), and replacements, deletes and ``record_hashes`` go by the ledger. A
  replacement indexes the new copy, records it (the old ``_id`` s stay listed), deletes the
  old ``_id`` s and only then unlists them: a failed write never loses the old copy and
  never leaves a document the ledger does not list. A crash between a bulk index and its
  ledger write leaves an unlisted document: ``reconcile`` deletes those. Searches still
  de-duplicate hits by ``chunk_id`` (an old copy answers until its delete is refreshed).
* Searches throttled (429) or briefly unavailable (502-504) are tried again after short,
  growing pauses (a chat turn works to a deadline); bulk writes after a 429, with longer ones.
  The client's own retries (``retry_on_status``, ``max_retries``) try again at once, without
  a pause, so they are left to connection errors.
* ``knn_vector`` fields use the faiss engine with HNSW (the engine AOSS converts vector
  mappings to, and the one with efficient filtering inside the ``knn`` query). Vectors
  are unit length, so the ``innerproduct`` space ranks exactly like cosine; its
  OpenSearch score is converted back to a cosine similarity for ``Hit.score``.
* Nothing else creates the index (a fresh deploy has an empty collection), so the first
  read or write of a process creates it (``ensure_index``). The chat handler's data access
  policy only reads (no ``aoss:CreateIndex``): its attempt is refused with 403, and until
  the indexer has created the index, searches find nothing instead of failing. The chat
  handler never touches the ledger (searches don't read it).
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from time import sleep
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlparse

from opensearchpy import OpenSearch, RequestsHttpConnection
from opensearchpy.exceptions import AuthorizationException, NotFoundError, RequestError, TransportError
from requests_aws4auth import AWS4Auth

from awning_assistant.identity.access import OPEN_TYPES
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.search_index.base import Hit, IndexedChunk, SearchFilters
from awning_assistant.search_index.ledger import ChunkLedger, Entry

if TYPE_CHECKING:
    from awning_assistant.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
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
BULK_TIMEOUT = 30
CLEAR_PAGE = 1_000
# Pauses before trying again: a search after a 429 or a 502-504, three tries and under a second
# of waiting (a chat turn has a deadline); a bulk write, longer (the indexer is a batch job), but
# only after a 429, which applied nothing: a bulk index that failed otherwise may have been
# applied, and sending it again would add unlisted copies.
SEARCH_RETRY_STATUSES = frozenset({429, 502, 503, 504})
SEARCH_RETRY_DELAYS = (0.2, 0.6)
BULK_RETRY_STATUSES = frozenset({429})
BULK_RETRY_DELAYS = (1.0, 2.0, 4.0)
# Reconcile forgets a ledger entry whose document it did not find only when the entry is
# older than this: a newer document may not be searchable yet.
SETTLE_SECONDS = 300


class IndexWriteError(RuntimeError):
    """Some bulk actions failed; ``errors`` holds OpenSearch's per-item reports."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} bulk action(s) failed, first: {errors[0]}")
        self.errors = errors


@dataclass
class ReconcileStats:
    """What ``reconcile`` repaired."""

    orphans: int = 0  # documents the ledger did not list, deleted
    stale: int = 0  # old copies an interrupted replacement left listed, deleted
    forgotten: int = 0  # entries whose document was gone, dropped (the next indexer pass rewrites them)


class OpenSearchIndex:
    """``SearchIndex`` on an OpenSearch Serverless collection (BM25 + faiss k-NN in one index)."""

    def __init__(self, client: OpenSearch, index: str, dimensions: int, ledger: ChunkLedger) -> None:
        self._client = client
        self._index = index
        self._dimensions = dimensions
        self._ledger = ledger
        self._ready = False  # the index is known to exist
        self._ready_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings, credentials: Any, ledger: ChunkLedger) -> OpenSearchIndex:
        """A SigV4-signed (service ``aoss``) client for the collection endpoint in settings.

        ``credentials`` are botocore credentials (e.g. ``boto3.Session().get_credentials()``);
        they are re-read on each request, so rotating Lambda credentials keep working. Requests
        wait ``request_timeout_seconds`` (bulk writes longer) and are not retried after a
        timeout: a timed-out bulk index may have been applied, and a second one would add copies.
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
            timeout=settings.request_timeout_seconds,
            max_retries=settings.request_attempts - 1,
            retry_on_timeout=False,
            retry_on_status=(),  # retried with pauses here (see SEARCH_RETRY_STATUSES)
        )
        return cls(client, settings.opensearch_index, settings.embedding_dimensions, ledger)

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
        """Index new copies, record them, then delete and unlist the old ones (module docstring).

        A chunk whose new copy failed keeps its old copy and its entry; the others are replaced,
        then ``IndexWriteError`` reports the failures.
        """
        latest = list({item.chunk.chunk_id: item for item in chunks}.values())  # the last copy of an id wins
        for item in latest:
            self._check_vector(item.vector)
        self.ensure_index()
        results = self._bulk([_index_action(item) for item in latest])
        errors = [result for result in results if not _ok(result)]
        written = [
            self._ledger.record(item.chunk.chunk_id, item.content_hash, result["index"]["_id"])
            for item, result in zip(latest, results, strict=True)
            if _ok(result)
        ]
        errors += self._retire(written)
        if errors:
            raise IndexWriteError(errors)

    def delete_chunks(self, chunk_ids: list[str]) -> None:
        self.ensure_index()
        self._remove(self._ledger.entries(chunk_ids))

    def clear(self) -> None:
        """Delete what the ledger lists (searches may not show it yet), then whatever else a search finds."""
        self.ensure_index()
        entries = self._ledger.scan()
        while page := list(itertools.islice(entries, CLEAR_PAGE)):
            self._remove(page)
        for ids in self._pages_of_ids():
            _, errors = self._delete(ids)
            if errors:
                raise IndexWriteError(errors)

    def reconcile(self, settle_seconds: float = SETTLE_SECONDS) -> ReconcileStats:
        """Bring the index and the ledger back in line after interrupted writes.

        Deletes documents the ledger does not list (a crash between a bulk index and its ledger
        write) and old copies it still lists (a crash before their delete), and forgets entries
        older than ``settle_seconds`` whose document is gone, so ``record_hashes`` no longer
        reports them and the next indexer pass writes them again. The ledger is read after the
        index is walked, so a document written meanwhile is listed by then.
        """
        self.ensure_index()
        started = time.time()
        found = {doc_id for ids in self._pages_of_ids() for doc_id in ids}
        entries = list(self._ledger.scan())
        orphans = found.difference(*(entry.ids for entry in entries))
        _, errors = self._delete(sorted(orphans))
        stats = ReconcileStats(orphans=len(orphans), stale=sum(len(entry.stale) for entry in entries))
        errors += self._retire(entries)
        if errors:
            raise IndexWriteError(errors)
        for entry in entries:
            if entry.live not in found and entry.written < started - settle_seconds and self._ledger.forget(entry):
                stats.forgotten += 1
        return stats

    def _retire(self, entries: list[Entry]) -> list[dict[str, Any]]:
        """Delete the old copies the entries list, then unlist those gone; the failures."""
        stale = [entry for entry in entries if entry.stale]
        gone, errors = self._delete(doc_id for entry in stale for doc_id in entry.stale)
        for entry in stale:
            self._ledger.drop(entry, entry.stale & gone)
        return errors

    def _remove(self, entries: list[Entry]) -> None:
        """Delete every copy the entries list, then forget the entries whose copies are all gone."""
        gone, errors = self._delete(doc_id for entry in entries for doc_id in entry.ids)
        for entry in entries:
            if entry.ids <= gone:
                self._ledger.forget(entry)
        if errors:
            raise IndexWriteError(errors)

    def _delete(self, doc_ids: Iterable[str]) -> tuple[set[str], list[dict[str, Any]]]:
        """Bulk-delete documents: the ids now gone (a 404 too: gone either way), and the failures."""
        ids = list(dict.fromkeys(doc_ids))
        results = self._bulk([_delete_action(doc_id) for doc_id in ids])
        gone = {doc_id for doc_id, result in zip(ids, results, strict=True) if _ok(result) or _is_missing(result)}
        return gone, [result for doc_id, result in zip(ids, results, strict=True) if doc_id not in gone]

    # ------------------------------------------------------------------ reads

    def record_hashes(self, record_type: RecordType, record_id: str) -> dict[str, str]:
        """From the ledger: right at once after a write, unlike a search."""
        return self._ledger.hashes(f"{record_type}#{record_id}")

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
            reply: dict[str, Any] = _retrying(
                lambda: self._client.search(index=self._index, body=body), SEARCH_RETRY_STATUSES, SEARCH_RETRY_DELAYS
            )
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
        """Server-generated ``_id`` s of every searchable copy of these chunks."""
        doc_ids: list[str] = []
        for start in range(0, len(chunk_ids), LOOKUP_BATCH):
            batch = chunk_ids[start : start + LOOKUP_BATCH]
            body = {"size": MAX_HITS, "_source": False, "query": {"terms": {"chunk_id": batch}}}
            doc_ids.extend(hit["_id"] for hit in self._search(body))
        return doc_ids

    def _pages_of_ids(self) -> Iterator[list[str]]:
        """All searchable ``_id`` s, a page at a time, walking ``chunk_id`` order with ``search_after``.

        Copies of a chunk with the same hash sort alike, so ``search_after`` would skip those of
        a full page's last chunk beyond the page: they are looked up by ``chunk_id``. Deleting a
        page does not disturb the walk: later pages only look past the cursor.
        """
        body: dict[str, Any] = {
            "size": CLEAR_PAGE,
            "_source": False,
            "query": {"match_all": {}},
            "sort": [{"chunk_id": "asc"}, {"content_hash": "asc"}],
        }
        while hits := self._search(body):
            ids = [hit["_id"] for hit in hits]
            if len(hits) == CLEAR_PAGE:
                ids = list(dict.fromkeys(ids + self._doc_ids([hits[-1]["sort"][0]])))
            yield ids
            body["search_after"] = hits[-1]["sort"]

    def _bulk(self, actions: list[str]) -> list[dict[str, Any]]:
        """Bulk write without ``refresh``: each action's result (``{"index": {"_id": …, "status": …}}``), in order.

        Actions rejected with 429 are sent again after growing pauses, as are whole requests
        rejected with 429.
        """
        results: list[dict[str, Any]] = [{} for _ in actions]
        pending = list(range(len(actions)))
        for delay in (*BULK_RETRY_DELAYS, None):
            throttled = []
            for batch in _batches(pending, actions):
                body = "".join(actions[position] for position in batch)
                send = partial(self._client.bulk, body=body, index=self._index, request_timeout=BULK_TIMEOUT)
                reply = _retrying(send, BULK_RETRY_STATUSES, BULK_RETRY_DELAYS)
                for position, result in zip(batch, reply["items"], strict=True):
                    results[position] = result
                    if _status(result) == 429:
                        throttled.append(position)
            pending = throttled
            if not pending or delay is None:
                break
            log.warning("%d bulk action(s) throttled; sending them again in %.0f s", len(pending), delay)
            sleep(delay)
        return results


def _retrying(call: Callable[[], T], statuses: frozenset[int], delays: tuple[float, ...]) -> T:
    """``call()``, tried again after each of ``delays`` while it fails with one of ``statuses``."""
    for delay in delays:
        try:
            return call()
        except TransportError as error:
            if error.status_code not in statuses:
                raise
            log.warning("OpenSearch replied %s; trying again in %.1f s", error.status_code, delay)
        sleep(delay)
    return call()


def _batches(positions: list[int], actions: list[str]) -> Iterator[list[int]]:
    """Positions of actions in bulk requests of at most ``BULK_DOCS`` actions and about ``BULK_BYTES``."""
    batch: list[int] = []
    size = 0
    for position in positions:
        length = len(actions[position].encode())
        if batch and (len(batch) == BULK_DOCS or size + length > BULK_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(position)
        size += length
    if batch:
        yield batch


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
        visible = [
            {"terms": {"territory": filters.territories}},
            {"terms": {"record_type": sorted(str(t) for t in OPEN_TYPES)}},
        ]
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


def _index_action(item: IndexedChunk) -> str:
    return _ndjson({"index": {}}, document(item))  # no _id: the collection names the document


def _delete_action(doc_id: str) -> str:
    return _ndjson({"delete": {"_id": doc_id}})


def _ndjson(*lines: dict[str, Any]) -> str:
    return "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)


def _status(result: dict[str, Any]) -> int:
    return int(next(iter(result.values())).get("status", 500))


def _ok(result: dict[str, Any]) -> bool:
    return 200 <= _status(result) < 300


def _is_missing(result: dict[str, Any]) -> bool:
    return "delete" in result and _status(result) == 404


def _host(endpoint: str) -> str:
    """``https://abc.us-east-1.aoss.amazonaws.com/`` -> ``abc.us-east-1.aoss.amazonaws.com``."""
    return urlparse(endpoint if "://" in endpoint else f"https://{endpoint}").hostname or endpoint
