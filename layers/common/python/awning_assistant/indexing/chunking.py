"""Records and documents as searchable chunks, each with the metadata filters need.

A work or repair order gives a header chunk (with its customer's context) and an items
chunk; a customer a profile chunk with a summary of their orders; a stock item one
chunk; a document one or more chunks per page. Card numbers and SSNs are redacted here,
before any text is embedded or indexed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from awning_assistant.answering.formatting import money, quantity
from awning_assistant.answering.text_terms import TABLE_CELLS, split_sentences
from awning_assistant.indexing.chunk import Chunk, chunk_id
from awning_assistant.models import RecordType
from awning_assistant.records.redaction import redact
from awning_assistant.records.rows import CustomerRow, OrderRow, OrderSummary, StockRow

PAGE_CHUNK_CHARS = 1200
EDGE_LINES = 2  # lines at a page's top and bottom where running heads, footers and page numbers sit
RUNNING_SHARE = 0.5  # a line on this share of pages' edges (3 at least), digits aside, runs through the file
CARRIED_CHARS = 300  # at most this much of the next page finishes a page's last sentence
STATUS_WORDS = {"cleaning_queue": "cleaning queue", "repair_queue": "repair queue", "in_repair": "in repair"}


def territory_of(customer: CustomerRow | None) -> str | None:
    """An order's territory is its customer's (none without a customer: staff then never see it)."""
    return customer.territory if customer else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _customer_context(customer: CustomerRow | None, cust_id: str) -> str:
    if customer is None:
        return f"Customer {cust_id}."
    place = ", ".join(x for x in (customer.address, customer.city) if x)
    contact = f", contact {customer.contact}" if customer.contact else ""
    return f"Customer: {customer.name} ({cust_id}){contact}, {place}, {customer.territory} territory."


def _order_dates(order: OrderSummary) -> str:
    parts = [f"came in {order.date_in}"]
    if order.date_required:
        parts.append(f"required by {order.date_required}")
    if order.date_completed:
        parts.append(f"completed {order.date_completed}")
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


def order_chunks(order: OrderRow, customer: CustomerRow | None) -> list[Chunk]:
    """Header (what, who, when, status, instructions) and items of a work or repair order."""
    is_wo = order.is_work_order
    order_id = order.order_no
    name = order.title or ""
    kind = "Work order" if is_wo else "Repair order"
    title = f"{order_id} · {name}"
    status = STATUS_WORDS.get(order.status or "", order.status or "")
    flags = [f for f, on in (("Rush order", order.rush), ("Repairs needed", order.repairs_needed)) if on]
    header = [
        f"{kind} {order_id}: {name}.",
        _customer_context(customer, order.cust_id or ""),
        f"Status: {status}." + (" " + ". ".join(flags) + "." if flags else ""),
        _order_dates(order),
        f"Total {money(order.total)}.",
    ]
    if is_wo and order.special_instructions:
        header.append(f"Special instructions: {order.special_instructions}")
    if not is_wo and order.repairs_description:
        header.append(f"Repairs: {order.repairs_description}")
    lines = []
    for line in order.lines:
        if is_wo:
            desc = ", ".join(str(x) for x in (line.material, line.color, line.condition, line.size_wgt) if x)
        else:
            desc = f"{line.material or ''}, {quantity(line.labor_hours)} h labour"
        lines.append(f"{quantity(line.qty)} x {line.description} ({desc}) at {money(line.price)}")
    materials = sorted({str(line.material) for line in order.lines if line.material})
    meta = {
        "customer_id": order.cust_id,
        "territory": territory_of(customer),
        "status": order.status,
        "date": _date(order.date_completed or order.date_in),
        "materials": materials,
    }
    items_text = f"Items on {kind.lower()} {order_id} ({name}): " + "; ".join(lines) + "."
    notes = order.special_instructions if is_wo else order.repairs_description
    what = "; ".join(
        ", ".join(str(x) for x in (line.description, line.material, line.color) if x) for line in order.lines
    )
    # One meaning per order: both chunks share the embedding of what the order is about (its
    # name, items and instructions), so an order costs one model run; BM25 tells the chunks apart.
    about = ". ".join(x for x in (name, what, notes) if x)
    return [
        _make(order.kind, order_id, 0, title, "\n".join(header), embed=about, **meta),
        _make(order.kind, order_id, 1, title, items_text, embed=about, **meta),
    ]


def customer_chunks(customer: CustomerRow, orders: Sequence[OrderSummary]) -> list[Chunk]:
    """A profile with contact details and an order-history summary (no revenue: staff see it)."""
    cust_id = customer.cust_id
    place = ", ".join(str(x) for x in (customer.address, customer.city, customer.state, customer.zip_code) if x)
    text = [
        f"Customer {customer.name} ({cust_id}). Contact {customer.contact}. "
        f"Phone {customer.phone}, email {customer.email}. Address {place}.",
        f"Territory {customer.territory}. Found us through {customer.source}.",
    ]
    if customer.notes:
        text.append(f"Notes: {customer.notes}")
    if orders:
        wos = [o for o in orders if o.kind is RecordType.work_order]
        ros = [o for o in orders if o.kind is RecordType.repair_order]
        dates = sorted(o.date_in or "" for o in orders)
        open_ids = sorted(o.order_no for o in orders if o.status not in ("completed", "cancelled"))
        text.append(
            f"History: {len(wos)} work orders and {len(ros)} repair orders since {dates[0]}, "
            f"latest {dates[-1]}." + (f" Open: {', '.join(open_ids)}." if open_ids else " No open orders.")
        )
    about = ". ".join(str(x) for x in (customer.name, customer.city, customer.notes) if x)
    return [
        _make(
            RecordType.customer,
            cust_id,
            0,
            f"{cust_id} · {customer.name}",
            " ".join(text),
            embed=about,
            customer_id=cust_id,
            territory=customer.territory,
        )
    ]


def inventory_chunks(item: StockRow) -> list[Chunk]:
    key = item.inventory_key
    unit = item.unit
    text = (
        f"Stock item {key}: {item.description}. Material {item.material}, colour "
        f"{item.color}, condition {item.condition}. {quantity(item.qty)} {unit} "
        f"in stock at {money(item.unit_price)} per {unit}, stored at {item.location}."
    )
    about = f"{item.description}, {item.condition} stock"
    return [
        _make(
            RecordType.inventory,
            key,
            0,
            f"{key} · {item.description}",
            text,
            embed=about,
            materials=[item.material] if item.material else [],
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
        para = para.strip()
        table = TABLE_CELLS in para  # a table's rows: each one whole, in one piece
        at = 0
        for n, unit in enumerate(para.splitlines() if table else split_sentences(para)):
            # a sentence that began its line still does ("... repaired free." / "Not covered": a heading kept apart)
            start = max(para.find(unit, at), at)  # (not found: a sentence split_sentences joined after a "No.")
            on_new_line = table or "\n" in para[at:start]
            at = start + len(unit)
            joint = ("\n" if on_new_line else " ") if n else "\n\n"
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
