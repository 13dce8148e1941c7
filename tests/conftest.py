"""Shared by every group: the repository's root, the small fixture shop's files, the business "today", PDFs
made to order. The moto fixtures (env, services, shop, pump, api) are the integration tests' own
(``tests/integration/conftest.py``); API Gateway's events are built in ``tests/builders.py``."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHOP = FIXTURES / "shop"
TODAY = "2026-11-24"


def pdf_bytes(*pages: str, encrypt: bool = False) -> bytes:
    """A PDF with one page of text per argument (encrypted with a password if asked)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    data = bytes(pdf.output())
    if encrypt:
        writer = PdfWriter(clone_from=io.BytesIO(data))
        writer.encrypt("secret")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data
