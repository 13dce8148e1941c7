"""Partition lookups for moto's DynamoDB, so a local Query costs what it does on DynamoDB.

moto answers every Query by sorting the whole table and comparing every item's key (about
30 ms per Query at 10k items, 300 ms at 100k, where DynamoDB reads only the asked
partition), then deep-copies every matching item and, for a ProjectionExpression, converts
the whole item once per projected attribute (about 1.5 ms per order returned). Installed:

- each table's items are kept grouped by the hash key of the table and of each index
  (rebuilt lazily after any write to that table), and moto's own ``Table.query`` is handed
  only the items of the asked partition that meet the range condition (moto sorts and
  sizes every item it is handed);
- inside such a query, items are not deep-copied (nothing mutates them before the reply is
  serialised), a projection of top-level attributes picks them instead of converting the
  item once per attribute, and an item's size (for the 1 MB page) is remembered until the
  next write to any table;
- moto's generic response serialiser, which probes all ten members of every attribute
  value through its name pickers (about 25 us a value), writes DynamoDB attribute values
  directly, in the same JSON;
- a transaction (TransactWriteItems) is rolled back from copies of the items it touches,
  not of every table it touches: moto deep-copies each such table first, so a chat turn (one
  transaction on the sessions and audit tables) cost time in proportion to every turn ever
  stored, 250 ms after a few hundred. Tables with a stream keep moto's own way, which also
  takes back the stream records of a cancelled transaction.

moto still applies every key condition, filter, sort, limit, projection and page, so
answers are unchanged (except that a query cut by its Limit just before its last match no
longer gets a trailing empty page): ``tests/integration/test_moto_index.py`` compares them with moto's
own on random tables, queries and writes.

Local mode only (the local stack, the tests, the benchmarks); nothing on Lambda imports it.
"""

from __future__ import annotations

import copy
import inspect
import json
import threading
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.core.serialize import BaseJSONSerializer
from moto.dynamodb.comparisons import get_comparison_func
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict, deserializer, serializer
from moto.dynamodb.models.table import Table

_ORIGINALS: dict[tuple[Any, str], Any] = {}
_QUERY_SIGNATURE = inspect.signature(Table.query)
_pending = threading.local()  # the partition the current thread's query may look at
_build_lock = threading.Lock()
_writes = [0]  # writes to any table so far: remembered item sizes are valid for one count


class _Partitions:
    """One table's items grouped per index and hash-key value, valid for one table version."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.by_index: dict[str | None, dict[tuple[Any, ...], list[Any]]] = {}


def _version(table: Table) -> int:
    return table.__dict__.get("_partition_version", 0)


def _changed(table: Table) -> None:
    table.__dict__["_partition_version"] = _version(table) + 1
    _writes[0] += 1


def _index_keys(table: Table, index_name: str, key_type: str) -> list[str] | None:
    """The HASH or RANGE attributes of one of the table's indexes (None: no such index)."""
    index = {i.name: i for i in table.all_indexes()}.get(index_name)
    return [k["AttributeName"] for k in index.schema if k["KeyType"] == key_type] if index else None


def _hash_attributes(table: Table, index_name: str | None) -> list[str] | None:
    return None if index_name is None else _index_keys(table, index_name, "HASH")


def _partition(table: Table, index_name: str | None, key: tuple[Any, ...]) -> list[Any]:
    """The items of one partition, in ``all_items`` order (moto's own sorts stay identical)."""
    with _build_lock:
        version = _version(table)  # read before building: a write meanwhile forces a rebuild
        cache: _Partitions | None = table.__dict__.get("_partitions")
        if cache is None or cache.version != version:
            cache = _Partitions(version)
            table.__dict__["_partitions"] = cache
        groups = cache.by_index.get(index_name)
        if groups is None:
            attributes = _hash_attributes(table, index_name)
            groups = defaultdict(list)
            for item in _ORIGINALS[(Table, "all_items")](table):
                if attributes is None:
                    groups[(item.hash_key,)].append(item)
                elif all(a in item.attrs for a in attributes):
                    groups[tuple(item.attrs[a] for a in attributes)].append(item)
            cache.by_index[index_name] = groups
        return groups.get(key, [])


