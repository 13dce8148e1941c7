"""The local-mode search index: one SQLite file, FTS5 for BM25 and numpy for exact k-NN.

Why this shape: the stdlib's SQLite ships FTS5 with a real ``bm25()`` and gives us
transactions, WAL (readers never block the writer) and a file another process can
write to (``make reindex`` while the server runs). Vectors live in the same file, so
one transaction keeps text, metadata and vector of a chunk in step; they are searched
exactly with numpy over an in-memory float32 matrix, which at this product's scale
(up to ~100k chunks) needs no approximate index.

The in-memory matrix follows the file incrementally: every write bumps a generation
counter in the ``meta`` table and stamps the rows it wrote with it, so a reader only
loads rows newer than its cache (and lists row ids only after a delete). Every query
reads the counter in its own read transaction, which is how writes by other
connections and processes become visible.

Filters mean what they mean for OpenSearch (see ``SearchFilters``): the SQL ``WHERE``
used by BM25 and the numpy mask used by k-NN follow the same rules and are tested
against each other.
"""

from __future__ import annotations

import json
import math
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

from awning_assistant.identity.access import OPEN_TYPES
from awning_assistant.indexing.chunk import Chunk
from awning_assistant.models import RecordType
from awning_assistant.search_index import Hit, IndexedChunk, SearchFilters

SCHEMA_VERSION = 1

# A title match ("WO-10234 · Boat cover - clean") says more than a body match.
TITLE_WEIGHT = 2.0
TEXT_WEIGHT = 1.0
BM25_K1 = 1.2  # FTS5's bm25() constant, needed for the score bound below

# A token in a weight-0 FTS column of every row: "(rare terms) AND (other terms OR
# sentinel)" matches exactly the rows with a rare term yet scores every term.
_SENTINEL = "zqxeveryrowzqx"

# Question words that match nearly every chunk: no ranking signal, only cost.
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        """
    a about all am an and any are as at be been by can could did do does for from had has have how i if in
    into is it its me my no not of on or our show so that the their them there these they this to was we
    were what when where which who whom why will with would you your
""",
    )
)
MAX_QUERY_TERMS = 24

# A word, or an id-like run of words joined by - _ / . # ' ("WO-10234", "don't"): each
# becomes one quoted FTS5 string, which FTS5 tokenises into a phrase ("wo 10234").
_TERM = re.compile(r"[^\W_]+(?:[-_/.#'][^\W_]+)*")
_TOKENIZER = "porter unicode61 remove_diacritics 2"

# Below this fraction of rows passing the filters, k-NN multiplies only the selected
# rows (the gather costs a copy); above it, one pass over everything is cheaper.
_GATHER_FRACTION = 0.25
_LOAD_BATCH = 10_000

_CATEGORIES = ("record_type", "record_id", "customer_id", "territory", "status")
_CHUNK_COLUMNS = (
    "chunk_id",
    "record_type",
    "record_id",
    "customer_id",
    "territory",
    "status",
    "date",
    "materials",
    "page",
    "title",
    "text",
)

