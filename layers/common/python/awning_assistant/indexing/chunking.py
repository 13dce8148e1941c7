"""Records and documents as searchable chunks, each with the metadata filters need.

A work or repair order gives a header chunk (with its customer's context) and an items
chunk; a customer a profile chunk with a summary of their orders; a stock item one
chunk; a document one or more chunks per page. Card numbers and SSNs are redacted here,
before any text is embedded or indexed.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from awning_assistant.answering.formatting import money, quantity
from awning_assistant.answering.text_terms import TABLE_CELLS, split_sentences
from awning_assistant.indexing.chunk import Chunk, chunk_id
from awning_assistant.models import RecordType
from awning_assistant.records.redaction import redact

PAGE_CHUNK_CHARS = 1200
EDGE_LINES = 2  # lines at a page's top and bottom where running heads, footers and page numbers sit
RUNNING_SHARE = 0.5  # a line on this share of pages' edges (3 at least), digits aside, runs through the file
CARRIED_CHARS = 300  # at most this much of the next page finishes a page's last sentence
STATUS_WORDS = {"cleaning_queue": "cleaning queue", "repair_queue": "repair queue", "in_repair": "in repair"}


def territory_of(customer: dict[str, Any] | None) -> str | None:
    """An order's territory is its customer's (none without a customer: staff then never see it)."""
    return customer.get("Territory") if customer else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _customer_context(customer: dict[str, Any] | None, cust_id: str) -> str:
    if not customer:
        return f"Customer {cust_id}."
    place = ", ".join(x for x in (customer.get("Address"), customer.get("City")) if x)
    contact = f", contact {customer['Contact']}" if customer.get("Contact") else ""
    return f"Customer: {customer.get('Name')} ({cust_id}){contact}, {place}, {customer.get('Territory')} territory."


def _order_dates(item: dict[str, Any]) -> str:
    parts = [f"came in {item['DateIn']}"]
    if item.get("DateRequired"):
        parts.append(f"required by {item['DateRequired']}")
    if item.get("DateCompleted"):
        parts.append(f"completed {item['DateCompleted']}")
    return "Dates: " + ", ".join(parts) + "."


def _make(
    rtype: RecordType, record_id: str, n: int, title: str, text: str, embed: str | None = None, **meta: Any
) -> Chunk:
    return Chunk(
        chunk_id=chunk_id(rtype, record_id, n),
        record_type=rtype,
        record_id=record_id,
        title=redact(title),
        text=redact(text),
        embed_text=redact(embed) if embed else None,
        **meta,
    )


def order_chunks(rtype: RecordType, item: dict[str, Any], customer: dict[str, Any] | None) -> list[Chunk]:
    """Header (what, who, when, status, instructions) and items of a work or repair order."""
    is_wo = rtype is RecordType.work_order
    order_id = item["WorkOrderNo" if is_wo else "RepairOrderNo"]
    name = item.get("WOName" if is_wo else "ROName", "")
    kind = "Work order" if is_wo else "Repair order"
    title = f"{order_id} · {name}"
    status = STATUS_WORDS.get(item.get("Status", ""), item.get("Status", ""))
    flags = [
        f for f, on in (("Rush order", item.get("RushOrder")), ("Repairs needed", item.get("RepairsNeeded"))) if on
    ]
    header = [
        f"{kind} {order_id}: {name}.",
        _customer_context(customer, item.get("CustID", "")),
        f"Status: {status}." + (" " + ". ".join(flags) + "." if flags else ""),
        _order_dates(item),
        f"Total {money(item.get('Total', 0))}.",
    ]
    if is_wo and item.get("SpecialInstructions"):
        header.append(f"Special instructions: {item['SpecialInstructions']}")
    if not is_wo and item.get("RepairsDescription"):
        header.append(f"Repairs: {item['RepairsDescription']}")
    lines = []
    for line in item.get("Items", []):
        if is_wo:
            desc = ", ".join(
                str(x)
                for x in (line.get("Material"), line.get("Color"), line.get("Condition"), line.get("SizeWgt"))
                if x
            )
        else:
            desc = f"{line.get('Material', '')}, {quantity(line.get('LaborHours', 0))} h labour"
        price = money(line.get("Price", 0))
        lines.append(f"{quantity(line.get('Qty', 0))} x {line.get('Description')} ({desc}) at {price}")
    materials = sorted({str(line["Material"]) for line in item.get("Items", []) if line.get("Material")})
    meta = {
        "customer_id": item.get("CustID"),
        "territory": territory_of(customer),
        "status": item.get("Status"),
        "date": _date(item.get("DateCompleted") or item.get("DateIn")),
        "materials": materials,
    }
    items_text = f"Items on {kind.lower()} {order_id} ({name}): " + "; ".join(lines) + "."
    notes = item.get("SpecialInstructions") if is_wo else item.get("RepairsDescription")
    what = "; ".join(
        ", ".join(str(x) for x in (line.get("Description"), line.get("Material"), line.get("Color")) if x)
        for line in item.get("Items", [])
    )
    # One meaning per order: both chunks share the embedding of what the order is about (its
    # name, items and instructions), so an order costs one model run; BM25 tells the chunks apart.
    about = ". ".join(x for x in (name, what, notes) if x)
    return [
        _make(rtype, order_id, 0, title, "\n".join(header), embed=about, **meta),
        _make(rtype, order_id, 1, title, items_text, embed=about, **meta),
    ]


def customer_chunks(customer: dict[str, Any], orders: list[tuple[RecordType, dict[str, Any]]]) -> list[Chunk]:
    """A profile with contact details and an order-history summary (no revenue: staff see it)."""
    cust_id = customer["CustID"]
    place = ", ".join(
        str(x)
        for x in (customer.get("Address"), customer.get("City"), customer.get("State"), customer.get("ZipCode"))
        if x
    )
    text = [
        f"Customer {customer.get('Name')} ({cust_id}). Contact {customer.get('Contact')}. "
        f"Phone {customer.get('Phone')}, email {customer.get('Email')}. Address {place}.",
        f"Territory {customer.get('Territory')}. Found us through {customer.get('Source')}.",
    ]
    if customer.get("Notes"):
        text.append(f"Notes: {customer['Notes']}")
    if orders:
        wos = [i for t, i in orders if t is RecordType.work_order]
        ros = [i for t, i in orders if t is RecordType.repair_order]
        dates = sorted(i["DateIn"] for _, i in orders)
        open_ids = sorted(
            str(i.get("WorkOrderNo") or i.get("RepairOrderNo"))
            for _, i in orders
            if i.get("Status") not in ("completed", "cancelled")
        )
        text.append(
            f"History: {len(wos)} work orders and {len(ros)} repair orders since {dates[0]}, "
            f"latest {dates[-1]}." + (f" Open: {', '.join(open_ids)}." if open_ids else " No open orders.")
        )
    about = ". ".join(str(x) for x in (customer.get("Name"), customer.get("City"), customer.get("Notes")) if x)
    return [
        _make(
            RecordType.customer,
            cust_id,
            0,
            f"{cust_id} · {customer.get('Name')}",
            " ".join(text),
            embed=about,
            customer_id=cust_id,
            territory=customer.get("Territory"),
        )
    ]


def inventory_chunks(item: dict[str, Any]) -> list[Chunk]:
    key = item["InventoryKey"]
    unit = item.get("Unit")
    text = (
        f"Stock item {key}: {item.get('Description')}. Material {item.get('Material')}, colour "
        f"{item.get('Color')}, condition {item.get('Condition')}. {quantity(item.get('Qty', 0))} {unit} "
        f"in stock at {money(item.get('UnitPrice', 0))} per {unit}, stored at {item.get('Location')}."
    )
    about = f"{item.get('Description')}, {item.get('Condition')} stock"
    return [
        _make(
            RecordType.inventory,
            key,
            0,
            f"{key} · {item.get('Description')}",
            text,
            embed=about,
            materials=[item["Material"]] if item.get("Material") else [],
        )
    ]


def document_chunks(name: str, pages: list[str]) -> list[Chunk]:
    """One or more chunks per page (split on paragraphs, about ``PAGE_CHUNK_CHARS`` each), read as
    ``continuous_pages`` reads them."""
    chunks: list[Chunk] = []
    for page_no, page in enumerate(continuous_pages(pages), start=1):
        for piece in split_text(page):
            chunks.append(
                _make(RecordType.document, name, len(chunks), f"{name} · page {page_no}", piece, page=page_no)
            )
    return chunks


def _shape(line: str) -> str:
    """A line with its numbers (page numbers, wherever they sit) and spacing left out."""
    return " ".join(re.sub(r"\d+", " ", line.lower()).split())


def _edges(lines: list[str]) -> list[int]:
    """Where a page's top and bottom lines are (indexes of its non-blank lines)."""
    filled = [n for n, line in enumerate(lines) if line.strip()]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def continuous_pages(pages: list[str]) -> list[str]:
    """Pages as a reader follows them: the running heads, footers and page numbers that recur on
    most pages taken out of the flow (they split sentences and crowd out text; each is kept once,
    as a paragraph of the page where it first appears), and a sentence that runs over a page break
    finished on the page where it starts, so that it is found and quoted whole. The stored page
    text (page views) keeps every line."""
    split = [page.splitlines() for page in pages]
    seen = Counter(shape for lines in split for shape in {_shape(lines[n]) for n in _edges(lines)})
    running = {shape for shape, n in seen.items() if len(pages) >= 3 and n >= max(3, RUNNING_SHARE * len(pages))}
    shown: set[str] = set()
    flow, asides = [], []
    for lines in split:
        edges = {n for n in _edges(lines) if _shape(lines[n]) in running}
        flow.append("\n".join(line for n, line in enumerate(lines) if n not in edges).strip())
        firsts = [lines[n].strip() for n in sorted(edges) if _shape(lines[n]) not in shown]
        shown.update(map(_shape, firsts))
        asides.append("".join(f"\n\n{line}" for line in firsts))
    return [
        (page + _carried(page, following) + aside).strip()
        for page, following, aside in zip(flow, [*flow[1:], ""], asides, strict=True)
    ]


