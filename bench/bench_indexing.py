"""Indexing benchmarks: throughput (chunks/s) with the local embedding model, and change -> searchable.

1. Throughput: a dataset is indexed from scratch by the real ``Indexer`` (chunking, MiniLM
   embeddings, the embedded index, the analytics mirror in moto in-process). Runs on the dev
   dataset (``--dev-limit`` records of each kind, or all and its documents) and on a generated
   one (``--orders``, default 100,000 work orders); for the big one ``--limit`` bounds how
   many records are indexed (the rate is what is measured).
2. Change -> searchable: the local stack (moto server, event pump) on the dev dataset; a work
   order's special instructions are updated with boto3 and the time until the new words are
   found by BM25 search is measured, then the same for deleting it.

Targets: >= 300 chunks/s indexing; change -> searchable <= 2 s.

    .venv/bin/python bench/bench_indexing.py [--dev-limit N] [--orders 100000] [--limit 4000] [--changes 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]
DEV_DATA = ROOT.parent / "shared" / "eval" / "dev" / "data"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(p / 100 * len(ordered) + 0.5) - 1)]


def wait_until(done: Callable[[], object], what: str, timeout: float = 60) -> None:
    """Poll until ``done()`` is truthy; a change that never shows up fails the run instead of hanging it."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {timeout:.0f} s")
        time.sleep(0.01)


def local_env(tmp: Path, moto_port: int = 0, embedding_cache: Path | None = None) -> None:
    """Local mode in this process; without ``embedding_cache`` the model itself is measured."""
    from local.environment import in_process, set_environment

    set_environment(in_process(tmp / "index.sqlite3", embedding_cache, "2026-11-24", moto_port))


def throughput(data: Path, limit: int | None) -> tuple[int, float]:
    """(chunks embedded, seconds) for indexing a dataset from scratch with the real ``Indexer``:
    chunking, MiniLM embeddings and the embedded index. Records come straight from the files
    (a snapshot, as ``make reindex`` reads from the tables), the first ``limit`` of each kind
    when given; the dataset's documents are indexed too when there is no limit. The analytics
    mirror the indexer writes goes to moto in-process (never to an AWS endpoint)."""
    from moto import mock_aws

    from awning_assistant.documents import is_indexable
    from awning_assistant.factory import get_services
    from awning_assistant.models import Customer, RecordType
    from awning_assistant.records.store import ENTITIES, record_to_item
    from local.environment import TEMPLATE
    from local.importer import parse_jsonl
    from local.infrastructure import create_resources

    with tempfile.TemporaryDirectory() as tmp, mock_aws():
        local_env(Path(tmp))
        services = get_services()
        create_resources(services.settings, services.dynamodb.meta.client, services.s3, TEMPLATE)
        territory = {k: c.Territory for k, c in parse_jsonl(data / "customers.jsonl", Customer, "CustID").rows.items()}
        items: dict[RecordType, list[dict]] = {}
        for rtype, entity in ENTITIES.items():
            rows = list(parse_jsonl(data / entity.file, entity.model, entity.key).rows.values())[:limit]
            items[rtype] = [record_to_item(r, territory.get(getattr(r, "CustID", ""))) for r in rows]
        services.embedder.embed_documents(["warm up the model"])
        indexer = services.indexer
        started = time.perf_counter()
        embedded = indexer.index_snapshot(items).embedded
        if limit is None:
            for path in sorted((data / "documents").iterdir()):
                if is_indexable(path.name):
                    embedded += indexer.upsert_document(path.name, path.read_bytes()).embedded
        return embedded, time.perf_counter() - started


def change_latency(changes: int) -> tuple[list[float], list[float]]:
    """Seconds from a boto3 write to the index reflecting it (update, then delete), on the local stack."""
    import socket

    import boto3

    from awning_assistant.models import RecordType
    from awning_assistant.search_index import SearchFilters
    from local.events import EventPump
    from local.stack import LocalStack, import_folder

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        local_env(Path(tmp), port, ROOT / ".local" / "embedding-cache.sqlite3")
        stack = LocalStack(port)
        services = stack.start()
        import_folder(services, DEV_DATA, progress=False)
        services.indexer.rebuild()
        pump = EventPump(services)
        pump.start()
        table = boto3.resource("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1").Table(
            services.settings.work_orders_table
        )
        orders = [i["WorkOrderNo"] for i in table.scan(Limit=changes)["Items"]][:changes]
        index, updates, deletes = services.search_index, [], []
        try:
            for n, order in enumerate(orders):
                word = f"zebrafish{n}quokka"
                started = time.perf_counter()
                table.update_item(
                    Key={"WorkOrderNo": order},
                    UpdateExpression="SET SpecialInstructions = :s",
                    ExpressionAttributeValues={":s": f"Customer mentions the {word} logo."},
                )
                wait_until(partial(index.search_bm25, word, SearchFilters(), 1), f"{order}'s update in the index")
                updates.append(time.perf_counter() - started)
                started = time.perf_counter()
                table.delete_item(Key={"WorkOrderNo": order})
                hashes = partial(index.record_hashes, RecordType.work_order, order)
                wait_until(lambda hashes=hashes: not hashes(), f"{order}'s removal from the index")
                deletes.append(time.perf_counter() - started)
        finally:
            pump.stop()
            stack.stop()
    return updates, deletes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--dev-limit",
        type=int,
        help="records of each kind indexed from the dev dataset (default: all, and its documents)",
    )
    parser.add_argument("--orders", type=int, default=100_000, help="work orders in the generated dataset")
    parser.add_argument("--limit", type=int, default=4000, help="records of each kind indexed from it")
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()

    print("== indexing throughput (local MiniLM embeddings, embedded index) ==")
    chunks, seconds = throughput(DEV_DATA, args.dev_limit)
    scope = f" (first {args.dev_limit:,} records of each kind)" if args.dev_limit else ""
    print(f"dev dataset{scope}: {chunks} chunks in {seconds:.1f} s = {chunks / seconds:.0f} chunks/s")
    with tempfile.TemporaryDirectory() as tmp:
        from local.demo_data import main as generate

        generate(
            [
                "--out",
                tmp,
                "--work-orders",
                str(args.orders),
                "--repair-orders",
                str(args.orders // 4),
                "--customers",
                str(max(150, args.orders // 10)),
                "--today",
                "2026-11-24",
            ]
        )
        chunks, seconds = throughput(Path(tmp), args.limit)
        print(
            f"generated {args.orders:,}-order dataset (first {args.limit:,} records of each kind): "
            f"{chunks} chunks in {seconds:.1f} s = {chunks / seconds:.0f} chunks/s"
        )

    print("== change -> searchable on the local stack (moto server + event pump) ==")
    updates, deletes = change_latency(args.changes)
    for name, values in (("update -> found", updates), ("delete -> gone", deletes)):
        print(
            f"{name}: p50 {statistics.median(values) * 1000:.0f} ms, p95 {pct(values, 95) * 1000:.0f} ms, "
            f"max {max(values) * 1000:.0f} ms (n={len(values)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
