"""Import: every good row lands, bad rows are reported as file:line: field: problem, re-runs change nothing."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from awning_assistant.models import RecordType
from local.stack import import_folder
from tests.conftest import SHOP


def test_import_loads_every_row_and_document(services):
    report = import_folder(services, SHOP, progress=False)
    assert report.ok, report.summary()
    assert report.tallies["work_orders.jsonl"].new == 6
    assert report.tallies["documents/"].new == 2
    item = services.records.get_item(RecordType.work_order, "WO-10003")
    assert item["Territory"] == "Inland" and item["DueMonth"] == "2026-11" and "DoneMonth" not in item
    assert item["Items"][1]["Price"] == Decimal("75.5")
    keys = {o["Key"] for o in services.s3.list_objects_v2(Bucket=services.settings.documents_bucket)["Contents"]}
    assert keys == {"price-list-2026.pdf", "warranty-policy.md"}


def test_second_import_changes_nothing(services):
    import_folder(services, SHOP, progress=False)
    again = import_folder(services, SHOP, progress=False)
    assert again.ok and again.changes == 0
    assert again.tallies["customers.jsonl"].unchanged == 4
    assert again.tallies["documents/"].unchanged == 2


def test_bad_rows_are_reported_and_good_rows_kept(services, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SHOP, data)
    lines = (data / "work_orders.jsonl").read_text().splitlines()
    lines[1] = lines[1].replace('"Status": "cleaning_queue"', '"Status": "lost"')
    lines[3] = lines[3].replace('"CustID": "C00004"', '"CustID": "C09999"')
    lines.append("{not json")
    lines.append(lines[0])
    (data / "work_orders.jsonl").write_text("\n".join(lines) + "\n")
    (data / "documents" / "notes.docx").write_bytes(b"x")

    report = import_folder(services, data, progress=False)

    assert (
        "work_orders.jsonl:2: Status: Input should be 'received', 'cleaning_queue', 'cleaning', "
        "'repair_queue', 'ready', 'completed' or 'cancelled'" in report.errors
    )
    assert "work_orders.jsonl:4: CustID: unknown customer C09999" in report.errors
    assert any(e.startswith("work_orders.jsonl:7: -: invalid JSON") for e in report.errors)
    assert "work_orders.jsonl:8: WorkOrderNo: duplicate of line 1" in report.errors
    assert "documents/notes.docx:0: file: unsupported type (use .pdf, .txt or .md)" in report.errors
    tally = report.tallies["work_orders.jsonl"]
    assert (tally.new, tally.rejected) == (4, 4)
    assert services.records.get_item(RecordType.work_order, "WO-10002") is None
    assert services.records.get_item(RecordType.work_order, "WO-10005") is not None


def test_changed_row_is_updated(services, tmp_path: Path):
    import_folder(services, SHOP, progress=False)
    data = tmp_path / "data"
    shutil.copytree(SHOP, data)
    text = (data / "inventory.jsonl").read_text().replace('"Qty": 84', '"Qty": 80')
    (data / "inventory.jsonl").write_text(text)
    report = import_folder(services, data, progress=False)
    assert report.tallies["inventory.jsonl"].changed == 1 and report.changes == 1
    assert services.records.get_item(RecordType.inventory, "INV-0001")["Qty"] == 80
