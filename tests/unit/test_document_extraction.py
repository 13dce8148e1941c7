"""Reading real-world documents: a ruled table's rows come out whole with their headers, two
columns are read column by column (a label/value form is not split), a scanned page is read by
OCR (Tesseract, as locally) and marked so, a PDF "protected" only by an owner password is read,
and what can't be read says why."""

from __future__ import annotations

import io
from typing import Any

import boto3
import pypdfium2 as pdfium
import pytest
from botocore.stub import ANY, Stubber
from fpdf import FPDF
from pypdf import PdfWriter

from awning_assistant.documents import DocumentError
from awning_assistant.documents.extraction import DocumentReader
from awning_assistant.documents.layout import table_rows
from awning_assistant.documents.ocr import OcrError, TesseractOcr, TextractJobs, TextractOcr
from tests.conftest import pdf_bytes

LEFT = (
    "Sunbrella canvas is solution dyed, so it keeps its colour. Scrub it with a soft brush and "
    "lukewarm water, then rinse until the water runs clear."
)
RIGHT = (
    "Marine vinyl needs a vinyl cleaner and a protectant afterwards. Never use bleach on vinyl, "
    "because it dries out the plasticisers and the seams crack."
)


THIRD = (
    "PVC mesh is rinsed with a garden hose at low pressure and air dried in the shade, "
    "never in a tumble dryer, since heat shrinks the coated threads."
)


def _pdf() -> FPDF:
    pdf = FPDF(format="Letter")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    return pdf


def price_list() -> bytes:
    pdf = _pdf()
    pdf.multi_cell(0, 6, "Price list 2027. Prices exclude sales tax.")
    with pdf.table() as table:
        for cells in (
            ("Service", "Size", "Price"),
            ("Deluxe clean", "up to 10 x 12 ft", "$180.00"),
            ("Standard clean", "up to 8 x 10 ft", "$120.00"),
            ("Valance re-hem", "per ft", "$6.50"),
        ):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.multi_cell(0, 6, "Rush jobs add 25%.")
    return bytes(pdf.output())


def two_columns() -> bytes:
    pdf = _pdf()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Fabric care across the whole page title", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    top = pdf.get_y()
    pdf.set_xy(10, top)
    pdf.multi_cell(90, 6, f"{LEFT} {LEFT}")
    pdf.set_xy(115, top)
    pdf.multi_cell(90, 6, f"{RIGHT} {RIGHT}")
    return bytes(pdf.output())


def three_columns() -> bytes:
    pdf = _pdf()
    pdf.set_font("Helvetica", size=9)
    top = pdf.get_y()
    for x, text in ((10, LEFT), (76, RIGHT), (142, THIRD)):
        pdf.set_xy(x, top)
        pdf.multi_cell(58, 5, f"{text} {text}")
    return bytes(pdf.output())


