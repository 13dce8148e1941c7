"""Chunking, the indexer Lambda on stream and S3 events, idempotent replays and the rebuild."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from awning_assistant.factory import Services
from awning_assistant.identity.access import Principal
from awning_assistant.indexing.chunking import customer_chunks, document_chunks, inventory_chunks, order_chunks
from awning_assistant.indexing.stream_batches import collapse
from awning_assistant.models import RecordType
from awning_assistant.records.rows import CustomerRow, OrderRow, StockRow
from awning_assistant.search_index import SearchFilters
from local.handlers import invoke
from tests.builders import load_event
from tests.conftest import pdf_bytes
from tests.integration.conftest import drain

ORDER = {
    "WorkOrderNo": "WO-1",
    "CustID": "C1",
    "WOName": "Boat cover - clean",
    "DateIn": "2026-11-01",
    "DateRequired": "2026-11-20",
    "Status": "cleaning_queue",
    "RushOrder": True,
    "Territory": "South",
    "SpecialInstructions": "Pay with 4111 1111 1111 1111; SSN 078-05-1120.",
    "Total": 90,
    "Items": [{"Description": "Boat cover", "Material": "Marine Vinyl", "Color": "Black", "Qty": 2, "Price": 45}],
}
CUSTOMER = {
    "CustID": "C1",
    "Name": "Pelican Point Inn",
    "Contact": "Sam",
    "Address": "1 Main",
    "City": "Venice",
    "Territory": "South",
    "Phone": "(941) 555-0000",
    "Email": "s@p.com",
}


def order_row(item: dict) -> OrderRow:
    return OrderRow.from_item(RecordType.work_order, item)


def test_order_chunks_carry_context_metadata_and_no_secrets():
    header, items = order_chunks(order_row(ORDER), CustomerRow.from_item(CUSTOMER))
    assert (header.chunk_id, items.chunk_id) == ("work_order#WO-1#0", "work_order#WO-1#1")
    assert "Pelican Point Inn" in header.text and "cleaning queue" in header.text and "Rush order" in header.text
    assert "4111" not in header.text and "078-05-1120" not in header.text
    assert "2 x Boat cover (Marine Vinyl, Black)" in items.text
    assert header.territory == "South" and header.customer_id == "C1" and header.materials == ["Marine Vinyl"]
    assert header.content_hash == order_chunks(order_row(ORDER), CustomerRow.from_item(CUSTOMER))[0].content_hash
    changed = order_chunks(order_row({**ORDER, "Status": "ready"}), CustomerRow.from_item(CUSTOMER))[0]
    assert changed.content_hash != header.content_hash


def test_customer_inventory_and_document_chunks():
    (profile,) = customer_chunks(CustomerRow.from_item(CUSTOMER), [order_row(ORDER)])
    assert "1 work orders and 0 repair orders" in profile.text and "Open: WO-1" in profile.text
    (stock,) = inventory_chunks(
        StockRow.from_item(
            {
                "InventoryKey": "INV-1",
                "Description": "Navy canvas",
                "Material": "Sunbrella Canvas",
                "Color": "Navy",
                "Condition": "New",
                "Qty": 12,
                "Unit": "yd",
                "UnitPrice": 20,
                "Location": "Rack A1",
            }
        )
    )
    assert stock.territory is None and "Rack A1" in stock.text
    chunks = document_chunks("policy.pdf", ["Page one text.", "", "Page three " + "word " * 400])
    assert [c.page for c in chunks] == [1, 3, 3] and chunks[0].chunk_id == "document#policy.pdf#0"


def snapshot(services: Services) -> dict[str, str]:
    index = services.search_index
    return {
        cid: h
        for rid in ("WO-90001", "WO-90002", "WO-90003", "C00110")
        for t in (RecordType.work_order, RecordType.customer)
        for cid, h in index.record_hashes(t, rid).items()
    }


@pytest.fixture
def indexed(shop: Services) -> Services:
    shop.records.put_items(RecordType.customer, [{**CUSTOMER, "CustID": "C00110"}])
    shop.indexer.rebuild()
    return shop


def test_stream_batch_insert_modify_remove_and_replay(indexed: Services):
    event = load_event("dynamodb_stream_work_orders.json")  # it names the local tables
    assert invoke("indexer", event, "stream_handler") == {"batchItemFailures": []}
    index = indexed.search_index
    assert set(index.record_hashes(RecordType.work_order, "WO-90001")) == {
        "work_order#WO-90001#0",
        "work_order#WO-90001#1",
    }
    assert index.record_hashes(RecordType.work_order, "WO-90002")
    assert not index.record_hashes(RecordType.work_order, "WO-90003")
    first, count = snapshot(indexed), index.count()
    assert invoke("indexer", event, "stream_handler") == {"batchItemFailures": []}
    assert snapshot(indexed) == first and index.count() == count


def test_partial_batch_failure_reports_only_the_bad_record(indexed: Services):
    event = load_event("dynamodb_stream_work_orders.json")  # it names the local tables
    bad = event["Records"][1]
    bad["eventSourceARN"] = bad["eventSourceARN"].replace(indexed.settings.work_orders_table, "no-such-table")
    result = invoke("indexer", event, "stream_handler")
    assert result == {"batchItemFailures": [{"itemIdentifier": bad["dynamodb"]["SequenceNumber"]}]}
    assert indexed.search_index.record_hashes(RecordType.work_order, "WO-90001")


def test_unchanged_record_is_not_re_embedded_and_shrinking_drops_chunks(indexed: Services):
    item = {**ORDER, "WorkOrderNo": "WO-5", "CustID": "C00002"}
    assert indexed.indexer.upsert_records(RecordType.work_order, [item]).embedded == 2
    assert indexed.indexer.upsert_records(RecordType.work_order, [item]).embedded == 0
    doc = indexed.indexer.upsert_document("long.txt", ("Para. " * 300).encode())
    assert doc.embedded >= 2
    assert indexed.indexer.upsert_document("long.txt", b"Short now.").deleted >= 1
    assert len(indexed.search_index.record_hashes(RecordType.document, "long.txt")) == 1


def s3_event(services: Services, name: str, key: str) -> dict:
    event = copy.deepcopy(load_event(name))
    event["Records"][0]["s3"]["bucket"]["name"] = services.settings.documents_bucket
    event["Records"][0]["s3"]["object"]["key"] = key
    return event


def test_s3_events_index_and_remove_documents_and_skip_bad_pdfs(shop: Services):
    bucket = shop.settings.documents_bucket
    uploads = {
        "canopy-guide.pdf": pdf_bytes("Canopy guide: zebra stripes need a soft brush."),
        "locked.pdf": pdf_bytes("secret", encrypt=True),
        "broken.pdf": b"%PDF-1.4 garbage",
        "blank.txt": b"   ",
    }
    for key, body in uploads.items():
        shop.s3.put_object(Bucket=bucket, Key=key, Body=body)
    results = [invoke("indexer", s3_event(shop, "s3_object_created.json", key), "documents_handler") for key in uploads]
    assert results == [
        {"skipped": []},
        {"skipped": ["locked.pdf"]},
        {"skipped": ["broken.pdf"]},
        {"skipped": ["blank.txt"]},
    ]
    hits = shop.search_index.search_bm25("zebra stripes", SearchFilters(), 3)
    assert hits and hits[0].chunk.record_id == "canopy-guide.pdf" and hits[0].chunk.page == 1
    status = shop.documents.status("locked.pdf")
    assert status.status == "failed" and "encrypted" in status.message
    shop.s3.delete_object(Bucket=bucket, Key="canopy-guide.pdf")
    invoke("indexer", s3_event(shop, "s3_object_removed.json", "canopy-guide.pdf"), "documents_handler")
    assert not shop.search_index.record_hashes(RecordType.document, "canopy-guide.pdf")


def test_rebuild_gives_the_same_chunks_as_incremental_indexing(shop: Services):
    indexer, index = shop.indexer, shop.search_index
    incremental = {}
    for rtype in (RecordType.customer, RecordType.work_order, RecordType.repair_order, RecordType.inventory):
        items = list(shop.records.scan_all(rtype))
        indexer.upsert_records(rtype, items)
    for obj in shop.s3.list_objects_v2(Bucket=shop.settings.documents_bucket)["Contents"]:
        body = shop.s3.get_object(Bucket=shop.settings.documents_bucket, Key=obj["Key"])["Body"].read()
        indexer.upsert_document(obj["Key"], body)

    def chunk_set() -> dict[str, str]:
        out: dict[str, str] = {}
        for rtype in (RecordType.customer, RecordType.work_order, RecordType.repair_order, RecordType.inventory):
            for item in shop.records.scan_all(rtype):
                out.update(index.record_hashes(rtype, item[shop.records.key_of(rtype)]))
        for key in ("price-list-2026.pdf", "warranty-policy.md"):
            out.update(index.record_hashes(RecordType.document, key))
        return out

    incremental = chunk_set()
    count = index.count()
    indexer.rebuild()
    assert index.count() == count == len(incremental) == 4 + 2 * 9 + 4 + 3
    assert chunk_set() == incremental


# ---- one net change per item and batch --------------------------------------------------------


def _change(seq: str, name: str, old: dict | None, new: dict | None) -> dict:
    image = {k: {"S": v} for k, v in (new or {}).items()}
    record = {
        "eventID": seq,
        "eventName": name,
        "eventSource": "aws:dynamodb",
        "eventSourceARN": "arn:t/stream/1",
        "dynamodb": {
            "Keys": {"WorkOrderNo": {"S": "WO-1"}},
            "SequenceNumber": seq,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }
    if old is not None:
        record["dynamodb"]["OldImage"] = {k: {"S": v} for k, v in old.items()}
    if new is not None:
        record["dynamodb"]["NewImage"] = image
    return record


def test_a_batch_collapses_to_the_net_change_of_each_item():
    a, b, c = ({"WorkOrderNo": "WO-1", "Status": s} for s in ("received", "cleaning", "ready"))
    other = {
        **_change("105", "MODIFY", a, b),
        "dynamodb": {**_change("105", "MODIFY", a, b)["dynamodb"], "Keys": {"WorkOrderNo": {"S": "WO-2"}}},
    }
    net = collapse(
        [_change("101", "INSERT", None, a), other, _change("110", "MODIFY", a, b), _change("120", "MODIFY", b, c)]
    )
    assert [r["dynamodb"]["Keys"]["WorkOrderNo"]["S"] for r in net] == ["WO-1", "WO-2"]
    first = net[0]
    assert (first["eventName"], first["dynamodb"]["SequenceNumber"]) == ("INSERT", "101")  # retried from here
    assert "OldImage" not in first["dynamodb"] and first["dynamodb"]["NewImage"]["Status"] == {"S": "ready"}
    created_then_gone = collapse([_change("1", "INSERT", None, a), _change("2", "REMOVE", a, None)])
    assert [(r["eventName"], "OldImage" in r["dynamodb"]) for r in created_then_gone] == [("REMOVE", False)]
    moved = collapse([_change("1", "MODIFY", a, b), _change("2", "REMOVE", b, None)])
    assert moved[0]["dynamodb"]["OldImage"]["Status"] == {"S": "received"}


def test_two_changes_of_an_order_in_one_batch_replace_its_chunks_once_and_move_revenue_once(
    shop: Services, pump, monkeypatch
):
    """Before, each change was a replacement: on OpenSearch the second one, inside the refresh
    window, could not see the first one's documents and left duplicates."""
    table = shop.records.table(RecordType.work_order)
    order = shop.records.get_item(RecordType.work_order, "WO-10001")
    replaced: list[str] = []
    index_upsert = shop.search_index.upsert
    monkeypatch.setattr(
        shop.search_index,
        "upsert",
        lambda items: (replaced.extend(i.chunk.chunk_id for i in items), index_upsert(items))[1],
    )
    table.put_item(Item={**order, "Status": "completed", "DateCompleted": "2026-11-02", "DoneMonth": "2026-11"})
    table.put_item(Item={**order, "Status": "completed", "DateCompleted": "2026-11-03", "DoneMonth": "2026-11"})
    drain(pump)
    assert replaced.count("work_order#WO-10001#0") == 1
    admin = Principal(username="admin1", role="admin")
    completed = shop.analytics.query(
        admin, "SELECT date_completed, count(*) FROM orders WHERE order_no = 'WO-10001' GROUP BY ALL"
    )
    assert completed.rows == [(date(2026, 11, 3), 1)]  # moved once, to where it is now


