"""The writer of the analytics mirror: Parquet partitions in S3, kept equal to the tables.

The indexer hands it each stream batch's net changes (``Change``: a record's image before
and after) and the full snapshot on a rebuild. A batch is grouped by the partitions it
touches; each is read, the changed records' rows are replaced (a delete leaves none) and it
is written back (several at once), or deleted once empty. That is replay-safe: applying a batch
twice gives the same rows, and identical rows give identical bytes, which are not written again.

Two writers can touch one partition at once (shards of one table run in parallel), so a
partition is written conditionally on the ETag read (``If-Match``; ``If-None-Match: *`` for a
new one) and read again when another writer got there first. Readers learn what changed
from the ETags of one listing (see ``reader``), looked at when the version object moved; there is
no manifest to contend over.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from botocore.exceptions import ClientError

from awning_assistant.analytics.parquet import ParquetCodec
from awning_assistant.analytics.tables import TABLES, MirrorTable, Row, rows_of
from awning_assistant.models import RecordType

PART_FILE = "part.parquet"
VERSION_FILE = "_version"  # rewritten after every change, so an idle reader reads one object, not the listing
PARQUET_TYPE = "application/vnd.apache.parquet"
WRITE_ATTEMPTS = 5
PARALLEL_WRITES = 8  # partitions of a batch rewritten at once: each is a GET and a PUT to S3


@dataclass(frozen=True)
class Change:
    """One record's net change in a stream batch (``new`` None: deleted; ``old`` None: inserted)."""

    rtype: RecordType
    old: dict[str, Any] | None
    new: dict[str, Any] | None


@dataclass
class MirrorStats:
    """What a batch or a rebuild did to the partitions."""

    written: int = 0
    unchanged: int = 0
    deleted: int = 0


# Per touched partition: each changed record's rows there (an empty list removes the record).
Edits = dict[tuple[str, str], dict[Row, list[Row]]]


def partition_key(prefix: str, table: str, partition: str) -> str:
    return "/".join(p for p in (prefix, table, partition, PART_FILE) if p)


def _conflict(exc: ClientError) -> bool:
    """A conditional write or delete lost to another writer (changed, or deleted, since it was read)."""
    return exc.response["Error"]["Code"] in (
        "PreconditionFailed",
        "412",
        "ConditionalRequestConflict",
        "409",
        "NoSuchKey",
        "404",
    )


@dataclass
class PartitionStore:
    """The mirror's objects in S3: read with their ETag, written and deleted only if unchanged since."""

    s3: Any
    bucket: str
    prefix: str
    codec: ParquetCodec = field(default_factory=ParquetCodec)

    def key(self, table: str, partition: str) -> str:
        return partition_key(self.prefix, table, partition)

    def etags(self) -> dict[str, str]:
        """Every partition object's key and ETag (one listing, paged)."""
        found: dict[str, str] = {}
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=f"{self.prefix}/")
        for page in pages:
            found.update((o["Key"], o["ETag"]) for o in page.get("Contents", []) if o["Key"].endswith(PART_FILE))
        return found

    def touch(self) -> None:
        """Mark the mirror changed (after its partitions were written): readers compare this one object's ETag."""
        self.s3.put_object(Bucket=self.bucket, Key=f"{self.prefix}/{VERSION_FILE}", Body=uuid4().hex.encode())

    def version(self) -> str | None:
        """The version object's ETag; None when no writer has marked the mirror yet."""
        try:
            return str(self.s3.head_object(Bucket=self.bucket, Key=f"{self.prefix}/{VERSION_FILE}")["ETag"])
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("NoSuchKey", "404", "NotFound"):
                return None
            raise

    def read(self, key: str) -> tuple[bytes | None, str | None]:
        """The partition file and its ETag (None and None when it does not exist)."""
        try:
            reply = self.s3.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("NoSuchKey", "404", "NotFound"):
                return None, None
            raise
        return reply["Body"].read(), reply["ETag"]

    def write(self, key: str, body: bytes | None, etag: str | None) -> None:
        """Replace the partition with ``body`` (delete it for None), if its ETag is still ``etag``."""
        if body is None:
            if etag is not None:
                self.s3.delete_object(Bucket=self.bucket, Key=key, IfMatch=etag)
            return
        condition = {"IfMatch": etag} if etag else {"IfNoneMatch": "*"}
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=PARQUET_TYPE, **condition)

    def replace(self, table: MirrorTable, key: str, rows: list[Row], etag: str | None) -> bool:
        """Write the partition unconditionally unless it already holds exactly these bytes; True when written."""
        body = self.codec.encode(table, rows)
        if etag == f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"':
            return False
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=PARQUET_TYPE)
        return True


