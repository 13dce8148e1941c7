"""Indexer: table streams, document events, Textract's completions and reindex steps keep the search
index, the analytics mirror and the document catalog current.

One entry per event type, each its own Lambda function over this code, all with one role (template.yaml):
``stream_handler`` (``IndexerFunction``), ``documents_handler`` (``IndexerDocumentsFunction``),
``ocr_handler`` (``IndexerOcrFunction``) and ``reindex_handler`` (``IndexerReindexFunction``, see
``reindex``). After each event the data version moves, so the answer cache (``answer_cache``) serves
nothing computed before it.

Each stream batch is first collapsed to one net change per item (see ``stream_batches``).
Stream batches report partial failures (``ReportBatchItemFailures``) so one bad record
doesn't block the shard; an unreadable document (encrypted, corrupt, empty, too big) is
listed as failed with its reason and skipped, never failing the batch.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes import S3Event, SNSEvent, SQSEvent, event_source
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from awning_assistant.analytics.mirror import Change
from awning_assistant.documents import DocumentError, is_indexable
from awning_assistant.factory import get_services
from awning_assistant.indexing.reindex import ReindexStep
from awning_assistant.indexing.stream_batches import collapse
from awning_assistant.records.store import ENTITIES

logger = Logger()
tracer = Tracer()
metrics = Metrics(namespace="AwningAssistant")
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def entry(handler: Handler) -> Handler:
    """An entry as Lambda calls it: logged, traced and measured, and the data version moved after the event,
    also after a failure (part of the change may be in; a failed move fails, and so retries, the event)."""

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler(capture_response=False, capture_error=False)  # no record text in traces
    @metrics.log_metrics
    @functools.wraps(handler)
    def run(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        try:
            return handler(event, context)
        finally:
            get_services().data_version.bump()  # no answer cached before this change is served again

    return run


def handle_stream_record(record: DynamoDBRecord) -> None:
    """Index one item's net change."""
    services = get_services()
    rtype = services.records.type_of_stream(record.event_source_arn or "")
    stream = record.dynamodb
    assert stream is not None
    new = None if record.event_name is DynamoDBRecordEventName.REMOVE else stream.new_image
    stats = services.indexer.apply_change(rtype, stream.keys[ENTITIES[rtype].key], stream.old_image, new)
    metrics.add_metric(name="ChunksEmbedded", unit=MetricUnit.Count, value=stats.embedded)


def mirror_changes(batch: list[dict[str, Any]]) -> list[Change]:
    """The batch's net changes as the analytics mirror takes them; a record of no business table is
    left to the record handler, which reports it as failed."""
    changes = []
    for record in map(DynamoDBRecord, batch):
        try:
            rtype = get_services().records.type_of_stream(record.event_source_arn or "")
        except ValueError:
            continue
        stream = record.dynamodb
        assert stream is not None
        new = None if record.event_name is DynamoDBRecordEventName.REMOVE else stream.new_image
        changes.append(Change(rtype, stream.old_image, new))
    return changes


@entry
def stream_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """A table stream's batch: the analytics mirror first (one rewrite per touched partition, replay-safe:
    a failure retries the batch), then each item's net change, a failed one reported alone."""
    batch = collapse(event["Records"])
    get_services().mirror.apply(mirror_changes(batch))
    return dict(
        process_partial_response(
            event={"Records": batch}, record_handler=handle_stream_record, processor=processor, context=context
        )
    )


@entry
@event_source(data_class=S3Event)
def documents_handler(event: S3Event, context: LambdaContext) -> dict[str, Any]:
    """Bring each named document in line with the bucket as it is now (created, replaced or
    deleted: events may arrive late or out of order, and deleting an old version of a
    versioned object removes nothing current)."""
    indexer = get_services().indexer
    skipped = []
    for record in event.records:
        key = unquote_plus(record.s3.get_object.key)
        if not is_indexable(key):
            skipped.append(key)
            continue
        try:
            indexer.index_object(key)
        except DocumentError as exc:
            logger.warning("document not indexed", extra={"key": key, "reason": str(exc)})
            skipped.append(key)
    return {"skipped": skipped}


@entry
@event_source(data_class=SNSEvent)
def ocr_handler(event: SNSEvent, context: LambdaContext) -> dict[str, Any]:
    """Textract finished reading a document's scans: the document is read again with that text and
    indexed, or listed as failed with the reason."""
    indexer = get_services().indexer
    finished = []
    for record in event.records:
        done = json.loads(record.sns.message)
        key = done.get("DocumentLocation", {}).get("S3ObjectName", "")
        try:
            indexer.finish_ocr(key, done.get("JobId", ""))
        except DocumentError as exc:
            logger.warning("document not indexed", extra={"key": key, "reason": str(exc)})
        finished.append(key)
    metrics.add_metric(name="OcrJobsFinished", unit=MetricUnit.Count, value=len(finished))
    return {"finished": finished}


@entry
@event_source(data_class=SQSEvent)
def reindex_handler(event: SQSEvent, context: LambdaContext) -> dict[str, Any]:
    """Steps of a full reindex (one message at a time); each saves its position and sends the next."""
    runner = get_services().reindex
    progress = []
    for record in event.records:
        job = runner.run(ReindexStep.model_validate_json(record.body), context.get_remaining_time_in_millis)
        if job is not None:
            logger.info(
                "reindex step",
                extra={
                    "run": job.run,
                    "step": job.step,
                    "phase": job.phase,
                    "records": job.records,
                    "documents": job.documents,
                },
            )
            progress.append({"run": job.run, "status": job.status, "phase": job.phase})
    return {"reindex": progress}
