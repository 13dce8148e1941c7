"""Document reading benchmark: pages/s of the indexer's reader, and seconds per scanned page.

A generated PDF of ``--pages`` pages (every other page a ruled price table, the others two
columns of prose) is read by ``DocumentReader`` (pypdf opens it, pdfplumber lays it out) and,
for comparison, by pypdf's plain text extraction. Then ``--scans`` image-only pages are read
by Tesseract (the local OCR engine; on AWS Textract reads them).

Target: 100 pages in <= 10 s locally (layout, no OCR).

    .venv/bin/python bench/bench_documents.py [--pages 100] [--scans 3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "common" / "python")]

PROSE = (
    "Sunbrella and other solution-dyed acrylics are cleaned with a soft brush, lukewarm water and a mild "
    "soap, then rinsed until the water runs clear and left to dry fully before they are rolled. "
)


def long_document(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_font("Helvetica", size=10)
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 9, f"Section {n + 1}: care and prices", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        if n % 2:
            with pdf.table() as table:
                for r in range(25):
                    row = table.row()
                    cells = (
                        ("Service", "Size", "Price")
                        if r == 0
                        else (f"Clean and proof, style {n}-{r}", f"up to {r + 4} x {r + 6} ft", f"${40 + r * 7}.00")
                    )
                    for cell in cells:
                        row.cell(cell)
        else:
            top = pdf.get_y()
            pdf.set_xy(10, top)
            pdf.multi_cell(92, 5, PROSE * 6)
            pdf.set_xy(112, top)
            pdf.multi_cell(92, 5, PROSE * 6)
    return bytes(pdf.output())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--scans", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from pypdf import PdfReader

    from awning_assistant.documents.extraction import DocumentReader
    from awning_assistant.documents.ocr import TesseractOcr
    from tests.unit.test_document_extraction import scanned

    body = long_document(args.pages)
    reader = DocumentReader(None)
    layout, plain = [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        found = reader.read("long.pdf", body)
        layout.append(time.perf_counter() - start)
        start = time.perf_counter()
        [p.extract_text() for p in PdfReader(io.BytesIO(body)).pages]
        plain.append(time.perf_counter() - start)
    assert len(found.pages) == args.pages
    best = min(layout)
    print(
        f"== reading a {args.pages}-page PDF ({len(body) / 1024:.0f} KB; tables and two columns), "
        f"{args.rounds} rounds =="
    )
    print(
        f"  reader (pypdf + pdfplumber layout): best {best:.2f} s, median {statistics.median(layout):.2f} s "
        f"= {args.pages / best:.1f} pages/s   (target: {args.pages} pages in <= {args.pages / 10:.0f} s)"
    )
    print(f"  pypdf plain text, for comparison:   best {min(plain):.2f} s = {args.pages / min(plain):.1f} pages/s")
    if args.scans:
        ocr = DocumentReader(TesseractOcr())
        pages = [
            scanned(f"Scanned notice {n}.", "Awnings must be retracted before winds of 40 mph.")
            for n in range(args.scans)
        ]
        times = []
        for page in pages:
            start = time.perf_counter()
            found = ocr.read("scan.pdf", page)
            times.append(time.perf_counter() - start)
            assert found.pages[0].ocr and "40 mph" in found.pages[0].text
        print(f"== OCR (Tesseract, 300 dpi), {args.scans} scanned page(s) ==")
        print(f"  per page: median {statistics.median(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
