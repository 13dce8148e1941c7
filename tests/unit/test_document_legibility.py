"""A text layer that is no words (a font that maps its characters to the wrong letters) is read by OCR
like a scan; a page of code or of another script keeps its own text."""

from __future__ import annotations

import io

from fpdf.enums import TextMode

from awning_assistant.documents.legibility import illegible, reads_better, word_share
from awning_assistant.documents.ocr import TesseractOcr
from tests.unit.test_document_extraction import picture_page, reader

GARBLED = (
    "o(hô..i.p3xSTRxtT3xR2tTOR /xNhyM/TTw2W 9nhmmmimm02vxS0/TxV2tORR2SPON32NTSMxTwh/0V/ROR "
    "91hô..i.pST/uu/SSxST/NT2Nv02RThP/YTON/ .9mip)ST/uuTR/NSPORT/TxONmolmpl9mn.molmôl9mn. "
) * 8
PROSE = (
    "Finished items are stored free for 21 days after the customer is notified. After that a storage fee "
    "of $20.00 per week applies, and items not collected within 90 days are considered abandoned. "
) * 3
CODE = "#include <linux/ckevent.h>\n#include <asm/io.h>\nstatic int x(void) { return -EINVAL; }\n" * 10


def test_words_read_and_a_wrong_font_mapping_does_not():
    assert word_share(PROSE) > 0.95 and not illegible(PROSE)
    assert word_share(GARBLED) < 0.2 and illegible(GARBLED)
    assert word_share("Too short to tell") is None and not illegible("x7Q/ b9Z")
    assert not illegible("我们获取的上述资料证实， 截至2015 年末， 神鹰集团的主要财务风险是对 " * 10)  # no case: read


def test_ocr_replaces_an_illegible_layer_only_when_it_reads_clearly_better():
    assert reads_better(PROSE, GARBLED)
    assert not reads_better(CODE, CODE)  # a page of code is what it is
    assert not reads_better("too short", GARBLED)


def garbled_layer(*lines: str) -> bytes:
    """A page that shows ``lines`` (drawn as a picture) over a text layer of no words, as a PDF whose font
    maps its glyphs to the wrong characters extracts."""
    page = picture_page(*lines)
    page.set_font("Helvetica", size=8)
    page.text_mode = TextMode.INVISIBLE
    page.set_xy(10, 10)
    page.multi_cell(0, 4, GARBLED)
    return bytes(page.output())


def test_a_page_whose_text_is_no_words_is_read_by_ocr():
    body = garbled_layer("Storage is free for 21 days after we call.", "Then it is 20 dollars a week.")
    from pypdf import PdfReader

    assert illegible(PdfReader(io.BytesIO(body)).pages[0].extract_text())
    found = reader(TesseractOcr()).read("fees.pdf", body)
    page = found.pages[0]
    assert page.ocr and "free for 21 days" in page.text and "2TOR" not in page.text
    assert found.note == "1 of 1 scanned page(s) read by OCR"
