"""DynamoDB reads every table needs: all pages of a Query or Scan, and BatchGetItem in
pages of 100 with its unprocessed keys asked again after a growing pause (DynamoDB returns
them when the table is throttling: asking again at once only adds to the load)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

BACKOFF_SECONDS = 0.05
MAX_BACKOFF_SECONDS = 1.0


def all_pages(operation: Callable[..., dict[str, Any]], **kwargs: Any) -> Iterator[dict[str, Any]]:
    """The items of every page of ``operation`` (a table's ``query`` or ``scan``)."""
    while True:
        reply = operation(**kwargs)
        yield from reply.get("Items", [])
        if "LastEvaluatedKey" not in reply:
            return
        kwargs["ExclusiveStartKey"] = reply["LastEvaluatedKey"]


def batch_get(
    dynamodb: Any, table_name: str, key: str, ids: Iterable[str], consistent: bool = False
) -> dict[str, dict[str, Any]]:
    """Items of one table by their (hash) key value; missing ones are left out."""
    wanted = list(ids)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 100):
        request = {table_name: {"Keys": [{key: i} for i in wanted[start : start + 100]], "ConsistentRead": consistent}}
        for attempt in itertools.count():
            reply = dynamodb.batch_get_item(RequestItems=request)
            found.update((item[key], item) for item in reply["Responses"].get(table_name, []))
            request = reply.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(min(BACKOFF_SECONDS * 2**attempt, MAX_BACKOFF_SECONDS))
    return found
