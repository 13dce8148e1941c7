"""OpenSearchIndex through the real opensearch-py client, SigV4 (``aoss``) signing and HTTP.

No OpenSearch server can run here, so a small ``http.server`` in a thread plays the
collection: it records every request and answers with canned OpenSearch JSON. The tests
assert the exact requests an OpenSearch Serverless VECTORSEARCH collection would get.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.credentials import Credentials
from opensearchpy import OpenSearch, RequestsHttpConnection
from opensearchpy.exceptions import AuthorizationException
from requests_aws4auth import AWS4Auth

from awning_assistant.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.search_index.base import Hit, IndexedChunk, SearchFilters
from awning_assistant.search_index.opensearch import (
    IndexWriteError,
    OpenSearchIndex,
    cosine_from_score,
    filter_clauses,
)
from awning_assistant.settings import Settings

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
    """Records requests; answers searches from a queue and everything else from simple rules.

    Like a real collection, it has no index until one is created: searches and bulk writes
    of a missing index get ``index_not_found_exception``.
    """

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.search_replies: list[dict[str, Any]] = []
        self.index_exists = False
        self.create_reply: Reply = (200, {"acknowledged": True, "index": INDEX})
        self.bulk_status: Callable[[str, dict[str, Any]], int] = lambda op, meta: 201 if op == "index" else 200

    def reply(self, request: Request) -> Reply:
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
        if request.path == f"/{INDEX}/_search":
            return 200, self.search_replies.pop(0) if self.search_replies else search_reply([])
        if request.path == f"/{INDEX}/_bulk":
            return 200, self.bulk_reply(request)
        return 404, {"error": {"type": "unexpected_request", "reason": str(route)}, "status": 404}

    def bulk_reply(self, request: Request) -> dict[str, Any]:
        lines = request.ndjson()
        items, position = [], 0
        while position < len(lines):
            ((op, meta),) = lines[position].items()
            position += 2 if op == "index" else 1
            status = self.bulk_status(op, meta)
            item: dict[str, Any] = {
                "_index": INDEX,
                "_id": meta.get("_id", f"gen-{len(items)}"),
                "status": status,
            }
            if status >= 300:
                item["error"] = {"type": "mapper_parsing_exception", "reason": "bad"}
            items.append({op: item})
        return {
            "took": 3,
            "errors": any(next(iter(i.values()))["status"] >= 300 for i in items),
            "items": items,
        }


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
            collection.requests.append(request)
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


@pytest.fixture
def fresh_index(collection: FakeCollection) -> OpenSearchIndex:
    """A process's index object that has not talked to the collection yet (which has no index)."""
    auth = AWS4Auth("AKIDEXAMPLE", "secret", "us-east-1", "aoss", session_token="session-token")
    client = OpenSearch(
        hosts=[{"host": "127.0.0.1", "port": collection.port}],  # type: ignore[attr-defined]
        http_auth=auth,
        use_ssl=False,
        connection_class=RequestsHttpConnection,
        timeout=5,
    )
    return OpenSearchIndex(client, INDEX, DIMS)


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


def test_ensure_index_leaves_an_existing_index_alone(
    fresh_index: OpenSearchIndex, collection: FakeCollection
) -> None:
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

    assert [r.method for r in collection.requests] == ["HEAD", "PUT", "POST", "POST"]


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


