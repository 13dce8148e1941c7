"""Reading the text of scanned pages: Amazon Textract on AWS, Tesseract (Debian's
``tesseract-ocr``, which CI installs and the README asks for) locally; settings choose.

A page at a time (``Ocr``) suits one scan; a file with several goes to Textract's asynchronous
API (``OcrJobs``): it reads the PDF straight from the bucket and publishes to an SNS topic when
done, so the indexer neither renders nor waits.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections import defaultdict
from typing import Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError


class OcrError(RuntimeError):
    """A page image the OCR engine could not read; the message says why."""


class Ocr(Protocol):
    """Text lines of one page image (PNG), top to bottom."""

    def read(self, image: bytes) -> str: ...


class OcrJobs(Protocol):
    """Whole files read in the background: a job started now, its text collected when it is done."""

    def start(self, key: str, body: bytes) -> str:
        """The job reading the bucket's ``key`` (whose bytes are ``body``); the same file twice is one job."""
        ...

    def pages(self, job_id: str) -> dict[int, str]:
        """The finished job's text by page number (from 0); pages it read nothing on are absent."""
        ...


class TextractJobs:
    """Textract's StartDocumentTextDetection / GetDocumentTextDetection on the documents bucket,
    finishing with a message to ``topic_arn`` (published as ``role_arn``)."""

    def __init__(self, client: Any, bucket: str, topic_arn: str, role_arn: str) -> None:
        self._client = client
        self._bucket = bucket
        self._channel = {"SNSTopicArn": topic_arn, "RoleArn": role_arn}

    def start(self, key: str, body: bytes) -> str:
        # The token makes a redelivered S3 event return the running job instead of starting another.
        token = hashlib.sha256(key.encode() + b"\0" + body).hexdigest()[:64]
        try:
            reply = self._client.start_document_text_detection(
                DocumentLocation={"S3Object": {"Bucket": self._bucket, "Name": key}},
                NotificationChannel=self._channel,
                ClientRequestToken=token,
            )
        except (ClientError, BotoCoreError) as exc:
            raise OcrError(f"Textract could not start reading the scanned pages ({exc})") from exc
        return str(reply["JobId"])

    def pages(self, job_id: str) -> dict[int, str]:
        lines: dict[int, list[str]] = defaultdict(list)
        request: dict[str, Any] = {"JobId": job_id, "MaxResults": 1000}
        try:
            while True:
                reply = self._client.get_document_text_detection(**request)
                if reply.get("JobStatus") not in ("SUCCEEDED", "PARTIAL_SUCCESS"):
                    raise OcrError(
                        f"Textract job {job_id} ended {reply.get('JobStatus')}"
                        f"{': ' + reply['StatusMessage'] if reply.get('StatusMessage') else ''}"
                    )
                for block in reply.get("Blocks", []):
                    if block.get("BlockType") == "LINE":
                        lines[int(block.get("Page", 1)) - 1].append(block["Text"])
                if not reply.get("NextToken"):
                    return {page: "\n".join(text) for page, text in lines.items()}
                request["NextToken"] = reply["NextToken"]
        except (ClientError, BotoCoreError) as exc:
            raise OcrError(f"Textract's result for job {job_id} could not be read ({exc})") from exc


class TextractOcr:
    """Textract's synchronous DetectDocumentText, one rendered page at a time (the indexer's budget caps pages)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def read(self, image: bytes) -> str:
        try:
            reply = self._client.detect_document_text(Document={"Bytes": image})
        except (ClientError, BotoCoreError) as exc:
            raise OcrError(f"Textract could not read the page ({exc})") from exc
        return "\n".join(b["Text"] for b in reply.get("Blocks", []) if b.get("BlockType") == "LINE")


class TesseractOcr:
    """The ``tesseract`` command, image on stdin and text on stdout."""

    def __init__(self, command: str = "tesseract", languages: str = "eng", timeout: float = 120.0) -> None:
        self._command = command
        self._languages = languages
        self._timeout = timeout

    def read(self, image: bytes) -> str:
        try:
            done = subprocess.run(
                [self._command, "stdin", "stdout", "-l", self._languages],
                input=image,
                capture_output=True,
                timeout=self._timeout,
                check=False,
            )
        except FileNotFoundError:
            raise OcrError(f"{self._command} is not installed (Debian: apt-get install tesseract-ocr)") from None
        except subprocess.TimeoutExpired:
            raise OcrError(f"{self._command} took longer than {self._timeout:g} s") from None
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip().splitlines()
            raise OcrError(f"{self._command} failed: {reason[-1] if reason else done.returncode}")
        return done.stdout.decode(errors="replace")
