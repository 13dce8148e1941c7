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
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]

from local.evaluate import EVAL, free_port, wait_ready  # noqa: E402


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

    port, moto_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "APP_TODAY": "2026-11-24", "INDEX_PATH": str(Path(tmp) / "index.sqlite3")}
        server = subprocess.Popen([sys.executable, "-m", "local.server", "--port", str(port), "--moto-port",
                                   str(moto_port), "--data", str(EVAL / "dev" / "data")], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(f"{base}/api/health", server, 900)
            first, total, pieces = asyncio.run(measure(base, questions))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("== streaming over the local WebSocket (dev dataset) ==")
    print(f"first token: p50 {statistics.median(first):.0f} ms, p95 {pct(first, 95):.0f} ms, max {max(first):.0f} ms")
    print(f"whole answer: p50 {statistics.median(total):.0f} ms, p95 {pct(total, 95):.0f} ms "
          f"({pieces / len(questions):.0f} delta messages per answer on average, n={len(questions)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
