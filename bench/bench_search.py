"""Latency of the embedded search index: BM25, k-NN and hybrid (both + RRF), and insert throughput.

Measures the index alone: chunks are synthetic but worded like the chunker's output
(order headers and item lines, customer profiles, stock items, policy pages) with
random metadata; vectors are random unit vectors (no embedder runs). Targets to
compare against: hybrid p95 <= 20 ms at 10k chunks and <= 60 ms at 100k.

    PYTHONPATH=layers/common/python .venv/bin/python bench/bench_search.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]

from awning_assistant.answering.retrieval import reciprocal_rank_fusion  # noqa: E402
from awning_assistant.indexing.chunk import Chunk, chunk_id  # noqa: E402
from awning_assistant.models import RecordType  # noqa: E402
from awning_assistant.search_index import Hit, IndexedChunk, SearchFilters  # noqa: E402
from local.embedded_index import EmbeddedIndex  # noqa: E402

TERRITORIES = ["North", "South", "Coastal", "Inland"]
ITEMS = [
    "Retractable awning",
    "Window awning",
    "Patio canopy",
    "Boat cover",
    "Bimini top",
    "Valance",
    "Market umbrella",
    "Shade sail",
    "Door canopy",
    "Cabana curtain",
    "Pergola cover",
    "Storefront awning",
    "Cushion covers",
    "Enclosure panel",
    "Dodger",
    "Grill cover",
    "Sail cover",
    "Tent sidewall",
]
MATERIALS = [
    "Sunbrella Canvas",
    "Acrylic Canvas",
    "Polyester",
    "Marine Vinyl",
    "Clear Vinyl",
    "PVC Mesh",
    "HDPE Shade Cloth",
    "Thread",
]
COLOURS = [
    "Navy",
    "Forest Green",
    "Burgundy",
    "Tan",
    "Charcoal",
    "White",
    "Red Stripe",
    "Pacific Blue",
    "Black",
    "Taupe",
    "Teal",
    "Linen",
    "Jockey Red",
    "Aruba",
    "Heather Beige",
]
CONDITIONS = [
    "mildew",
    "heavy mildew",
    "bird droppings",
    "tree sap",
    "rust stains",
    "faded",
    "dirty",
    "water stains",
    "oil spots",
    "pollen",
    "algae",
    "smoke damage",
    "good",
]
PARTS = [
    "seams",
    "hem",
    "zipper",
    "grommets",
    "frame pocket",
    "valance edge",
    "corner",
    "panel",
    "snaps",
    "bungee loops",
    "window",
    "binding",
    "webbing straps",
    "stitching",
]
PROBLEMS = ["torn", "frayed", "split", "missing", "broken", "worn through", "unstitched", "cracked", "sun-rotted"]
ACTIONS = [
    "restitch with PTFE thread",
    "replace",
    "patch",
    "re-hem",
    "rebind",
    "install new",
    "reinforce",
    "heat-weld",
    "replace and re-tension",
]
INSTRUCTIONS = [
    "Call before pickup.",
    "Rush: needed before the weekend event.",
    "Deliver to the back entrance.",
    "Gate code is at the front desk.",
    "Use mild soap only, customer is sensitive to smells.",
    "Quote before doing any repair over $200.",
    "Pickup by appointment only.",
    "Label each panel with its window number.",
    "Invoice goes to the property manager.",
    "Roll, do not fold.",
    "Dry flat.",
    "Do not scrub the painted logo.",
    "Reapply water repellent.",
    "Customer will drop off the frame separately.",
    "Match the old thread colour.",
    "Keep the hardware in a labelled bag.",
    "Photograph damage before cleaning.",
    "Tenant contact only, owner is overseas.",
    "Leave at the marina office.",
]
COMPANY_A = [
    "Harbor",
    "Sunset",
    "Oak",
    "Bayside",
    "Maple",
    "Coastal",
    "Pine",
    "Lakeside",
    "Blue Heron",
    "Palm",
    "Seabreeze",
    "Cedar",
    "Gulf",
    "Pelican",
    "Driftwood",
    "Coral",
    "Magnolia",
    "Riverside",
    "Anchor",
    "Sandpiper",
]
COMPANY_B = [
    "Marina",
    "Grill",
    "Dental",
    "Yacht Club",
    "HOA",
    "Bistro",
    "Resort",
    "Cafe",
    "Inn",
    "Bakery",
    "Apartments",
    "Hardware",
    "Realty",
    "Country Club",
    "Brewing",
    "Church",
    "Dentistry",
    "Motel",
    "Boatworks",
    "Taproom",
]
FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Frank",
    "Grace",
    "Hugo",
    "Iris",
    "Jamal",
    "Kim",
    "Luis",
    "Maya",
    "Nate",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
]
LAST = [
    "Rivera",
    "Johnson",
    "Nguyen",
    "Patel",
    "Smith",
    "Garcia",
    "Okafor",
    "Miller",
    "Chen",
    "Kowalski",
    "Dubois",
    "Haddad",
    "Larsen",
    "Moreau",
    "Silva",
    "Tanaka",
    "Walsh",
    "Young",
    "Zimmer",
    "Brooks",
]
CITIES = ["Sarasota", "Bradenton", "Venice", "Osprey", "Nokomis", "Palmetto", "Englewood", "Longboat Key"]
STREETS = ["Commerce Pkwy", "Bay St", "Main St", "Gulf Dr", "Palm Ave", "Harbor Blvd", "Cedar Ln", "Marina Way"]
POLICY = [
    "Mildew must be treated within 48 hours of arrival.",
    "Marine vinyl is cleaned with pH-neutral soap only.",
    "Never pressure-wash acrylic canvas above 500 psi.",
    "Rush orders carry a 35% surcharge.",
    "Clear vinyl windows are polished, never scrubbed.",
    "Thread colour is matched against the swatch book.",
    "Repairs over $200 need a signed quote.",
    "Umbrellas are priced by diameter.",
    "Fabric is air dried before folding.",
    "Grommets are installed every 12 inches.",
    "Customers are called when an order is ready.",
    "Minimum order is $90.",
    "Storage is free for 30 days after completion.",
    "Re-proofing uses a fluoropolymer treatment.",
]
STATUSES = {
    RecordType.work_order: ["received", "cleaning_queue", "cleaning", "repair_queue", "ready", "completed"],
    RecordType.repair_order: ["received", "quoted", "approved", "in_repair", "ready", "completed"],
}
# The mix of records; each gives two chunks (an order's header and items, a document's two pages, ...).
RECORD_TYPES = (
    [RecordType.work_order] * 9
    + [RecordType.repair_order] * 5
    + [RecordType.customer] * 3
    + [RecordType.inventory, RecordType.document, RecordType.document]
)
QUESTIONS = [
    "which {item} jobs had {condition}",
    "status of {order}",
    "{company} {item} cleaning instructions",
    "how do we handle {condition} on {material}",
    "{colour} {material} {item}",
    "is {order} ready",
    "what did {person} ask for",
    "{condition} {item} {colour}",
    "{problem} {part} on {material}",
    "who needs a call before pickup",
    "rush orders for {company}",
    "{action} {part} {item}",
    "orders for {company} in {city}",
    "{item} waiting in the cleaning queue",
    "policy on {condition}",
]


def company(rng: random.Random) -> str:
    return f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def address(rng: random.Random) -> str:
    return f"{rng.randint(100, 9999)} {rng.choice(STREETS)}, {rng.choice(CITIES)}"


def order_header(
    rng: random.Random, kind: str, order_id: str, name: str, customer_id: str, territory: str, status: str, day: date
) -> str:
    """An order's header chunk, worded like ``chunking.order_chunks``."""
    lines = [
        f"{kind} {order_id}: {name}.",
        f"Customer: {company(rng)} ({customer_id}), contact {person(rng)}, {address(rng)}, {territory} territory.",
        f"Status: {status.replace('_', ' ')}." + (" Rush order." if rng.random() < 0.15 else ""),
        f"Dates: came in {day.isoformat()}, required by {(day + timedelta(days=14)).isoformat()}.",
        f"Total ${rng.uniform(90, 4000):,.2f}.",
    ]
    if kind == "Repair order":
        repairs = [
            f"{rng.choice(PROBLEMS)} {rng.choice(PARTS)}, {rng.choice(ACTIONS)}" for _ in range(rng.randint(1, 3))
        ]
        lines.append("Repairs: " + "; ".join(repairs) + ".")
    elif rng.random() < 0.6:
        lines.append("Special instructions: " + " ".join(rng.sample(INSTRUCTIONS, rng.randint(1, 2))))
    return "\n".join(lines)


