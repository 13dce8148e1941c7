"""Score responses from ../shared/eval/ask.py against a held-out (or tune) question file.

  python evaluation/heldout/score.py --questions Q.jsonl --responses R.jsonl [--summary-only] [--details OUT.jsonl]

Rules (the shared scorer's checks are imported from ../shared/eval/score.py):
  answer questions      the shared checks pass, and body["outcome"], when present, is "answered"; one check is
                        stricter: ids_exact treats work and repair orders (WO-, RO-) as one kind of id, so an
                        answer that names a repair order where a work order was asked for is wrong
  access_denied         the shared checks pass (nothing forbidden leaks); body["outcome"], when present, is "denied"
  expect.decline        body["outcome"] == "declined" and nothing in expect.forbid leaks
  expect.decline_ok     declined (nothing forbidden leaking), or answered with every expected fact (shared checks)
Columns: n, passed, declined (outcome "declined"), and confidently wrong: the question failed although the reply
was an answer (HTTP 2xx and outcome "answered" or absent).
--summary-only prints per-kind totals and the overall lines only (no families, no failures, no details file): the
only view engineers take of the held-out files. Exits 0 whatever the result.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

SHARED_SCORE = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"
ORDER_ID = re.compile(r"(?<![A-Za-z0-9])(?:WO|RO)-\d+(?![0-9])")


def load_shared(path: Path):
    """Import the shared scorer by path (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def outcome_of(resp: dict | None) -> str | None:
    body = (resp or {}).get("body")
    return body.get("outcome") if isinstance(body, dict) else None


def is_answer(resp: dict | None) -> bool:
    """An HTTP 2xx reply that does not say it declined or denied."""
    status = (resp or {}).get("status")
    return isinstance(status, int) and 200 <= status < 300 and outcome_of(resp) in (None, "answered")


def judge(shared, q: dict, resp: dict | None) -> list[str]:
    """Reasons the response fails the question (empty = pass)."""
    if resp is None:
        return ["no response"]
    e = q.get("expect", {})
    out = outcome_of(resp)
    leaks_only = {"expect": {"forbid": e.get("forbid", [])}}
    if e.get("decline"):
        why = shared.check(leaks_only, resp) if e.get("forbid") else []
        return why + ([] if out == "declined" else [f"outcome {out!r}, expected 'declined'"])
    if e.get("decline_ok") and out == "declined":
        return shared.check(leaks_only, resp) if e.get("forbid") else []
    why = shared.check(q, resp) + other_order_ids(shared, q, resp)
    want = "denied" if q.get("kind") == "access_denied" else "answered"
    if out is not None and out != want:
        why.append(f"outcome {out!r}, expected {want!r}")
    return why


def other_order_ids(shared, q: dict, resp: dict) -> list[str]:
    """ids_exact across order kinds: WO- or RO- ids of the kind the question did not expect at all."""
    e = q.get("expect", {})
    want = set(e.get("ids", []))
    kinds = {i[:3] for i in want if ORDER_ID.fullmatch(i)}
    if not (e.get("ids_exact") and kinds):
        return []
    body = resp.get("body")
    scope = (
        shared.answer_of(body)
        + " "
        + (json.dumps(body.get("data"), ensure_ascii=False) if isinstance(body, dict) else "")
    )
    extra = sorted({i for i in ORDER_ID.findall(scope) if i[:3] not in kinds})
    return [f"extra order ids {', '.join(extra[:5])}{' ...' if len(extra) > 5 else ''}"] if extra else []


def table(title: str, rows: dict, width: int) -> list[str]:
    lines = [f"{title:<{width}}  {'n':>4}  {'passed':>6}  {'accuracy':>8}  {'declined':>8}  {'conf.wrong':>10}"]
    for k, r in rows.items():
        lines.append(
            f"{k:<{width}}  {r['n']:>4}  {r['ok']:>6}  {100 * r['ok'] / r['n']:>7.1f}%  {r['declined']:>8}  "
            f"{r['wrong']:>10}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", required=True, type=Path)
    ap.add_argument("--responses", required=True, type=Path)
    ap.add_argument("--summary-only", action="store_true", help="per-kind totals and overall lines only")
    ap.add_argument("--details", type=Path, help="per-question results as JSONL (ignored with --summary-only)")
    ap.add_argument("--shared-score", type=Path, default=SHARED_SCORE, help="path of ../shared/eval/score.py")
    a = ap.parse_args(argv)
    shared = load_shared(a.shared_score)
    qs = [json.loads(x) for x in a.questions.read_text(encoding="utf-8").splitlines() if x.strip()]
    rs = {}
    for line in a.responses.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            rs[r["id"]] = r

    def blank():
        return {"n": 0, "ok": 0, "declined": 0, "wrong": 0}

    by_kind, by_family = defaultdict(blank), defaultdict(blank)
    fails, details = [], []
    for q in qs:
        resp = rs.get(q["id"])
        why = judge(shared, q, resp)
        declined = outcome_of(resp) == "declined"
        wrong = bool(why) and is_answer(resp)
        for acc in (by_kind[q["kind"]], by_family[f"{q['kind']}/{q.get('family', '?')}"]):
            acc["n"] += 1
            acc["ok"] += not why
            acc["declined"] += declined
            acc["wrong"] += wrong
        if why:
            fails.append((q, why, wrong))
        details.append(
            {
                "id": q["id"],
                "kind": q["kind"],
                "family": q.get("family"),
                "passed": not why,
                "declined": declined,
                "confidently_wrong": wrong,
                "reasons": why,
            }
        )

    width = max([len(k) for k in by_kind] + [4])
    print("\n".join(table("kind", by_kind, width)))
    if not a.summary_only:
        fw = max([len(k) for k in by_family] + [6])
        print()
        print("\n".join(table("family", dict(sorted(by_family.items())), fw)))
        lat = [r["latency_ms"] for r in rs.values() if isinstance(r.get("latency_ms"), (int, float))]
        if lat:
            print(f"latency_ms: p50={shared.pct(lat, 50):.0f} p95={shared.pct(lat, 95):.0f} (n={len(lat)})")
        if fails:
            print(f"failed ({len(fails)}):")
            for q, why, wrong in fails:
                mark = " [confidently wrong]" if wrong else ""
                print(f"  {q['id']} [{q['kind']}/{q.get('family')}]{mark} {'; '.join(why)[:200]}")
        if a.details:
            a.details.write_text("".join(json.dumps(d) + "\n" for d in details), encoding="utf-8")
    total = len(qs)
    ok = sum(r["ok"] for r in by_kind.values())
    wrong = sum(r["wrong"] for r in by_kind.values())
    print(f"overall: {ok}/{total} passed ({100 * ok / total if total else 0:.1f}%)")
    print(f"confidently wrong: {wrong}/{total} ({100 * wrong / total if total else 0:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
