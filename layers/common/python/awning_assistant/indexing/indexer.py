"""Keeping the search index (and the analytics mirror) equal to the tables and the documents bucket.

Records are re-chunked on every change; chunks whose content hash is unchanged are not
re-embedded, and chunks a record no longer produces are deleted. Orders also refresh
their customer's profile chunk (its order-history summary).

Records come in as stored items (stream images, scans, a snapshot): the indexer keeps those for what works on
items (the derived attributes' sync, the analytics mirror) and chunks their typed rows (``records.rows``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from awning_assistant.documents import UPLOADER_METADATA, DocumentError, check_size, is_indexable
from awning_assistant.documents.catalog import DocumentCatalog
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.indexing.chunking import (
    customer_chunks,
    document_chunks,
    inventory_chunks,
    order_chunks,
    territory_of,
)
from awning_assistant.indexing.embeddings import Embedder
from awning_assistant.models import RecordType
from awning_assistant.records.redaction import redact
from awning_assistant.records.rows import CustomerRow, OrderRow, OrderSummary, StockRow
from awning_assistant.records.store import ENTITIES, ORDER_TYPES, RecordStore
from awning_assistant.search_index import IndexedChunk, SearchIndex

if TYPE_CHECKING:
    from awning_assistant.analytics.mirror import MirrorWriter
    from awning_assistant.documents.extraction import DocumentReader, Extraction

EMBED_BATCH = 256
Group = tuple[RecordType, str, list[Chunk]]  # a record and the chunks it should have in the index
Progress = Callable[[int, int], None]  # records indexed so far, of how many (a command line shows a bar)


@dataclass
class IndexStats:
    """What one indexing call did."""

    embedded: int = 0
    unchanged: int = 0
    deleted: int = 0

    def add(self, other: IndexStats) -> None:
        self.embedded += other.embedded
        self.unchanged += other.unchanged
        self.deleted += other.deleted


class Indexer:
    """Turns records and documents into chunks in the index (AWS or embedded alike)."""

    def __init__(
        self,
        index: SearchIndex,
        embedder: Embedder,
        records: RecordStore,
        catalog: DocumentCatalog,
        s3: Any,
        bucket: str,
        reader: DocumentReader,
        mirror: MirrorWriter | None = None,
    ) -> None:
        self._index = index
        self._reader = reader
        self._mirror = mirror
        self._catalog = catalog
        self._embedder = embedder
        self._records = records
        self._s3 = s3
        self._bucket = bucket

    # ---- chunks of a record ---------------------------------------------------------------

    def _order_groups(self, rtype: RecordType, items: list[dict[str, Any]]) -> list[Group]:
        """Orders' chunks, in their customer's territory; each order's derived attributes are
        brought in line with its customer on the way (whoever wrote it)."""
        orders = [(item, OrderRow.from_item(rtype, item)) for item in items]
        customers = self._records.customers({o.cust_id for _, o in orders if o.cust_id})
        groups = []
        for item, order in orders:
            customer = customers.get(order.cust_id or "")
            self._records.sync_derived(rtype, item, territory_of(customer))
            groups.append((rtype, order.order_no, order_chunks(order, customer)))
        return groups

    def _customer_groups(self, customers: list[CustomerRow], sync: bool) -> list[Group]:
        """Customers' profile chunks; with ``sync`` their orders follow them to a new territory."""
        groups = []
        for customer in customers:
            items = [(t, o) for t in ORDER_TYPES for o in self._records.orders_by_customer(t, customer.cust_id)]
            if sync:
                for rtype, item in items:
                    self._records.sync_derived(rtype, item, territory_of(customer))
            orders = [OrderRow.from_item(t, o) for t, o in items]
            groups.append((RecordType.customer, customer.cust_id, customer_chunks(customer, orders)))
        return groups

    def _replace(self, groups: list[Group]) -> IndexStats:
        """Store each record's new chunks, embedding only changed text; drop its stale chunks."""
        stats, fresh, stale = IndexStats(), [], []
        for rtype, record_id, chunks in groups:
            stored = self._index.record_hashes(rtype, record_id)
            wanted = {c.chunk_id for c in chunks}
            stale += [cid for cid in stored if cid not in wanted]
            for chunk in chunks:
                if stored.get(chunk.chunk_id) == chunk.content_hash:
                    stats.unchanged += 1
                else:
                    fresh.append(chunk)
        for start in range(0, len(fresh), EMBED_BATCH):
            batch = fresh[start : start + EMBED_BATCH]
            texts = list(dict.fromkeys(c.semantic_text for c in batch))  # the same words are embedded once
            vectors = dict(zip(texts, self._embedder.embed_documents(texts), strict=True))
            self._index.upsert(
                [IndexedChunk(chunk=c, vector=vectors[c.semantic_text], content_hash=c.content_hash) for c in batch]
            )
        if stale:
            self._index.delete_chunks(stale)
        stats.embedded, stats.deleted = len(fresh), len(stale)
        return stats

    # ---- change events --------------------------------------------------------------------

    def upsert_records(self, rtype: RecordType, items: list[dict[str, Any]]) -> IndexStats:
        """Index new or changed records (and refresh their customers' profiles for orders)."""
        stats = self.index_page(rtype, items)
        if rtype in ORDER_TYPES:
            stats.add(self.refresh_customers({i.get("CustID", "") for i in items}))
        return stats

    def index_page(self, rtype: RecordType, items: list[dict[str, Any]]) -> IndexStats:
        """Records' own chunks (a page of a full reindex, where customers get a page of their own)."""
        if rtype in ORDER_TYPES:
            return self._replace(self._order_groups(rtype, items))
        if rtype is RecordType.customer:
            return self._replace(self._customer_groups([CustomerRow.from_item(i) for i in items], sync=True))
        stock = [StockRow.from_item(i) for i in items]
        return self._replace([(rtype, s.inventory_key, inventory_chunks(s)) for s in stock])

    def apply_change(
        self, rtype: RecordType, record_id: str, old: dict[str, Any] | None, new: dict[str, Any] | None
    ) -> IndexStats:
        """One net change of a record (``new`` None: deleted). An order that moved to another
        customer leaves that customer's profile too."""
        if not new:
            return self.remove_record(rtype, record_id, (old or {}).get("CustID"))
        stats = self.upsert_records(rtype, [new])
        moved_from = (old or {}).get("CustID")
        if rtype in ORDER_TYPES and moved_from and moved_from != new.get("CustID"):
            stats.add(self.refresh_customers({moved_from}))
        return stats

    def remove_record(self, rtype: RecordType, record_id: str, cust_id: str | None = None) -> IndexStats:
        stats = self._replace([(rtype, record_id, [])])
        if cust_id and rtype in ORDER_TYPES:
            stats.add(self.refresh_customers({cust_id}))
        return stats

    def refresh_customers(self, cust_ids: Iterable[str]) -> IndexStats:
        found = self._records.customers([c for c in cust_ids if c])
        return self._replace(self._customer_groups(list(found.values()), sync=False))

    def upsert_document(self, key: str, body: bytes, uploaded_by: str = "") -> IndexStats:
        """Index a document's pages and record its status and page text in the catalog.

        A document that can't be read (encrypted, corrupt, too big, no text) loses the chunks
        of any earlier version, is listed as failed with the reason, and raises DocumentError.
        One whose scans went to a background OCR job stays processing until ``finish_ocr``.
        """
        self._catalog.processing(key, len(body), uploaded_by)
        return self._store(key, body, uploaded_by, lambda: self._reader.read(key, body))

    def finish_ocr(self, key: str, job: str) -> IndexStats:
        """A background OCR job ended: its document is read again with the job's text and indexed.
        A job the document no longer waits for (replaced or deleted since) changes nothing."""
        if not job or self._catalog.ocr_job(key) != job:
            return IndexStats()
        fetched = self._fetch(key)
        if fetched is None:
            return self.remove_document(key)
        body, uploaded_by = fetched
        return self._store(key, body, uploaded_by, lambda: self._reader.finish(key, body, job))

    def _store(self, key: str, body: bytes, uploaded_by: str, read: Callable[[], Extraction]) -> IndexStats:
        try:
            found = read()
        except DocumentError as exc:
            self._unreadable(key, exc, len(body), uploaded_by)
            raise
        if found.job:  # the earlier version (if any) answers until the job's text is in
            self._catalog.processing(key, len(body), uploaded_by, found.note, found.job)
            return IndexStats()
        chunks = document_chunks(key, [p.text for p in found.pages])
        stats = self._replace([(RecordType.document, key, chunks)])
        self._catalog.indexed(
            key, [p._replace(text=redact(p.text)) for p in found.pages], len(chunks), len(body), uploaded_by, found.note
        )
        return stats

    def index_object(self, key: str) -> IndexStats:
        """Index the bucket's current object under ``key``; one deleted meanwhile is removed instead."""
        fetched = self._fetch(key)
        if fetched is None:
            return self.remove_document(key)
        return self.upsert_document(key, *fetched)

    def _fetch(self, key: str) -> tuple[bytes, str] | None:
        """The object's bytes and uploader (its size checked before it is read); None when it is gone."""
        try:
            head = self._s3.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        uploaded_by = head.get("Metadata", {}).get(UPLOADER_METADATA, "")
        try:
            check_size(head["ContentLength"])
        except DocumentError as exc:
            self._unreadable(key, exc, head["ContentLength"], uploaded_by)
            raise
        return self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read(), uploaded_by

    def _unreadable(self, key: str, problem: DocumentError, size: int, uploaded_by: str) -> None:
        """Listed as failed with the reason; an earlier version's chunks must not keep answering."""
        self._catalog.failed(key, str(problem), size, uploaded_by)
        self._replace([(RecordType.document, key, [])])

    def remove_document(self, key: str) -> IndexStats:
        self._catalog.remove(key)
        return self._replace([(RecordType.document, key, [])])

    # ---- full rebuild ----------------------------------------------------------------------

    def rebuild(self, progress: Progress | None = None, clear: bool = True) -> IndexStats:
        """Index everything in the tables and the bucket (the source of truth).

        With ``clear`` the index is emptied first, so an interrupted rebuild that is run
        again ends exactly like a clean one; without it, unchanged chunks are kept (a sync).
        """
        if clear:
            self.clear()
        stats = self.index_snapshot({t: list(self._records.scan_all(t)) for t in ENTITIES}, progress)
        keys = self.document_keys()
        for key in keys:
            stats.add(self.try_index_object(key) or IndexStats())
        stats.add(self.remove_missing_documents(keys))
        return stats

    def clear(self) -> None:
        """Empty the search index (a clearing rebuild's first step)."""
        self._index.clear()

    def rebuild_mirror(self) -> None:
        """The analytics mirror rewritten from the tables as they are now (a paged rebuild's last step)."""
        if self._mirror is not None:
            self._mirror.rebuild({t: list(self._records.scan_all(t)) for t in ENTITIES})

    def try_index_object(self, key: str) -> IndexStats | None:
        """``index_object``, with None for a document that can't be read (listed as failed, with the reason)."""
        try:
            return self.index_object(key)
        except DocumentError:
            return None

    def remove_missing_documents(self, keys: list[str]) -> IndexStats:
        """Forget catalogued documents that are not among the bucket's ``keys``."""
        stats = IndexStats()
        for gone in set(self._catalog.names()) - set(keys):
            stats.add(self.remove_document(gone))
        return stats

    def index_snapshot(
        self, items: dict[RecordType, list[dict[str, Any]]], progress: Progress | None = None
    ) -> IndexStats:
        """Index a snapshot of the tables and rebuild the analytics mirror from it:
        customers' histories come from the snapshot's orders, so no record is read twice."""
        if self._mirror is not None:
            self._mirror.rebuild(items)
        customers = [CustomerRow.from_item(i) for i in items.get(RecordType.customer, [])]
        orders = {t: [OrderRow.from_item(t, i) for i in items.get(t, [])] for t in ORDER_TYPES}
        stock = [StockRow.from_item(i) for i in items.get(RecordType.inventory, [])]
        rows: dict[RecordType, Sequence[CustomerRow | OrderRow | StockRow]] = {
            RecordType.customer: customers,
            **orders,
            RecordType.inventory: stock,
        }
        by_id = {c.cust_id: c for c in customers}
        history: dict[str, list[OrderSummary]] = defaultdict(list)
        for order in (o for t in ORDER_TYPES for o in orders[t]):
            history[order.cust_id or ""].append(order)

        def group(item: dict[str, Any], row: CustomerRow | OrderRow | StockRow) -> Group:
            if isinstance(row, CustomerRow):
                return RecordType.customer, row.cust_id, customer_chunks(row, history[row.cust_id])
            if isinstance(row, OrderRow):
                customer = by_id.get(row.cust_id or "")
                self._records.sync_derived(row.kind, item, territory_of(customer))  # reconcile as it goes
                return row.kind, row.order_no, order_chunks(row, customer)
            return RecordType.inventory, row.inventory_key, inventory_chunks(row)

        stats = IndexStats()
        total, done = sum(map(len, items.values())), 0
        for rtype, stored in items.items():
            for start in range(0, len(stored), EMBED_BATCH):
                batch = zip(stored[start : start + EMBED_BATCH], rows[rtype][start : start + EMBED_BATCH], strict=True)
                groups = [group(item, row) for item, row in batch]
                stats.add(self._replace(groups))
                done += len(groups)
                if progress:
                    progress(done, total)
        return stats

    def next_document_key(self, after: str) -> str | None:
        """The bucket's first key after ``after`` (any key, indexable or not); None past the last."""
        found = self._s3.list_objects_v2(Bucket=self._bucket, StartAfter=after, MaxKeys=1).get("Contents", [])
        return found[0]["Key"] if found else None

    def document_keys(self) -> list[str]:
        keys: list[str] = []
        for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket):
            keys += [o["Key"] for o in page.get("Contents", []) if is_indexable(o["Key"])]
        return keys