def order_items(rng: random.Random, kind: str, order_id: str, name: str) -> str:
    """An order's items chunk."""
    lines = [
        f"{rng.randint(1, 6)} x {rng.choice(ITEMS)} ({rng.choice(MATERIALS)}, {rng.choice(COLOURS)}, "
        f"{rng.choice(CONDITIONS)}, {rng.randint(3, 20)} x {rng.randint(4, 40)} ft) "
        f"at ${rng.uniform(40, 900):,.2f}"
        for _ in range(rng.randint(1, 3))
    ]
    return f"Items on {kind.lower()} {order_id} ({name}): " + "; ".join(lines) + "."


def customer_profile(rng: random.Random, customer_id: str, name: str, territory: str, day: date) -> str:
    source = rng.choice(["Referral", "Web", "Vendor: Sunbrella", "Boat show"])
    return (
        f"Customer {name} ({customer_id}). Contact {person(rng)}. "
        f"Phone (941) 555-{rng.randint(1000, 9999)}. Address {address(rng)}, FL. Territory {territory}. "
        f"Found us through {source}. Notes: {rng.choice(INSTRUCTIONS)} History: {rng.randint(1, 40)} "
        f"work orders and {rng.randint(0, 12)} repair orders since {day.isoformat()}."
    )


def stock_item(rng: random.Random, key: str, material: str, colour: str) -> str:
    return (
        f"Stock item {key}: {material} roll. Material {material}, colour {colour}, condition "
        f"{rng.choice(['New', 'Remnant', 'Used'])}. {rng.randint(1, 90)} yd in stock at "
        f"${rng.uniform(5, 40):.2f} per yd, stored at Rack {rng.choice('ABCDEF')}{rng.randint(1, 9)}."
    )


