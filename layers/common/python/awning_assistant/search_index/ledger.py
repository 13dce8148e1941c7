"""Which OpenSearch documents hold each chunk, in DynamoDB: what the OpenSearch index replaces and deletes by.

A VECTORSEARCH collection names its documents itself and shows a write to searches only after
its refresh (seconds), so a search for a chunk's documents misses those written just before.
The ledger records each document id the collection returned, and is read with consistent reads.

One item per chunk: ``Record`` (``<type>#<id>``, the partition: a record's chunks are one
Query) and ``Chunk`` (the chunk id); ``Hash`` and ``Live`` are the content hash and document
id of the current copy, ``Ids`` (a string set) every document that may still hold the chunk
(the current copy and old ones not yet deleted), ``Written`` when the current copy was recorded.
Each change is one atomic UpdateItem or conditional DeleteItem, so concurrent indexers
interleave safely: the copy recorded last stays current and every other copy is listed until
it is deleted.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from awning_assistant.records.dynamo import all_pages


def record_key(chunk_id: str) -> str:
    """``work_order#WO-1#0`` -> ``work_order#WO-1``: the record a chunk id belongs to."""
    return chunk_id.rsplit("#", 1)[0]


@dataclass(frozen=True)
class Entry:
    """A chunk's line in the ledger."""

    chunk_id: str
    content_hash: str
    live: str  # the document holding the current copy
    ids: frozenset[str]  # every document that may still hold the chunk, ``live`` included
    written: int  # when ``live`` was recorded (epoch seconds)

    @property
    def stale(self) -> frozenset[str]:
        """Old copies still to delete."""
        return self.ids - {self.live}


class ChunkLedger:
    """The chunk -> document ids table of the OpenSearch index."""

    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self._table = dynamodb.Table(table_name)

    def hashes(self, record: str) -> dict[str, str]:
        """``chunk_id -> content_hash`` of a record's current copies."""
        items = all_pages(
            self._table.query,
            KeyConditionExpression=Key("Record").eq(record),
            ConsistentRead=True,
            ProjectionExpression="#chunk, #hash",
            ExpressionAttributeNames={"#chunk": "Chunk", "#hash": "Hash"},
        )
        return {item["Chunk"]: item["Hash"] for item in items}

    def entries(self, chunk_ids: Iterable[str]) -> list[Entry]:
        """The entries of these chunks (unknown ones are left out)."""
        by_record: dict[str, set[str]] = defaultdict(set)
        for chunk_id in chunk_ids:
            by_record[record_key(chunk_id)].add(chunk_id)
        found = []
        for record, wanted in by_record.items():
            items = all_pages(self._table.query, KeyConditionExpression=Key("Record").eq(record), ConsistentRead=True)
            found += [_entry(item) for item in items if item["Chunk"] in wanted]
        return found

    def scan(self) -> Iterator[Entry]:
        """Every entry."""
        return map(_entry, all_pages(self._table.scan, ConsistentRead=True))

    def record(self, chunk_id: str, content_hash: str, doc_id: str) -> Entry:
        """``doc_id`` now holds the chunk's current copy; earlier copies stay listed until dropped."""
        reply = self._table.update_item(
            Key=_key(chunk_id),
            UpdateExpression="SET #hash = :hash, #live = :live, #written = :now ADD #ids :id",
            ExpressionAttributeNames={"#hash": "Hash", "#live": "Live", "#written": "Written", "#ids": "Ids"},
            ExpressionAttributeValues={
                ":hash": content_hash,
                ":live": doc_id,
                ":now": int(time.time()),
                ":id": {doc_id},
            },
            ReturnValues="ALL_NEW",
        )
        return _entry(reply["Attributes"])

    def drop(self, entry: Entry, doc_ids: Iterable[str]) -> None:
        """Unlist deleted old copies (a set DELETE: what others listed meanwhile stays)."""
        gone = set(doc_ids)
        if not gone:
            return
        try:
            self._table.update_item(
                Key=_key(entry.chunk_id),
                UpdateExpression="DELETE #ids :gone",
                ConditionExpression="attribute_exists(#live)",  # never create an item
                ExpressionAttributeNames={"#ids": "Ids", "#live": "Live"},
                ExpressionAttributeValues={":gone": gone},
            )
        except ClientError as error:
            if not _condition_failed(error):
                raise

    def forget(self, entry: Entry) -> bool:
        """Drop the entry unless a newer copy was recorded since it was read; whether it was dropped."""
        try:
            self._table.delete_item(
                Key=_key(entry.chunk_id),
                ConditionExpression="#live = :live",
                ExpressionAttributeNames={"#live": "Live"},
                ExpressionAttributeValues={":live": entry.live},
            )
        except ClientError as error:
            if not _condition_failed(error):
                raise
            return False
        return True


def _key(chunk_id: str) -> dict[str, str]:
    return {"Record": record_key(chunk_id), "Chunk": chunk_id}


def _entry(item: dict[str, Any]) -> Entry:
    return Entry(
        chunk_id=item["Chunk"],
        content_hash=item["Hash"],
        live=item["Live"],
        ids=frozenset(item.get("Ids", ())),
        written=int(item["Written"]),
    )


def _condition_failed(error: ClientError) -> bool:
    return bool(error.response["Error"]["Code"] == "ConditionalCheckFailedException")
