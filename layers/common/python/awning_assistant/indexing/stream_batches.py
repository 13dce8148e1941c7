"""A DynamoDB stream batch as the indexer applies it: one net change per item.

A stream delivers every change of an item, in order, and a batch can hold several of one item.
Applying each would replace the item's chunks twice within OpenSearch's refresh window (the
second replacement can't see the first one's documents: duplicates). Only the net change
matters: the image after the last change, and the image before the first (the analytics mirror
moves an order from the partition it was in to the one it is in now).

A collapsed change keeps AWS's record shape and carries the *first* change's sequence number,
so if it fails, Lambda retries the batch from that item's first change again.
"""

from __future__ import annotations

import copy
import json
from typing import Any


def _item_key(record: dict[str, Any]) -> tuple[str, str]:
    return record.get("eventSourceARN", ""), json.dumps(record["dynamodb"]["Keys"], sort_keys=True)


def collapse(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The batch with each item's changes merged into one, in the order items first appear."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        key = _item_key(record)
        first = merged.get(key)
        if first is None:
            merged[key] = record
            continue
        net = copy.deepcopy(record)
        stream = net["dynamodb"]
        stream["SequenceNumber"] = first["dynamodb"]["SequenceNumber"]
        before = first["dynamodb"].get("OldImage")
        if before is None:
            stream.pop("OldImage", None)
        else:
            stream["OldImage"] = before
        if net["eventName"] != "REMOVE":
            net["eventName"] = "MODIFY" if before is not None else "INSERT"
        merged[key] = net
    return list(merged.values())
