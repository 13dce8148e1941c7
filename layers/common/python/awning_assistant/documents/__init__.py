"""The shop's documents: which files are indexed, the limits, and what a page of text is.

This module is light (every function loads it); reading a file's text is ``extraction``
(pdfplumber and pypdf, in the indexer only), with ``layout`` putting a page's words and tables
in reading order and ``ocr`` reading scanned pages (Textract on AWS, Tesseract locally).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import NamedTuple

CONTENT_TYPES = {".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown"}
TEXT_SUFFIXES = frozenset({".txt", ".md"})
# Limits the service enforces: the upload policy refuses bigger files, the indexer refuses
# (with this reason) bigger objects written any other way, and longer documents.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_PAGES = 500
UPLOADER_METADATA = "uploaded-by"  # S3 user metadata (x-amz-meta-uploaded-by) naming who uploaded


class DocumentError(ValueError):
    """A document that cannot be indexed (encrypted, corrupt, empty or of an unknown type); the message
    is the reason the documents list shows next to the name."""


class Page(NamedTuple):
    """One page's text in reading order (a table as one line per row), and whether OCR read it."""

    text: str
    ocr: bool = False


def content_type(key: str) -> str | None:
    """The MIME type of a document the shop can index, or None for any other file."""
    return CONTENT_TYPES.get(PurePosixPath(key).suffix.lower())


def is_indexable(key: str) -> bool:
    return content_type(key) is not None


def check_size(size: int) -> None:
    """Refuse a document over the size cap before reading it."""
    if size > MAX_UPLOAD_BYTES:
        raise DocumentError(f"{size:,} bytes; documents of up to {MAX_UPLOAD_BYTES:,} bytes are indexed")
