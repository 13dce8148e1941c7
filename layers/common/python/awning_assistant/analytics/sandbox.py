"""DuckDB sandboxes: a connection per access scope holding only what that scope may see.

Access is by construction, not by filtering the caller's SQL: a staff caller's connection is
loaded with the customers of their territories, those customers' orders and the orders'
items, and has no order-money columns at all (the revenue rule), so no query, however
written, can read more. Stock is every role's. Once loaded, the connection loses file and
network access (``enable_external_access``), never installs or loads extensions, cannot read
Python variables, cannot spill to disk, and its configuration is locked, so a query cannot
undo any of it. Each query is validated first (``validation``), is capped in rows and is
interrupted (``connection.interrupt()``, from a watchdog thread) when it runs past its time limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import duckdb

from awning_assistant.analytics.errors import SqlRejected
from awning_assistant.analytics.parquet import OFFLINE, DuckDbConfig, sql_string
from awning_assistant.analytics.reader import MirrorReader
from awning_assistant.analytics.tables import TABLES, MirrorTable
from awning_assistant.analytics.validation import validate
from awning_assistant.analytics.views import VIEW_NAMES, VIEWS, view
from awning_assistant.identity.access import Principal
from awning_assistant.models import CLOSED_STATUSES

REVENUE_COLUMNS = sorted({c.name for v in VIEWS for c in v.columns if c.revenue})
CLOSED = ", ".join(sql_string(s) for s in sorted(CLOSED_STATUSES))
IS_OPEN = f"coalesce(o.status, '') NOT IN ({CLOSED})"
# How the orders view's columns that are not stored come about (the rest are the stored ones).
ORDER_DERIVED = {
    "customer_name": "c.name",
    "territory": "c.territory",
    "is_open": IS_OPEN,
    "is_overdue": f"{IS_OPEN} AND coalesce(o.date_required < $today::DATE, false)",
}


@dataclass(frozen=True)
class Scope:
    """What a caller may see: their territories (None: all) and whether order money."""

    territories: tuple[str, ...] | None
    revenue: bool

    @classmethod
    def of(cls, principal: Principal) -> Scope:
        territories = principal.territory_scope()
        return cls(None if territories is None else tuple(sorted(territories)), principal.may_see_revenue)


@dataclass(frozen=True)
class Limits:
    """Per query: rows returned, seconds before it is interrupted; per sandbox: memory and threads."""

    max_rows: int = 1000
    seconds: float = 3.0
    memory: str = "256MB"
    threads: int = 2


@dataclass(frozen=True)
class QueryResult:
    """A query's columns and rows (money as Decimal, dates as date); ``truncated`` when the row cap cut it."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    row_count: int
    truncated: bool


def _source(table: MirrorTable, files: list[str]) -> str:
    """The stored table's partition files, or an empty relation of its columns when it has none."""
    if files:
        return f"read_parquet([{', '.join(map(sql_string, files))}])"
    return f"(SELECT {', '.join(f'NULL::{t} AS {c}' for c, t in table.types.items())} WHERE false)"


def _load_statements(files: Callable[[str], list[str]], scope: Scope) -> list[str]:
    """CREATE TABLE statements of the views for the scope (parameters $territories, $today)."""

    def columns(name: str, alias: str, derived: dict[str, str] | None = None) -> str:
        derived = derived or {}
        return ", ".join(
            f"{derived[c.name]} AS {c.name}" if c.name in derived else f"{alias}.{c.name}"
            for c in view(name).visible(scope.revenue)
        )

    def src(name: str) -> str:
        return _source(TABLES[name], files(name))

    mine = "true" if scope.territories is None else "list_contains($territories::VARCHAR[], c.territory)"
    join = "LEFT JOIN" if scope.territories is None else "JOIN"  # staff: only orders of their customers
    return [
        f"CREATE TABLE customers AS SELECT {columns('customers', 'c')} FROM {src('customers')} c WHERE {mine}",
        f"CREATE TABLE orders AS SELECT {columns('orders', 'o', ORDER_DERIVED)} FROM {src('orders')} o "
        f"{join} customers c ON c.cust_id = o.cust_id",
        f"CREATE TABLE order_items AS SELECT {columns('order_items', 'i')} FROM {src('order_items')} i "
        f"SEMI JOIN orders o ON o.order_no = i.order_no AND o.kind = i.kind",
        f"CREATE TABLE inventory AS SELECT {columns('inventory', 'v')} FROM {src('inventory')} v",
    ]