def test_upsert_finds_old_copies_by_chunk_id_then_indexes_without_ids_and_deletes_old(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    first, second = chunk("work_order#WO-1#0"), chunk("work_order#WO-1#1", text="Second part.")
    collection.search_replies = [search_reply([id_hit("old-a"), id_hit("old-b")])]

    index.upsert([indexed(first, [1.0, 0.0, 0.0, 0.0]), indexed(second)])

    lookup, writes, deletes = collection.requests
    assert (lookup.method, lookup.path) == ("POST", f"/{INDEX}/_search")
    assert lookup.json() == {
        "size": 10_000,
        "_source": False,
        "query": {"terms": {"chunk_id": ["work_order#WO-1#0", "work_order#WO-1#1"]}},
    }
    assert (writes.method, writes.path) == ("POST", f"/{INDEX}/_bulk")
    lines = writes.ndjson()
    no_custom_id = {"index": {}}  # a VECTORSEARCH collection rejects _id on index actions
    assert lines[0] == lines[2] == no_custom_id
    assert lines[1] == first.model_dump(mode="json") | {
        "content_hash": first.content_hash,
        "vector": [1.0, 0.0, 0.0, 0.0],
    }
    assert lines[3]["chunk_id"] == "work_order#WO-1#1" and lines[3]["vector"] == [0.5] * 4
    assert len(lines) == 4
    assert (deletes.method, deletes.path) == ("POST", f"/{INDEX}/_bulk")
    assert deletes.ndjson() == [{"delete": {"_id": "old-a"}}, {"delete": {"_id": "old-b"}}]


def test_a_failed_index_write_keeps_the_old_copies(index: OpenSearchIndex, collection: FakeCollection) -> None:
    collection.search_replies = [search_reply([id_hit("old")])]
    collection.bulk_status = lambda op, meta: 400 if op == "index" else 200

    with pytest.raises(IndexWriteError) as raised:
        index.upsert([indexed(chunk())])

    assert raised.value.errors[0]["index"]["status"] == 400
    assert [r.path for r in collection.requests] == [f"/{INDEX}/_search", f"/{INDEX}/_bulk"]  # no delete


def test_upsert_of_new_chunks_deletes_nothing(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.upsert([indexed(chunk())])
    index.upsert([])

    assert [r.path for r in collection.requests] == [f"/{INDEX}/_search", f"/{INDEX}/_bulk"]


def test_upsert_keeps_the_last_copy_of_a_repeated_chunk_id(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.upsert([indexed(chunk(text="old text")), indexed(chunk(text="new text"))])

    lines = collection.requests[1].ndjson()
    assert [line.get("text") for line in lines[1::2]] == ["new text"]


def test_upsert_rejects_vectors_of_the_wrong_size(index: OpenSearchIndex, collection: FakeCollection) -> None:
    with pytest.raises(ValueError, match="3 dimensions"):
        index.upsert([indexed(chunk(), [1.0, 0.0, 0.0])])
    assert collection.requests == []


def test_no_request_asks_for_a_refresh(index: OpenSearchIndex, collection: FakeCollection) -> None:
    collection.search_replies = [search_reply([id_hit("old")]), search_reply([id_hit("old")])]

    index.upsert([indexed(chunk())])
    index.delete_chunks(["work_order#WO-1#0"])

    assert collection.requests
    for request in collection.requests:
        assert "refresh" not in request.query and "_refresh" not in request.path


def test_deleting_an_already_deleted_document_is_fine_other_failures_raise(
    index: OpenSearchIndex, collection: FakeCollection
) -> None:
    collection.bulk_status = lambda op, meta: 404 if meta.get("_id") == "gone" else 200
    collection.search_replies = [search_reply([id_hit("gone")])]
    index.delete_chunks(["work_order#WO-1#0"])  # no exception

    collection.bulk_status = lambda op, meta: 500
    collection.search_replies = [search_reply([id_hit("stuck")])]
    with pytest.raises(IndexWriteError) as raised:
        index.delete_chunks(["work_order#WO-1#0"])
    assert raised.value.errors[0]["delete"]["_id"] == "stuck"


def test_delete_chunks_searches_ids_then_bulk_deletes(index: OpenSearchIndex, collection: FakeCollection) -> None:
    collection.search_replies = [search_reply([id_hit("d1"), id_hit("d2")])]

    index.delete_chunks(["repair_order#RO-9#0", "repair_order#RO-9#1"])

    lookup, bulk = collection.requests
    assert lookup.json()["query"] == {"terms": {"chunk_id": ["repair_order#RO-9#0", "repair_order#RO-9#1"]}}
    assert bulk.path == f"/{INDEX}/_bulk"
    assert bulk.ndjson() == [{"delete": {"_id": "d1"}}, {"delete": {"_id": "d2"}}]


def test_delete_of_unknown_chunks_sends_no_bulk(index: OpenSearchIndex, collection: FakeCollection) -> None:
    index.delete_chunks(["customer#NOPE#0"])

    assert [r.path for r in collection.requests] == [f"/{INDEX}/_search"]


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


# --------------------------------------------------------------------------- reads


def test_record_hashes_filters_on_type_and_id(index: OpenSearchIndex, collection: FakeCollection) -> None:
    a, b = chunk("work_order#WO-1#0"), chunk("work_order#WO-1#1", text="other")
    collection.search_replies = [search_reply([source_hit(a, 0.0), source_hit(b, 0.0)])]

    hashes = index.record_hashes(RecordType.work_order, "WO-1")

    assert hashes == {a.chunk_id: a.content_hash, b.chunk_id: b.content_hash}
    assert collection.requests[0].json() == {
        "size": 10_000,
        "_source": ["chunk_id", "content_hash"],
        "query": {"bool": {"filter": [{"term": {"record_type": "work_order"}}, {"term": {"record_id": "WO-1"}}]}},
    }


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
    assert clause["bool"]["should"] == [{"terms": {"territory": []}},
                                        {"terms": {"record_type": ["document", "inventory"]}}]


def test_open_ended_date_range() -> None:
    assert filter_clauses(SearchFilters(date_from=date(2026, 1, 1))) == [{"range": {"date": {"gte": "2026-01-01"}}}]


@pytest.mark.parametrize("dot", [1.0, 0.8, 0.0, -0.3, -1.0])
def test_innerproduct_scores_convert_back_to_cosine(dot: float) -> None:
    opensearch_score = dot + 1 if dot >= 0 else 1 / (1 - dot)  # OpenSearch's faiss innerproduct scoring
    assert cosine_from_score(opensearch_score) == pytest.approx(dot)


def test_every_request_is_sigv4_signed_for_aoss(fresh_index: OpenSearchIndex, collection: FakeCollection) -> None:
    collection.search_replies = [search_reply([id_hit("old")])]
    fresh_index.upsert([indexed(chunk())])

    assert [r.method for r in collection.requests] == ["HEAD", "PUT", "POST", "POST", "POST"]
    for request in collection.requests:
        authorization = request.headers["authorization"]
        assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
        assert "/us-east-1/aoss/aws4_request" in authorization
        assert "x-amz-content-sha256" in authorization  # the payload hash is signed, as AOSS requires
        assert request.headers["x-amz-date"]
        assert request.headers["x-amz-security-token"] == "session-token"
        assert request.headers["x-amz-content-sha256"] == hashlib.sha256(request.body).hexdigest()


def test_from_settings_builds_a_signed_https_client() -> None:
    settings = Settings(opensearch_endpoint="https://abc123.us-east-1.aoss.amazonaws.com/", opensearch_index="chunks")
    credentials = Credentials("AKIDEXAMPLE", "secret", "token")

    built = OpenSearchIndex.from_settings(settings, credentials)

    client = built._client
    connection = client.transport.get_connection()
    assert client.transport.hosts == [{"host": "abc123.us-east-1.aoss.amazonaws.com", "port": 443}]
    assert connection.host == "https://abc123.us-east-1.aoss.amazonaws.com:443"
    assert connection.session.verify not in (False, None)  # certificates are checked
    assert isinstance(connection.session.auth, AWS4Auth)
    assert connection.session.auth.service == "aoss" and connection.session.auth.region == settings.aws_region
    assert built._index == "chunks" and built._dimensions == settings.embedding_dimensions


def test_from_settings_requires_an_endpoint() -> None:
    with pytest.raises(ValueError, match="opensearch_endpoint"):
        OpenSearchIndex.from_settings(Settings(opensearch_endpoint=None), Credentials("a", "b"))
