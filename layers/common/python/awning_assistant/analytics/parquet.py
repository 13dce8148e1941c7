"""Partition files with DuckDB itself (no pyarrow), through temporary files.

Rows go in as JSON lines read with declared column types, so money arrives as exact
DECIMAL. A partition is edited inside DuckDB (the stored file minus the changed records,
plus their new rows) and always written sorted by every column, so the same rows make the
same bytes whichever way they came (a rebuild or a stream batch): an unchanged partition
is recognised by its bytes and never rewritten, and its ETag does not move.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from awning_assistant.analytics.tables import MirrorTable, Row

# Nothing is ever fetched: extensions neither installed nor loaded on demand (parquet and json are built in).
DuckDbConfig = dict[str, str | bool | int | float | list[str]]
OFFLINE: DuckDbConfig = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _json_source(path: Path, columns: dict[str, str], rows: Iterable[Row]) -> str:
    """Write ``rows`` as JSON lines to ``path``; the read_json call that reads them back typed."""
    names = list(columns)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(dict(zip(names, map(_plain, row), strict=True))) + "\n")
    struct = ", ".join(f"{sql_string(c)}: {sql_string(t)}" for c, t in columns.items())
    return f"read_json({sql_string(str(path))}, format='newline_delimited', columns={{{struct}}})"


class ParquetCodec:
    """Builds partition files; threads share one DuckDB database, each on its own cursor."""

    def __init__(self) -> None:
        self._db = duckdb.connect(":memory:", config=OFFLINE)

    def encode(self, table: MirrorTable, rows: list[Row]) -> bytes:
        """The partition file holding exactly ``rows``."""
        return self.merge(table, None, (), rows)[0]

    def merge(
        self, table: MirrorTable, current: bytes | None, replaced: Iterable[Row], rows: list[Row]
    ) -> tuple[bytes, int]:
        """``current`` without the records keyed ``replaced``, plus ``rows``: the new file and its row count."""
        columns = ", ".join(table.columns)
        with self._db.cursor() as db, tempfile.TemporaryDirectory(prefix="mirror-") as tmp:
            parts = [f"SELECT {columns} FROM {_json_source(Path(tmp) / 'rows.jsonl', table.types, rows)}"]
            if current is not None:
                stored = Path(tmp) / "current.parquet"
                stored.write_bytes(current)
                keys = {k: table.types[k] for k in table.record_key}
                matched = " AND ".join(f"e.{k} = k.{k}" for k in keys)
                parts.append(
                    f"SELECT {', '.join(f'e.{c}' for c in table.columns)} "
                    f"FROM read_parquet({sql_string(str(stored))}) e "
                    f"ANTI JOIN {_json_source(Path(tmp) / 'keys.jsonl', keys, replaced)} k ON {matched}"
                )
            target = Path(tmp) / "part.parquet"
            db.execute(
                f"COPY (SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY ALL) "
                f"TO {sql_string(str(target))} (FORMAT parquet, COMPRESSION zstd)"
            )
            (count,) = db.execute(f"SELECT count(*) FROM read_parquet({sql_string(str(target))})").fetchone() or (0,)
            return target.read_bytes(), count
