"""The analytics mirror equals the tables: random stream batches (inserts, modifies, deletes,
replays), the Hive layout, concurrent writers, the indexer's stream path and the rebuild."""

from __future__ import annotations

import copy
import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from awning_assistant.analytics.mirror import Change, MirrorWriter, PartitionStore
from awning_assistant.analytics.reader import MirrorReader
from awning_assistant.analytics.sandbox import Analytics, Limits
from awning_assistant.analytics.tables import TABLES
from awning_assistant.factory import Services
from awning_assistant.identity.access import Principal
from awning_assistant.models import RecordType
from awning_assistant.records.store import ENTITIES
from local.events import EventPump
from local.handlers import invoke
from tests.conftest import TODAY
from tests.integration.conftest import drain

BUSINESS_TODAY = date.fromisoformat(TODAY)
MANAGER = Principal(username="m", role="manager")
TERRITORIES = ("North", "South", "Coastal")
KINDS = {RecordType.work_order: "cleaning", RecordType.repair_order: "repair"}
Source = dict[tuple[RecordType, str], dict[str, Any]]


# ---- what the mirror should hold, computed here from the source items (not by the product's code) ----


def _text(value: Any) -> Any:
    return value if value not in ("", None) else None


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def expected_orders(source: Source) -> set[tuple]:
    customers = {i["CustID"]: i for (t, _), i in source.items() if t is RecordType.customer}
    rows = set()
    for (rtype, key), o in source.items():
        if rtype not in KINDS:
            continue
        customer = customers.get(o["CustID"], {})
        is_open = o["Status"] not in ("completed", "cancelled")
        due = _day(o.get("DateRequired"))
        rows.add(
            (
                key,
                KINDS[rtype],
                o["CustID"],
                customer.get("Name"),
                customer.get("Territory"),
                o["Status"],
                o["RushOrder"],
                _day(o["DateIn"]),
                due,
                _day(o.get("DateCompleted")),
                Decimal(o["Total"]),
                is_open,
                bool(is_open and due and due < BUSINESS_TODAY),
            )
        )
    return rows


def expected_items(source: Source) -> set[tuple]:
    return {
        (
            key,
            KINDS[rtype],
            n,
            line["Description"],
            _text(line.get("Material")),
            _text(line.get("Color")),
            Decimal(line["Qty"]),
            Decimal(line["Price"]),
            None if line.get("LaborHours") is None else Decimal(line["LaborHours"]),
        )
        for (rtype, key), o in source.items()
        if rtype in KINDS
        for n, line in enumerate(o.get("Items", []), start=1)
    }


def expected_customers(source: Source) -> set[tuple]:
    return {
        (i["CustID"], i["Name"], _text(i.get("City")), i["Territory"])
        for (t, _), i in source.items()
        if t is RecordType.customer
    }


def expected_inventory(source: Source) -> set[tuple]:
    return {
        (i["InventoryKey"], i["Material"], Decimal(i["Qty"]), Decimal(i["UnitPrice"]))
        for (t, _), i in source.items()
        if t is RecordType.inventory
    }


def mirror_rows(analytics: Analytics) -> dict[str, set[tuple]]:
    sandbox = analytics.for_principal(MANAGER)

    def rows(sql: str) -> set[tuple]:
        result = sandbox.query(sql)
        assert not result.truncated
        return set(result.rows)

    return {
        "orders": rows(
            "SELECT order_no, kind, cust_id, customer_name, territory, status, rush, date_in, "
            "date_required, date_completed, total, is_open, is_overdue FROM orders"
        ),
        "order_items": rows(
            "SELECT order_no, kind, line_no, description, material, color, qty, price, labor_hours FROM order_items"
        ),
        "customers": rows("SELECT cust_id, name, city, territory FROM customers"),
        "inventory": rows("SELECT inventory_key, material, qty, unit_price FROM inventory"),
    }


def expected(source: Source) -> dict[str, set[tuple]]:
    return {
        "orders": expected_orders(source),
        "order_items": expected_items(source),
        "customers": expected_customers(source),
        "inventory": expected_inventory(source),
    }


