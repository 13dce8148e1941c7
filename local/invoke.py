"""``make invoke FUNCTION= EVENT=``: a function's handler on a sample event.

Where Docker runs, the Makefile hands the event to ``sam local invoke`` with the ``env.json`` this
module writes (the local stack's resources, reached from the container). Here, and wherever Docker
is absent, the handler runs in-process against the stack ``make dev`` started, exactly as the local
server and the tests call it (``tests/integration/test_sample_events.py`` runs every sample this way).

    python -m local.invoke IndexerDocumentsFunction events/s3_object_created.json
    python -m local.invoke --env-json .local/env.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .environment import DEFAULT_MOTO_PORT, ROOT, TEMPLATE, local_defaults

EVENTS = ROOT / "events"
# Which function's trigger each sample is, by its name's prefix (the first that fits).
EVENT_FUNCTIONS = {
    "api_": "ChatHandlerFunction",
    "websocket_connect_authorizer": "ChatSocketAuthorizerFunction",
    "websocket_": "ChatSocketFunction",
    "dynamodb_stream_": "IndexerFunction",
    "s3_": "IndexerDocumentsFunction",
    "sns_": "IndexerOcrFunction",
    "sqs_": "IndexerReindexFunction",
    "inference_": "LlmInferenceFunction",
}
# The container reaches the laptop's moto server and local server under this name.
DOCKER_HOST = "host.docker.internal"


def function_of(event_name: str) -> str:
    """The template's function (logical id) a sample event is for."""
    for prefix, function in EVENT_FUNCTIONS.items():
        if event_name.startswith(prefix):
            return function
    raise ValueError(f"{event_name}: no function takes this event (prefixes: {', '.join(EVENT_FUNCTIONS)})")


def functions() -> dict[str, tuple[str, str]]:
    """The template's functions: logical id -> (``functions/<dir>``, the handler's name in its ``app.py``)."""
    from .infrastructure import load_template

    template = load_template(TEMPLATE)
    default = template.get("Globals", {}).get("Function", {}).get("Handler", "app.lambda_handler")
    return {
        name: (Path(str(r["Properties"]["CodeUri"])).name, str(r["Properties"].get("Handler", default)).split(".")[-1])
        for name, r in template["Resources"].items()
        if r["Type"] == "AWS::Serverless::Function"
    }


def invoke_sample(function: str, event: dict) -> dict:
    """A template function's handler on an event, in-process."""
    from .handlers import invoke

    code, entry = functions()[function]
    return invoke(code, event, entry)


def env_json(moto_port: int = DEFAULT_MOTO_PORT) -> dict[str, dict[str, str]]:
    """``sam local invoke --env-vars``: every function gets local mode's settings, with the storage
    endpoint on the Docker host (the resources the local stack created: tables, buckets, queues)."""
    values = {k: v for k, v in local_defaults(moto_port).items() if not k.startswith("AWS_")}
    values["STORAGE_ENDPOINT_URL"] = f"http://{DOCKER_HOST}:{moto_port}"
    # The container's own scratch space: its search index starts empty (the laptop's file is not mounted).
    values["INDEX_PATH"] = "/tmp/awning-local/index.sqlite3"  # noqa: S108
    values["EMBEDDING_CACHE_PATH"] = "/tmp/awning-local/embedding-cache.sqlite3"  # noqa: S108
    return {name: dict(values) for name in functions()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("function", nargs="?", help="a function's logical id in template.yaml")
    parser.add_argument("event", nargs="?", type=Path, help="a sample event, e.g. events/api_health.json")
    parser.add_argument("--env-json", type=Path, help="write sam local invoke's --env-vars file here and stop")
    args = parser.parse_args(argv)
    if args.env_json:
        args.env_json.parent.mkdir(parents=True, exist_ok=True)
        args.env_json.write_text(json.dumps(env_json(), indent=2) + "\n")
        return 0
    known = functions()
    if args.function not in known or args.event is None:
        sys.exit(f"usage: make invoke FUNCTION=<{'|'.join(sorted(known))}> EVENT=events/<file>.json")
    if not args.event.is_file():
        sys.exit(f"{args.event}: no such event file (the samples are in events/)")
    if function_of(args.event.name) != args.function:
        sys.exit(f"{args.event.name} is an event of {function_of(args.event.name)}, not of {args.function}")
    from . import environment
    from .cli import require_stack

    environment.apply()
    from awning_assistant.factory import get_services

    require_stack(get_services().settings.storage_endpoint_url or "")
    print(json.dumps(invoke_sample(args.function, json.loads(args.event.read_text())), indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