def _carried(page: str, following: str) -> str:
    """The start of ``following`` that ends ``page``'s unfinished last sentence ("" when it is finished)."""
    last = page.rstrip().splitlines()[-1] if page.strip() else ""
    if not last or not following or TABLE_CELLS in last or re.search(r"[.!?:;)\]\"'”’]$", last):
        return ""
    end = re.search(r"[.!?](?=\s|$)", following[:CARRIED_CHARS])
    if end is None:
        return ""
    joint = "" if last.endswith("-") else " "
    return joint + " ".join(following[: end.end()].split())


def split_text(text: str, limit: int = PAGE_CHUNK_CHARS) -> list[str]:
    """Paragraph-aligned pieces of at most ``limit`` characters (a longer paragraph is cut between
    sentences, a table between rows, a longer sentence where it must); paragraphs stay apart by a
    blank line, so the composer still sees where one ends."""
    text = re.sub(r"[ \t]+", " ", text).strip()
    if not text:
        return []
    pieces: list[str] = []
    current = ""
    for para in re.split(r"\n\s*\n", text):
        table = TABLE_CELLS in para  # a table's rows: each one whole, in one piece
        for n, unit in enumerate(para.strip().splitlines() if table else split_sentences(para.strip())):
            joint = ("\n" if table else " ") if n else "\n\n"
            if current and len(current) + len(joint) + len(unit) > limit:
                pieces.append(current)
                current = ""
            current = f"{current}{joint}{unit}" if current else unit
            while len(current) > limit:
                pieces.append(current[:limit])
                current = current[limit:]
    if current:
        pieces.append(current)
    return pieces
