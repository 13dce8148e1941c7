"""``make dev``: the whole product on http://127.0.0.1:$PORT — SPA, API and local AWS stand-ins.

Each HTTP request under ``/api/`` becomes an API Gateway REST proxy event for the
chat_handler Lambda, exactly as API Gateway would build it.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web

from . import environment
from .api_events import API_PREFIX, connect_request, rest_event, socket_context, socket_message

if TYPE_CHECKING:
    from .faults import Faults

WS_STAGE = "_ws"
SOCKETS = web.AppKey("sockets", dict)
MOTO_URL = web.AppKey("moto_url", str)
MOTO_HTTP = web.AppKey("moto_http", aiohttp.ClientSession)


async def to_proxy_event(request: web.Request) -> dict[str, Any]:
    """An API Gateway REST (v1) proxy event for an aiohttp request."""
    raw = await request.read()
    is_text = not raw or request.content_type.startswith(("application/json", "text/"))
    body = None if not raw else (raw.decode("utf-8", "replace") if is_text else base64.b64encode(raw).decode())
    return rest_event(
        request.method,
        request.path,
        headers={k: request.headers.getall(k) for k in request.headers},
        query={k: request.query.getall(k) for k in request.query},
        body=body,
        is_base64=bool(raw) and not is_text,
        source_ip=request.remote or "127.0.0.1",
    )


def to_http_response(result: dict[str, Any]) -> web.Response:
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
    headers = dict(result.get("headers") or {})
    for key, values in (result.get("multiValueHeaders") or {}).items():
        headers[key] = ", ".join(values)
    headers.pop("Content-Length", None)
    return web.Response(status=result["statusCode"], body=data, headers=headers)


async def api(request: web.Request) -> web.Response:
    from .handlers import invoke

    event = await to_proxy_event(request)
    result = await asyncio.get_running_loop().run_in_executor(None, invoke, "chat_handler", event)
    return to_http_response(result)


async def websocket(request: web.Request) -> web.StreamResponse:
    """An API Gateway WebSocket API on one route: authorizer on connect, then route by ``action``."""
    from .handlers import invoke

    loop = asyncio.get_running_loop()
    connection_id = uuid.uuid4().hex
    query = dict(request.query)
    decision = await loop.run_in_executor(
        None,
        invoke,
        "chat_handler",
        connect_request(
            socket_context(connection_id, "$connect", "CONNECT", request.host, WS_STAGE), query, dict(request.headers)
        ),
        "socket_authorizer",
    )
    if decision["policyDocument"]["Statement"][0]["Effect"] != "Allow":
        return web.json_response({"message": "Unauthorized"}, status=401)
    authorizer = {**decision.get("context", {}), "principalId": decision["principalId"]}
    ws = web.WebSocketResponse(heartbeat=30)
    await ws.prepare(request)
    request.app[SOCKETS][connection_id] = ws
    try:
        async for message in ws:
            if message.type != web.WSMsgType.TEXT:
                continue
            try:
                action = json.loads(message.data).get("action") or "$default"
            except (ValueError, AttributeError):
                action = "$default"
            context = socket_context(connection_id, str(action), "MESSAGE", request.host, WS_STAGE, authorizer)
            event = socket_message(context, message.data)
            loop.run_in_executor(None, invoke, "chat_handler", event, "socket_handler")
    finally:
        request.app[SOCKETS].pop(connection_id, None)
    return ws


async def post_to_connection(request: web.Request) -> web.Response:
    """The management API's ``POST @connections/{id}``: what ``post_to_connection`` calls."""
    ws = request.app[SOCKETS].get(request.match_info["connection_id"])
    if ws is None or ws.closed:
        return web.json_response({"message": "Gone"}, status=410)
    await ws.send_str((await request.read()).decode())
    return web.Response(status=200)


CORS_METHODS = "GET, HEAD, PUT, POST"


def _cors(request: web.Request) -> dict[str, str]:
    """The documents bucket's CORS rule (template.yaml allows the site's origin; locally, any)."""
    origin = request.headers.get("Origin")
    return (
        {
            "Access-Control-Allow-Origin": origin,
            "Vary": "Origin",
            "Access-Control-Allow-Methods": CORS_METHODS,
            "Access-Control-Expose-Headers": "ETag",
        }
        if origin
        else {}
    )


async def storage(request: web.Request) -> web.StreamResponse:
    """Presigned document URLs point here; requests go on to moto's S3 unchanged (same path,
    query and Host, so the signature holds). Preflights are answered here like S3's CORS does:
    moto checks them against the upload's signature and refuses them."""
    if request.method == "OPTIONS":
        wanted = request.headers.get("Access-Control-Request-Headers", "")
        return web.Response(
            status=200,
            headers={**_cors(request), "Access-Control-Allow-Headers": wanted, "Access-Control-Max-Age": "600"},
        )
    moto = request.app[MOTO_URL]
    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("content-length", "transfer-encoding")}
    async with request.app[MOTO_HTTP].request(
        request.method, f"{moto}{request.rel_url}", headers=headers, data=await request.read(), allow_redirects=False
    ) as reply:
        body = await reply.read()
        keep = {
            k: v
            for k, v in reply.headers.items()
            if k.lower() in ("content-type", "etag", "last-modified", "content-disposition", "x-amz-request-id")
        }
        return web.Response(status=reply.status, body=body, headers={**keep, **_cors(request)})


async def config(request: web.Request) -> web.Response:
    """The SPA's runtime configuration (on AWS, deploy-frontend writes it from stack outputs)."""
    scheme = "wss" if request.secure else "ws"
    return web.json_response({"auth": "dev", "websocketUrl": f"{scheme}://{request.host}/ws"})


