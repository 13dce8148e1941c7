"""The typed meaning of a question: what both planners (Bedrock tool use and rules) produce.

Everything downstream (structured queries, retrieval filters, the prompt) reads this model
and nothing else, so a question means the same thing whichever planner understood it. The
JSON schema of ``QueryPlan`` is the Bedrock tool's input schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from awning_assistant.answering.periods import DateRange
from awning_assistant.answering.scope import DeclineReason
from awning_assistant.models import REPAIR_ORDER_STATUSES, WORK_ORDER_STATUSES


class Intent(StrEnum):
    count_orders = "count_orders"  # how many orders match
    list_orders = "list_orders"  # which orders match (overdue, due, status, customer)
    order_detail = "order_detail"  # one or more orders named by id
    customer_info = "customer_info"  # a customer's contact details
    revenue = "revenue"  # money taken in a period, optionally cleaning vs repair
    top_customers = "top_customers"  # customers ranked by revenue in a period
    inventory = "inventory"  # stock by material / colour / condition
    search = "search"  # descriptive questions and documents: hybrid retrieval
    unsupported = "unsupported"  # what the assistant does not do (see ``decline``)


OrderKind = Literal["work_order", "repair_order"]
RevenueKind = Literal["all", "cleaning", "repair"]
OrderField = Literal[
    "status",
    "dates",
    "completed",
    "items",
    "total",
    "instructions",
    "repairs",
    "customer",
    "contact",
    "territory",
    "days_late",
    "days_left",
    "days_in",
    "summary",
]
ContactField = Literal["phone", "email", "contact", "address", "city", "zip", "territory", "source", "notes", "all"]
ALL_STATUSES = sorted(set(WORK_ORDER_STATUSES) | set(REPAIR_ORDER_STATUSES))
KIND_STATUSES = {"work_order": WORK_ORDER_STATUSES, "repair_order": REPAIR_ORDER_STATUSES}


def statuses_of(kinds: Sequence[str]) -> list[str]:
    """Every status of the order kinds (both when none), in pipeline order, once each."""
    return list(dict.fromkeys(s for kind in kinds or list(KIND_STATUSES) for s in KIND_STATUSES[kind]))


def status_left_out(kinds: Sequence[str], statuses: Sequence[str]) -> str | None:
    """The one status the plan's statuses leave out of every status of its kinds ("every order but the cancelled
    ones"): how it is said back, rather than by the many it keeps."""
    every = set(statuses_of(kinds))
    missing = every - set(statuses)
    return missing.pop() if statuses and len(missing) == 1 and set(statuses) <= every else None


class QueryPlan(BaseModel):
    """One question, understood. Fields that do not apply stay at their defaults."""

    model_config = ConfigDict(extra="forbid")

    intent: Intent = Field(description="What kind of answer the question needs.")
    order_kinds: list[OrderKind] = Field(
        default_factory=list,
        description="Cleaning work orders, repair orders, or both; empty means both where it matters.",
    )
    order_ids: list[str] = Field(default_factory=list, description="Order ids named (WO-..., RO-...).")
    customer_ids: list[str] = Field(default_factory=list, description="Customer ids named (C...).")
    customer_name: str | None = Field(None, description="A customer's name as written in the question.")
    customer_choices: list[str] = Field(
        default_factory=list,
        description="Leave empty: the shop's directory lists here the customers a partial name "
        "fits equally well, and the question is asked back.",
    )
    customer_unknown: str | None = Field(
        None,
        description="Leave empty: the shop's directory puts here a name said that no customer has, made of a "
        "customer's first words and another kind of business, and lists the customers it is close to in "
        "customer_choices.",
    )
    statuses: list[str] = Field(default_factory=list, description=f"Order statuses, from {ALL_STATUSES}.")
    open_only: bool = Field(False, description="Only orders not completed or cancelled.")
    overdue: bool = Field(False, description="Open orders whose required date is before today.")
    due: DateRange | None = Field(None, description="Window for the required (due) date.")
    period: DateRange | None = Field(None, description="Period for revenue / completion questions.")
    rush_only: bool = Field(False, description="Only rush orders.")
    territory: str | None = Field(None, description="A territory named in the question.")
    my_territory: bool = Field(False, description="The question says 'my territory'.")
    revenue_kind: RevenueKind = Field("all", description="All revenue, cleaning (work orders) or repair.")
    split_revenue: bool = Field(False, description="Break revenue into cleaning and repair.")
    top_n: int = Field(5, ge=1, le=50, description="How many customers to rank.")
    rank: int | None = Field(
        None, ge=1, le=50, description="Only the customer at this place of the ranking ('second biggest' = 2)."
    )
    latest: int | None = Field(
        None, ge=1, le=50, description="Only the most recent orders by date in ('latest order' = 1)."
    )
    order_fields: list[OrderField] = Field(default_factory=list, description="What is asked about an order.")
    contact_fields: list[ContactField] = Field(default_factory=list, description="What is asked of a customer.")
    customer_asked: str | None = Field(
        None, description="What is asked of a customer that no field holds (only their notes may say)."
    )
    material: str | None = Field(None, description="A stock material (e.g. Sunbrella Canvas).")
    color: str | None = Field(None, description="A stock colour.")
    condition: Literal["New", "Remnant", "Used"] | None = None
    size: str | None = Field(None, description="A size in a stock description, e.g. '24 in'.")
    stock_ids: list[str] = Field(default_factory=list, description="Stock item ids named (INV-...).")
    location: str | None = Field(None, description="A storage location, e.g. 'Rack B5'.")
    keywords: list[str] = Field(default_factory=list, description="Other words a stock description must contain.")
    search_text: str = Field("", description="Words to search records and documents with.")
    documents_only: bool = Field(False, description="The answer is in the shop's documents.")
    unread_words: list[str] = Field(
        default_factory=list,
        description="Leave empty: the rules list here the words that change an answer "
        "(not, before, each, oldest) which they could not apply.",
    )
    decline: DeclineReason | None = Field(
        None,
        description="Why the assistant can't answer (intent 'unsupported'): a request to change records "
        "(write_action), a prediction (forecast), a question about the world outside the shop "
        "(outside_shop), what the records don't keep such as payments, pay or mileage "
        "(not_recorded), a poem or joke (creative), a translation, a measure the answers don't "
        "compute such as an average, a share or a comparison (unsupported_measure).",
    )

    @model_validator(mode="after")
    def _statuses_known(self) -> QueryPlan:
        unknown = [s for s in self.statuses if s not in ALL_STATUSES]
        if unknown:
            raise ValueError(f"unknown statuses {unknown}; use {ALL_STATUSES}")
        return self

    def kinds(self) -> list[OrderKind]:
        """The order kinds to look at: those named, or both."""
        return self.order_kinds or ["work_order", "repair_order"]
