"""The local stack's partition lookups for moto give exactly moto's own Query answers,
before and after writes of every kind."""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key
from moto import mock_aws

from local import moto_index


@pytest.fixture
def table() -> Iterator[Any]:
    with mock_aws():
        dynamodb = boto3.resource("dynamodb", region_name="us-east-1")
        yield dynamodb.create_table(
            TableName="orders",
            BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "Pk", "KeyType": "HASH"}, {"AttributeName": "Sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("Pk", "Sk", "Status", "Due")],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "ByStatus",
                    "Projection": {"ProjectionType": "ALL"},
                    "KeySchema": [
                        {"AttributeName": "Status", "KeyType": "HASH"},
                        {"AttributeName": "Due", "KeyType": "RANGE"},
                    ],
                },
                {
                    "IndexName": "ByDueOnly",
                    "Projection": {"ProjectionType": "ALL"},
                    "KeySchema": [{"AttributeName": "Due", "KeyType": "HASH"}],
                },
            ],
        )


def random_item(rng: random.Random) -> dict[str, Any]:
    item = {
        "Pk": f"P{rng.randrange(8)}",
        "Sk": f"S{rng.randrange(30):02d}",
        "Total": Decimal(rng.randrange(100)),
        "Lines": [{"Qty": Decimal(rng.randrange(5)), "Note": rng.choice(["a", "b"])}],
        "Bytes": b"\x00\x01",
        "Tags": {rng.choice(["x", "y", "z"])},
        "Sizes": {Decimal(1), Decimal("2.5")},
        "Blobs": {b"a", b"b"},
        "Rush": rng.random() < 0.5,
        "Nothing": None,
        "Nested": {"Deep": [{"Bin": b"\x02", "Set": {"q"}}]},
    }
    if rng.random() < 0.8:  # sparse indexes: some items have no Status or no Due
        item["Status"] = rng.choice(["open", "ready", "done"])
    if rng.random() < 0.8:
        item["Due"] = f"2026-11-{rng.randrange(1, 29):02d}"
    return item


def queries(rng: random.Random) -> list[dict[str, Any]]:
    asked = []
    for _ in range(40):
        kind = rng.randrange(3)
        if kind == 0:
            query: dict[str, Any] = {"KeyConditionExpression": Key("Pk").eq(f"P{rng.randrange(9)}")}
            if rng.random() < 0.5:
                query["KeyConditionExpression"] &= Key("Sk").between("S05", "S20")
        elif kind == 1:
            query = {"IndexName": "ByStatus", "KeyConditionExpression": Key("Status").eq(rng.choice(["open", "done"]))}
            if rng.random() < 0.5:
                query["KeyConditionExpression"] &= Key("Due").lt("2026-11-15")
        else:
            day = f"2026-11-{rng.randrange(1, 29):02d}"
            query = {"IndexName": "ByDueOnly", "KeyConditionExpression": Key("Due").eq(day)}
        if rng.random() < 0.3:
            query["FilterExpression"] = rng.choice([Attr("Total").gt(50), Attr("Lines").exists()])
        if rng.random() < 0.5:  # top-level attributes (picked), or a nested path (moto's own way)
            query["ProjectionExpression"] = rng.choice(
                ["Pk, Sk, #t, Bytes, Tags, Sizes", "Sk, Lines[0].Qty", "#t", "Blobs, Rush, Nothing, Nested"]
            )
            query["ExpressionAttributeNames"] = {"#t": "Total"} if "#t" in query["ProjectionExpression"] else {}
        if rng.random() < 0.3:
            query["ScanIndexForward"] = False
        if rng.random() < 0.3:
            query["Limit"] = rng.randrange(1, 5)
        asked.append(query)
    return asked


def all_pages(table: Any, query: dict[str, Any]) -> list[list[dict[str, Any]]]:
    pages, kwargs = [], dict(query)
    while True:
        reply = table.query(**kwargs)
        pages.append(reply["Items"])
        if "LastEvaluatedKey" not in reply:
            return pages
        kwargs["ExclusiveStartKey"] = reply["LastEvaluatedKey"]


