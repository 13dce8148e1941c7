"""Statement validation with sqlglot: the second wall of the sandbox, and its clear messages.

The first wall is the connection itself (only the caller's rows and columns, external
access off, configuration locked). This one refuses, before DuckDB sees it, anything but
one SELECT (or WITH ... SELECT, or a set operation of SELECTs) over the views with allowed
functions, and names the construct it refused. What runs is the validated tree written out
again (never the caller's text), so comments and dialect tricks cannot hide a second
meaning, ``CURRENT_DATE`` is the business date, and a row cap is part of the query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from awning_assistant.analytics.errors import SqlRejected
from awning_assistant.analytics.views import VIEW_NAMES

MAX_SQL_CHARS = 10_000
# Statement kinds refused wherever they appear (SELECT ... INTO is a CREATE TABLE).
FORBIDDEN = (
    exp.DDL,
    exp.DML,
    exp.Command,
    exp.Copy,
    exp.Attach,
    exp.Detach,
    exp.Pragma,
    exp.Set,
    exp.Into,
    exp.Install,
    exp.Use,
    exp.Describe,
    exp.Transaction,
    exp.Commit,
    exp.Rollback,
    exp.Merge,
    exp.Summarize,
    exp.Export,
    exp.Cache,
    exp.LoadData,
    exp.Refresh,
    exp.Kill,
    exp.Show,
    exp.Analyze,
)
# Functions a query may call, by sqlglot's node key (each DuckDB spelling is noted where it differs).
ALLOWED_FUNCTIONS = frozenset(
    # aggregates
    "count sum avg min max median mode stddev stddevsamp stddevpop variance countif anyvalue argmax argmin "
    "percentilecont percentiledisc "  # quantile_cont, quantile_disc
    "logicalor logicaland groupconcat arrayagg "  # bool_or, bool_and, string_agg, list / array_agg
    # numbers and conditionals
    "round abs floor ceil sqrt pow sign ln exp greatest least coalesce nullif if case cast trycast "
    # text
    "lower upper length trim concat concatws substring replace left right contains startswith endswith "
    "strposition splitpart regexplike regexpreplace pad "  # strpos, regexp_matches, lpad / rpad
    # dates
    "timestamptrunc datetrunc extract year month day quarter week dayofweek dayofweekiso dayname monthname "
    "datediff dateadd datefromparts lastday timetostr currentdate "  # date_trunc, make_date, strftime
    # windows
    "rownumber rank denserank percentrank cumedist ntile lag lead firstvalue lastvalue nthvalue "
    "and or xor exists array".split()
)  # AND, OR and XOR are function nodes to sqlglot
ALLOWED_BY_NAME = frozenset({"date_part", "datepart"})  # DuckDB functions sqlglot keeps as anonymous calls


def validate(
    sql: str, today: date | None = None, max_rows: int | None = None, views: Iterable[str] = VIEW_NAMES
) -> str:
    """The statement as it will run (DuckDB SQL), or SqlRejected naming what is not allowed."""
    tree = _parse(sql)
    _check_kind(tree)
    _check_tables(tree, frozenset(views))
    _check_functions(tree)
    if today is not None:
        tree = tree.transform(
            lambda node: (
                exp.cast(exp.Literal.string(today.isoformat()), exp.DataType.Type.DATE)
                if isinstance(node, exp.CurrentDate)
                else node
            )
        )
    if max_rows is not None:
        _cap(tree, max_rows + 1)
    return tree.sql(dialect="duckdb", comments=False)


def _parse(sql: str) -> exp.Expr:
    if len(sql) > MAX_SQL_CHARS:
        raise SqlRejected(f"the statement is longer than {MAX_SQL_CHARS} characters")
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except SqlglotError as exc:
        raise SqlRejected(f"not valid SQL: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise SqlRejected("the statement is nested too deeply") from None
    if len(statements) != 1:
        raise SqlRejected(f"exactly one statement is allowed; found {len(statements)}")
    return statements[0]


def _check_kind(tree: exp.Expr) -> None:
    if not isinstance(tree, exp.Select | exp.SetOperation):
        raise SqlRejected(f"only SELECT (or WITH ... SELECT) is allowed, not {_label(tree)}")
    for node in tree.walk():
        if isinstance(node, FORBIDDEN):
            raise SqlRejected(f"{_label(node)} is not allowed inside a query")


def _label(node: exp.Expr) -> str:
    return "SELECT ... INTO" if isinstance(node, exp.Into) else node.key.upper()


def _check_tables(tree: exp.Expr, views: frozenset[str]) -> None:
    """Only the views (and the query's own CTEs), by their plain names; no table functions."""
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            raise SqlRejected(
                f"table function {table.this.sql(dialect='duckdb')[:60]} is not allowed; "
                f"query the views: {', '.join(sorted(views))}"
            )
        if table.args.get("db") or table.args.get("catalog"):
            raise SqlRejected(f"qualified name {table.sql(dialect='duckdb')} is not allowed; use the view's name")
        if table.name.lower() not in views | ctes:
            raise SqlRejected(f"{table.name} is not one of the views ({', '.join(sorted(views))})")


def _check_functions(tree: exp.Expr) -> None:
    for node in tree.find_all(exp.Func):
        if isinstance(node, exp.Anonymous):
            if node.name.lower() not in ALLOWED_BY_NAME:
                raise SqlRejected(f"function {node.name} is not allowed")
        elif node.key not in ALLOWED_FUNCTIONS:
            raise SqlRejected(f"function {node.sql_name()} is not allowed")


def _cap(tree: exp.Expr, rows: int) -> None:
    """At most ``rows`` rows come back: a LIMIT that is absent or larger becomes ``rows``."""
    limit = tree.args.get("limit")
    if limit is not None:
        current = limit.expression if isinstance(limit, exp.Limit) else None
        if not (isinstance(current, exp.Literal) and current.is_int):
            raise SqlRejected("LIMIT must be a whole number")
        if int(current.this) <= rows:
            return
    tree.set("limit", exp.Limit(expression=exp.Literal.number(rows)))
