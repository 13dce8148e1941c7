"""Questions to offer instead, when a question is declined or refused: ones the assistant can
answer for this caller, closest to what was asked first.

The pool is data: each suggestion names the entity it needs from the question (an order, a
customer, a stock material) and whether only managers and admins may ask it (revenue). The
closest are those that reuse the question's order, customer or material and share most of
its words.
"""

from __future__ import annotations

from dataclasses import dataclass

from .access import Principal
from .query_model import QueryPlan
from .text_terms import terms


@dataclass(frozen=True)
class Suggestion:
    template: str
    needs: str | None = None  # "order", "customer" or "material": filled from the question
    managers_only: bool = False
    contact: bool = False  # asks for contact details (rather than orders)


POOL = (
    Suggestion("What's the status of {order}?", "order"),
    Suggestion("What are the special instructions on {order}?", "order"),
    Suggestion("Who is the customer on {order}, and how do I reach them?", "order"),
    Suggestion("What's the phone number for {customer}?", "customer", contact=True),
    Suggestion("Which orders does {customer} have open?", "customer"),
    Suggestion("How much {material} do we have in stock?", "material"),
    Suggestion("Which orders are overdue?"),
    Suggestion("How many work orders are in the cleaning queue?"),
    Suggestion("Which work orders are ready for pickup?"),
    Suggestion("Which jobs are due this week?"),
    Suggestion("Which repair orders are waiting for the customer's approval?"),
    Suggestion("What did we take in last month, cleaning vs repairs?", managers_only=True),
    Suggestion("Who were our top 5 customers this year?", managers_only=True),
    Suggestion("What was our revenue this year so far?", managers_only=True),
)
MAX_SUGGESTIONS = 3


def _filled(suggestion: Suggestion, plan: QueryPlan) -> str | None:
    values = {"order": plan.order_ids[0] if plan.order_ids else None,
              "customer": plan.customer_name or (plan.customer_ids[0] if plan.customer_ids else None),
              "material": plan.material}
    if suggestion.needs is None:
        return suggestion.template
    value = values[suggestion.needs]
    return suggestion.template.format(**{suggestion.needs: value}) if value else None


def suggest(question: str, plan: QueryPlan, principal: Principal) -> list[str]:
    """Up to three questions this caller can ask, the closest to ``question`` first; for a name
    that fits several customers, the closest question once for each of them."""
    asked = terms(question)
    if plan.customer_choices:  # the same kind of question (contact details or orders) for each customer
        same = next(s for s in POOL if s.needs == "customer" and s.contact == bool(plan.contact_fields))
        return [same.template.format(customer=name) for name in plan.customer_choices[:MAX_SUGGESTIONS]]
    scored = []
    for order, suggestion in enumerate(POOL):
        if suggestion.managers_only and not principal.may_see_revenue:
            continue
        text = _filled(suggestion, plan)
        if text is None:
            continue
        closeness = len(asked & terms(text)) + (3 if suggestion.needs else 0)
        scored.append((-closeness, order, text))
    return [text for _, _, text in sorted(scored)[:MAX_SUGGESTIONS]]
