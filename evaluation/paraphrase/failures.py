#!/usr/bin/env python3
"""Summarise a paraphrase-set run of `python -m local.evaluate ... --out OUT`.

  python3 evaluation/paraphrase/failures.py --questions evaluation/paraphrase/dev-questions.jsonl \
      --out /tmp/rt-dev [--full]

Prints accuracy per wording template (only templates with failures), then every failed question with the
asking user, the reasons, and the first ~200 characters of the product's answer. Standard library only.
"""

import argparse
import json
from collections import defaultdict


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", required=True)
    ap.add_argument("--out", required=True, help="the --out folder of local.evaluate")
    ap.add_argument("--full", action="store_true", help="print whole answers")
    a = ap.parse_args()
    qs = {q["id"]: q for q in read_jsonl(a.questions)}
    rs = {r["id"]: r for r in read_jsonl(f"{a.out}/responses.jsonl")}
    det = read_jsonl(f"{a.out}/details.jsonl")
    per = defaultdict(lambda: [0, 0])
    for d in det:
        q = qs[d["id"]]
        k = (q["kind"], q.get("template", "?"))
        per[k][0] += 1
        per[k][1] += d["passed"]
    print("templates with failures (passed/total):")
    for (kind, t), (n, ok) in sorted(per.items()):
        if ok < n:
            print(f"  {kind:17} {t:45} {ok}/{n}")
    print()
    for d in det:
        if d["passed"]:
            continue
        q, r = qs[d["id"]], rs.get(d["id"], {})
        body = r.get("body") or {}
        ans = (body.get("response") or body.get("answer") or "") if isinstance(body, dict) else str(body)
        e = dict(q["expect"])
        if "forbid" in e:
            e["forbid"] = e["forbid"][:4] + (["..."] if len(e["forbid"]) > 4 else [])
        print(f"== {d['id']} [{q['kind']}/{q.get('template')}] user={q['user']}")
        print(f"   Q: {q['question']}")
        print(f"   expected: {json.dumps(e)[:300]}" + (f"   ({q['note']})" if q.get("note") else ""))
        print(f"   why: {'; '.join(d['reasons'])[:300]}")
        print(f"   answer: {ans if a.full else ans[:200]!r}")


if __name__ == "__main__":
    main()