def _partition_key(table: Table, arguments: dict[str, Any]) -> tuple[str | None, tuple[Any, ...]] | None:
    """The (index, hash-key value) a query asks for, or None to leave the query to moto alone."""
    index_name = arguments.get("index_name")
    if index_name is None:
        hash_key = arguments.get("hash_key")
        return (None, (hash_key,)) if hash_key is not None else None
    attributes = _hash_attributes(table, index_name)
    conditions = dict(arguments.get("hash_key_conditions") or [])
    if not attributes or set(conditions) != set(attributes):
        return None
    return index_name, tuple(conditions[a] for a in attributes)


def _range_attribute(table: Table, arguments: dict[str, Any]) -> str | None:
    """The attribute moto applies a query's range condition to (as its own ``Table.query`` picks it)."""
    conditions = arguments.get("range_key_conditions")
    if conditions:
        return conditions[-1][0]
    index_name = arguments.get("index_name")
    if index_name is None:
        return table.range_key_attr
    ranges = _index_keys(table, index_name, "RANGE")
    return ranges[0] if ranges else None


def _query(self: Table, *args: Any, **kwargs: Any) -> Any:
    bound = _QUERY_SIGNATURE.bind(self, *args, **kwargs)
    asked = _partition_key(self, bound.arguments)
    if asked is None:
        return _ORIGINALS[(Table, "query")](self, *args, **kwargs)
    items = _partition(self, *asked)
    comparison = bound.arguments.get("range_comparison")
    attribute = _range_attribute(self, bound.arguments) if comparison else None
    if attribute and comparison:  # moto compares (and sizes) every item of the partition: hand it only the matches
        test = get_comparison_func(comparison)
        bounds = [value.cast_value for value in bound.arguments.get("range_objs") or []]
        items = [i for i in items if (v := i.attrs.get(attribute)) and test(v.cast_value, *bounds)]
    _pending.partition = (self, items)
    try:
        return _ORIGINALS[(Table, "query")](self, *args, **kwargs)
    finally:
        _pending.partition = None


def _all_items(self: Table) -> list[Any]:
    pending = getattr(_pending, "partition", None)
    if pending is not None and pending[0] is self:
        return list(pending[1])
    return _ORIGINALS[(Table, "all_items")](self)


def _deepcopy(self: Item, memo: dict[int, Any]) -> Item:
    pending = getattr(_pending, "partition", None)
    return self if pending is not None else _ORIGINALS[(Item, "__deepcopy__")](self, memo)


def _project(self: Item, projection_expressions: list[list[str]]) -> Item:
    if any(len(path) != 1 or "[" in path[0] for path in projection_expressions):
        return _ORIGINALS[(Item, "project")](self, projection_expressions)
    names = dict.fromkeys(path[0] for path in projection_expressions)
    projected: Any = Item.__new__(Item)  # not Item(): it re-sizes the whole item per attribute set
    projected.hash_key, projected.range_key = self.hash_key, self.range_key
    # The same round trip moto makes (to plain values and back), once per projected attribute.
    projected.attrs = LimitedSizeDict(
        {
            n: DynamoType(dict(serializer.serialize(deserializer.deserialize(self.attrs[n].to_regular_json()))))
            for n in names
            if n in self.attrs
        }
    )
    return projected


def _size(self: Item) -> int:
    """moto sizes every item a query returns (for the 1 MB page): remembered until any write."""
    cached = self.__dict__.get("_size")
    if cached is not None and cached[0] == _writes[0]:
        return cached[1]
    size = _ORIGINALS[(Item, "size")](self)
    self.__dict__["_size"] = (_writes[0], size)
    return size


def _attribute_value(serializer: BaseJSONSerializer, value: dict[str, Any]) -> dict[str, Any]:
    """One attribute value as the JSON protocol writes it (blobs in base64, nested values alike)."""
    ((kind, inner),) = value.items()
    if kind == "B":
        return {kind: serializer._base64(inner)}
    if kind == "BS":
        return {kind: [serializer._base64(b) for b in inner]}
    if kind == "M":
        return {kind: {k: _attribute_value(serializer, v) for k, v in inner.items()}}
    if kind == "L":
        return {kind: [_attribute_value(serializer, v) for v in inner]}
    return {kind: inner}


