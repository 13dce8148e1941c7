"""The in-AWS reindex (``make reindex STACK=``): the indexer works through the tables and the bucket
in steps on its SQS queue (moto), ending exactly where a local rebuild ends; duplicated, late and
failed steps neither lose nor repeat work; the command line starts a run and follows it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from awning_assistant.factory import Services
from awning_assistant.identity.access import Principal
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.indexing.indexer import Indexer
from awning_assistant.indexing.reindex import (
    JobStore,
    ReindexBusy,
    ReindexJob,
    ReindexRunner,
    ReindexStep,
    SqsStepQueue,
    start,
)
from awning_assistant.models import RecordType
from awning_assistant.records.store import ENTITIES
from awning_assistant.search_index.base import IndexedChunk
from awning_assistant.search_index.ledger import ChunkLedger
from awning_assistant.search_index.opensearch import OpenSearchIndex
from local import cli
from local.handlers import LocalContext, handler_module
from tests.builders import load_event
from tests.integration.test_opensearch_index import client_for, collection  # noqa: F401 - the fake collection fixture


@dataclass
class Countdown(LocalContext):
    """A Lambda context with time for ``pages`` pages: then the step hands over to the next message."""

    pages: int = 2

    def get_remaining_time_in_millis(self) -> int:  # type: ignore[override]
        self.pages -= 1
        return 600_000 if self.pages >= 0 else 1_000


@dataclass
class Queue:
    """The moto queue a run's steps go through, delivered to the indexer's handler as Lambda would."""

    sqs: Any
    url: str

    def deliver(self, pages: int = 2) -> int:
        """Hand every waiting message to the handler (deleting those it took); returns how many."""
        messages = self.sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get("Messages", [])
        for message in messages:
            event = {
                "Records": [
                    {
                        "eventSource": "aws:sqs",
                        "messageId": message["MessageId"],
                        "receiptHandle": message["ReceiptHandle"],
                        "body": message["Body"],
                        "attributes": {},
                        "messageAttributes": {},
                        "md5OfBody": "",
                        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:reindex",
                        "awsRegion": "us-east-1",
                    }
                ]
            }
            handler_module("indexer").reindex_handler(event, Countdown("indexer", pages=pages))
            self.sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
        return len(messages)

    def drain(self) -> int:
        """Deliver until the queue is empty; returns the number of steps."""
        steps = 0
        while delivered := self.deliver():
            steps += delivered
        return steps


@pytest.fixture
def queue(shop: Services) -> Queue:
    sqs = shop.client("sqs")
    return Queue(sqs, sqs.create_queue(QueueName="reindex")["QueueUrl"])


@pytest.fixture
def jobs(shop: Services) -> JobStore:
    return JobStore(shop.dynamodb, shop.settings.jobs_table)


@pytest.fixture
def runner(shop: Services, jobs: JobStore, queue: Queue) -> ReindexRunner:
    """The indexer's runner, two records a page (so the fixture shop takes many steps)."""
    found = ReindexRunner(
        shop.indexer, shop.records, jobs, SqsStepQueue(queue.sqs, queue.url), page_size=2, margin_ms=10_000
    )
    shop.__dict__["reindex"] = found
    return found


def index_contents(services: Services) -> dict[tuple[RecordType, str], dict[str, str]]:
    """Every record's and document's chunks in the index (id -> content hash)."""
    found = {}
    for rtype, entity in ENTITIES.items():
        for item in services.records.scan_all(rtype):
            found[rtype, item[entity.key]] = services.search_index.record_hashes(rtype, item[entity.key])
    for key in services.catalog.names() + ["gone.md"]:
        found[RecordType.document, key] = services.search_index.record_hashes(RecordType.document, key)
    return found


def test_a_run_in_steps_ends_exactly_where_a_local_rebuild_ends(shop, jobs, queue, runner):
    shop.s3.put_object(Bucket=shop.settings.documents_bucket, Key="scrambled.pdf", Body=b"%PDF-1.4 not really")
    shop.indexer.rebuild()
    expected = index_contents(shop)
    shop.s3.put_object(Bucket=shop.settings.documents_bucket, Key="gone.md", Body=b"# Gone\n\nA retired policy.")
    shop.indexer.index_object("gone.md")
    shop.s3.delete_object(Bucket=shop.settings.documents_bucket, Key="gone.md")  # its delete event was lost
    shop.search_index.clear()
    for key in shop.s3.list_objects_v2(Bucket=shop.settings.analytics_bucket).get("Contents", []):
        shop.s3.delete_object(Bucket=shop.settings.analytics_bucket, Key=key["Key"])

    job = start(jobs, SqsStepQueue(queue.sqs, queue.url), shop.records, clear=True)
    assert job.expected_records == 17
    steps = queue.drain()

    done = jobs.get()
    assert done is not None and done.status == "done" and done.run == job.run
    assert steps == done.step + 1 >= 8  # two pages a step: the run really was handed on
    assert (done.records, done.documents, done.failed_documents) == (17, 3, 1)
    assert index_contents(shop) == expected
    assert "gone.md" not in shop.catalog.names()
    assert shop.catalog.get("scrambled.pdf").status == "failed"
    counted = shop.analytics.query(Principal(username="m", role="manager"), "SELECT count(*) FROM orders")
    assert counted.rows == [(9,)]  # the mirror rebuilt


