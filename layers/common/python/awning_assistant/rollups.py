"""Revenue rollups: completed orders' totals per day and per month, kept from the order streams.

Revenue and top-customer questions over a year would otherwise read every completed order
of that year (thousands of items); with rollups they read a dozen month cells, plus the day
cells of a month the period only partly covers.

- A **day cell** (``day#2026-10-03``) holds one attribute per order completed that day: its
  contribution (kind, customer, territory, total). Applying a change is a SET or REMOVE of
  that one attribute, so replaying a stream batch leaves the same cells.
- A **month cell** (``month#2026-10``) holds the month's totals per day and kind; its
  **group shards** (``month#2026-10#0``, ...) the totals per customer, territory and kind.
  They are recomputed from the day cells, never incremented, and written together in one
  transaction. A change counter (``Seq``) guards them: a writer bumps it after changing a
  day cell and writes the month only if nobody bumped it since. When the write is refused,
  a later writer's recompute (which saw this writer's day change) is still to come, so the
  last month written is always computed from every day change before it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from botocore.exceptions import ClientError

from .dynamo import all_pages, batch_get
from .models import RecordType
from .periods import DateRange, month_range, months_between
from .records import ENTITIES, ORDER_TYPES

ORDER_PREFIX = "o#"  # day-cell attributes holding one order's contribution
KINDS = {t.value: t for t in ORDER_TYPES}
SHARD_BYTES = 300_000  # of a month's per-customer groups in one item (DynamoDB's limit is 400 KB)


class Contribution(NamedTuple):
    """What one completed order adds to the revenue of its completion day."""

    order_id: str
    day: str
    kind: RecordType
    cust_id: str
    territory: str
    total: Decimal

    def encode(self) -> str:
        return json.dumps([self.kind.value, self.cust_id, self.territory, _amount(self.total)])

    @classmethod
    def decode(cls, attribute: str, day: str, value: str) -> Contribution:
        kind, cust_id, territory, total = json.loads(value)
        return cls(attribute.removeprefix(ORDER_PREFIX), day, RecordType(kind), cust_id, territory, Decimal(total))


def contribution(rtype: RecordType, item: dict[str, Any] | None) -> Contribution | None:
    """An order item's contribution to revenue: only completed orders with a completion date count."""
    if rtype not in ORDER_TYPES or not item or item.get("Status") != "completed" or not item.get("DateCompleted"):
        return None
    return Contribution(item[ENTITIES[rtype].key], str(item["DateCompleted"])[:10], rtype, item.get("CustID", ""),
                        item.get("Territory", ""), Decimal(str(item.get("Total", 0))))


class RevenueRow(NamedTuple):
    """Completed orders of one kind in one month, or of one customer (``month`` empty)."""

    month: str
    cust_id: str
    kind: RecordType
    amount: Decimal
    orders: int