def _serialize_structure(self: BaseJSONSerializer, serialized: Any, value: Any, shape: Any, key: str) -> None:
    if key and shape.name == "AttributeValue" and isinstance(value, dict) and len(value) == 1:
        self._default_serialize(serialized, _attribute_value(self, value), shape, key)
        return
    _ORIGINALS[(BaseJSONSerializer, "_serialize_type_structure")](self, serialized, value, shape, key)


def _write(method: Callable[..., Any]) -> Callable[..., Any]:
    """A write (an item put or deleted, changed in place by UpdateItem, or a table's indexes
    changed): partitions and remembered sizes are stale while it runs and after it."""

    @wraps(method)
    def write(self: Table | DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        table = self if isinstance(self, Table) else args[0] if isinstance(args[0], Table) else self.get_table(args[0])
        _changed(table)
        try:
            return method(self, *args, **kwargs)
        finally:
            _changed(table)

    return write


_in_transaction = threading.local()  # set while this thread runs a transaction rolled back item by item


class _TableCopies:
    """``copy`` as moto's DynamoDB backend sees it: a table is not copied inside a transaction
    that rolls back item by item (moto's rollback then restores the table itself: a no-op)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        if getattr(_in_transaction, "active", False) and isinstance(value, Table):
            return value
        return copy.deepcopy(value, memo)


def _touched(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> list[tuple[str, Any, Any]] | None:
    """(table, key, a copy of the item or None) for each item a transaction writes; None when
    moto's own whole-table rollback must be used (a streamed table, or a request it will refuse)."""
    touched: dict[tuple[str, str], tuple[str, Any, Any]] = {}
    for entry in transact_items:
        for op_type, op in entry.items():
            table = backend.tables.get(op.get("TableName"))
            if table is None or table.stream_shard is not None:
                return None
            try:
                if op_type == "Put":
                    names = [table.hash_key_attr] + ([table.range_key_attr] if table.range_key_attr else [])
                    key = {name: op["Item"][name] for name in names}
                else:
                    key = op["Key"]
                current = backend.get_item(table.name, key)
            except (KeyError, TypeError, ValueError):
                return None
            touched.setdefault(
                (table.name, json.dumps(key, sort_keys=True)),
                (table.name, key, copy.deepcopy(current) if current else None),
            )
    return list(touched.values())


def _transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    original = _ORIGINALS[(DynamoDBBackend, "transact_write_items")]
    touched = _touched(self, transact_items)
    if touched is None:
        return original(self, transact_items)
    _in_transaction.active = True
    try:
        return original(self, transact_items)
    except Exception:
        for table_name, key, item in touched:  # put back what the cancelled transaction had written
            if item is None:
                if self.get_item(table_name, key) is not None:
                    self.delete_item(table_name, key)
            else:
                self.tables[table_name].put_item(item.to_json()["Attributes"])
        raise
    finally:
        _in_transaction.active = False


_PATCHES: dict[tuple[Any, str], Callable[[Any], Any]] = {
    (Table, "query"): lambda _: _query,
    (Table, "all_items"): lambda _: _all_items,
    (Item, "__deepcopy__"): lambda _: _deepcopy,
    (Item, "project"): lambda _: _project,
    (Item, "size"): lambda _: _size,
    (BaseJSONSerializer, "_serialize_type_structure"): lambda _: _serialize_structure,
    (Table, "put_item"): _write,
    (Table, "delete_item"): _write,
    (DynamoDBBackend, "update_item"): _write,
    (DynamoDBBackend, "update_table_global_indexes"): _write,
    (DynamoDBBackend, "transact_write_items"): lambda _: _transact_write_items,
    (dynamodb_models, "copy"): lambda _: _TableCopies(),
}


def install() -> None:
    """Patch moto (idempotent)."""
    for (owner, name), patch in _PATCHES.items():
        if (owner, name) not in _ORIGINALS:
            _ORIGINALS[(owner, name)] = getattr(owner, name)
            setattr(owner, name, patch(getattr(owner, name)))


def uninstall() -> None:
    """Restore moto's own methods (the tests compare both)."""
    for (owner, name), original in list(_ORIGINALS.items()):
        setattr(owner, name, original)
        del _ORIGINALS[(owner, name)]
