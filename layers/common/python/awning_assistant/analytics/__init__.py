"""Exact analytics: a columnar mirror of the business records and DuckDB sandboxes over it.

- ``views``: the views and their columns, documented once as data (prompt, API docs, SPA);
- ``tables``: the mirror's stored tables and their Hive-style partitions;
- ``mirror``: the writer the indexer drives (stream batches, rebuilds), Parquet in S3;
- ``reader``: the chat function's local copy, refreshed by ETag;
- ``sandbox``: a DuckDB connection per access scope, locked down; ``validation``: sqlglot checks;
- ``revenue``: the money statements; ``errors``: why a statement did not run.

DuckDB and sqlglot ship with the functions that use them (chat handler, indexer), not in the
common layer: import this package's modules only there, except ``revenue`` and ``errors``, which
import neither and which code every function loads may use.
"""