@dataclass
class Tally:
    """A month's totals per day and kind, and per customer, territory and kind."""

    days: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    groups: dict[tuple[str, str, str], list[Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, contributions: Iterable[Contribution]) -> Tally:
        tally = cls()
        for c in contributions:
            for cell in (tally.days.setdefault(c.day, {}).setdefault(c.kind.value, [Decimal(0), 0]),
                         tally.groups.setdefault((c.cust_id, c.territory, c.kind.value), [Decimal(0), 0])):
                cell[0] += c.total
                cell[1] += 1
        return tally

    def cells(self, month: str, seq: int) -> list[dict[str, Any]]:
        """The month cell (day totals, the change counter, how many group shards) and its group
        shards: compact JSON strings, split so no item nears DynamoDB's 400 KB limit."""
        days = {d: {k: [_amount(a), n] for k, (a, n) in sorted(kinds.items())}
                for d, kinds in sorted(self.days.items())}
        shards: list[list[Any]] = [[]]
        size = 0
        for key, (amount, orders) in sorted(self.groups.items()):
            entry = [*key, _amount(amount), orders]
            entry_bytes = len(json.dumps(entry)) + 2
            if size + entry_bytes > SHARD_BYTES:
                shards.append([])
                size = 0
            size += entry_bytes
            shards[-1].append(entry)
        shards = [shard for shard in shards if shard]
        return [{"Cell": _month_cell(month), "Seq": seq, "Days": json.dumps(days), "Shards": len(shards)},
                *({"Cell": _shard_cell(month, i), "Groups": json.dumps(shard)} for i, shard in enumerate(shards))]


def _amount(value: Decimal) -> str:
    """One spelling per amount ("100.1", never "100.10" or "1E+2"), so equal cells compare equal."""
    return format(value.normalize(), "f")


def _day_cell(day: str) -> str:
    return f"day#{day}"


def _month_cell(month: str) -> str:
    return f"month#{month}"


def _shard_cell(month: str, shard: int) -> str:
    return f"month#{month}#{shard}"


class RevenueRollups:
    """Reads revenue from the rollup cells, and keeps them equal to the order tables."""

    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self._dynamodb = dynamodb
        self._table = dynamodb.Table(table_name)

    # ---- reading ---------------------------------------------------------------------------

    def completed(self, period: DateRange, territory: str | None = None,
                  customers: Iterable[str] | None = None, per_customer: bool = False) -> list[RevenueRow]:
        """Completed orders' totals in ``period`` per month and kind, or per customer and kind
        (``month`` left empty) when ``per_customer``; only of ``territory`` and ``customers``
        when given. Whole months come from their month cells, parts of months from their days."""
        wanted = set(customers or ())
        detail = per_customer or bool(territory) or bool(wanted)
        totals: dict[tuple[str, str], list[Any]] = {}

        def add(month: str, groups: Iterable[tuple[str, str, str, Any, int]]) -> None:
            """Add (customer, territory, kind, amount, orders) groups: the hot loop of a year's
            top customers (tens of thousands of groups at 100k orders), so kept tight."""
            for cust_id, terr, kind, amount, orders in groups:
                if (territory and terr != territory) or (wanted and cust_id not in wanted):
                    continue
                key = (cust_id, kind) if per_customer else (month, kind)
                cell = totals.get(key)
                if cell is None:
                    totals[key] = [Decimal(amount), orders]
                else:
                    cell[0] += Decimal(amount)
                    cell[1] += orders

        start, end = period.start.isoformat(), period.end.isoformat()
        months = months_between(period.start, period.end)
        cells = self._get([_month_cell(m) for m in months])
        shards: list[str] = []
        partial_days: list[str] = []
        for month in months:
            cell = cells.get(_month_cell(month), {})
            days = json.loads(cell.get("Days") or "{}")
            whole = _month(month)
            if not detail:
                add(month, [("", "", kind, amount, orders) for day, kinds in days.items() if start <= day <= end
                            for kind, (amount, orders) in kinds.items()])
            elif period.start <= whole.start and whole.end <= period.end:
                shards += [_shard_cell(month, i) for i in range(int(cell.get("Shards", 0)))]
            else:
                partial_days += [d for d in days if start <= d <= end]
        for key, shard in self._get(shards).items():
            add(key.split("#")[1], json.loads(shard["Groups"]))
        for day, item in self._get([_day_cell(d) for d in partial_days]).items():
            add(day[4:11], [(c.cust_id, c.territory, c.kind.value, c.total, 1)
                            for c in _contributions(day.removeprefix("day#"), item)])
        return [RevenueRow("" if per_customer else key, key if per_customer else "", KINDS[kind], amount, orders)
                for (key, kind), (amount, orders) in totals.items()]

    def _get(self, cells: list[str], consistent: bool = False) -> dict[str, dict[str, Any]]:
        return batch_get(self._dynamodb, self._table.name, "Cell", cells, consistent)

    # ---- keeping them current --------------------------------------------------------------

    def apply(self, rtype: RecordType, old: dict[str, Any] | None, new: dict[str, Any] | None) -> set[str]:
        """Apply one order change (old and new image) to its day cells; returns the months whose
        cells must then be recomputed. Idempotent: a replayed change sets the same value."""
        before, after = contribution(rtype, old), contribution(rtype, new)
        if before == after:
            return set()
        if before and (after is None or before.day != after.day):
            self._table.update_item(Key={"Cell": _day_cell(before.day)}, UpdateExpression="REMOVE #o",
                                    ExpressionAttributeNames={"#o": ORDER_PREFIX + before.order_id})
        if after:
            self._table.update_item(Key={"Cell": _day_cell(after.day)}, UpdateExpression="SET #o = :v",
                                    ExpressionAttributeNames={"#o": ORDER_PREFIX + after.order_id},
                                    ExpressionAttributeValues={":v": after.encode()})
        return {c.day[:7] for c in (before, after) if c}

    def recompute(self, months: Iterable[str]) -> None:
        """Recompute month cells from their day cells (once per month, after a batch's changes)."""
        for month in sorted(set(months)):
            self._recompute(month)

    def _recompute(self, month: str) -> None:
        counted = self._table.update_item(Key={"Cell": _month_cell(month)}, UpdateExpression="ADD Seq :one",
                                          ExpressionAttributeValues={":one": 1}, ReturnValues="ALL_NEW")["Attributes"]
        seq, shards_before = counted["Seq"], int(counted.get("Shards", 0))
        days = self._get([_day_cell(d) for d in _days_of(month)], consistent=True)
        tally = Tally.of(c for key, item in days.items() for c in _contributions(key.removeprefix("day#"), item))
        month_cell, *shards = tally.cells(month, seq)
        name = self._table.name  # the resource's client types plain values itself
        actions: list[dict[str, Any]] = [{"Put": {"TableName": name, "Item": month_cell,
                                                  "ConditionExpression": "Seq = :seq",
                                                  "ExpressionAttributeValues": {":seq": seq}}}]
        actions += [{"Put": {"TableName": name, "Item": shard}} for shard in shards]
        actions += [{"Delete": {"TableName": name, "Key": {"Cell": _shard_cell(month, i)}}}
                    for i in range(len(shards), shards_before)]
        try:  # the month and its shards together, or nothing
            self._dynamodb.meta.client.transact_write_items(TransactItems=actions)
        except ClientError as exc:
            reasons = exc.response.get("CancellationReasons", [])
            if not any(r.get("Code") == "ConditionalCheckFailed" for r in reasons):
                raise
            # Another writer changed a day of this month since: its recompute comes after ours.

    def rebuild(self, orders: dict[RecordType, list[dict[str, Any]]]) -> int:
        """Recompute every cell from a snapshot of the order tables (a reindex); cells no
        order produces any more are deleted. Returns the number of cells written."""
        by_day: dict[str, list[Contribution]] = defaultdict(list)
        for rtype in ORDER_TYPES:
            for item in orders.get(rtype, []):
                if found := contribution(rtype, item):
                    by_day[found.day].append(found)
        by_month: dict[str, list[Contribution]] = defaultdict(list)
        for day, contributions in by_day.items():
            by_month[day[:7]] += contributions
        cells = [{"Cell": _day_cell(day), **{ORDER_PREFIX + c.order_id: c.encode() for c in found}}
                 for day, found in by_day.items()]
        cells += [cell for month, found in by_month.items() for cell in Tally.of(found).cells(month, 0)]
        stale = set(self._cell_keys()) - {c["Cell"] for c in cells}
        with self._table.batch_writer(overwrite_by_pkeys=["Cell"]) as batch:
            for item in cells:
                batch.put_item(Item=item)
            for key in stale:
                batch.delete_item(Key={"Cell": key})
        return len(cells)

    def _cell_keys(self) -> Iterator[str]:
        return (item["Cell"] for item in all_pages(self._table.scan, ProjectionExpression="Cell"))


def _contributions(day: str, item: dict[str, Any]) -> Iterator[Contribution]:
    for attribute, value in item.items():
        if attribute.startswith(ORDER_PREFIX):
            yield Contribution.decode(attribute, day, value)


def _month(month: str) -> DateRange:
    return month_range(int(month[:4]), int(month[5:]))


def _days_of(month: str) -> list[str]:
    whole = _month(month)
    return [(whole.start + timedelta(days=n)).isoformat() for n in range((whole.end - whole.start).days + 1)]

