"""axe-core (the npm package the SPA's dev dependencies install) on the main views in Chromium:
sign-in, a chat with an answer, its printable report, the source panel (a record and a document page), the Documents
view, the Data dictionary, the manager's console (usage, review) and the phone layout — no serious or
critical violation anywhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .conftest import FRONTEND
from .test_spa import MANAGER, last_exchange_done, sign_in

pytestmark = pytest.mark.e2e

AXE = FRONTEND / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 4).map(n => n.target.join(' '))}));
}"""


def serious(page: Page) -> list[dict[str, Any]]:
    """The serious and critical axe violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # evaluated over CDP: a script tag would (rightly) be blocked by the CSP
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]


def test_the_main_views_have_no_serious_accessibility_violations(
    page: Page, browser: Any, server: str, screenshots: Path
) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    page.goto("/")
    expect(page.locator("[data-username]").first).to_be_visible()
    found["sign-in"] = serious(page)

    sign_in(page, MANAGER)
    page.get_by_role("button", name="Overdue orders").click()
    exchange = last_exchange_done(page)
    found["chat with an answer"] = serious(page)

    page.evaluate("() => { window.print = () => {}; }")  # no print dialog
    exchange.get_by_role("button", name="Report (PDF)").click()
    expect(page.get_by_role("dialog")).to_have_attribute("data-ready", "yes")
    found["data report"] = serious(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)

    exchange.locator('.chip[data-source-type="work_order"]').first.click()
    expect(page.locator(".source-panel")).to_have_attribute("data-state", "record")
    found["source panel: record"] = serious(page)

    page.get_by_label("Ask a question").fill("What is our restitching warranty?")
    page.get_by_label("Ask a question").press("Enter")
    answer = last_exchange_done(page)
    chip = answer.locator('.chip[data-source-type="document"]').first
    expect(chip.locator(".chip-page")).to_have_text(re.compile(r"^page \d+$"))  # never cut off with the name
    chip.click()
    expect(page.locator(".source-panel")).to_have_attribute("data-state", "document")
    found["source panel: document page"] = serious(page)
    page.screenshot(path=screenshots / "14-a11y-document-panel.png")

    page.get_by_role("button", name="Documents").click()
    expect(page.locator(".documents-table")).to_be_visible()
    found["documents"] = serious(page)
    assert page.evaluate(
        "document.querySelector(document.querySelector('.skip-link').getAttribute('href')) !== null"
    ), "the skip link's target exists on every view"

    page.get_by_role("button", name="Data dictionary").click()
    expect(page.locator(".table-scroll").first).to_be_visible()
    found["data dictionary"] = serious(page)

    page.get_by_role("button", name="Console").click()
    expect(page.get_by_test_id("usage-summary")).to_be_visible()
    expect(page.locator(".console-chart canvas")).to_be_visible()
    page.locator(".console-details summary").click()
    found["console: usage"] = serious(page)
    page.get_by_role("tab", name="Review").click()
    page.get_by_label("Show", exact=True).select_option("all")
    expect(page.locator(".review-item, [data-testid=reviews-empty]").first).to_be_visible()
    if page.locator(".review-item").count():
        page.locator(".review-item .review-toggle").first.click()
        expect(page.locator(".review-detail")).to_be_visible()
    found["console: review"] = serious(page)

    phone = browser.new_context(base_url=server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        small = phone.new_page()
        sign_in(small)
        small.get_by_role("button", name="Overdue orders").click()
        last_exchange_done(small)
        found["phone: chat"] = serious(small)
        expect(small.get_by_role("heading", level=1)).to_have_accessible_name("Awning Assistant")
        # A table wider than the phone scrolls, says so with a shadow, and keeps its first column in view.
        frame = small.locator(".table-frame").first
        expect(frame).to_have_attribute("data-scrolls", "yes")
        expect(frame).to_have_class(re.compile(r"\bmore-right\b"))
        first = frame.locator("tbody td").first
        assert first.evaluate("cell => getComputedStyle(cell).position") == "sticky"
        frame.locator(".table-scroll").evaluate("box => box.scrollBy(400, 0)")
        expect(frame).to_have_class(re.compile(r"\bmore-left\b"))
        assert first.is_visible()
        small.screenshot(path=screenshots / "15-phone-table-scrolled.png")
        small.get_by_role("button", name="Menu").click()
        expect(small.locator(".sidebar")).to_be_visible()
        found["phone: menu"] = serious(small)
    finally:
        phone.close()

    problems = {view: v for view, v in found.items() if v}
    assert not problems, "\n".join(
        f"{view}: {x['impact']} {x['id']} ({x['help']}) at {x['nodes']}" for view, vs in problems.items() for x in vs
    )
