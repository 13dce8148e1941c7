"""Analytics benchmarks: analytic SQL in the DuckDB sandbox, the mirror's refresh per stream batch,
its cold load, and the chat function's package size with DuckDB.

At each size a synthetic shop (``--sizes`` orders, a twentieth as many customers, 500 stock
items; a fifth of the orders are repairs, three years of history up to the business today)
is mirrored by the real writer into S3 (moto in-process: no network, so S3's own latency is
not in these figures), then:

1. cold load: a new reader downloads every partition, then builds the manager's and a staff
   member's sandboxes;
2. analytic SQL: representative statements (counts, revenue by month and kind, top customers,
   overdue, turnaround, item and stock sums, window functions), each run ``--rounds`` times in
   process on the loaded sandboxes; targets p95 <= 20 ms at 10k orders, <= 60 ms at 100k;
3. per stream batch (``--batch-size`` changes: status moves and completions of open orders,
   new orders this month, a few deletes and customer edits): the writer's rewrite of the
   touched partitions, then the reader's refresh and the sandbox rebuild that make it queryable;
4. change -> queryable: on the local stack with the dev data (moto's server, the event pump, the
   chat side's reader refreshing every second), an order's update until a query shows it;
(The built packages' sizes and import times are ``bench/bench_package.py``'s.)

    .venv/bin/python bench/bench_analytics.py [--sizes 10000 100000] [--rounds 30] [--batches 20] [--changes 10]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]
DEV_DATA = ROOT.parent / "shared" / "eval" / "dev" / "data"

from awning_assistant.analytics.mirror import Change, MirrorWriter, PartitionStore  # noqa: E402
from awning_assistant.analytics.reader import MirrorReader  # noqa: E402
from awning_assistant.analytics.sandbox import Analytics, Limits, Sandbox, Scope  # noqa: E402
from awning_assistant.identity.access import Principal  # noqa: E402
from awning_assistant.models import RecordType  # noqa: E402

TODAY = date(2026, 11, 24)
TERRITORIES = ["North", "South", "Coastal", "Inland"]
MATERIALS = ["Sunbrella Canvas", "Acrylic Canvas", "Marine Vinyl", "Clear Vinyl", "PVC Mesh", "Thread"]
OPEN = {
    RecordType.work_order: ["received", "cleaning_queue", "cleaning", "repair_queue", "ready"],
    RecordType.repair_order: ["received", "quoted", "approved", "in_repair", "ready"],
}
MANAGER = Principal(username="manager", role="manager")
STAFF = Principal(username="staff", role="staff", territories=["North"])
BUCKET = "awning-bench-analytics"
QUERIES = (
    "SELECT kind, count(*) FROM orders GROUP BY kind",
    "SELECT count(*) FROM orders WHERE is_overdue",
    "SELECT kind, status, count(*) FROM orders WHERE is_open GROUP BY ALL ORDER BY 1, 2",
    "SELECT strftime(date_completed, '%Y-%m') AS month, kind, sum(total) FROM orders WHERE status = 'completed' "
    "AND date_completed >= DATE '2026-01-01' GROUP BY ALL ORDER BY 1, 2",
    "SELECT c.name, sum(o.total) AS revenue FROM orders o JOIN customers c USING (cust_id) "
    "WHERE o.status = 'completed' AND year(o.date_completed) = 2025 GROUP BY ALL ORDER BY revenue DESC LIMIT 10",
    "SELECT territory, sum(total) FROM orders WHERE status = 'completed' AND date_completed BETWEEN "
    "DATE '2026-10-01' AND DATE '2026-10-31' GROUP BY territory",
    "SELECT kind, avg(date_completed - date_in) FROM orders WHERE status = 'completed' GROUP BY kind",
    "SELECT material, sum(qty), sum(qty * price) FROM order_items GROUP BY material ORDER BY 3 DESC",
    "SELECT material, sum(labor_hours) FROM order_items WHERE kind = 'repair' GROUP BY material",
    "SELECT order_no, customer_name, date_required FROM orders WHERE is_overdue ORDER BY date_required LIMIT 50",
    "SELECT cust_id, count(*) AS n, rank() OVER (ORDER BY count(*) DESC) FROM orders GROUP BY cust_id "
    "QUALIFY rank() OVER (ORDER BY count(*) DESC) <= 5",
    "SELECT material, sum(qty * unit_price) FROM inventory GROUP BY material",
)
STAFF_QUERIES = (
    "SELECT count(*) FROM orders WHERE is_open",
    "SELECT status, count(*) FROM orders GROUP BY status",
    "SELECT order_no, customer_name FROM orders WHERE is_overdue ORDER BY date_required LIMIT 50",
    "SELECT material, sum(qty) FROM order_items GROUP BY material",
)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(p / 100 * len(ordered) + 0.5) - 1)]


def ms(seconds: float) -> float:
    return seconds * 1000


def money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def make_order(rng: random.Random, rtype: RecordType, number: int, cust_id: str, day_in: date) -> dict[str, Any]:
    age = (TODAY - day_in).days
    status = rng.choice(OPEN[rtype]) if age < rng.randint(3, 40) else rng.choice(["completed"] * 24 + ["cancelled"])
    items = [
        {
            "Description": "Awning",
            "Material": rng.choice(MATERIALS),
            "Qty": Decimal(rng.randint(1, 6)),
            "Price": money(rng, 20, 400),
        }
        for _ in range(rng.randint(1, 3))
    ]
    for line in items:
        if rtype is RecordType.repair_order:
            line |= {"LaborHours": Decimal(rng.randint(1, 24)) / 4, "PartsCost": money(rng, 0, 80)}
        else:
            line |= {"Color": "Navy", "Condition": "mildew"}
    key, name = ("WorkOrderNo", "WOName") if rtype is RecordType.work_order else ("RepairOrderNo", "ROName")
    order = {
        key: f"{key[:2]}-{number}",
        name: "Job",
        "CustID": cust_id,
        "DateIn": day_in.isoformat(),
        "DateRequired": (day_in + timedelta(days=rng.randint(2, 30))).isoformat(),
        "Status": status,
        "RushOrder": rng.random() < 0.1,
        "Items": items,
        "Total": sum((i["Qty"] * i["Price"] for i in items), Decimal(0)),
    }
    if status == "completed":
        order["DateCompleted"] = min(TODAY, day_in + timedelta(days=rng.randint(1, 25))).isoformat()
    return order


def make_shop(size: int, seed: int) -> dict[RecordType, list[dict[str, Any]]]:
    rng = random.Random(seed)
    customers = [
        {
            "CustID": f"C{n:06d}",
            "Name": f"Customer {n}",
            "City": "Venice",
            "Territory": rng.choice(TERRITORIES),
            "Source": rng.choice(["Referral", "Web"]),
        }
        for n in range(max(50, size // 20))
    ]
    orders: dict[RecordType, list[dict[str, Any]]] = {RecordType.work_order: [], RecordType.repair_order: []}
    for n in range(size):
        rtype = RecordType.repair_order if rng.random() < 0.2 else RecordType.work_order
        day_in = TODAY - timedelta(days=int(rng.random() ** 1.3 * 3 * 365))
        orders[rtype].append(make_order(rng, rtype, 10_000 + n, rng.choice(customers)["CustID"], day_in))
    for book in orders.values():
        book.sort(key=lambda o: o["DateIn"])  # the recent end of each book is where a day's changes happen
    stock = [
        {
            "InventoryKey": f"INV-{n:04d}",
            "Description": "Canvas",
            "Material": rng.choice(MATERIALS),
            "Condition": "New",
            "Qty": Decimal(rng.randint(0, 80)),
            "Unit": "yd",
            "UnitPrice": money(rng, 1, 40),
        }
        for n in range(500)
    ]
    return {RecordType.customer: customers, **orders, RecordType.inventory: stock}


def stream_batch(
    rng: random.Random, shop: dict[RecordType, list[dict[str, Any]]], size: int, counter: list[int]
) -> list[Change]:
    """A batch as the shop makes them: open orders move on or complete, new ones come in, a few go."""
    changes = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.05:
            customers = shop[RecordType.customer]
            at = rng.randrange(len(customers))
            old, customers[at] = customers[at], {**customers[at], "Phone": f"555-{rng.randint(1000, 9999)}"}
            changes.append(Change(RecordType.customer, old, customers[at]))
            continue
        rtype = RecordType.repair_order if rng.random() < 0.2 else RecordType.work_order
        orders = shop[rtype]
        if roll < 0.25:
            counter[0] += 1
            new = make_order(rng, rtype, 900_000 + counter[0], orders[0]["CustID"], TODAY)
            orders.append(new)
            changes.append(Change(rtype, None, new))
        elif roll < 0.30:
            old = orders.pop(rng.randrange(len(orders)))
            changes.append(Change(rtype, old, None))
        else:
            at = len(orders) - 1 - rng.randrange(min(len(orders), 400))  # the recent, open end of the book
            old = orders[at]
            orders[at] = {**old, "Status": "completed", "DateCompleted": TODAY.isoformat()}
            changes.append(Change(rtype, old, orders[at]))
    return changes


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def bench_sql(sandboxes: dict[str, Sandbox], rounds: int) -> None:
    for label, sandbox, queries in (
        ("manager", sandboxes["manager"], QUERIES),
        ("staff", sandboxes["staff"], STAFF_QUERIES),
    ):
        for sql in queries:
            sandbox.query(sql)  # warm
        per_query: dict[str, list[float]] = {sql: [] for sql in queries}
        for _ in range(rounds):
            for sql in queries:
                per_query[sql].append(ms(timed(lambda s=sql, box=sandbox: box.query(s))[0]))
        everything = [t for times in per_query.values() for t in times]
        slowest = max(per_query.values(), key=lambda t: pct(t, 95))
        print(
            f"  SQL as {label:<8} {len(queries)} statements x {rounds}: p50 {pct(everything, 50):6.2f} ms  "
            f"p95 {pct(everything, 95):6.2f} ms  (slowest statement p95 {pct(slowest, 95):6.2f} ms)"
        )


def bench_batches(
    writer: MirrorWriter, analytics: Analytics, shop: dict[RecordType, list[dict[str, Any]]], args: argparse.Namespace
) -> None:
    rng, counter = random.Random(args.seed + 1), [0]
    write, refresh, touched = [], [], []
    for _ in range(args.batches):
        batch = stream_batch(rng, shop, args.batch_size, counter)
        seconds, stats = timed(lambda b=batch: writer.apply(b))
        write.append(ms(seconds))
        touched.append(stats.written + stats.deleted)
        refresh.append(ms(timed(lambda: analytics.for_principal(MANAGER))[0]))
    print(
        f"  per stream batch of {args.batch_size}: {statistics.mean(touched):.1f} partitions rewritten; "
        f"write p50 {pct(write, 50):6.1f} p95 {pct(write, 95):6.1f} ms; "
        f"reader refresh + sandbox rebuild p50 {pct(refresh, 50):6.1f} p95 {pct(refresh, 95):6.1f} ms"
    )


def bench_size(size: int, args: argparse.Namespace, workdir: Path) -> None:
    import boto3

    print(f"\n{size:,} orders")
    shop = make_shop(size, args.seed)
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=f"{BUCKET}-{size}")
    store = PartitionStore(s3, f"{BUCKET}-{size}", "mirror")
    writer = MirrorWriter(store)
    seconds, stats = timed(lambda: writer.rebuild(shop))
    print(f"  mirror rebuild       {stats.written} partitions written in {seconds:5.1f} s")
    reader = MirrorReader(store, workdir / f"cache-{size}", min_interval=0)
    download, fetched = timed(reader.load)
    megabytes = sum(f.stat().st_size for f in (workdir / f"cache-{size}").rglob("*.parquet")) / 1e6
    limits = Limits(max_rows=1000, seconds=10)
    sandboxes, builds = {}, {}
    for label, who in (("manager", MANAGER), ("staff", STAFF)):
        builds[label], sandboxes[label] = timed(lambda w=who: Sandbox.build(reader.files, Scope.of(w), TODAY, limits))
    print(
        f"  cold load            {fetched} partitions ({megabytes:.1f} MB Parquet) downloaded in "
        f"{ms(download):6.1f} ms; sandbox build {ms(builds['manager']):6.1f} ms (manager), "
        f"{ms(builds['staff']):6.1f} ms (staff, North)"
    )
    bench_sql(sandboxes, args.rounds)
    analytics = Analytics(reader, lambda: TODAY, limits)
    analytics.for_principal(MANAGER)
    bench_batches(writer, analytics, shop, args)


def change_to_queryable(changes: int) -> tuple[list[float], float]:
    """Milliseconds from each table write to a manager's query showing it, on the local stack (moto's
    server, the event pump delivering stream batches to the indexer, the reader's refresh), and the
    refresh interval."""
    import socket

    import boto3

    from local.environment import in_process, set_environment
    from local.events import EventPump
    from local.stack import LocalStack, import_folder

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waited = []
    with tempfile.TemporaryDirectory() as tmp:
        set_environment(
            in_process(
                Path(tmp) / "index.sqlite3", ROOT / ".local" / "embedding-cache.sqlite3", TODAY.isoformat(), port
            )
        )
        stack = LocalStack(port)
        services = stack.start()
        import_folder(services, DEV_DATA, progress=False)
        services.indexer.rebuild()
        pump = EventPump(services)
        pump.start()
        table = boto3.resource("dynamodb", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1").Table(
            services.settings.work_orders_table
        )
        services.analytics.query(MANAGER, "SELECT count(*) FROM orders")  # the cold load is measured above
        try:
            for item in table.scan(Limit=changes)["Items"][:changes]:
                order, status = item["WorkOrderNo"], "ready" if item["Status"] != "ready" else "received"
                sql = f"SELECT status FROM orders WHERE order_no = '{order}'"
                started = time.perf_counter()
                table.update_item(
                    Key={"WorkOrderNo": order},
                    UpdateExpression="SET #s = :s",
                    ExpressionAttributeNames={"#s": "Status"},
                    ExpressionAttributeValues={":s": status},
                )
                while services.analytics.query(MANAGER, sql).rows != [(status,)]:
                    if time.perf_counter() - started > 60:
                        raise RuntimeError(f"{order}'s change never became queryable")
                    time.sleep(0.01)
                waited.append(ms(time.perf_counter() - started))
        finally:
            pump.stop()
            stack.stop()
    return waited, services.settings.analytics_refresh_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=30, help="runs of each statement")
    parser.add_argument("--batches", type=int, default=20, help="stream batches applied")
    parser.add_argument("--batch-size", type=int, default=100, help="changes per batch (Lambda's BatchSize)")
    parser.add_argument("--changes", type=int, default=10, help="order updates timed until queryable (0: skip)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        os.environ[key] = "testing"  # moto in-process; never an AWS endpoint
    from moto import mock_aws

    with mock_aws(), tempfile.TemporaryDirectory(prefix="bench-analytics-") as tmp:
        for size in args.sizes:
            bench_size(size, args, Path(tmp))
    if args.changes:
        waited, refresh = change_to_queryable(args.changes)
        print(
            f"\nchange -> queryable on the local stack (dev data, readers list the mirror every {refresh:g} s): "
            f"p50 {pct(waited, 50):.0f} ms, p95 {pct(waited, 95):.0f} ms, max {max(waited):.0f} ms (n={len(waited)})"
        )


if __name__ == "__main__":
    main()
