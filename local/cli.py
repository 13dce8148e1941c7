"""Commands against a running local stack (``make dev``): import a dataset, rebuild the index;
and one against a deployed stack: reconcile its OpenSearch index with the chunk ledger.

The rebuild empties the index first, so an interrupted ``make reindex`` run again ends in
exactly the state of a clean one; the running server sees the new index on its next query.
``reconcile`` takes the settings the functions run with from the environment (AWS credentials,
``OPENSEARCH_ENDPOINT``, ``CHUNK_LEDGER_TABLE``), not local mode's.
"""

from __future__ import annotations

import argparse
import sys
import urllib.request
from pathlib import Path

from . import environment


def _require_stack(endpoint: str) -> None:
    try:
        urllib.request.urlopen(endpoint, timeout=2)  # noqa: S310 - our own localhost endpoint
    except OSError as exc:
        if getattr(exc, "code", None) is None:
            sys.exit(f"The local stack is not running at {endpoint} (start it with `make dev`).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="load a dataset folder in the import format")
    imp.add_argument("data", type=Path)
    commands.add_parser("reindex", help="rebuild the search index from the tables and the bucket")
    commands.add_parser("reconcile", help="deployed stack: delete OpenSearch documents the chunk ledger does not "
                        "list, forget entries whose documents are gone")
    args = parser.parse_args(argv)
    if args.command == "reconcile":
        return reconcile()

    environment.apply()
    from awning_assistant.factory import get_services

    services = get_services()
    _require_stack(services.settings.storage_endpoint_url or "")
    if args.command == "import":
        from .stack import import_folder

        if not args.data.is_dir():
            sys.exit(f"{args.data} is not a folder")
        report = import_folder(services, args.data)
        print(report.summary())
        return 0 if report.ok else 2
    stats = services.indexer.rebuild(progress=True)
    print(f"{services.search_index.count()} chunks in the index ({stats.embedded} embedded, "
          f"{stats.unchanged} unchanged)")
    return 0



def reconcile() -> int:
    """Repair what interrupted index writes left (``OpenSearchIndex.reconcile``). Not for an index
    written before the ledger existed: every document in it is unlisted; rebuild it instead."""
    from awning_assistant.factory import get_services
    from awning_assistant.search_index.opensearch import OpenSearchIndex

    index = get_services().search_index
    if not isinstance(index, OpenSearchIndex):
        sys.exit("reconcile is for the OpenSearch index (SEARCH_BACKEND=opensearch); the embedded index needs none")
    stats = index.reconcile()
    print(f"{stats.orphans} unlisted document(s) and {stats.stale} old copies deleted, "
          f"{stats.forgotten} entries of missing documents forgotten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
