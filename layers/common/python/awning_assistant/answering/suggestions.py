"""Questions to offer instead, when a question is declined or refused: ones the assistant can
answer for this caller, closest to what was asked first.

The pool is data that admins edit with the prompt (``prompt_store``): each suggestion may name one
entity it takes from the question (``{order}``, ``{customer}`` or ``{material}``) and may be for
managers and admins only (revenue). The closest are those that reuse the question's order,
customer or material and share most of its words.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, StrictBool

from awning_assistant.answering.query_model import QueryPlan
from awning_assistant.answering.text_terms import terms
from awning_assistant.identity.access import Principal

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SUGGESTION_TEXT = r"^[^{}]*(?:\{(?:order|customer|material)\}[^{}]*)?$"  # one known placeholder at most
CONTACT = re.compile(r"\b(?:phone|e-?mail|reach|contact|call|address)\b", re.IGNORECASE)
MAX_SUGGESTIONS = 3


class SuggestedQuestion(BaseModel):
    """One question the assistant offers; ``{order}``, ``{customer}`` or ``{material}`` is filled from the
    question it declined, and a suggestion whose entity the question did not name is not offered."""

    text: str = Field(
        min_length=5,
        max_length=200,
        pattern=SUGGESTION_TEXT,
        description="the question; it may hold one of {order}, {customer} or {material}, and no other braces",
    )
    managers_only: StrictBool = Field(False, description="offered to managers and admins only (e.g. revenue)")

    @property
    def needs(self) -> str | None:
        names = PLACEHOLDER.findall(self.text)
        return names[0] if names else None

    @property
    def contact(self) -> bool:
        """Asks how to reach someone (rather than about their orders)."""
        return bool(CONTACT.search(self.text))


def _q(text: str, managers_only: bool = False) -> SuggestedQuestion:
    return SuggestedQuestion(text=text, managers_only=managers_only)


BUILT_IN_SUGGESTIONS = (
    _q("What's the status of {order}?"),
    _q("What are the special instructions on {order}?"),
    _q("Who is the customer on {order}, and how do I reach them?"),
    _q("What's the phone number for {customer}?"),
    _q("Which orders does {customer} have open?"),
    _q("How much {material} do we have in stock?"),
    _q("Which orders are overdue?"),
    _q("How many work orders are in the cleaning queue?"),
    _q("Which work orders are ready for pickup?"),
    _q("Which jobs are due this week?"),
    _q("Which repair orders are waiting for the customer's approval?"),
    _q("What did we take in last month, cleaning vs repairs?", managers_only=True),
    _q("Who were our top 5 customers this year?", managers_only=True),
    _q("What was our revenue this year so far?", managers_only=True),
)


def _filled(suggestion: SuggestedQuestion, plan: QueryPlan) -> str | None:
    values = {
        "order": plan.order_ids[0] if plan.order_ids else None,
        "customer": plan.customer_name or (plan.customer_ids[0] if plan.customer_ids else None),
        "material": plan.material,
    }
    needs = suggestion.needs
    if needs is None:
        return suggestion.text
    value = values[needs]
    return suggestion.text.replace("{" + needs + "}", value) if value else None


def _for_each_customer(plan: QueryPlan, pool: tuple[SuggestedQuestion, ...] | list[SuggestedQuestion]) -> list[str]:
    """For a name that fits several customers: the same kind of question (contact details or orders) for each."""
    wanted = bool(plan.contact_fields)
    same = next((s for s in pool if s.needs == "customer" and s.contact == wanted), None) or next(
        s for s in BUILT_IN_SUGGESTIONS if s.needs == "customer" and s.contact == wanted
    )
    return [same.text.replace("{customer}", name) for name in plan.customer_choices[:MAX_SUGGESTIONS]]


def suggest(
    question: str,
    plan: QueryPlan,
    principal: Principal,
    pool: tuple[SuggestedQuestion, ...] | list[SuggestedQuestion] = BUILT_IN_SUGGESTIONS,
) -> list[str]:
    """Up to three questions this caller can ask, the closest to ``question`` first; for a name
    that fits several customers, the closest question once for each of them."""
    if plan.customer_choices:
        return _for_each_customer(plan, pool)
    asked = terms(question)
    scored = []
    for order, suggestion in enumerate(pool):
        if suggestion.managers_only and not principal.may_see_revenue:
            continue
        text = _filled(suggestion, plan)
        if text is None:
            continue
        closeness = len(asked & terms(text)) + (3 if suggestion.needs else 0)
        scored.append((-closeness, order, text))
    return [text for _, _, text in sorted(scored)[:MAX_SUGGESTIONS]]
