"""moto's server standing in for DynamoDB, DynamoDB Streams and S3, provisioned from template.yaml."""

from __future__ import annotations

import gc
import logging
import socket
from pathlib import Path

from moto.server import ThreadedMotoServer

from awning_assistant.factory import Services, get_services
from awning_assistant.importer import Importer, ImportReport
from awning_assistant.infrastructure import create_resources

from . import moto_index
from .environment import TEMPLATE


class LocalStack:
    """Starts moto in server mode and creates the template's tables and buckets in it."""

    def __init__(self, port: int) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        moto_index.install()  # moto runs in this process: a Query reads only its partition
        self._port = port
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)

    def start(self) -> Services:
        self._require_free_port()
        self._server.start()
        services = get_services()
        create_resources(services.settings, services.client("dynamodb"), services.s3, TEMPLATE)
        return services

    def _require_free_port(self) -> None:
        """Fail with a clear message (moto's thread would only log it) when the port is taken."""
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", self._port))
            except OSError:
                message = f"Port {self._port} (moto) is in use: stop the other local stack or set MOTO_PORT."
                raise SystemExit(message) from None

    def stop(self) -> None:
        self._server.stop()


def import_folder(services: Services, folder: Path, progress: bool = True) -> ImportReport:
    importer = Importer(services.records, services.s3, services.settings.documents_bucket, progress=progress)
    return importer.run(folder)


def settle() -> None:
    """Once the data is loaded: take it out of the garbage collector's sight.

    moto keeps every item as Python objects in this process; with 100k orders a full
    collection walks millions of them and stalls whichever request is running for
    hundreds of milliseconds. The loaded data lives until exit, so it is frozen
    (``gc.freeze``); what requests allocate afterwards is collected as usual.
    """
    gc.collect()
    gc.freeze()
