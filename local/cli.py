"""Commands against a running local stack (``make dev``): import a dataset, rebuild the index;
and against a deployed stack: import a dataset, start and watch a reindex that runs in AWS,
reconcile its OpenSearch index with the chunk ledger, invite a person, register an integration
(``onboarding``).

The rebuild empties the index first, so an interrupted ``make reindex`` run again ends in
exactly the state of a clean one; the running server sees the new index on its next query.
``reconcile`` takes the settings the functions run with from the environment (AWS credentials,
``OPENSEARCH_ENDPOINT``, ``CHUNK_LEDGER_TABLE``), not local mode's.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import environment

if TYPE_CHECKING:
    from awning_assistant.indexing.reindex import JobStore


def require_stack(endpoint: str) -> None:
    try:
        urllib.request.urlopen(endpoint, timeout=2)  # noqa: S310 - our own localhost endpoint
    except OSError as exc:
        if getattr(exc, "code", None) is None:
            sys.exit(f"The local stack is not running at {endpoint} (start it with `make dev`).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser(
        "import",
        help="load a dataset folder in the import format (into the local stack, or with --stack into a deployed one)",
    )
    imp.add_argument("data", type=Path)
    imp.add_argument("--stack", help="a deployed stack's name: its tables and bucket take the data")
    reindex = commands.add_parser(
        "reindex",
        help="rebuild the search index from the tables and the bucket "
        "(with --stack: a deployed stack's, run by its indexer in AWS)",
    )
    reindex.add_argument("--stack", help="a deployed stack's name")
    reindex.add_argument(
        "--clear",
        action="store_true",
        help="with --stack: empty the index first (else unchanged chunks stay and answers keep working during the run)",
    )
    reindex.add_argument("--no-wait", action="store_true", help="with --stack: start the run and return")
    commands.add_parser(
        "reconcile",
        help="deployed stack: delete OpenSearch documents the chunk ledger does not "
        "list, forget entries whose documents are gone",
    )
    user = commands.add_parser(
        "add-user", help="deployed stack: invite a person (Cognito user, role group, territories)"
    )
    user.add_argument("--username", required=True)
    user.add_argument("--email", required=True)
    integration = commands.add_parser(
        "add-integration", help="deployed stack: an app client, its API key on the usage plan and its registration"
    )
    integration.add_argument("--name", required=True)
    for onboarding in (user, integration):
        onboarding.add_argument("--stack", required=True)
        onboarding.add_argument("--role", required=True)
        onboarding.add_argument("--territories", default="", help="comma-separated; staff need at least one")
    args = parser.parse_args(argv)
    if args.command == "reconcile":
        return reconcile()
    if args.command in ("add-user", "add-integration"):
        return onboard(args)
    if args.command == "import" and not args.data.is_dir():
        sys.exit(f"{args.data} is not a folder")
    if args.command == "import" and args.stack:
        return import_to_stack(args.stack, args.data)
    if args.command == "reindex" and args.stack:
        return reindex_stack(args.stack, args.clear, wait=not args.no_wait)

    environment.apply()
    from awning_assistant.factory import get_services

    services = get_services()
    require_stack(services.settings.storage_endpoint_url or "")
    if args.command == "import":
        from .stack import import_folder

        report = import_folder(services, args.data)
        print(report.summary())
        return 0 if report.ok else 2
    from .stack import rebuild_index

    stats = rebuild_index(services)
    services.data_version.bump()  # cached answers were computed from the index as it was
    print(
        f"{services.search_index.count()} chunks in the index ({stats.embedded} embedded, {stats.unchanged} unchanged)"
    )
    return 0


def onboard(args: argparse.Namespace) -> int:
    """``add-user`` / ``add-integration`` against the stack's resources, with clear messages."""
    import boto3

    from .deployed import StackError, stack_outputs
    from .onboarding import SCOPE, add_integration, add_user

    try:
        outputs = stack_outputs(boto3.client("cloudformation"), args.stack)
        if args.command == "add-user":
            person = add_user(
                boto3.client("cognito-idp"), outputs, args.username, args.email, args.role, args.territories
            )
            print(
                f"{person.username}: "
                + (
                    "invited by e-mail"
                    if person.invited
                    else "existed; role, territories and e-mail brought in line (no new invitation)"
                )
            )
            return 0
        credentials = add_integration(
            boto3.client("cognito-idp"),
            boto3.client("apigateway"),
            boto3.resource("dynamodb"),
            outputs,
            args.name,
            args.role,
            args.territories,
        )
    except StackError as exc:
        sys.exit(f"error: {exc}")
    print(
        f"{args.name}: {'registered' if credentials.created else 'existed; registration updated'}\n"
        f"  client id:     {credentials.client_id}\n  client secret: {credentials.client_secret}\n"
        f"  API key:       {credentials.api_key}\n"
        f"  token: POST https://{outputs.get('CognitoDomain', '<CognitoDomain>')}/oauth2/token "
        f"(grant_type=client_credentials, scope={SCOPE}); call {outputs.get('ApiUrl', '<ApiUrl>')}integrations/… "
        "with the token and the x-api-key header"
    )
    return 0


