"""A full reindex that runs in AWS: the indexer works through the tables and the documents bucket
in steps, one SQS message each, so no invocation runs into its timeout and an operator's laptop
only starts the run and watches it (``make reindex STACK=``).

One job item holds the run's position and progress. A message names its run and step, and only
the message of the item's current step does any work: a duplicated or late message is skipped;
a step that failed half-way is retried by SQS from the last page it saved (pages are idempotent,
unchanged chunks are not embedded again); and a step whose successor may not have been sent
(the sender failed after moving the item on) sends it again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_pascal

from awning_assistant.documents import is_indexable
from awning_assistant.models import RecordType
from awning_assistant.records.store import ENTITIES, RecordStore

if TYPE_CHECKING:
    from awning_assistant.indexing.indexer import Indexer, IndexStats

JOB_KEY = "reindex"  # one reindex at a time
STALE_AFTER = timedelta(minutes=30)  # a run with no progress for this long may be replaced
PAGE_SIZE = 100  # records per saved page
MARGIN_MS = 60_000  # no new page with less time left than this (a long PDF's); the next message goes on
Phase = Literal["clear", "records", "documents", "prune", "mirror", "done"]
RECORD_ORDER = list(ENTITIES)  # customers' profiles read their orders from the tables, so any order works


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ReindexBusy(RuntimeError):
    """Another run is under way (and made progress recently)."""


class ReindexStep(BaseModel):
    """The SQS message: which run, which step."""

    run: str
    step: int


class ReindexJob(BaseModel):
    """The job item: the run's position and what it has done so far."""

    model_config = ConfigDict(alias_generator=to_pascal, populate_by_name=True)

    run: str
    clear: bool
    status: Literal["running", "done"] = "running"
    step: int = 0
    sent: bool = False  # the current step's message is on the queue
    phase: Phase = "records"
    table: str = ""  # records phase: the record type being paged
    cursor: str = ""  # records: the scan's JSON start key; documents: the last key done
    expected_records: int = 0  # the tables' item counts at the start (DynamoDB refreshes them ~6-hourly)
    records: int = 0
    documents: int = 0
    failed_documents: int = 0
    embedded: int = 0
    unchanged: int = 0
    deleted: int = 0
    last_error: str = ""
    started_at: str = ""
    updated_at: str = ""

    def count(self, stats: IndexStats) -> None:
        self.embedded += stats.embedded
        self.unchanged += stats.unchanged
        self.deleted += stats.deleted


class StepQueue(Protocol):
    def send(self, step: ReindexStep) -> None: ...


class SqsStepQueue:
    """The reindex queue, whose messages the indexer takes one at a time."""

    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs = sqs
        self._url = queue_url

    def send(self, step: ReindexStep) -> None:
        self._sqs.send_message(QueueUrl=self._url, MessageBody=step.model_dump_json())


class JobStore:
    """The job item in the jobs table; every write after the start is conditional on its run and step."""

    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self._table = dynamodb.Table(table_name)

    def get(self) -> ReindexJob | None:
        item = self._table.get_item(Key={"Job": JOB_KEY}, ConsistentRead=True).get("Item")
        return ReindexJob.model_validate(item) if item else None

    def start(self, job: ReindexJob) -> None:
        """Write a new run unless one is running and made progress within ``STALE_AFTER``."""
        cutoff = (datetime.now(UTC) - STALE_AFTER).isoformat(timespec="seconds")
        free = Attr("Job").not_exists() | Attr("Status").ne("running") | Attr("UpdatedAt").lt(cutoff)
        try:
            self._put(job, free)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            raise ReindexBusy("a reindex is already running; `make reindex STACK=…` shows its progress") from None

    def save(self, job: ReindexJob, step: int) -> bool:
        """Store the job if the item is still at ``step`` of its run; False when another copy moved it on."""
        try:
            self._put(job, Attr("Run").eq(job.run) & Attr("Step").eq(step))
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def _put(self, job: ReindexJob, condition: Any) -> None:
        job.updated_at = _now()
        self._table.put_item(Item={"Job": JOB_KEY, **job.model_dump(by_alias=True)}, ConditionExpression=condition)


