"""OpenSearchIndex through the real opensearch-py client, SigV4 (``aoss``) signing and HTTP.

No OpenSearch server can run here, so a small ``http.server`` in a thread plays the
collection: it records every request, stores documents under ids it generates, and, like a
collection within its refresh window, shows writes to searches only after a refresh. The
tests assert the requests an OpenSearch Serverless VECTORSEARCH collection would get and what
it would hold afterwards; the chunk ledger is a table in moto (the ``services`` fixture).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.credentials import Credentials
from moto import mock_aws
from opensearchpy import OpenSearch, RequestsHttpConnection
from opensearchpy.exceptions import AuthorizationException, RequestError, TransportError
from requests_aws4auth import AWS4Auth

from awning_assistant.factory import Services
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.search_index import opensearch
from awning_assistant.search_index.base import Hit, IndexedChunk, SearchFilters
from awning_assistant.search_index.ledger import ChunkLedger
from awning_assistant.search_index.opensearch import (
    IndexWriteError,
    OpenSearchIndex,
    ReconcileStats,
    cosine_from_score,
    filter_clauses,
)
from awning_assistant.settings import Settings
from local import cli
from local.infrastructure import load_template, local_resources

INDEX = "awning-chunks"
DIMS = 4


# --------------------------------------------------------------------------- fake collection


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def ndjson(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.body.decode().splitlines() if line.strip()]


Reply = tuple[int, Any]


class FakeCollection:
    """A collection's behaviour, as far as the index relies on it.

    * No index until one is created: searches and bulk writes of a missing index get
      ``index_not_found_exception``.
    * Bulk index actions get generated ids; deletes by id act at once (404 for an unknown id).
    * Searches see writes only after ``refresh()`` or, with ``refresh_after = n``, n requests
      later: the refresh window. They answer from ``search_replies`` (canned) while it has any,
      else from the documents they see (match_all, term(s), bool, multi_match, knn, sort,
      search_after, size, _source).
    * ``search_statuses`` / ``bulk_statuses`` fail the next searches / bulk requests (429, 503 …);
      ``bulk_status`` may fail single bulk items.
    """

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.search_replies: list[dict[str, Any]] = []
        self.search_statuses: list[int] = []
        self.bulk_statuses: list[int] = []
        self.index_exists = False
        self.create_reply: Reply = (200, {"acknowledged": True, "index": INDEX})
        self.bulk_status: Callable[[str, dict[str, Any]], int | None] = lambda op, meta: None  # None: as usual
        self.stored: dict[str, dict[str, Any]] = {}  # every document by id: what deletes by id see
        self.visible: dict[str, dict[str, Any]] = {}  # what searches see
        self.refresh_after: int | None = None
        self._pending: list[tuple[int | None, str, dict[str, Any] | None]] = []  # (due, id, source or None)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # ---- test helpers

    def refresh(self) -> None:
        with self._lock:
            self._apply(lambda due: True)

    def add(self, source: dict[str, Any]) -> str:
        """A document written behind the index's back (e.g. before a crash); searchable after a refresh."""
        with self._lock:
            return self._write(source)

    def lose(self, doc_id: str) -> None:
        """A document gone behind the index's back; searches see it until a refresh."""
        with self._lock:
            del self.stored[doc_id]
            self._schedule(doc_id, None)

    def copies(self, chunk_id: str) -> list[str]:
        return [doc_id for doc_id, source in self.stored.items() if source["chunk_id"] == chunk_id]

    # ---- behaviour

    def _write(self, source: dict[str, Any]) -> str:
        doc_id = f"doc-{next(self._ids)}"
        self.stored[doc_id] = source
        self._schedule(doc_id, source)
        return doc_id

    def _schedule(self, doc_id: str, source: dict[str, Any] | None) -> None:
        due = None if self.refresh_after is None else len(self.requests) + self.refresh_after
        self._pending.append((due, doc_id, source))

    def _apply(self, ready: Callable[[int | None], bool]) -> None:
        for _, doc_id, source in [p for p in self._pending if ready(p[0])]:
            if source is None:
                self.visible.pop(doc_id, None)
            else:
                self.visible[doc_id] = source
        self._pending = [p for p in self._pending if not ready(p[0])]

    def reply(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            self._apply(lambda due: due is not None and due <= len(self.requests))
            return self._route(request)

    def _route(self, request: Request) -> Reply:
        route = (request.method, request.path)
        if route == ("HEAD", f"/{INDEX}"):
            return (200 if self.index_exists else 404), None
        if route == ("PUT", f"/{INDEX}"):
            status, payload = self.create_reply
            lost_race = status == 400 and payload["error"]["type"] == "resource_already_exists_exception"
            self.index_exists = self.index_exists or status < 300 or lost_race
            return self.create_reply
        if not self.index_exists and request.path.startswith(f"/{INDEX}/"):
            error = {"type": "index_not_found_exception", "reason": f"no such index [{INDEX}]", "index": INDEX}
            return 404, {"error": {"root_cause": [error], **error}, "status": 404}
        failing = {f"/{INDEX}/_search": self.search_statuses, f"/{INDEX}/_bulk": self.bulk_statuses}.get(request.path)
        if failing:
            status = failing.pop(0)
            return status, {"error": {"type": "throttled", "reason": "slow down"}, "status": status}
        if request.path == f"/{INDEX}/_search":
            return 200, self.search_replies.pop(0) if self.search_replies else self._search(request.json())
        if request.path == f"/{INDEX}/_bulk":
            return 200, self._bulk(request)
        return 404, {"error": {"type": "unexpected_request", "reason": str(route)}, "status": 404}

    def _bulk(self, request: Request) -> dict[str, Any]:
        lines = request.ndjson()
        items, position = [], 0
        while position < len(lines):
            ((op, meta),) = lines[position].items()
            source = lines[position + 1] if op == "index" else None
            position += 2 if op == "index" else 1
            status = self.bulk_status(op, meta)
            item: dict[str, Any] = {"_index": INDEX}
            if status is not None:
                item |= {"_id": meta.get("_id", "failed"), "status": status}
            elif op == "index":
                assert source is not None and "_id" not in meta  # a VECTORSEARCH collection refuses custom ids
                item |= {"_id": self._write(source), "status": 201}
            else:
                found = self.stored.pop(meta["_id"], None) is not None
                item |= {"_id": meta["_id"], "status": 200 if found else 404}
                if found:
                    self._schedule(meta["_id"], None)
            if item["status"] >= 300 and item["status"] != 404:
                item["error"] = {"type": "mapper_parsing_exception", "reason": "bad"}
            items.append({op: item})
        return {"took": 3, "errors": any(next(iter(i.values()))["status"] >= 300 for i in items), "items": items}

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        hits = []
        for doc_id, source in self.visible.items():
            score = matches(body["query"], source)
            if score is not None:
                hits.append({"_index": INDEX, "_id": doc_id, "_score": score, "_source": source})
        if "sort" in body:
            fields = [next(iter(key)) for key in body["sort"]]
            for hit in hits:
                hit["sort"] = [hit["_source"][field] for field in fields]
            hits.sort(key=lambda hit: hit["sort"])
            if "search_after" in body:
                hits = [hit for hit in hits if hit["sort"] > body["search_after"]]
        else:
            hits.sort(key=lambda hit: -hit["_score"])
        total = len(hits)
        hits = hits[: body.get("size", 10)]
        shown = body.get("_source", True)
        for hit in hits:
            if shown is False:
                del hit["_source"]
            elif isinstance(shown, list):
                hit["_source"] = {k: v for k, v in hit["_source"].items() if k in shown}
            elif isinstance(shown, dict):
                hit["_source"] = {k: v for k, v in hit["_source"].items() if k not in shown["excludes"]}
        reply = search_reply(hits)
        reply["hits"]["total"]["value"] = total
        return reply


def matches(query: dict[str, Any], source: dict[str, Any]) -> float | None:
    """The score of a document for the queries the index sends, or None when it does not match."""
    ((kind, spec),) = query.items()
    if kind == "match_all":
        return 1.0
    if kind in ("term", "terms"):
        ((field, wanted),) = spec.items()
        wanted = wanted if kind == "terms" else [wanted]
        value = source.get(field)
        values = value if isinstance(value, list) else [value]
        return 0.0 if any(v in wanted for v in values) else None
    if kind == "multi_match":
        words = set(spec["query"].lower().split())
        text = " ".join(str(source.get(field.split("^")[0], "")) for field in spec["fields"]).lower().split()
        found = len(words & set(text))
        return float(found) if found else None
    if kind == "knn":
        ((field, knn),) = spec.items()
        if "filter" in knn and matches(knn["filter"], source) is None:
            return None
        return 1.0 + sum(a * b for a, b in zip(knn["vector"], source[field], strict=True))
    if kind == "bool":
        scores = [matches(q, source) for q in spec.get("must", [])]
        if any(score is None for score in scores):
            return None
        if any(matches(q, source) is None for q in spec.get("filter", [])):
            return None
        should = [matches(q, source) for q in spec.get("should", [])]
        if sum(score is not None for score in should) < spec.get("minimum_should_match", 0):
            return None
        return sum(score for score in scores if score is not None)
    raise AssertionError(f"the fake collection does not know {kind} queries")


def search_reply(hits: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "took": 1,
        "timed_out": False,
        "hits": {"total": {"value": len(hits), "relation": "eq"}, "hits": hits},
    }


def make_handler(collection: FakeCollection) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            url = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {key.lower(): value for key, value in self.headers.items()}
            request = Request(self.command, url.path, parse_qs(url.query), headers, body)
            status, payload = collection.reply(request)
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def collection() -> Iterator[FakeCollection]:
    fake = FakeCollection()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(fake))
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)  # quick shutdown
    thread.start()
    fake.port = server.server_address[1]  # type: ignore[attr-defined]
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The backoff pauses the index took (recorded, not slept)."""
    taken: list[float] = []
    monkeypatch.setattr(opensearch, "sleep", taken.append)
    return taken


@pytest.fixture(scope="module")
def dynamodb() -> Any:
    """One DynamoDB resource for the module (building one takes a tenth of a second); each test's moto answers it."""
    return boto3.resource(
        "dynamodb", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


@pytest.fixture(scope="module")
def ledger_table() -> dict[str, Any]:
    """The ledger table's keys, as the template declares them."""
    (table,) = [t for t in local_resources(load_template()).tables if t.setting_name == "chunk_ledger_table"]
    return table.properties


@pytest.fixture
def ledger(dynamodb: Any, ledger_table: dict[str, Any]) -> Iterator[ChunkLedger]:
    """The template's ledger table in moto, alone (creating every table would slow each test down)."""
    with mock_aws():
        dynamodb.create_table(
            TableName="chunk-ledger",
            BillingMode="PAY_PER_REQUEST",
            KeySchema=ledger_table["KeySchema"],
            AttributeDefinitions=ledger_table["AttributeDefinitions"],
        )
        yield ChunkLedger(dynamodb, "chunk-ledger")


def client_for(collection: FakeCollection) -> OpenSearch:
    """Configured as ``from_settings`` configures it, but plain HTTP to the fake collection."""
    auth = AWS4Auth("AKIDEXAMPLE", "secret", "us-east-1", "aoss", session_token="session-token")
    return OpenSearch(
        hosts=[{"host": "127.0.0.1", "port": collection.port}],  # type: ignore[attr-defined]
        http_auth=auth,
        use_ssl=False,
        connection_class=RequestsHttpConnection,
        timeout=5,
        retry_on_status=(),
    )


@pytest.fixture
def fresh_index(collection: FakeCollection, ledger: ChunkLedger) -> OpenSearchIndex:
    """A process's index object that has not talked to the collection yet (which has no index)."""
    return OpenSearchIndex(client_for(collection), INDEX, DIMS, ledger)


@pytest.fixture
def index(fresh_index: OpenSearchIndex, collection: FakeCollection) -> OpenSearchIndex:
    """Past its first use (the index exists): a test sees only its own requests."""
    fresh_index.ensure_index()
    collection.requests.clear()
    return fresh_index


# --------------------------------------------------------------------------- data


def chunk(chunk_id: str = "work_order#WO-1#0", **overrides: Any) -> Chunk:
    fields: dict[str, Any] = {
        "chunk_id": chunk_id,
        "record_type": RecordType.work_order,
        "record_id": chunk_id.split("#")[1],
        "title": "Work order WO-1 - Seaside Bakery",
        "text": "Hand-painted seahorse valance; restitch the hem and clean the canvas.",
        "customer_id": "C-7",
        "territory": "north",
        "status": "open",
        "date": date(2026, 11, 2),
        "materials": ["sunbrella", "thread"],
    }
    return Chunk(**(fields | overrides))


def indexed(item: Chunk, vector: list[float] | None = None) -> IndexedChunk:
    return IndexedChunk(chunk=item, vector=vector or [0.5, 0.5, 0.5, 0.5], content_hash=item.content_hash)


def source_hit(item: Chunk, score: float, doc_id: str = "x") -> dict[str, Any]:
    source = item.model_dump(mode="json") | {"content_hash": item.content_hash}
    return {"_index": INDEX, "_id": doc_id, "_score": score, "_source": source}


def id_hit(doc_id: str) -> dict[str, Any]:
    return {"_index": INDEX, "_id": doc_id, "_score": 1.0}


ALL_FILTERS = SearchFilters(
    record_types=[RecordType.work_order, RecordType.document],
    record_ids=["WO-1"],
    customer_ids=["C-7"],
    territories=["north", "east"],
    statuses=["open"],
    materials=["sunbrella"],
    date_from=date(2026, 10, 1),
    date_to=date(2026, 11, 30),
)
EXPECTED_FILTER = [
    {"terms": {"record_type": ["work_order", "document"]}},
    {"terms": {"record_id": ["WO-1"]}},
    {"terms": {"customer_id": ["C-7"]}},
    {"terms": {"status": ["open"]}},
    {"terms": {"materials": ["sunbrella"]}},
    {
        "bool": {
            "should": [
                {"terms": {"territory": ["north", "east"]}},
                {"terms": {"record_type": ["document", "inventory"]}},
            ],
            "minimum_should_match": 1,
        }
    },
    {"range": {"date": {"gte": "2026-10-01", "lte": "2026-11-30"}}},
]


# --------------------------------------------------------------------------- index creation


def test_ensure_index_creates_a_faiss_knn_mapping(fresh_index: OpenSearchIndex, collection: FakeCollection) -> None:
    fresh_index.ensure_index()

    head, create = collection.requests
    assert (head.method, head.path) == ("HEAD", f"/{INDEX}")
    assert (create.method, create.path) == ("PUT", f"/{INDEX}")
    body = create.json()
    assert body["settings"] == {"index": {"knn": True}}
    properties = body["mappings"]["properties"]
    assert properties["vector"] == {
        "type": "knn_vector",
        "dimension": DIMS,
        "method": {
            "name": "hnsw",
            "engine": "faiss",
            "space_type": "innerproduct",
            "parameters": {"m": 16, "ef_construction": 128},
        },
    }
    assert properties["title"] == properties["text"] == {"type": "text", "analyzer": "english"}
    keywords = {"chunk_id", "record_type", "record_id", "customer_id", "territory", "status", "materials"}
    for field in keywords | {"content_hash"}:
        assert properties[field] == {"type": "keyword"}, field
    assert properties["date"] == {"type": "date"}
    assert properties["page"] == {"type": "integer"}


def test_ensure_index_leaves_an_existing_index_alone(fresh_index: OpenSearchIndex, collection: FakeCollection) -> None:
    collection.index_exists = True

    fresh_index.ensure_index()
    fresh_index.search_bm25("canvas", SearchFilters(), k=2)

    assert [(r.method, r.path) for r in collection.requests] == [("HEAD", f"/{INDEX}"), ("POST", f"/{INDEX}/_search")]


def test_the_first_write_on_a_fresh_collection_creates_the_index_once(
    fresh_index: OpenSearchIndex, collection: FakeCollection
) -> None:
    """A fresh deploy: nothing but the index's own first use creates it."""
    fresh_index.upsert([indexed(chunk())])
    fresh_index.upsert([indexed(chunk(text="changed"))])
    fresh_index.delete_chunks(["work_order#WO-1#0"])

    routes = [(r.method, r.path) for r in collection.requests]
    assert routes[:2] == [("HEAD", f"/{INDEX}"), ("PUT", f"/{INDEX}")]
    assert routes.count(("PUT", f"/{INDEX}")) == 1 and routes.count(("HEAD", f"/{INDEX}")) == 1
    assert ("POST", f"/{INDEX}/_bulk") in routes[2:]


def test_the_first_search_on_a_fresh_collection_creates_the_index_once_and_finds_nothing(
    fresh_index: OpenSearchIndex, collection: FakeCollection
) -> None:
    assert fresh_index.search_bm25("seahorse valance", SearchFilters(), k=5) == []
    assert fresh_index.search_knn([0.5, 0.5, 0.5, 0.5], SearchFilters(), k=5) == []
    assert fresh_index.count() == 0

    routes = [(r.method, r.path) for r in collection.requests]
    search = ("POST", f"/{INDEX}/_search")
    assert routes == [("HEAD", f"/{INDEX}"), ("PUT", f"/{INDEX}"), search, search, search]


def test_concurrent_first_uses_in_one_process_create_the_index_once(
    fresh_index: OpenSearchIndex, collection: FakeCollection
) -> None:
    start = threading.Barrier(8)

    def first_use(_: int) -> list[Hit]:
        start.wait()
        return fresh_index.search_bm25("canvas", SearchFilters(), k=2)

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(first_use, range(8))) == [[]] * 8

    methods = [r.method for r in collection.requests]
    assert methods.count("HEAD") == methods.count("PUT") == 1
    assert methods.index("PUT") < methods.index("POST")


