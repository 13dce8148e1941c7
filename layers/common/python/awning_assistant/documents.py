"""Text of the shop's documents, page by page: PDFs through pypdf, .txt and .md as one page."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from pypdf import PdfReader
from pypdf.errors import PdfReadError

CONTENT_TYPES = {".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown"}
TEXT_SUFFIXES = frozenset({".txt", ".md"})
# Limits the service enforces: the upload policy refuses bigger files, the indexer refuses
# (with this reason) bigger objects written any other way, and longer documents.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_PAGES = 500
UPLOADER_METADATA = "uploaded-by"  # S3 user metadata (x-amz-meta-uploaded-by) naming who uploaded


class DocumentError(ValueError):
    """A document that cannot be indexed (encrypted, corrupt, empty or of an unknown type)."""


def content_type(key: str) -> str | None:
    """The MIME type of a document the shop can index, or None for any other file."""
    return CONTENT_TYPES.get(PurePosixPath(key).suffix.lower())


def is_indexable(key: str) -> bool:
    return content_type(key) is not None


def check_size(key: str, size: int) -> None:
    """Refuse a document over the size cap before reading it."""
    if size > MAX_UPLOAD_BYTES:
        raise DocumentError(f"{key}: {size:,} bytes; documents of up to {MAX_UPLOAD_BYTES:,} bytes are indexed")


def extract_pages(key: str, body: bytes) -> list[str]:
    """The text of each page; raises DocumentError when there is nothing usable."""
    check_size(key, len(body))
    suffix = PurePosixPath(key).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        pages = [body.decode("utf-8", errors="replace")]
    elif suffix == ".pdf":
        pages = _pdf_pages(key, body)
    else:
        raise DocumentError(f"{key}: unsupported type (use .pdf, .txt or .md)")
    if not any(p.strip() for p in pages):
        raise DocumentError(f"{key}: no extractable text (empty or scanned document)")
    return pages


def _pdf_pages(key: str, body: bytes) -> list[str]:
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            raise DocumentError(f"{key}: encrypted PDF")
        if len(reader.pages) > MAX_PAGES:
            raise DocumentError(f"{key}: {len(reader.pages)} pages; documents of up to {MAX_PAGES} pages are indexed")
        return [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"{key}: corrupt PDF ({type(exc).__name__})") from exc
