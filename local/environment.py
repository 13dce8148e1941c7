"""The settings local mode runs with: every provider switched to its local implementation.

Values already in the environment win, so ``APP_TODAY=2026-11-24 make dev`` works.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE_DIR = ROOT / ".local"
TEMPLATE = ROOT / "template.yaml"
DEFAULT_MOTO_PORT = 5005


def local_defaults(moto_port: int) -> dict[str, str]:
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "STORAGE_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
        "SEARCH_BACKEND": "embedded",
        "EMBEDDING_PROVIDER": "local",
        "EMBEDDING_DIMENSIONS": "384",
        "LLM_PROVIDER": "local",
        "INFERENCE_TRANSPORT": "inprocess",
        "IDENTITY_PROVIDER": "dev",
        "OCR_PROVIDER": "tesseract",
        "WEBSOCKET_MANAGEMENT_SCHEME": "http",
        "INDEX_PATH": str(STATE_DIR / "index.sqlite3"),
        "EMBEDDING_CACHE_PATH": str(STATE_DIR / "embedding-cache.sqlite3"),
        # moto answers from this process: slow on big tables, but a connection that fails is refused at once.
        "REQUEST_TIMEOUT_SECONDS": "30",
        "COMPARE_SENTENCES": "true",  # the local embedding model is cheap (and cached)
        # The embedded index shows a write at once and moto reads consistently; the mirror's copy lags 0.5 s.
        "ANSWER_CACHE_SETTLE_SECONDS": "2",
        "POWERTOOLS_SERVICE_NAME": "awning-assistant-local",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }


def apply(moto_port: int | None = None) -> int:
    """Put the local defaults into ``os.environ`` (existing values win), reset cached settings.

    Returns the moto port the storage endpoint points at.
    """
    port = moto_port or int(os.environ.get("MOTO_PORT", DEFAULT_MOTO_PORT))
    for key, value in local_defaults(port).items():
        os.environ.setdefault(key, value)
    _reset_services()
    return int(os.environ["STORAGE_ENDPOINT_URL"].rsplit(":", 1)[1].strip("/"))


def use_storage_endpoint(port: int) -> None:
    """Point DynamoDB, Streams and S3 at another local port (moto behind a gate, for fault runs)."""
    os.environ["STORAGE_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
    _reset_services()


def in_process(
    index_path: Path, embedding_cache: Path | None = None, today: str | None = None, moto_port: int = 0
) -> dict[str, str | None]:
    """Local-mode settings for tests and benchmarks (None: unset): moto in-process unless a
    server port is given, their own index, and the embedding cache only when one is named."""
    values: dict[str, str | None] = {
        **local_defaults(moto_port),
        "INDEX_PATH": str(index_path),
        "EMBEDDING_CACHE_PATH": str(embedding_cache) if embedding_cache else None,
        "APP_TODAY": today,
    }
    if not moto_port:
        values["STORAGE_ENDPOINT_URL"] = None
    return values


def set_environment(values: dict[str, str | None]) -> None:
    """Apply ``in_process`` settings to this process and drop the cached settings and services."""
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    _reset_services()


def _reset_services() -> None:
    """Settings and services are cached per process; after changing the environment, rebuild them."""
    from awning_assistant.factory import get_services
    from awning_assistant.settings import get_settings

    get_settings.cache_clear()
    get_services.cache_clear()