def import_to_stack(stack: str, data: Path) -> int:
    """The same import as locally (validation, progress, idempotent puts) into a deployed stack's
    tables and bucket; its streams and S3 events then index the records and documents in AWS."""
    import boto3

    from awning_assistant.records.store import RecordStore

    from .deployed import StackError, stack_settings
    from .importer import Importer

    session = boto3.session.Session()
    try:
        settings = stack_settings(session.client("cloudformation"), stack, session.region_name or "us-east-1")
    except StackError as exc:
        sys.exit(f"error: {exc}")
    records = RecordStore(session.resource("dynamodb"), settings)
    report = Importer(records, session.client("s3"), settings.documents_bucket).run(data)
    print(report.summary())
    print("The stack's indexer picks the changes up from the table streams and bucket events (a minute or two).")
    return 0 if report.ok else 2


def reindex_stack(stack: str, clear: bool, wait: bool = True) -> int:
    """Start a reindex in the stack's indexer (its first step on the reindex queue) and follow it;
    a run already under way is followed instead of started twice."""
    import boto3

    from awning_assistant.indexing.reindex import JobStore, ReindexBusy, SqsStepQueue, start
    from awning_assistant.records.store import RecordStore

    from .deployed import StackError, needed_outputs, stack_outputs, stack_settings

    session = boto3.session.Session()
    cloudformation = session.client("cloudformation")
    try:
        table, queue = needed_outputs(stack_outputs(cloudformation, stack), "JobsTableName", "ReindexQueueUrl")
        settings = stack_settings(cloudformation, stack, session.region_name or "us-east-1")
    except StackError as exc:
        sys.exit(f"error: {exc}")
    jobs = JobStore(session.resource("dynamodb"), table)
    try:
        run = start(
            jobs, SqsStepQueue(session.client("sqs"), queue), RecordStore(session.resource("dynamodb"), settings), clear
        ).run
        print(
            f"reindex {run} started{' (index emptied first)' if clear else ''}; it runs in AWS, so "
            "stopping this command does not stop it"
        )
    except ReindexBusy as exc:
        current = jobs.get()
        assert current is not None
        run = current.run
        print(f"{exc}: following run {run}")
    return watch(jobs, run) if wait else 0


def watch(jobs: JobStore, run: str, sleep: Callable[[float], None] = time.sleep, poll: float = 2.0) -> int:
    """A progress bar over the run's records until it is done; each failed attempt's error is shown
    (SQS tries a step three times, then leaves it in the dead-letter queue)."""
    from tqdm import tqdm

    errors: set[str] = set()
    job = jobs.get()
    with tqdm(total=job.expected_records if job else None, desc="reindex", unit="rec") as bar:
        while job is not None and job.run == run:
            bar.n = job.records
            bar.set_postfix_str(f"{job.phase} {job.table}".strip() + f", {job.documents} documents", refresh=True)
            if job.last_error and job.last_error not in errors:
                errors.add(job.last_error)
                bar.write(f"a step failed (SQS retries it): {job.last_error}")
            if job.status == "done":
                break
            sleep(poll)
            job = jobs.get()
    if job is None or job.run != run:
        print(f"run {run} was replaced by another reindex")
        return 1
    print(
        f"done: {job.records} records and {job.documents} documents ({job.failed_documents} unreadable, "
        f"listed as failed); {job.embedded} chunks embedded, {job.unchanged} unchanged, {job.deleted} deleted"
    )
    return 0


def reconcile() -> int:
    """Repair what interrupted index writes left (``OpenSearchIndex.reconcile``). Not for an index
    written before the ledger existed: every document in it is unlisted; rebuild it instead."""
    from awning_assistant.factory import get_services
    from awning_assistant.search_index.opensearch import OpenSearchIndex

    index = get_services().search_index
    if not isinstance(index, OpenSearchIndex):
        sys.exit("reconcile is for the OpenSearch index (SEARCH_BACKEND=opensearch); the embedded index needs none")
    stats = index.reconcile()
    print(
        f"{stats.orphans} unlisted document(s) and {stats.stale} old copies deleted, "
        f"{stats.forgotten} entries of missing documents forgotten"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
