"""How the rule planner reads a question file (one question per line) on a dataset: answered by which intent, or
declined for which reason. ``declines.txt`` asks what the assistant must decline: every one answered is a
candidate confident wrong answer. ``twists.txt`` asks what the 14 kinds can't give exactly (negations, comparisons,
groupings, superlatives, other things counted): every one answered is a candidate confident wrong answer.
``inscope.txt`` asks the 14 kinds in everyday words: every one declined is a candidate false decline.

    python evaluation/understanding/gate.py evaluation/understanding/twists.txt [--data DIR] [--show answered|declined]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path

from awning_assistant.answering.chat import within_scope
from awning_assistant.answering.planner import RulePlanner
from awning_assistant.records.directory import Directory, vocabulary_of

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("questions", type=Path)
    ap.add_argument("--data", type=Path, default=DEV, help="dataset folder in the import format")
    ap.add_argument("--today", default="2026-11-24")
    ap.add_argument("--show", choices=["answered", "declined"], help="print these questions with their plans")
    args = ap.parse_args()
    rows = [
        json.loads(line)
        for name in ("customers", "inventory")
        for line in (args.data / f"{name}.jsonl").read_text().splitlines()
        if line.strip()
    ]
    vocabulary = vocabulary_of([r for r in rows if "CustID" in r], [r for r in rows if "CustID" not in r])
    planner = RulePlanner(Directory(lambda: vocabulary), lambda: date.fromisoformat(args.today))
    outcomes: Counter[str] = Counter()
    for question in filter(None, map(str.strip, args.questions.read_text().splitlines())):
        plan = within_scope(question, planner.plan(question))
        outcomes["declined" if plan.decline else "answered"] += 1
        if args.show == ("declined" if plan.decline else "answered"):
            print(f"{plan.decline or plan.intent.value:22} {question}  {plan.unread_words or ''}")
    print(dict(outcomes))


if __name__ == "__main__":
    main()
