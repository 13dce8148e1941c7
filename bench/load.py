"""``make load``: concurrent clients asking mixed questions of a local stack for a bounded time.

    python bench/load.py [--clients 20] [--seconds 60] [--faults]

Each client signs in as one of the dataset's users and asks questions of every kind (the dev
evaluation set's), some as follow-ups in one conversation. Printed: requests, answers per
second, latency p50/p95/max, and every request that was not answered.

With ``--faults`` the stack runs behind fault switches (local/faults.py) and, while the clients
keep asking, storage is cut, the model fails, is throttled and hangs, and the search index goes
down, one after the other. Every request must then get a clear answer (200; with a notice when
the model was at fault) or a 503 with a message — never another status, a hang or a stack
trace — and nothing stored may be lost or duplicated: afterwards the stored turns and audit
records are exactly one for each answered request.

Exits non-zero when any of that fails (a benchmark: it prints figures; CI runs a short form).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]

from local.running import DEV_DATA, EVAL, local_stack  # noqa: E402

STATE = ROOT / ".local" / "load"
# (start, end) as fractions of the run, and the fault switched on in between.
FAULT_PLAN = [
    (0.15, 0.25, {"storage": True}),
    (0.30, 0.40, {"model": "fail"}),
    (0.45, 0.55, {"model": "throttle"}),
    (0.60, 0.70, {"index": "down"}),
    (0.75, 0.85, {"model": "slow"}),
]
CLEAR = {"storage": False, "model": None, "index": None}


@dataclass
class Outcome:
    user: str
    status: int
    seconds: float
    body: dict[str, Any]


def call(
    base: str, method: str, path: str, body: Any = None, token: str | None = None, timeout: float = 60
) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310 - localhost
            return reply.status, json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, {"raw": text.decode(errors="replace")[:200]}


def questions(path: Path) -> list[tuple[str, str]]:
    """(user, question) pairs of every kind, in each question's own user's name."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [(row["user"], row["question"]) for row in rows]


def client(
    base: str,
    tokens: dict[str, str],
    asked: list[tuple[str, str]],
    until: float,
    seed: int,
    outcomes: list[Outcome],
    lock: threading.Lock,
) -> None:
    rng = random.Random(seed)
    session: dict[str, str] = {}
    while time.monotonic() < until:
        user, question = rng.choice(asked)
        payload = {"query": question}
        if session.get(user) and rng.random() < 0.3:  # a follow-up in the same conversation
            payload["session_id"] = session[user]
        started = time.monotonic()
        status, body = call(base, "POST", "/api/chat/query", payload, tokens[user])
        if status == 200:
            session[user] = body["session_id"]
        with lock:
            outcomes.append(Outcome(user, status, time.monotonic() - started, body))


def run_faults(base: str, started: float, seconds: float, stop: threading.Event) -> None:
    for begin, end, fault in FAULT_PLAN:
        for at, change in ((begin, fault), (end, CLEAR)):
            if stop.wait(max(0.0, started + at * seconds - time.monotonic())):
                return
            call(base, "POST", "/_faults", change)
            print(f"  {time.monotonic() - started:5.1f} s  faults: {json.dumps(change)}", file=sys.stderr)


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def report(outcomes: list[Outcome], seconds: float, faults: bool) -> list[str]:
    """Print the figures; return the problems (requests that were neither answered nor a clear 503)."""
    answered = [o for o in outcomes if o.status == 200]
    statuses = Counter(o.status for o in outcomes)
    latencies = sorted(o.seconds * 1000 for o in answered) or [0.0]
    print(
        f"requests {len(outcomes)} in {seconds:.0f} s ({len(answered) / seconds:.1f} answers/s); "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    print(
        f"answered latency ms: p50 {percentile(latencies, 50):.0f}, p95 {percentile(latencies, 95):.0f}, "
        f"max {latencies[-1]:.0f}"
    )
    if faults:
        notices = Counter(o.body.get("notice") for o in answered if o.body.get("notice"))
        for notice, count in notices.items():
            print(f"answered with a notice ({count}): {notice}")
    allowed = {200, 503} if faults else {200}
    problems = [f"{o.user}: {o.status} {json.dumps(o.body)[:200]}" for o in outcomes if o.status not in allowed]
    problems += [
        f"{o.user}: 503 without a clear message: {o.body}"
        for o in outcomes
        if o.status == 503 and (o.body.get("error") != "unavailable" or not o.body.get("message"))
    ]
    return problems


def stored_once(moto_url: str, outcomes: list[Outcome]) -> list[str]:
    """Every answered request has exactly one stored turn and one audit record, and nothing else
    was stored (read from the tables themselves, behind no fault gate)."""
    import boto3
    from boto3.dynamodb.conditions import Attr, Key

    from awning_assistant.settings import Settings

    settings = Settings()
    dynamodb = boto3.resource(
        "dynamodb",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    expected = {o.body["chat_log_id"] for o in outcomes if o.status == 200}
    problems: list[str] = []
    for what, table, condition in (
        ("turns", settings.sessions_table, Key("SK").begins_with("TURN#")),
        ("audit records", settings.audit_table, Attr("Question").exists()),
    ):
        stored = Counter(item["ChatLogId"] for item in scan(dynamodb.Table(table), condition))
        problems += [f"answered, no {what[:-1]}: {i}" for i in sorted(expected - set(stored))]
        problems += [f"{what}: {n} of {i}" for i, n in stored.items() if n > 1]
        problems += [f"{what[:-1]} without an answer: {i}" for i in sorted(set(stored) - expected)]
        print(f"stored {what}: {sum(stored.values())} for {len(expected)} answered requests")
    return problems


def scan(table: Any, condition: Any) -> list[dict[str, Any]]:
    items, kwargs = [], {"FilterExpression": condition}
    while True:
        page = table.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--faults", action="store_true", help="switch faults on and off during the run")
    parser.add_argument("--data", type=Path, default=DEV_DATA)
    parser.add_argument("--questions", type=Path, default=EVAL / "dev" / "questions.jsonl")
    args = parser.parse_args(argv)

    asked = questions(args.questions)
    flags = ("--faults",) if args.faults else ()
    with local_stack(args.data, STATE / ("faults" if args.faults else "normal"), *flags) as stack:
        base = stack.base
        tokens = {
            user: call(base, "POST", "/api/auth/dev-login", {"username": user})[1]["token"]
            for user in {u for u, _ in asked}
        }
        outcomes: list[Outcome] = []
        lock, stop = threading.Lock(), threading.Event()
        started = time.monotonic()
        until = started + args.seconds
        workers = [
            threading.Thread(target=client, args=(base, tokens, asked, until, n, outcomes, lock))
            for n in range(args.clients)
        ]
        if args.faults:
            workers.append(threading.Thread(target=run_faults, args=(base, started, args.seconds, stop)))
        print(
            f"{args.clients} clients for {args.seconds:.0f} s{' with faults' if args.faults else ''}", file=sys.stderr
        )
        for worker in workers:
            worker.start()
        for worker in workers[: args.clients]:
            worker.join()
        stop.set()
        call(base, "POST", "/_faults", CLEAR) if args.faults else None
        problems = report(outcomes, time.monotonic() - started, args.faults)
        problems += stored_once(stack.moto_url, outcomes)
    for problem in problems[:20]:
        print(f"PROBLEM {problem}")
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print(
        "ok: every request answered"
        + (" or refused with a clear 503" if args.faults else "")
        + "; every answer stored exactly once"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
