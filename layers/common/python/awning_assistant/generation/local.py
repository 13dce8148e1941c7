"""Local mode's provider: the deterministic grounded composer, writing from the grounding alone."""

from __future__ import annotations

from awning_assistant.answering.composer import Composer
from awning_assistant.generation.contract import DeltaSink, InferenceError, InferenceRequest, InferenceResult
from awning_assistant.generation.usage import Usage


class LocalComposer:
    """The grounded composer behind the provider interface (local mode)."""

    def __init__(self, composer: Composer | None = None) -> None:
        self._composer = composer or Composer()

    def generate(self, request: InferenceRequest, on_delta: DeltaSink | None = None) -> InferenceResult:
        if request.tool is not None or request.grounding is None:
            raise InferenceError("The local composer writes answers from grounding only; it does not plan.")
        g = request.grounding
        text = self._composer.compose(g.question, g.plan, g.structured, g.passages)
        if on_delta:
            for piece in self._composer.stream(text):
                on_delta(piece)
        return InferenceResult(text=text, usage=Usage(provider="local", model="grounded-composer"))
