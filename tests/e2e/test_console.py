"""The manager's console in a real browser against the local stack: usage counts today's questions, a
thumbs-down answer waits in Review until an admin marks it reviewed, an admin edits, previews and publishes
a rule that then takes effect, managers only read, and staff have neither the Console entry nor the admin
routes.

Screenshots of each console page (desktop and phone) go to artifacts/screenshots/.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .test_spa import MANAGER, STAFF, Frames, ask, sign_in, sign_out

pytestmark = pytest.mark.e2e

ADMIN = "ahaddad"
DRAFT = {"rules": "- Answer only from the CONTEXT.", "suggestions": [{"text": "Which orders are overdue?"}]}
# Each admin route with a valid body: the body is validated before the caller's role is looked at.
ADMIN_ROUTES = [
    ("GET", "/api/admin/usage?days=7", None),
    ("GET", "/api/admin/reviews", None),
    ("POST", "/api/admin/reviews/0123456789abcdef/reviewed", None),
    ("GET", "/api/admin/prompts", None),
    ("GET", "/api/admin/prompts/0", None),
    ("POST", "/api/admin/prompts", DRAFT),
    ("POST", "/api/admin/prompts/0/preview", {"query": "Which orders are overdue?"}),
    ("POST", "/api/admin/prompts/0/publish", None),
]


def token(page: Page) -> str:
    """The signed-in session's bearer token (the SPA keeps it in sessionStorage)."""
    return page.evaluate("JSON.parse(sessionStorage.getItem('awning.session')).token")


def api_get(page: Page, path: str) -> Any:
    response = page.request.get(path, headers={"Authorization": f"Bearer {token(page)}"})
    assert response.ok, f"{path}: {response.status} {response.text()}"
    return response.json()


def open_console(page: Page) -> None:
    page.get_by_role("navigation", name="Conversations and documents").get_by_role("button", name="Console").click()
    expect(page.get_by_role("heading", level=2, name="Console")).to_be_visible()


def whole_pane(page: Page, path: Path) -> None:
    """A screenshot of the whole console, not just what fits: the viewport grows to the pane's content."""
    size = page.viewport_size or {"width": 1400, "height": 900}
    extra = page.locator(".console").evaluate("pane => pane.scrollHeight - pane.clientHeight")
    page.set_viewport_size({"width": size["width"], "height": size["height"] + max(0, int(extra))})
    try:
        page.screenshot(path=path)
    finally:
        page.set_viewport_size(size)


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # Nothing in the console is wider than the console (tables scroll in their own frames).
    assert page.locator(".console").evaluate("pane => pane.scrollWidth - pane.clientWidth") <= 0