def form() -> bytes:
    pdf = _pdf()
    for label, value in (
        ("Customer:", "Harbor Marina"),
        ("Contact:", "Dana Ruiz"),
        ("Date in:", "2027-03-02"),
        ("Technician:", "Rosa Alvarez"),
        ("Wash bay:", "Bay 2"),
        ("Rush:", "no"),
        ("Material:", "Sunbrella"),
        ("Colour:", "Navy blue"),
        ("Balance:", "$120.00"),
    ):
        pdf.cell(60, 8, label)
        pdf.cell(0, 8, value, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def picture_page(*lines: str) -> FPDF:
    """A page showing ``lines`` only as pixels: typeset, rendered (as a scanner would) and placed as a picture."""
    pdf = _pdf()
    pdf.set_font("Helvetica", size=16)
    for line in lines:
        pdf.cell(0, 12, line, new_x="LMARGIN", new_y="NEXT")
    picture = pdfium.PdfDocument(bytes(pdf.output()))[0].render(scale=200 / 72, grayscale=True).to_pil()
    scan = FPDF(format="Letter")
    scan.add_page()
    scan.image(picture, x=0, y=0, w=scan.w, h=scan.h)
    return scan


def scanned(*lines: str) -> bytes:
    """An image-only page."""
    return bytes(picture_page(*lines).output())


def scans(*pages: tuple[str, ...]) -> bytes:
    """A file of several scanned pages, each from ``scanned``."""
    writer = PdfWriter()
    for lines in pages:
        writer.append(io.BytesIO(scanned(*lines)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def textract() -> Any:
    return boto3.client("textract", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


TOPIC = "arn:aws:sns:us-east-1:123456789012:awning-assistant-OcrTopic-1"
ROLE = "arn:aws:iam::123456789012:role/awning-assistant-TextractPublishRole-1"


def job_page(
    job: str, lines: dict[int, list[str]], next_token: str | None = None, status: str = "SUCCEEDED"
) -> dict[str, Any]:
    """One page of GetDocumentTextDetection's reply: PAGE, LINE and WORD blocks as Textract sends them."""
    blocks: list[dict[str, Any]] = []
    for page, texts in lines.items():
        blocks.append({"BlockType": "PAGE", "Id": f"p{page}", "Page": page})
        for i, text in enumerate(texts):
            blocks += [
                {"BlockType": "LINE", "Id": f"l{page}-{i}", "Page": page, "Text": text},
                {"BlockType": "WORD", "Id": f"w{page}-{i}", "Page": page, "Text": text.split()[0]},
            ]
    return {
        "JobStatus": status,
        "DocumentMetadata": {"Pages": 3},
        "Blocks": blocks,
        **({"NextToken": next_token} if next_token else {}),
    }


def reader(ocr=None) -> DocumentReader:
    return DocumentReader(ocr)


def test_a_table_row_is_one_line_with_its_headers():
    text = reader().read("prices.pdf", price_list()).pages[0].text
    lines = text.splitlines()
    assert "Service: Deluxe clean · Size: up to 10 x 12 ft · Price: $180.00" in lines
    assert "Service: Valance re-hem · Size: per ft · Price: $6.50" in lines
    assert text.index("Price list 2027") < text.index("Deluxe clean") < text.index("Rush jobs add 25%")


def long_table(first_page_rows: int = 60) -> bytes:
    """A monthly summary that runs onto a second page, its headers printed on the first page only."""
    pdf = _pdf()
    with pdf.table(repeat_headings=0) as table:
        for n in range(first_page_rows):
            row = table.row()
            for cell in (
                ("Month", "Notices", "Employees affected")
                if n == 0
                else (f"Month {n}", str(n + 40), f"{(n + 1) * 97:,}")
            ):
                row.cell(cell)
    return bytes(pdf.output())


def test_a_table_continued_on_the_next_page_keeps_its_headers():
    pages = reader().read("warn.pdf", long_table()).pages
    assert len(pages) == 2
    assert "Month: Month 1 · Notices: 41 · Employees affected: 194" in pages[0].text.splitlines()
    assert "Month: Month 59 · Notices: 99 · Employees affected: 5,820" in pages[1].text.splitlines()


def test_two_columns_are_read_one_after_the_other():
    text = " ".join(reader().read("care.pdf", two_columns()).pages[0].text.split())
    assert text.startswith("Fabric care across the whole page title")
    assert LEFT.strip() in text and RIGHT.strip() in text  # neither column's sentences are interleaved
    assert text.index(LEFT) < text.index(RIGHT)


def test_three_columns_are_read_left_to_right():
    text = " ".join(reader().read("care.pdf", three_columns()).pages[0].text.split())
    assert text.index(f"{LEFT} {LEFT}") < text.index(f"{RIGHT} {RIGHT}") < text.index(f"{THIRD} {THIRD}")


def test_a_turned_page_is_read_in_plain_order():
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes("Storage is free for the first thirty days.")))
    writer.pages[0].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    assert "Storage is free for the first thirty days." in reader().read("turned.pdf", out.getvalue()).pages[0].text


def test_table_rows_split_stacked_cells_and_name_cells_only_by_real_headers():
    assert table_rows([["State", "Checks"], ["Alabama\nAlaska", "18,870\n209"]]) == (
        "State: Alabama · Checks: 18,870\nState: Alaska · Checks: 209"
    )
    assert table_rows([["Note"], ["Wash by hand."]]) == "Note\nWash by hand."  # one column: no header
    wrapped = [["Item", "Price"], ["Zipper, heavy\nduty", "$38.00"]]  # cells of unequal lines: wrapped text
    assert table_rows(wrapped) == "Item: Zipper, heavy duty · Price: $38.00"
    # amounts in the first row: it is data, not headers
    assert table_rows([["Total", "$38.00"], ["Tax", "$2.66"]]) == "Total · $38.00\nTax · $2.66"
    assert table_rows([["September 2015", "76", "4,864"], ["October 2015", "81", "5,120"]]).startswith(
        "September 2015 · 76 · 4,864"
    )  # counts: a table continued from the page before
    years = [["Year", "2025", "2026"], ["Deluxe", "$170", "$180"]]  # years are headers
    assert table_rows(years) == "Year: Deluxe · 2025: $170 · 2026: $180"


def test_a_label_and_value_form_keeps_each_pair_on_its_line():
    lines = reader().read("sheet.pdf", form()).pages[0].text.splitlines()
    for pair in ("Customer: Harbor Marina", "Technician: Rosa Alvarez", "Balance: $120.00"):
        assert pair in lines


def test_a_scanned_page_is_read_by_ocr_and_marked():
    body = scanned("Restitching is warranted for 18 months.", "Grommets are replaced free of charge.")
    found = reader(TesseractOcr()).read("notice.pdf", body)
    page = found.pages[0]
    assert page.ocr and "warranted for 18 months" in page.text and "Grommets" in page.text
    assert found.note == "1 of 1 scanned page(s) read by OCR"


def test_a_picture_page_with_a_caption_in_text_is_read_by_ocr_too():
    """A page that is mostly a picture, with a few words of real text (a caption, a stamp): the picture's
    words are what the page says."""
    page = picture_page("Open a ticket, then assign it to yourself.", "Close it when the customer confirms.")
    page.set_font("Helvetica", size=9)
    page.set_xy(10, 5)
    page.cell(0, 5, "Figure 1: the ticket workflow, as drawn")
    found = reader(TesseractOcr()).read("ticket.pdf", bytes(page.output()))
    assert found.pages[0].ocr and "assign it to yourself" in found.pages[0].text, found.pages[0].text


def test_a_scan_without_ocr_or_with_a_failing_engine_fails_with_the_reason():
    body = scanned("Storage fees apply after 30 days.")
    with pytest.raises(DocumentError, match="1 scanned page\\(s\\) and no OCR configured"):
        reader().read("notice.pdf", body)
    with pytest.raises(DocumentError, match="not-a-tesseract is not installed"):
        reader(TesseractOcr(command="not-a-tesseract")).read("notice.pdf", body)
    with pytest.raises(OcrError):
        TesseractOcr().read(b"not an image")


def test_text_drawn_off_the_page_is_no_text_a_reader_sees():
    """A picture page whose only "text" sits above its top edge (an image tool's label) is a scan: without OCR it
    fails with the scan's reason instead of being indexed as the hidden word."""
    pdf = _pdf()
    pdf.text(20, -20, "Background")
    pdf.text(20, 40, "Storage fees apply after 30 days.")
    assert reader().read("notice.pdf", bytes(pdf.output())).pages[0].text == "Storage fees apply after 30 days."
    pdf = picture_page("Storage fees apply after 30 days.")
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, -20, "Background")
    with pytest.raises(DocumentError, match="no OCR configured"):
        reader().read("picture.pdf", bytes(pdf.output()))


def test_owner_password_only_pdfs_are_read_and_locked_ones_say_so():
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes("Pickup is free within 10 miles.")))
    writer.encrypt(user_password="", owner_password="owner-only")
    out = io.BytesIO()
    writer.write(out)
    assert "free within 10 miles" in reader().read("pickup.pdf", out.getvalue()).pages[0].text
    with pytest.raises(DocumentError, match="encrypted PDF: it needs a password"):
        reader().read("locked.pdf", pdf_bytes("secret", encrypt=True))


