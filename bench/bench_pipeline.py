"""Answering pipeline latency, generation excluded, and prompt size.

For generated datasets of ``--sizes`` work orders (with a quarter as many repair orders and
a tenth as many customers) in moto, indexed with the local model, a mix of questions of
every kind (built from the dataset's own names and ids) goes through ``ChatService.prepare``:
history, planning, structured queries or hybrid retrieval, and the prompt. Prints p50/p95
per size and per question kind, where the time went, and the median prompt tokens.

Targets: p95 <= 50 ms at 10k records and <= 150 ms at 100k; median prompt <= 800 tokens.

    .venv/bin/python bench/bench_pipeline.py [--sizes 10000 100000] [--questions 120] [--stock-moto]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]

TEMPLATES = {
    "count_status": [
        "How many work orders are in the cleaning queue?",
        "How many repair orders are in repair?",
        "How many work orders are ready for pickup?",
    ],
    "overdue": ["Which work orders are overdue?", "Which repair orders are overdue?", "Which rush orders are late?"],
    "due": ["Which work orders are due this week?", "What is due today?", "Which repair orders are due tomorrow?"],
    "contact": ["What is the phone number for {customer}?", "Who is the contact person at {customer}?"],
    "customer_orders": ["List all work orders for {customer}.", "Which orders for {customer} are still open?"],
    "order_detail": ["What is the status of {order}?", "What are the special instructions on {order}?"],
    "revenue": ["What was our revenue last month?", "Break down this year's revenue into cleaning and repair."],
    "top_customers": ["Who were our top 3 customers by revenue in 2025?"],
    "inventory": ["How many yards of {material} do we have in stock?"],
    "semantic": ["Which work order was for the {item}?"],
    "document": ["What is our restitching warranty?", "How much notice is needed to schedule a pickup?"],
}


class StorageClock:
    """Wall time spent inside DynamoDB calls (moto here; DynamoDB's own latency on AWS)."""

    def __init__(self, client: object) -> None:
        self.spent = 0.0
        self._started = 0.0
        events = client.meta.events  # type: ignore[attr-defined]
        events.register("before-call.dynamodb", self._before)
        events.register("after-call.dynamodb", self._after)

    def _before(self, **_: object) -> None:
        self._started = time.perf_counter()

    def _after(self, **_: object) -> None:
        self.spent += time.perf_counter() - self._started


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(p / 100 * len(ordered) + 0.5) - 1)]


def questions(data: Path, n: int, rng: random.Random) -> list[tuple[str, str]]:
    import json

    customers = [json.loads(line)["Name"] for line in (data / "customers.jsonl").open()]
    orders = [json.loads(line) for line in (data / "work_orders.jsonl").open()]
    materials = sorted({json.loads(line)["Material"] for line in (data / "inventory.jsonl").open()})
    out = []
    kinds = list(TEMPLATES)
    for i in range(n):
        kind = kinds[i % len(kinds)]
        order = rng.choice(orders)
        text = rng.choice(TEMPLATES[kind]).format(
            customer=rng.choice(customers),
            order=order["WorkOrderNo"],
            material=rng.choice(materials),
            item=order["Items"][0]["Description"].lower(),
        )
        out.append((kind, text))
    return out


