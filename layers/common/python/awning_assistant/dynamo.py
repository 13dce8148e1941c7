"""DynamoDB reads every table needs: all pages of a Query or Scan, and BatchGetItem in
pages of 100 with its unprocessed keys asked again."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any


def all_pages(operation: Callable[..., dict[str, Any]], **kwargs: Any) -> Iterator[dict[str, Any]]:
    """The items of every page of ``operation`` (a table's ``query`` or ``scan``)."""
    while True:
        reply = operation(**kwargs)
        yield from reply.get("Items", [])
        if "LastEvaluatedKey" not in reply:
            return
        kwargs["ExclusiveStartKey"] = reply["LastEvaluatedKey"]


def batch_get(dynamodb: Any, table_name: str, key: str, ids: Iterable[str],
              consistent: bool = False) -> dict[str, dict[str, Any]]:
    """Items of one table by their (hash) key value; missing ones are left out."""
    wanted = list(ids)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 100):
        request = {table_name: {"Keys": [{key: i} for i in wanted[start:start + 100]], "ConsistentRead": consistent}}
        while request:
            reply = dynamodb.batch_get_item(RequestItems=request)
            found.update((item[key], item) for item in reply["Responses"].get(table_name, []))
            request = reply.get("UnprocessedKeys") or {}
    return found
