"""``make eval``: start the local stack on a dataset, ask every question over HTTP as its user,
and print the scorer's table (../shared/eval's ask.py and score.py do the asking and scoring).

Exits non-zero, naming the failed questions, when any question fails: CI runs it on the dev set.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .environment import ROOT

EVAL = ROOT.parent / "shared" / "eval"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dataset_today(data: Path) -> str | None:
    """The date a dataset was made for, from a manifest.json beside or above it."""
    for manifest in (data / "manifest.json", data.parent / "manifest.json"):
        if manifest.exists():
            return json.loads(manifest.read_text()).get("today")
    return None


def wait_ready(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the local stack exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our localhost server
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the local stack was not ready within {timeout:.0f}s")


def score(questions: Path, responses: Path, details: Path) -> tuple[int, list[str]]:
    """Run the scorer (it prints its table); return how many questions it scored and the failed ids.

    score.py exits 0 whatever the result, so the verdict comes from its details file.
    """
    details.unlink(missing_ok=True)
    subprocess.run([sys.executable, str(EVAL / "score.py"), "--questions", str(questions), "--responses",
                    str(responses), "--details", str(details)], check=True)
    rows = [json.loads(line) for line in details.read_text().splitlines() if line.strip()]
    return len(rows), [row["id"] for row in rows if not row["passed"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=EVAL / "dev" / "data")
    parser.add_argument("--questions", type=Path, default=EVAL / "dev" / "questions.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / ".local" / "eval")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)

    port, moto_port = free_port(), free_port()
    env = dict(os.environ)
    today = env.get("APP_TODAY") or dataset_today(args.data.resolve())
    if today:
        env["APP_TODAY"] = today
    env["INDEX_PATH"] = str(args.out / "index.sqlite3")
    args.out.mkdir(parents=True, exist_ok=True)
    log = (args.out / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "local.server", "--port", str(port), "--moto-port",
                               str(moto_port), "--data", str(args.data)], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{base}/api/health", server, args.timeout)
        responses, details = args.out / "responses.jsonl", args.out / "details.jsonl"
        subprocess.run([sys.executable, str(EVAL / "ask.py"), "--base-url", base, "--questions", str(args.questions),
                        "--out", str(responses), "--login-url", f"{base}/api/auth/dev-login",
                        "--auth-header-template", "Authorization: Bearer {token}"], check=True)
        scored, failed = score(args.questions, responses, details)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if not scored:
        sys.exit(f"no questions were scored from {args.questions}")
    if failed:
        print(f"eval: {len(failed)} of {scored} questions failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
