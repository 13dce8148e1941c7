"""Faults on demand, for ``make load``'s fault run: the local stack's dependencies fail the way
the real ones do, switched over HTTP while clients keep asking.

- ``storage``: every connection to moto (DynamoDB, Streams, S3) is cut and new ones are
  refused, through a TCP gate in front of moto; moto keeps its data, as DynamoDB would.
- ``model``: generation fails (``fail``), is throttled (``throttle``) or hangs past the turn's
  budget (``slow``).
- ``index``: the search index can't be read (``down``).

Only ``python -m local.server --faults`` installs these; nothing on Lambda imports this module.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sqlite3
import threading
import time
from typing import Any

from awning_assistant.generation.contract import DeltaSink, InferenceError, InferenceRequest, InferenceResult, Provider
from awning_assistant.search_index import Hit, SearchFilters, SearchIndex

MODEL_FAULTS = ("fail", "throttle", "slow")
SLOW_SECONDS = 40.0  # longer than any turn's budget


class Faults:
    """Which faults are on (thread-safe: requests read it while the controller changes it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {"storage": False, "model": None, "index": None}

    def set(self, **changes: Any) -> dict[str, Any]:
        unknown = set(changes) - set(self._state)
        if unknown:
            raise ValueError(f"unknown faults: {sorted(unknown)}")
        if changes.get("model") not in (None, *MODEL_FAULTS) or changes.get("index") not in (None, "down"):
            raise ValueError("model: fail | throttle | slow | null; index: down | null; storage: true | false")
        with self._lock:
            self._state.update(changes)
            return dict(self._state)

    def get(self, name: str) -> Any:
        with self._lock:
            return self._state[name]

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._state)


class FaultyProvider:
    """The generation provider, failing as a model service does when ``model`` is on."""

    def __init__(self, provider: Provider, faults: Faults) -> None:
        self._provider = provider
        self._faults = faults

    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        fault = self._faults.get("model")
        if fault == "fail":
            raise InferenceError("injected: the model service failed")
        if fault == "throttle":
            raise InferenceError("injected: ThrottlingException after retries")
        if fault == "slow":
            time.sleep(SLOW_SECONDS)
        return self._provider.generate(request, on_delta)


class FaultyIndex:
    """The search index, unreadable when ``index`` is down (writes pass: the indexer is not under test)."""

    def __init__(self, index: SearchIndex, faults: Faults) -> None:
        self._index = index
        self._faults = faults

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)

    def _check(self) -> None:
        if self._faults.get("index"):
            raise sqlite3.OperationalError("injected: the search index is unavailable")

    def search_bm25(self, query: str, filters: SearchFilters, k: int) -> list[Hit]:
        self._check()
        return self._index.search_bm25(query, filters, k)

    def search_knn(self, vector: list[float], filters: SearchFilters, k: int) -> list[Hit]:
        self._check()
        return self._index.search_knn(vector, filters, k)


class StorageGate:
    """A TCP gate between the app and moto: passes bytes through, or cuts every connection and
    refuses new ones while ``storage`` is on."""

    def __init__(self, upstream_port: int, faults: Faults) -> None:
        gate = self
        self._upstream = ("127.0.0.1", upstream_port)
        self._faults = faults
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                gate._relay(self.request)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="storage-gate", daemon=True).start()
        threading.Thread(target=self._watch, name="storage-gate-cutter", daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        if self._faults.get("storage"):
            client.close()
            return
        upstream = socket.create_connection(self._upstream)
        with self._lock:
            self._open |= {client, upstream}
        pump = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
        pump.start()
        _pipe(client, upstream)
        pump.join()
        with self._lock:
            self._open -= {client, upstream}
        upstream.close()

    def _watch(self) -> None:
        """Cut every open connection as soon as the fault is switched on."""
        while True:
            if self._faults.get("storage"):
                with self._lock:
                    for sock in self._open:
                        _shut(sock)
            time.sleep(0.05)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        _shut(target)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other side
        sock.shutdown(socket.SHUT_RDWR)


def install(services: Any, faults: Faults) -> None:
    """Put the faulty provider and index in place of the real ones, before anything uses them."""
    services.__dict__["provider"] = FaultyProvider(services.provider, faults)
    services.__dict__["search_index"] = FaultyIndex(services.search_index, faults)