def test_an_admin_sees_usage_reviews_a_thumbs_down_answer_and_marks_it_reviewed(page: Page, screenshots: Path) -> None:
    frames = Frames(page)
    sign_in(page, ADMIN)
    question = "Which orders are overdue?"
    exchange = ask(page, question)
    chat_log_id = frames.of_type("done")[-1]["response"]["chat_log_id"]
    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback")) as rated:
        exchange.get_by_role("button", name="Not helpful (thumbs down)").click()
    assert rated.value.status == 200
    comment = "Two of these were delivered last week."
    exchange.get_by_label("Comment on this answer").fill(comment)
    with page.expect_response(lambda r: r.url.endswith("/api/chat/feedback")) as commented:
        exchange.get_by_role("button", name="Send comment").click()
    assert commented.value.status == 200

    # Usage: today's questions counted (the audit's days are UTC days).
    open_console(page)
    expect(page.get_by_role("tab", name="Usage")).to_have_attribute("aria-selected", "true")
    summary = page.get_by_test_id("usage-summary")
    expect(summary).to_be_visible()
    report = api_get(page, "/api/admin/usage?days=7")
    today = report["days"][-1]
    assert today["day"] == datetime.now(UTC).date().isoformat() and today["questions"] >= 1
    total = sum(d["questions"] for d in report["days"])
    expect(summary.locator('[data-figure="questions"] .figure-value')).to_have_text(f"{total:,}")
    rate = report["cache_hit_rate"]  # the answer cache: hits of the questions it was asked for
    expect(summary.locator('[data-figure="cache-hit-rate"] .figure-value')).to_have_text(
        "—" if rate is None else f"{math.floor(rate * 100 + 0.5)}%"
    )
    mine = next(u for u in report["users"] if u["username"] == ADMIN)
    expect(page.locator(f'.console-users tr[data-user="{ADMIN}"] [data-col="questions"]')).to_have_text(
        str(mine["questions"])
    )
    expect(page.locator(".console-top")).to_contain_text(question.lower())
    expect(page.locator(".console-price-table tbody tr").first).to_be_visible()
    chart = page.locator(".console-chart canvas")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("aria-label", re.compile(rf"^Questions per day by outcome, .* {total:,} in all"))
    page.locator(".console-details summary").click()
    row = page.locator(f'.console-days tr[data-day="{today["day"]}"] [data-col="questions"]')
    expect(row).to_have_text(str(today["questions"]))
    no_sideways_scroll(page)
    page.screenshot(path=screenshots / "16-console-usage.png")
    whole_pane(page, screenshots / "17-console-usage-all.png")

    # The period selector asks again.
    with page.expect_response(lambda r: "/api/admin/usage?days=31" in r.url) as longer:
        page.get_by_label("31 days").check()
    assert longer.value.status == 200
    expect(page.locator(".console-days tbody tr")).to_have_count(31)

    # Review: the thumbs-down answer, open, with its question, answer, comment and sources.
    page.get_by_role("tab", name="Review").click()
    item = page.locator(f'.review-item[data-review-id="{chat_log_id}"]')
    expect(item).to_be_visible()
    expect(item.locator(".review-title")).to_have_text(question)
    expect(item.locator(".tag-down")).to_be_visible()
    item.locator(".review-toggle").click()
    expect(item.locator(".review-toggle")).to_have_attribute("aria-expanded", "true")
    detail = item.locator(".review-detail")
    expect(detail.locator(".review-answer .markdown")).not_to_be_empty()
    expect(detail.locator(".review-comment")).to_have_text(comment)
    expect(detail.locator(".understood-part").first).to_be_visible()
    expect(detail.locator('.chip[data-source-type="work_order"]').first).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=screenshots / "18-console-review.png")
    whole_pane(page, screenshots / "19-console-review-all.png")

    # Mark reviewed: it leaves the open list, and "All" shows who reviewed it.
    with page.expect_response(lambda r: r.url.endswith(f"/api/admin/reviews/{chat_log_id}/reviewed")) as marked:
        detail.get_by_role("button", name="Mark reviewed").click()
    assert marked.value.status == 200 and marked.value.json()["reviewed_by"] == ADMIN
    expect(item).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="Marked reviewed")).to_contain_text("left the open list")
    page.get_by_role("button", name="Refresh").click()
    expect(page.locator("#review-list-heading")).to_contain_text("Open answers to review")
    expect(page.locator(".review-list, [data-testid=reviews-empty]").first).to_be_visible()
    expect(item).to_have_count(0)
    page.get_by_label("Show", exact=True).select_option("all")
    expect(item).to_be_visible()
    expect(item).to_have_attribute("data-reviewed", "yes")
    item.locator(".review-toggle").click()
    expect(item.locator(".review-done")).to_contain_text(f"Reviewed by {ADMIN}")
    page.screenshot(path=screenshots / "20-console-reviewed.png")


def test_a_manager_reads_the_console_but_cannot_mark_reviewed(page: Page, screenshots: Path) -> None:
    sign_in(page, MANAGER)
    ask(page, "Change the status of the oldest order to completed")  # declined: listed for review
    open_console(page)
    page.get_by_role("tab", name="Review").click()
    first = page.locator(".review-item").first
    expect(first).to_be_visible()
    first.locator(".review-toggle").click()
    expect(first.locator(".review-detail")).to_be_visible()
    expect(page.get_by_role("button", name="Mark reviewed")).to_have_count(0)
    expect(first.locator(".review-readonly, .review-done")).to_be_visible()
    page.screenshot(path=screenshots / "21-console-manager-review.png")


def test_the_console_at_phone_width(browser: Any, server: str, screenshots: Path) -> None:
    context = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        sign_in(page, ADMIN)
        page.get_by_role("button", name="Menu").click()
        open_console(page)
        expect(page.locator(".sidebar")).not_to_be_visible()
        expect(page.get_by_test_id("usage-summary")).to_be_visible()
        expect(page.locator(".console-chart canvas")).to_be_visible()
        no_sideways_scroll(page)
        page.screenshot(path=screenshots / "22-console-phone-usage.png")
        whole_pane(page, screenshots / "23-console-phone-usage-all.png")
        page.get_by_role("tab", name="Review").click()
        expect(page.locator(".review-item, [data-testid=reviews-empty]").first).to_be_visible()
        page.get_by_label("Show", exact=True).select_option("all")
        first = page.locator(".review-item").first
        expect(first).to_be_visible()
        first.locator(".review-toggle").click()
        expect(first.locator(".review-detail")).to_be_visible()
        no_sideways_scroll(page)
        whole_pane(page, screenshots / "24-console-phone-review.png")
        page.get_by_role("tab", name="Rules").click()
        expect(page.get_by_test_id("prompt-editor")).to_be_visible()
        no_sideways_scroll(page)
        whole_pane(page, screenshots / "31-console-phone-rules.png")
    finally:
        context.close()


