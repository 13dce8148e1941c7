"""A document's text, page by page, as the indexer stores and chunks it.

pypdf opens the file first (encryption, with the empty password many "protected" PDFs carry;
the page count), pdfplumber then lays each page out (``layout``: tables as rows, columns in reading
order), and a page with no text but an image is rendered (pypdfium2) and read by OCR, kept when it
reads more. A turned page, or one pdfplumber can't lay out, gets pypdf's plain text; a file only
one of the two can parse is read by that one.
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

from awning_assistant.documents import MAX_PAGES, TEXT_SUFFIXES, DocumentError, Page, check_size
from awning_assistant.documents.layout import is_turned, page_text
from awning_assistant.documents.legibility import illegible, reads_better
from awning_assistant.documents.ocr import Ocr, OcrError, OcrJobs
from awning_assistant.documents.pdfpages import fast_page

OCR_MIN_LETTERS = 20  # a page with an image and fewer letters than this is a scan
# A page mostly picture with a few words of text (a caption, a stamp) is read by OCR too: the picture's words
# are the page's message.
PICTURE_SHARE = 0.15
PICTURE_PAGE_MAX_LETTERS = 300
OCR_DPI = 300
OCR_MAX_PIXELS = 3508  # an A4 page's long side at 300 dpi
MAX_OCR_PAGES = 50  # scanned pages read per document (about 2 s each): the indexer's time budget


@dataclass(frozen=True)
class Extraction:
    """The pages of one document, and what the catalog should say about how they were read.

    ``job`` names an OCR job still reading the scanned pages: the text is whole once it finishes.
    """

    pages: list[Page]
    note: str = ""
    job: str = ""


class DocumentReader:
    """Reads .pdf, .txt and .md files; raises DocumentError when nothing usable comes out.

    Scanned pages are read page by page by ``ocr``; with ``jobs``, a file with more than one goes
    to a background job instead (``read`` starts it, ``finish`` reads the file again with its text).
    """

    def __init__(
        self,
        ocr: Ocr | None,
        jobs: OcrJobs | None = None,
        max_pages: int = MAX_PAGES,
        max_ocr_pages: int = MAX_OCR_PAGES,
    ) -> None:
        self._ocr = ocr
        self._jobs = jobs
        self._max_pages = max_pages
        self._max_ocr_pages = max_ocr_pages

    def read(self, key: str, body: bytes) -> Extraction:
        return self._read(key, body, job=None)

    def finish(self, key: str, body: bytes, job: str) -> Extraction:
        """The file read again, its scanned pages' text taken from the finished ``job``."""
        return self._read(key, body, job)

    def _read(self, key: str, body: bytes, job: str | None) -> Extraction:
        check_size(len(body))
        suffix = PurePosixPath(key).suffix.lower()
        if suffix in TEXT_SUFFIXES:
            found = Extraction([Page(body.decode("utf-8", errors="replace"))])
        elif suffix == ".pdf":
            found = self._pdf(key, body, job)
        else:
            raise DocumentError("unsupported type (use .pdf, .txt or .md)")
        if not found.job and not any(p.text.strip() for p in found.pages):
            raise DocumentError(f"no extractable text ({found.note or 'empty document'})")
        return found

    def _pdf(self, key: str, body: bytes, job: str | None) -> Extraction:
        if not body.strip():
            raise DocumentError("empty file (0 bytes of PDF)")
        reader = _pypdf(body)
        password = "" if reader is not None and reader.is_encrypted else None
        pages: list[Page] = []
        scans: list[int] = []
        with _pdfplumber(body, password) as pdf:
            count = max(len(reader.pages) if reader else 0, len(pdf.pages))
            if count > self._max_pages:
                raise DocumentError(f"{count} pages; documents of up to {self._max_pages} pages are indexed")
            header: list[str] | None = None  # of the table the page before ended with
            for number in range(count):
                page = fast_page(pdf, number) if number < len(pdf.pages) else None  # pdfminer may see fewer pages
                text, pictured, header = _laid_out(page, reader, number, header)
                letters = _letters(text)
                if (
                    (letters < OCR_MIN_LETTERS and pictured)
                    or (letters < PICTURE_PAGE_MAX_LETTERS and pictured >= PICTURE_SHARE)
                    or illegible(text)
                ):
                    scans.append(number)  # a scan, or a text layer of no words (a font mapped to the wrong letters)
                pages.append(Page(text))
                if page is not None:
                    page.close()  # drop the page's parsed objects: long files stay within the function's memory
        if not scans:
            return Extraction(pages)
        if job is not None:
            return self._from_job(pages, scans, job)
        if self._jobs is not None and len(scans) > 1:
            try:
                return Extraction(
                    pages, f"{len(scans)} scanned pages are being read by OCR", job=self._jobs.start(key, body)
                )
            except OcrError as exc:
                return _kept(pages, scans, {}, [str(exc)])
        return self._read_scans(body, password, pages, scans)

    def _from_job(self, pages: list[Page], scans: list[int], job: str) -> Extraction:
        assert self._jobs is not None, "a job is finished by the reader that started it"
        try:
            return _kept(pages, scans, self._jobs.pages(job), [])
        except OcrError as exc:
            return _kept(pages, scans, {}, [str(exc)])

    def _read_scans(self, body: bytes, password: str | None, pages: list[Page], scans: list[int]) -> Extraction:
        """OCR of the scanned pages one by one, up to the cap."""
        if self._ocr is None:
            return Extraction(pages, f"{len(scans)} scanned page(s) and no OCR configured")
        problems: list[str] = []
        texts: dict[int, str] = {}
        try:
            document = pdfium.PdfDocument(body, password=password)
        except pdfium.PdfiumError as exc:
            return Extraction(pages, f"{len(scans)} scanned page(s) could not be rendered for OCR ({exc})")
        try:
            for number in scans[: self._max_ocr_pages]:
                try:
                    texts[number] = self._ocr.read(_png(document[number]))
                except (OcrError, pdfium.PdfiumError) as exc:
                    problems.append(f"page {number + 1}: {exc}")
        finally:
            document.close()
        if len(scans) > self._max_ocr_pages:
            problems.insert(0, f"scanned pages past the first {self._max_ocr_pages} were not read")
        return _kept(pages, scans, texts, problems)