def static_root() -> Path:
    built = environment.ROOT / "frontend" / "dist"
    return built if (built / "index.html").exists() else environment.ROOT / "frontend"


# The SPA's Content-Security-Policy and security headers. On AWS, template.yaml's SiteResponseHeadersPolicy
# sends the same, with the stack's hosts in connect-src (tests/infrastructure/test_template.py keeps the two in step).
SPA_CSP: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "frame-ancestors": ("'none'",),
    "img-src": ("'self'", "data:", "blob:"),
    "connect-src": ("'self'",),
    "form-action": ("'self'",),
}
SPA_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


def spa_headers(request: web.Request) -> dict[str, str]:
    """SPA_HEADERS and SPA_CSP, whose connect-src adds this server's WebSocket and presigned storage URLs."""
    hosts = [f"{'wss' if request.secure else 'ws'}://{request.host}", os.environ.get("PUBLIC_STORAGE_ENDPOINT_URL")]
    directives = {**SPA_CSP, "connect-src": (*SPA_CSP["connect-src"], *filter(None, hosts))}
    csp = "; ".join(" ".join((name, *sources)) for name, sources in directives.items())
    return {"Content-Security-Policy": csp, **SPA_HEADERS}


async def spa(request: web.Request) -> web.StreamResponse:
    """Static files of the SPA, with index.html for any client-side route, under the SPA's CSP."""
    root = static_root()
    target = (root / request.match_info.get("path", "")).resolve()
    if target.is_file() and root.resolve() in target.parents:
        return web.FileResponse(target, headers=spa_headers(request))
    index = root / "index.html"
    if index.exists():
        return web.FileResponse(index, headers=spa_headers(request))
    return web.Response(status=404, text="The SPA is not built yet (make frontend).")


async def moto_session(app: web.Application) -> AsyncIterator[None]:
    """One client session for the app's life: the storage proxy reuses its connections to moto."""
    async with aiohttp.ClientSession(auto_decompress=False) as http:
        app[MOTO_HTTP] = http
        yield


FAULTS: web.AppKey[Faults] = web.AppKey("faults")


async def faults(request: web.Request) -> web.Response:
    """``GET``/``POST /_faults`` (``--faults`` only): which dependencies fail now (see local.faults)."""
    switch = request.app[FAULTS]
    if request.method == "POST":
        try:
            return web.json_response(switch.set(**await request.json()))
        except (ValueError, TypeError) as exc:
            return web.json_response({"error": "bad_request", "message": str(exc)}, status=400)
    return web.json_response(switch.snapshot())


def build_app(moto_url: str, bucket: str, fault_switch: Faults | None = None) -> web.Application:
    # aiohttp answers a request line or header over 8 KB with its own plain-text 400 before the API sees it;
    # with room to spare, an oversized parameter reaches the API's validation and gets its documented 422.
    app = web.Application(
        client_max_size=64 * 1024 * 1024, handler_args={"max_line_size": 64 * 1024, "max_field_size": 64 * 1024}
    )
    app[SOCKETS] = {}
    app[MOTO_URL] = moto_url
    app.cleanup_ctx.append(moto_session)
    if fault_switch is not None:
        app[FAULTS] = fault_switch
        app.router.add_route("*", "/_faults", faults)
    app.router.add_route("*", API_PREFIX + r"{tail:[\s\S]*}", api)  # any path, line feeds too: API Gateway's way
    app.router.add_get("/ws", websocket)
    app.router.add_post(f"/{WS_STAGE}/@connections/{{connection_id}}", post_to_connection)
    app.router.add_get("/config.json", config)
    app.router.add_route("*", f"/{bucket}", storage)  # presigned POST uploads go to the bucket itself
    app.router.add_route("*", f"/{bucket}/{{key:.*}}", storage)
    app.router.add_get("/{path:.*}", spa)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--moto-port", type=int, default=None)
    parser.add_argument("--data", type=Path, help="dataset folder in the import format (default: demo data)")
    parser.add_argument(
        "--faults",
        action="store_true",
        help="let POST /_faults make storage, the model or the index fail (make load's fault run)",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("PUBLIC_STORAGE_ENDPOINT_URL", f"http://{args.host}:{args.port}")
    moto_port = environment.apply(args.moto_port)
    from .events import EventPump
    from .faults import Faults, StorageGate, install
    from .stack import LocalStack, import_folder, rebuild_index, settle

    switch = Faults() if args.faults else None
    if switch:
        environment.use_storage_endpoint(StorageGate(moto_port, switch).port)  # moto behind a gate we can cut
    stack = LocalStack(moto_port)
    services = stack.start()
    if switch:
        install(services, switch)
    data = args.data or ensure_demo_data()
    report = import_folder(services, data)
    print(report.summary(), file=sys.stderr)
    stats = rebuild_index(services)
    print(f"index: {stats.embedded} chunks embedded, {services.search_index.count()} in the index", file=sys.stderr)
    settle()
    pump = EventPump(services)
    pump.start()
    try:
        web.run_app(
            build_app(services.settings.storage_endpoint_url or "", services.settings.documents_bucket, switch),
            host=args.host,
            port=args.port,
            handle_signals=True,
            shutdown_timeout=2,
            print=lambda _: print(f"Awning Assistant is ready on http://{args.host}:{args.port}", flush=True),
        )
    finally:
        pump.stop()
        stack.stop()
    return 0


def ensure_demo_data() -> Path:
    """The demo dataset, generated once into .local/ (deterministic)."""
    folder = environment.STATE_DIR / "demo-data"
    if not (folder / "customers.jsonl").exists():
        from .demo_data import main as generate

        generate(["--out", str(folder)])
    return folder


if __name__ == "__main__":
    sys.exit(main())
