"""moto's server standing in for DynamoDB, DynamoDB Streams and S3, provisioned from template.yaml."""

from __future__ import annotations

import gc
import io
import logging
import socket
import threading
from pathlib import Path
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from tqdm import tqdm
from werkzeug.serving import BaseWSGIServer, make_server

from awning_assistant.factory import Services, get_services
from awning_assistant.indexing.indexer import IndexStats

from . import moto_index
from .environment import TEMPLATE
from .importer import Importer, ImportReport
from .infrastructure import create_resources


class KeepAliveMotoHandler(MotoRequestHandler):
    """moto's request handler, keeping each connection open for the next request (HTTP/1.1).

    werkzeug's server closes every connection after one response, since its handler cannot
    tell where a body the application left unread ends. Here the whole body is read before
    moto sees it. Otherwise every boto3 call (the event pump alone makes dozens a second)
    opens a connection and leaves a socket in TIME_WAIT.
    """

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else a reply's body waits for the client's delayed ACK of its headers (40 ms)

    def run_wsgi(self) -> None:
        environ = self.make_environ()
        if environ.get("wsgi.input_terminated"):  # a chunked body, which werkzeug de-chunks
            body = environ["wsgi.input"].read()
        else:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        reply: list[Any] = []
        chunks: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            reply[:] = [status, headers]
            return chunks.append

        result = self.server.app(environ, start_response)
        try:
            chunks.extend(result)
        finally:
            getattr(result, "close", lambda: None)()
        status, headers = reply
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        names = set()
        for name, value in headers:
            if name.lower() not in ("connection", "transfer-encoding", "keep-alive"):
                self.send_header(name, value)
                names.add(name.lower())
        data = b"".join(chunks)
        if "content-length" not in names and self.command != "HEAD" and code not in ("204", "304"):
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class LocalStack:
    """Starts moto in server mode and creates the template's tables and buckets in it."""

    def __init__(self, port: int) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        moto_index.install()  # moto runs in this process: a Query reads only its partition
        self._port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Services:
        self._require_free_port()
        self._server = make_server(
            "127.0.0.1",
            self._port,
            DomainDispatcherApplication(create_backend_app),
            threaded=True,
            request_handler=KeepAliveMotoHandler,
        )
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), name="moto", daemon=True)
        self._thread.start()
        services = get_services()
        create_resources(services.settings, services.dynamodb.meta.client, services.s3, TEMPLATE)
        return services

    def _require_free_port(self) -> None:
        """Fail with a clear message when another server listens on the port.

        The probe binds as the server does, with SO_REUSEADDR: the connections a stopped run
        leaves in TIME_WAIT for a minute must not keep a restart from starting.
        """
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", self._port))
            except OSError:
                message = f"Port {self._port} (moto) is in use: stop the other local stack or set MOTO_PORT."
                raise SystemExit(message) from None

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server and self._thread:
            self._server.shutdown()
            self._thread.join()
            self._server.server_close()


def import_folder(services: Services, folder: Path, progress: bool = True) -> ImportReport:
    importer = Importer(services.records, services.s3, services.settings.documents_bucket, progress=progress)
    return importer.run(folder)


def rebuild_index(services: Services) -> IndexStats:
    """Rebuild the search index from the tables and the bucket, with a progress bar on stderr."""
    with tqdm(desc="index records", unit="rec") as bar:

        def show(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        return services.indexer.rebuild(progress=show)


def settle() -> None:
    """Once the data is loaded: take it out of the garbage collector's sight.

    moto keeps every item as Python objects in this process; with 100k orders a full
    collection walks millions of them and stalls whichever request is running for
    hundreds of milliseconds. The loaded data lives until exit, so it is frozen
    (``gc.freeze``); what requests allocate afterwards is collected as usual.
    """
    gc.collect()
    gc.freeze()
