"""Local event delivery: moto's DynamoDB streams and S3 notifications, handed to the indexer's
stream and documents entries as events of exactly AWS's shape, as Lambda's event source mappings would.

S3 notifies an SQS queue in moto (moto can't run Lambda targets without Docker); the pump
reads the queue and each shard, calls the entries, retries a stream record's failures
from the first failed item (like Lambda with ``ReportBatchItemFailures``) and, after
``MAX_ATTEMPTS``, parks the records on the local dead-letter queue.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime
from typing import Any

from awning_assistant.factory import Services
from awning_assistant.records.store import ENTITIES

from .handlers import invoke

log = logging.getLogger("awning.local.events")
DOCUMENT_QUEUE = "awning-local-document-events"
DEAD_LETTER_QUEUE = "awning-local-indexer-dlq"
MAX_ATTEMPTS = 3
POLL_SECONDS = 0.2


def _lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as Lambda delivers it (epoch seconds, the event source ARN)."""
    out = dict(record)
    stream = dict(record["dynamodb"])
    created = stream.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        stream["ApproximateCreationDateTime"] = int(created.timestamp())
    out["dynamodb"] = stream
    out["eventSourceARN"] = stream_arn
    return out


class EventPump:
    """Polls every business table's stream and the documents queue on a background thread."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._streams = services.client("dynamodbstreams")
        self._sqs = services.client("sqs")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._iterators: dict[str, tuple[str, str]] = {}
        self._queue_url = ""
        self._dlq_url = ""
        self.delivered = 0
        self.idle = threading.Event()

    def connect(self) -> None:
        """Subscribe to the documents bucket and open every shard at its latest position."""
        s = self._services
        self._queue_url = self._sqs.create_queue(QueueName=DOCUMENT_QUEUE)["QueueUrl"]
        self._dlq_url = self._sqs.create_queue(QueueName=DEAD_LETTER_QUEUE)["QueueUrl"]
        queue_arn = self._sqs.get_queue_attributes(QueueUrl=self._queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        s.s3.put_bucket_notification_configuration(
            Bucket=s.settings.documents_bucket,
            NotificationConfiguration={
                "QueueConfigurations": [{"QueueArn": queue_arn, "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]}]
            },
        )
        for entity in ENTITIES.values():
            table = s.dynamodb.meta.client.describe_table(TableName=getattr(s.settings, entity.table_setting))["Table"]
            arn = table["LatestStreamArn"]
            for shard in self._streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
                iterator = self._streams.get_shard_iterator(
                    StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
                )["ShardIterator"]
                self._iterators[f"{arn}#{shard['ShardId']}"] = (arn, iterator)

    def start(self) -> None:
        self.connect()
        self._thread = threading.Thread(target=self._run, name="event-pump", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.poll_once()
            except Exception:  # keep delivering; a broken poll must not kill local mode
                log.exception("event delivery failed")
                busy = False
            if busy:
                self.idle.clear()
            else:
                self.idle.set()
                self._stop.wait(POLL_SECONDS)

    def poll_once(self) -> bool:
        """Deliver what is waiting; True when anything was delivered."""
        busy = False
        for shard_key, (arn, iterator) in list(self._iterators.items()):
            reply = self._streams.get_records(ShardIterator=iterator, Limit=100)
            self._iterators[shard_key] = (arn, reply.get("NextShardIterator") or iterator)
            records = [_lambda_record(r, arn) for r in reply.get("Records", [])]
            if records:
                self._deliver_stream(records)
                busy = True
        messages = self._sqs.receive_message(QueueUrl=self._queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get(
            "Messages", []
        )
        for message in messages:
            body = json.loads(message["Body"])
            if "Records" in body:
                invoke("indexer", body, "documents_handler")
                self.delivered += len(body["Records"])
            self._sqs.delete_message(QueueUrl=self._queue_url, ReceiptHandle=message["ReceiptHandle"])
            busy = True
        return busy

    def _deliver_stream(self, records: list[dict[str, Any]]) -> None:
        pending = records
        for _ in range(MAX_ATTEMPTS):
            result = invoke("indexer", {"Records": pending}, "stream_handler") or {}
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
            if not failed:
                self.delivered += len(pending)
                return
            first = next(i for i, r in enumerate(pending) if r["dynamodb"]["SequenceNumber"] in failed)
            self.delivered += first
            pending = pending[first:]
        log.error("parking %d stream records on the dead-letter queue", len(pending))
        self._sqs.send_message(QueueUrl=self._dlq_url, MessageBody=json.dumps({"Records": pending}, default=str))