def stored_rows(store: PartitionStore, key: str, tmp_path: Path) -> list[tuple]:
    """A partition's rows as a Parquet reader sees them (plain DuckDB over the downloaded file)."""
    body, _ = store.read(key)
    path = tmp_path / "partition.parquet"
    path.write_bytes(body or b"")
    columns = ", ".join(TABLES[key.split("/")[1]].columns)
    return duckdb.connect().execute(f"SELECT {columns} FROM read_parquet('{path}')").fetchall()


def assert_layout(store: PartitionStore, tmp_path: Path) -> None:
    """Every stored row sits in the partition its record belongs to, and no partition is empty."""
    for key in store.etags():
        table = TABLES[key.split("/")[1]]
        rows = stored_rows(store, key, tmp_path)
        assert rows, f"{key} is empty"
        for row in rows:
            if table.name in ("orders", "order_items"):
                assert f"/kind={row[1]}/" in key
            if table.name == "orders":
                assert key.endswith(f"/month={row[6].isoformat()[:7]}/part.parquet")
            if table.name == "customers":
                assert f"/territory={row[-1]}/" in key


# ---- random changes -----------------------------------------------------------------------------


def money(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(0, 99_999)) / 100


def random_items(rng: random.Random, rtype: RecordType) -> list[dict[str, Any]]:
    items = []
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        line = {
            "Description": rng.choice(("Awning", "Boat cover", "Cushion")),
            "Qty": Decimal(rng.randint(1, 9)),
            "Price": money(rng),
            "Material": rng.choice(("Sunbrella Canvas", "Marine Vinyl", "")),
        }
        if rtype is RecordType.repair_order:
            line |= {"LaborHours": Decimal(rng.randint(0, 40)) / 4, "PartsCost": money(rng)}
        else:
            line |= {"Color": rng.choice(("Navy", "Black")), "Condition": "worn"}
        items.append({k: v for k, v in line.items() if v != ""})
    return items


