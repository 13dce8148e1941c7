"""Inference Lambda: one event contract (``InferenceRequest``) for every text-generation provider."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Tracer
from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from awning_assistant.factory import get_services
from awning_assistant.inference import InferenceError, InferenceRequest

logger = Logger()
tracer = Tracer()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        request = parse(event=event, model=InferenceRequest)
    except ValidationError as exc:
        return {"error": f"invalid inference request: {exc.error_count()} problem(s)"}
    try:
        result = get_services().provider.generate(request)
    except InferenceError as exc:
        logger.warning("generation failed", extra={"reason": str(exc)})
        return {"error": str(exc)}
    return result.model_dump(mode="json")
