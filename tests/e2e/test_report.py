"""The printable one-page report of a data answer, in Chromium against the local stack (dev dataset).

"Report (PDF)" opens the report over the app and calls ``window.print()`` (stubbed here, so no dialog blocks);
the PDF is made the way the print dialog's "Save as PDF" makes it: print media, Letter, backgrounds on. The
report view and the PDF's page (rendered with pypdfium2) go to artifacts/screenshots/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest
from playwright.sync_api import Locator, Page, expect

from .test_spa import MANAGER, Frames, ask, last_exchange_done, scripted_answer, sign_in

pytestmark = pytest.mark.e2e

# window.print opens a modal dialog in a real browser: count the calls instead.
STUB_PRINT = "window.__prints = 0; window.print = () => { window.__prints += 1; };"
LETTER = (612, 792)  # points


def open_report(page: Page, exchange: Locator) -> Locator:
    """Click "Report (PDF)", wait for the laid-out report and its print call; returns the report dialog.

    The window is made tall enough for the whole page preview first (for the screenshots)."""
    page.set_viewport_size({"width": 1100, "height": 1280})
    exchange.get_by_role("button", name="Report (PDF)").click()
    report = page.get_by_role("dialog")
    expect(report).to_have_attribute("data-ready", "yes")
    page.wait_for_function("() => window.__prints === 1")
    expect(report.locator("h2")).to_be_focused()
    return report


def save_as_pdf(page: Page, screenshots: Path, name: str) -> tuple[pypdf.PdfReader, str]:
    """The PDF "Save as PDF" would make, its page rendered to screenshots/<name>.png; the reader and its text."""
    page.emulate_media(media="print")
    try:
        pdf = page.pdf(format="Letter", print_background=True)
    finally:
        page.emulate_media(media="screen")
    rendered = pypdfium2.PdfDocument(pdf)
    try:
        rendered[0].render(scale=1.5).to_pil().save(screenshots / f"{name}.png")
    finally:
        rendered.close()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(reader.pages[0].extract_text().split())
    return reader, text


def chart_images(reader: pypdf.PdfReader) -> list[Any]:
    """The page's raster images as wide as the printed chart (drawn at twice the page's 720 CSS px)."""
    return [image for image in reader.pages[0].images if image.image is not None and image.image.width >= 1000]


def test_the_report_prints_one_letter_page_with_the_answer_chart_and_table(page: Page, screenshots: Path) -> None:
    frames = Frames(page)
    page.add_init_script(STUB_PRINT)
    sign_in(page, MANAGER)
    page.get_by_role("button", name="Inventory status").click()
    exchange = last_exchange_done(page)
    (done,) = frames.of_type("done")
    response = done["response"]
    question = frames.sent[-1]["query"]
    data = response["data"]
    assert len(data["rows"]) > 20 and response["interpretation"], "a long table with what was understood"
    expect(exchange.locator(".chart canvas")).to_be_visible()

    user_name = page.get_by_test_id("user-name").inner_text()
    report = open_report(page, exchange)
    # The app behind is inert while the report is open.
    assert page.evaluate("document.getElementById('root').inert") is True
    expect(report.locator(".report-question")).to_have_text(question)
    expect(report.locator(".report-meta")).to_contain_text(f"Asked by {user_name} (manager) on ")
    expect(report.locator(".report-understood .understood-part")).to_have_count(len(response["interpretation"]))
    chart = report.locator(".report-chart img")
    expect(chart).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    assert chart.evaluate("img => img.complete && img.naturalWidth") >= 1000
    # More rows than fit one page: the first ones, then how many more.
    shown = report.locator(".report-table tbody tr").count()
    assert 5 <= shown < len(data["rows"])
    expect(report.get_by_test_id("report-more")).to_have_text(
        f"… and {len(data['rows']) - shown} more rows (see the CSV)"
    )
    page.screenshot(path=screenshots / "25-report-view.png")

    reader, text = save_as_pdf(page, screenshots, "25-report-pdf")
    assert len(reader.pages) == 1, f"{len(reader.pages)} pages"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == LETTER
    assert question in text.replace("’", "'")
    figure = re.search(r"\*\*([\d,.]+ \w+)\*\*", response["response"])
    assert figure and figure.group(1) in text, f"the answer's figure in {text[:400]!r}"
    first = data["rows"][0]
    columns = data["columns"]
    assert str(first[columns.index("Item")]) in text and str(first[columns.index("Description")]) in text
    last_shown = data["rows"][shown - 1]
    assert str(last_shown[columns.index("Item")]) in text
    assert str(data["rows"][shown][columns.index("Item")]) not in text, "a row that did not fit is not printed"
    assert f"and {len(data['rows']) - shown} more rows (see the CSV)" in text
    assert f"Asked by {user_name}" in text
    assert "WHAT I UNDERSTOOD" in text.upper()
    assert all(part["value"] in text for part in response["interpretation"])
    assert chart_images(reader), "the chart is an image on the page"
    assert "Report preview" not in text and "Download CSV" not in text, "only the report prints"

    # Escape closes it, focus goes back to the button, the app is usable again.
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(exchange.get_by_role("button", name="Report (PDF)")).to_be_focused()
    assert page.evaluate("document.getElementById('root').inert") is False


def test_a_short_table_prints_whole_in_the_order_shown(page: Page, screenshots: Path) -> None:
    """Every row when they fit, sorted as the answer's table was sorted, no "more rows" line."""
    page.add_init_script(STUB_PRINT)
    sign_in(page, MANAGER)
    exchange = ask(page, "Top 10 customers by revenue this year")
    table = exchange.locator(".data-view .data-table")
    expect(table.locator("tbody tr")).to_have_count(10)
    expect(exchange.locator(".chart canvas")).to_be_visible()
    customer = table.locator("thead th").nth(1)
    customer.get_by_role("button").click()
    expect(customer).to_have_attribute("aria-sort", "ascending")
    on_screen = table.locator("tbody tr td:nth-child(2)").all_inner_texts()

    report = open_report(page, exchange)
    expect(report.locator(".report-table tbody tr")).to_have_count(10)
    assert report.locator(".report-table tbody tr td:nth-child(2)").all_inner_texts() == on_screen
    expect(report.get_by_test_id("report-more")).to_have_count(0)
    page.screenshot(path=screenshots / "26-report-view-short.png")

    reader, text = save_as_pdf(page, screenshots, "26-report-pdf-short")
    assert len(reader.pages) == 1
    table_text = text[text.index("Rank Customer ID Revenue Orders") :]
    position = 0
    for name in on_screen:  # the table's rows in the order shown (the answer's list above is by revenue)
        position = table_text.index(name, position) + len(name)
    assert chart_images(reader)
    page.get_by_role("dialog").get_by_role("button", name="Close").click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_a_long_answer_still_prints_on_one_page(page: Page, screenshots: Path) -> None:
    """An answer too long for the page with its chart and table is cut, with a line saying so (scripted)."""
    items = "\n".join(
        f"- Point {i}: the awning over the patio at site {i} needs restitching along the valance." for i in range(1, 70)
    )
    text = f"Sales were **$12,345.00** in total.\n\n{items}"
    data = {
        "columns": ["Month", "Total"],
        "rows": [[f"{2021 + i // 12}-{i % 12 + 1:02d}", 1000 + 37 * i] for i in range(60)],
    }
    page.route_web_socket(lambda url: "/ws?" in url, scripted_answer(text, data))
    page.add_init_script(STUB_PRINT)
    sign_in(page, MANAGER)
    exchange = ask(page, "Monthly sales, all of them, with notes")
    report = open_report(page, exchange)
    expect(report.locator(".report-answer")).to_have_class(re.compile(r"\bis-cut\b"))
    reader, pdf_text = save_as_pdf(page, screenshots, "27-report-pdf-long")
    assert len(reader.pages) == 1
    assert "$12,345.00" in pdf_text and "the rest of the answer is in the app" in pdf_text
    assert chart_images(reader)
    assert report.locator(".report-table tbody tr").count() >= 5, "a few rows stay"
