"""moto's server standing in for DynamoDB, DynamoDB Streams and S3, provisioned from template.yaml."""

from __future__ import annotations

import logging
from pathlib import Path

from awning_assistant.factory import Services, get_services
from awning_assistant.importer import ImportReport, Importer
from awning_assistant.infrastructure import create_resources
from moto.server import ThreadedMotoServer

from .environment import TEMPLATE


class LocalStack:
    """Starts moto in server mode and creates the template's tables and buckets in it."""

    def __init__(self, port: int) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)

    def start(self) -> Services:
        self._server.start()
        services = get_services()
        create_resources(services.settings, services.client("dynamodb"), services.s3, TEMPLATE)
        return services

    def stop(self) -> None:
        self._server.stop()


def import_folder(services: Services, folder: Path, progress: bool = True) -> ImportReport:
    importer = Importer(services.records, services.s3, services.settings.documents_bucket, progress=progress)
    return importer.run(folder)
