"""``make eval``: start the local stack on a dataset, ask every question over HTTP as its user,
and print the scorer's table (../shared/eval's ask.py and score.py do the asking and scoring).

Exits non-zero, naming the failed questions, when any question fails: CI runs it on the dev set.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from .environment import ROOT
from .running import DEV_DATA, EVAL, local_stack


def score(questions: Path, responses: Path, details: Path) -> tuple[int, list[str]]:
    """Run the scorer (it prints its table); return how many questions it scored and the failed ids.

    score.py exits 0 whatever the result, so the verdict comes from its details file.
    """
    details.unlink(missing_ok=True)
    subprocess.run(
        [
            sys.executable,
            str(EVAL / "score.py"),
            "--questions",
            str(questions),
            "--responses",
            str(responses),
            "--details",
            str(details),
        ],
        check=True,
    )
    rows = [json.loads(line) for line in details.read_text().splitlines() if line.strip()]
    return len(rows), [row["id"] for row in rows if not row["passed"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEV_DATA)
    parser.add_argument("--questions", type=Path, default=EVAL / "dev" / "questions.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / ".local" / "eval")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)

    with local_stack(args.data, args.out, timeout=args.timeout) as stack:
        base = stack.base
        responses, details = args.out / "responses.jsonl", args.out / "details.jsonl"
        subprocess.run(
            [
                sys.executable,
                str(EVAL / "ask.py"),
                "--base-url",
                base,
                "--questions",
                str(args.questions),
                "--out",
                str(responses),
                "--login-url",
                f"{base}/api/auth/dev-login",
                "--auth-header-template",
                "Authorization: Bearer {token}",
            ],
            check=True,
        )
        scored, failed = score(args.questions, responses, details)
    if not scored:
        sys.exit(f"no questions were scored from {args.questions}")
    if failed:
        print(f"eval: {len(failed)} of {scored} questions failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