def test_page_cap_corrupt_and_unknown_types():
    with pytest.raises(DocumentError, match="3 pages; documents of up to 2 pages"):
        DocumentReader(None, max_pages=2).read("long.pdf", pdf_bytes("one", "two", "three"))
    with pytest.raises(DocumentError, match="corrupt PDF"):
        reader().read("broken.pdf", b"%PDF-1.4 garbage")
    with pytest.raises(DocumentError, match="unsupported type"):
        reader().read("sheet.docx", b"PK")
    assert reader().read("note.md", "# Hours\nOpen 8–5.".encode()).pages[0].text == "# Hours\nOpen 8–5."


def test_textract_reads_a_scanned_page_line_by_line():
    client = boto3.client("textract", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    body = scanned("Deposits are refundable.")
    with Stubber(client) as stub:
        stub.add_response(
            "detect_document_text",
            {
                "Blocks": [
                    {"BlockType": "PAGE", "Id": "p"},
                    {"BlockType": "LINE", "Id": "1", "Text": "Deposit policy"},
                    {"BlockType": "WORD", "Id": "w", "Text": "Deposit"},
                    {"BlockType": "LINE", "Id": "2", "Text": "Deposits are refundable."},
                ]
            },
        )
        stub.add_client_error("detect_document_text", "ProvisionedThroughputExceededException", "slow down")
        found = DocumentReader(TextractOcr(client)).read("deposits.pdf", body)
        assert found.pages[0] == ("Deposit policy\nDeposits are refundable.", True)
        with pytest.raises(DocumentError, match="page 1: Textract could not read the page"):
            DocumentReader(TextractOcr(client)).read("deposits.pdf", body)
        stub.assert_no_pending_responses()


def test_a_file_of_several_scans_goes_to_one_textract_job_whose_text_completes_it():
    client = textract()
    body = scans(("Storage fees apply after 30 days.",), ("Winter storage is 4 dollars per square foot.",))
    started = {
        "DocumentLocation": {"S3Object": {"Bucket": "docs", "Name": "storage.pdf"}},
        "NotificationChannel": {"SNSTopicArn": TOPIC, "RoleArn": ROLE},
        "ClientRequestToken": ANY,
    }
    reading = DocumentReader(TextractOcr(client), TextractJobs(client, "docs", TOPIC, ROLE))
    with Stubber(client) as stub:
        stub.add_response("start_document_text_detection", {"JobId": "job-1"}, started)
        stub.add_response(
            "get_document_text_detection",
            job_page("job-1", {1: ["Storage fees", "apply after 30 days."]}, next_token="more"),
            {"JobId": "job-1", "MaxResults": 1000},
        )
        stub.add_response(
            "get_document_text_detection",
            job_page("job-1", {2: ["Winter storage is 4 dollars per square foot."]}),
            {"JobId": "job-1", "MaxResults": 1000, "NextToken": "more"},
        )
        pending = reading.read("storage.pdf", body)  # no text yet, and no failure: the job will bring it
        assert (pending.job, pending.note) == ("job-1", "2 scanned pages are being read by OCR")
        found = reading.finish("storage.pdf", body, "job-1")
        stub.assert_no_pending_responses()
    assert found.job == "" and found.note == "2 of 2 scanned page(s) read by OCR"
    assert found.pages == [
        ("Storage fees\napply after 30 days.", True),
        ("Winter storage is 4 dollars per square foot.", True),
    ]


def test_a_failed_textract_job_or_one_that_cannot_start_says_why():
    client = textract()
    body = scans(("Storage fees apply after 30 days.",), ("Winter storage is billed monthly.",))
    reading = DocumentReader(TextractOcr(client), TextractJobs(client, "docs", TOPIC, ROLE))
    with Stubber(client) as stub:
        stub.add_response(
            "get_document_text_detection",
            {**job_page("job-2", {}, status="FAILED"), "StatusMessage": "unsupported document"},
        )
        stub.add_client_error("start_document_text_detection", "LimitExceededException", "too many jobs")
        with pytest.raises(DocumentError, match="Textract job job-2 ended FAILED: unsupported document"):
            reading.finish("storage.pdf", body, "job-2")
        with pytest.raises(DocumentError, match="Textract could not start reading the scanned pages"):
            reading.read("storage.pdf", body)
        stub.assert_no_pending_responses()


def test_a_single_scan_is_read_at_once_even_where_jobs_are_configured():
    client = textract()
    with Stubber(client) as stub:
        stub.add_response(
            "detect_document_text", {"Blocks": [{"BlockType": "LINE", "Id": "1", "Text": "Open 8 to 5."}]}
        )
        found = DocumentReader(TextractOcr(client), TextractJobs(client, "docs", TOPIC, ROLE)).read(
            "hours.pdf", scanned("Open 8 to 5.")
        )
        stub.assert_no_pending_responses()
    assert (found.job, found.pages) == ("", [("Open 8 to 5.", True)])