class Watchdog:
    """One thread that interrupts queries past their deadline (starting a timer thread per query
    would cost more than most queries)."""

    def __init__(self) -> None:
        self._deadlines: dict[int, tuple[float, duckdb.DuckDBPyConnection]] = {}
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, cursor: duckdb.DuckDBPyConnection, seconds: float) -> int:
        with self._wake:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="sql-watchdog", daemon=True)
                self._thread.start()
            self._deadlines[id(cursor)] = (time.monotonic() + seconds, cursor)
            self._wake.notify()
        return id(cursor)

    def release(self, token: int) -> None:
        with self._wake:
            self._deadlines.pop(token, None)

    def _run(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                for token, (deadline, cursor) in list(self._deadlines.items()):
                    if deadline <= now:
                        cursor.interrupt()
                        del self._deadlines[token]
                soonest = min((d for d, _ in self._deadlines.values()), default=None)
                self._wake.wait(None if soonest is None else soonest - now)


WATCHDOG = Watchdog()


class Sandbox:
    """One scope's locked DuckDB database; queries run on cursors of it, one thread each."""

    def __init__(self, db: duckdb.DuckDBPyConnection, scope: Scope, today: date, limits: Limits) -> None:
        self._db = db
        self._scope = scope
        self._today = today
        self._limits = limits

    @classmethod
    def build(cls, files: Callable[[str], list[str]], scope: Scope, today: date, limits: Limits) -> Sandbox:
        """Load the scope's rows from the local partition files, then lock the connection."""
        # Loading runs on one thread (measured: about twice as fast as two here); queries get ``limits.threads``.
        config: DuckDbConfig = {
            **OFFLINE,
            "python_enable_replacements": False,
            "temp_directory": "",
            "memory_limit": limits.memory,
            "threads": 1,
        }
        db = duckdb.connect(":memory:", config=config)
        parameters = {"territories": list(scope.territories or ()), "today": today}
        for statement in _load_statements(files, scope):
            used = {k: v for k, v in parameters.items() if f"${k}" in statement}
            db.execute(statement, used)
        db.execute(f"SET threads = {int(limits.threads)}")
        db.execute("SET enable_external_access = false")
        db.execute("SET lock_configuration = true")
        return cls(db, scope, today, limits)

    def query(self, sql: str) -> QueryResult:
        """Run one validated SELECT; SqlRejected says why a statement did not run."""
        cap = self._limits.max_rows
        text = validate(sql, self._today, cap, VIEW_NAMES)
        try:
            with self._cursor() as cursor:
                result = cursor.execute(text)
                columns = [d[0] for d in result.description or []]
                rows = result.fetchmany(cap + 1)
        except duckdb.Error as exc:
            raise SqlRejected(self._reason(exc)) from None
        return QueryResult(columns, [tuple(r) for r in rows[:cap]], min(len(rows), cap), len(rows) > cap)

    def measure(self, sql: str, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Run one of the product's own statements (``revenue``), with parameters and the time limit; not a
        caller's SQL, so not validated: the sandbox still holds only what the scope may see."""
        with self._cursor() as cursor:
            return [tuple(r) for r in cursor.execute(sql, parameters).fetchall()]

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of the sandbox, interrupted by the watchdog past the time limit (SqlRejected says so),
        closed after."""
        cursor = self._db.cursor()
        token = WATCHDOG.watch(cursor, self._limits.seconds)
        try:
            yield cursor
        except duckdb.InterruptException:
            raise SqlRejected(f"the query ran longer than {self._limits.seconds:g} s and was stopped") from None
        finally:
            WATCHDOG.release(token)
            cursor.close()

    def _reason(self, exc: duckdb.Error) -> str:
        """DuckDB's message, or the revenue rule when a column the caller does not have was named."""
        message = str(exc).split("\n\n")[0]
        if not self._scope.revenue and isinstance(exc, duckdb.BinderException):
            for column in REVENUE_COLUMNS:
                if f'"{column}"' in message:
                    return f"{column} is order money, which only managers and admins see (the revenue rule)"
        return message


class Analytics:
    """What the chat function holds: the mirror's local copy and a sandbox per access scope,
    rebuilt when the mirror or the business date changes (a few scopes are kept)."""

    def __init__(self, reader: MirrorReader, today: Callable[[], date], limits: Limits, keep: int = 8) -> None:
        self._reader = reader
        self._today = today
        self._limits = limits
        self._keep = keep
        self._sandboxes: dict[tuple[Scope, date, int], Sandbox] = {}
        self._lock = threading.Lock()

    def load(self) -> int:
        """Download the whole mirror now (a cold start); the partitions fetched."""
        return self._reader.load()

    def for_principal(self, principal: Principal, order_money: bool = False) -> Sandbox:
        """The caller's sandbox over the mirror as it is now (refreshed at most every few moments);
        with ``order_money``, one of the caller's territories that keeps order money whatever the role
        (for the product's own statements that show what every role sees, never for a caller's SQL)."""
        scope = Scope.of(principal)
        if order_money:
            scope = replace(scope, revenue=True)
        with self._lock:
            self._reader.refresh()
            today = self._today()
            key = (scope, today, self._reader.version)
            sandbox = self._sandboxes.pop(key, None) or Sandbox.build(self._reader.files, scope, today, self._limits)
            fresh = {k: v for k, v in self._sandboxes.items() if k[1:] == key[1:]}
            self._sandboxes = dict(list(fresh.items())[-(self._keep - 1) :]) if self._keep > 1 else {}
            self._sandboxes[key] = sandbox  # most recently used last
            return sandbox

    def query(self, principal: Principal, sql: str) -> QueryResult:
        return self.for_principal(principal).query(sql)

    def measure(
        self, principal: Principal, sql: str, parameters: dict[str, Any], order_money: bool = False
    ) -> list[tuple[Any, ...]]:
        return self.for_principal(principal, order_money).measure(sql, parameters)
