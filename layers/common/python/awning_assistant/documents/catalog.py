"""What the indexer learned of each document: its status (and why it failed), pages, size,
uploader, and the text of every page, in DynamoDB.

One item per document (``Part = "META"``) and one per page (``Part = "PAGE#00001"``), so a
status, a page of the documents list (the sparse ``Listing`` index: only META items carry
``Listed``) and a page view are each one read; no request parses a PDF again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from boto3.dynamodb.conditions import Key
from pydantic import BaseModel

from awning_assistant.documents import Page
from awning_assistant.records.dynamo import all_pages
from awning_assistant.records.store import plain

DocumentState = Literal["processing", "indexed", "failed"]
META = "META"
LISTED = "doc"
OCR_JOB = "OcrJob"  # kept on the META item, not shown: which job a document waits for
MAX_PAGE_CHARS = 100_000  # a page item stays far below DynamoDB's 400 KB


def _page_part(number: int) -> str:
    return f"PAGE#{number:05d}"


class DocumentRecord(BaseModel):
    """A document as the list, the status endpoint and the source panel show it."""

    name: str
    status: DocumentState
    pages: int = 0
    ocr_pages: int = 0  # pages whose text OCR read (scans)
    chunks: int = 0
    message: str = ""  # why it failed, what is happening, or how scanned pages were read
    size: int = 0
    uploaded_by: str = ""
    updated_at: str = ""


class DocumentCatalog:
    """Status and page text of the documents bucket's files, written by the indexer."""

    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self._table = dynamodb.Table(table_name)

    def _put_meta(self, record: DocumentRecord, **internal: str) -> None:
        stamped = record.model_copy(update={"updated_at": datetime.now(UTC).isoformat(timespec="seconds")})
        self._table.put_item(
            Item={
                "Name": record.name,
                "Part": META,
                "Listed": LISTED,
                **stamped.model_dump(exclude={"name"}),
                **internal,
            }
        )

    def processing(self, name: str, size: int, uploaded_by: str, note: str = "", ocr_job: str = "") -> None:
        """Being read; ``ocr_job`` names the background OCR job whose end completes it."""
        self._put_meta(
            DocumentRecord(name=name, status="processing", size=size, uploaded_by=uploaded_by, message=note),
            **({OCR_JOB: ocr_job} if ocr_job else {}),
        )

    def ocr_job(self, name: str) -> str:
        """The OCR job the document waits for ("" when none: a finished job's message is then stale)."""
        item = (
            self._table.get_item(
                Key={"Name": name, "Part": META},
                ProjectionExpression="#j, #s",
                ExpressionAttributeNames={"#j": OCR_JOB, "#s": "status"},
            ).get("Item")
            or {}
        )
        return str(item.get(OCR_JOB, "")) if item.get("status") == "processing" else ""

    def failed(self, name: str, reason: str, size: int = 0, uploaded_by: str = "") -> None:
        """A document with no usable text: its old pages go, its reason is kept for the list."""
        self._drop_pages(name, keep=0)
        self._put_meta(DocumentRecord(name=name, status="failed", message=reason, size=size, uploaded_by=uploaded_by))

    def indexed(self, name: str, pages: list[Page], chunks: int, size: int, uploaded_by: str, note: str = "") -> None:
        """Store every page's text (pages a shorter new version lacks are dropped), then the status."""
        with self._table.batch_writer() as batch:
            for number, page in enumerate(pages, start=1):
                batch.put_item(
                    Item={"Name": name, "Part": _page_part(number), "Text": page.text[:MAX_PAGE_CHARS], "Ocr": page.ocr}
                )
        self._drop_pages(name, keep=len(pages))
        self._put_meta(
            DocumentRecord(
                name=name,
                status="indexed",
                pages=len(pages),
                ocr_pages=sum(p.ocr for p in pages),
                chunks=chunks,
                message=note,
                size=size,
                uploaded_by=uploaded_by,
            )
        )

    def remove(self, name: str) -> None:
        self._drop_pages(name, keep=0)
        self._table.delete_item(Key={"Name": name, "Part": META})

    def _drop_pages(self, name: str, keep: int) -> None:
        stale = [item["Part"] for item in self._parts(name, "PAGE#") if int(item["Part"][5:]) > keep]
        with self._table.batch_writer() as batch:
            for part in stale:
                batch.delete_item(Key={"Name": name, "Part": part})

    def _parts(self, name: str, prefix: str) -> list[dict[str, Any]]:
        return list(
            all_pages(
                self._table.query,
                KeyConditionExpression=Key("Name").eq(name) & Key("Part").begins_with(prefix),
                ProjectionExpression="#p",
                ExpressionAttributeNames={"#p": "Part"},
            )
        )

    def get(self, name: str) -> DocumentRecord | None:
        item = self._table.get_item(Key={"Name": name, "Part": META}).get("Item")
        return _record(item) if item else None

    def page(self, name: str, number: int) -> Page | None:
        item = self._table.get_item(Key={"Name": name, "Part": _page_part(number)}).get("Item")
        return Page(item["Text"], bool(item.get("Ocr"))) if item else None

    def names(self) -> list[str]:
        """Every catalogued document's name (for the full re-index to drop vanished ones)."""
        names: list[str] = []
        cursor = None
        while True:
            records, cursor = self.list(cursor=cursor, limit=1000)
            names += [r.name for r in records]
            if cursor is None:
                return names

    def list(self, cursor: str | None = None, limit: int = 50) -> tuple[list[DocumentRecord], str | None]:
        """A page of documents in name order and the cursor of the next page (None at the end)."""
        kwargs: dict[str, Any] = {
            "IndexName": "Listing",
            "KeyConditionExpression": Key("Listed").eq(LISTED),
            "Limit": limit,
        }
        if cursor:
            kwargs["ExclusiveStartKey"] = {"Listed": LISTED, "Name": cursor, "Part": META}
        reply = self._table.query(**kwargs)
        records = [_record(i) for i in reply.get("Items", [])]
        return records, (reply["LastEvaluatedKey"]["Name"] if "LastEvaluatedKey" in reply else None)


def _record(item: dict[str, Any]) -> DocumentRecord:
    return DocumentRecord.model_validate(
        {"name": item["Name"], **{k: v for k, v in plain(item).items() if k in DocumentRecord.model_fields}}
    )