# The FTS5 side of writing and removing a chunk row (``new`` / ``old`` in the triggers).
_FTS_ADD = (
    "INSERT INTO chunks_fts (rowid, title, text, every_row) VALUES (new.rowid, new.title, new.text, new.every_row);"
)
_FTS_REMOVE = (
    "INSERT INTO chunks_fts (chunks_fts, rowid, title, text, every_row) "
    "VALUES ('delete', old.rowid, old.title, old.text, old.every_row);"
)

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID",
    # ``gen`` is the write generation that last touched the row (incremental cache refresh).
    f"""CREATE TABLE IF NOT EXISTS chunks (
        rowid INTEGER PRIMARY KEY,
        chunk_id TEXT NOT NULL UNIQUE,
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        customer_id TEXT,
        territory TEXT,
        status TEXT,
        date TEXT,
        materials TEXT NOT NULL DEFAULT '[]',
        page INTEGER,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        gen INTEGER NOT NULL,
        every_row TEXT GENERATED ALWAYS AS ('{_SENTINEL}') VIRTUAL
    )""",
    "CREATE INDEX IF NOT EXISTS chunks_record ON chunks (record_type, record_id)",
    "CREATE INDEX IF NOT EXISTS chunks_record_id ON chunks (record_id)",
    "CREATE INDEX IF NOT EXISTS chunks_customer ON chunks (customer_id)",
    "CREATE INDEX IF NOT EXISTS chunks_territory ON chunks (territory)",
    "CREATE INDEX IF NOT EXISTS chunks_status ON chunks (status)",
    "CREATE INDEX IF NOT EXISTS chunks_date ON chunks (date)",
    "CREATE INDEX IF NOT EXISTS chunks_gen ON chunks (gen)",
    # Vectors apart from the text, so BM25's filter lookups read small rows.
    "CREATE TABLE IF NOT EXISTS chunk_vectors (rowid INTEGER PRIMARY KEY, vector BLOB NOT NULL)",
    # Case-folded materials, one row each, for the any-of filter.
    """CREATE TABLE IF NOT EXISTS chunk_materials (
        material TEXT NOT NULL, chunk_rowid INTEGER NOT NULL, PRIMARY KEY (material, chunk_rowid)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS chunk_materials_rowid ON chunk_materials (chunk_rowid)",
    # External-content FTS5 over title and text (+ the sentinel), kept in sync by the triggers below.
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
        title, text, every_row, content='chunks', content_rowid='rowid', tokenize='{_TOKENIZER}'
    )""",
    # The triggers also keep meta.rows, the document count BM25's idf uses, in O(1).
    f"""CREATE TRIGGER IF NOT EXISTS chunks_after_insert AFTER INSERT ON chunks BEGIN
        {_FTS_ADD}
        UPDATE meta SET value = value + 1 WHERE key = 'rows';
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS chunks_after_delete AFTER DELETE ON chunks BEGIN
        {_FTS_REMOVE}
        DELETE FROM chunk_vectors WHERE rowid = old.rowid;
        DELETE FROM chunk_materials WHERE chunk_rowid = old.rowid;
        UPDATE meta SET value = value - 1 WHERE key = 'rows';
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS chunks_after_update AFTER UPDATE OF title, text ON chunks BEGIN
        {_FTS_REMOVE}
        {_FTS_ADD}
    END""",
)
# What ``clear`` drops and recreates (dropping chunks drops its triggers).
_DATA_TABLES = ("chunks_fts", "chunk_materials", "chunk_vectors", "chunks")
_UPSERT = f"""
    INSERT INTO chunks ({", ".join(_CHUNK_COLUMNS)}, content_hash, gen)
    VALUES ({", ".join("?" * (len(_CHUNK_COLUMNS) + 2))})
    ON CONFLICT (chunk_id) DO UPDATE SET
    {", ".join(f"{col} = excluded.{col}" for col in _CHUNK_COLUMNS[1:])},
    content_hash = excluded.content_hash, gen = excluded.gen
    RETURNING rowid"""


class IndexMismatchError(RuntimeError):
    """The file was built by another schema version or for vectors of another size."""


# -- text queries ------------------------------------------------------------------------------


def query_terms(text: str) -> list[str]:
    """The distinct words and ids of free text, stop words dropped (unless nothing else is left)."""
    terms: dict[str, str] = {}
    for match in _TERM.finditer(text):
        terms.setdefault(match.group().casefold(), match.group())
    content = [term for key, term in terms.items() if key not in STOPWORDS]
    return (content or list(terms.values()))[:MAX_QUERY_TERMS]


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(text: str) -> str:
    """A safe FTS5 ``MATCH`` expression for free text: quoted terms joined by ``OR``.

    Nothing the user types is FTS5 syntax: every term is a quoted string (quotes
    doubled), so ``AND``, ``NOT``, ``*``, ``-``, ``:``, parentheses and unbalanced
    quotes are just text. An empty string means "nothing to search for".
    """
    return " OR ".join(_quoted(term) for term in query_terms(text))


