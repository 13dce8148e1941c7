"""Load the Lambda handlers from ``functions/*/app.py`` and call them as Lambda would."""

from __future__ import annotations

import importlib.util
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

from .environment import ROOT


@cache
def handler_module(function: str) -> ModuleType:
    """``functions/<function>/app.py`` as a module (each under its own name: they are all ``app``)."""
    path = ROOT / "functions" / function / "app.py"
    spec = importlib.util.spec_from_file_location(f"{function}_app", path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class LocalContext:
    """The parts of a Lambda context object that Powertools reads."""

    function_name: str
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 30_000


_containers: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)


def invoke(function: str, event: dict, entry: str = "lambda_handler") -> dict:
    """Call ``entry`` of ``functions/<function>/app.py`` in-process with a fresh context, like one Lambda
    invocation. Each entry is a Lambda function of its own (template.yaml's ``Handler``), and like a single
    container each handles one event at a time."""
    with _containers[f"{function}.{entry}"]:
        handler = getattr(handler_module(function), entry)
        return handler(event, LocalContext(function_name=f"{function}.{entry}"))