def test_ensure_index_tolerates_a_concurrent_creator(fresh_index: OpenSearchIndex, collection: FakeCollection) -> None:
    """Another container created the index between our HEAD and PUT."""
    error = {"type": "resource_already_exists_exception", "reason": "index exists"}
    collection.create_reply = (400, {"error": {"root_cause": [error], **error}, "status": 400})

    fresh_index.upsert([indexed(chunk())])  # no exception

    assert [r.method for r in collection.requests] == ["HEAD", "PUT", "POST"]


def test_a_reader_that_may_not_create_the_index_finds_nothing_until_it_exists(
    fresh_index: OpenSearchIndex, collection: FakeCollection
) -> None:
    """The chat handler's data access policy has no aoss:CreateIndex: a fresh collection must not fail its search."""
    collection.create_reply = (403, {"status": 403, "error": {"type": "Forbidden", "reason": "403 Forbidden"}})

    assert fresh_index.search_bm25("canvas", SearchFilters(), k=2) == []
    with pytest.raises(AuthorizationException):  # a writer must not carry on silently
        fresh_index.upsert([indexed(chunk())])

    collection.index_exists = True  # the indexer created it
    collection.requests.clear()
    collection.search_replies = [search_reply([source_hit(chunk(), 3.0)])]
    assert [hit.chunk.chunk_id for hit in fresh_index.search_bm25("canvas", SearchFilters(), k=2)] == [
        "work_order#WO-1#0"
    ]
    fresh_index.search_bm25("canvas", SearchFilters(), k=2)
    assert [r.method for r in collection.requests] == ["HEAD", "POST", "POST"]