def answers(table: Any, asked: list[dict[str, Any]], indexed: bool) -> list[Any]:
    """Answers with the partition lookups (installed for every test by conftest) or moto's own:
    each query's items in order, and its pages but for a trailing empty one (moto alone looks
    one item past a page's Limit, so it may end on an empty page where the lookups don't)."""
    if not indexed:
        moto_index.uninstall()
    try:
        found = []
        for query in asked:
            pages = all_pages(table, query)
            found.append(pages[:-1] if len(pages) > 1 and not pages[-1] else pages)
        return found
    finally:
        moto_index.install()


def test_answers_equal_moto_own_before_and_after_writes(table: Any):
    rng = random.Random(3)
    for _ in range(150):
        table.put_item(Item=random_item(rng))
    for round_ in range(5):
        asked = queries(rng)
        assert answers(table, asked, indexed=True) == answers(table, asked, indexed=False), round_
        existing = table.scan()["Items"]
        for _ in range(20):  # one kind of write per round, then the partitions must follow
            item = random_item(rng) if round_ % 4 != 2 else rng.choice(existing)  # updates change items in place
            action = round_ % 4
            if action == 0:
                table.put_item(Item=item)
            elif action == 1:
                table.delete_item(Key={"Pk": item["Pk"], "Sk": item["Sk"]})
            elif action == 2:
                table.update_item(
                    Key={"Pk": item["Pk"], "Sk": item["Sk"]},
                    UpdateExpression="SET #s = :s",
                    ExpressionAttributeNames={"#s": "Status"},
                    ExpressionAttributeValues={":s": rng.choice(["open", "ready", "done"])},
                )
            else:
                with table.batch_writer() as batch:
                    batch.put_item(Item=item)


def transactions(rng: random.Random, existing: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Random TransactWriteItems requests, a third of them cancelled by a condition."""

    def key(item: dict[str, Any]) -> dict[str, Any]:
        return {"Pk": item["Pk"], "Sk": item["Sk"]}

    asked = []
    for n in range(30):
        picked = rng.sample(existing, 3)
        ops: list[dict[str, Any]] = [
            {"Put": {"TableName": "orders", "Item": {"Pk": f"T{n}", "Sk": "new", "N": n}}},
            {
                "Update": {
                    "TableName": "orders",
                    "Key": key(picked[0]),
                    "UpdateExpression": "SET #s = :s",
                    "ExpressionAttributeNames": {"#s": "Status"},
                    "ExpressionAttributeValues": {":s": "tx"},
                }
            },
            {"Delete": {"TableName": "orders", "Key": key(picked[1])}},
        ]
        if rng.random() < 0.35:  # a condition that fails: the whole transaction must leave no trace
            ops.append(
                {
                    "ConditionCheck": {
                        "TableName": "orders",
                        "Key": key(picked[2]),
                        "ConditionExpression": "attribute_not_exists(Pk)",
                    }
                }
            )
        asked.append(ops)
    return asked


def run_transactions(table: Any, asked: list[list[dict[str, Any]]], indexed: bool) -> tuple[list[str], list[Any]]:
    if not indexed:
        moto_index.uninstall()
    try:
        outcomes = []
        for ops in asked:
            try:  # the resource's client: plain values, as the app sends them
                table.meta.client.transact_write_items(TransactItems=ops)
                outcomes.append("ok")
            except table.meta.client.exceptions.TransactionCanceledException as exc:
                outcomes.append(str([r["Code"] for r in exc.response["CancellationReasons"]]))
        return outcomes, sorted(table.scan()["Items"], key=lambda i: (i["Pk"], i["Sk"]))
    finally:
        moto_index.install()


def test_transactions_roll_back_like_moto_own(table: Any):
    """Item-by-item rollback (instead of moto's copy of the whole table) ends in the same table."""
    rng = random.Random(11)
    items = [random_item(rng) for _ in range(120)]
    for item in items:
        table.put_item(Item=item)
    before = table.scan()["Items"]
    asked = transactions(rng, table.scan()["Items"])
    indexed = run_transactions(table, asked, indexed=True)
    with table.batch_writer() as batch:  # back to the start, then moto's own way
        for item in table.scan()["Items"]:
            batch.delete_item(Key={"Pk": item["Pk"], "Sk": item["Sk"]})
        for item in before:
            batch.put_item(Item=item)
    assert indexed == run_transactions(table, asked, indexed=False)
    assert "ok" in indexed[0] and any(o != "ok" for o in indexed[0])