def test_staff_have_no_console_and_are_refused_by_every_admin_route(page: Page) -> None:
    sign_in(page, STAFF)
    nav = page.get_by_role("navigation", name="Conversations and documents")
    expect(nav.get_by_role("button", name="Data dictionary")).to_be_visible()
    expect(nav.get_by_role("button", name="Console")).to_have_count(0)
    expect(page.get_by_role("heading", name="Console")).to_have_count(0)
    headers = {"Authorization": f"Bearer {token(page)}"}
    for method, path, body in ADMIN_ROUTES:
        response = page.request.fetch(path, method=method, headers=headers, data=body)
        assert response.status == 403, f"{method} {path}: {response.status}"
        assert response.json()["error"] == "forbidden"
    # The same from the page itself (the SPA's own origin, fetch with the session's token).
    statuses = page.evaluate(
        """async ([routes, token]) => Promise.all(routes.map(([method, path, body]) =>
        fetch(path, {method, body: body && JSON.stringify(body),
                     headers: {Authorization: `Bearer ${token}`, "Content-Type": "application/json"}})
        .then(r => r.status)))""",
        [ADMIN_ROUTES, token(page)],
    )
    assert statuses == [403] * len(ADMIN_ROUTES)
    sign_out(page)


def test_an_admin_edits_previews_and_publishes_a_rule_that_then_takes_effect(page: Page, screenshots: Path) -> None:
    """Rules: a suggested question changed and one added, saved as a version, previewed on a declined question,
    published, and then offered in the chat; rolled back to the built-in version afterwards (the tests share
    the stack)."""
    added = "Which repair orders are waiting for parts?"
    declined = "Write me a poem about the sea"
    sign_in(page, ADMIN)
    open_console(page)
    page.get_by_role("tab", name="Rules").click()
    editor = page.get_by_test_id("prompt-editor")
    expect(editor).to_contain_text("Version 0 (published)")
    page.screenshot(path=screenshots / "28-console-rules.png")
    try:
        fields = editor.locator(".suggestion-row input[type=text]")
        count = fields.count()
        editor.get_by_role("button", name="Add a question").click()
        expect(fields).to_have_count(count + 1)
        fields.last.fill("What's the phone number for {customer}?")
        overdue = next(i for i in range(count) if fields.nth(i).input_value() == "Which orders are overdue?")
        fields.nth(overdue).fill(added)  # offered first of the questions that need nothing from the question
        rules = editor.get_by_label("House rules")
        rules.fill(rules.input_value() + "\n- Name the record each figure comes from.")
        editor.get_by_label("What changed").fill("ask about parts")
        with page.expect_response(lambda r: r.url.endswith("/api/admin/prompts") and r.request.method == "POST") as s:
            editor.get_by_role("button", name="Save as a new version").click()
        version = s.value.json()["version"]
        expect(page.get_by_test_id("prompt-notice")).to_contain_text(f"Saved as version {version}")
        expect(editor).to_contain_text(f"Version {version}")

        editor.get_by_placeholder("Ask a question with this version").fill(declined)
        editor.get_by_role("button", name="Ask", exact=True).click()
        preview = page.get_by_test_id("prompt-preview-answer")
        expect(preview).to_contain_text(added)
        expect(preview.locator(".tag-declined")).to_be_visible()
        no_sideways_scroll(page)
        whole_pane(page, screenshots / "29-console-rules-preview.png")

        editor.get_by_role("button", name=f"Publish version {version}").click()
        expect(page.get_by_test_id("prompt-notice")).to_contain_text(f"Version {version} is now the one")
        expect(page.locator(f'.prompt-version[data-version="{version}"] .tag')).to_have_text("published")
        expect(editor.locator(".prompt-in-use")).to_be_visible()
        page.locator(".console").evaluate("pane => pane.scrollTo(0, 0)")
        whole_pane(page, screenshots / "30-console-rules-published.png")

        page.get_by_role("navigation", name="Conversations and documents").get_by_role(
            "button", name="New chat"
        ).click()
        exchange = ask(page, declined)
        expect(exchange).to_have_attribute("data-outcome", "declined")
        offered = page.get_by_role("navigation", name="Questions I can answer").locator(".suggestion")
        expect(offered.first).to_have_text(added)
    finally:
        reply = page.request.post("/api/admin/prompts/0/publish", headers={"Authorization": f"Bearer {token(page)}"})
        assert reply.ok, reply.text()


def test_a_manager_reads_the_rules_but_cannot_change_them(page: Page) -> None:
    sign_in(page, MANAGER)
    open_console(page)
    page.get_by_role("tab", name="Rules").click()
    editor = page.get_by_test_id("prompt-editor")
    expect(editor.get_by_label("House rules")).to_have_attribute("readonly", "")
    expect(editor.get_by_role("button", name="Save as a new version")).to_have_count(0)
    expect(page.get_by_text("Admins edit and publish.")).to_be_visible()