def _kept(pages: list[Page], scans: list[int], texts: dict[int, str], problems: list[str]) -> Extraction:
    """OCR text kept where it reads more than the scanned page's own (or, for a text layer of no
    words, where it reads clearly better); the note says how many were read and what went wrong."""
    for number in scans:
        read, own = texts.get(number, ""), pages[number].text
        if reads_better(read, own) if illegible(own) else _letters(read) > _letters(own):
            pages[number] = Page(read, ocr=True)
    notes = [f"{sum(p.ocr for p in pages)} of {len(scans)} scanned page(s) read by OCR", *problems[:3]]
    return Extraction(pages, "; ".join(notes))


ENCRYPTED = "encrypted PDF: it needs a password to open; upload an unprotected copy"


def _pypdf(body: bytes) -> PdfReader | None:
    """pypdf's reading of the file (decrypted with the empty password), or None when it can't parse it
    (pdfplumber may still: pypdf is strict about a missing ``startxref``)."""
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(ENCRYPTED)
        len(reader.pages)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError):
        return None
    return reader


def _pdfplumber(body: bytes, password: str | None) -> Any:
    """pdfplumber's reading of the file; DocumentError when pdfminer can't open it either."""
    try:
        pdf = pdfplumber.open(io.BytesIO(body), password=password)
        len(pdf.pages)
    except Exception as exc:  # pdfminer raises many error types on damaged files
        if "password" in repr(exc).lower():
            raise DocumentError(ENCRYPTED) from exc
        raise DocumentError(f"corrupt PDF: the file is damaged or incomplete ({type(exc).__name__})") from exc
    return pdf


def _laid_out(
    page: Any, reader: PdfReader | None, number: int, carried: list[str] | None
) -> tuple[str, float, list[str] | None]:
    """The page's text (pdfplumber's layout; pypdf's plain reading for a turned or damaged page), the share
    of the page its pictures cover (so a page without text may be a scan; 1.0 when unknown), and the headers
    of the table it ends with (a table the next page may continue)."""
    try:
        if page is not None and not is_turned(page):
            # text drawn off the page (a word above its edge) is no text a reader sees
            text, header = page_text(page.within_bbox(page.bbox, strict=False), carried)
            return text, _picture_share(page), header
    except Exception:  # pdfminer raises many error types on damaged pages; pypdf's reading stands in
        pass
    plain = ""
    if reader is not None and number < len(reader.pages):
        try:
            plain = reader.pages[number].extract_text() or ""
        except (PdfReadError, ValueError, KeyError, TypeError, OSError):
            plain = ""
    return plain, 1.0, None  # unknown: a page without text is tried as a scan


def _picture_share(page: Any) -> float:
    """How much of the page its pictures cover (overlaps counted twice, capped at the whole page)."""
    area = float(page.width * page.height) or 1.0
    covered = sum(abs((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images)
    return min(1.0, covered / area) if page.images else 0.0


def _letters(text: str) -> int:
    return len(re.findall(r"[^\W\d_]", text))


def _png(page: pdfium.PdfPage) -> bytes:
    """The page in grey at 300 dpi, its long side at most ``OCR_MAX_PIXELS`` (a poster-sized scan would
    cost OCR minutes and no more words)."""
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, OCR_MAX_PIXELS / max(width, height, 1))
    image = page.render(scale=scale, grayscale=True).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
