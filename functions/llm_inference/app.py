"""Inference Lambda: one event contract (``InferenceRequest``) for every text-generation provider.

With ``stream_to`` it posts the answer's pieces to the asking WebSocket connection itself as
the model produces them, and still returns the whole result to the chat Lambda.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from awning_assistant.answering.deadline import Deadline
from awning_assistant.answering.streaming import Connection, DeltaBuffer, DeltaGate
from awning_assistant.factory import get_services
from awning_assistant.generation.contract import InferenceError, InferenceRequest

logger = Logger()
tracer = Tracer()


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)  # no record text in traces
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        request = parse(event=event, model=InferenceRequest)
    except ValidationError as exc:
        return {"error": f"invalid inference request: {exc.error_count()} problem(s)"}
    services = get_services()
    buffer = gate = None
    if request.stream_to:  # post the answer's pieces to the caller's WebSocket as they come
        target = request.stream_to
        buffer = DeltaBuffer(
            Connection(services.management_client(target.endpoint), target.connection_id), target.request_id
        )
        gate = DeltaGate(buffer, Deadline.after(request.timeout_seconds) if request.timeout_seconds else None)
    try:
        result = services.provider.generate(request, gate)
    except InferenceError as exc:
        logger.warning("generation failed", extra={"reason": str(exc)})
        return {"error": str(exc)}
    if buffer and gate and gate.open:
        buffer.flush()
    return result.model_dump(mode="json")