def test_a_failed_net_change_is_retried_from_the_items_first_change(indexed: Services, monkeypatch):
    event = load_event("dynamodb_stream_work_orders.json")  # it names the local tables
    modify = next(r for r in event["Records"] if r["eventName"] == "MODIFY")
    again = copy.deepcopy(modify)
    again["dynamodb"]["SequenceNumber"] = str(int(modify["dynamodb"]["SequenceNumber"]) + 7)
    event["Records"].append(again)

    key = modify["dynamodb"]["Keys"]["WorkOrderNo"]["S"]
    apply_change = indexed.indexer.apply_change

    def broken(rtype, record_id, old, new):
        if record_id == key:
            raise RuntimeError("index down")
        return apply_change(rtype, record_id, old, new)

    monkeypatch.setattr(indexed.indexer, "apply_change", broken)
    assert invoke("indexer", event, "stream_handler")["batchItemFailures"] == [
        {"itemIdentifier": modify["dynamodb"]["SequenceNumber"]}
    ]


def test_an_order_moved_to_another_customer_leaves_the_old_customers_profile(indexed: Services):
    order = indexed.records.get_item(RecordType.work_order, "WO-10003")
    before = next(
        c
        for c in indexed.search_index.search_bm25(
            "WO-10003", SearchFilters(record_types=[RecordType.customer], customer_ids=[order["CustID"]]), 5
        )
    )
    assert "WO-10003" in before.chunk.text
    indexed.records.table(RecordType.work_order).put_item(Item={**order, "CustID": "C00002"})
    moved = indexed.records.get_item(RecordType.work_order, "WO-10003")
    indexed.indexer.apply_change(RecordType.work_order, "WO-10003", order, moved)
    hits = indexed.search_index.search_bm25(
        "WO-10003", SearchFilters(record_types=[RecordType.customer], customer_ids=[order["CustID"]]), 5
    )
    assert not any("WO-10003" in h.chunk.text for h in hits)


