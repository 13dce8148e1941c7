"""Time to the first streamed token in local mode, as the browser sees it.

Starts the local stack on the dev dataset, opens the WebSocket the SPA uses, sends the
dev questions one at a time and measures send -> first ``delta`` and send -> ``done``.
Target: first token <= 300 ms.

    .venv/bin/python bench/bench_streaming.py [--questions 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]

from local.running import DEV_DATA, EVAL, local_stack  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(p / 100 * len(ordered) + 0.5) - 1)]


async def measure(base: str, questions: list[dict]) -> tuple[list[float], list[float], int]:
    import aiohttp

    first, total, pieces = [], [], 0
    async with aiohttp.ClientSession() as http:
        tokens: dict[str, str] = {}
        for q in questions:
            if q["user"] not in tokens:
                async with http.post(f"{base}/api/auth/dev-login", json={"username": q["user"]}) as reply:
                    tokens[q["user"]] = (await reply.json())["token"]
            async with http.ws_connect(f"{base.replace('http', 'ws')}/ws?token={tokens[q['user']]}") as ws:
                request_id = uuid.uuid4().hex
                sent = time.perf_counter()
                await ws.send_str(json.dumps({"action": "query", "request_id": request_id, "query": q["question"]}))
                got_first = None
                async for message in ws:
                    data = json.loads(message.data)
                    if data["type"] == "delta":
                        pieces += 1
                        got_first = got_first or time.perf_counter()
                    if data["type"] in ("done", "error"):
                        break
                done = time.perf_counter()
                first.append(((got_first or done) - sent) * 1000)
                total.append((done - sent) * 1000)
    return first, total, pieces


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=42)
    args = parser.parse_args()
    every = [json.loads(line) for line in (EVAL / "dev" / "questions.jsonl").open()]
    step = max(1, len(every) // args.questions)
    questions = every[::step][: args.questions]

    with tempfile.TemporaryDirectory() as tmp, local_stack(DEV_DATA, Path(tmp)) as stack:
        first, total, pieces = asyncio.run(measure(stack.base, questions))
    print("== streaming over the local WebSocket (dev dataset) ==")
    print(f"first token: p50 {statistics.median(first):.0f} ms, p95 {pct(first, 95):.0f} ms, max {max(first):.0f} ms")
    print(
        f"whole answer: p50 {statistics.median(total):.0f} ms, p95 {pct(total, 95):.0f} ms "
        f"({pieces / len(questions):.0f} delta messages per answer on average, n={len(questions)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