# --------------------------------------------------------------------------- writes


def bulk_requests(collection: FakeCollection) -> list[list[dict[str, Any]]]:
    return [r.ndjson() for r in collection.requests if r.path == f"/{INDEX}/_bulk"]


def test_upsert_indexes_without_ids_and_deletes_the_copies_the_ledger_lists(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    first, second = chunk("work_order#WO-1#0"), chunk("work_order#WO-1#1", text="Second part.")
    index.upsert([indexed(first, [1.0, 0.0, 0.0, 0.0]), indexed(second)])
    old = collection.copies(first.chunk_id) + collection.copies(second.chunk_id)

    index.upsert([indexed(first.model_copy(update={"text": "changed"})), indexed(second)])

    assert [r.path for r in collection.requests] == [f"/{INDEX}/_bulk"] * 3  # no search for ids
    writes, rewrites, deletes = bulk_requests(collection)
    no_custom_id = {"index": {}}  # a VECTORSEARCH collection rejects _id on index actions
    assert writes[0] == writes[2] == no_custom_id
    assert writes[1] == first.model_dump(mode="json") | {
        "content_hash": first.content_hash,
        "vector": [1.0, 0.0, 0.0, 0.0],
    }
    assert writes[3]["chunk_id"] == "work_order#WO-1#1" and writes[3]["vector"] == [0.5] * 4
    assert len(writes) == len(rewrites) == 4
    assert deletes == [{"delete": {"_id": doc_id}} for doc_id in old]
    assert len(collection.stored) == 2


def test_upsert_of_new_chunks_deletes_nothing(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.upsert([indexed(chunk())])
    index.upsert([])

    assert [r.path for r in collection.requests] == [f"/{INDEX}/_bulk"]


def test_upsert_keeps_the_last_copy_of_a_repeated_chunk_id(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.upsert([indexed(chunk(text="old text")), indexed(chunk(text="new text"))])

    (lines,) = bulk_requests(collection)
    assert [line.get("text") for line in lines[1::2]] == ["new text"]


def test_upsert_rejects_vectors_of_the_wrong_size(index: OpenSearchIndex, collection: FakeCollection) -> None:
    with pytest.raises(ValueError, match="3 dimensions"):
        index.upsert([indexed(chunk(), [1.0, 0.0, 0.0])])
    assert collection.requests == []


def test_no_request_asks_for_a_refresh(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.upsert([indexed(chunk())])
    index.upsert([indexed(chunk(text="changed"))])
    index.delete_chunks(["work_order#WO-1#0"])
    index.reconcile()

    assert collection.requests
    for request in collection.requests:
        assert "refresh" not in request.query and "_refresh" not in request.path


def test_delete_chunks_deletes_the_ids_the_ledger_lists(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.upsert([indexed(chunk("repair_order#RO-9#0")), indexed(chunk("repair_order#RO-9#1"))])
    ids = collection.copies("repair_order#RO-9#0") + collection.copies("repair_order#RO-9#1")
    collection.requests.clear()

    index.delete_chunks(["repair_order#RO-9#0", "repair_order#RO-9#1"])

    assert bulk_requests(collection) == [[{"delete": {"_id": doc_id}} for doc_id in ids]]
    assert [r.path for r in collection.requests] == [f"/{INDEX}/_bulk"]
    assert collection.stored == {}
    assert index.record_hashes(RecordType.repair_order, "RO-9") == {}


def test_delete_of_unknown_chunks_sends_nothing(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.delete_chunks(["customer#NOPE#0"])

    assert collection.requests == []


def test_deleting_an_already_deleted_document_is_fine_other_failures_keep_the_entry(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    index.upsert([indexed(chunk("customer#C-1#0")), indexed(chunk("customer#C-2#0"))])
    collection.lose(collection.copies("customer#C-1#0")[0])  # gone already

    index.delete_chunks(["customer#C-1#0"])  # no exception
    assert index.record_hashes(RecordType.customer, "C-1") == {}

    (stuck,) = collection.copies("customer#C-2#0")
    collection.bulk_status = lambda op, meta: 500
    with pytest.raises(IndexWriteError) as raised:
        index.delete_chunks(["customer#C-2#0"])
    assert raised.value.errors[0]["delete"]["_id"] == stuck
    assert list(index.record_hashes(RecordType.customer, "C-2")) == ["customer#C-2#0"]  # still listed: try again

    collection.bulk_status = lambda op, meta: None
    index.delete_chunks(["customer#C-2#0"])
    assert collection.stored == {} and index.record_hashes(RecordType.customer, "C-2") == {}


def test_clear_walks_pages_with_search_after_and_deletes_them(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    page = [
        id_hit("a") | {"sort": ["customer#C-1#0", "h1"]},
        id_hit("b") | {"sort": ["customer#C-2#0", "h2"]},
    ]
    collection.search_replies = [search_reply(page), search_reply([])]

    index.clear()

    first, bulk, second = collection.requests
    assert first.json() == {
        "size": 1_000,
        "_source": False,
        "query": {"match_all": {}},
        "sort": [{"chunk_id": "asc"}, {"content_hash": "asc"}],
    }
    assert bulk.ndjson() == [{"delete": {"_id": "a"}}, {"delete": {"_id": "b"}}]
    assert second.json()["search_after"] == ["customer#C-2#0", "h2"]
    assert not any(r.path.endswith("_delete_by_query") for r in collection.requests)


def test_clear_deletes_what_the_ledger_lists_before_searches_show_it(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    index.upsert([indexed(chunk("customer#C-1#0")), indexed(chunk("inventory#I-1#0"))])
    collection.add(document_of(chunk("customer#C-9#0")))  # unlisted
    collection.refresh()
    index.upsert([indexed(chunk("customer#C-1#0", text="changed"))])  # not searchable yet

    index.clear()

    collection.refresh()
    assert collection.stored == {} and collection.visible == {}
    assert index.record_hashes(RecordType.customer, "C-1") == {}
    assert index.record_hashes(RecordType.inventory, "I-1") == {}


# --------------------------------------------------------------------------- reads


def test_record_hashes_come_from_the_ledger_not_a_search(index: OpenSearchIndex, collection: FakeCollection) -> None:
    a, b = chunk("work_order#WO-1#0"), chunk("work_order#WO-1#1", text="other")
    index.upsert([indexed(a), indexed(b), indexed(chunk("work_order#WO-10#0"))])
    collection.requests.clear()

    assert index.record_hashes(RecordType.work_order, "WO-1") == {
        a.chunk_id: a.content_hash,
        b.chunk_id: b.content_hash,
    }
    assert index.record_hashes(RecordType.repair_order, "WO-1") == {}
    assert collection.requests == []


def test_bm25_query_boosts_title_and_applies_every_filter(index: OpenSearchIndex, collection: FakeCollection) -> None:
    found = chunk()
    duplicate = source_hit(found, 6.1, "copy")  # a not-yet-cleaned-up second copy
    collection.search_replies = [search_reply([source_hit(found, 7.5), duplicate])]

    hits = index.search_bm25("seahorse valance", ALL_FILTERS, k=5)

    assert collection.requests[0].json() == {
        "size": 5,
        "query": {
            "bool": {
                "must": [{"multi_match": {"query": "seahorse valance", "fields": ["title^2", "text"]}}],
                "filter": EXPECTED_FILTER,
            }
        },
        "_source": {"excludes": ["vector"]},
    }
    assert [(hit.chunk, hit.score) for hit in hits] == [(found, 7.5)]


def test_knn_query_filters_inside_the_knn_clause(index: OpenSearchIndex, collection: FakeCollection) -> None:
    near, far = (
        chunk("work_order#WO-1#0"),
        chunk("document#D-2#3", record_type=RecordType.document, territory=None),
    )
    collection.search_replies = [search_reply([source_hit(near, 1.8), source_hit(far, 0.8)])]

    hits = index.search_knn([0.5, 0.5, 0.5, 0.5], ALL_FILTERS, k=3)

    assert collection.requests[0].json() == {
        "size": 3,
        "query": {
            "knn": {
                "vector": {
                    "vector": [0.5, 0.5, 0.5, 0.5],
                    "k": 3,
                    "filter": {"bool": {"filter": EXPECTED_FILTER}},
                }
            }
        },
        "_source": {"excludes": ["vector"]},
    }
    assert [hit.chunk.chunk_id for hit in hits] == [near.chunk_id, far.chunk_id]
    assert hits[0].score == pytest.approx(0.8) and hits[1].score == pytest.approx(-0.25)  # cosine similarities


def test_searches_without_filters_send_no_filter(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.search_bm25("canvas", SearchFilters(), k=2)
    index.search_knn([0.0, 1.0, 0.0, 0.0], SearchFilters(), k=2)

    bm25, knn = (r.json()["query"] for r in collection.requests)
    assert bm25 == {"bool": {"must": [{"multi_match": {"query": "canvas", "fields": ["title^2", "text"]}}]}}
    assert knn == {"knn": {"vector": {"vector": [0.0, 1.0, 0.0, 0.0], "k": 2}}}


def test_blank_query_sends_nothing(index: OpenSearchIndex, collection: FakeCollection) -> None:
    assert index.search_bm25("   ", SearchFilters(), k=5) == []
    assert collection.requests == []


def test_count_is_an_exact_total_from_a_size_zero_search(index: OpenSearchIndex, collection: FakeCollection) -> None:
    reply = search_reply([])
    reply["hits"]["total"]["value"] = 42
    collection.search_replies = [reply]

    assert index.count() == 42
    assert collection.requests[0].path == f"/{INDEX}/_search"
    assert collection.requests[0].json() == {"size": 0, "track_total_hits": True, "query": {"match_all": {}}}


# --------------------------------------------------------------------------- filters, scores, signing


def test_empty_territory_list_means_only_documents_and_stock() -> None:
    """Fails closed: a customer or order chunk without a territory matches no staff filter."""
    (clause,) = filter_clauses(SearchFilters(territories=[]))
    assert clause["bool"]["should"] == [
        {"terms": {"territory": []}},
        {"terms": {"record_type": ["document", "inventory"]}},
    ]


def test_open_ended_date_range() -> None:
    assert filter_clauses(SearchFilters(date_from=date(2026, 1, 1))) == [{"range": {"date": {"gte": "2026-01-01"}}}]


@pytest.mark.parametrize("dot", [1.0, 0.8, 0.0, -0.3, -1.0])
def test_innerproduct_scores_convert_back_to_cosine(dot: float) -> None:
    opensearch_score = dot + 1 if dot >= 0 else 1 / (1 - dot)  # OpenSearch's faiss innerproduct scoring
    assert cosine_from_score(opensearch_score) == pytest.approx(dot)


def test_every_request_is_sigv4_signed_for_aoss(fresh_index: OpenSearchIndex, collection: FakeCollection) -> None:
    fresh_index.upsert([indexed(chunk())])
    fresh_index.upsert([indexed(chunk(text="changed"))])
    fresh_index.search_bm25("canvas", SearchFilters(), k=2)

    assert [r.method for r in collection.requests] == ["HEAD", "PUT", "POST", "POST", "POST", "POST"]
    for request in collection.requests:
        authorization = request.headers["authorization"]
        assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        assert "/us-east-1/aoss/aws4_request" in authorization
        assert "x-amz-content-sha256" in authorization  # the payload hash is signed, as AOSS requires
        assert request.headers["x-amz-date"]
        assert request.headers["x-amz-security-token"] == "session-token"
        assert request.headers["x-amz-content-sha256"] == hashlib.sha256(request.body).hexdigest()


def test_from_settings_builds_a_signed_https_client_within_the_request_budget() -> None:
    settings = Settings(
        opensearch_endpoint="https://abc123.us-east-1.aoss.amazonaws.com/",
        opensearch_index="chunks",
        request_timeout_seconds=3.0,
        request_attempts=2,
    )
    credentials = Credentials("AKIDEXAMPLE", "secret", "token")
    ledger = ChunkLedger(boto3.resource("dynamodb", region_name="us-east-1"), "ledger")

    built = OpenSearchIndex.from_settings(settings, credentials, ledger)

    client = built._client
    connection = client.transport.get_connection()
    assert client.transport.hosts == [{"host": "abc123.us-east-1.aoss.amazonaws.com", "port": 443}]
    assert connection.host == "https://abc123.us-east-1.aoss.amazonaws.com:443"
    assert connection.session.verify not in (False, None)  # certificates are checked
    assert isinstance(connection.session.auth, AWS4Auth)
    assert connection.session.auth.service == "aoss" and connection.session.auth.region == settings.aws_region
    assert built._index == "chunks" and built._dimensions == settings.embedding_dimensions
    assert connection.timeout == 3.0 and client.transport.max_retries == 1
    # The client retries at once; statuses are retried here, with pauses, and a timed-out bulk not at all.
    assert client.transport.retry_on_status == () and client.transport.retry_on_timeout is False


def test_from_settings_requires_an_endpoint() -> None:
    ledger = ChunkLedger(boto3.resource("dynamodb", region_name="us-east-1"), "ledger")
    with pytest.raises(ValueError, match="opensearch_endpoint"):
        OpenSearchIndex.from_settings(Settings(opensearch_endpoint=None), Credentials("a", "b"), ledger)


def test_the_factory_gives_the_opensearch_index_the_ledger_table(services: Services) -> None:
    settings = Settings(
        search_backend="opensearch",
        opensearch_endpoint="abc.us-east-1.aoss.amazonaws.com",
        chunk_ledger_table="the-ledger",
    )

    built = Services(settings).search_index

    assert isinstance(built, OpenSearchIndex)
    assert built._ledger._table.name == "the-ledger"


# --------------------------------------------------------------------------- the refresh window


def document_of(item: Chunk) -> dict[str, Any]:
    return opensearch.document(indexed(item))


def test_two_replacements_within_the_refresh_window_leave_one_copy(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    """Searching for the old copy's id found nothing while it was not searchable yet: two copies stayed."""
    collection.refresh_after = 5  # a write shows in searches five requests later
    index.upsert([indexed(chunk(text="first"))])
    index.upsert([indexed(chunk(text="second"))])
    index.upsert([indexed(chunk(text="third"))])

    collection.refresh()
    (only,) = collection.copies("work_order#WO-1#0")
    assert collection.stored[only]["text"] == "third"
    (hit,) = index.search_bm25("third second first", SearchFilters(), k=5)
    assert hit.chunk.text == "third"


def test_a_delete_right_after_a_write_leaves_no_orphan(index: OpenSearchIndex, collection: FakeCollection) -> None:
    """An orphan of a deleted record would keep answering: it passes every filter."""
    index.upsert([indexed(chunk("document#manual.pdf#0", record_type=RecordType.document, text="seahorse"))])
    index.delete_chunks(["document#manual.pdf#0"])

    collection.refresh()
    assert collection.stored == {}
    assert index.search_bm25("seahorse", SearchFilters(record_types=[RecordType.document]), k=5) == []


def test_record_hashes_are_right_immediately_after_a_write(index: OpenSearchIndex, collection: FakeCollection) -> None:
    first, second = chunk(text="first"), chunk(text="second")
    index.upsert([indexed(first)])
    assert index.record_hashes(RecordType.work_order, "WO-1") == {first.chunk_id: first.content_hash}

    index.upsert([indexed(second)])
    assert index.record_hashes(RecordType.work_order, "WO-1") == {second.chunk_id: second.content_hash}

    index.delete_chunks([second.chunk_id])
    assert index.record_hashes(RecordType.work_order, "WO-1") == {}


def test_a_failed_bulk_write_keeps_the_old_chunk_and_its_entry(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    old = chunk(text="old")
    index.upsert([indexed(old)])
    (old_id,) = collection.copies(old.chunk_id)
    collection.bulk_status = lambda op, meta: 400 if op == "index" else None

    with pytest.raises(IndexWriteError) as raised:
        index.upsert([indexed(chunk(text="new"))])

    assert raised.value.errors[0]["index"]["status"] == 400
    assert collection.copies(old.chunk_id) == [old_id]
    assert index.record_hashes(RecordType.work_order, "WO-1") == {old.chunk_id: old.content_hash}
    assert not any("delete" in line for lines in bulk_requests(collection) for line in lines)


def test_a_partly_failed_bulk_write_replaces_the_chunks_that_were_written(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    a, b = chunk("customer#C-1#0", text="a"), chunk("customer#C-1#1", text="b")
    index.upsert([indexed(a), indexed(b)])
    new_a, new_b = a.model_copy(update={"text": "a2"}), b.model_copy(update={"text": "b2"})
    statuses = iter([None, 500])
    collection.bulk_status = lambda op, meta: next(statuses) if op == "index" else None

    with pytest.raises(IndexWriteError):
        index.upsert([indexed(new_a), indexed(new_b)])

    assert index.record_hashes(RecordType.customer, "C-1") == {
        a.chunk_id: new_a.content_hash,
        b.chunk_id: b.content_hash,
    }
    assert [collection.stored[i]["text"] for i in collection.copies(a.chunk_id) + collection.copies(b.chunk_id)] == [
        "a2",
        "b",
    ]


def test_a_failed_delete_of_old_copies_leaves_them_listed_for_the_next_write(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    index.upsert([indexed(chunk(text="one"))])
    collection.bulk_status = lambda op, meta: 503 if op == "delete" else None
    with pytest.raises(IndexWriteError):
        index.upsert([indexed(chunk(text="two"))])
    assert len(collection.copies("work_order#WO-1#0")) == 2

    collection.bulk_status = lambda op, meta: None
    index.upsert([indexed(chunk(text="three"))])

    (only,) = collection.copies("work_order#WO-1#0")
    assert collection.stored[only]["text"] == "three"


# --------------------------------------------------------------------------- reconcile


def test_reconcile_deletes_unlisted_documents_and_forgets_entries_of_missing_ones(
    index: OpenSearchIndex, collection: FakeCollection, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, crashed, lost = chunk("customer#C-1#0"), chunk("customer#C-2#0"), chunk("customer#C-3#0")
    index.upsert([indexed(kept), indexed(lost)])
    behind_the_back = collection.add(document_of(chunk("customer#C-4#0")))
    with monkeypatch.context() as patch:  # the process died between the bulk index and the ledger write
        patch.setattr(ChunkLedger, "record", lambda *args: (_ for _ in ()).throw(RuntimeError("crash")))
        with pytest.raises(RuntimeError):
            index.upsert([indexed(crashed)])
    collection.lose(collection.copies(lost.chunk_id)[0])  # gone without the ledger knowing
    collection.refresh()
    unlisted = collection.copies(crashed.chunk_id) + [behind_the_back]

    stats = index.reconcile(settle_seconds=0)

    assert stats == ReconcileStats(orphans=2, stale=0, forgotten=1)
    assert not set(unlisted) & set(collection.stored)
    assert list(collection.stored.values()) == [document_of(kept)]
    assert index.record_hashes(RecordType.customer, "C-3") == {}  # the next indexer pass writes it again
    assert index.record_hashes(RecordType.customer, "C-1") == {kept.chunk_id: kept.content_hash}
    collection.refresh()
    assert index.reconcile(settle_seconds=0) == ReconcileStats()


def test_reconcile_leaves_recent_entries_alone(index: OpenSearchIndex, collection: FakeCollection) -> None:
    """A document written a moment ago may not be searchable yet: its entry is not dangling."""
    index.upsert([indexed(chunk())])

    assert index.reconcile() == ReconcileStats()
    assert index.record_hashes(RecordType.work_order, "WO-1")
    assert len(collection.stored) == 1


def test_reconcile_deletes_old_copies_an_interrupted_replacement_left(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    index.upsert([indexed(chunk(text="one"))])
    collection.bulk_status = lambda op, meta: 503 if op == "delete" else None
    with pytest.raises(IndexWriteError):
        index.upsert([indexed(chunk(text="two"))])
    collection.bulk_status = lambda op, meta: None
    collection.refresh()

    assert index.reconcile(settle_seconds=0) == ReconcileStats(stale=1)
    (only,) = collection.copies("work_order#WO-1#0")
    assert collection.stored[only]["text"] == "two"


def test_reconcile_finds_copies_that_sort_alike_across_a_page_boundary(
    index: OpenSearchIndex, collection: FakeCollection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A retried write leaves an unlisted copy with the listed one's chunk id and hash."""
    monkeypatch.setattr(opensearch, "CLEAR_PAGE", 2)
    first, twin = chunk("customer#C-1#0"), chunk("customer#C-2#0")
    index.upsert([indexed(first), indexed(twin)])
    orphan = collection.add(document_of(twin))
    collection.refresh()

    assert index.reconcile(settle_seconds=0).orphans == 1
    assert orphan not in collection.stored and len(collection.stored) == 2


# --------------------------------------------------------------------------- throttling


def test_searches_retry_throttling_with_growing_pauses(
    index: OpenSearchIndex, collection: FakeCollection, pauses: list[float]
) -> None:
    collection.search_replies = [search_reply([source_hit(chunk(), 2.0)])]
    collection.search_statuses = [429, 503]

    assert len(index.search_bm25("canvas", SearchFilters(), k=2)) == 1
    assert pauses == [0.2, 0.6]
    assert len(collection.requests) == 3


def test_searches_give_up_after_three_tries_and_under_a_second_of_waiting(
    index: OpenSearchIndex, collection: FakeCollection, pauses: list[float]
) -> None:
    collection.search_statuses = [429, 502, 504, 429]

    with pytest.raises(TransportError) as raised:
        index.search_knn([0.5, 0.5, 0.5, 0.5], SearchFilters(), k=2)

    assert raised.value.status_code == 504
    assert len(collection.requests) == 3 and sum(pauses) < 1.0


def test_other_search_errors_are_not_retried(
    index: OpenSearchIndex, collection: FakeCollection, pauses: list[float]
) -> None:
    collection.search_statuses = [400]

    with pytest.raises(RequestError):
        index.count()
    assert len(collection.requests) == 1 and pauses == []


def test_throttled_bulk_items_and_requests_are_sent_again_after_a_pause(
    index: OpenSearchIndex, collection: FakeCollection, pauses: list[float]
) -> None:
    collection.bulk_statuses = [429]
    statuses = iter([429, None, None])
    collection.bulk_status = lambda op, meta: next(statuses)

    index.upsert([indexed(chunk("customer#C-1#0")), indexed(chunk("customer#C-2#0"))])

    refused, first, again = bulk_requests(collection)
    assert refused == first and len(first) == 4
    assert again[1]["chunk_id"] == "customer#C-1#0" and len(again) == 2
    assert pauses == [1.0, 1.0]
    assert sorted(source["chunk_id"] for source in collection.stored.values()) == ["customer#C-1#0", "customer#C-2#0"]


def test_a_bulk_write_that_may_have_been_applied_is_not_sent_again(
    index: OpenSearchIndex, collection: FakeCollection, pauses: list[float]
) -> None:
    """After a 504 the documents may be in the index; sending them again would add unlisted copies."""
    collection.bulk_statuses = [504]

    with pytest.raises(TransportError):
        index.upsert([indexed(chunk())])
    assert len(bulk_requests(collection)) == 1 and pauses == []


# --------------------------------------------------------------------------- the ledger


def test_concurrent_replacements_keep_the_last_recorded_copy_and_list_the_rest(ledger: ChunkLedger) -> None:
    """Two indexers replace one chunk at once: whatever their interleaving, each deletes what it saw
    listed besides its own copy, and only the copy recorded last stays listed."""
    chunk_id = "customer#C-1#0"
    ledger.record(chunk_id, "h0", "p")
    a = ledger.record(chunk_id, "h1", "a")
    b = ledger.record(chunk_id, "h2", "b")
    assert (a.stale, b.stale) == ({"p"}, {"p", "a"})

    ledger.drop(a, a.stale)
    ledger.drop(b, b.stale)
    assert ledger.forget(a) is False  # a newer copy was recorded since
    (entry,) = ledger.entries([chunk_id])
    assert (entry.live, entry.ids, entry.content_hash) == ("b", {"b"}, "h2")
    assert ledger.hashes("customer#C-1") == {chunk_id: "h2"}

    assert ledger.forget(entry) is True
    ledger.drop(entry, {"b"})  # an entry forgotten meanwhile is not brought back
    assert ledger.entries([chunk_id]) == [] and list(ledger.scan()) == []


def test_ledger_entries_are_per_record(ledger: ChunkLedger) -> None:
    ledger.record("document#a#b.pdf#0", "h", "d1")  # a document key may hold '#'
    ledger.record("document#a#b.pdf#1", "h", "d2")
    ledger.record("document#a#0", "h", "d3")

    assert set(ledger.hashes("document#a#b.pdf")) == {"document#a#b.pdf#0", "document#a#b.pdf#1"}
    assert [e.live for e in ledger.entries(["document#a#b.pdf#1", "document#a#0", "document#x#0"])] == ["d2", "d3"]


# --------------------------------------------------------------------------- the operator's command


def test_the_reconcile_command_reports_what_it_repaired(
    services: Services, collection: FakeCollection, capsys: pytest.CaptureFixture[str]
) -> None:
    collection.index_exists = True
    collection.add(document_of(chunk()))
    collection.refresh()
    ledger = ChunkLedger(services.dynamodb, services.settings.chunk_ledger_table)  # the table local mode creates
    services.__dict__["search_index"] = OpenSearchIndex(client_for(collection), INDEX, DIMS, ledger)  # as deployed

    assert cli.main(["reconcile"]) == 0

    assert "1 unlisted document(s)" in capsys.readouterr().out
    assert collection.stored == {}


def test_the_reconcile_command_refuses_the_embedded_index(services: Services) -> None:
    with pytest.raises(SystemExit, match="OpenSearch"):
        cli.main(["reconcile"])
