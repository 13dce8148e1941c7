"""``make fuzz``: schemathesis against the API's own OpenAPI document (``/api/openapi.json``) on a
local stack, every operation, signed in once as a staff user and once as an admin.

Every schemathesis check runs, among them: no server error (5xx), only documented status codes,
content types and response schemas, schema-valid requests accepted and invalid ones refused, 405
for methods a path does not take, and (following the links it infers) a deleted document gone.
The stack is a throwaway one on the dev data with its own state directory, so the admin's
deletions and upload tickets touch nothing else. Only the ``/api`` server is fuzzed: the
``/integrations`` server needs Cognito client-credentials tokens, which local mode does not have.

Prints a summary per user and exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from .environment import ROOT
from .running import DEV_DATA, local_stack

USERS = ("ltaylor", "ahaddad")  # staff (North) and admin in the dev data
KEYS = {
    "customers.jsonl": "CustID",
    "work_orders.jsonl": "WorkOrderNo",
    "repair_orders.jsonl": "RepairOrderNo",
    "inventory.jsonl": "InventoryKey",
}
# schemathesis's configuration; the token comes from the environment of each run.
CONFIG = """\
[auth.openapi.person]
bearer = "${{FUZZ_TOKEN}}"

# Ids and names that exist, mixed into half the generated ones, so that records and documents are found (and their
# 200 replies checked against the document), not only missed.
[dictionaries.records]
values = {records}

[dictionaries.documents]
values = {documents}

[parameters]
"path.record_id" = {{ dictionary = "records", probability = 0.5 }}
"path.name" = {{ dictionary = "documents", probability = 0.5 }}

# An upload's content_type must agree with its file name's extension (a .pdf is sent as application/pdf): a rule
# across two fields that the schema cannot state, so a schema-valid pair may rightly get a 400.
[[operations]]
include-name = "POST /documents/upload-url"
checks.positive_data_acceptance.expected-statuses = ["2xx", 400, 401, 403, 404, 409]

# The review list's cursor is one the list itself gave (a day and a key, encoded): a schema-valid string it never
# gave may rightly get a 400 naming the cursor.
[[operations]]
include-name = "GET /admin/reviews"
checks.positive_data_acceptance.expected-statuses = ["2xx", 400, 401, 403]

# What a statement means (one SELECT over the views, columns that exist) is beyond what a schema can state, so a
# schema-valid statement may rightly get a 422 naming why it did not run (staff get a 403).
[[operations]]
include-name = "POST /analytics/query"
checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 422]
"""


def known_ids(data: Path, per_group: int = 5) -> list[str]:
    """Up to ``per_group`` ids of each record type in each territory, so that staff of any territory find some."""

    def rows(file: str) -> list[dict[str, Any]]:
        return [json.loads(line) for line in (data / file).read_text(encoding="utf-8").splitlines() if line.strip()]

    territory = {customer["CustID"]: customer["Territory"] for customer in rows("customers.jsonl")}
    groups: dict[tuple[str, str], list[str]] = {}
    for file, key in KEYS.items():
        for row in rows(file):
            ids = groups.setdefault((file, row.get("Territory") or territory.get(row.get("CustID", ""), "")), [])
            if len(ids) < per_group:
                ids.append(row[key])
    return [record_id for ids in groups.values() for record_id in ids]


def config_for(data: Path) -> str:
    """CONFIG with some of the dataset's record ids and all its document names."""
    documents = sorted(path.name for path in (data / "documents").iterdir())
    return CONFIG.format(records=json.dumps(known_ids(data)), documents=json.dumps(documents))


def sign_in(base: str, username: str) -> tuple[str, str]:
    """A dev token for ``username`` and the role the API gives it."""
    request = urllib.request.Request(
        f"{base}/api/auth/dev-login",
        data=json.dumps({"username": username}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310 - our localhost server
        token = json.load(reply)["token"]
    me = urllib.request.Request(f"{base}/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(me, timeout=10) as reply:  # noqa: S310
        return token, json.load(reply)["role"]


def fuzz(base: str, token: str, config: Path, report: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One schemathesis run with ``token`` (its output goes to the console); its JSON report."""
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "--no-color",
        "run",
        f"{base}/api/openapi.json",
        "--url",
        f"{base}/api",
        "--checks",
        "all",
        "--continue-on-failure",
        "--max-examples",
        str(args.examples),
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    if args.max_time:
        command += ["--max-time", str(args.max_time)]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    report.unlink(missing_ok=True)
    # Hypothesis keeps its example database (a failing case is tried first next time) beside the reports;
    # schemathesis keeps its cache in .schemathesis/, where `st replay <id>` finds a failure's requests.
    env = {**os.environ, "FUZZ_TOKEN": token, "HYPOTHESIS_STORAGE_DIRECTORY": str(report.parent / "hypothesis")}
    subprocess.run(command, cwd=ROOT, env=env, check=False)
    if not report.exists():
        sys.exit("schemathesis wrote no report; see its output above")
    return json.loads(report.read_text())


def summary(username: str, role: str, result: dict[str, Any]) -> tuple[str, bool]:
    """One line per user, and whether the run passed."""
    operations, cases = result["operations"], result["test_cases"]
    failures = sum(f["count"] for f in result["failures"])
    passed = result["exit_code"] == 0 and not failures and not result["errors"] and result["complete"]
    codes = ", ".join(f"{f['code']} {f['title']} x{f['count']}" for f in result["failures"])
    line = (
        f"{role} {username}: {operations['tested']}/{operations['selected']} operations, "
        f"{cases['generated']} test cases, {failures} failures, {len(result['errors'])} errors, "
        f"{result['running_time']:.0f} s, seed {result['seed']}" + (f" ({codes})" if codes else "")
    )
    return line, passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEV_DATA)
    parser.add_argument("--out", type=Path, default=ROOT / ".local" / "fuzz", help="state, config and reports")
    parser.add_argument("--users", nargs="+", default=list(USERS))
    parser.add_argument("--examples", type=int, default=150, help="test cases per operation and phase")
    parser.add_argument(
        "--max-time",
        type=int,
        default=None,
        help="seconds per user; fuzzing and stateful testing repeat until they are spent",
    )
    parser.add_argument("--seed", type=int, default=None, help="generate a run's cases again (each prints its seed)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the stack to get ready")
    args = parser.parse_args(argv)

    config = args.out / "schemathesis.toml"
    lines, passed = [], True
    started = time.monotonic()
    with local_stack(args.data, args.out / "stack", timeout=args.timeout) as stack:
        config.write_text(config_for(args.data))
        for username in args.users:
            token, role = sign_in(stack.base, username)
            print(f"\n=== fuzzing as {username} ({role}) ===", flush=True)
            result = fuzz(stack.base, token, config, args.out / f"report-{username}.json", args)
            line, ok = summary(username, role, result)
            lines.append(line)
            passed &= ok
    print(f"\nfuzz ({time.monotonic() - started:.0f} s in all):", *lines, sep="\n  ")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