def record_id_of(record_type: RecordType, n: int) -> str:
    return {
        RecordType.work_order: f"WO-{10000 + n}",
        RecordType.repair_order: f"RO-{20000 + n}",
        RecordType.customer: f"C{n:05d}",
        RecordType.inventory: f"INV-{n:05d}",
        RecordType.document: f"policy-{n}.pdf",
    }[record_type]


def record_chunks(rng: random.Random, n: int, customers: int) -> list[Chunk]:
    """The two chunks of record ``n`` (an order's header and items, a document's two pages, ...)."""
    record_type = RECORD_TYPES[n % len(RECORD_TYPES)]
    record_id = record_id_of(record_type, n)
    shared = record_type in (RecordType.inventory, RecordType.document)  # visible in every territory
    territory = rng.choice(TERRITORIES)
    status = rng.choice(STATUSES.get(record_type, [""]))
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
    customer_id = record_id if record_type is RecordType.customer else f"C{rng.randrange(customers):05d}"
    if record_type in STATUSES:
        kind = "Work order" if record_type is RecordType.work_order else "Repair order"
        name = f"{rng.choice(ITEMS)} - {rng.choice(['clean', 'clean and reproof', 'repair', 'restitch'])}"
        title = f"{record_id} · {name}"
        texts = [
            order_header(rng, kind, record_id, name, customer_id, territory, status, day),
            order_items(rng, kind, record_id, name),
        ]
    elif record_type is RecordType.customer:
        name = company(rng)
        title = f"{record_id} · {name}"
        texts = [customer_profile(rng, record_id, name, territory, day) for _ in range(2)]
    elif record_type is RecordType.inventory:
        material, colour = rng.choice(MATERIALS), rng.choice(COLOURS)
        title = f"{record_id} · {material} {colour}"
        texts = [stock_item(rng, record_id, material, colour) for _ in range(2)]
    else:
        title = f"{record_id} · policies"
        texts = [" ".join(rng.sample(POLICY, rng.randint(3, 6))) for _ in range(2)]
    materials = sorted(m for m in MATERIALS if any(m in text for text in texts))  # per record, as chunked
    return [
        Chunk(
            chunk_id=chunk_id(record_type, record_id, part),
            record_type=record_type,
            record_id=record_id,
            title=title,
            text=text,
            customer_id=None if shared else customer_id,
            territory=None if shared else territory,
            status=status or None,
            date=None if shared else day,
            materials=materials,
            page=part + 1 if shared else None,
        )
        for part, text in enumerate(texts)
    ]


