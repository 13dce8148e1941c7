"""Hybrid retrieval: BM25 and k-NN over the same chunks, with the same filters, fused in
the application so both backends rank identically.

Reciprocal rank fusion uses only ranks, never the engines' raw scores, which are on
different scales (BM25 is unbounded, cosine lies in [-1, 1]) and differ between
OpenSearch and the embedded index.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from awning_assistant.answering.query_model import QueryPlan
from awning_assistant.answering.quoting import pointed_answer, pointed_words
from awning_assistant.identity.access import Principal
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.indexing.embeddings import Embedder
from awning_assistant.models import RecordType
from awning_assistant.search_index import Hit, SearchFilters, SearchIndex

RRF_K = 60


def reciprocal_rank_fusion(ranked_lists: list[list[Hit]], k: int = RRF_K, limit: int = 10) -> list[Hit]:
    """Fuse ranked hit lists by ``sum(1 / (k + rank))`` per ``chunk_id`` (rank from 1).

    A chunk counts once per list, at its best rank. Ties go to the more recent chunk
    ``date`` (no date is oldest), then to the smaller ``chunk_id`` so output is
    deterministic. Returned hits carry the fused score.
    """
    if k < 0:
        raise ValueError("k must not be negative")
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    for hits in ranked_lists:
        seen: set[str] = set()
        for rank, hit in enumerate(hits, start=1):
            chunk_id = hit.chunk.chunk_id
            if chunk_id in seen:
                continue
            seen.add(chunk_id)
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (k + rank)
            chunks.setdefault(chunk_id, hit.chunk)

    def order(chunk_id: str) -> tuple[float, int, str]:
        day = chunks[chunk_id].date
        # Rounded so that equal rank sums added in a different order still tie.
        return -round(scores[chunk_id], 12), -(day.toordinal() if day else 0), chunk_id

    ranked = sorted(scores, key=order)[: max(limit, 0)]
    return [Hit(chunk=chunks[chunk_id], score=scores[chunk_id]) for chunk_id in ranked]


CANDIDATES = 20
POINTED_CANDIDATES = 50  # a label's words ("Satz 4.6") are common in the text it labels: a wider net
MIN_SIMILARITY = 0.30
# BM25 runs here while the question is embedded and k-NN runs on the caller's thread: two
# OpenSearch round trips at once on AWS, SQLite FTS5 beside numpy locally (both free the GIL).
_LEXICAL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="bm25")


def search_filters(plan: QueryPlan, principal: Principal) -> SearchFilters:
    """The plan's filters plus the caller's access scope, shared by BM25 and k-NN."""
    if plan.documents_only:
        types: list[RecordType] | None = [RecordType.document]
    elif plan.order_kinds:
        types = [RecordType(k) for k in plan.order_kinds]
    else:
        types = None
    return SearchFilters(
        record_types=types, territories=principal.territory_scope(), customer_ids=plan.customer_ids or None
    )


class Retrieved(NamedTuple):
    """Fused hits, and the best embedding similarity among the documents and among the records:
    RRF keeps only ranks, so how close the best hit really is must be kept beside it."""

    hits: list[Hit]
    similarity: dict[str, float]


class Retriever:
    """Exact filters first, then BM25 and k-NN over the same chunks, fused with RRF."""

    def __init__(self, index: SearchIndex, embedder: Embedder) -> None:
        self._index = index
        self._embedder = embedder

    def retrieve(self, plan: QueryPlan, question: str, principal: Principal, limit: int = 10) -> Retrieved:
        """The best ``limit`` fused hits: more than an answer quotes, so the relevance gate can still
        find the one record that carries a code the question names."""
        filters = search_filters(plan, principal)
        running = _LEXICAL.submit(self._index.search_bm25, plan.search_text or question, filters, CANDIDATES)
        semantic = self._index.search_knn(self._embedder.embed_query(question), filters, CANDIDATES)
        lexical = running.result()
        similarity: dict[str, float] = {}
        for hit in semantic:  # best first
            similarity.setdefault("document" if hit.chunk.record_type is RecordType.document else "record", hit.score)
        pointed = self._pointed(question, filters)
        if not (lexical or pointed) and (not semantic or semantic[0].score < MIN_SIMILARITY):
            return Retrieved([], similarity)
        fused = reciprocal_rank_fusion([lexical, semantic], limit=limit)
        held = {h.chunk.chunk_id for h in pointed}
        return Retrieved((pointed + [h for h in fused if h.chunk.chunk_id not in held])[:limit], similarity)

    def _pointed(self, question: str, filters: SearchFilters) -> list[Hit]:
        """The document passages that hold the words the question quotes, or begin the numbered part it names,
        as written (``quoting``): found by those words alone, first whatever the fused ranks say."""
        said = pointed_words(question)
        if not said:
            return []
        found = self._index.search_bm25(said, filters, POINTED_CANDIDATES)
        return [
            h for h in found if h.chunk.record_type is RecordType.document and pointed_answer(question, h.chunk.text)
        ]
