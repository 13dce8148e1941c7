"""``ModelPlanner``: Claude fills the typed plan through a tool, and the rules plan when it can't.

The tool's JSON schema is generated from ``QueryPlan``, so the model fills exactly the plan
the rules fill; invalid tool input, a failed call or a slow model fall back to the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from awning_assistant.answering.deadline import Deadline, DeadlineExceeded
from awning_assistant.answering.planner.rules import RulePlanner, customer_fields, named_customer
from awning_assistant.answering.query_model import QueryPlan
from awning_assistant.generation.contract import InferenceClient, InferenceError
from awning_assistant.generation.transport import plan_with_model
from awning_assistant.generation.usage import Usage


class ModelPlanner:
    """Claude fills ``QueryPlan`` through Converse tool use; invalid input falls back to the rules."""

    TOOL_NAME = "plan_query"

    def __init__(
        self, inference: InferenceClient, fallback: RulePlanner, today: Callable[[], date], timeout_seconds: float
    ) -> None:
        self._inference = inference
        self._fallback = fallback
        self._today = today  # a clock: Lambda containers outlive a day
        self._timeout = timeout_seconds  # a slow model must not eat the answer's time: then the rules plan

    def tool_spec(self) -> dict[str, Any]:
        """The Converse tool whose input is a ``QueryPlan``."""
        return {
            "toolSpec": {
                "name": self.TOOL_NAME,
                "description": "Record what the staff member's question asks for, as a structured plan.",
                "inputSchema": {"json": QueryPlan.model_json_schema()},
            }
        }

    def plan(self, question: str, previous: QueryPlan | None = None) -> QueryPlan:
        return self.plan_with_usage(question, previous)[0]

    def plan_with_usage(self, question: str, previous: QueryPlan | None = None) -> tuple[QueryPlan, Usage]:
        """The model's plan of ``question`` (told today's date and the previous plan), or the rules';
        with what the model call cost (also when its plan was unusable)."""
        context = f"Today is {self._today().isoformat()} ({self._today().strftime('%A')})."
        if previous is not None:
            context += f" The previous question's plan was: {previous.model_dump_json(exclude_defaults=True)}"
        try:
            reply = Deadline.after(self._timeout).run(
                lambda: plan_with_model(self._inference, question, context, self.tool_spec())
            )
        except (InferenceError, DeadlineExceeded):
            return self._fallback.plan(question, previous), Usage()
        try:
            plan = QueryPlan.model_validate(reply.tool_input)
        except ValidationError:
            return self._fallback.plan(question, previous), reply.usage
        return self._resolve_customer(plan, question), reply.usage

    def _resolve_customer(self, plan: QueryPlan, question: str) -> QueryPlan:
        """A model names customers by text; the directory turns the text into an id."""
        if plan.customer_name and not plan.customer_ids:
            names = self._fallback.names
            return plan.model_copy(
                update=customer_fields(names.find_customers(plan.customer_name, is_name=True))
                or named_customer(names, question)
            )
        return plan