class MirrorWriter:
    """Keeps the mirror's partitions equal to the tables, from stream batches and full snapshots."""

    def __init__(self, store: PartitionStore) -> None:
        self._store = store

    def apply(self, changes: Iterable[Change]) -> MirrorStats:
        """Apply a batch's net changes, rewriting each touched partition once."""
        edits: Edits = defaultdict(dict)
        for change in changes:
            # The record leaves every partition it was in, then has its rows where it is now.
            for image, keep in ((change.old, False), (change.new, True)):
                if image:
                    record = rows_of(change.rtype, image)
                    for table, parts in record.tables.items():
                        for partition, rows in parts.items():
                            edits[table, partition][record.key] = rows if keep else []
        with ThreadPoolExecutor(max_workers=PARALLEL_WRITES) as pool:
            outcomes = Counter(pool.map(lambda touched: self._edit(touched[0], touched[1], edits[touched]), edits))
        if outcomes["written"] or outcomes["deleted"]:
            self._store.touch()
        return MirrorStats(outcomes["written"], outcomes["unchanged"], outcomes["deleted"])

    def _edit(self, name: str, partition: str, records: dict[Row, list[Row]]) -> str:
        """Replace the records' rows in one partition; what happened to it (written, unchanged, deleted)."""
        table, key = TABLES[name], self._store.key(name, partition)
        rows = [r for found in records.values() for r in found]
        for _ in range(WRITE_ATTEMPTS):
            current, etag = self._store.read(key)
            body, count = self._store.codec.merge(table, current, records, rows)
            if body == current or (current is None and not count):
                return "unchanged"
            try:
                self._store.write(key, body if count else None, etag)
            except ClientError as exc:
                if _conflict(exc):
                    continue  # another writer changed it meanwhile: read it again
                raise
            return "written" if count else "deleted"
        raise RuntimeError(f"mirror partition {key} kept changing under this writer")

    def rebuild(self, snapshot: dict[RecordType, list[dict[str, Any]]]) -> MirrorStats:
        """Make the mirror exactly the snapshot: every partition written unless its bytes are
        already there, partitions the snapshot no longer has deleted."""
        wanted: dict[str, tuple[MirrorTable, list[Row]]] = {}
        for rtype, items in snapshot.items():
            for item in items:
                for table, parts in rows_of(rtype, item).tables.items():
                    for partition, rows in parts.items():
                        wanted.setdefault(self._store.key(table, partition), (TABLES[table], []))[1].extend(rows)
        wanted = {key: found for key, found in wanted.items() if found[1]}
        existing = self._store.etags()

        def write(key: str) -> bool:
            table, rows = wanted[key]
            return self._store.replace(table, key, rows, existing.get(key))

        with ThreadPoolExecutor(max_workers=PARALLEL_WRITES) as pool:
            outcomes = Counter(pool.map(write, wanted))
        stale = [key for key in existing if key not in wanted]
        for key in stale:
            self._store.s3.delete_object(Bucket=self._store.bucket, Key=key)
        self._store.touch()
        return MirrorStats(outcomes[True], outcomes[False], len(stale))