# -- filters -----------------------------------------------------------------------------------


def _json_list(values: Iterable[Any]) -> str:
    return json.dumps([str(v) for v in values])


def _filter_sql(filters: SearchFilters) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``chunks c`` for the filters; lists travel as one JSON parameter."""
    clauses: list[str] = []
    params: list[Any] = []
    in_list = "IN (SELECT value FROM json_each(?))"
    for column, values in (
        ("record_type", filters.record_types),
        ("record_id", filters.record_ids),
        ("customer_id", filters.customer_ids),
        ("status", filters.statuses),
    ):
        if values is not None:
            clauses.append(f"c.{column} {in_list}")
            params.append(_json_list(values))
    if filters.territories is not None:
        clauses.append(f"(c.territory {in_list} OR c.record_type {in_list})")
        params += [_json_list(filters.territories), _json_list(sorted(OPEN_TYPES))]
    if filters.materials is not None:
        clauses.append(f"c.rowid IN (SELECT chunk_rowid FROM chunk_materials WHERE material {in_list})")
        params.append(_json_list(m.casefold() for m in filters.materials))
    if filters.date_from is not None:
        clauses.append("c.date >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to is not None:
        clauses.append("c.date <= ?")
        params.append(filters.date_to.isoformat())
    return clauses, params


class _Vocabulary:
    """Append-only string -> int codes, so metadata columns become int arrays (-1 = NULL)."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}

    def encode(self, values: Iterable[str | None]) -> np.ndarray:
        codes = self._codes
        return np.fromiter((-1 if v is None else codes.setdefault(v, len(codes)) for v in values), dtype=np.int32)

    def known(self, values: Iterable[str]) -> np.ndarray:
        return np.array([self._codes[v] for v in values if v in self._codes], dtype=np.int32)


# -- the k-NN cache ----------------------------------------------------------------------------