def test_a_clearing_run_leaves_the_collection_holding_exactly_the_shops_chunks(shop, jobs, queue, collection):  # noqa: F811 - the imported fixture
    """The AWS path: OpenSearch (the fake collection over HTTP) with its chunk ledger in the stack's table."""
    index = OpenSearchIndex(
        client_for(collection),
        "awning-chunks",
        shop.embedder.dimensions,
        ChunkLedger(shop.dynamodb, shop.settings.chunk_ledger_table),
    )
    s = shop.settings
    indexer = Indexer(
        index, shop.embedder, shop.records, shop.catalog, shop.s3, s.documents_bucket, shop.document_reader, shop.mirror
    )
    index.upsert(
        [
            IndexedChunk(
                chunk=Chunk(
                    chunk_id="work_order#WO-GONE#0",
                    record_type=RecordType.work_order,
                    record_id="WO-GONE",
                    title="gone",
                    text="a deleted order",
                ),
                vector=[0.0] * shop.embedder.dimensions,
                content_hash="x",
            )
        ]
    )
    shop.__dict__["reindex"] = ReindexRunner(
        indexer, shop.records, jobs, SqsStepQueue(queue.sqs, queue.url), page_size=5, margin_ms=10_000
    )
    start(jobs, SqsStepQueue(queue.sqs, queue.url), shop.records, clear=True)
    queue.drain()
    assert jobs.get().status == "done"
    stored = {source["chunk_id"] for source in collection.stored.values()}
    assert "work_order#WO-GONE#0" not in stored
    shop.indexer.rebuild()  # the embedded index, the same way: the same chunks
    assert stored == {cid for hashes in index_contents(shop).values() for cid in hashes}


def test_a_duplicated_or_late_message_does_nothing(shop, jobs, queue, runner):
    job = start(jobs, SqsStepQueue(queue.sqs, queue.url), shop.records, clear=False)
    first = ReindexStep(run=job.run, step=0)
    assert runner.run(first, Countdown("indexer", pages=1).get_remaining_time_in_millis).step == 1
    assert runner.run(first, Countdown("indexer", pages=5).get_remaining_time_in_millis) is None  # a duplicate
    assert runner.run(ReindexStep(run="another", step=1), lambda: 600_000) is None
    saved = jobs.get()
    assert (saved.step, saved.records) == (1, 2)
    queue.drain()
    assert jobs.get().status == "done" and jobs.get().records == 17


def test_a_failed_step_keeps_its_error_and_its_retry_goes_on_from_the_saved_page(
    shop, jobs, queue, runner, monkeypatch
):
    job = start(jobs, SqsStepQueue(queue.sqs, queue.url), shop.records, clear=False)
    index_page = shop.indexer.index_page
    calls: list[int] = []

    def fails_on_the_second_page(rtype: RecordType, items: list[dict[str, Any]]) -> Any:
        calls.append(len(items))
        if len(calls) == 2:
            raise TimeoutError("the collection did not answer")
        return index_page(rtype, items)

    monkeypatch.setattr(shop.indexer, "index_page", fails_on_the_second_page)
    with pytest.raises(TimeoutError):
        runner.run(ReindexStep(run=job.run, step=0), lambda: 600_000)
    failed = jobs.get()
    assert failed.records == 2 and failed.step == 0 and "TimeoutError" in failed.last_error
    assert cli.watch(jobs, job.run, sleep=lambda _: queue.drain(), poll=0) == 0  # SQS delivers step 0 again
    assert jobs.get().records == 17


def test_a_step_whose_successor_was_lost_sends_it_again(shop, jobs, queue, runner, monkeypatch):
    job = start(jobs, SqsStepQueue(queue.sqs, queue.url), shop.records, clear=False)
    sends: list[ReindexStep] = []

    class LosesOne(SqsStepQueue):
        def send(self, step: ReindexStep) -> None:
            sends.append(step)
            if len(sends) == 1:
                raise ConnectionError("SQS unreachable")
            super().send(step)

    monkeypatch.setattr(runner, "_queue", LosesOne(queue.sqs, queue.url))
    first = ReindexStep(run=job.run, step=0)
    with pytest.raises(ConnectionError):
        runner.run(first, Countdown("indexer", pages=1).get_remaining_time_in_millis)
    assert (jobs.get().step, jobs.get().sent) == (1, False)
    runner.run(first, lambda: 600_000)  # SQS delivers step 0 again: it only sends step 1
    assert [s.step for s in sends] == [1, 1] and jobs.get().records == 2
    assert runner.run(first, lambda: 600_000) is None  # and again: step 1 is on its way
    queue.deliver()  # the copy of step 0 that start() sent
    queue.drain()
    assert jobs.get().status == "done" and jobs.get().records == 17


