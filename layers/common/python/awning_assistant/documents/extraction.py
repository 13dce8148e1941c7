"""A document's text, page by page, as the indexer stores and chunks it.

pypdf opens the file first (encryption, with the empty password many "protected" PDFs carry;
the page cap; damage), pdfplumber then lays each page out (``layout``: tables as rows, columns
in reading order), and a page with no text but an image is rendered (pypdfium2) and read by OCR.
A page pdfplumber can't lay out falls back to pypdf's plain text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from . import MAX_PAGES, TEXT_SUFFIXES, DocumentError, Page, check_size
from .layout import page_text
from .ocr import Ocr, OcrError

OCR_MIN_LETTERS = 20  # a page with an image and fewer letters than this is a scan
OCR_DPI = 300
MAX_OCR_PAGES = 50  # scanned pages read per document (about 2 s each): the indexer's time budget


@dataclass(frozen=True)
class Extraction:
    """The pages of one document, and what the catalog should say about how they were read."""

    pages: list[Page]
    note: str = ""


class DocumentReader:
    """Reads .pdf, .txt and .md files; raises DocumentError when nothing usable comes out."""

    def __init__(self, ocr: Ocr | None, max_pages: int = MAX_PAGES, max_ocr_pages: int = MAX_OCR_PAGES) -> None:
        self._ocr = ocr
        self._max_pages = max_pages
        self._max_ocr_pages = max_ocr_pages

    def read(self, key: str, body: bytes) -> Extraction:
        check_size(len(body))
        suffix = PurePosixPath(key).suffix.lower()
        if suffix in TEXT_SUFFIXES:
            found = Extraction([Page(body.decode("utf-8", errors="replace"))])
        elif suffix == ".pdf":
            found = self._pdf(body)
        else:
            raise DocumentError("unsupported type (use .pdf, .txt or .md)")
        if not any(p.text.strip() for p in found.pages):
            raise DocumentError(f"no extractable text ({found.note or 'empty document'})")
        return found

    def _pdf(self, body: bytes) -> Extraction:
        reader = self._open(body)
        password = "" if reader.is_encrypted else None
        pages: list[Page] = []
        scans: list[int] = []
        with pdfplumber.open(io.BytesIO(body), password=password) as pdf:
            for number, page in enumerate(pdf.pages):
                text = _laid_out(page, reader, number)
                if len(re.findall(r"[^\W\d_]", text)) < OCR_MIN_LETTERS and page.images:
                    scans.append(number)
                pages.append(Page(text))
                page.close()  # drop the page's parsed objects: long files stay within the function's memory
        return self._read_scans(body, password, pages, scans)

    def _open(self, body: bytes) -> PdfReader:
        try:
            reader = PdfReader(io.BytesIO(body))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError("encrypted PDF: it needs a password to open; upload an unprotected copy")
            count = len(reader.pages)
        except DocumentError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as exc:
            raise DocumentError(f"corrupt PDF: the file is damaged or incomplete ({type(exc).__name__})") from exc
        if count > self._max_pages:
            raise DocumentError(f"{count} pages; documents of up to {self._max_pages} pages are indexed")
        return reader

    def _read_scans(self, body: bytes, password: str | None, pages: list[Page], scans: list[int]) -> Extraction:
        """OCR of the scanned pages (up to the cap); the note says how many and what went wrong."""
        if not scans:
            return Extraction(pages)
        if self._ocr is None:
            return Extraction(pages, f"{len(scans)} scanned page(s) and no OCR configured")
        problems: list[str] = []
        document = pdfium.PdfDocument(body, password=password)
        try:
            for number in scans[:self._max_ocr_pages]:
                try:
                    pages[number] = Page(self._ocr.read(_png(document[number])), ocr=True)
                except OcrError as exc:
                    problems.append(f"page {number + 1}: {exc}")
        finally:
            document.close()
        read = sum(p.ocr and bool(p.text.strip()) for p in pages)
        notes = [f"{read} of {len(scans)} scanned page(s) read by OCR"]
        if len(scans) > self._max_ocr_pages:
            notes.append(f"scanned pages past the first {self._max_ocr_pages} were not read")
        return Extraction(pages, "; ".join(notes + problems[:3]))


def _laid_out(page: Any, reader: PdfReader, number: int) -> str:
    try:
        return page_text(page)
    except Exception:  # pdfminer raises many error types on damaged pages; pypdf's reading stands in
        try:
            return reader.pages[number].extract_text() or ""
        except (PdfReadError, ValueError, KeyError, TypeError, OSError):
            return ""


def _png(page: pdfium.PdfPage) -> bytes:
    image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
