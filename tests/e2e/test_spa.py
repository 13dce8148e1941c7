"""The SPA as staff use it, in a real browser against the local stack (dev dataset).

Screenshots of the main states go to artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import DATASET

pytestmark = pytest.mark.e2e

STAFF = "dwilliams"  # staff, Coastal territory
MANAGER = "elindqvist"
ANSWER_TIMEOUT = 60_000

# Records the answer's rendered length at every DOM change while it streams.
STREAM_OBSERVER = """() => {
  window.__streamLog = [];
  const record = () => {
    const exchange = [...document.querySelectorAll('.exchange')].pop();
    if (!exchange) return;
    const text = exchange.querySelector('.answer-text');
    window.__streamLog.push([exchange.dataset.status, text ? text.textContent.length : 0]);
  };
  new MutationObserver(record).observe(document.querySelector('.messages'),
    {subtree: true, childList: true, characterData: true, attributes: true});
}"""

# How many pixels of a canvas are painted (0 for a blank chart).
PAINTED_PIXELS = """canvas => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}"""


class Frames:
    """The WebSocket messages the page received, parsed."""

    def __init__(self, page: Page) -> None:
        self.received: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        page.on("websocket", self._attach)

    def _attach(self, ws: Any) -> None:
        ws.on("framereceived", lambda payload: self.received.append(json.loads(payload)))
        ws.on("framesent", lambda payload: self.sent.append(json.loads(payload)))

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.received if m.get("type") == kind]


def scripted_answer(text: str, data: dict[str, Any] | None = None, sql: str | None = None) -> Any:
    """A WebSocket route handler that answers every query with ``text`` (and ``data`` and ``sql``) in pieces."""

    def handler(ws: Any) -> None:
        def on_message(message: str | bytes) -> None:
            payload = json.loads(message)
            if payload.get("action") != "query":
                return
            rid = payload["request_id"]
            ws.send(json.dumps({"type": "start", "request_id": rid}))
            for word in text.split(" "):
                ws.send(json.dumps({"type": "delta", "request_id": rid, "text": word + " "}))
            ws.send(
                json.dumps(
                    {
                        "type": "done",
                        "request_id": rid,
                        "response": {
                            "response": text,
                            "sources": [],
                            "data": data,
                            "sql": sql,
                            "session_id": "scripted",
                            "chat_log_id": "scripted-1",
                        },
                    }
                )
            )

        ws.on_message(on_message)

    return handler


def sign_in(page: Page, username: str = STAFF) -> None:
    page.goto("/")
    page.locator(f'[data-username="{username}"]').click()
    expect(page.get_by_test_id("user-name")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("[data-username]").first).to_be_visible()


def ask(page: Page, question: str) -> Locator:
    """Type a question, press Enter, and wait for the finished answer; returns its exchange."""
    index = page.locator(".exchange").count()
    page.get_by_label("Ask a question").fill(question)
    page.get_by_label("Ask a question").press("Enter")
    exchange = page.locator(".exchange").nth(index)
    expect(exchange).to_have_attribute("data-status", "done", timeout=ANSWER_TIMEOUT)
    return exchange


def last_exchange_done(page: Page) -> Locator:
    exchange = page.locator(".exchange").last
    expect(exchange).to_have_attribute("data-status", "done", timeout=ANSWER_TIMEOUT)
    return exchange


def dataset_rows(name: str) -> list[dict[str, Any]]:
    with (DATASET / name).open() as f:
        return [json.loads(line) for line in f if line.strip()]


def test_sign_in_and_quick_action_streams_the_answer(page: Page, screenshots: Path) -> None:
    frames = Frames(page)
    page.goto("/")
    expect(page.locator(".user-option")).to_have_count(len(dataset_rows("users.jsonl")))
    page.screenshot(path=screenshots / "01-sign-in.png")
    page.locator(f'[data-username="{STAFF}"]').click()

    header = page.locator(".app-header")
    expect(header).to_contain_text("Daniel Williams")
    expect(header.locator(".role")).to_have_text("staff")
    expect(header.locator(".territories")).to_have_text("Coastal")
    expect(page.locator(".connection-open")).to_be_visible()  # the WebSocket is up

    page.evaluate(STREAM_OBSERVER)
    page.get_by_role("button", name="Today's cleaning queue").click()
    exchange = last_exchange_done(page)
    expect(exchange.locator(".question")).to_have_text("What's in the cleaning queue today?")

    # Over the wire: start, many deltas, done, all for this one request.
    deltas = frames.of_type("delta")
    (done,) = frames.of_type("done")
    assert len(deltas) > 1, "the answer should arrive in more than one piece"
    assert {m["request_id"] for m in deltas} == {done["request_id"]}
    # On screen: the answer grew while it streamed, then the final text replaced it.
    log = page.evaluate("window.__streamLog")
    streamed_lengths = {length for status, length in log if status == "streaming" and length > 0}
    assert len(streamed_lengths) >= 2, f"the answer should be rendered piece by piece, saw {log[:20]}"
    (query,) = frames.sent
    assert query == {
        "action": "query",
        "request_id": done["request_id"],
        "query": "What's in the cleaning queue today?",
        "session_id": None,
        "filters": None,
    }
    first_word = re.findall(r"[A-Za-z0-9][\w'-]*", done["response"]["response"])[0]
    expect(exchange.locator(".answer-text")).to_contain_text(first_word)
    expect(page.locator(".follow-ups .suggestion").first).to_be_visible()
    page.screenshot(path=screenshots / "02-streamed-answer.png")


def test_citation_opens_the_record_in_the_side_panel(page: Page, screenshots: Path) -> None:
    sign_in(page)
    page.get_by_role("button", name="Overdue orders").click()
    exchange = last_exchange_done(page)
    chip = exchange.locator('.chip[data-source-type="work_order"]').first
    order_id = chip.get_attribute("data-source-id")
    chip.click()

    panel = page.locator(".source-panel")
    expect(panel).to_have_attribute("data-state", "record")
    expect(panel.locator(".record-title")).to_contain_text(order_id)
    expect(panel.locator(".items-table tbody tr").first).to_be_visible()
    expect(panel.locator(".customer-card")).to_contain_text("Coastal")
    expect(panel.locator(".field-Status")).to_be_visible()
    # Still in the conversation, and the address links to the record.
    expect(exchange).to_be_visible()
    assert f"source=%2Fapi%2Frecords%2Fwork_order%2F{order_id}" in page.url
    page.screenshot(path=screenshots / "03-citation-panel.png")

    page.get_by_role("button", name="Close source panel").click()
    expect(panel).to_have_count(0)


def test_answers_show_what_was_understood_and_declines_offer_questions(page: Page, screenshots: Path) -> None:
    sign_in(page)
    exchange = ask(page, "How many work orders are in the cleaning queue?")
    understood = exchange.locator(".understood")
    expect(understood).to_be_visible()
    expect(understood.locator(".understood-part").first).to_contain_text("Counting")
    expect(understood).to_contain_text("cleaning queue")

    declined = ask(page, "Change the status of the oldest order to completed")
    expect(declined).to_have_attribute("data-outcome", "declined")
    expect(declined.locator(".answer-text")).to_contain_text("I can't change records")
    offered = page.get_by_role("navigation", name="Questions I can answer").locator(".suggestion")
    expect(offered.first).to_be_visible()
    assert 2 <= offered.count() <= 4
    page.screenshot(path=screenshots / "04-understood-and-declined.png")
    question = offered.first.inner_text()
    offered.first.click()
    answer = last_exchange_done(page)
    expect(answer.locator(".question")).to_have_text(question)
    expect(answer).to_have_attribute("data-outcome", "answered")


def test_thumbs_up_and_comment_are_stored(page: Page) -> None:
    frames = Frames(page)
    sign_in(page)
    exchange = ask(page, "Which orders are overdue?")
    (done,) = frames.of_type("done")
    chat_log_id = done["response"]["chat_log_id"]

    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback")) as info:
        exchange.get_by_role("button", name="Helpful (thumbs up)").click()
    response = info.value
    assert response.status == 200 and response.json() == {"status": "stored"}
    assert response.request.post_data_json == {"chat_log_id": chat_log_id, "rating": "up", "comment": None}
    expect(exchange.locator(".feedback-status")).to_contain_text("feedback stored")
    thumbs_up = exchange.get_by_role("button", name="Helpful (thumbs up)")
    expect(thumbs_up).to_have_attribute("aria-pressed", "true")

    exchange.get_by_role("button", name="Add a comment").click()
    exchange.get_by_label("Comment on this answer").fill("Exactly the list I needed.")
    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback")) as info:
        exchange.get_by_role("button", name="Send comment").click()
    assert info.value.status == 200
    assert info.value.request.post_data_json["comment"] == "Exactly the list I needed."
    expect(exchange.locator(".feedback-status")).to_contain_text("comment stored")


def test_table_answer_sorts_exports_csv_and_draws_a_chart(page: Page, screenshots: Path) -> None:
    frames = Frames(page)
    sign_in(page)
    page.get_by_role("button", name="Inventory status").click()
    exchange = last_exchange_done(page)
    (done,) = frames.of_type("done")
    data = done["response"]["data"]
    assert data and len(data["rows"]) > 1

    # The chart: a bar chart of quantity per item, actually painted.
    canvas = exchange.locator(".chart canvas")
    expect(canvas).to_have_attribute("data-chart-kind", "bar")
    last_canvas = "[...document.querySelectorAll('.chart canvas')].pop()"
    page.wait_for_function(f"({PAINTED_PIXELS})({last_canvas}) > 2000", timeout=10_000)

    # The table: every row, sortable by a click on a header.
    table = exchange.locator(".data-view .data-table")
    expect(table.locator("tbody tr")).to_have_count(len(data["rows"]))
    qty_index = data["columns"].index("Qty")
    quantities = sorted(float(row[qty_index]) for row in data["rows"])
    qty_header = table.locator("thead th").nth(qty_index)
    qty_header.get_by_role("button").click()
    expect(qty_header).to_have_attribute("aria-sort", "ascending")
    first_qty = table.locator("tbody tr").first.locator("td").nth(qty_index)
    assert float(first_qty.inner_text().replace(",", "")) == quantities[0]
    qty_header.get_by_role("button").click()
    expect(qty_header).to_have_attribute("aria-sort", "descending")
    assert float(first_qty.inner_text().replace(",", "")) == quantities[-1]

    # CSV: the same columns and rows as the answer's data, properly quoted.
    with page.expect_download() as info:
        exchange.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("awning-") and download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline="")))
    assert rows[0] == data["columns"]
    assert len(rows) - 1 == len(data["rows"])
    for got, want in zip(rows[1:], data["rows"], strict=True):
        for cell, value in zip(got, want, strict=True):
            if isinstance(value, bool):
                assert cell == ("true" if value else "false")
            elif isinstance(value, int | float):
                assert float(cell) == pytest.approx(value)
            else:
                assert cell == ("" if value is None else str(value))

    exchange.locator(".data-view").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=screenshots / "04-chart.png")


def test_csv_export_quotes_awkward_values(page: Page) -> None:
    """Commas, quotes, line breaks and formula-like text survive the export (scripted answer)."""
    data = {
        "columns": ["Customer", "Note", "Total"],
        "rows": [["Smith, John", 'Said "rush it"', 12.5], ["=HYPERLINK(1)", "two\nlines", -3], ["Plain", None, 0]],
    }
    page.route_web_socket(lambda url: "/ws?" in url, scripted_answer("Three customers.", data))
    sign_in(page)
    exchange = ask(page, "Show me the awkward customers")
    with page.expect_download() as info:
        exchange.get_by_role("button", name="Download CSV").click()
    content = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    assert "\r\n" in content
    assert list(csv.reader(io.StringIO(content, newline=""))) == [
        ["Customer", "Note", "Total"],
        ["Smith, John", 'Said "rush it"', "12.5"],
        ["'=HYPERLINK(1)", "two\nlines", "-3"],
        ["Plain", "", "0"],
    ]
    expect(exchange.locator(".computed-with")).to_have_count(0)  # no statement, no "How this was computed"


def test_a_computed_answer_shows_its_sql_folded_away(page: Page, screenshots: Path) -> None:
    """The statement behind a computed answer (Bedrock's text-to-SQL, scripted here: local mode writes no SQL) sits
    under "How this was computed", closed at first, beside the table's chart and CSV as for any table."""
    sql = "SELECT territory, count(*) AS customers\nFROM customers\nGROUP BY territory\nORDER BY territory"
    data = {"columns": ["territory", "customers"], "rows": [["Coastal", 12], ["North", 9]]}
    page.route_web_socket(lambda url: "/ws?" in url, scripted_answer("Coastal has 12 customers, North 9.", data, sql))
    sign_in(page)
    exchange = ask(page, "How many customers do we have in each territory?")
    disclosure = exchange.locator("details.computed-with")
    expect(disclosure.locator("summary")).to_have_text("How this was computed")
    expect(disclosure.locator("pre code")).to_be_hidden()
    disclosure.locator("summary").click()
    expect(disclosure.locator("pre code")).to_have_text(sql)
    expect(exchange.locator(".chart canvas")).to_be_visible()
    expect(exchange.get_by_role("button", name="Download CSV")).to_be_visible()
    disclosure.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.screenshot(path=screenshots / "10-computed-with-sql.png")


def test_the_data_dictionary_shows_what_each_role_may_query(page: Page, screenshots: Path) -> None:
    """The views and columns the computed answers' SQL names, with their meanings; staff see no order money."""
    sign_in(page)
    page.get_by_role("button", name="Data dictionary").click()
    orders = page.locator('.schema-view[data-view="orders"]')
    expect(orders.locator('tr[data-column="date_completed"]')).to_contain_text("date finished")
    expect(orders.locator('tr[data-column="total"]')).to_have_count(0)  # the revenue rule
    sign_out(page)
    sign_in(page, MANAGER)
    page.get_by_role("button", name="Data dictionary").click()
    expect(orders.locator('tr[data-column="total"]')).to_be_visible()
    page.screenshot(path=screenshots / "11-data-dictionary.png", full_page=True)


def test_uploaded_pdf_is_indexed_and_cited(page: Page, screenshots: Path, tmp_path: Path) -> None:
    from fpdf import FPDF

    code = f"QX{uuid.uuid4().hex[:6].upper()}"
    name = f"e2e-gazebo-note-{code.lower()}.pdf"
    text = (
        f"Gazebo canopy care note. The heron-blue gazebo canopy at the Lakeside pavilion is fastened "
        f"with fastener code {code}. Re-waterproof the heron-blue canopy every spring."
    )
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    path = tmp_path / name
    pdf.output(str(path))

    sign_in(page)  # staff read the documents but may not change them
    page.get_by_role("button", name="Documents").click()
    expect(page.locator(".documents-table")).to_be_visible()
    expect(page.get_by_test_id("upload-managers-only")).to_be_visible()
    expect(page.get_by_label("Upload a PDF")).to_have_count(0)

    sign_out(page)
    sign_in(page, MANAGER)
    page.get_by_role("button", name="Documents").click()
    expect(page.locator(".documents-table")).to_be_visible()
    outcome = upload_as_manager(page, path)
    assert outcome.get_attribute("data-upload-state") == "indexed", outcome.inner_text()
    expect(page.locator(f'.documents-table tr[data-document="{name}"]')).to_be_visible()
    page.screenshot(path=screenshots / "05-upload.png")

    page.get_by_role("button", name="Chat", exact=True).click()
    exchange = ask(page, "What fastener code does the heron-blue gazebo canopy use?")
    chip = exchange.locator(f'.chip[data-source-id="{name}"]')
    expect(chip).to_be_visible()
    chip.click()
    panel = page.locator(".source-panel")
    expect(panel).to_have_attribute("data-state", "document")
    expect(panel.locator(".doc-text")).to_contain_text(code)
    expect(panel.get_by_role("link", name="Download")).to_be_visible()
    page.screenshot(path=screenshots / "06-upload-cited.png")


def upload_as_manager(page: Page, path: Path) -> Locator:
    """Upload ``path`` from the Documents view (signed in as a manager); returns the finished outcome."""
    page.get_by_label("Upload a PDF").set_input_files(path)
    page.get_by_role("button", name="Upload", exact=True).click()
    outcome = page.locator("[data-upload-state]")
    expect(outcome).to_be_visible(timeout=120_000)
    return outcome


OCR_WORDS = (
    "amber",
    "birch",
    "cedar",
    "copper",
    "falcon",
    "garnet",
    "harbor",
    "lantern",
    "maple",
    "meadow",
    "otter",
    "pebble",
    "quartz",
    "raven",
    "saffron",
    "thistle",
    "violet",
    "willow",
)


def test_a_scan_is_read_by_ocr_and_a_failed_upload_is_retried(page: Page, screenshots: Path, tmp_path: Path) -> None:
    from tests.unit.test_document_extraction import scanned

    # Dictionary words and digits: Tesseract misreads random capitals (F as E) but not these.
    code = f"{random.choice(OCR_WORDS)} {random.choice(OCR_WORDS)} {random.randint(100, 999)}"
    slug = code.replace(" ", "-")
    scan = tmp_path / f"e2e-storm-notice-{slug}.pdf"
    scan.write_bytes(scanned("Storm shutter notice.", f"Shutter key tag {code} is kept at the front desk."))
    broken = tmp_path / f"e2e-broken-{slug}.pdf"
    broken.write_bytes(b"%PDF-1.4 this file was cut short")
    sign_in(page, MANAGER)
    page.get_by_role("button", name="Documents").click()

    assert upload_as_manager(page, scan).get_attribute("data-upload-state") == "indexed"
    row = page.locator(f'.documents-table tr[data-document="{scan.name}"]')
    expect(row).to_contain_text("1 by OCR")
    row.get_by_role("button", name=scan.name, exact=True).click()
    panel = page.locator(".source-panel")
    expect(panel.get_by_test_id("page-ocr")).to_be_visible()
    expect(panel.locator(".doc-text")).to_contain_text(code)
    page.screenshot(path=screenshots / "12-ocr-page.png")
    page.keyboard.press("Escape")

    outcome = upload_as_manager(page, broken)
    assert outcome.get_attribute("data-upload-state") == "failed" and "corrupt PDF" in outcome.inner_text()
    row = page.locator(f'.documents-table tr[data-document="{broken.name}"]')
    expect(row.locator(".status")).to_have_text("failed")
    expect(row).to_contain_text("corrupt PDF")
    row.get_by_role("button", name=f"Retry {broken.name}").click()
    expect(row.locator(".status")).to_have_text("processing")
    expect(row.locator(".status")).to_have_text("failed", timeout=60_000)  # read again, still corrupt
    page.screenshot(path=screenshots / "13-documents-status.png")


def test_staff_cannot_open_another_territorys_record(page: Page, screenshots: Path) -> None:
    customers = {c["CustID"]: c for c in dataset_rows("customers.jsonl")}
    foreign = next(
        w["WorkOrderNo"] for w in dataset_rows("work_orders.jsonl") if customers[w["CustID"]]["Territory"] != "Coastal"
    )
    # The record exists: a manager can open it through the API.
    token = page.request.post("/api/auth/dev-login", data={"username": MANAGER}).json()["token"]
    assert (
        page.request.get(f"/api/records/work_order/{foreign}", headers={"Authorization": f"Bearer {token}"}).status
        == 200
    )

    sign_in(page)
    page.goto(f"/#source=%2Fapi%2Frecords%2Fwork_order%2F{foreign}")
    panel = page.locator(".source-panel")
    expect(panel).to_have_attribute("data-state", "error")
    expect(panel.get_by_role("alert")).to_contain_text(f"No work order {foreign} that you can see.")
    page.screenshot(path=screenshots / "07-not-found.png")


def test_conversations_can_be_resumed(page: Page) -> None:
    sign_in(page)
    question = "Which orders are overdue?"
    ask(page, question)
    session = page.locator(".session-item").first
    expect(session).to_contain_text(question)
    expect(session).to_have_attribute("aria-current", "true")

    page.get_by_role("button", name="New chat").click()
    expect(page.locator(".exchange")).to_have_count(0)
    expect(page.locator(".welcome")).to_be_visible()

    session.click()
    expect(page.locator(".exchange")).to_have_count(1)
    restored = page.locator(".exchange").first
    expect(restored.locator(".question")).to_have_text(question)
    expect(restored.locator(".chip").first).to_be_visible()
    # Continuing adds to the same session.
    ask(page, "Which of those are rush orders?")
    expect(page.locator(".session-item").first).to_contain_text("2 questions")


def test_stop_ends_a_streaming_answer(page: Page) -> None:
    """Against a scripted socket that starts an answer and never finishes it."""
    queries: list[dict[str, Any]] = []
    cancels: list[dict[str, Any]] = []

    def script(ws: Any) -> None:
        def on_message(message: str | bytes) -> None:
            payload = json.loads(message)
            if payload["action"] == "query":
                queries.append(payload)
                rid = payload["request_id"]
                ws.send(json.dumps({"type": "start", "request_id": rid}))
                ws.send(json.dumps({"type": "delta", "request_id": rid, "text": "Counting the cleaning "}))
                ws.send(json.dumps({"type": "delta", "request_id": rid, "text": "queue for today"}))
            elif payload["action"] == "cancel":
                cancels.append(payload)

        ws.on_message(on_message)

    page.route_web_socket(lambda url: "/ws?" in url, script)
    sign_in(page)
    page.get_by_label("Ask a question").fill("What's in the cleaning queue today?")
    page.get_by_label("Ask a question").press("Enter")
    exchange = page.locator(".exchange").last
    expect(exchange.locator(".answer-text")).to_contain_text("Counting the cleaning queue for today")
    expect(exchange).to_have_attribute("data-status", "streaming")
    page.get_by_role("button", name="Stop").click()
    expect(exchange).to_have_attribute("data-status", "stopped")
    expect(exchange).to_contain_text("Stopped.")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    for _ in range(50):
        if cancels:
            break
        page.wait_for_timeout(100)
    assert [c["request_id"] for c in cancels] == [q["request_id"] for q in queries]
    assert queries[0]["query"] == "What's in the cleaning queue today?" and queries[0]["session_id"] is None


def test_unreachable_server_is_explained_and_retry_uses_http(page: Page) -> None:
    """No WebSocket and no API: a clear message; once the API is back, Retry answers over HTTP."""
    page.route_web_socket(lambda url: "/ws?" in url, lambda ws: ws.close(code=1011, reason="down"))
    sign_in(page)
    page.route("**/api/chat/query", lambda route: route.abort("connectionrefused"))
    page.get_by_label("Ask a question").fill("Which orders are overdue?")
    page.get_by_label("Ask a question").press("Enter")
    exchange = page.locator(".exchange").last
    expect(exchange).to_have_attribute("data-status", "error")
    expect(exchange.get_by_role("alert")).to_contain_text("Can't reach the Awning Assistant server")

    page.unroute("**/api/chat/query")
    exchange.get_by_role("button", name="Retry").click()
    expect(exchange).to_have_attribute("data-status", "done", timeout=ANSWER_TIMEOUT)
    expect(exchange.locator(".chip").first).to_be_visible()


def test_phone_width_layout(browser: Any, server: str, screenshots: Path) -> None:
    context = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        sign_in(page)
        page.get_by_role("button", name="Overdue orders").click()
        last_exchange_done(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, "nothing should scroll sideways at phone width"
        expect(page.locator(".sidebar")).not_to_be_visible()
        page.screenshot(path=screenshots / "08-phone.png")
        page.get_by_role("button", name="Menu").click()
        expect(page.locator(".sidebar")).to_be_visible()
        expect(page.get_by_role("button", name="Close menu")).to_be_focused()
        page.screenshot(path=screenshots / "09-phone-menu.png", animations="disabled")
        page.get_by_role("button", name="Close menu").click()
        expect(page.locator(".sidebar")).not_to_be_visible()
    finally:
        context.close()