def synthetic_chunks(count: int, dimensions: int, seed: int, batch: int) -> Iterator[list[IndexedChunk]]:
    """Batches of ``count`` chunks with random unit vectors."""
    rng, vectors_rng = random.Random(seed), np.random.default_rng(seed)
    chunks = (chunk for n in range(count) for chunk in record_chunks(rng, n, count // 20 + 1))
    for first in range(0, count, batch):
        size = min(batch, count - first)
        vectors = vectors_rng.standard_normal((size, dimensions), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        yield [
            IndexedChunk(chunk=chunk, vector=vector.tolist(), content_hash=chunk.content_hash)
            for chunk, vector in zip(chunks, vectors, strict=False)
        ]


def asked_order_id(rng: random.Random, records: int) -> str:
    """The id of an existing order (one in ten asked about does not exist)."""
    if rng.random() < 0.1:
        return f"WO-{99_000_000 + rng.randrange(1000)}"
    cycle = len(RECORD_TYPES)
    offsets = [i for i, record_type in enumerate(RECORD_TYPES) if record_type in STATUSES]
    n = rng.randrange(max(records // cycle, 1)) * cycle + rng.choice(offsets)
    return record_id_of(RECORD_TYPES[n % cycle], n)


def queries(count: int, size: int, seed: int) -> list[tuple[str, SearchFilters]]:
    """Short realistic questions; half carry a staff user's territory filter, a quarter a type filter."""
    rng = random.Random(seed + 1)
    result = []
    for _ in range(count):
        question = rng.choice(QUESTIONS).format(
            item=rng.choice(ITEMS).lower(),
            condition=rng.choice(CONDITIONS),
            company=company(rng),
            person=person(rng),
            material=rng.choice(MATERIALS),
            colour=rng.choice(COLOURS).lower(),
            action=rng.choice(ACTIONS),
            problem=rng.choice(PROBLEMS),
            part=rng.choice(PARTS),
            city=rng.choice(CITIES),
            order=asked_order_id(rng, size // 2),
        )
        territories = rng.sample(TERRITORIES, rng.randint(1, 2)) if rng.random() < 0.5 else None
        orders = [RecordType.work_order, RecordType.repair_order]
        record_types = [rng.choice(orders)] if rng.random() < 0.25 else None
        result.append((question, SearchFilters(territories=territories, record_types=record_types)))
    return result


def timed(call: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU milliseconds; CPU time is what a busy shared machine does not inflate."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def report(label: str, samples: list[tuple[float, float]]) -> None:
    wall, cpu = (np.percentile([sample[i] for sample in samples], [50, 95]) for i in (0, 1))
    print(f"  {label:<24} wall p50 {wall[0]:6.1f}  p95 {wall[1]:6.1f} ms   cpu p50 {cpu[0]:6.1f}  p95 {cpu[1]:6.1f} ms")


def bench(size: int, args: argparse.Namespace, workdir: Path) -> None:
    print(f"\n{size:,} chunks, {args.dimensions} dimensions")
    index = EmbeddedIndex(workdir / f"bench-{size}.sqlite3", args.dimensions)
    insert = [
        timed(partial(index.upsert, items)) for items in synthetic_chunks(size, args.dimensions, args.seed, args.batch)
    ]
    seconds = sum(wall for wall, _ in insert) / 1000
    print(
        f"  {'insert':<24} {size / seconds:6,.0f} chunks/s in batches of {args.batch} "
        f"({seconds:.1f} s), file {index.path.stat().st_size / 2**20:,.0f} MiB"
    )

    plan = queries(args.queries, size, args.seed)
    vectors = np.random.default_rng(args.seed + 2).standard_normal((len(plan), args.dimensions))
    query_vectors = [(v / np.linalg.norm(v)).tolist() for v in vectors]
    cold, _ = timed(partial(index.search_knn, query_vectors[0], SearchFilters(), 1))
    index.upsert(next(synthetic_chunks(10, args.dimensions, args.seed + 3, 10)))  # rewrites 10 chunks
    caught_up, _ = timed(partial(index.search_knn, query_vectors[0], SearchFilters(), 1))
    print(f"  {'k-NN cache':<24} {cold:6.0f} ms to load, {caught_up:.1f} ms to catch up with a 10-chunk upsert")

    def hybrid(text: str, vector: list[float], filters: SearchFilters) -> list[Hit]:
        return reciprocal_rank_fusion(
            [index.search_bm25(text, filters, args.depth), index.search_knn(vector, filters, args.depth)], limit=args.k
        )

    samples: dict[str, list[tuple[float, float]]] = {"bm25": [], "knn": [], "hybrid": []}
    for (text, filters), vector in zip(plan, query_vectors, strict=True):
        samples["bm25"].append(timed(partial(index.search_bm25, text, filters, args.depth)))
        samples["knn"].append(timed(partial(index.search_knn, vector, filters, args.depth)))
        samples["hybrid"].append(timed(partial(hybrid, text, vector, filters)))
    report(f"BM25 (k={args.depth})", samples["bm25"])
    report(f"k-NN (k={args.depth})", samples["knn"])
    report(f"hybrid (RRF, top {args.k})", samples["hybrid"])
    index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dimensions", type=int, default=384)
    parser.add_argument("--depth", type=int, default=20, help="hits asked of each engine before fusion")
    parser.add_argument("--k", type=int, default=8, help="hits kept after fusion")
    parser.add_argument("--batch", type=int, default=500, help="chunks per upsert call")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="awning-bench-") as workdir:
        for size in args.sizes:
            bench(size, args, Path(workdir))


if __name__ == "__main__":
    main()
