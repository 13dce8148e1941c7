"""The shop's documents as the API offers them: the paged list, presigned uploads, status,
deletion and page text.

A shop document answers every user, so only managers and admins may upload or delete one,
an existing document is replaced only when the upload says so (the bucket keeps the old
version), and every upload and deletion is audited. Uploads go from the browser to S3 with
a presigned POST whose policy S3 enforces: this key, this content type, this uploader in
the object's metadata, and at most ``MAX_UPLOAD_BYTES``. The indexer then records status
and page text in the catalog, which the list, the status and page views read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import quote

from botocore.exceptions import ClientError
from pydantic import BaseModel

from awning_assistant.documents import MAX_UPLOAD_BYTES, UPLOADER_METADATA, content_type
from awning_assistant.documents.catalog import DocumentCatalog, DocumentRecord
from awning_assistant.errors import BadRequest, Conflict, Forbidden, NotFound
from awning_assistant.identity.access import Principal
from awning_assistant.records.redaction import redact

# A document's name and key: a plain file name ending in .pdf, .txt or .md (any case), spelled out without an
# inline flag so that the OpenAPI document (ECMA regex), pydantic and Python read it alike.
DOCUMENT_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,150}\.([Pp][Dd][Ff]|[Tt][Xx][Tt]|[Mm][Dd])$"
SAFE_NAME = re.compile(DOCUMENT_NAME_PATTERN)
LINK_SECONDS = 900
Audit = Callable[[str, str, str], None]  # (username, action, document name)


class UploadTicket(BaseModel):
    """A presigned POST: send ``fields`` and then the file (``file``) as multipart/form-data to ``url``."""

    url: str
    method: Literal["POST"] = "POST"
    fields: dict[str, str]
    key: str
    max_bytes: int
    replaces: bool


class DocumentList(BaseModel):
    documents: list[DocumentRecord]
    next_cursor: str | None = None


class DocumentPage(BaseModel):
    name: str
    page: int
    pages: int
    text: str
    ocr: bool = False  # the text was read from a scan by OCR (it may hold misread words)
    download_url: str


def check_name(name: str) -> str:
    """A safe document key: a plain file name ending in .pdf, .txt or .md."""
    name = name.strip().replace("\\", "/").rsplit("/", 1)[-1]
    if not SAFE_NAME.fullmatch(name):
        raise BadRequest("filename: use letters, digits, spaces, . _ - ( ) and end in .pdf, .txt or .md")
    return name


def _require_manager(principal: Principal, action: str) -> None:
    if not principal.may_manage_documents:
        raise Forbidden(f"Only managers and admins can {action} documents.")


class DocumentStore:
    """Documents in the bucket, with what the indexer learned of them in the catalog."""

    def __init__(self, s3: Any, presigner: Any, bucket: str, catalog: DocumentCatalog, audit: Audit) -> None:
        self._s3 = s3
        self._presigner = presigner  # an S3 client addressing storage as browsers reach it
        self._bucket = bucket
        self._catalog = catalog
        self._audit = audit

    def _head(self, key: str) -> dict[str, Any] | None:
        """The object's metadata, or None when the bucket has no such document."""
        try:
            return self._s3.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def _exists(self, key: str) -> bool:
        return self._head(key) is not None

    def upload_ticket(
        self, principal: Principal, filename: str, declared_type: str | None = None, replace: bool = False
    ) -> UploadTicket:
        _require_manager(principal, "upload")
        key = check_name(filename)
        ctype = content_type(key)
        if declared_type and declared_type not in (ctype, "application/octet-stream"):
            raise BadRequest(f"content_type: a .{key.rsplit('.', 1)[1]} file must be sent as {ctype}")
        exists = self._exists(key)
        if exists and not replace:
            raise Conflict(
                f"A document named {key} already exists. Upload with replace set to true to replace it "
                "(the current version is kept in the bucket's history), or choose another name."
            )
        fields = {"Content-Type": ctype, f"x-amz-meta-{UPLOADER_METADATA}": quote(principal.username)}
        post = self._presigner.generate_presigned_post(
            self._bucket,
            key,
            Fields=fields,
            Conditions=[*({k: v} for k, v in fields.items()), ["content-length-range", 1, MAX_UPLOAD_BYTES]],
            ExpiresIn=LINK_SECONDS,
        )
        self._audit(principal.username, "document.replace" if exists else "document.upload", key)
        return UploadTicket(
            url=post["url"], fields=post["fields"], key=key, max_bytes=MAX_UPLOAD_BYTES, replaces=exists
        )

    def delete(self, principal: Principal, name: str) -> None:
        """Delete a document (its versions stay in the bucket's history); the indexer drops its chunks."""
        _require_manager(principal, "delete")
        key = check_name(name)
        if not self._exists(key):
            raise NotFound(f"No document named {key}.")
        self._s3.delete_object(Bucket=self._bucket, Key=key)
        self._audit(principal.username, "document.delete", key)

    def retry(self, principal: Principal, name: str) -> DocumentRecord:
        """Send a document to the indexer again (after a failure, or to read it with today's reader): the object
        is copied onto itself, which raises the bucket's ObjectCreated event exactly as an upload does."""
        _require_manager(principal, "re-index")
        key = check_name(name)
        head = self._head(key)
        if head is None:
            raise NotFound(f"No document named {key}.")
        self._s3.copy_object(
            Bucket=self._bucket,
            Key=key,
            CopySource={"Bucket": self._bucket, "Key": key},
            MetadataDirective="REPLACE",
            Metadata=head.get("Metadata", {}),
            ContentType=head.get("ContentType") or content_type(key),
        )
        self._audit(principal.username, "document.retry", key)
        return DocumentRecord(
            name=key,
            status="processing",
            size=head["ContentLength"],
            uploaded_by=head.get("Metadata", {}).get(UPLOADER_METADATA, ""),
            message="Sent to the indexer again.",
        )

    def status(self, name: str) -> DocumentRecord:
        """The catalog's record of a document in the bucket. The bucket is asked first: the catalog learns of a
        deletion only when the indexer gets the bucket's event, and until then still lists the document."""
        key = check_name(name)
        if not self._exists(key):
            raise NotFound(f"No document named {key}.")
        return self._catalog.get(key) or DocumentRecord(
            name=key, status="processing", message="Waiting for the indexer."
        )

    def list(self, cursor: str | None = None, limit: int = 50) -> DocumentList:
        documents, next_cursor = self._catalog.list(cursor, limit)
        return DocumentList(documents=documents, next_cursor=next_cursor)

    def page(self, name: str, page: int) -> DocumentPage:
        key = check_name(name)
        record = self._catalog.get(key)
        if record is None or record.status != "indexed" or not self._exists(key):  # deleted: see status()
            raise NotFound(f"No readable document named {key}.")
        found = self._catalog.page(key, page) if 1 <= page <= record.pages else None
        if found is None:
            raise NotFound(f"{key} has {record.pages} page(s); there is no page {page}.")
        url = self._presigner.generate_presigned_url(
            "get_object", Params={"Bucket": self._bucket, "Key": key}, ExpiresIn=LINK_SECONDS
        )
        # Stored redacted; redacted again so text stored under older rules meets today's.
        return DocumentPage(
            name=key, page=page, pages=record.pages, text=redact(found.text), ocr=found.ocr, download_url=url
        )
