"""The reader's copy of the mirror: the partition files on local disk, refreshed by ETag.

A refresh reads the mirror's version object (its writers rewrite it after every change); only
when it moved is the prefix listed, partitions whose ETag changed downloaded and vanished ones
dropped, so an idle refresh costs one small request and a stream batch's refresh a listing and a
request per partition it rewrote (fetched in parallel). ``version`` moves whenever the
local copy changes, which tells the sandboxes built from it to rebuild.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from awning_assistant.analytics.mirror import PartitionStore

DOWNLOADS = 16  # partitions fetched at once: a cold load is a few hundred small GETs


class MirrorReader:
    """Local Parquet copies of the mirror's partitions (in ``cache_dir``, /tmp on Lambda)."""

    def __init__(self, store: PartitionStore, cache_dir: Path | None = None, min_interval: float = 0.0) -> None:
        self._store = store
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        if cache_dir is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="awning-mirror-")  # removed at exit
            cache_dir = Path(self._scratch.name)
        self._dir = cache_dir
        self._min_interval = min_interval
        self._etags: dict[str, str] = {}
        self._checked = float("-inf")
        self._version: str | None = None  # the version object's ETag the local copy was synced after
        self._lock = threading.Lock()
        self.version = 0

    def load(self) -> int:
        """Bring the local copy up to date now (a cold start); returns the partitions downloaded."""
        with self._lock:
            self._version = self._store.version()  # read first: a change meanwhile is seen next time
            return self._sync()

    def refresh(self) -> bool:
        """Bring the local copy up to date unless checked within ``min_interval`` seconds; True
        when anything changed. Unless the version object moved, that is one request for one object."""
        with self._lock:
            if time.monotonic() - self._checked < self._min_interval:
                return False
            version = self._store.version()
            if version is not None and version == self._version:
                self._checked = time.monotonic()
                return False
            self._version = version
            return self._sync() > 0

    def _sync(self) -> int:
        listed = self._store.etags()
        self._checked = time.monotonic()
        changed = [k for k, etag in listed.items() if self._etags.get(k) != etag]
        gone = [k for k in self._etags if k not in listed]
        if changed:  # an idle refresh is the listing alone
            with ThreadPoolExecutor(max_workers=DOWNLOADS) as pool:
                self._etags.update(zip(changed, pool.map(self._download, changed), strict=True))
        for key in gone:
            self._path(key).unlink(missing_ok=True)
            del self._etags[key]
        if changed or gone:
            self.version += 1
        return len(changed) + len(gone)

    def _download(self, key: str) -> str:
        """Fetch one partition into place (atomically); its ETag as read, even if it changed since the listing."""
        reply = self._store.s3.get_object(Bucket=self._store.bucket, Key=key)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(reply["Body"].read())
        os.replace(partial, path)
        return str(reply["ETag"])

    def _path(self, key: str) -> Path:
        return self._dir / key.removeprefix(f"{self._store.prefix}/")

    def files(self, table: str) -> list[str]:
        """The local files of one table's partitions, in a stable order."""
        with self._lock:
            keys = (k for k in self._etags if k.removeprefix(f"{self._store.prefix}/").split("/", 1)[0] == table)
            return sorted(str(self._path(k)) for k in keys)