def test_a_long_table_is_cut_between_rows_never_inside_one():
    rows = [f"State: State number {n} · Checks: {n * 1013:,} · Permits: {n * 7:,}" for n in range(1, 80)]
    page = "Background checks by state\n\n" + "\n".join(rows) + "\n\nTotals · 2,236,457"
    chunks = document_chunks("checks.pdf", [page])
    assert len(chunks) > 2
    pieces = [line for c in chunks for line in c.text.split("\n") if line]
    assert [p for p in pieces if p.startswith("State:")] == rows  # every row whole, in order
    assert chunks[-1].text.endswith("Totals · 2,236,457")


def test_a_heading_line_stays_a_line_of_its_own_in_its_chunk():
    """ "Not covered" under a list item that ends a sentence is the next list's heading, not the item's last words."""
    page = (
        "Making a claim\n-  Approved claims are repaired free.\nNot covered\n-  Storm and hurricane damage.\n"
        "-  Animal damage."
    )
    (chunk,) = document_chunks("warranty-policy.pdf", [page])
    assert "free.\nNot covered\n- Storm" in chunk.text, chunk.text
    assert (
        "Zipper replacements are warranted. They last."
        in document_chunks("w.pdf", ["Zipper replacements are warranted. They last."])[0].text
    )


def test_pages_read_on_over_running_heads_footers_and_page_breaks():
    """A running head and footer (page numbers aside) leave the flow but are kept once; a sentence cut
    by a page break is finished on the page where it starts, and the next page still has its own."""
    body = [
        "The hull was inspected in spring.",
        "The canopy frame was welded after the storm that hit the north dock and",
        "took out three moorings.",
        "Final checks passed.",
    ]
    pages = [
        f"{n}4 Harbor Awning Co. / Marine Survey / Page {n}\n{text}\nSurveyor: A. Quinn · Page {n} of 4"
        for n, text in enumerate(body, start=1)
    ]
    chunks = document_chunks("survey.pdf", pages)
    texts = {c.page: c.text for c in chunks}
    assert "north dock and took out three moorings." in texts[2]
    assert texts[3].startswith("took out three moorings.")
    assert sum(t.count("Marine Survey") for t in texts.values()) == 1  # the head once, with the first page
    assert sum(t.count("Surveyor: A. Quinn") for t in texts.values()) == 1
    assert "Marine Survey" in texts[1] and texts[4] == "Final checks passed."
    two = document_chunks("short.pdf", ["Notes / Page 1\nOne.", "Notes / Page 2\nTwo."])
    assert all("Notes / Page" in c.text for c in two)  # too few pages to tell a running head
