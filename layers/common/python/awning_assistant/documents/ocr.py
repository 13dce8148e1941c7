"""Reading the text of a scanned page: Amazon Textract on AWS, Tesseract (Debian's
``tesseract-ocr``, which CI installs and the README asks for) locally; settings choose."""

from __future__ import annotations

import subprocess
from typing import Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError


class OcrError(RuntimeError):
    """A page image the OCR engine could not read; the message says why."""


class Ocr(Protocol):
    """Text lines of one page image (PNG), top to bottom."""

    def read(self, image: bytes) -> str: ...


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
            done = subprocess.run([self._command, "stdin", "stdout", "-l", self._languages], input=image,
                                  capture_output=True, timeout=self._timeout, check=False)
        except FileNotFoundError:
            raise OcrError(f"{self._command} is not installed (Debian: apt-get install tesseract-ocr)") from None
        except subprocess.TimeoutExpired:
            raise OcrError(f"{self._command} took longer than {self._timeout:g} s") from None
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip().splitlines()
            raise OcrError(f"{self._command} failed: {reason[-1] if reason else done.returncode}")
        return done.stdout.decode(errors="replace")
