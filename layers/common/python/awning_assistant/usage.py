"""What a model call costs (tokens, estimated dollars): a leaf the planner, the inference client,
the SQL tool, the audit log and the metrics all share."""

from __future__ import annotations

from pydantic import BaseModel


class Usage(BaseModel):
    """What a call or a whole turn cost (the audit log and the metrics read it)."""

    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    provider: str = ""
    model: str = ""

    def plus(self, later: Usage) -> Usage:
        """This call's usage and a later call's as one turn's (the later names the provider and model)."""
        return Usage(input_tokens=self.input_tokens + later.input_tokens,
                     output_tokens=self.output_tokens + later.output_tokens,
                     cost_usd=round(self.cost_usd + later.cost_usd, 6), provider=later.provider, model=later.model)
