"""A whole local stack in a subprocess on free ports, for the scripts that test it from outside
(``make eval``, ``make load``, ``make fuzz``): started on a dataset, ready when ``/api/health``
answers, stopped with SIGTERM however the script ends."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from .environment import ROOT

EVAL = ROOT.parent / "shared" / "eval"
DEV_DATA = EVAL / "dev" / "data"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dataset_today(data: Path) -> str | None:
    """The date a dataset was made for, from a manifest.json beside or above it."""
    for manifest in (data / "manifest.json", data.parent / "manifest.json"):
        if manifest.exists():
            return json.loads(manifest.read_text()).get("today")
    return None


def wait_ready(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the local stack exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our localhost server
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the local stack was not ready within {timeout:.0f}s")


class RunningStack(NamedTuple):
    base: str  # the API, SPA and WebSocket: http://127.0.0.1:<port>
    moto_url: str  # moto itself (behind no fault gate), for checks that read the tables directly


@contextmanager
def local_stack(data: Path, state: Path, *flags: str, timeout: float = 900) -> Iterator[RunningStack]:
    """A local stack serving ``data`` (its index and log in ``state``)."""
    port, moto_port = free_port(), free_port()
    env = dict(os.environ)
    today = env.get("APP_TODAY") or dataset_today(data.resolve())
    if today:
        env["APP_TODAY"] = today
    env["INDEX_PATH"] = str(state / "index.sqlite3")
    state.mkdir(parents=True, exist_ok=True)
    with (state / "server.log").open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "local.server",
                "--port",
                str(port),
                "--moto-port",
                str(moto_port),
                "--data",
                str(data),
                *flags,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(f"{base}/api/health", server, timeout)
            yield RunningStack(base, f"http://127.0.0.1:{moto_port}")
        finally:
            server.terminate()
            server.wait(timeout=30)
