"""The demo dataset: reproducible to the byte, valid against the models, and demo-worthy."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from awning_assistant.models import Customer, InventoryItem, RepairOrder, User, WorkOrder
from local.demo_data import DemoOptions, main, write_dataset

TODAY = date(2026, 3, 11)
SMALL = [
    "--seed",
    "7",
    "--customers",
    "40",
    "--work-orders",
    "300",
    "--repair-orders",
    "80",
    "--inventory",
    "30",
    "--today",
    TODAY.isoformat(),
]
MODELS = {
    "customers.jsonl": Customer,
    "work_orders.jsonl": WorkOrder,
    "repair_orders.jsonl": RepairOrder,
    "inventory.jsonl": InventoryItem,
    "users.jsonl": User,
}


def _rows(folder: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert main(["--out", str(folder), *SMALL], echo=lambda _: None) == 0
    return folder


def test_same_seed_and_options_give_identical_bytes(dataset: Path, tmp_path: Path) -> None:
    main(["--out", str(tmp_path), *SMALL], echo=lambda _: None)
    first, second = _files(dataset), _files(tmp_path)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_another_seed_gives_other_rows(dataset: Path, tmp_path: Path) -> None:
    write_dataset(
        tmp_path, DemoOptions(seed=8, customers=40, work_orders=300, repair_orders=80, inventory=30, today=TODAY)
    )
    assert (tmp_path / "work_orders.jsonl").read_bytes() != (dataset / "work_orders.jsonl").read_bytes()


def test_row_counts_follow_the_options(dataset: Path) -> None:
    counts = {name: len(_rows(dataset, name)) for name in MODELS}
    assert counts == {
        "customers.jsonl": 40,
        "work_orders.jsonl": 300,
        "repair_orders.jsonl": 80,
        "inventory.jsonl": 30,
        "users.jsonl": 7,
    }


@pytest.mark.parametrize("name", MODELS)
def test_every_row_validates(dataset: Path, name: str) -> None:
    for row in _rows(dataset, name):
        MODELS[name].model_validate(row)


@pytest.mark.parametrize("name", ["work_orders.jsonl", "repair_orders.jsonl"])
def test_totals_equal_item_sums_to_the_cent(dataset: Path, name: str) -> None:
    for row in _rows(dataset, name):
        items = sum(Decimal(str(i["Qty"])) * Decimal(str(i["Price"])) for i in row["Items"])
        assert Decimal(str(row["Total"])) == items, row


def test_repair_prices_are_labor_plus_parts(dataset: Path) -> None:
    for row in _rows(dataset, "repair_orders.jsonl"):
        for item in row["Items"]:
            labor = (Decimal(str(item["LaborHours"])) * Decimal("88")).quantize(Decimal("0.01"))
            assert Decimal(str(item["Price"])) == labor + Decimal(str(item["PartsCost"]))


def test_ids_unique_and_every_order_has_a_customer(dataset: Path) -> None:
    customers = {c["CustID"] for c in _rows(dataset, "customers.jsonl")}
    assert len(customers) == 40
    for name, key in (("work_orders.jsonl", "WorkOrderNo"), ("repair_orders.jsonl", "RepairOrderNo")):
        rows = _rows(dataset, name)
        assert len({r[key] for r in rows}) == len(rows)
        assert {r["CustID"] for r in rows} <= customers


def test_ids_start_where_the_format_says(dataset: Path) -> None:
    assert _rows(dataset, "work_orders.jsonl")[0]["WorkOrderNo"] == "WO-10000"
    assert _rows(dataset, "repair_orders.jsonl")[0]["RepairOrderNo"] == "RO-2000"
    assert _rows(dataset, "inventory.jsonl")[0]["InventoryKey"] == "INV-0001"


@pytest.mark.parametrize("name", ["work_orders.jsonl", "repair_orders.jsonl"])
def test_open_orders_include_overdue_and_due_today(dataset: Path, name: str) -> None:
    today = TODAY.isoformat()
    rows = _rows(dataset, name)
    open_rows = [r for r in rows if r["Status"] not in ("completed", "cancelled")]
    assert any(r["DateRequired"] and r["DateRequired"] < today for r in open_rows)
    assert any(r["DateRequired"] == today for r in open_rows)
    assert all(r["DateIn"] <= today for r in rows)
    assert all(r["DateCompleted"] for r in rows if r["Status"] == "completed")
    assert not any(r["DateCompleted"] for r in rows if r["Status"] != "completed")
    assert all(r["DateCompleted"] <= today for r in rows if r["DateCompleted"])


def test_mostly_completed_with_a_live_queue(dataset: Path) -> None:
    statuses = [r["Status"] for r in _rows(dataset, "work_orders.jsonl")]
    assert statuses.count("completed") > 0.8 * len(statuses)
    assert "cancelled" in statuses
    assert {"received", "cleaning_queue"} & set(statuses)


def test_planted_content_for_redaction_injection_and_search(dataset: Path) -> None:
    rows = _rows(dataset, "work_orders.jsonl")
    notes = " ".join(r["SpecialInstructions"] or "" for r in rows)
    assert "4111 1111 1111 1111" in notes
    assert "078-05-1120" in notes
    assert "Ignore previous instructions" in notes
    descriptions = " ".join(i["Description"] for r in rows for i in r["Items"])
    assert "hand-painted seahorse logo" in descriptions


def test_customers_look_like_the_gulf_coast(dataset: Path) -> None:
    customers = _rows(dataset, "customers.jsonl")
    assert {c["Territory"] for c in customers} <= {"North", "South", "Coastal", "Inland"}
    assert all(c["State"] == "FL" and c["Phone"][5:10] == " 555-" for c in customers)
    assert any(c["Notes"] is None for c in customers) and any(c["Notes"] for c in customers)


def test_inventory_has_navy_sunbrella(dataset: Path) -> None:
    descriptions = [r["Description"] for r in _rows(dataset, "inventory.jsonl")]
    assert "Sunbrella Canvas 60 in wide - Navy" in descriptions


def test_users_cover_roles_and_territories(dataset: Path) -> None:
    users = _rows(dataset, "users.jsonl")
    roles = [u["role"] for u in users]
    assert roles.count("admin") == 2 and roles.count("manager") == 1 and roles.count("staff") == 4
    assert any(len(u["territories"]) == 2 for u in users if u["role"] == "staff")


def _pdf_text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_documents_have_extractable_text(dataset: Path) -> None:
    docs = dataset / "documents"
    expected = {
        "price-list-2026.pdf",
        "warranty-policy.pdf",
        "cleaning-procedure-sop.pdf",
        "mildew-treatment-guide.pdf",
        "pickup-delivery-policy.pdf",
        "rush-order-policy.pdf",
        "storage-payment-policy.pdf",
    }
    assert expected <= {p.name for p in docs.iterdir()}
    for pdf in docs.glob("*.pdf"):
        assert len(_pdf_text(pdf)[1]) > 100, pdf.name
    assert "per square foot" in _pdf_text(docs / "price-list-2026.pdf")[1]
    assert "months" in _pdf_text(docs / "warranty-policy.pdf")[1]
    pages, sop = _pdf_text(docs / "cleaning-procedure-sop.pdf")
    assert pages >= 2 and "psi" in sop


def test_work_order_sheets_match_real_orders(dataset: Path) -> None:
    orders = {r["WorkOrderNo"]: r for r in _rows(dataset, "work_orders.jsonl")}
    sheets = sorted((dataset / "documents").glob("work-order-WO-*.pdf"))
    assert len(sheets) == 3
    for sheet in sheets:
        number = sheet.stem.removeprefix("work-order-")
        text = _pdf_text(sheet)[1]
        assert number in orders and number in text
        assert "Technician:" in text and "Wash bay:" in text and orders[number]["DateIn"] in text
