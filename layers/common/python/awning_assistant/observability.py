"""What each chat turn and rating tells CloudWatch: Powertools metrics (embedded metric format in
the function's log, no API calls), flushed by the handler's ``log_metrics``. The dashboard and the
alarms in template.yaml read these names; local mode switches them off (POWERTOOLS_METRICS_DISABLED).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

from awning_assistant.generation.usage import Usage

NAMESPACE = "AwningAssistant"
# A turn's stages, timed by ChatService: planning with the data it reads (structured queries or
# search), writing the answer (model, composer or decline), storing the turn and its audit record.
STAGES = {"prepare": "PrepareLatency", "answer": "AnswerLatency", "store": "StoreLatency"}


@dataclass(frozen=True)
class TurnReport:
    """One answered, declined or denied question, as the metrics count it."""

    intent: str  # the plan's intent, or "sql" for model-written SQL
    outcome: str  # answered | declined | denied
    latency_ms: float
    usage: Usage
    stages_ms: dict[str, float] = field(default_factory=dict)
    cache: bool | None = None  # answered from the answer cache (True) or not (False); None: not asked


class TurnMetrics:
    """Turns by intent and outcome, latency per stage, tokens, estimated cost, model fallbacks and the
    answer cache's hits and misses (their ratio is its hit rate)."""

    def __init__(self) -> None:
        self._metrics = Metrics(namespace=NAMESPACE)  # Powertools shares one metric set per process

    def turn(self, report: TurnReport) -> None:
        add = self._metrics.add_metric
        add(name="TurnLatency", unit=MetricUnit.Milliseconds, value=report.latency_ms)
        for stage, ms in report.stages_ms.items():
            add(name=STAGES[stage], unit=MetricUnit.Milliseconds, value=ms)
        add(name=f"Turns{report.outcome.capitalize()}", unit=MetricUnit.Count, value=1)
        add(name="InputTokens", unit=MetricUnit.Count, value=report.usage.input_tokens)
        add(name="OutputTokens", unit=MetricUnit.Count, value=report.usage.output_tokens)
        add(name="EstimatedCostUsd", unit=MetricUnit.NoUnit, value=report.usage.cost_usd)
        if report.usage.provider == "fallback":  # the model failed or ran out of time: the composer answered
            add(name="ModelFallbacks", unit=MetricUnit.Count, value=1)
        if report.cache is not None:
            add(name="CacheHits" if report.cache else "CacheMisses", unit=MetricUnit.Count, value=1)
        _counted("Turns", intent=report.intent, outcome=report.outcome)

    def rating(self, rating: str) -> None:
        _counted("Ratings", rating=rating)


def _counted(name: str, **dimensions: str) -> None:
    """One of ``name`` with its own dimensions, printed now (the shared set has one dimension set)."""
    one = EphemeralMetrics(namespace=NAMESPACE)
    for key, value in dimensions.items():
        one.add_dimension(name=key, value=value)
    one.add_metric(name=name, unit=MetricUnit.Count, value=1)
    one.flush_metrics()
