"""Browser tests against the whole local stack: the built SPA, the API, the WebSocket stream.

A session-scoped fixture starts ``python -m local.server`` on free ports with the dev dataset
(``../shared/eval/dev/data``, ``APP_TODAY=2026-11-24``) and a temporary index, waits for
``/api/health`` and stops it with SIGTERM at the end. Playwright drives Debian's Chromium
(``/usr/bin/chromium``); Playwright's own browser download is never used.

``E2E_BASE_URL`` points the tests at a stack that is already running instead.

The SPA must be built: ``make test`` builds it first (the Makefile's ``frontend`` target); run
directly with pytest, the ``spa_build`` fixture runs ``npm ci``/``npm run build`` when
``frontend/dist`` is missing or older than a source file.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
DATASET = ROOT.parent / "shared" / "eval" / "dev" / "data"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TODAY = "2026-11-24"
# A cold start embeds the whole dataset (minutes on two cores); a warm embedding cache takes seconds.
STARTUP_TIMEOUT = float(os.environ.get("E2E_STARTUP_TIMEOUT", "900"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _newest_source() -> float:
    files = [p for folder in ("src", "public") for p in (FRONTEND / folder).rglob("*") if p.is_file()]
    files += [
        FRONTEND / name
        for name in ("index.html", "package.json", "package-lock.json", "vite.config.ts", "tsconfig.json")
    ]
    return max(p.stat().st_mtime for p in files if p.exists())


@pytest.fixture(scope="session")
def spa_build() -> Path:
    """frontend/dist, built now if it is missing or stale."""
    index = FRONTEND / "dist" / "index.html"
    if index.exists() and index.stat().st_mtime >= _newest_source():
        return index.parent
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("frontend/dist is missing or stale and npm is not installed (run `make frontend`)")
    if not (FRONTEND / "node_modules" / ".package-lock.json").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True)
    subprocess.run([npm, "run", "build"], cwd=FRONTEND, check=True)
    return index.parent


def _get_json(url: str, timeout: float = 2.0) -> Any:
    import json

    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback only)
        return json.loads(response.read())


@pytest.fixture(scope="session")
def server(spa_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The local stack on free ports; yields its base URL.

    ``E2E_BASE_URL=http://127.0.0.1:3100`` uses a stack that is already running instead (it must
    have the dev dataset loaded with ``APP_TODAY=2026-11-24``).
    """
    if os.environ.get("E2E_BASE_URL"):
        yield os.environ["E2E_BASE_URL"].rstrip("/")
        return
    if not DATASET.is_dir():
        pytest.skip(f"the dev dataset is not at {DATASET}")
    state = tmp_path_factory.mktemp("e2e-stack")
    port, moto_port = _free_port(), _free_port()
    env = {**os.environ, "APP_TODAY": TODAY, "INDEX_PATH": str(state / "index.sqlite3"), "PYTHONUNBUFFERED": "1"}
    log_path = state / "server.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "local.server",
            "--port",
            str(port),
            "--moto-port",
            str(moto_port),
            "--data",
            str(DATASET),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"the local stack exited ({process.returncode}):\n{_tail(log_path)}")
            try:
                if _get_json(f"{base}/api/health").get("status") == "ok":
                    break
            except (urllib.error.URLError, OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"no healthy local stack after {STARTUP_TIMEOUT:.0f}s:\n{_tail(log_path)}")
            time.sleep(0.5)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _tail(path: Path, lines: int = 40) -> str:
    text = path.read_text(errors="replace").replace("\r", "\n")
    return "\n".join(line for line in text.splitlines() if line.strip())[-6000:] if text else "(no output)"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Every Content-Security-Policy violation in any document of the page, reported to the test (the
# browser's console messages about them are collected too).
REPORT_CSP_VIOLATIONS = """document.addEventListener('securitypolicyviolation',
  e => window.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI}`));"""


@pytest.fixture
def csp_violations() -> list[str]:
    """What the page's Content-Security-Policy blocked (the ``page`` fixture fails on any)."""
    return []


@pytest.fixture
def page(browser: Any, server: str, csp_violations: list[str]) -> Iterator[Any]:
    """A fresh browser context (own sessionStorage) on the SPA; fails the test on a page error or on
    anything the SPA's Content-Security-Policy had to block."""
    context = browser.new_context(base_url=server, viewport={"width": 1400, "height": 900}, accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.expose_function("reportCspViolation", lambda violation: csp_violations.append(violation))
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and csp_violations.append(message.text)
    )
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
    assert not csp_violations, f"Content-Security-Policy violations: {csp_violations}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