class _VectorCache:
    """Vectors and filter metadata of every chunk, aligned by position, for k-NN.

    ``rows`` holds one array per column ("rowid", "vector", "date", "live" and the
    category codes). It grows in place (capacity doubles), so catching up with a small
    write copies nothing big: a rewritten row is appended and its old position marked
    dead; dead rows are compacted away once they are a quarter of the cache.
    """

    def __init__(self, dimensions: int, epoch: str, capacity: int) -> None:
        self.epoch = epoch
        self.generation = 0
        self.size = 0  # positions in use, live or dead
        self.dead = 0
        self.position: dict[int, int] = {}  # rowid -> position of its live row
        capacity = max(capacity, 64)
        self.rows: dict[str, np.ndarray] = {
            "rowid": np.zeros(capacity, dtype=np.int64),
            "vector": np.zeros((capacity, dimensions), dtype=np.float32),
            "date": np.zeros(capacity, dtype="datetime64[D]"),  # NaT: no date
            "live": np.zeros(capacity, dtype=bool),
            **{name: np.zeros(capacity, dtype=np.int32) for name in _CATEGORIES},
        }
        # (position, material code) pairs: a chunk has any number of materials.
        self.pairs = 0
        self.pair_rows = np.zeros(capacity, dtype=np.int64)
        self.pair_codes = np.zeros(capacity, dtype=np.int32)

    def column(self, name: str) -> np.ndarray:
        """The used part of a per-row array."""
        return self.rows[name][: self.size]

    @staticmethod
    def _grown(array: np.ndarray, used: int, needed: int) -> np.ndarray:
        if needed <= array.shape[0]:
            return array
        grown = np.zeros((max(needed, 2 * array.shape[0]), *array.shape[1:]), dtype=array.dtype)
        grown[:used] = array[:used]
        return grown

    def retire(self, rowids: Iterable[int]) -> None:
        """Mark the rows of these row ids dead (unknown ids are ignored)."""
        for rowid in rowids:
            position = self.position.pop(rowid, None)
            if position is not None:
                self.rows["live"][position] = False
                self.dead += 1

    def append(self, rows: list[tuple[Any, ...]], vocabularies: dict[str, _Vocabulary]) -> None:
        """Add rows ``(rowid, *categories, date, vector)``, replacing older rows of the same rowid."""
        if not rows:
            return
        columns = list(zip(*rows, strict=True))
        self.retire(columns[0])
        start, end = self.size, self.size + len(rows)
        self.rows = {name: self._grown(array, start, end) for name, array in self.rows.items()}
        self.rows["rowid"][start:end] = columns[0]
        vectors = np.frombuffer(b"".join(columns[-1]), dtype=np.float32)
        self.rows["vector"][start:end] = vectors.reshape(len(rows), -1)
        for i, name in enumerate(_CATEGORIES, start=1):
            self.rows[name][start:end] = vocabularies[name].encode(columns[i])
        self.rows["date"][start:end] = np.array(columns[-2], dtype="datetime64[D]")
        self.rows["live"][start:end] = True
        self.position.update(zip(columns[0], range(start, end), strict=True))
        self.size = end

    def add_materials(self, pairs: list[tuple[int, str]], vocabulary: _Vocabulary) -> None:
        """Record ``(rowid, material)`` pairs of rows already appended."""
        if not pairs:
            return
        end = self.pairs + len(pairs)
        self.pair_rows = self._grown(self.pair_rows, self.pairs, end)
        self.pair_codes = self._grown(self.pair_codes, self.pairs, end)
        self.pair_rows[self.pairs : end] = [self.position[rowid] for rowid, _ in pairs]
        self.pair_codes[self.pairs : end] = vocabulary.encode(material for _, material in pairs)
        self.pairs = end

    def compact_if_sparse(self) -> None:
        """Drop dead rows once they are a quarter of the cache (amortised: rare and linear)."""
        if self.dead <= max(1024, self.size // 4):
            return
        keep = self.column("live")
        new_position = np.cumsum(keep) - 1
        pair_kept = keep[self.pair_rows[: self.pairs]]
        self.pair_rows = new_position[self.pair_rows[: self.pairs][pair_kept]]
        self.pair_codes = self.pair_codes[: self.pairs][pair_kept]
        self.pairs = int(self.pair_rows.shape[0])
        self.rows = {name: array[: self.size][keep] for name, array in self.rows.items()}
        self.size, self.dead = int(self.rows["rowid"].shape[0]), 0
        self.position = dict(zip(self.rows["rowid"].tolist(), range(self.size), strict=True))


# -- the index ---------------------------------------------------------------------------------


class EmbeddedIndex:
    """``SearchIndex`` on a SQLite file: FTS5 BM25 plus exact cosine k-NN.

    Thread-safe: writes, k-NN and metadata reads share one connection guarded by a lock
    (SQLite serialises writers anyway and each operation takes milliseconds); BM25 reads on a
    connection of the calling thread's own, so it runs beside k-NN (``Retriever`` runs the
    two at once) and WAL keeps it a consistent snapshot. Other processes may write the same
    file; their changes are seen at the next query.
    """

    def __init__(self, path: Path, dimensions: int) -> None:
        if dimensions <= 0:
            raise ValueError("dimensions must be positive")
        self.path = Path(path)
        self.dimensions = dimensions
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = self._connect()
        self._readers = threading.local()  # .conn: the thread's BM25 connection
        self._reader_conns: list[sqlite3.Connection] = []
        self._vocabularies = {name: _Vocabulary() for name in (*_CATEGORIES, "material")}
        self._cache: _VectorCache | None = None
        self._df_lock = threading.Lock()
        self._df_generation, self._df_cache = -1, dict[str, int]()
        self.ensure_index()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        for pragma in (
            "journal_mode = WAL",
            "synchronous = NORMAL",
            "temp_store = MEMORY",
            "cache_size = -65536",
            "mmap_size = 268435456",
        ):
            conn.execute(f"PRAGMA {pragma}")
        return conn

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            for conn in self._reader_conns:
                conn.close()
            self._reader_conns.clear()
            self._cache = None

    def __enter__(self) -> EmbeddedIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        """One lock-held transaction; a read transaction is a consistent snapshot (WAL)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction on this thread's own connection, without the lock."""
        conn = getattr(self._readers, "conn", None)
        if conn is None:
            conn = self._readers.conn = self._connect()
            with self._lock:
                self._reader_conns.append(conn)
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def ensure_index(self) -> None:
        """Create the schema if missing; refuse a file built for another schema or vector size."""
        with self._transaction(write=True) as conn:
            conn.execute(_SCHEMA[0])
            meta = self._meta(conn)
            expected = {"schema_version": SCHEMA_VERSION, "dimensions": self.dimensions}
            for key, value in expected.items():
                if key in meta and meta[key] != value:
                    raise IndexMismatchError(
                        f"{self.path} has {key}={meta[key]}, this code needs {value}: delete the file and re-index"
                    )
            defaults = {**expected, "generation": 0, "deleted_at": 0, "rows": 0, "epoch": secrets.token_hex(8)}
            conn.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", defaults.items())
            for statement in _SCHEMA[1:]:
                conn.execute(statement)

    @staticmethod
    def _meta(conn: sqlite3.Connection) -> dict[str, Any]:
        return dict(conn.execute("SELECT key, value FROM meta"))

    @staticmethod
    def _next_generation(conn: sqlite3.Connection) -> int:
        (generation,) = conn.execute(
            "UPDATE meta SET value = value + 1 WHERE key = 'generation' RETURNING value"
        ).fetchone()
        return int(generation)

    # -- writes ----------------------------------------------------------------------------

    def _vector_blob(self, vector: Sequence[float]) -> bytes:
        """float32 bytes of the L2-normalised vector (embedders normalise; this makes sure)."""
        array = np.asarray(vector, dtype=np.float32)
        if array.shape != (self.dimensions,):
            raise ValueError(f"vector has shape {array.shape}, the index expects ({self.dimensions},)")
        if not np.all(np.isfinite(array)):
            raise ValueError("vector has non-finite values")
        norm = float(np.linalg.norm(array))
        return (array / norm if norm > 0 else array).tobytes()

    def upsert(self, chunks: list[IndexedChunk]) -> None:
        if not chunks:
            return
        blobs = [self._vector_blob(item.vector) for item in chunks]  # validate before writing anything
        with self._transaction(write=True) as conn:
            generation = self._next_generation(conn)
            for item, blob in zip(chunks, blobs, strict=True):
                c = item.chunk
                (rowid,) = conn.execute(
                    _UPSERT,
                    (
                        c.chunk_id,
                        c.record_type.value,
                        c.record_id,
                        c.customer_id,
                        c.territory,
                        c.status,
                        c.date.isoformat() if c.date else None,
                        json.dumps(c.materials),
                        c.page,
                        c.title,
                        c.text,
                        item.content_hash,
                        generation,
                    ),
                ).fetchone()
                conn.execute("INSERT OR REPLACE INTO chunk_vectors (rowid, vector) VALUES (?, ?)", (rowid, blob))
                conn.execute("DELETE FROM chunk_materials WHERE chunk_rowid = ?", (rowid,))
                conn.executemany(
                    "INSERT INTO chunk_materials (material, chunk_rowid) VALUES (?, ?)",
                    [(m, rowid) for m in {m.casefold() for m in c.materials}],
                )

    def delete_chunks(self, chunk_ids: list[str]) -> None:
        if not chunk_ids:
            return
        with self._transaction(write=True) as conn:
            deleted = conn.execute(
                "DELETE FROM chunks WHERE chunk_id IN (SELECT value FROM json_each(?))", (_json_list(chunk_ids),)
            ).rowcount
            if deleted:
                generation = self._next_generation(conn)
                conn.execute("UPDATE meta SET value = ? WHERE key = 'deleted_at'", (generation,))

    def clear(self) -> None:
        """Drop and recreate the data tables (far faster than deleting row by row through triggers)."""
        with self._transaction(write=True) as conn:
            for table in _DATA_TABLES:
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _SCHEMA[1:]:
                conn.execute(statement)
            self._next_generation(conn)
            conn.execute("UPDATE meta SET value = 0 WHERE key = 'rows'")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'epoch'", (secrets.token_hex(8),))

    # -- reads -----------------------------------------------------------------------------

    def record_hashes(self, record_type: RecordType, record_id: str) -> dict[str, str]:
        with self._transaction(write=False) as conn:
            return dict(
                conn.execute(
                    "SELECT chunk_id, content_hash FROM chunks WHERE record_type = ? AND record_id = ?",
                    (RecordType(record_type).value, record_id),
                )
            )

    def count(self) -> int:
        with self._transaction(write=False) as conn:
            return int(self._meta(conn)["rows"])

    def search_bm25(self, query: str, filters: SearchFilters, k: int) -> list[Hit]:
        """FTS5 BM25 over title and text (score negated: FTS5 reports lower-is-better)."""
        terms = query_terms(query)
        if not terms or k <= 0:
            return []
        with self._snapshot() as conn:
            rows = self._bm25(conn, self._scoring_terms(conn, terms), filters, k)
        return [Hit(chunk=_chunk(row[1:]), score=float(row[0])) for row in rows]

    def _scoring_terms(self, conn: sqlite3.Connection, terms: list[str]) -> list[tuple[str, int]]:
        """``(term, document frequency)`` of the terms worth searching, rarest first.

        FTS5's bm25 gives a term in at least half of all chunks an idf of 1e-6: it adds
        nothing to any score, yet ``OR``-ing it in makes FTS5 score most of the index.
        Such terms are left out when the query has a rarer one (the only difference:
        chunks matching nothing but them, scored ~1e-6, no longer trail the results).
        Terms that match nothing are left out too. Frequencies are cached per generation.
        """
        meta = self._meta(conn)
        total, generation = int(meta["rows"]), int(meta["generation"])
        with self._df_lock:  # each reader keeps the frequencies of its own snapshot's generation
            if self._df_generation != generation or len(self._df_cache) > 10_000:
                self._df_generation, self._df_cache = generation, {}
            frequencies = self._df_cache
        counted = []
        for term in terms:
            key = term.casefold()
            if key not in frequencies:
                frequencies[key] = conn.execute(
                    "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (_quoted(term),)
                ).fetchone()[0]
            if frequencies[key]:
                counted.append((term, frequencies[key]))
        informative = [(term, df) for term, df in counted if 2 * df < total]
        return sorted(informative or counted, key=lambda item: item[1])

    def _bm25(
        self, conn: sqlite3.Connection, terms: list[tuple[str, int]], filters: SearchFilters, k: int, prune: bool = True
    ) -> list[tuple[Any, ...]]:
        """Top ``k`` rows ``(score, *_CHUNK_COLUMNS)`` for the ``OR`` of ``terms`` (rarest first).

        FTS5 scores every matching row (it has no top-k pruning), so a query with a
        common term is slow on a big index. Pruning keeps the result exact (MaxScore):
        a term adds at most ``idf * (k1 + 1)`` to a score, so once the rarest terms
        alone have found ``k`` rows scoring at least ``theta``, rows having none of
        them cannot enter the top ``k`` if the other terms' bounds add up to less than
        ``theta``. Those other terms are still scored, via the sentinel, without
        widening the match.
        """
        if not terms:
            return []
        names = [term for term, _ in terms]
        total = int(self._meta(conn)["rows"])
        # Each pruned pass pays a walk over the sentinel's doclist (every row) to compute
        # its idf; that only pays off when the terms match a good part of the index.
        if not prune or 3 * sum(df for _, df in terms) <= total:
            return self._bm25_query(conn, names, [], filters, k)
        bounds = [_score_bound(df, total) for _, df in terms]
        rest = [*accumulate(reversed(bounds))][::-1] + [0.0]  # rest[j]: best score without names[:j]
        seen = accumulate(df for _, df in terms)
        first = next((j for j, rows in enumerate(seen, start=1) if rows >= 4 * k), len(terms))
        rows = self._bm25_query(conn, names[:first], names[first:], filters, k)
        theta = rows[k - 1][0] if len(rows) >= k else 0.0
        needed = next((j for j in range(first, len(terms)) if rest[j] < theta * (1 - 1e-9)), len(terms))
        if needed == first:
            return rows
        return self._bm25_query(conn, names[:needed], names[needed:], filters, k)

    def _bm25_query(
        self, conn: sqlite3.Connection, matching: list[str], scoring: list[str], filters: SearchFilters, k: int
    ) -> list[tuple[Any, ...]]:
        """Rows matching any of ``matching``, scored by bm25 over ``matching`` and ``scoring``.

        The ranking runs on row ids and scores only; full rows are read for the top ``k``.
        """
        match = "(" + " OR ".join(map(_quoted, matching)) + ")"
        if scoring:
            match += " AND (" + " OR ".join(map(_quoted, [*scoring, _SENTINEL])) + ")"
        clauses, params = _filter_sql(filters)
        join = "JOIN chunks c ON c.rowid = chunks_fts.rowid" if clauses else ""
        where = "".join(f" AND {clause}" for clause in clauses)
        return conn.execute(
            f"""
            WITH top AS (
                SELECT chunks_fts.rowid AS rid, -bm25(chunks_fts, {TITLE_WEIGHT}, {TEXT_WEIGHT}, 0.0) AS score
                FROM chunks_fts {join}
                WHERE chunks_fts MATCH ?{where}
                ORDER BY score DESC, rid LIMIT ?
            )
            SELECT top.score, {", ".join(f"c.{col}" for col in _CHUNK_COLUMNS)}
            FROM top JOIN chunks c ON c.rowid = top.rid
            ORDER BY top.score DESC, top.rid""",
            [match, *params, k],
        ).fetchall()

    def search_knn(self, vector: list[float], filters: SearchFilters, k: int) -> list[Hit]:
        """Exact cosine similarity over the cached matrix, filtered by a metadata mask."""
        if k <= 0:
            return []
        query = np.frombuffer(self._vector_blob(vector), dtype=np.float32)
        with self._transaction(write=False) as conn:
            cache = self._refresh(conn)
            positions, scores = _top_k(cache.column("vector"), query, self._mask(cache, filters), k)
            rowids = cache.column("rowid")[positions].tolist()
            rows = {
                row[0]: row[1:]
                for row in conn.execute(
                    f"SELECT rowid, {', '.join(_CHUNK_COLUMNS)} FROM chunks "
                    "WHERE rowid IN (SELECT value FROM json_each(?))",
                    (json.dumps(rowids),),
                )
            }
        return [Hit(chunk=_chunk(rows[rowid]), score=float(score)) for rowid, score in zip(rowids, scores, strict=True)]

    def _refresh(self, conn: sqlite3.Connection) -> _VectorCache:
        """The cache, brought up to this transaction's view of the file."""
        meta = self._meta(conn)
        epoch, generation, deleted_at = str(meta["epoch"]), int(meta["generation"]), int(meta["deleted_at"])
        cache = self._cache
        if cache is None or cache.epoch != epoch:  # first use, or cleared: load everything
            cache = _VectorCache(self.dimensions, epoch, capacity=int(meta["rows"]) * 5 // 4)
            since = 0
        elif cache.generation == generation:
            return cache
        else:
            since = cache.generation
            if deleted_at > since:
                live = np.fromiter((r for (r,) in conn.execute("SELECT rowid FROM chunks")), dtype=np.int64)
                known = np.fromiter(cache.position, dtype=np.int64, count=len(cache.position))
                cache.retire(known[~np.isin(known, live)].tolist())
        rows = conn.execute(
            f"""SELECT c.rowid, {", ".join(f"c.{name}" for name in _CATEGORIES)}, c.date, v.vector
                FROM chunks c JOIN chunk_vectors v ON v.rowid = c.rowid WHERE c.gen > ?""",
            (since,),
        )
        while batch := rows.fetchmany(_LOAD_BATCH):
            cache.append(batch, self._vocabularies)
        cache.add_materials(
            conn.execute(
                """SELECT chunk_rowid, material FROM chunk_materials
               WHERE chunk_rowid IN (SELECT rowid FROM chunks WHERE gen > ?)""",
                (since,),
            ).fetchall(),
            self._vocabularies["material"],
        )
        cache.compact_if_sparse()
        cache.generation = generation
        self._cache = cache
        return cache

    def _mask(self, cache: _VectorCache, filters: SearchFilters) -> np.ndarray | None:
        """The numpy twin of ``_filter_sql``: same rules, as a boolean row mask (None = every row)."""
        conditions: list[np.ndarray] = [cache.column("live")] if cache.dead else []

        def matches(column: str, values: Iterable[Any]) -> np.ndarray:
            return np.isin(cache.column(column), self._vocabularies[column].known(str(v) for v in values))

        def any_of(column: str, values: list[Any] | None) -> None:
            if values is not None:
                conditions.append(matches(column, values))

        any_of("record_type", filters.record_types)
        any_of("record_id", filters.record_ids)
        any_of("customer_id", filters.customer_ids)
        any_of("status", filters.statuses)
        if filters.territories is not None:
            conditions.append(matches("territory", filters.territories) | matches("record_type", OPEN_TYPES))
        if filters.materials is not None:
            wanted = self._vocabularies["material"].known(m.casefold() for m in filters.materials)
            condition = np.zeros(cache.size, dtype=bool)
            condition[cache.pair_rows[: cache.pairs][np.isin(cache.pair_codes[: cache.pairs], wanted)]] = True
            conditions.append(condition)
        if filters.date_from is not None:
            conditions.append(cache.column("date") >= np.datetime64(filters.date_from, "D"))
        if filters.date_to is not None:
            conditions.append(cache.column("date") <= np.datetime64(filters.date_to, "D"))
        if not conditions:
            return None
        return np.logical_and.reduce(conditions)


def _score_bound(df: int, total: int) -> float:
    """The most one term can add to an FTS5 bm25 score: idf * (k1 + 1), idf as FTS5 computes it."""
    idf = math.log((total - df + 0.5) / (df + 0.5))
    return (idf if idf > 0 else 1e-6) * (BM25_K1 + 1)


def _dot(matrix: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Row-wise dot products, single-threaded on purpose.

    A matrix-vector product is memory-bound; BLAS's threads add only contention
    (measured: 10k x 384 took 12 ms with OpenBLAS's threads on a busy 2-core machine,
    0.6 ms with einsum), and the server runs queries from several threads anyway.
    """
    return np.einsum("ij,j->i", matrix, query)


def _top_k(matrix: np.ndarray, query: np.ndarray, mask: np.ndarray | None, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions and cosine scores of the best ``k`` rows passing ``mask``, best first.

    Ties go to the lower position so results are deterministic.
    """
    if mask is None:
        candidates = None
        scores = _dot(matrix, query)
    else:
        candidates = np.flatnonzero(mask)
        if candidates.size < _GATHER_FRACTION * matrix.shape[0]:
            scores = _dot(matrix[candidates], query)
        else:
            scores = _dot(matrix, query)[candidates]
    best = np.argpartition(-scores, k - 1)[:k] if scores.size > k else np.arange(scores.size)
    best = best[np.lexsort((best, -scores[best]))]
    return (best if candidates is None else candidates[best]), scores[best]


def _chunk(row: Sequence[Any]) -> Chunk:
    """A ``Chunk`` from a row selected in ``_CHUNK_COLUMNS`` order."""
    values = dict(zip(_CHUNK_COLUMNS, row, strict=True))
    values["materials"] = json.loads(values["materials"])
    values["date"] = date.fromisoformat(values["date"]) if values["date"] else None
    return Chunk(**values)
