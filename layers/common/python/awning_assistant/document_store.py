"""The shop's documents as the API offers them: listing, presigned upload, indexing status, page text.

Uploads go straight from the browser to S3 with a presigned PUT (API Gateway's payload
limit never applies); the bucket's notification then feeds the indexer, and the status
reads the index to tell when the document has become searchable.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from botocore.exceptions import ClientError
from pydantic import BaseModel

from .documents import DocumentError, content_type, extract_pages, is_indexable
from .errors import BadRequest, NotFound
from .models import RecordType
from .redaction import redact
from .search_index import SearchIndex

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,150}\.(pdf|txt|md)$", re.IGNORECASE)
UPLOAD_SECONDS = 900
MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class UploadTicket(BaseModel):
    url: str
    method: Literal["PUT"] = "PUT"
    headers: dict[str, str]
    key: str


class DocumentStatus(BaseModel):
    name: str
    status: Literal["pending", "indexed", "failed"]
    chunks: int
    message: str = ""


class DocumentInfo(BaseModel):
    name: str
    size: int
    last_modified: str
    status: Literal["pending", "indexed", "failed"]


class DocumentPage(BaseModel):
    name: str
    page: int
    pages: int
    text: str
    download_url: str


def check_name(name: str) -> str:
    """A safe document key: a plain file name ending in .pdf, .txt or .md."""
    name = name.strip().replace("\\", "/").rsplit("/", 1)[-1]
    if not SAFE_NAME.match(name):
        raise BadRequest("filename: use letters, digits, spaces, . _ - ( ) and end in .pdf, .txt or .md")
    return name


class DocumentStore:
    """Documents in the bucket, seen through the index for their status."""

    def __init__(self, s3: Any, presigner: Any, bucket: str, index: SearchIndex) -> None:
        self._s3 = s3
        self._presigner = presigner  # an S3 client addressing storage as browsers reach it
        self._bucket = bucket
        self._index = index

    def upload_ticket(self, filename: str, declared_type: str | None = None) -> UploadTicket:
        key = check_name(filename)
        ctype = content_type(key)
        if declared_type and declared_type not in (ctype, "application/octet-stream"):
            raise BadRequest(f"content_type: a .{key.rsplit('.', 1)[1]} file must be sent as {ctype}")
        url = self._presigner.generate_presigned_url(
            "put_object", Params={"Bucket": self._bucket, "Key": key, "ContentType": ctype},
            ExpiresIn=UPLOAD_SECONDS)
        return UploadTicket(url=url, headers={"Content-Type": ctype}, key=key)

    def _head(self, key: str) -> dict[str, Any]:
        try:
            return self._s3.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            raise NotFound(f"No document named {key}.") from exc

    def status(self, name: str) -> DocumentStatus:
        key = check_name(name)
        self._head(key)
        chunks = len(self._index.record_hashes(RecordType.document, key))
        if chunks:
            return DocumentStatus(name=key, status="indexed", chunks=chunks)
        problem = self._problem(key)
        if problem:
            return DocumentStatus(name=key, status="failed", chunks=0, message=problem)
        return DocumentStatus(name=key, status="pending", chunks=0, message="Waiting for the indexer.")

    def _problem(self, key: str) -> str:
        """Why a stored document can't be indexed (checked only while it has no chunks)."""
        try:
            extract_pages(key, self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read())
        except DocumentError as exc:
            return str(exc)
        return ""

    def list(self) -> list[DocumentInfo]:
        out = []
        for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket):
            for obj in page.get("Contents", []):
                if not is_indexable(obj["Key"]):
                    continue
                indexed = bool(self._index.record_hashes(RecordType.document, obj["Key"]))
                out.append(DocumentInfo(name=obj["Key"], size=obj["Size"],
                                        last_modified=obj["LastModified"].isoformat(),
                                        status="indexed" if indexed else "pending"))
        return sorted(out, key=lambda d: d.name.lower())

    def page(self, name: str, page: int) -> DocumentPage:
        key = check_name(name)
        self._head(key)
        body = self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()
        try:
            pages = extract_pages(key, body)
        except DocumentError as exc:
            raise NotFound(str(exc)) from exc
        if not 1 <= page <= len(pages):
            raise NotFound(f"{key} has {len(pages)} page(s); there is no page {page}.")
        url = self._presigner.generate_presigned_url("get_object", Params={"Bucket": self._bucket, "Key": key},
                                              ExpiresIn=UPLOAD_SECONDS)
        return DocumentPage(name=key, page=page, pages=len(pages), text=redact(pages[page - 1]), download_url=url)
