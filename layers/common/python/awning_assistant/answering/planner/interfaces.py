"""What the planners offer (``Planner``) and the little they need of the shop (``ShopNames``).

The planners read names through ``ShopNames`` rather than the tables, so they run, and are
tested, on a vocabulary held in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from awning_assistant.answering.query_model import QueryPlan
    from awning_assistant.generation.usage import Usage
    from awning_assistant.records.directory import CustomerName, Described, Misnamed, Vocabulary


class Planner(Protocol):
    """What the chat service asks for a plan: the rules, or the model with the rules under it."""

    def plan(self, question: str, previous: QueryPlan | None = None) -> QueryPlan:
        """The plan of ``question``; ``previous`` is the last turn's plan, for follow-ups."""

    def plan_with_usage(self, question: str, previous: QueryPlan | None = None) -> tuple[QueryPlan, Usage]:
        """``plan``, with what its model call cost (tokens, estimated dollars): part of the turn's cost."""


class ShopNames(Protocol):
    """The shop's names: ``awning_assistant.records.directory.Directory`` in the product."""

    def vocabulary(self) -> Vocabulary:
        """Customers, territories, stock materials and colours."""

    def find_customers(self, text: str, is_name: bool = False) -> list[CustomerName]:
        """The customers a text names (a whole question, or just a name when ``is_name``): one,
        or several it fits equally well."""

    def misnamed(self, text: str) -> Misnamed | None:
        """The name a text gives that no customer has, made of a customer's first words and another kind of
        business ("Royal Palm Marina" for Royal Palm Yacht Club)."""

    def described(self, text: str) -> Described | None:
        """The customers a text describes by kind and place ("the marina on Pelican Way"), or None."""

    def towns_said(self, text: str) -> list[str]:
        """The customers' towns the text names."""

    def set_aside(self, text: str, name: str) -> list[str]:
        """The words of a text that set another customer's name aside beside ``name`` ("not the inn")."""

    def find_by_contact(self, text: str) -> CustomerName | None:
        """The customer whose email address or phone number is in the text."""
