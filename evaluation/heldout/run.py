"""Ask a question file against a fresh local stack and print evaluation/heldout/score.py's table.

  .venv/bin/python evaluation/heldout/run.py --data DIR --questions evaluation/heldout/dev-heldout.jsonl \
      [--today 2026-11-24]

Like local/evaluate.py: local.running.local_stack starts the product on the dataset and ../shared/eval/ask.py asks
every question as its user. Files whose name contains "heldout" are always scored with --summary-only.
--code DIR runs another checkout of the product (e.g. `git archive HEAD` unpacked in /tmp) instead of this one.
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="dataset folder in the import format")
    ap.add_argument("--questions", type=Path, required=True)
    ap.add_argument("--today", help="APP_TODAY for the stack; default: the dataset's manifest.json")
    ap.add_argument("--out", type=Path, help="state and responses folder (default .local/heldout/<file stem>)")
    ap.add_argument("--code", type=Path, default=REPO, help="the product checkout to run (default: this one)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds to wait for the stack to be ready")
    ap.add_argument("--summary-only", action="store_true", help="per-kind totals only (always on for heldout files)")
    a = ap.parse_args(argv)
    code = a.code.resolve()
    paths = [str(code / "layers" / "common" / "python"), str(code)]
    sys.path[:0] = paths
    os.environ["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [os.environ.get("PYTHONPATH")] if p])
    running = importlib.import_module("local.running")
    today = a.today or os.environ.get("APP_TODAY") or running.dataset_today(a.data.resolve())
    if not today:
        sys.exit(f"{a.data} has no manifest.json with its 'today': pass --today YYYY-MM-DD")
    os.environ["APP_TODAY"] = today
    out = (a.out or REPO / ".local" / "heldout" / a.questions.stem).resolve()
    responses = out / "responses.jsonl"
    with running.local_stack(a.data.resolve(), out, timeout=a.timeout) as stack:
        subprocess.run(
            [
                sys.executable,
                str(SHARED_EVAL / "ask.py"),
                "--base-url",
                stack.base,
                "--questions",
                str(a.questions),
                "--out",
                str(responses),
                "--login-url",
                f"{stack.base}/api/auth/dev-login",
                "--auth-header-template",
                "Authorization: Bearer {token}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    summary = a.summary_only or "heldout" in a.questions.name
    cmd = [
        sys.executable,
        str(HERE / "score.py"),
        "--questions",
        str(a.questions),
        "--responses",
        str(responses),
        "--shared-score",
        str(SHARED_EVAL / "score.py"),
    ]
    if summary:
        cmd.append("--summary-only")
    else:
        cmd += ["--details", str(out / "details.jsonl")]
    subprocess.run(cmd, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
