"""A persistent cache in front of an embedder: the same text is never embedded twice.

Local mode rebuilds its index from freshly imported tables on every start; with the cache
that costs a lookup per chunk instead of a model run. Keys are the model id and the
SHA-256 of the text, so changing the model never serves stale vectors.
"""

from __future__ import annotations

import array
import hashlib
import sqlite3
import threading
from pathlib import Path

from awning_assistant.indexing.embeddings import Embedder


class CachedEmbedder:
    """Wraps an ``Embedder``; vectors are stored as float32 blobs in SQLite."""

    def __init__(self, inner: Embedder, path: Path, model_id: str) -> None:
        self._inner = inner
        self.dimensions = inner.dimensions
        self._model = model_id
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self._lock = threading.Lock()

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self._model}\0{text}".encode()).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self._key(t) for t in texts]
        found: dict[str, list[float]] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})", part
                ).fetchall()
                found.update((k, array.array("f", v).tolist()) for k, v in rows)
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            vectors = self._inner.embed_documents([texts[i] for i in missing])
            with self._lock, self._db:
                for i, vector in zip(missing, vectors, strict=True):
                    found[keys[i]] = vector
                    self._db.execute(
                        "INSERT OR REPLACE INTO vectors VALUES (?, ?)", (keys[i], array.array("f", vector).tobytes())
                    )
        return [found[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]