def test_the_sample_step_event_does_its_runs_step(shop, jobs, queue, runner):
    event = load_event("sqs_reindex_step.json")
    jobs.start(
        ReindexJob(
            run=ReindexStep.model_validate_json(event["Records"][0]["body"]).run,
            clear=False,
            table=RecordType.customer.value,
            sent=True,
        )
    )
    reply = handler_module("indexer").reindex_handler(event, Countdown("indexer", pages=1))
    assert reply == {"reindex": [{"run": "3f9a1c2b7d4e", "status": "running", "phase": "records"}]}
    assert jobs.get().records == 2 and queue.drain() > 1 and jobs.get().status == "done"


def test_one_run_at_a_time(shop, jobs, queue, runner):
    job = start(jobs, SqsStepQueue(queue.sqs, queue.url), shop.records, clear=False)
    with pytest.raises(ReindexBusy, match="already running"):
        start(jobs, SqsStepQueue(queue.sqs, queue.url), shop.records, clear=True)
    queue.drain()
    assert start(jobs, SqsStepQueue(queue.sqs, queue.url), shop.records, clear=False).run != job.run


def _stack_template() -> str:
    """What ``make reindex STACK=`` reads: the business tables, the bucket, the jobs table, the queue."""
    keys = {
        "CustomersTable": "CustID",
        "WorkOrdersTable": "WorkOrderNo",
        "RepairOrdersTable": "RepairOrderNo",
        "InventoryTable": "InventoryKey",
        "UsersTable": "username",
        "JobsTable": "Job",
    }
    resources: dict[str, Any] = {
        name: {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": key, "AttributeType": "S"}],
            },
        }
        for name, key in keys.items()
    }
    resources |= {"DocumentsBucket": {"Type": "AWS::S3::Bucket"}, "ReindexQueue": {"Type": "AWS::SQS::Queue"}}
    outputs = {"JobsTableName": {"Value": {"Ref": "JobsTable"}}, "ReindexQueueUrl": {"Value": {"Ref": "ReindexQueue"}}}
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources, "Outputs": outputs})


def test_the_command_line_starts_a_run_on_the_stacks_queue_and_follows_one_already_running(services, capsys):
    cloudformation = boto3.client("cloudformation", region_name="us-east-1")
    cloudformation.create_stack(StackName="shop", TemplateBody=_stack_template())
    assert cli.main(["reindex", "--stack", "shop", "--clear", "--no-wait"]) == 0
    assert "started (index emptied first)" in capsys.readouterr().out
    outputs = {
        o["OutputKey"]: o["OutputValue"]
        for o in cloudformation.describe_stacks(StackName="shop")["Stacks"][0]["Outputs"]
    }
    sqs = boto3.client("sqs", region_name="us-east-1")
    (message,) = sqs.receive_message(QueueUrl=outputs["ReindexQueueUrl"])["Messages"]
    job = JobStore(boto3.resource("dynamodb", region_name="us-east-1"), outputs["JobsTableName"]).get()
    assert ReindexStep.model_validate_json(message["Body"]) == ReindexStep(run=job.run, step=0) and job.clear
    assert cli.main(["reindex", "--stack", "shop", "--no-wait"]) == 0
    assert f"following run {job.run}" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="error: stack 'nope' not found"):
        cli.main(["reindex", "--stack", "nope"])


def test_the_watch_shows_each_failure_once_and_the_summary(shop, jobs, capsys):
    job = ReindexJob(run="r1", clear=False, expected_records=17, step=1, sent=True, last_error="TimeoutError: x")
    jobs.start(job)
    states = iter(
        [
            job.model_copy(update={"records": 8}),
            job.model_copy(
                update={"records": 17, "documents": 2, "failed_documents": 1, "status": "done", "phase": "done"}
            ),
        ]
    )
    assert cli.watch(jobs, "r1", sleep=lambda _: jobs.save(next(states), 1), poll=0) == 0
    out = capsys.readouterr()
    assert (out.out + out.err).count("a step failed (SQS retries it): TimeoutError: x") == 1
    assert "done: 17 records and 2 documents (1 unreadable, listed as failed)" in out.out
    jobs.start(job.model_copy(update={"run": "r2"}))  # r1 is done: another run may start
    assert cli.watch(jobs, "r1", poll=0) == 1