def run(size: int, n: int, seed: int, stock_moto: bool) -> None:
    from moto import mock_aws

    from awning_assistant.contracts import ChatRequest
    from awning_assistant.factory import get_services
    from awning_assistant.identity.access import Principal
    from awning_assistant.models import Customer
    from awning_assistant.records.store import ENTITIES, record_to_item
    from local import moto_index
    from local.demo_data import main as generate
    from local.environment import ROOT as REPO
    from local.environment import TEMPLATE, in_process, set_environment
    from local.importer import parse_jsonl
    from local.infrastructure import create_resources
    from local.stack import import_folder, settle

    if not stock_moto:
        moto_index.install()  # as the local stack runs moto
    with tempfile.TemporaryDirectory() as tmp, mock_aws():
        data = Path(tmp) / "data"
        generate(
            [
                "--out",
                str(data),
                "--work-orders",
                str(size),
                "--repair-orders",
                str(size // 4),
                "--customers",
                str(max(150, size // 10)),
                "--today",
                "2026-11-24",
                "--seed",
                str(seed),
            ]
        )
        set_environment(
            in_process(Path(tmp) / "index.sqlite3", REPO / ".local" / "embedding-cache.sqlite3", "2026-11-24")
        )
        services = get_services()
        create_resources(services.settings, services.client("dynamodb"), services.s3, TEMPLATE)
        started = time.perf_counter()
        import_folder(services, data, progress=False)
        print(f"  loaded {size:,} work orders in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        territory = {k: c.Territory for k, c in parse_jsonl(data / "customers.jsonl", Customer, "CustID").rows.items()}
        services.indexer.index_snapshot(
            {
                rtype: [
                    record_to_item(r, territory.get(getattr(r, "CustID", "")))
                    for r in parse_jsonl(data / entity.file, entity.model, entity.key).rows.values()
                ]
                for rtype, entity in ENTITIES.items()
            }
        )
        for path in sorted((data / "documents").iterdir()):
            services.indexer.upsert_document(path.name, path.read_bytes())
        print(
            f"  indexed {services.search_index.count():,} chunks in {time.perf_counter() - started:.0f} s", flush=True
        )
        settle()  # as the local server does once loaded
        storage = StorageClock(services.dynamodb.meta.client)
        manager = Principal(
            username="bench", name="Bench", role="manager", territories=["North", "South", "Coastal", "Inland"]
        )
        chat = services.chat
        asked = questions(data, n, random.Random(seed))
        # A running server has its caches, the model and moto's partitions loaded (they are
        # rebuilt on the first query after a write to their table): every template once first,
        # filled differently from the measured questions.
        for _, text in questions(data, sum(map(len, TEMPLATES.values())) * 2, random.Random(seed + 1)):
            chat.prepare(manager, ChatRequest(query=text), "bench-warm")
        times, own, tokens, by_kind = [], [], [], defaultdict(list)
        for i, (kind, text) in enumerate(asked):
            storage.spent = 0.0
            started = time.perf_counter()
            prepared = chat.prepare(manager, ChatRequest(query=text), f"bench-{i}")
            ms = (time.perf_counter() - started) * 1000
            times.append(ms)
            own.append(ms - storage.spent * 1000)
            by_kind[kind].append((ms, ms - storage.spent * 1000))
            tokens.append(prepared.prompt.tokens)
        print(
            f"  pipeline (no generation): p50 {statistics.median(times):.1f} ms, p95 {pct(times, 95):.1f} ms, "
            f"max {max(times):.1f} ms (n={len(times)})"
        )
        print(
            f"  of which outside DynamoDB (moto) calls: p50 {statistics.median(own):.1f} ms, p95 {pct(own, 95):.1f} ms"
        )
        for kind, values in by_kind.items():
            total, mine = [v[0] for v in values], [v[1] for v in values]
            print(
                f"    {kind:<16} p50 {statistics.median(total):8.1f} ms   p95 {pct(total, 95):8.1f} ms"
                f"   (outside DynamoDB p95 {pct(mine, 95):6.1f} ms)"
            )
        print(f"  prompt tokens: median {statistics.median(tokens):.0f}, p95 {pct(tokens, 95):.0f}, max {max(tokens)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--questions", type=int, default=110)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--stock-moto",
        action="store_true",
        help="without the local stack's partition lookups (moto walks the table per Query)",
    )
    args = parser.parse_args()
    for size in args.sizes:
        print(f"== {size:,} work orders ==", flush=True)
        run(size, args.questions, args.seed, args.stock_moto)
    return 0


if __name__ == "__main__":
    sys.exit(main())