def start(jobs: JobStore, queue: StepQueue, records: RecordStore, clear: bool) -> ReindexJob:
    """Begin a run (its first message on the queue); with ``clear`` the index is emptied first."""
    expected = sum(records.table(t).item_count for t in RECORD_ORDER)
    job = ReindexJob(
        run=uuid.uuid4().hex[:12],
        clear=clear,
        phase="clear" if clear else "records",
        table=RECORD_ORDER[0].value,
        expected_records=expected,
        started_at=_now(),
    )
    jobs.start(job)
    queue.send(ReindexStep(run=job.run, step=0))
    job.sent = True
    jobs.save(job, 0)
    return job


class ReindexRunner:
    """Does a run's steps in the indexer function: pages of each table, each document, then the
    documents gone from the bucket and the analytics mirror, saving the position after each."""

    def __init__(
        self,
        indexer: Indexer,
        records: RecordStore,
        jobs: JobStore,
        queue: StepQueue,
        page_size: int = PAGE_SIZE,
        margin_ms: int = MARGIN_MS,
    ) -> None:
        self._indexer = indexer
        self._records = records
        self._jobs = jobs
        self._queue = queue
        self._page_size = page_size
        self._margin_ms = margin_ms
        self._phases: dict[str, Callable[[ReindexJob], None]] = {
            "clear": self._clear,
            "records": self._records_page,
            "documents": self._next_document,
            "prune": self._prune,
            "mirror": self._rebuild_mirror,
        }

    def run(self, message: ReindexStep, remaining_ms: Callable[[], int]) -> ReindexJob | None:
        """Do the step while time lasts, then hand the rest to the next message. None: nothing to do."""
        job = self._jobs.get()
        if job is None or job.run != message.run or job.status != "running":
            return None
        if message.step == job.step - 1 and not job.sent:
            self._send(job)
            return job
        if message.step != job.step:
            return None
        try:
            while job.phase != "done" and remaining_ms() > self._margin_ms:
                self._phases[job.phase](job)
                if not self._jobs.save(job, message.step):
                    return None  # another copy of this message did the step
        except Exception as exc:
            job.last_error = f"{type(exc).__name__}: {exc}"[:500]
            self._jobs.save(job, message.step)
            raise  # SQS delivers the step again (and to the dead-letter queue after three tries)
        if job.phase == "done":
            job.status = "done"
            self._jobs.save(job, message.step)
            return job
        job.step, job.sent = job.step + 1, False
        if self._jobs.save(job, message.step):
            self._send(job)
        return job

    def _send(self, job: ReindexJob) -> None:
        self._queue.send(ReindexStep(run=job.run, step=job.step))
        job.sent = True
        self._jobs.save(job, job.step)

    def _clear(self, job: ReindexJob) -> None:
        self._indexer.clear()
        job.phase = "records"

    def _records_page(self, job: ReindexJob) -> None:
        rtype = RecordType(job.table)
        items, after = self._records.scan_page(rtype, json.loads(job.cursor) if job.cursor else None, self._page_size)
        job.count(self._indexer.index_page(rtype, items))
        job.records += len(items)
        if after:
            job.cursor = json.dumps(after, default=str)
            return
        following = RECORD_ORDER.index(rtype) + 1
        job.cursor = ""
        if following < len(RECORD_ORDER):
            job.table = RECORD_ORDER[following].value
        else:
            job.table, job.phase = "", "documents"

    def _next_document(self, job: ReindexJob) -> None:
        key = self._indexer.next_document_key(job.cursor)
        if key is None:
            job.phase, job.cursor = "prune", ""
            return
        if is_indexable(key):
            outcome = self._indexer.try_index_object(key)
            if outcome is None:
                job.failed_documents += 1
            else:
                job.count(outcome)
            job.documents += 1
        job.cursor = key

    def _prune(self, job: ReindexJob) -> None:
        job.count(self._indexer.remove_missing_documents(self._indexer.document_keys()))
        job.phase = "mirror"

    def _rebuild_mirror(self, job: ReindexJob) -> None:
        self._indexer.rebuild_mirror()
        job.phase = "done"
