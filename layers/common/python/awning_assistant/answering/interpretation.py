"""What a question was understood to ask, as short labelled parts the SPA shows as chips above
the answer ("Counting: work orders", "Status: in the cleaning queue", "Period: November 2026"),
so a misreading shows at once instead of hiding behind a confident figure."""

from __future__ import annotations

from collections.abc import Callable

from awning_assistant.answering.query_model import Intent, QueryPlan, status_left_out
from awning_assistant.contracts import InterpretationPart
from awning_assistant.identity.access import Principal

STATUS_WORDS = {
    "received": "received",
    "cleaning_queue": "cleaning queue",
    "cleaning": "being cleaned",
    "repair_queue": "repair queue",
    "ready": "ready for pickup",
    "completed": "completed",
    "cancelled": "cancelled",
    "quoted": "quoted",
    "approved": "approved",
    "in_repair": "in repair",
}
KINDS = {"work_order": "work orders", "repair_order": "repair orders"}
REVENUE = {
    "all": "revenue (completed orders' totals)",
    "cleaning": "cleaning revenue (completed work orders)",
    "repair": "repair revenue (completed repair orders)",
}
DECLINES = {
    "write_action": "a change to the records",
    "forecast": "a prediction",
    "outside_shop": "not about the shop",
    "not_recorded": "not kept in the records",
    "works_out": "a sum for one job",
    "advice": "advice or an opinion",
    "creative": "a poem, joke or story",
    "translation": "a translation",
    "unsupported_measure": "a measure I don't compute yet",
    "no_match": "nothing that matches",
    "ambiguous_customer": "a name that fits several customers",
    "unknown_customer": "a customer the shop has no record of",
    "not_theirs": "an order of another customer",
    "not_understood": "words I couldn't apply",
    "before_records": "a period before the records begin",
}


def _kinds(plan: QueryPlan) -> str:
    return " and ".join(KINDS[k] for k in plan.kinds())


def _what(plan: QueryPlan) -> InterpretationPart | None:
    """The part that says what kind of answer is given."""
    by_intent: dict[Intent, Callable[[QueryPlan], InterpretationPart]] = {
        Intent.count_orders: lambda p: InterpretationPart(label="Counting", value=_kinds(p)),
        Intent.list_orders: lambda p: InterpretationPart(label="Listing", value=_kinds(p)),
        Intent.order_detail: lambda p: InterpretationPart(label="Order", value=", ".join(p.order_ids)),
        Intent.customer_info: lambda p: InterpretationPart(
            label="Customer details", value=", ".join(p.contact_fields) or "all"
        ),
        Intent.revenue: lambda p: InterpretationPart(label="Summing", value=REVENUE[p.revenue_kind]),
        Intent.top_customers: lambda p: InterpretationPart(
            label="Ranking",
            value=f"customers by revenue, place {p.rank}" if p.rank else f"top {p.top_n} customers by revenue",
        ),
        Intent.inventory: lambda p: InterpretationPart(label="Stock", value="items in stock"),
        Intent.search: lambda p: InterpretationPart(
            label="Searching", value="documents" if p.documents_only else "records and documents"
        ),
        Intent.unsupported: lambda p: InterpretationPart(
            label="Not answered", value=DECLINES.get(p.decline or "", "out of scope")
        ),
    }
    make = by_intent.get(plan.intent)
    return make(plan) if make else None


def _filters(plan: QueryPlan, principal: Principal) -> list[InterpretationPart]:
    parts: list[tuple[str, str | None]] = [
        ("Status", _statuses(plan)),
        (
            "Only",
            ", ".join(
                w
                for w, on in (
                    ("overdue", plan.overdue),
                    ("open", plan.open_only and not plan.overdue),
                    ("rush", plan.rush_only),
                )
                if on
            )
            or None,
        ),
        ("Customer", plan.customer_name or ", ".join(plan.customer_ids) or None),
        ("Due", plan.due.label if plan.due else None),
        ("Period", plan.period.label if plan.period else None),
        ("Latest", str(plan.latest) if plan.latest else None),
        ("Material", plan.material),
        ("Colour", plan.color),
        ("Condition", plan.condition),
        ("Size", plan.size),
        ("Location", plan.location),
        ("Items", ", ".join(plan.stock_ids) or None),
        (
            "Showing",
            ", ".join(f for f in plan.order_fields if f != "summary") or None
            if plan.intent is Intent.order_detail
            else None,
        ),
        ("Split", "cleaning vs repair" if plan.split_revenue else None),
    ]
    territory = plan.territory or (", ".join(principal.territories) if plan.my_territory else None)
    if (
        territory is None
        and principal.territory_scope() is not None
        and plan.intent in (Intent.count_orders, Intent.list_orders)
    ):
        territory = f"{', '.join(principal.territories) or 'none'} (yours)"
    parts.append(("Territory", territory))
    return [InterpretationPart(label=label, value=value) for label, value in parts if value]


def interpret(plan: QueryPlan, principal: Principal) -> list[InterpretationPart]:
    """The labelled parts of the plan, what is answered first."""
    what = _what(plan)
    return ([what] if what else []) + (_filters(plan, principal) if plan.intent is not Intent.unsupported else [])


def _statuses(plan: QueryPlan) -> str | None:
    """The statuses asked for, or the one left out of every status ("all but cancelled")."""
    if left_out := status_left_out(plan.order_kinds, plan.statuses):
        return f"all but {STATUS_WORDS.get(left_out, left_out)}"
    return " or ".join(STATUS_WORDS.get(s, s) for s in plan.statuses) or None