def random_record(rng: random.Random, rtype: RecordType, key: str, source: Source) -> dict[str, Any]:
    if rtype is RecordType.customer:
        return {
            "CustID": key,
            "Name": rng.choice(("Harbor View", "Pelican Inn", "Dune Cafe")),
            "City": rng.choice(("Venice", "")),
            "Territory": rng.choice(TERRITORIES),
        }
    if rtype is RecordType.inventory:
        return {
            "InventoryKey": key,
            "Description": "Canvas",
            "Material": rng.choice(("Sunbrella Canvas", "Thread")),
            "Condition": "New",
            "Qty": Decimal(rng.randint(0, 50)),
            "Unit": "yd",
            "UnitPrice": money(rng),
        }
    customers = [k for t, k in source if t is RecordType.customer] + ["C-GONE"]  # an order of no known customer
    status = rng.choice(("received", "ready", "completed", "cancelled"))
    day_in = date(2026, rng.randint(1, 12), rng.randint(1, 28))
    order = {
        ENTITIES[rtype].key: key,
        "CustID": rng.choice(customers),
        "Status": status,
        "RushOrder": rng.random() < 0.3,
        "DateIn": day_in.isoformat(),
        "Total": money(rng),
        "Items": random_items(rng, rtype),
        "WOName" if rtype is RecordType.work_order else "ROName": "Job",
    }
    if rng.random() < 0.8:
        order["DateRequired"] = date(2026, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if status == "completed":
        order["DateCompleted"] = day_in.isoformat()
    return order


def random_batch(rng: random.Random, source: Source, counter: list[int]) -> list[Change]:
    """A batch of changes, applied to ``source`` as they are made (a record may change twice)."""
    changes = []
    for _ in range(rng.randint(1, 8)):
        existing = list(source)
        if existing and rng.random() < 0.6:
            rtype, key = rng.choice(existing)
            old = copy.deepcopy(source[rtype, key])
            if rng.random() < 0.25:
                del source[rtype, key]
                changes.append(Change(rtype, old, None))
                continue
        else:
            counter[0] += 1
            rtype = rng.choice(list(ENTITIES))
            key, old = f"{rtype.value[:2].upper()}-{counter[0]}", None
        source[rtype, key] = random_record(rng, rtype, key, source)
        changes.append(Change(rtype, old, copy.deepcopy(source[rtype, key])))
    return changes


@pytest.fixture
def mirror(services: Services, tmp_path: Path) -> tuple[MirrorWriter, PartitionStore, Analytics]:
    store = services.mirror_store
    reader = MirrorReader(store, tmp_path / "mirror", min_interval=0)
    return services.mirror, store, Analytics(reader, lambda: BUSINESS_TODAY, Limits(max_rows=10_000))


def snapshot_of(source: Source) -> dict[RecordType, list[dict[str, Any]]]:
    snapshot: dict[RecordType, list[dict[str, Any]]] = {t: [] for t in ENTITIES}
    for (rtype, _), item in source.items():
        snapshot[rtype].append(item)
    return snapshot


@pytest.mark.parametrize("seed", range(6))
def test_mirror_equals_the_tables_after_random_batches_and_replays(seed: int, mirror, tmp_path: Path):
    writer, store, analytics = mirror
    rng, source, counter = random.Random(seed), {}, [0]
    for _ in range(25):
        batch = random_batch(rng, source, counter)
        writer.apply(batch)
        if rng.random() < 0.4:  # the same batch delivered again: nothing changes, nothing is rewritten
            before = store.etags()
            again = writer.apply(batch)
            assert (again.written, again.deleted) == (0, 0) and store.etags() == before
        assert mirror_rows(analytics) == expected(source)
    assert_layout(store, tmp_path)
    rebuilt = writer.rebuild(snapshot_of(source))  # the same rows make the same bytes, whichever path wrote them
    assert (rebuilt.written, rebuilt.deleted) == (0, 0)


def test_a_rebuild_equals_the_tables_and_rewrites_nothing_when_run_again(mirror, tmp_path: Path):
    writer, store, analytics = mirror
    rng, source, counter = random.Random(99), {}, [0]
    for _ in range(10):
        writer.apply(random_batch(rng, source, counter))
    stale = [
        Change(
            RecordType.inventory,
            None,
            {
                "InventoryKey": "IN-STALE",
                "Description": "x",
                "Material": "Zip",
                "Condition": "New",
                "Qty": 1,
                "Unit": "ea",
                "UnitPrice": 1,
            },
        )
    ]
    writer.apply(stale)  # in the mirror but not in the snapshot: the rebuild drops it
    snapshot = snapshot_of(source)
    writer.rebuild(snapshot)
    assert mirror_rows(analytics) == expected(source)
    assert_layout(store, tmp_path)
    again = writer.rebuild(snapshot)
    assert (again.written, again.deleted) == (0, 0) and again.unchanged == len(store.etags())


def test_concurrent_writers_of_one_partition_both_land(mirror, monkeypatch: pytest.MonkeyPatch):
    """Another writer rewrites the partition between this writer's read and write: the conditional
    put is refused, the partition is read again, and neither change is lost."""
    writer, store, analytics = mirror
    customer = {"CustID": "C1", "Name": "Harbor View", "Territory": "North"}
    order = {
        "WorkOrderNo": "WO-1",
        "CustID": "C1",
        "WOName": "Job",
        "Status": "received",
        "DateIn": "2026-05-02",
        "Total": Decimal("10.00"),
        "Items": [],
    }
    other = {**order, "WorkOrderNo": "WO-2", "Total": Decimal("20.00")}
    writer.apply([Change(RecordType.customer, None, customer)])
    rival = MirrorWriter(PartitionStore(store.s3, store.bucket, store.prefix))
    real_read, raced = store.read, []

    def read_then_race(key):
        found = real_read(key)
        if not raced and "/orders/" in key:
            raced.append(key)
            rival.apply([Change(RecordType.work_order, None, other)])
        return found

    monkeypatch.setattr(store, "read", read_then_race)
    writer.apply([Change(RecordType.work_order, None, order)])
    assert raced
    totals = analytics.query(MANAGER, "SELECT order_no, total FROM orders ORDER BY order_no").rows
    assert totals == [("WO-1", Decimal("10.00")), ("WO-2", Decimal("20.00"))]


def table_rows(services: Services) -> Source:
    return {(t, i[ENTITIES[t].key]): i for t in ENTITIES for i in services.records.scan_all(t)}


def test_reindex_and_stream_batches_through_the_indexer_keep_the_mirror_equal(
    shop: Services, pump: EventPump, tmp_path: Path
):
    """``make reindex`` (Indexer.rebuild) writes the mirror; stream batches delivered to the indexer
    Lambda keep it current, deletes included; a replayed batch changes nothing."""
    services = shop
    analytics = Analytics(
        MirrorReader(services.mirror_store, tmp_path / "m", 0), lambda: BUSINESS_TODAY, Limits(max_rows=10_000)
    )
    assert mirror_rows(analytics) == expected(table_rows(services))
    orders = services.records.table(RecordType.work_order)
    first = next(iter(services.records.scan_all(RecordType.work_order)))
    orders.update_item(
        Key={"WorkOrderNo": first["WorkOrderNo"]},
        UpdateExpression="SET #s = :s, DateIn = :d",
        ExpressionAttributeNames={"#s": "Status"},
        ExpressionAttributeValues={":s": "ready", ":d": "2026-11-02"},
    )
    repair = next(iter(services.records.scan_all(RecordType.repair_order)))
    services.records.table(RecordType.repair_order).delete_item(Key={"RepairOrderNo": repair["RepairOrderNo"]})
    customer = next(iter(services.records.scan_all(RecordType.customer)))
    services.records.put_items(RecordType.customer, [{**customer, "Territory": "Inland", "Name": "Renamed Co"}])
    drain(pump)
    assert mirror_rows(analytics) == expected(table_rows(services))
    assert_layout(services.mirror_store, tmp_path)
    before = services.mirror_store.etags()
    batch = {
        "Records": [
            {
                "eventID": "1",
                "eventName": "INSERT",
                "eventSource": "aws:dynamodb",
                "eventSourceARN": f"arn:aws:dynamodb:us-east-1:123456789012:table/"
                f"{services.settings.customers_table}/stream/x",
                "dynamodb": {
                    "Keys": {"CustID": {"S": customer["CustID"]}},
                    "SequenceNumber": "1",
                    "NewImage": {
                        "CustID": {"S": customer["CustID"]},
                        "Name": {"S": "Renamed Co"},
                        "Territory": {"S": "Inland"},
                    },
                },
            }
        ]
    }
    invoke("indexer", batch, "stream_handler")
    after = services.mirror_store.etags()
    invoke("indexer", batch, "stream_handler")
    assert services.mirror_store.etags() == after != before


def test_an_idle_refresh_reads_the_version_object_not_the_listing(mirror, tmp_path: Path):
    """Every question refreshes the reader: while nothing changed that is one small request, and a batch that
    changed something moves the version, so the next refresh lists and fetches what it rewrote."""
    writer, store, _ = mirror
    writer.rebuild({RecordType.customer: [{"CustID": "C1", "Name": "Ann", "Territory": "North"}]})
    reader = MirrorReader(store, tmp_path / "idle", min_interval=0)
    reader.load()
    calls: list[str] = []
    store.s3.meta.events.register("before-call.s3", lambda model, **_: calls.append(model.name))
    assert reader.refresh() is False and calls == ["HeadObject"]
    replayed = writer.apply([Change(RecordType.customer, None, {"CustID": "C1", "Name": "Ann", "Territory": "North"})])
    assert replayed.written == 0 and reader.refresh() is False  # nothing written: the version did not move
    calls.clear()
    writer.apply([Change(RecordType.customer, None, {"CustID": "C2", "Name": "Bo", "Territory": "North"})])
    version = reader.version
    assert reader.refresh() is True and reader.version == version + 1
    assert "ListObjectsV2" in calls
